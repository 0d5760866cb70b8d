from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

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


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_money_field_takes_a_blank_or_spaces_as_no_amount_where_one_is_optional(typed):
    assert MoneyFormField(required=False).clean(typed) is None


def test_money_field_asks_for_an_amount_left_blank_where_one_is_required():
    with pytest.raises(ValidationError) as error:
        MoneyFormField().clean("  ")
    assert error.value.messages == ["This field is required."]


def test_money_field_refuses_negatives_in_the_pages_own_words_when_given_a_minimum():
    cost = MoneyFormField(min_value=Decimal("0"), error_messages={"min_value": "Cost cannot be negative"})
    assert cost.clean("£0") == Decimal("0.00")
    for typed in ("-1", "(5)"):
        with pytest.raises(ValidationError) as error:
            cost.clean(typed)
        assert error.value.messages == ["Cost cannot be negative"]


def test_money_field_is_a_text_box_with_a_decimal_keypad():
    form = forms.Form()
    form.fields["amount"] = MoneyFormField()
    rendered = str(form["amount"])
    assert 'type="text"' in rendered and 'inputmode="decimal"' in rendered and 'spellcheck="false"' in rendered


def test_financial_year_field_limits_the_text_typed_when_given_a_max_length():
    assert FinancialYearFormField(max_length=9).clean(" 2014/2015 ") == FinancialYear(2014)
    with pytest.raises(ValidationError) as error:
        FinancialYearFormField(max_length=9).clean("2014 / 2015")
    assert error.value.messages == ["Ensure this value has at most 9 characters (it has 11)."]
    assert FinancialYearFormField().clean("2014 / 2015") == FinancialYear(2014)
    assert FinancialYearFormField(max_length=7).widget.attrs["maxlength"] == "7"
    assert FinancialYearFormField().widget.attrs["maxlength"] == "9"


def test_financial_year_field_refuses_null_characters_and_takes_spaces_as_blank():
    with pytest.raises(ValidationError, match="Null characters are not allowed"):
        FinancialYearFormField().clean("2012/13\x00")
    assert FinancialYearFormField(required=False).clean("   ") is None
