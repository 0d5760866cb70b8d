"""Each role's first screen after signing in: what it has to do next, of its own council or service."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance.monitoring_services import open_round
from mkip.fiscal import FinancialYear
from partnership.models import ServicePartner
from tests.factories import CouncilFactory, ForwardPlanEntryFactory, decision_recorded, shared_service_with_partners

pytestmark = pytest.mark.django_db
YOUR_WORK = reverse("board:your-work")
START = reverse("board:start")


def _round(service, *, due_in_days: int):
    return open_round(
        service=service,
        year=FinancialYear(2012),
        quarter=2,
        due_on=timezone.localdate() + timedelta(days=due_in_days),
        threshold_amount=Decimal("10000"),
        threshold_percent=Decimal("5"),
        user=None,
    )


def test_signing_in_leads_to_your_work(client, maidstone_officer):
    maidstone_officer.set_password("a long enough pass phrase")
    maidstone_officer.save()
    response = client.post(reverse("login"), {"username": "officer.mbc", "password": "a long enough pass phrase"})
    assert response["Location"] == START
    assert client.get(START)["Location"] == YOUR_WORK


def test_an_officer_sees_their_councils_returns_due_and_the_grids_they_keep(client, ict, maidstone_officer, swale):
    _round(ict, due_in_days=-2)
    other = shared_service_with_partners(swale, name="Swale Legal", slug="legal")
    _round(other, due_in_days=10)
    client.force_login(maidstone_officer)
    page = client.get(YOUR_WORK).content.decode()
    returns = page[page.index('id="returns"') : page.index('id="grids"')]
    assert "Mid Kent ICT, 2012/13 quarter 2" in returns and "Late" in returns
    assert "Swale Legal" not in page  # another council's service and its return
    assert reverse("finance:grid", args=["ict", "MBC", "revenue"]) in page
    assert reverse("finance:grid", args=["ict", "MBC", "capital"]) in page


def test_democratic_services_see_their_councils_call_in_and_forward_plan_deadlines(
    client, maidstone, swale, maidstone_democratic_services
):
    today = timezone.localdate()
    decision_recorded(maidstone, title="Waste contract", decided_on=today - timedelta(days=1), published_on=today)
    decision_recorded(swale, title="Swale parking", decided_on=today - timedelta(days=1), published_on=today)
    decision_recorded(
        maidstone, title="Long settled", decided_on=today - timedelta(days=90), published_on=today - timedelta(days=89)
    )
    ForwardPlanEntryFactory(
        council=maidstone,
        matter="Leisure centre",
        notice_published_on=today + timedelta(days=3),
        expected_on=today + timedelta(days=60),
    )
    client.force_login(maidstone_democratic_services)
    page = client.get(YOUR_WORK).content.decode()
    call_in = page[page.index('id="call-in"') : page.index('id="forward-plan"')]
    assert "Waste contract" in call_in and "call-in ends" in call_in
    assert "Swale parking" not in page and "Long settled" not in page
    assert "Leisure centre" in page and "last day for 28 clear days" in page


def test_a_head_of_service_sees_the_returns_waiting_for_review(client, ict, head_of_ict):
    monitoring_round = _round(ict, due_in_days=5)
    monitoring_round.returns.filter(council__code="SBC").update(status="submitted", submitted_at=timezone.now())
    client.force_login(head_of_ict)
    page = client.get(YOUR_WORK).content.decode()
    review = page[page.index('id="review"') :]
    assert "Swale Borough Council, 2012/13 quarter 2" in review and "Maidstone" not in review


def test_a_board_member_starts_at_the_dashboards_savings_position(client, board_member):
    client.force_login(board_member)
    assert client.get(START)["Location"] == reverse("board:dashboard")
    page = client.get(YOUR_WORK).content.decode()
    assert reverse("board:dashboard") in page and "No returns, grids or deadlines" in page


def test_an_administrator_starts_at_the_overview(client, administrator):
    client.force_login(administrator)
    assert client.get(START)["Location"] == reverse("partnership:overview")


def test_someone_without_a_role_is_refused_and_it_is_logged(client, django_user_model, caplog):
    client.force_login(django_user_model.objects.create_user("nobody", password="irrelevant-pw"))
    assert client.get(YOUR_WORK).status_code == 403
    assert any("refused user=nobody" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("extra", [0, 27])
def test_an_officers_work_takes_the_same_queries_for_3_and_30_services(
    client, ict, maidstone, maidstone_officer, django_assert_num_queries, extra
):
    _round(ict, due_in_days=3)
    for number in range(extra):
        service = shared_service_with_partners(maidstone, CouncilFactory(), name=f"Service {number}", slug=f"s{number}")
        _round(service, due_in_days=number)
    assert ServicePartner.objects.filter(council=maidstone).count() == 1 + extra
    client.force_login(maidstone_officer)
    # The session, the user and the council; the returns and the partners (one query each).
    with django_assert_num_queries(5):
        page = client.get(YOUR_WORK)
    assert page.content.decode().count("quarter 2</a>") == 1 + extra


@pytest.mark.parametrize("extra", [0, 27])
def test_democratic_services_work_takes_the_same_queries_for_3_and_30_decisions(
    client, maidstone, maidstone_democratic_services, django_assert_num_queries, extra
):
    today = timezone.localdate()
    for number in range(1 + extra):
        decision_recorded(maidstone, title=f"Decision {number}", decided_on=today, published_on=today)
        ForwardPlanEntryFactory(council=maidstone, notice_published_on=today, expected_on=today + timedelta(days=40))
    client.force_login(maidstone_democratic_services)
    # The session, the user and the council; the recent decisions and the plan's entries.
    with django_assert_num_queries(5):
        page = client.get(YOUR_WORK)
    assert page.content.decode().count("call-in ends") == 1 + extra
