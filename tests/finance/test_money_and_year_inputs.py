"""What an officer may type in the finance forms' money and year boxes, and what they are told if it is wrong."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from finance.forms import AddColumnForm, CapitalSpendForm, GridForm, cell_name
from finance.imports import parse_import
from mkip.columns import YearColumn
from mkip.fiscal import FinancialYear

D = Decimal
COLUMN = YearColumn(FinancialYear(2012), "budget")


def _line(pk=1, name="Line 1"):
    return SimpleNamespace(pk=pk, name=name, figures=SimpleNamespace(all=lambda: []))


def _cell(typed):
    """A grid cell as the grid form cleans it: ``(amount, errors)``."""
    line = _line()
    form = GridForm({f"grid-{cell_name(line.pk, COLUMN)}": typed}, lines=[line], columns=[COLUMN], prefix="grid")
    form.is_valid()
    name = cell_name(line.pk, COLUMN)
    return form.cleaned_data.get(name), form.errors.get(name, [])


def _spend(**data):
    form = CapitalSpendForm({"year": "2013/14", "description": "Servers", "amount": "100", **data})
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£1,234.56", D("1234.56")),
        ("1,234", D("1234.00")),
        (" 1250.5 ", D("1250.50")),
        ("(200)", D("-200.00")),
        ("-75", D("-75.00")),
        ("", None),
        ("   ", None),
    ],
)
def test_a_grid_cell_accepts_pounds_as_officers_type_them_and_blank_for_no_figure(typed, amount):
    assert _cell(typed) == (amount, [])


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("lots", "“lots” is not an amount in pounds, like 1,250.00"),
        ("10.005", "“10.005” has more than two decimal places; enter pounds and pence"),
        ("1" + "0" * 12, f"“1{'0' * 12}” is too large: amounts must be under £1,000,000,000,000"),
        ("NaN", "“NaN” is not an amount in pounds, like 1,250.00"),
    ],
)
def test_a_grid_cell_that_is_not_an_amount_says_why(typed, message):
    assert _cell(typed) == (None, [message])


def test_an_import_cell_is_read_like_a_grid_cell_and_problems_name_the_row_and_column():
    rows = [{"Line": "Line 1", "2012/13 budget": "£1,234.56"}, {"Line": "Line 2", "2012/13 budget": "10.005"}]
    cells, problems = parse_import(rows, [_line(1, "Line 1"), _line(2, "Line 2")])
    assert cells == {(1, 2012, "budget"): D("1234.56")}
    assert problems == [(3, "2012/13 budget: “10.005” has more than two decimal places; enter pounds and pence")]


def test_a_capital_spend_reads_the_year_and_the_amount():
    form = _spend(amount="£1,234.56")
    assert form.cleaned_data["year"] == FinancialYear(2013)
    assert form.cleaned_data["amount"] == D("1234.56")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": ""}, "amount", "Enter the amount in pounds"),
        ({"amount": "0"}, "amount", "The amount must be more than £0.00"),
        ({"amount": "(5)"}, "amount", "The amount must be more than £0.00"),
        ({"amount": "five"}, "amount", "“five” is not an amount in pounds, like 1,250.00"),
        ({"year": ""}, "year", "Enter the financial year"),
        ({"year": "2012/14"}, "year", "“2012/14” is not a financial year: 2012/ must be followed by 13"),
        ({"year": "next year"}, "year", "“next year” is not a financial year; write it like 2012/13"),
        ({"year": "x" * 20}, "year", "Ensure this value has at most 9 characters (it has 20)."),
    ],
)
def test_a_capital_spend_with_a_wrong_year_or_amount_says_why(data, field, message):
    assert _spend(**data).errors[field] == [message]


def test_the_year_boxes_keep_their_hint_and_their_nine_character_limit():
    for form in (CapitalSpendForm(), AddColumnForm()):
        assert form.fields["year"].help_text == "For example, 2013/14"
        assert 'maxlength="9"' in str(form["year"])
    assert _spend(year=" 2014/2015 ").cleaned_data["year"] == FinancialYear(2014)
