"""A record's history rows read as people read them: who, when, how, and each field old → new."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Risk, RiskStatus
from mkip.history import How, recording
from mkip.money import format_gbp
from mkip.record_history import BLANK, entries_from_rows, format_day, record_entries, rows_of
from partnership.models import ServicePartner
from tests.factories import CouncilFactory, ServicePartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def changed_by(user, record, **fields):
    """Save ``fields`` on ``record`` as ``user`` would through a form."""
    for name, value in fields.items():
        setattr(record, name, value)
    record._history_user = user
    with recording(how=How.FORM):
        record.save()


def test_first_entry_reads_created_and_later_ones_name_each_field_changed_old_and_new():
    council = CouncilFactory(key_decision_threshold=Decimal("250000"))
    editor = UserFactory(username="ed", first_name="Edith", last_name="Ward")
    changed_by(editor, council, key_decision_threshold=Decimal("300000"), call_in_working_days=7)

    changed, created = record_entries(council)

    assert created.action == "Created" and created.changes == ()
    assert changed.action == "Changed"
    assert changed.who == "Edith Ward" and changed.how == "Form"
    assert {(c.label, c.old, c.new) for c in changed.changes} == {
        ("Key decision threshold", format_gbp(Decimal("250000")), format_gbp(Decimal("300000"))),
        ("Call in working days", "5", "7"),
    }


def test_values_read_as_the_pages_show_them_choices_dates_yes_no_and_linked_records():
    partner = ServicePartnerFactory(joined=date(2013, 4, 1))
    other = CouncilFactory(name="Other Borough Council")
    changed_by(None, partner, joined=date(2014, 5, 2), left=date(2020, 3, 31), is_host=True, council=other)

    changes = {c.label: (c.old, c.new) for c in record_entries(partner)[0].changes}

    assert changes["Joined"] == (format_day(date(2013, 4, 1)), "2 May 2014")
    assert changes["Left"] == (BLANK, "31 March 2020")
    assert changes["Host council"] == ("No", "Yes")
    assert changes["Council"][1] == "Other Borough Council"


def test_a_choice_reads_as_its_label(ict):
    risk = Risk.objects.create(
        service=ict, category="financial", title="Overspend", owner="Head", likelihood=2, impact=3
    )
    changed_by(None, risk, status=RiskStatus.CLOSED)

    (change,) = record_entries(risk)[0].changes

    assert change.new == RiskStatus.CLOSED.label


def test_who_is_the_person_else_seed_data_or_the_system():
    with recording(how=How.SEED):
        council = CouncilFactory()
    changed_by(None, council, call_in_working_days=6)

    system, seed = record_entries(council)

    assert seed.who == "Seed data" and seed.how == "Seed data"
    assert system.who == "System"


def test_a_deleted_record_reads_deleted():
    partner = ServicePartnerFactory()
    history = ServicePartner.history.filter(id=partner.pk)
    partner.delete()

    assert entries_from_rows(history.model, rows_of(history))[0].action == "Deleted"


@pytest.mark.parametrize("rows", [2, 20])
def test_reading_a_history_takes_the_same_queries_for_2_or_20_rows(rows):
    partner = ServicePartnerFactory()
    editors = [UserFactory() for _ in range(3)]
    councils = [CouncilFactory() for _ in range(3)]
    for number in range(rows - 1):
        changed_by(editors[number % 3], partner, council=councils[number % 3])
    partner = ServicePartner.objects.get(pk=partner.pk)

    with CaptureQueriesContext(connection) as queries:
        assert len(record_entries(partner)) == rows

    # The rows with their people, then the names of the councils and of the service they mention.
    assert len(queries) == 3
