"""The forward plan, review milestones and the iCal feed as officers see them."""

from datetime import date, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from governance.ical import CONTENT_TYPE
from partnership.models import ReviewPoint
from tests.factories import decision_recorded, shared_service_with_partners


@pytest.fixture
def signed_in(client, board_member):
    client.force_login(board_member)
    return client


def _planned(council, *, notice_days_before: int | None, title: str):
    decided = timezone.localdate() + timedelta(days=40)
    notice = None if notice_days_before is None else decided - timedelta(days=notice_days_before)
    return decision_recorded(
        council,
        title=title,
        status="for_determination",
        reason_key="policy",
        decided_on=decided,
        notice_published_on=notice,
    )


def test_the_forward_plan_warns_of_short_notice_and_names_the_route(signed_in, maidstone, swale):
    _planned(maidstone, notice_days_before=29, title="Plenty of notice")  # 28 clear days
    _planned(maidstone, notice_days_before=10, title="Ten days")  # 9 clear days
    _planned(swale, notice_days_before=None, title="No notice")
    page = signed_in.get(reverse("governance:forward-plan")).content.decode()
    assert "Adequate notice (regulation 9): notice gave 28 clear days" in page
    assert "General exception (regulation 10): notice gave 9 clear days, 19 clear days short" in page
    assert "Special urgency (regulation 11): no notice was published" in page
    assert page.count("Short notice") == 2
    # By council, then decision maker: Maidstone's two before Swale's one.
    assert page.index("Plenty of notice") < page.index("No notice") and page.index("Ten days") < page.index("No notice")


def test_past_decisions_are_not_in_the_forward_plan(signed_in, maidstone):
    decision_recorded(maidstone, title="Taken long ago", reason_key="policy", decided_on=date(2012, 4, 16))
    assert "Taken long ago" not in signed_in.get(reverse("governance:forward-plan")).content.decode()


def test_the_forward_plan_and_milestones_are_of_one_partnership_chosen_by_its_slug(signed_in, maidstone, swale):
    mine = shared_service_with_partners(maidstone, name="Mid Kent ICT", agreement_start=date(2013, 4, 1), term_years=10)
    theirs = shared_service_with_partners(swale, name="Elsewhere Legal", agreement_start=date(2014, 4, 1), term_years=5)
    for council, service in ((maidstone, mine), (swale, theirs)):
        decision_recorded(
            council,
            title=f"Extend {service.name}",
            service=service,
            status="for_determination",
            reason_key="policy",
            decided_on=timezone.localdate() + timedelta(days=40),
        )
    for name in ("governance:forward-plan", "governance:milestones"):
        page = signed_in.get(reverse(name), {"partnership": theirs.partnership.slug}).content.decode()
        assert "Elsewhere Legal" in page and "Mid Kent ICT" not in page, name
        assert f'<option value="{theirs.partnership.slug}" selected>' in page
        assert signed_in.get(reverse(name), {"partnership": "nowhere"}).status_code == 404
    # The links to each council's own plan are of the chosen partnership's councils only.
    page = signed_in.get(reverse("governance:forward-plan"), {"partnership": theirs.partnership.slug}).content.decode()
    assert f"{swale.name} forward plan" in page and f"{maidstone.name} forward plan" not in page


def test_milestones_show_overdue_and_upcoming_reviews(signed_in, maidstone, swale):
    today = timezone.localdate()
    service = shared_service_with_partners(
        maidstone,
        swale,
        name="Mid Kent ICT",
        slug="ict",
        agreement_start=today.replace(year=today.year - 4),
        term_years=10,
    )
    ReviewPoint.objects.create(service=service, name="Post-implementation review", after_years=3)
    ReviewPoint.objects.create(service=service, name="Full review", after_years=5)
    page = signed_in.get(reverse("governance:milestones")).content.decode()
    assert page.index("Post-implementation review") < page.index("Full review") < page.index("End of term")
    assert ">Overdue<" in page and ">Upcoming<" in page


def _events(feed: bytes) -> dict[str, tuple[date, date]]:
    """Each event's summary with its start and (exclusive) end day, as a diary reads the feed."""
    parsed = icalendar.Calendar.from_ical(feed)
    return {str(e["SUMMARY"]): (e.decoded("DTSTART"), e.decoded("DTEND")) for e in parsed.walk("VEVENT")}


def test_the_ical_feed_has_decision_dates_call_in_expiry_and_milestones(signed_in, maidstone, ict, settings):
    settings.CALENDAR_UID_DOMAIN = "councils.example"
    ict.agreement_start, ict.term_years = date(2013, 4, 1), 10
    ict.save()
    ReviewPoint.objects.create(service=ict, name="Post-implementation review", after_years=3)
    decision = decision_recorded(maidstone, title="MKIP ICT Partnership", published_on=date(2012, 4, 17))
    response = signed_in.get(reverse("governance:calendar"))
    assert response["Content-Type"] == CONTENT_TYPE
    feed = response.content.decode().replace("\r\n ", "")
    assert f"UID:decision-{decision.pk}-decided@councils.example" in feed
    events = _events(response.content)
    assert events["Call-in ends: MKIP ICT Partnership"] == (date(2012, 4, 24), date(2012, 4, 25))
    assert events["In effect: MKIP ICT Partnership"] == (date(2012, 4, 25), date(2012, 4, 26))
    assert events["Mid Kent ICT: Post-implementation review"] == (date(2016, 4, 1), date(2016, 4, 2))
    assert "Mid Kent ICT: End of term" in events


def test_the_ical_feed_needs_a_signed_in_reader(client):
    response = client.get(reverse("governance:calendar"))
    assert response.status_code == 302 and "sign-in" in response["Location"]
