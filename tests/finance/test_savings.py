"""The savings figures of the ICT business case (seed 001 §8, §9, Tables 1 and 2), rebuilt from its inputs."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finance.savings import (
    NonStaffStep,
    changes_between,
    non_staff_savings,
    planned_vs_delivered,
    project,
    return_on_investment,
    return_per_pound_whole,
    revenue_estimates,
    staff_savings,
)
from mkip.fiscal import FinancialYear
from mkip.money import round_money

D = Decimal
Y = FinancialYear.parse

# Inputs, as the business case gives them.
BASELINE_BUDGET = D("4735310")  # Table 2, 2012/13 budget incl. recharges (§3.4 d baseline)
BUDGET_2011 = D("4890300")  # Table 2, 2011/12 budget
STAFF_COST_2011 = D("1835820")  # Table 1, 2011/12 budget
BASELINE_STAFF_COST = D("1663840")  # Table 1, 2012/13 budget
STAFF_COST_ESTIMATES = {
    Y("2012/13"): D("1663840"),
    Y("2013/14"): D("1635840"),
    Y("2014/15"): D("1635840"),
    Y("2015/16"): D("1485060"),
}
NON_STAFF_BASE = {Y("2012/13"): D("1380000"), Y("2013/14"): D("1380000"), Y("2014/15"): D("1371500")}
NON_STAFF_STEPS = [
    NonStaffStep(Y("2012/13"), percentage=D("5")),
    NonStaffStep(Y("2013/14"), percentage=D("10")),
    NonStaffStep(Y("2014/15"), percentage=D("20")),
]


def _ten_year_projection(base=NON_STAFF_BASE, staff_costs=STAFF_COST_ESTIMATES):
    return project(
        Y("2012/13"),
        10,
        staff=staff_savings(BASELINE_STAFF_COST, staff_costs),
        non_staff=non_staff_savings(NON_STAFF_STEPS, base),
    )


def test_non_staff_savings_are_staged_percentages_of_each_years_base():
    assert non_staff_savings(NON_STAFF_STEPS, NON_STAFF_BASE) == {
        Y("2012/13"): D("69000.00"),  # "5% savings in 2012/2013 £69,000"
        Y("2013/14"): D("138000.00"),
        Y("2014/15"): D("274300.00"),  # "rising to 20% in 2014/2015 £274,300"
    }


def test_a_fixed_non_staff_amount_is_used_as_entered():
    steps = [NonStaffStep(Y("2016/17"), amount=D("300000"))]
    assert non_staff_savings(steps, {}) == {Y("2016/17"): D("300000.00")}


def test_a_percentage_of_a_base_is_rounded_half_up_to_the_penny():
    steps = [NonStaffStep(Y("2012/13"), percentage=D("5"))]
    assert non_staff_savings(steps, {Y("2012/13"): D("0.50")}) == {Y("2012/13"): D("0.03")}


def test_a_percentage_year_without_a_base_is_refused_naming_the_year():
    with pytest.raises(ValueError, match="no non-staff base is entered for 2014/15"):
        non_staff_savings(NON_STAFF_STEPS, {Y("2012/13"): D("1380000"), Y("2013/14"): D("1380000")})


def test_a_year_planned_twice_is_refused():
    steps = [NonStaffStep(Y("2012/13"), amount=D("1")), NonStaffStep(Y("2012/13"), amount=D("2"))]
    with pytest.raises(ValueError, match="2012/13 has more than one non-staff saving"):
        non_staff_savings(steps, {})


def test_a_step_needs_exactly_one_of_percentage_and_amount():
    with pytest.raises(ValueError, match="not both"):
        NonStaffStep(Y("2012/13"), percentage=D("5"), amount=D("69000"))
    with pytest.raises(ValueError, match="not neither"):
        NonStaffStep(Y("2012/13"))


def test_a_percentage_over_a_hundred_is_refused():
    with pytest.raises(ValueError, match="between 0 and 100"):
        NonStaffStep(Y("2012/13"), percentage=D("120"))


def test_staff_already_saved_is_172k_and_the_structure_saves_a_further_179k():
    already = staff_savings(STAFF_COST_2011, {Y("2012/13"): BASELINE_STAFF_COST})[Y("2012/13")]
    further = staff_savings(BASELINE_STAFF_COST, STAFF_COST_ESTIMATES)[Y("2015/16")]
    assert already == D("171980.00")
    assert round_money(already, unit=D("1000")) == D("172000")
    assert further == D("178780.00")
    assert round_money(further, unit=D("1000")) == D("179000")


def test_ten_year_projection_reproduces_the_business_case():
    projection = _ten_year_projection()
    totals = [row.total for row in projection.rows]
    assert totals[:4] == [D("69000"), D("166000"), D("302300"), D("453080")]
    assert totals[4:] == [D("453080")] * 6  # held at the last planned level
    assert projection.rows[-1].year == Y("2021/22")
    assert projection.total == D("3708860.00")
    assert round_money(projection.total, unit=D("10000")) == D("3710000")  # "£3.71M"
    assert projection.average_per_year == D("370886.00")
    assert round_money(projection.average_per_year, unit=D("1000")) == D("371000")  # "£371,000 per annum"
    assert projection.non_staff_total == D("2401400.00")  # seed 003: "in excess of £2.4m"
    assert projection.staff_total == D("1307460.00")


def test_years_after_the_last_entry_are_marked_as_held():
    rows = _ten_year_projection().rows
    assert [row.non_staff_held for row in rows[:4]] == [False, False, False, True]
    assert [row.staff_held for row in rows[3:5]] == [False, True]


def test_an_entry_in_a_later_year_replaces_the_held_figure_from_then_on():
    projection = project(Y("2012/13"), 4, staff={}, non_staff={Y("2012/13"): D("10"), Y("2014/15"): D("30")})
    assert [row.non_staff for row in projection.rows] == [D("10"), D("10"), D("30"), D("30")]


def test_years_before_any_entry_save_nothing():
    projection = project(Y("2012/13"), 2, staff={Y("2013/14"): D("5")}, non_staff={})
    assert [row.total for row in projection.rows] == [D("0.00"), D("5.00")]


def test_a_smaller_2014_15_base_lowers_every_later_year_and_the_average():
    smaller = {**NON_STAFF_BASE, Y("2014/15"): D("1371000")}
    projection = _ten_year_projection(base=smaller)
    assert projection.rows[2].non_staff == D("274200.00")
    assert projection.total == D("3708860") - 8 * D("100")
    assert projection.average_per_year == D("370806.00")


def test_a_higher_2015_16_staff_cost_reduces_the_saving_held_after_it():
    costs = {**STAFF_COST_ESTIMATES, Y("2015/16"): D("1500000")}
    assert _ten_year_projection(staff_costs=costs).rows[-1].total == D("438140.00")


def test_a_projection_needs_at_least_one_year():
    with pytest.raises(ValueError, match="at least one year"):
        project(Y("2012/13"), 0, staff={}, non_staff={})


def test_revenue_estimates_reproduce_table_2():
    savings = {row.year: row.total for row in _ten_year_projection().rows[:4]}
    assert revenue_estimates(BASELINE_BUDGET, savings) == {
        Y("2012/13"): D("4666310.00"),
        Y("2013/14"): D("4569310.00"),
        Y("2014/15"): D("4433010.00"),
        Y("2015/16"): D("4282230.00"),
    }


def test_table_2_changes_between_years():
    estimates = revenue_estimates(BASELINE_BUDGET, {r.year: r.total for r in _ten_year_projection().rows[:4]})
    columns = [BUDGET_2011, BASELINE_BUDGET, *estimates.values()]
    assert changes_between(columns) == [
        None,
        D("-154990"),
        D("-69000"),
        D("-97000"),
        D("-136300"),
        D("-150780"),
    ]


def test_table_1_staff_cost_changes_between_years():
    columns = [STAFF_COST_2011, BASELINE_STAFF_COST, *STAFF_COST_ESTIMATES.values()]
    assert changes_between(columns) == [None, D("-171980"), D("0"), D("-28000"), D("0"), D("-150780")]


def test_no_figures_have_no_changes_between_them():
    assert changes_between([]) == []


def test_planned_against_delivered_with_running_variance():
    planned = {Y("2012/13"): D("69000"), Y("2013/14"): D("166000"), Y("2014/15"): D("302300")}
    delivered = {Y("2012/13"): D("71000"), Y("2013/14"): D("150000")}
    rows = planned_vs_delivered(planned, delivered)
    assert [(r.variance, r.cumulative_variance) for r in rows] == [
        (D("2000"), D("2000")),
        (D("-16000"), D("-14000")),
        (None, D("-14000")),  # not reported yet: the running figure carries over
    ]
    assert rows[2].delivered is None


def test_a_saving_delivered_without_a_plan_counts_against_a_plan_of_zero():
    rows = planned_vs_delivered({}, {Y("2016/17"): D("5000")})
    assert (rows[0].planned, rows[0].variance) == (D("0.00"), D("5000"))


def test_six_pounds_returned_for_every_pound_invested():
    # Seed 002: £13.3m of savings for £2.15m of investment.
    assert return_on_investment(D("13300000"), D("2150000")) == D("6.19")
    assert return_per_pound_whole(D("13300000"), D("2150000")) == D("6")


def test_the_whole_pound_return_rounds_the_exact_ratio_not_the_two_place_one():
    # 6.496 is 6.50 to 2 dp, but the whole-pound figure is still £6.
    assert return_on_investment(D("6496"), D("1000")) == D("6.50")
    assert return_per_pound_whole(D("6496"), D("1000")) == D("6")


def test_return_on_nothing_invested_is_refused():
    with pytest.raises(ValueError, match="investment above zero"):
        return_on_investment(D("13300000"), D("0"))
    with pytest.raises(ValueError, match="investment above zero"):
        return_per_pound_whole(D("13300000"), D("0"))


amounts = st.integers(min_value=-(10**11), max_value=10**11).map(lambda p: Decimal(p) / 100)
plans = st.dictionaries(st.integers(2010, 2030).map(FinancialYear), amounts, max_size=8)


@given(plans, plans, st.integers(2008, 2030).map(FinancialYear), st.integers(1, 20))
def test_projection_total_is_the_sum_of_its_rows_and_the_average_is_fair(staff, non_staff, first, years):
    projection = project(first, years, staff=staff, non_staff=non_staff)
    assert len(projection.rows) == years
    assert projection.total == sum(row.total for row in projection.rows)
    assert abs(projection.average_per_year * years - projection.total) <= D("0.005") * years
