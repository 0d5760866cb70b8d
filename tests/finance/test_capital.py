"""The ICT capital investment pot (seed 001 §9.5–9.7, Option 3; recommendation 3 e)."""

import re
from decimal import Decimal

import pytest

from finance.capital import Contribution, Spend, check_spend, pot_balance
from mkip.fiscal import FinancialYear

D = Decimal
Y = FinancialYear.parse

# Option 3: each authority provides £100K capital in the first year.
OPTION_THREE = [
    Contribution("Maidstone", Y("2012/13"), D("100000.00")),
    Contribution("Swale", Y("2012/13"), D("100000.00")),
    Contribution("Tunbridge Wells", Y("2012/13"), D("100000.00")),
]


def test_three_councils_paying_100k_make_a_300k_pot():
    summary = pot_balance(OPTION_THREE, [])
    assert summary.total_contributed == D("300000.00")
    assert summary.by_council == dict.fromkeys(["Maidstone", "Swale", "Tunbridge Wells"], D("100000.00"))
    assert summary.total_spent == D("0.00")
    assert summary.balance == D("300000.00")
    assert summary.balance_by_year == {Y("2012/13"): D("300000.00")}


def test_approved_spending_runs_the_balance_down_year_by_year():
    spend = [Spend(Y("2012/13"), D("45000.00")), Spend(Y("2014/15"), D("120000.00"))]
    summary = pot_balance(OPTION_THREE, spend)
    assert summary.total_spent == D("165000.00")
    assert summary.balance == D("135000.00")
    # 2013/14 has no entries but still appears, carrying the balance.
    assert summary.balance_by_year == {
        Y("2012/13"): D("255000.00"),
        Y("2013/14"): D("255000.00"),
        Y("2014/15"): D("135000.00"),
    }


def test_a_later_contribution_is_added_to_that_council_and_that_year():
    later = [*OPTION_THREE, Contribution("Swale", Y("2013/14"), D("25000.00"))]
    summary = pot_balance(later, [(Y("2013/14"), D("10000.00"))])
    assert summary.by_council["Swale"] == D("125000.00")
    assert summary.balance_by_year[Y("2013/14")] == D("315000.00")


def test_plain_tuples_are_accepted_as_well_as_named_ones():
    summary = pot_balance([("Maidstone", Y("2012/13"), D("100000.00"))], [(Y("2012/13"), D("1.00"))])
    assert summary.balance == D("99999.00")


def test_an_empty_pot_has_nothing_in_it():
    summary = pot_balance([], [])
    assert (summary.total_contributed, summary.balance, summary.balance_by_year) == (D("0.00"), D("0.00"), {})


def test_the_summary_shows_an_overdrawn_year_rather_than_hiding_it():
    summary = pot_balance(OPTION_THREE[:1], [Spend(Y("2012/13"), D("150000.00"))])
    assert summary.balance_by_year[Y("2012/13")] == D("-50000.00")


def test_a_spend_within_the_balance_leaves_the_rest():
    assert check_spend(D("300000.00"), D("300000.00")) == D("0.00")


def test_a_spend_that_would_overdraw_the_pot_is_refused_saying_what_is_left():
    with pytest.raises(
        ValueError,
        match=re.escape("Spending £120,000.00 would take the capital pot below zero: only £100,000.00 is left"),
    ):
        check_spend(D("100000.00"), D("120000.00"))


def test_a_spend_of_nothing_or_less_is_refused():
    with pytest.raises(ValueError, match=re.escape("spend must be more than £0.00")):
        check_spend(D("100.00"), D("0.00"))
    with pytest.raises(ValueError, match=re.escape("spend must be more than £0.00")):
        check_spend(D("100.00"), D("-5.00"))


def test_a_spend_with_fractions_of_a_penny_is_refused():
    with pytest.raises(ValueError, match="whole pence"):
        check_spend(D("100.00"), D("1.005"))


def test_a_contribution_of_nothing_is_refused_naming_the_council_and_year():
    with pytest.raises(ValueError, match="contribution from Swale in 2012/13 must be more than"):
        pot_balance([Contribution("Swale", Y("2012/13"), D("0"))], [])
