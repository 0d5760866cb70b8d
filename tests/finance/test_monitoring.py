"""Quarterly monitoring, as the head of ICT and the councils' officers run it: a round opened, each
council's return completed and reviewed, the round locked once signed off, and the report."""

import logging
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from finance.models import (
    BudgetFigure,
    BudgetLine,
    FigureChange,
    Forecast,
    MonitoringReturn,
    MonitoringRound,
    ReturnStatus,
)
from finance.monitoring import Threshold, Variance, planned_to_date
from finance.monitoring_services import return_version
from finance.selectors import service_finance
from mkip.fiscal import FinancialYear
from mkip.money import format_gbp
from partnership import revision
from partnership.models import ServicePartner, SharedService
from tests.factories import CouncilFactory, PartnershipFactory, client_for, load_mkip_demo

pytestmark = pytest.mark.django_db

ROUNDS = "/finance/services/ict/monitoring/"
OPEN = {
    "year": "2012/13",
    "quarter": "2",
    "due_on": "15/10/2012",
    "threshold_amount": "10,000",
    "threshold_percent": "5",
}


@pytest.fixture
def site():
    load_mkip_demo()
    return SharedService.objects.get(slug="ict")


@pytest.fixture
def opened(site):
    assert client_for("head.ict").post(ROUNDS, OPEN).status_code == 302
    return MonitoringRound.objects.get()


def maidstone_return(monitoring_round):
    return monitoring_round.returns.get(council__code="MBC")


def lines_and_budgets(monitoring_return):
    lines = BudgetLine.objects.filter(service=monitoring_return.round.service, council=monitoring_return.council)
    lines = lines.filter(programme="revenue").order_by("position", "name")
    budgets = dict(
        BudgetFigure.objects.filter(line__in=lines, year=2012, kind="budget").values_list("line_id", "amount")
    )
    return list(lines), budgets


def on_budget_post(monitoring_return, **changes):
    """A complete return with every line on budget, then ``changes`` ({field: value}) on top."""
    lines, budgets = lines_and_budgets(monitoring_return)
    data = {"version": return_version(monitoring_return)}
    for line in lines:
        data[f"forecast_{line.pk}"] = str(budgets.get(line.pk, Decimal("0.00")))
        data[f"commentary_{line.pk}"] = ""
    data.update(changes)
    return data


def test_opening_a_round_gives_each_current_partner_a_return_not_started(opened):
    returns = {r.council.code: r.status for r in opened.returns.select_related("council")}
    assert returns == {"MBC": "not_started", "SBC": "not_started", "TWBC": "not_started"}
    assert (opened.year, opened.quarter, opened.threshold_amount) == (FinancialYear(2012), 2, Decimal("10000.00"))


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("threshold_amount", "abc", "is not an amount in pounds"),
        ("threshold_amount", "-5", "Ensure this value is greater than or equal to 0"),
        ("threshold_percent", "120", "The percentage is from 0 to 100."),
        ("quarter", "5", "Select a valid choice"),
        ("due_on", "31/12/9999", "Returns due on must be a date from 1900 to 2100"),
        ("year", "", "Enter the financial year"),
    ],
)
def test_a_round_with_bad_input_gets_a_message_and_nothing_is_opened(site, field, value, message):
    page = client_for("head.ict").post(ROUNDS, {**OPEN, field: value})
    assert page.status_code == 200 and message in page.content.decode()
    assert not MonitoringRound.objects.exists()


def test_the_same_quarter_cannot_be_opened_twice(opened):
    page = client_for("head.ict").post(ROUNDS, OPEN).content.decode()
    assert "already exists" in page
    assert MonitoringRound.objects.count() == 1


def test_an_officer_saves_a_draft_and_submits_the_councils_return(opened):
    ret = maidstone_return(opened)
    officer = client_for("officer.mbc")
    lines, _ = lines_and_budgets(ret)
    draft = {"version": return_version(ret), f"forecast_{lines[0].pk}": "1,000.50"}
    assert officer.post(ret.get_absolute_url(), {**draft, "save": "save"}).status_code == 302
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.IN_PROGRESS
    assert Forecast.objects.get(monitoring_return=ret, line=lines[0]).amount == Decimal("1000.50")

    response = officer.post(ret.get_absolute_url(), {**on_budget_post(ret), "submit": "submit"})
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED and ret.submitted_by.username == "officer.mbc"


def test_a_variance_beyond_the_threshold_needs_a_commentary_before_submitting(opened):
    ret = maidstone_return(opened)
    lines, budgets = lines_and_budgets(ret)
    line = next(line for line in lines if budgets.get(line.pk))
    over = budgets[line.pk] + Decimal("20000")
    data = on_budget_post(ret, **{f"forecast_{line.pk}": str(over)})
    page = client_for("officer.mbc").post(ret.get_absolute_url(), {**data, "submit": "submit"}).content.decode()
    assert f"Explain the variance on “{line.name}”" in page
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.NOT_STARTED and not Forecast.objects.exists()
    # The officer's figures are still in the boxes.
    assert f'value="{over}"' in page

    data[f"commentary_{line.pk}"] = "New licences bought early"
    assert client_for("officer.mbc").post(ret.get_absolute_url(), {**data, "submit": "submit"}).status_code == 302


@pytest.mark.parametrize("typed, message", [("abc", "is not an amount in pounds"), ("1.234", "pence")])
def test_a_forecast_that_is_not_an_amount_is_named_and_nothing_is_saved(opened, typed, message):
    ret = maidstone_return(opened)
    lines, _ = lines_and_budgets(ret)
    data = {"version": return_version(ret), f"forecast_{lines[0].pk}": typed, "save": "save"}
    page = client_for("officer.mbc").post(ret.get_absolute_url(), data).content.decode()
    assert message in page and lines[0].name in page
    assert not Forecast.objects.exists()


def test_another_councils_officer_cannot_change_a_return_and_it_is_logged(opened, caplog):
    ret = maidstone_return(opened)
    with caplog.at_level(logging.WARNING, logger="mkip.security"):
        response = client_for("officer.sbc").post(ret.get_absolute_url(), {**on_budget_post(ret), "save": "save"})
    assert response.status_code == 403
    assert "refused user=officer.sbc" in caplog.text
    assert not Forecast.objects.exists()


def test_a_save_after_someone_elses_is_refused_naming_them(opened):
    ret = maidstone_return(opened)
    loaded = on_budget_post(ret)
    assert client_for("head.ict").post(ret.get_absolute_url(), {**loaded, "save": "save"}).status_code == 302
    lines, _ = lines_and_budgets(ret)
    late = {**loaded, f"forecast_{lines[0].pk}": "1.00", "save": "save"}
    page = client_for("officer.mbc").post(ret.get_absolute_url(), late).content.decode()
    assert "Hari Head (Mid Kent ICT) changed this on" in page and "after you opened it" in page
    assert "Your changes are below, not saved" in page
    assert Forecast.objects.get(monitoring_return=ret, line=lines[0]).amount != Decimal("1.00")


def _submit(ret, username="officer.mbc"):
    ret.refresh_from_db()
    assert (
        client_for(username).post(ret.get_absolute_url(), {**on_budget_post(ret), "submit": "submit"}).status_code
        == 302
    )
    ret.refresh_from_db()


def _review(ret, action, comment=""):
    ret.refresh_from_db()
    return client_for("head.ict").post(
        ret.get_absolute_url(), {"version": return_version(ret), "review": action, "comment": comment}
    )


def test_the_head_returns_with_comments_signs_off_and_the_round_locks(opened):
    returns = list(opened.returns.select_related("council"))
    officers = {"MBC": "officer.mbc", "SBC": "officer.sbc", "TWBC": "officer.twbc"}
    for ret in returns:
        _submit(ret, officers[ret.council.code])
    first = returns[0]
    assert "Say what needs changing" in _review(first, "return").content.decode()
    assert _review(first, "return", "Check the software line").status_code == 302
    first.refresh_from_db()
    assert first.status == ReturnStatus.RETURNED and first.review_comment == "Check the software line"
    _submit(first, officers[first.council.code])
    for ret in returns:
        assert _review(ret, "sign_off").status_code == 302
    opened.refresh_from_db()
    assert opened.locked

    page = client_for("officer.mbc").post(first.get_absolute_url(), {**on_budget_post(first), "save": "save"})
    assert "signed off and locked" in page.content.decode() or "cannot be changed now" in page.content.decode()


def test_reopening_a_locked_round_needs_a_reason_kept_in_its_history(opened):
    MonitoringRound.objects.filter(pk=opened.pk).update(locked=True)
    url = f"{opened.get_absolute_url()}reopen/"
    client_for("head.ict").post(url, {"reason": ""})
    opened.refresh_from_db()
    assert opened.locked
    client_for("head.ict").post(url, {"reason": "Swale's outturn corrected"})
    opened.refresh_from_db()
    assert not opened.locked and opened.reopen_reason == "Swale's outturn corrected"
    assert opened.history.filter(reopen_reason="Swale's outturn corrected").exists()
    assert set(opened.returns.values_list("status", flat=True)) == {ReturnStatus.RETURNED}


def test_the_report_shows_each_councils_variance_and_savings_to_date_from_the_data(opened):
    ret = maidstone_return(opened)
    lines, budgets = lines_and_budgets(ret)
    line = next(line for line in lines if budgets.get(line.pk))
    forecast = budgets[line.pk] + Decimal("20000.00")
    data = on_budget_post(ret, **{f"forecast_{line.pk}": str(forecast), f"commentary_{line.pk}": "Early licences"})
    client_for("officer.mbc").post(ret.get_absolute_url(), {**data, "submit": "submit"})

    page = client_for("board").get(f"{opened.get_absolute_url()}report/").content.decode()
    variance = Variance(budgets[line.pk], forecast)
    assert format_gbp(variance.amount, pence=True) in page
    assert "Early licences" in page
    assert variance.rag(Threshold(Decimal("10000"), Decimal("5"))).capitalize() in page
    projection = service_finance(opened.service).statement.projection
    planned = planned_to_date({row.year: row.total for row in projection.rows}, opened.year, opened.quarter)
    assert format_gbp(planned, pence=True) in page

    pdf = client_for("board").get(f"{opened.get_absolute_url()}report.pdf")
    pages = [page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages]
    assert all("DRAFT – as at" in text for text in pages)


def test_the_database_refuses_a_quarter_outside_1_to_4_and_a_negative_threshold(opened):
    for values in ({"quarter": 5}, {"threshold_amount": Decimal("-1")}, {"threshold_percent": Decimal("101")}):
        with pytest.raises(IntegrityError), transaction.atomic():
            MonitoringRound.objects.filter(pk=opened.pk).update(**values)


@pytest.mark.parametrize("extra_councils", [0, 27])
def test_round_and_report_pages_read_the_same_queries_for_3_and_30_councils(
    site, extra_councils, django_assert_num_queries
):
    for _ in range(extra_councils):
        council = CouncilFactory()
        ServicePartner.objects.create(service=site, council=council, joined=date(2012, 4, 1))
        line = BudgetLine.objects.create(
            service=site, council=council, programme="revenue", name="Software", position=1
        )
        BudgetFigure.objects.create(line=line, year=2012, kind="budget", amount=1000)
    client_for("head.ict").post(ROUNDS, OPEN)
    monitoring_round = MonitoringRound.objects.get()
    assert monitoring_round.returns.count() == 3 + extra_councils
    client = client_for("board")
    client.get(ROUNDS)
    url = monitoring_round.get_absolute_url()
    # session, user (2); service (1); round (1); returns with councils (1); lines, budgets, forecasts (3);
    # the latest baseline (1).
    with django_assert_num_queries(ROUND_QUERIES):
        assert client.get(url).status_code == 200
    # As the round page, plus the savings to date: service_finance's 7 and staffing's posts (8), and
    # the delivered savings (1).
    with django_assert_num_queries(ROUND_QUERIES + 9):
        assert client.get(f"{url}report/").status_code == 200
    # session, user (2); service (1); rounds, their returns with councils (2).
    with django_assert_num_queries(5):
        assert client.get(ROUNDS).status_code == 200


ROUND_QUERIES = 9


def test_returns_are_unique_per_council_in_a_round(opened):
    with pytest.raises(IntegrityError), transaction.atomic():
        MonitoringReturn.objects.create(round=opened, council=maidstone_return(opened).council)


def test_signing_off_the_year_end_round_takes_the_forecasts_as_the_outturn(site):
    client_for("head.ict").post(ROUNDS, {**OPEN, "quarter": "4", "due_on": "15/04/2013"})
    monitoring_round = MonitoringRound.objects.get()
    officers = {"MBC": "officer.mbc", "SBC": "officer.sbc", "TWBC": "officer.twbc"}
    for ret in monitoring_round.returns.select_related("council"):
        _submit(ret, officers[ret.council.code])
    for ret in monitoring_round.returns.all():
        assert _review(ret, "sign_off").status_code == 302
    forecasts = {(f.line_id, f.amount) for f in Forecast.objects.all()}
    outturns = BudgetFigure.objects.filter(line__service=site, year=2012, kind="outturn")
    assert {(f.line_id, f.amount) for f in outturns} == forecasts
    assert FigureChange.objects.filter(kind="outturn", path="year_end").count() == len(forecasts)


def test_a_return_saved_is_a_write_of_its_own_partnership_only(opened):
    other = PartnershipFactory()
    mkip = opened.service.partnership
    before = revision.current_token(mkip.slug), revision.current_token(other.slug)
    ret = maidstone_return(opened)
    assert (
        client_for("officer.mbc").post(ret.get_absolute_url(), {**on_budget_post(ret), "save": "save"}).status_code
        == 302
    )
    assert revision.current_token(mkip.slug) != before[0]
    assert revision.current_token(other.slug) == before[1]


def test_a_return_saved_from_a_page_opened_before_a_colleagues_save_is_refused_and_says_who(opened):
    ret = maidstone_return(opened)
    lines, _ = lines_and_budgets(ret)
    opened_by_both = return_version(ret)
    colleague = {"version": opened_by_both, f"forecast_{lines[0].pk}": "1,000.50", "save": "save"}
    assert client_for("head.ict").post(ret.get_absolute_url(), colleague).status_code == 302

    late = {"version": opened_by_both, f"forecast_{lines[0].pk}": "2,222.00", "save": "save"}
    page = client_for("officer.mbc").post(ret.get_absolute_url(), late).content.decode()

    assert "after you opened it" in page and "Your changes are below, not saved" in page
    assert Forecast.objects.get(monitoring_return=ret, line=lines[0]).amount == Decimal("1000.50")
    # The officer's own figure stays in its box, and saving again from this page now goes through.
    assert 'value="2,222.00"' in page or 'value="2222.00"' in page
    again = {**late, "version": return_version(ret)}
    assert client_for("officer.mbc").post(ret.get_absolute_url(), again).status_code == 302
    assert Forecast.objects.get(monitoring_return=ret, line=lines[0]).amount == Decimal("2222.00")
