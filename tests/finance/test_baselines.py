"""Approved baselines: what the Cabinets approved stays as approved, later data is shown against it,
and a revised business case is a new version approved by its own decision."""

import logging
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from finance.baseline_figures import TOTALS, from_data
from finance.baselines import current_figures, freeze_baseline
from finance.models import Baseline, BudgetFigure, BudgetLine
from finance.services import save_figure
from governance.models import Decision, DecisionStatus
from mkip.money import format_gbp
from partnership.models import ServicePartner, SharedService, User
from tests.factories import CouncilFactory, client_for, decision_recorded, load_mkip_demo

pytestmark = pytest.mark.django_db

LIST = "/finance/services/ict/baselines/"
FIRST = "/finance/services/ict/baselines/1/"


@pytest.fixture
def site():
    load_mkip_demo()
    return SharedService.objects.get(slug="ict")


def total_savings(entries):
    return next(e.value for e in entries if e.section == TOTALS and e.row == "Savings over the term")


def correct_a_2012_budget_cell(amount=500):
    """An officer's correction of one 2012/13 non-staff budget cell, saved as the grid saves it."""
    figure = (
        BudgetFigure.objects.filter(line__service__slug="ict", year=2012, kind="budget", line__in_non_staff_base=True)
        .order_by("pk")
        .first()
    )
    figure.amount += amount
    save_figure(user=User.objects.get(username="admin"), figure=figure, loaded_version=figure.version)


def test_loading_mkip_freezes_the_approved_ict_business_case_from_its_inputs(site):
    baseline = Baseline.objects.get(service=site)
    assert baseline.version == 1
    assert [d.title for d in baseline.decisions.all()] == ["MKIP ICT Partnership"]
    assert from_data(baseline.figures) == current_figures(site)
    assert len(baseline.inputs["finance.BudgetFigure"]) == BudgetFigure.objects.filter(line__service=site).count()
    assert len(baseline.inputs["staffing.Post"]) == site.posts.count()


def test_the_baseline_keeps_the_approved_figures_after_a_budget_correction(site):
    approved = from_data(Baseline.objects.get(service=site).figures)
    correct_a_2012_budget_cell(500)
    now = current_figures(site)
    assert total_savings(now) != total_savings(approved)
    assert from_data(Baseline.objects.get(service=site).figures) == approved

    page = client_for("board").get(FIRST).content.decode()
    assert format_gbp(total_savings(approved), pence=True) in page
    assert format_gbp(total_savings(now), pence=True) in page
    assert format_gbp(total_savings(now) - total_savings(approved), pence=True) in page
    changed = client_for("board").get(FIRST + "?show=changed").content.decode()
    assert "Savings over the term" in changed and "Budget by council" in changed


def test_a_baseline_refuses_every_change(site):
    baseline = Baseline.objects.get(service=site)
    baseline.figures = []
    with pytest.raises(ValidationError):
        baseline.save()
    with pytest.raises(ValidationError):
        Baseline.objects.filter(pk=baseline.pk).update(figures=[])
    with pytest.raises(ValidationError):
        baseline.delete()
    with pytest.raises(ValidationError):
        Baseline.objects.all().delete()
    assert Baseline.objects.get(pk=baseline.pk).figures


def test_version_numbers_start_at_1_in_the_database(site):
    baseline = Baseline.objects.get(service=site)
    copy = Baseline(
        service=site, version=0, approved_on=baseline.approved_on, frozen_at=timezone.now(), figures=[], inputs={}
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Baseline.objects.bulk_create([copy])


def test_a_revised_business_case_is_a_new_version_with_what_changed(site):
    correct_a_2012_budget_cell(500)
    revision = Decision.objects.get(service=site, title__startswith="Information Strategy")
    client = client_for("head.ict")
    response = client.post(LIST, {"decisions": [revision.pk]})
    assert response.status_code == 302 and response["Location"].endswith("/baselines/2/")
    second = Baseline.objects.get(service=site, version=2)
    assert list(second.decisions.all()) == [revision]
    page = client.get(LIST).content.decode()
    assert "What changed from version 1 to version 2" in page
    assert "Savings over the term" in page
    # Version 1 still reads as approved.
    assert total_savings(from_data(Baseline.objects.get(service=site, version=1).figures)) != total_savings(
        from_data(second.figures)
    )


def test_a_decision_approves_one_version_only(site):
    first = Baseline.objects.get(service=site).decisions.get()
    with pytest.raises(ValidationError, match="already approved version 1"):
        freeze_baseline(service=site, decisions=[first])
    assert Baseline.objects.count() == 1


@pytest.mark.parametrize(
    "change, message",
    [
        ({"status": DecisionStatus.DEFERRED}, "did not approve the business case (deferred)"),
        ({"effective_from_offset": 5}, "is not in effect yet"),
        ({"service": None}, "is not a decision about Mid Kent ICT"),
    ],
)
def test_a_baseline_needs_approving_decisions_in_effect_about_the_service(site, change, message):
    maidstone = site.partners.get(council__code="MBC").council
    today = timezone.localdate()
    fields = {"service": site, "status": DecisionStatus.APPROVED, "decided_on": today - timedelta(days=30)}
    offset = change.pop("effective_from_offset", None)
    fields.update(change)
    decision = decision_recorded(maidstone, title="Revised business case", published_on=fields["decided_on"], **fields)
    if offset is not None:
        Decision.objects.filter(pk=decision.pk).update(
            effective_from=today + timedelta(days=offset), effective_from_overridden=True, override_reason="Test"
        )
        decision.refresh_from_db()
    with pytest.raises(ValidationError, match=re.escape(message)):
        freeze_baseline(service=site, decisions=[decision])
    assert Baseline.objects.count() == 1


def test_choosing_no_decision_gets_a_message_and_freezes_nothing(site):
    page = client_for("head.ict").post(LIST, {"decisions": []}).content.decode()
    assert "Choose the decisions that approved this version of the business case." in page
    assert Baseline.objects.count() == 1


@pytest.mark.parametrize("username", ["officer.mbc", "board", "democratic.mbc"])
def test_who_may_not_freeze_is_refused_logged_and_nothing_is_frozen(site, username, caplog):
    revision = Decision.objects.get(service=site, title__startswith="Information Strategy")
    with caplog.at_level(logging.WARNING, logger="mkip.security"):
        assert client_for(username).post(LIST, {"decisions": [revision.pk]}).status_code == 403
    assert f"refused user={username} action=freeze a baseline of Mid Kent ICT" in caplog.text
    assert Baseline.objects.count() == 1
    assert "Freeze the baseline" not in client_for(username).get(LIST).content.decode()


def _more_councils(service, count):
    for _ in range(count):
        council = CouncilFactory()
        ServicePartner.objects.create(service=service, council=council, joined=date(2013, 4, 1))
        line = BudgetLine.objects.create(
            service=service, council=council, programme="revenue", name="Software", position=1
        )
        BudgetFigure.objects.create(line=line, year=2012, kind="budget", amount=1000)


@pytest.mark.parametrize("extra_councils", [0, 27])
def test_baseline_pages_read_the_same_queries_for_3_and_30_councils(site, extra_councils, django_assert_num_queries):
    _more_councils(site, extra_councils)
    client = client_for("board")
    client.get(LIST)
    # session, user (2); service (1); the version with its service and who froze it, its decisions (2);
    # today's figures: service_finance's 7 and staffing's posts for the staff costs (8), the establishment (1).
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(FIRST).status_code == 200
    # session, user (2); service (1); the versions, their decisions (2).
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).status_code == 200


DETAIL_QUERIES = 14
LIST_QUERIES = 5


def test_the_business_case_shows_its_headlines_against_the_approved_baseline(site):
    approved = total_savings(from_data(Baseline.objects.get(service=site).figures))
    page = client_for("board").get("/finance/services/ict/business-case/").content.decode()
    assert "Every figure of this business case is as approved." in page
    correct_a_2012_budget_cell(500)
    now = total_savings(current_figures(site))
    page = client_for("board").get("/finance/services/ict/business-case/").content.decode()
    section = page[page.index('id="against-baseline"') :]
    assert "figures of this business case differ from the approved baseline" in section
    for amount in (approved, now, now - approved):
        assert format_gbp(amount, pence=True) in section


def _cell_after(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start : page.index("</td>", start)]


def test_the_service_page_shows_the_baseline_and_difference_under_each_figure_that_moved(site):
    approved = from_data(Baseline.objects.get(service=site).figures)
    approved_total = total_savings(approved)
    board = client_for("board")
    page = board.get("/finance/services/ict/").content.decode()
    assert "Every one of its" in page and "Show the baseline beside each figure" not in page

    correct_a_2012_budget_cell(500)
    now = current_figures(site)
    changed = sum(1 for was, today in zip(approved, now, strict=True) if was != today)
    page = board.get("/finance/services/ict/").content.decode()
    assert f"{changed} of its {len(approved)} figures differ" in page
    assert 'class="app-vs"' not in page, "figures are annotated only when asked"

    page = board.get("/finance/services/ict/?against=baseline").content.decode()
    term_total = _cell_after(page, format_gbp(total_savings(now), pence=True) + "<span")
    assert f"baseline {format_gbp(approved_total, pence=True)}" in term_total
    assert f"(+{format_gbp(total_savings(now) - approved_total, pence=True)})" in term_total
    # Only the figures that moved carry a note: one per changed figure the page prints.
    assert 0 < page.count('class="app-vs"') <= changed


def test_the_service_page_reads_the_same_queries_compared_or_not(site):
    board = client_for("board")
    board.get("/finance/services/ict/")
    with CaptureQueriesContext(connection) as plain:
        board.get("/finance/services/ict/")
    with CaptureQueriesContext(connection) as compared:
        board.get("/finance/services/ict/?against=baseline")
    assert len(compared) == len(plain)
