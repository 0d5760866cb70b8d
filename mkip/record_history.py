"""A tracked record's history rows (:mod:`mkip.history`) read as people read a history page.

Each row becomes an :class:`Entry`: when, who (the person's name, or "System" / "Seed data"),
how, and each field that changed, old → new, in the words and formats of the pages (labels of
choices, the name of a linked record, money as ``£1,234``, dates as "3 December 2026").

The queries are bounded whatever the number of rows: one for the rows with their people, and
one per linked kind of record for the names of every linked record any row mentions.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from mkip.fields import MoneyField
from mkip.history import How
from mkip.money import format_gbp

# Bookkeeping of every row, not something a reader changes.
UNSHOWN_FIELDS = frozenset({"id", "illustrative_fields"})
BLANK = "Not set"
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str

    def __str__(self):
        return f"{self.label}: {self.old} → {self.new}"


@dataclass(frozen=True)
class Entry:
    version: int
    when: datetime
    who: str
    how: str
    action: str
    changes: tuple[Change, ...]
    record_id: int | None = None
    record_name: str = ""

    @property
    def summary(self) -> str:
        """``Likelihood: 3 → 4; Status: Open → Closed``, or the action when no field is compared;
        after the record's name when the entry carries it."""
        what = "; ".join(str(change) for change in self.changes) or self.action
        return f"{self.record_name}: {what}" if self.record_name else what


def format_day(day: date) -> str:
    """>>> format_day(date(2026, 12, 3))
    '3 December 2026'
    """
    return f"{day.day} {day:%B %Y}"


def format_moment(moment: datetime) -> str:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{format_day(local.date())} at {local:%H:%M}"


def shown_fields(history_model) -> list[models.Field]:
    return [f for f in history_model.tracked_fields if f.name not in UNSHOWN_FIELDS and not f.many_to_many]


def who_made(row) -> str:
    user = row.history_user
    if user is not None:
        return getattr(user, "display_name", None) or user.get_username()
    return How(row.how).label if row.how == How.SEED else "System"


def display(field: models.Field, value, names: dict) -> str:
    """``value`` of ``field`` as a page shows it; ``names`` holds the names of linked records."""
    if value is None or value == "" or value == []:
        return BLANK
    if field.is_relation:
        return names.get((field.related_model, value), f"A removed record ({value})")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, MoneyField):
        return format_gbp_pence(value)
    if isinstance(field, models.DateTimeField):
        return format_moment(value)
    if isinstance(field, models.DateField):
        return format_day(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(getattr(value, "label", value))


def format_gbp_pence(value) -> str:
    """Money in a history shows its pence when it has any: a change of 40p must not read "£100 → £100"."""
    return format_gbp(value, pence=value != value.to_integral_value())


def linked_names(fields, rows) -> dict:
    """``{(model, pk): str(record)}`` for every linked record any row mentions: one query per linked model."""
    wanted = defaultdict(set)
    for field in fields:
        if field.is_relation:
            for row in rows:
                if (value := getattr(row, field.attname)) is not None:
                    wanted[field.related_model].add(value)
    names = {}
    for model, pks in wanted.items():
        for pk, record in model._base_manager.in_bulk(pks).items():
            names[(model, pk)] = str(record)
    return names


def rows_of(history_queryset):
    """The rows oldest first, each with its person: one query."""
    return list(history_queryset.select_related("history_user").order_by("history_date", "history_id"))


def entries_from_rows(history_model, rows, *, name_records: bool = False) -> list[Entry]:
    """Entries of ``rows`` (of one or more records, oldest first), each compared with the row before it
    of the same record; newest first. ``name_records`` names each entry's record, as it was then
    (a query per row for a record whose name reads a linked record: for a few rows only)."""
    fields = shown_fields(history_model)
    names = linked_names(fields, rows)
    pk_name = history_model.instance_type._meta.pk.attname
    previous = {}
    entries = []
    for row in rows:
        record_id = getattr(row, pk_name)
        before = previous.get(record_id)
        changes = []
        if row.history_type == "~" and before is not None:
            for field in fields:
                old, new = getattr(before, field.attname), getattr(row, field.attname)
                if old != new:
                    changes.append(
                        Change(capfirst(field.verbose_name), display(field, old, names), display(field, new, names))
                    )
        entries.append(
            Entry(
                version=row.history_id,
                when=row.history_date,
                who=who_made(row),
                how=How(row.how).label,
                action=ACTIONS[row.history_type],
                changes=tuple(changes),
                record_id=record_id,
                record_name=str(row.instance) if name_records else "",
            )
        )
        previous[record_id] = row
    entries.reverse()
    return entries


def record_entries(record) -> list[Entry]:
    """Every entry of ``record``'s history, newest first."""
    return entries_from_rows(record.history.model, rows_of(record.history.all()))
