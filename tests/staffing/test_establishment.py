"""The staffing establishment and seed 001 Table 1 (MKIP ICT, three councils together).

The post lists below are ILLUSTRATIVE: the seed publishes only the totals, so these lines are
made up to add up to Table 1 exactly. Each column is a plain list of
``(council, team, group, grade, fte, cost, vacant)`` tuples with FTE and cost as strings, so
they can be copied into fixtures as they are. ``council`` None means the shared service's
host authority (after TUPE in April 2013).
"""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mkip.columns import BUDGET, ESTIMATE, YearColumn
from mkip.fiscal import FinancialYear
from mkip.money import round_money
from staffing.establishment import (
    KINDS,
    Post,
    Reduction,
    apply_reductions,
    establishment_totals,
    staff_cost_by_year,
    table_one,
)

# Seed 001 §3.4 d: the 2012/13 budget is the baseline costs and savings are measured from.
BASELINE = YearColumn(2012, BUDGET)

GROUPS = ("Non GIS", "GIS")

GIS_2011 = [
    ("MBC", "GIS", "GIS", "Grade 8", "4.00", "136210", False),
    ("SBC", "GIS", "GIS", "Band 7", "3.00", "98640", False),
    ("TWBC", "GIS", "GIS", "Scale 6", "3.00", "99620", False),
]
GIS_2012 = [
    ("MBC", "GIS", "GIS", "Grade 8", "4.00", "138600", False),
    ("SBC", "GIS", "GIS", "Band 7", "3.00", "100380", False),
    ("TWBC", "GIS", "GIS", "Scale 6", "3.00", "100930", False),
]
BUDGET_2011_12 = [
    ("MBC", "ICT management", "Non GIS", "Grade 4", "1.00", "61420", False),
    ("MBC", "Service desk", "Non GIS", "Grade 9", "5.00", "148650", False),
    ("MBC", "Infrastructure", "Non GIS", "Grade 7", "4.00", "176350", False),
    ("MBC", "Applications", "Non GIS", "Grade 7", "3.81", "168930", False),
    ("SBC", "ICT management", "Non GIS", "Band 4", "1.00", "57890", False),
    ("SBC", "Service desk", "Non GIS", "Band 8", "4.00", "117360", False),
    ("SBC", "Infrastructure", "Non GIS", "Band 6", "4.00", "170940", False),
    ("SBC", "Applications", "Non GIS", "Band 6", "3.00", "124510", False),
    ("TWBC", "ICT management", "Non GIS", "Scale M4", "1.00", "59310", False),
    ("TWBC", "Service desk", "Non GIS", "Scale 5", "4.00", "118220", False),
    ("TWBC", "Infrastructure", "Non GIS", "SO1", "3.00", "126480", False),
    ("TWBC", "Applications", "Non GIS", "SO1", "3.00", "135400", False),
    # Footnote 3: one TWBC post goes to the shared Revenues & Benefits service in 2012/13.
    ("TWBC", "Revenues and benefits systems", "Non GIS", "Scale 6", "1.00", "35890", False),
    *GIS_2011,
]
BUDGET_2012_13 = [
    ("MBC", "ICT management", "Non GIS", "Grade 4", "1.00", "62650", False),
    ("MBC", "Service desk", "Non GIS", "Grade 9", "4.00", "122490", False),
    ("MBC", "Infrastructure", "Non GIS", "Grade 7", "4.00", "181640", False),
    ("MBC", "Applications", "Non GIS", "Grade 7", "3.00", "137100", False),
    ("SBC", "ICT management", "Non GIS", "Band 4", "1.00", "59050", False),
    ("SBC", "Service desk", "Non GIS", "Band 8", "3.00", "90660", False),
    ("SBC", "Infrastructure", "Non GIS", "Band 6", "3.00", "132060", False),
    # A current vacancy: left out of the revenue baseline (seed 001 §3.4 d).
    ("SBC", "Infrastructure", "Non GIS", "Band 6", "1.00", "42730", True),
    ("SBC", "Applications", "Non GIS", "Band 6", "3.00", "128250", False),
    ("TWBC", "ICT management", "Non GIS", "Scale M4", "1.00", "60490", False),
    ("TWBC", "Service desk", "Non GIS", "Scale 5", "3.70", "112630", False),
    ("TWBC", "Infrastructure", "Non GIS", "SO1", "2.00", "86850", False),
    ("TWBC", "Applications", "Non GIS", "SO1", "3.00", "150060", False),
    *GIS_2012,
]
# 0.70 FTE of service-desk hours go; the money pays for regrading (career grading, §8.7).
ESTIMATE_2012_13 = [
    *(row for row in BUDGET_2012_13 if row[0] != "TWBC" or row[1] not in ("Service desk", "Applications")),
    ("TWBC", "Service desk", "Non GIS", "Scale 5", "3.00", "91320", False),
    ("TWBC", "Applications", "Non GIS", "SO2", "3.00", "171370", False),
]
# The shared structure (§8.5), hosted by one council; GIS stays with each council.
ESTIMATE_2013_14 = [
    (None, "ICT management", "Non GIS", "MKIP 1", "4.00", "218400", False),
    (None, "Service desk", "Non GIS", "MKIP 5", "9.00", "263250", False),
    (None, "Infrastructure", "Non GIS", "MKIP 3", "8.00", "349120", False),
    (None, "Applications", "Non GIS", "MKIP 3", "7.00", "314380", False),
    (None, "Change team", "Non GIS", "MKIP 2", "1.00", "58260", False),
    (None, "Change team", "Non GIS", "MKIP 3", "2.00", "92520", False),
    *GIS_2012,
]
ESTIMATE_2014_15 = list(ESTIMATE_2013_14)
# The Change Team is disbanded by 2015/16 (§8.8).
ESTIMATE_2015_16 = [row for row in ESTIMATE_2014_15 if row[1] != "Change team"]

COLUMNS = {
    YearColumn(2011, BUDGET): BUDGET_2011_12,
    YearColumn(2012, BUDGET): BUDGET_2012_13,
    YearColumn(2012, ESTIMATE): ESTIMATE_2012_13,
    YearColumn(2013, ESTIMATE): ESTIMATE_2013_14,
    YearColumn(2014, ESTIMATE): ESTIMATE_2014_15,
    YearColumn(2015, ESTIMATE): ESTIMATE_2015_16,
}
CHANGE_TEAM_DISBANDED = Reduction(2015, "Change team", Decimal("3.00"), reason="Change Team disbanded")


def posts_from_rows(rows):
    """Turn ``(council, team, group, grade, fte, cost, vacant)`` tuples into posts."""
    return [
        Post(team, group, grade, Decimal(fte), Decimal(cost), vacant=vacant, council=council)
        for council, team, group, grade, fte, cost, vacant in rows
    ]


def build_table_one(**kwargs):
    return table_one({column: posts_from_rows(rows) for column, rows in COLUMNS.items()}, GROUPS, **kwargs)


def d(text):
    return Decimal(text)


def one_place(fte):
    return round_money(fte, Decimal("0.1"))


def test_budget_columns_split_fte_and_cost_by_group_as_published():
    table = build_table_one()
    for column, non_gis, gis, non_gis_cost, gis_cost in [
        (YearColumn(2011, BUDGET), "37.8", "10.0", "1501350", "334470"),
        (YearColumn(2012, BUDGET), "31.7", "10.0", "1323930", "339910"),
    ]:
        totals = table.totals_for(column)
        assert one_place(totals.fte_by_group["Non GIS"]) == d(non_gis)
        assert one_place(totals.fte_by_group["GIS"]) == d(gis)
        assert totals.cost_by_group == {"Non GIS": d(non_gis_cost), "GIS": d(gis_cost)}


def test_total_fte_shows_at_one_place_while_changes_are_exact_to_two_places():
    table = build_table_one()
    exact = [t.fte for t in table.totals]
    assert exact == [d("47.81"), d("41.70"), d("41.00"), d("41.00"), d("41.00"), d("38.00")]
    assert [one_place(fte) for fte in exact] == [d(x) for x in ("47.8", "41.7", "41.0", "41.0", "41.0", "38.0")]
    assert table.fte_changes() == (None, d("-6.11"), d("-0.70"), d("0.00"), d("0.00"), d("-3.00"))


def test_total_cost_and_changes_between_years_match_table_one():
    table = build_table_one()
    published = ["1835820", "1663840", "1663840", "1635840", "1635840", "1485060"]
    assert [t.cost for t in table.totals] == [d(x) for x in published]
    assert table.cost_changes() == (None, d("-171980"), d("0"), d("-28000"), d("0"), d("-150780"))


def test_first_column_has_no_change_and_no_change_is_zero_not_blank():
    table = build_table_one()
    assert table.fte_change(YearColumn(2011, BUDGET)) is None
    assert table.cost_change(YearColumn(2011, BUDGET)) is None
    assert table.cost_change(YearColumn(2012, ESTIMATE)) == 0
    assert table.fte_change(YearColumn(2014, ESTIMATE)) == 0


def test_savings_already_made_in_2012_13_are_172k():
    table = build_table_one()
    saving = -table.cost_change(YearColumn(2012, BUDGET))
    assert saving == d("171980")
    assert round_money(saving, Decimal("1000")) == d("172000")


def test_planned_reduction_over_next_three_years_is_3_7_fte_saving_179k():
    table = build_table_one()
    before, after = table.totals_for(YearColumn(2012, BUDGET)), table.totals_for(YearColumn(2015, ESTIMATE))
    assert before.fte - after.fte == d("3.70")
    assert before.cost - after.cost == d("178780")
    assert round_money(before.cost - after.cost, Decimal("1000")) == d("179000")


def test_staff_cost_by_year_gives_the_baseline_and_each_estimate():
    costs = staff_cost_by_year(build_table_one(), baseline=BASELINE)
    assert costs.baseline == d("1663840")
    assert costs.by_year == {
        FinancialYear(2012): d("1663840"),
        FinancialYear(2013): d("1635840"),
        FinancialYear(2014): d("1635840"),
        FinancialYear(2015): d("1485060"),
    }
    savings = [costs.baseline - cost for cost in costs.by_year.values()]
    assert savings == [d("0"), d("28000"), d("28000"), d("178780")]
    assert staff_cost_by_year(build_table_one(), kind=BUDGET, baseline=BASELINE).by_year[FinancialYear(2011)] == d(
        "1835820"
    )


def test_staff_cost_by_year_needs_the_baseline_column_in_the_table():
    table = table_one({YearColumn(2013, ESTIMATE): posts_from_rows(ESTIMATE_2013_14)}, GROUPS)
    with pytest.raises(KeyError, match="2012/13 Budget"):
        staff_cost_by_year(table, baseline=BASELINE)


def test_vacant_posts_are_left_out_of_the_baseline_unless_asked_for():
    posts = posts_from_rows(BUDGET_2012_13)
    assert establishment_totals(posts).fte == d("41.70")
    with_vacancy = establishment_totals(posts, include_vacant=True)
    assert (with_vacancy.fte, with_vacancy.cost) == (d("42.70"), d("1706570"))
    assert build_table_one(include_vacant=True).totals_for(BASELINE).fte == d("42.70")


def test_changing_one_posts_fte_and_cost_moves_the_totals():
    posts = posts_from_rows(BUDGET_2011_12)
    posts[3] = replace(posts[3], fte=d("3.80"), cost=d("168000"))
    totals = establishment_totals(posts, groups=GROUPS)
    assert totals.fte_by_group["Non GIS"] == d("37.80")
    assert (totals.fte, totals.cost) == (d("47.80"), d("1834890"))
    columns = {column: posts_from_rows(rows) for column, rows in COLUMNS.items()}
    columns[YearColumn(2011, BUDGET)] = posts
    assert table_one(columns, GROUPS).fte_changes()[1] == d("-6.10")


def test_change_team_disbanded_by_2015_16_gives_the_2015_16_estimate():
    posts_2014 = posts_from_rows(ESTIMATE_2014_15)
    assert apply_reductions(posts_2014, [CHANGE_TEAM_DISBANDED], up_to=FinancialYear(2014)) == posts_2014
    after = apply_reductions(posts_2014, [CHANGE_TEAM_DISBANDED], up_to=FinancialYear(2015))
    assert after == posts_from_rows(ESTIMATE_2015_16)
    assert establishment_totals(posts_2014).cost - establishment_totals(after).cost == d("150780")


def test_columns_follow_date_order_with_budget_before_estimate():
    shuffled = {column: posts_from_rows(COLUMNS[column]) for column in reversed(COLUMNS)}
    table = table_one(shuffled, GROUPS)
    assert [c.label for c in table.columns] == [
        "2011/12 Budget", "2012/13 Budget", "2012/13 Estimate",
        "2013/14 Estimate", "2014/15 Estimate", "2015/16 Estimate",
    ]  # fmt: skip
    assert table.fte_changes()[1] == d("-6.11")


def test_rows_follow_the_seed_layout():
    rows = build_table_one().rows()
    assert [(row.label, row.measure) for row in rows] == [
        ("Non GIS Staff", "fte"), ("GIS Staff", "fte"), ("Total All Staff - FTE", "fte"),
        ("Changes between years", "fte"), ("Non GIS Staff", "cost"), ("GIS Staff", "cost"),
        ("Total All Staff - Cost", "cost"), ("Changes between years", "cost"),
    ]  # fmt: skip
    assert rows[3].is_change and rows[3].values[0] is None
    assert rows[6].values[-1] == d("1485060")


def test_groups_default_to_order_seen_and_an_unlisted_group_is_refused():
    posts = posts_from_rows(BUDGET_2012_13)
    assert list(establishment_totals(posts).fte_by_group) == ["Non GIS", "GIS"]
    assert establishment_totals(posts, groups=["Non GIS", "GIS", "Web"]).fte_by_group["Web"] == 0
    with pytest.raises(ValueError, match="“GIS” is not one of the groups"):
        establishment_totals(posts, groups=["Non GIS"])
    with pytest.raises(ValueError, match="at least one column"):
        table_one({})


@pytest.mark.parametrize(
    ("fte", "cost", "error", "message"),
    [
        (d("0"), d("100"), ValueError, "more than 0"),
        (d("-1.00"), d("100"), ValueError, "more than 0"),
        (d("100.00"), d("100"), ValueError, "at most 99.99"),
        (d("0.333"), d("100"), ValueError, "at most 2 decimal places"),
        (d("1.00"), d("-5"), ValueError, "cannot be negative"),
        (d("1.00"), d("10.005"), ValueError, "at most 2 decimal places"),
        (0.5, d("100"), TypeError, "must be a Decimal"),
    ],
)
def test_a_post_with_impossible_fte_or_cost_is_refused(fte, cost, error, message):
    with pytest.raises(error, match=message):
        Post("Service desk", "Non GIS", "Scale 5", fte, cost)


def test_a_post_line_may_stand_for_several_part_time_or_identical_posts():
    assert Post("Service desk", "Non GIS", "S5", d("0.5"), d("12000")).fte == d("0.50")
    assert Post("Service desk", "Non GIS", "S5", d("99.99"), d("0")).fte == d("99.99")
    with pytest.raises(ValueError, match="needs a group"):
        Post("Service desk", " ", "S5", d("1"), d("1"))


def test_a_staffing_column_is_a_budget_or_an_estimate():
    assert YearColumn.of("2012/13", ESTIMATE, kinds=KINDS) == YearColumn(FinancialYear(2012), "estimate")
    with pytest.raises(ValueError, match="budget or an estimate"):
        YearColumn.of(2012, "outturn", kinds=KINDS)


def test_a_reduction_takes_vacancies_first_then_posts_in_order_pro_rata():
    team = [
        Post("Infrastructure", "Non GIS", "B6", d("3.00"), d("100000.00"), council="SBC"),
        Post("Infrastructure", "Non GIS", "B6", d("1.00"), d("42730"), vacant=True, council="SBC"),
        Post("Infrastructure", "Non GIS", "SO1", d("2.00"), d("86850"), council="TWBC"),
    ]
    left = apply_reductions(team, [Reduction("2013/14", "Infrastructure", d("2.00"), council="SBC")])
    assert [(p.council, p.fte, p.cost, p.vacant) for p in left] == [
        ("SBC", d("2.00"), d("66666.67"), False),
        ("TWBC", d("2.00"), d("86850"), False),
    ]
    with pytest.raises(ValueError, match=r"more than the 2\.00 FTE"):
        apply_reductions(team, [Reduction(2013, "Infrastructure", d("2.50"), council="TWBC")])
    with pytest.raises(ValueError, match="more than 0 FTE"):
        Reduction(2013, "Infrastructure", d("0"))


money = st.decimals(min_value=0, max_value=250_000, places=2)
ftes = st.decimals(min_value=d("0.01"), max_value=d("99.99"), places=2)
posts_strategy = st.lists(
    st.builds(
        Post,
        team=st.sampled_from(["Service desk", "Applications", "GIS"]),
        group=st.sampled_from(GROUPS),
        grade=st.just("G1"),
        fte=ftes,
        cost=money,
        vacant=st.booleans(),
    ),
    max_size=8,
)


@given(st.lists(posts_strategy, min_size=1, max_size=6))
def test_totals_are_the_sum_of_groups_and_changes_add_up_to_last_less_first(columns_posts):
    table = table_one({YearColumn(2010 + i, BUDGET): posts for i, posts in enumerate(columns_posts)}, GROUPS)
    for totals in table.totals:
        assert totals.fte == sum(totals.fte_by_group.values())
        assert totals.cost == sum(totals.cost_by_group.values())
    assert sum(table.fte_changes()[1:], d("0")) == table.totals[-1].fte - table.totals[0].fte
    assert sum(table.cost_changes()[1:], d("0")) == table.totals[-1].cost - table.totals[0].cost


@given(posts_strategy, st.data())
def test_a_reduction_removes_exactly_its_fte_and_keeps_every_penny_accounted_for(posts, data):
    in_team = sum((p.fte for p in posts if p.team == "Applications"), d("0"))
    assume(in_team > 0)
    cut = data.draw(st.decimals(min_value=d("0.01"), max_value=in_team, places=2))
    left = apply_reductions(posts, [Reduction(2015, "Applications", cut)])
    before = establishment_totals(posts, include_vacant=True, groups=GROUPS)
    after = establishment_totals(left, include_vacant=True, groups=GROUPS)
    assert before.fte - after.fte == cut
    assert 0 <= before.cost - after.cost <= sum((p.cost for p in posts if p.team == "Applications"), d("0"))
    assert all(p.cost >= 0 for p in left)
