"""The cost box of a posts grid row: pounds as officers type them, never negative."""

from decimal import Decimal

import pytest

from staffing.forms import PostRowForm, post_formset_class


def _cost(typed):
    form = PostRowForm(
        {"team": "1", "council": "host", "grade": "Band 7", "fte": "1.00", "cost": typed},
        team_choices=[(1, "GIS")],
        council_choices=[("host", "Host")],
    )
    form.is_valid()
    return form.cleaned_data.get("cost"), form.errors.get("cost", [])


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("£1,234.56", Decimal("1234.56")), ("90,660", Decimal("90660.00")), (" 0 ", Decimal("0.00"))],
)
def test_a_cost_is_read_as_officers_type_it(typed, amount):
    assert _cost(typed) == (amount, [])


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the yearly cost"),
        ("   ", "Enter the yearly cost"),
        ("-1", "Cost cannot be negative"),
        ("(5)", "Cost cannot be negative"),
        ("ten", "“ten” is not an amount in pounds, like 1,250.00"),
        ("1.001", "“1.001” has more than two decimal places; enter pounds and pence"),
    ],
)
def test_a_missing_negative_or_mistyped_cost_says_why(typed, message):
    assert _cost(typed) == (None, [message])


def test_a_blank_extra_row_is_left_out_rather_than_refused():
    formset = post_formset_class(1)(
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-cost": "  "},
        form_kwargs={"team_choices": [(1, "GIS")], "council_choices": [("host", "Host")]},
    )
    assert not formset.forms[0].has_changed()


def test_the_cost_box_keeps_the_grid_input_style():
    html = str(PostRowForm(team_choices=[(1, "GIS")])["cost"])
    assert 'class="govuk-input app-grid__input app-numeric"' in html and 'type="text"' in html
