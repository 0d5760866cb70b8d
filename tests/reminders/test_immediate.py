"""A date entered when it is already due is told at once to those who take reminders as they
come, through the real SMTP server; a digest person's waits for the day's one digest."""

from datetime import timedelta

import pytest
from django.utils import timezone

from partnership.models import Role
from reminders.models import Delivery, Preference, SentReminder
from reminders.scan import send_reminders
from tests.factories import ForwardPlanEntryFactory, UserFactory
from tests.reminders.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clerks(maidstone):
    at_once = UserFactory(
        username="democratic.mbc", role=Role.DEMOCRATIC_SERVICES, council=maidstone, email="ds@maidstone.example"
    )
    digest = UserFactory(
        username="democratic2.mbc", role=Role.DEMOCRATIC_SERVICES, council=maidstone, email="ds2@maidstone.example"
    )
    Preference.objects.create(person=digest, delivery=Delivery.DIGEST)
    return at_once, digest


def _to(email) -> str:
    [address] = email["To"].addresses
    return address.addr_spec


def _notice_due_today(council):
    """A forward plan entry whose notice is to be published today, for a decision two months on."""
    today = timezone.localdate()
    return ForwardPlanEntryFactory(
        council=council, matter="Waste contract extension", notice_published_on=today, expected_on=today + timedelta(60)
    )


def test_a_notice_entered_on_its_day_is_emailed_at_once_and_the_digest_waits_for_the_days_scan(
    smtp_server, maidstone, clerks
):
    _at_once, digest = clerks
    _notice_due_today(maidstone)

    run_queued_tasks()  # what the worker does as soon as the entry is saved; no daily scan has run

    [email] = smtp_server.messages
    assert _to(email) == "ds@maidstone.example"
    assert "forward plan notice" in email["Subject"].lower()
    assert not SentReminder.objects.filter(person=digest).exists()

    assert send_reminders(today=timezone.localdate()) == 1  # the day's scan: the digest only
    run_queued_tasks()
    assert [_to(m) for m in smtp_server.messages] == ["ds@maidstone.example", "ds2@maidstone.example"]


def test_saving_the_entry_again_sends_nothing_twice(smtp_server, maidstone, clerks):
    entry = _notice_due_today(maidstone)
    run_queued_tasks()
    entry.contact = "Democratic Services Manager"
    entry.save()
    run_queued_tasks()
    assert len(smtp_server.messages) == 1
