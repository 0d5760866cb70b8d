"""The forward plan: 28 clear days' notice of a key decision, or a recorded general exception or special urgency."""

from datetime import date
from logging import WARNING

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import calendar
from governance.forward_plan import EXPECTED_IN_THE_PAST, forward_plan_entry_save
from governance.models import Decision, ForwardPlanEntry, NoticeRoute
from governance.selectors import forward_plan_dates_due
from partnership.models import Role
from tests.factories import CouncilFactory, ForwardPlanEntryFactory, UserFactory, client_for, load_mkip_demo

pytestmark = pytest.mark.django_db

TODAY = date(2012, 12, 1)


def entry_for(council, **fields):
    defaults = {
        "matter": "Shared ICT service desk",
        "decision_maker": "cabinet",
        "reason_key": "policy",
        "contact": "Head of MKIP ICT",
        "expected_on": date(2013, 2, 13),
        "notice_published_on": date(2013, 1, 2),
    }
    return ForwardPlanEntry(council=council, **{**defaults, **fields})


# ---- the calendar across bank holidays --------------------------------------------------------------


def test_publication_date_is_29_days_before_so_christmas_and_new_year_still_count_as_clear_days():
    # Clear days are calendar days: 25, 26 December and 1 January are counted, not skipped.
    assert calendar.latest_notice_date(date(2013, 1, 10)) == date(2012, 12, 12)
    assert calendar.clear_days_between(date(2012, 12, 12), date(2013, 1, 10)) == 28
    assert calendar.notice_route(date(2012, 12, 13), date(2013, 1, 10)).route == calendar.Route.GENERAL_EXCEPTION


def test_easter_does_not_lengthen_the_general_exception_period():
    # Good Friday 29/03/2013 and Easter Monday 01/04/2013 are among the 5 clear days.
    assert calendar.notice_route(date(2013, 3, 27), date(2013, 4, 2)).route == calendar.Route.GENERAL_EXCEPTION
    assert calendar.notice_route(date(2013, 3, 28), date(2013, 4, 2)).route == calendar.Route.SPECIAL_URGENCY


# ---- the service --------------------------------------------------------------------------------------


def test_an_entry_with_28_clear_days_is_saved_as_adequate_notice():
    entry = forward_plan_entry_save(entry=entry_for(CouncilFactory()), today=TODAY)
    assert entry.route == NoticeRoute.ADEQUATE
    assert entry.publish_by == date(2013, 1, 15)


def test_short_notice_is_refused_unless_the_scrutiny_chair_was_informed():
    council = CouncilFactory()
    with pytest.raises(ValidationError) as refused:
        forward_plan_entry_save(entry=entry_for(council, notice_published_on=date(2013, 1, 30)), today=TODAY)
    assert "scrutiny_chair_informed" in refused.value.message_dict
    assert not ForwardPlanEntry.objects.exists()
    saved = forward_plan_entry_save(
        entry=entry_for(
            council,
            notice_published_on=date(2013, 1, 30),
            scrutiny_chair_informed="Councillor Jane Smith",
            chair_informed_on=date(2013, 1, 29),
        ),
        today=TODAY,
    )
    assert saved.route == NoticeRoute.GENERAL_EXCEPTION


def test_fewer_than_5_clear_days_needs_the_chairs_agreement_to_special_urgency():
    council = CouncilFactory()
    late = {"notice_published_on": date(2013, 2, 10)}
    with pytest.raises(ValidationError) as refused:
        forward_plan_entry_save(entry=entry_for(council, **late), today=TODAY)
    assert "urgency_agreed_by" in refused.value.message_dict
    saved = forward_plan_entry_save(
        entry=entry_for(council, **late, urgency_agreed_by="Councillor Jane Smith", urgency_agreed_on=date(2013, 2, 9)),
        today=TODAY,
    )
    assert saved.route == NoticeRoute.SPECIAL_URGENCY


def test_an_expected_date_in_the_past_is_refused_on_its_field():
    with pytest.raises(ValidationError) as refused:
        forward_plan_entry_save(entry=entry_for(CouncilFactory(), expected_on=date(2012, 11, 30)), today=TODAY)
    assert refused.value.message_dict["expected_on"] == [EXPECTED_IN_THE_PAST]


def test_reminders_find_entries_on_their_last_day_for_28_clear_days_notice():
    due = ForwardPlanEntryFactory(expected_on=date(2013, 3, 1), notice_published_on=date(2013, 2, 20))
    ForwardPlanEntryFactory(expected_on=date(2013, 3, 2), notice_published_on=date(2013, 2, 20))
    assert forward_plan_dates_due(on=date(2013, 1, 31)) == [due]


# ---- pages and permissions ------------------------------------------------------------------------


@pytest.fixture
def demo():
    load_mkip_demo()


def test_the_demo_plan_lists_its_illustrative_entries_and_prints(demo):
    client = client_for("officer.mbc")
    page = client.get(reverse("governance:forward-plan-council", args=["MBC"]))
    assert "MKIP ICT: post-implementation review after three years" in page.content.decode()
    assert "Illustrative" in page.content.decode()
    assert "Add a forward plan entry" not in page.content.decode()
    pdf = client.get(reverse("governance:forward-plan-pdf", args=["MBC"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_democratic_services_add_an_entry_and_markup_is_escaped(demo):
    client = client_for("democratic.mbc")
    response = client.post(
        reverse("governance:forward-plan-new", args=["MBC"]),
        {
            "matter": "<script>alert(1)</script> Shared planning support",
            "decision_maker": "cabinet",
            "expected_on": "13/02/2099",
            "notice_published_on": "02/01/2099",
            "reason_key": "policy",
            "contact": "Head of Planning",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("governance:forward-plan-council", args=["MBC"])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Shared planning support" in page


def test_an_impossible_date_and_overlong_matter_are_refused_on_their_fields(demo):
    client = client_for("democratic.mbc")
    response = client.post(
        reverse("governance:forward-plan-new", args=["MBC"]),
        {"matter": "x" * 10_000, "expected_on": "31/02/2012", "reason_key": "policy", "contact": "A"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "matter" in errors and "expected_on" in errors
    assert ForwardPlanEntry.objects.filter(council__code="MBC").count() == 2


def test_another_councils_democratic_services_cannot_change_the_plan(demo, caplog):
    stranger = UserFactory(role=Role.DEMOCRATIC_SERVICES, council=CouncilFactory(code="SBC"))
    entry = ForwardPlanEntry.objects.filter(council__code="MBC").first()
    client = client_for(stranger.username)
    with caplog.at_level(WARNING, logger="mkip.security"):
        refused = client.post(reverse("governance:forward-plan-edit", args=[entry.pk]), {"matter": "Taken over"})
    assert refused.status_code == 403
    assert "refused" in caplog.text
    entry.refresh_from_db()
    assert entry.matter != "Taken over"


def test_a_key_decision_with_no_forward_plan_entry_is_flagged_and_one_with_an_entry_is_not(demo):
    decision = Decision.objects.get(title="MKIP ICT Partnership")
    page = client_for("officer.mbc").get(decision.get_absolute_url()).content.decode()
    assert decision.is_key_decision and "No forward plan entry" in page
    decision.forward_plan_entry = ForwardPlanEntry.objects.filter(council=decision.council).first()
    decision.save()
    assert "No forward plan entry" not in client_for("officer.mbc").get(decision.get_absolute_url()).content.decode()


def test_the_decision_form_offers_only_its_own_councils_forward_plan_entries(demo):
    ForwardPlanEntryFactory(council=CouncilFactory(code="SBC"), matter="Swale's own matter")
    decision = Decision.objects.get(title="MKIP ICT Partnership")
    page = client_for("democratic.mbc").get(reverse("governance:decision-edit", args=[decision.pk])).content.decode()
    assert "MKIP ICT: capital fund for the second year" in page
    assert "Swale&#x27;s own matter" not in page and "Swale's own matter" not in page


def test_the_plans_calendar_gives_each_entrys_decision_and_publish_by_dates(demo):
    feed = client_for("officer.mbc").get(reverse("governance:forward-plan-ical", args=["MBC"])).content.decode()
    # Expected 12/02/2014: notice must be published by 14/01/2014 for 28 clear days.
    assert "DTSTART;VALUE=DATE:20140212" in feed
    assert "DTSTART;VALUE=DATE:20140114" in feed
    assert "Publish by: MKIP ICT: capital fund for the second year" in feed
