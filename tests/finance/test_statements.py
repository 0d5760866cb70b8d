"""Building a service's statement from plain rows (no database)."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from finance.savings import NonStaffStep
from finance.statements import Figure, Partner, build_statement, sharing_councils
from mkip.fiscal import FinancialYear

D = Decimal
Y = FinancialYear.parse
FOUNDERS = [Partner("MBC", date(2013, 4, 1)), Partner("SBC", date(2013, 4, 1))]


def test_founding_partners_share_in_the_years_before_the_agreement_starts():
    assert sharing_councils(FOUNDERS, Y("2012/13")) == ["MBC", "SBC"]


def test_a_council_that_joins_later_shares_only_from_the_year_it_joins():
    partners = [*FOUNDERS, Partner("TWBC", date(2015, 4, 1))]
    assert sharing_councils(partners, Y("2014/15")) == ["MBC", "SBC"]
    assert sharing_councils(partners, Y("2015/16")) == ["MBC", "SBC", "TWBC"]


def test_a_council_that_left_shares_in_nothing_after_it_left():
    partners = [Partner("MBC", date(2013, 4, 1)), Partner("SBC", date(2013, 4, 1), left=date(2016, 4, 1))]
    assert sharing_councils(partners, Y("2016/17")) == ["MBC"]


def test_when_a_partner_leaves_the_later_years_split_between_those_who_stay():
    figures = [
        Figure("MBC", "revenue", Y("2012/13"), "budget", D("300")),
        Figure("SBC", "revenue", Y("2012/13"), "budget", D("100")),
    ]
    partners = [Partner("MBC", date(2012, 4, 1)), Partner("SBC", date(2012, 4, 1), left=date(2013, 4, 1))]
    statement = build_statement(
        councils=["MBC", "SBC"],
        partners=partners,
        figures=figures,
        baseline_year=Y("2012/13"),
        first_year=Y("2012/13"),
        years=2,
        steps=[NonStaffStep(Y("2012/13"), amount=D("100"))],
    )
    assert statement.savings_by_council[Y("2012/13")] == {"MBC": D("75.00"), "SBC": D("25.00")}
    assert statement.savings_by_council[Y("2013/14")] == {"MBC": D("100.00"), "SBC": D("0.00")}


def test_recharges_count_in_table_2_but_not_in_the_investment_basis():
    figures = [
        Figure("MBC", "revenue", Y("2012/13"), "budget", D("1000")),
        Figure("MBC", "revenue", Y("2012/13"), "budget", D("200"), is_recharge=True),
        Figure("MBC", "capital", Y("2012/13"), "budget", D("50")),
    ]
    statement = build_statement(
        councils=["MBC"], partners=[Partner("MBC", date(2012, 4, 1))], figures=figures, baseline_year=Y("2012/13")
    )
    assert statement.columns[0].total == D("1200")
    assert statement.bases[0].basis == D("1050")


def test_a_percentage_step_without_a_base_is_reported_not_raised():
    statement = build_statement(
        councils=[],
        partners=[],
        figures=[],
        baseline_year=Y("2012/13"),
        first_year=Y("2012/13"),
        years=1,
        steps=[NonStaffStep(Y("2012/13"), percentage=D("5"))],
    )
    assert statement.problems == (
        "2012/13 plans 5% of the non-staff base, but no non-staff base is entered for 2012/13",
    )


budgets = st.integers(min_value=1, max_value=10**9).map(lambda pence: D(pence) / 100)


@given(st.lists(budgets, min_size=1, max_size=6), st.integers(0, 10**8).map(lambda p: D(p) / 100))
def test_savings_by_council_always_add_up_to_the_year(budgets_by_council, saving):
    councils = [f"C{n}" for n in range(len(budgets_by_council))]
    figures = [
        Figure(c, "revenue", Y("2012/13"), "budget", b) for c, b in zip(councils, budgets_by_council, strict=True)
    ]
    statement = build_statement(
        councils=councils,
        partners=[Partner(c, date(2012, 4, 1)) for c in councils],
        figures=figures,
        baseline_year=Y("2012/13"),
        first_year=Y("2012/13"),
        years=3,
        steps=[NonStaffStep(Y("2012/13"), amount=saving)],
    )
    for year, parts in statement.savings_by_council.items():
        assert sum(parts.values()) == statement.projection.rows[0].total, year
