from decimal import Decimal

import pytest

from mkip.fields import FinancialYearFormField, MoneyFormField
from mkip.fiscal import FinancialYear


def test_financial_year_field_reads_the_way_officers_write_years():
    assert FinancialYearFormField().clean("2012/13") == FinancialYear(2012)
    assert FinancialYearFormField().clean(" 2014/2015 ") == FinancialYear(2014)


def test_financial_year_field_explains_a_wrong_year():
    with pytest.raises(Exception, match="must be followed by 13"):
        FinancialYearFormField().clean("2012/14")


def test_money_field_accepts_pounds_signs_commas_and_brackets():
    assert MoneyFormField().clean("£1,663,840") == Decimal("1663840.00")
    assert MoneyFormField().clean("(69,000)") == Decimal("-69000.00")


def test_money_field_refuses_fractions_of_a_penny_with_a_clear_message():
    with pytest.raises(Exception, match="more than two decimal places"):
        MoneyFormField().clean("10.005")
