"""Reminders reach the person responsible, through a real SMTP server, once per date."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from governance import calendar
from partnership.models import Role
from reminders.models import Delivery, Email, EmailStatus, Preference, SentReminder
from reminders.scan import send_reminders
from tests.conftest import REFUSED_DOMAIN
from tests.factories import ForwardPlanEntryFactory, UserFactory, decision_recorded
from tests.reminders.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)

# Friday 1 June 2012; Monday 4 and Tuesday 5 June were bank holidays (the moved spring bank
# holiday and the Diamond Jubilee), so five working days run to Tuesday 12 June.
FRIDAY_BEFORE_JUBILEE = date(2012, 6, 1)
CALL_IN_ENDS = date(2012, 6, 12)


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _run_each_day(first: date, last: date, inbox) -> dict[date, list]:
    """Run the daily scan and the worker for every day; the emails that arrived, by day."""
    arrived = {}
    for day in _days(first, last):
        before = len(inbox.messages)
        with transaction.atomic():
            send_reminders(today=day)
        run_queued_tasks()
        arrived[day] = inbox.messages[before:]
    return arrived


@pytest.fixture
def democratic_services(maidstone):
    return UserFactory(
        username="democratic.mbc",
        role=Role.DEMOCRATIC_SERVICES,
        council=maidstone,
        email="democratic@maidstone.example",
        first_name="Dana",
        last_name="O'Neil <clerk>",
    )


@pytest.fixture
def swale_democratic_services(swale):
    return UserFactory(
        username="democratic.sbc", role=Role.DEMOCRATIC_SERVICES, council=swale, email="ds@swale.example"
    )


def _decision_before_the_jubilee(maidstone, title="Shared ICT <script>alert(1)</script>"):
    return decision_recorded(
        maidstone,
        title=title,
        decided_on=FRIDAY_BEFORE_JUBILEE,
        published_on=FRIDAY_BEFORE_JUBILEE,
        call_in_working_days=5,
    )


def _call_in_emails(arrived):
    return {day: [m for m in messages if "called in" in m["Subject"]] for day, messages in arrived.items()}


def test_a_decision_published_the_friday_before_a_bank_holiday_is_told_once_on_the_last_call_in_day(
    smtp_server, maidstone, democratic_services, swale_democratic_services
):
    decision = _decision_before_the_jubilee(maidstone)
    assert decision.call_in_expires == CALL_IN_ENDS == calendar.call_in_expires(FRIDAY_BEFORE_JUBILEE, 5)

    arrived = _call_in_emails(_run_each_day(FRIDAY_BEFORE_JUBILEE, date(2012, 6, 15), smtp_server))

    assert {day: len(found) for day, found in arrived.items() if found} == {CALL_IN_ENDS: 1}
    email = arrived[CALL_IN_ENDS][0]
    assert email["To"].addresses[0].addr_spec == "democratic@maidstone.example"
    assert "Tuesday 12 June 2012" in email.get_body(("plain",)).get_content()


def test_the_email_links_to_the_page_says_why_and_how_to_stop_and_escapes_what_people_typed(
    smtp_server, maidstone, democratic_services, settings
):
    decision = _decision_before_the_jubilee(maidstone)
    _run_each_day(CALL_IN_ENDS, CALL_IN_ENDS, smtp_server)

    [email] = smtp_server.messages
    text = email.get_body(("plain",)).get_content()
    html = email.get_body(("html",)).get_content()
    assert f"{settings.SITE_URL}/governance/decisions/{decision.pk}/" in text
    assert "you are told as democratic services for Maidstone" in text
    assert f"{settings.SITE_URL}/reminders/settings/" in text and "To stop these emails" in text
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The name's quote and angle brackets are quoted in the header, not read as another address.
    assert [address.addr_spec for address in email["To"].addresses] == ["democratic@maidstone.example"]


def test_a_person_who_turned_a_kind_off_gets_none_of_it(smtp_server, maidstone, democratic_services):
    Preference.objects.create(person=democratic_services, turned_off=["call_in_ends"])
    _decision_before_the_jubilee(maidstone)

    arrived = _run_each_day(FRIDAY_BEFORE_JUBILEE, date(2012, 6, 15), smtp_server)

    subjects = [m["Subject"] for messages in arrived.values() for m in messages]
    assert subjects, "the kinds left on are still sent"
    assert not [s for s in subjects if "called in" in s]


def test_a_digest_puts_the_days_reminders_in_one_email(smtp_server, maidstone, democratic_services):
    Preference.objects.create(person=democratic_services, delivery=Delivery.DIGEST)
    _decision_before_the_jubilee(maidstone, title="First")
    _decision_before_the_jubilee(maidstone, title="Second")

    arrived = _run_each_day(CALL_IN_ENDS, CALL_IN_ENDS, smtp_server)

    [digest] = arrived[CALL_IN_ENDS]
    assert "reminders about your shared services" in digest["Subject"]
    text = digest.get_body(("plain",)).get_content()
    assert "“First”" in text and "“Second”" in text


def test_running_the_scan_again_sends_nothing_twice_and_a_changed_date_sends_a_correction(
    smtp_server, maidstone, democratic_services
):
    decision = _decision_before_the_jubilee(maidstone)
    _run_each_day(CALL_IN_ENDS, CALL_IN_ENDS, smtp_server)
    _run_each_day(CALL_IN_ENDS, CALL_IN_ENDS, smtp_server)
    assert SentReminder.objects.filter(kind="call_in_ends").count() == 1

    # The record was republished a week later: the call-in period moves.
    later = date(2012, 6, 8)
    type(decision).objects.filter(pk=decision.pk).update(published_on=later, decided_on=later)
    new_end = calendar.call_in_expires(later, 5)
    arrived = _call_in_emails(_run_each_day(new_end, new_end, smtp_server))

    [correction] = arrived[new_end]
    assert str(correction["Subject"]).strip().startswith("Corrected date:")
    assert "the date was Tuesday 12 June 2012" in correction.get_body(("plain",)).get_content()


def test_a_mail_server_that_is_down_delays_the_email_and_loses_none(smtp_server, maidstone, democratic_services):
    _decision_before_the_jubilee(maidstone)
    smtp_server.down = True
    _run_each_day(CALL_IN_ENDS, CALL_IN_ENDS, smtp_server)
    email = Email.objects.get()
    assert email.status == EmailStatus.QUEUED and email.attempts == 1 and email.last_error

    smtp_server.down = False
    # The retry waits (backoff); bring its time forward rather than sleep.
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after > retry.enqueued_at and retry.args_kwargs["kwargs"] == {"attempt": 2}
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=retry.enqueued_at)
    run_queued_tasks()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 2
    assert len(smtp_server.messages) == 1


def test_an_address_the_server_refuses_is_shown_to_the_administrator(
    smtp_server, maidstone, democratic_services, admin_client
):
    democratic_services.email = "nobody" + REFUSED_DOMAIN
    democratic_services.save()
    _decision_before_the_jubilee(maidstone)
    _run_each_day(CALL_IN_ENDS, CALL_IN_ENDS, smtp_server)

    assert Email.objects.get().status == EmailStatus.BOUNCED
    page = admin_client.get("/reminders/problems/").content.decode()
    assert "nobody@refused.invalid" in page and "550" in page


def test_a_forward_plan_notice_is_told_the_working_day_before_it_is_due_across_easter(
    smtp_server, maidstone, democratic_services, swale_democratic_services
):
    # Notice due Tuesday 2 April 2013, after Good Friday (29 March) and Easter Monday (1 April):
    # the working day before is Thursday 28 March.
    entry = ForwardPlanEntryFactory(
        council=maidstone,
        matter="Shared legal service",
        notice_published_on=date(2013, 4, 2),
        expected_on=date(2013, 5, 15),
    )
    arrived = _run_each_day(date(2013, 3, 26), date(2013, 4, 3), smtp_server)
    told = {
        day: [m for m in messages if entry.matter in m.get_body(("plain",)).get_content()]
        for day, messages in arrived.items()
    }
    assert {day: len(found) for day, found in told.items() if found} == {date(2013, 3, 28): 1}
    email = told[date(2013, 3, 28)][0]
    assert email["To"].addresses[0].addr_spec == "democratic@maidstone.example"
    body = email.get_body(("plain",)).get_content()
    assert "Tuesday 2 April 2013" in body and f"{entry.publish_by:%A %-d %B %Y}" in body


def test_a_general_exception_notice_is_told_with_its_five_clear_day_deadline_and_the_chair(
    smtp_server, maidstone, democratic_services
):
    # Decision on Wednesday 20 March 2013, notice on Monday 11 March: 8 clear days, so the
    # general exception; the last day for 5 clear days is Thursday 14 March.
    entry = ForwardPlanEntryFactory(
        council=maidstone,
        matter="Emergency accommodation contract",
        notice_published_on=date(2013, 3, 11),
        expected_on=date(2013, 3, 20),
        route="general_exception",
        scrutiny_chair_informed="Cllr Avery",
        chair_informed_on=date(2013, 3, 8),
    )
    assert entry.clear_days == 8
    arrived = _run_each_day(date(2013, 3, 8), date(2013, 3, 8), smtp_server)
    [email] = arrived[date(2013, 3, 8)]
    body = email.get_body(("plain",)).get_content()
    assert "general exception (regulation 10)" in body
    assert "published by Thursday 14 March 2013 for 5 clear days" in body and "Cllr Avery" in body
