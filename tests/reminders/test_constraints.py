"""The database refuses what the reminder and job rules refuse, even for a write that skips them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from mkip.models import Job, JobStatus
from reminders.models import Email, EmailStatus, Preference, SentReminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(maidstone_democratic_services):
    person = maidstone_democratic_services
    return {
        "job": Job.objects.create(kind="import", title="A file", owner=person, total=10, done=5),
        "email": Email.objects.create(person=person, to="a@example.org", subject="S", text="t", html="h"),
        "preference": Preference.objects.create(person=person),
    }


CASES = {
    "job_done_within_total": ("job", {"done": 11}),
    "job_done_has_result": ("job", {"status": JobStatus.DONE}),
    "email_status_known": ("email", {"status": "lost"}),
    "email_sent_has_time": ("email", {"status": EmailStatus.SENT}),
    "reminder_delivery_known": ("preference", {"delivery": "weekly"}),
}


def test_every_check_constraint_of_jobs_and_reminders_has_a_case():
    names = {
        constraint.name
        for model in (Job, Email, Preference, SentReminder)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
    }
    assert names == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_database_and_the_model_refuse_each_forbidden_value(rows, name):
    which, values = CASES[name]
    row = rows[which]
    before = type(row).objects.filter(pk=row.pk).values().get()
    for field, value in values.items():
        setattr(row, field, value)
    with pytest.raises(ValidationError):
        row.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(**values)
    assert type(row).objects.filter(pk=row.pk).values().get() == before


def test_a_reminder_is_recorded_once_per_person_thing_and_date(maidstone_democratic_services):
    fields = {"person": maidstone_democratic_services, "kind": "call_in_ends", "object_key": "decision:1"}
    SentReminder.objects.create(**fields, due_on="2012-06-12", sent_on="2012-06-12")
    SentReminder.objects.create(**fields, due_on="2012-06-19", sent_on="2012-06-19")  # a corrected date
    with pytest.raises(IntegrityError), transaction.atomic():
        SentReminder.objects.create(**fields, due_on="2012-06-12", sent_on="2012-06-13")
