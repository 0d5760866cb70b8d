"""The dashboard's first screen answers "are we on track": savings planned to date against
delivered to date, a rating by the stated rule, and the monitoring returns that are late."""

import pytest
from django.utils import timezone

from finance.models import MonitoringRound, ReturnStatus
from finance.monitoring import delivered_to_date, delivery_rag, planned_to_date, quarter_of
from finance.selectors import delivered_savings, service_finance
from mkip.money import ZERO, format_gbp
from partnership.models import SharedService
from tests.factories import client_for, load_mkip_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    load_mkip_demo()


def test_the_first_section_is_planned_to_date_against_delivered_to_date(site):
    year, quarter = quarter_of(timezone.localdate())
    planned = {}
    for service in SharedService.objects.all():
        projection = service_finance(service).statement.projection
        for row in projection.rows if projection else ():
            planned[row.year] = planned.get(row.year, ZERO) + row.total
    delivered = {}
    for saving in delivered_savings():
        delivered[saving.year] = delivered.get(saving.year, ZERO) + saving.amount
    planned_now, delivered_now = planned_to_date(planned, year, quarter), delivered_to_date(delivered, year)

    page = client_for("board").get("/dashboard/").content.decode()
    assert page.index('id="on-track"') < page.index('id="summary"')
    section = page[page.index('id="on-track"') : page.index('id="summary"')]
    assert format_gbp(planned_now) in section and format_gbp(delivered_now) in section
    assert delivery_rag(planned_now, delivered_now).capitalize() in section


def test_a_return_past_its_due_date_is_listed_as_late_until_submitted(site):
    head = client_for("head.ict")
    head.post(
        "/finance/services/ict/monitoring/",
        {"year": "2012/13", "quarter": "1", "due_on": "15/07/2012", "threshold_amount": "0", "threshold_percent": "0"},
    )
    monitoring_round = MonitoringRound.objects.get()
    section = _on_track(client_for("board"))
    for code in ("MBC", "SBC", "TWBC"):
        assert monitoring_round.returns.get(council__code=code).council.short_name in section
    monitoring_round.returns.filter(council__code="MBC").update(status=ReturnStatus.SUBMITTED)
    section = _on_track(client_for("board"))
    assert monitoring_round.returns.get(council__code="MBC").council.short_name not in section


def _on_track(client) -> str:
    page = client.get("/dashboard/").content.decode()
    return page[page.index('id="on-track"') : page.index('id="summary"')]
