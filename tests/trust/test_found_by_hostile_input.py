"""What the hostile-input sweep found, each pinned by a plain test so it cannot come back quietly."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from finance.forms_plan import SavingsPlanForm
from governance.forms_benefits import BenefitReportForm
from mkip.money import parse_money
from mkip.spreadsheets import SpreadsheetError, read_table
from staffing.forms import PostRowForm
from staffing.imports import _fte

HUGE = "9" * 300


@pytest.mark.parametrize("amount", [HUGE, "1e999", "-1e30", "1000000000000", Decimal("1e30"), 1e300, float("inf")])
def test_an_amount_too_large_to_store_is_refused_with_a_message_not_an_overflow(amount):
    with pytest.raises(ValueError, match=r"amount in pounds|too large"):
        parse_money(amount)


def test_the_largest_amount_a_money_field_holds_is_still_accepted():
    assert parse_money("999,999,999,999.99") == Decimal("999999999999.99")
    assert parse_money(-999999999999) == Decimal("-999999999999.00")


@pytest.mark.parametrize("fte", ["sNaN", "NaN", "Infinity", HUGE])
def test_a_posts_grid_row_with_a_non_number_fte_is_invalid_and_its_change_check_does_not_raise(fte):
    form = PostRowForm(
        {"team": "1", "council": "host", "grade": "G", "fte": fte, "cost": "100"},
        initial={"team": 1, "council": "host", "grade": "G", "fte": Decimal("1.00"), "cost": Decimal("100")},
        team_choices=[(1, "Team")],
        council_choices=[("host", "Host")],
    )
    assert form.has_changed()
    assert "fte" in form.errors


@pytest.mark.parametrize("fte", [HUGE, "1e999", "sNaN"])
def test_an_imported_fte_of_hundreds_of_digits_is_a_row_problem(fte):
    with pytest.raises(ValueError, match="FTE"):
        _fte(fte)


def test_a_csv_in_no_text_encoding_at_all_is_refused_with_a_message():
    # 0x81 and 0x8D are undefined in Windows-1252 as well as invalid UTF-8.
    with pytest.raises(SpreadsheetError, match="not a CSV file"):
        read_table(SimpleUploadedFile("x.csv", b"Line\n\x81\x8d\n"))


def test_a_savings_plan_cannot_run_past_the_last_financial_year():
    form = SavingsPlanForm({"baseline_year": "2012/13", "first_year": "2092/93", "years": "10", "steps": ""})
    assert not form.is_valid()
    assert "cannot run past 2100/01" in form.errors["years"][0]
    assert SavingsPlanForm({"baseline_year": "2012/13", "first_year": "2091/92", "years": "10"}).is_valid()


@pytest.mark.django_db
def test_a_benefit_report_with_a_quarter_of_hundreds_of_digits_is_invalid_not_an_overflow(ict):
    form = BenefitReportForm(
        {"year": "2013/14", "quarter": HUGE, "benefit": "b", "target": "t", "delivered": "d", "owner": "o"},
        service=ict,
    )
    assert not form.is_valid()
    assert "quarter" in form.errors
