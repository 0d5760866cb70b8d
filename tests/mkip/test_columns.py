import pytest

from mkip.columns import BUDGET, ESTIMATE, OUTTURN, YearColumn
from mkip.fiscal import FinancialYear


def test_a_heading_reads_as_its_year_and_kind_in_any_case_or_year_spelling():
    for heading in ("2013/14 Budget", "2013-14 budget", " 2013/2014  BUDGET "):
        assert YearColumn.parse(heading) == YearColumn(FinancialYear(2013), BUDGET)


def test_a_heading_without_a_known_kind_or_year_is_refused_with_the_heading_named():
    with pytest.raises(ValueError, match="“2013/14 forecast” is not a column heading"):
        YearColumn.parse("2013/14 forecast")
    with pytest.raises(ValueError, match="2013/ must be followed by 14"):
        YearColumn.parse("2013/15 budget")


def test_columns_sort_by_year_then_budget_estimate_outturn():
    columns = [
        YearColumn(2013, OUTTURN),
        YearColumn(2014, BUDGET),
        YearColumn(2013, BUDGET),
        YearColumn(2013, ESTIMATE),
    ]
    assert [column.slug for column in sorted(columns)] == [
        "2013-budget",
        "2013-estimate",
        "2013-outturn",
        "2014-budget",
    ]


def test_a_column_shows_its_year_the_financial_way():
    column = YearColumn("2012/13", ESTIMATE)
    assert (column.label, column.long_label, column.heading) == (
        "2012/13 Estimate",
        "2012/2013 Estimate",
        "2012/13 estimate",
    )


def test_a_kind_outside_those_allowed_is_refused():
    with pytest.raises(ValueError, match="a budget, an estimate or an outturn, not “forecast”"):
        YearColumn(2012, "forecast")
