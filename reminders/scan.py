"""The daily scan: ask every kind what is due, skip what each person turned off or was already
sent, and email the rest, each at once or in the person's one digest of the day."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from reminders.mail import queue_email
from reminders.models import Delivery, Preference, SentReminder
from reminders.registry import REGISTRY, Due


@dataclass(frozen=True)
class Told:
    due: Due
    corrects: SentReminder | None


def due_today(today: date) -> list[Due]:
    """Everything owed today by every kind, before anyone's choices."""
    return [due for kind in REGISTRY.values() for due in kind.find(today) if due.send_on <= today <= due.due_on]


def _fresh(dues: list[Due]) -> list[Told]:
    """Dues not already sent, each with the earlier reminder of the same thing it corrects."""
    person_ids = {due.person.pk for due in dues}
    earlier: dict[tuple, list[SentReminder]] = defaultdict(list)
    for sent in SentReminder.objects.filter(person_id__in=person_ids).order_by("due_on"):
        earlier[(sent.person_id, sent.kind, sent.object_key)].append(sent)
    fresh = []
    for due in dues:
        previous = earlier[(due.person.pk, due.kind, due.object_key)]
        if any(sent.due_on == due.due_on for sent in previous):
            continue
        fresh.append(Told(due, previous[-1] if previous else None))
    return fresh


def send_reminders(*, today: date, digests: bool = True) -> int:
    """Send what is due today; how many reminders were sent. Safe to run as often as wished.

    ``digests`` False sends only to those who take each reminder as it comes: the run made when a
    date is entered, so a digest stays one email a day.
    Its rows are no partnership's data (no page adds them up), so no dashboard's cache is touched.
    """
    dues = due_today(today)
    off = {
        (person_id, kind)
        for person_id, kinds in Preference.objects.values_list("person_id", "turned_off")
        for kind in kinds
    }
    dues = [due for due in dues if (due.person.pk, due.kind) not in off]
    digest_ids = set(Preference.objects.filter(delivery=Delivery.DIGEST).values_list("person_id", flat=True))
    by_person: dict[int, list[Told]] = defaultdict(list)
    for told in _fresh(dues):
        by_person[told.due.person.pk].append(told)
    sent = 0
    for told_list in by_person.values():
        person = told_list[0].due.person
        if person.pk in digest_ids and not digests:
            continue
        batches = [told_list] if person.pk in digest_ids else [[told] for told in told_list]
        for batch in batches:
            sent += _send(person, batch, today)
    return sent


def _send(person, batch: list[Told], today: date) -> int:
    """Record and email one batch; a scan racing this one on the same rows sends nothing twice."""
    try:
        with transaction.atomic():
            rows = [
                SentReminder.objects.create(
                    person=person,
                    kind=told.due.kind,
                    object_key=told.due.object_key,
                    due_on=told.due.due_on,
                    sent_on=today,
                    corrects=told.corrects,
                )
                for told in batch
            ]
            email = queue_email(
                person=person,
                subject=_subject(batch),
                template="reminders/email/reminders",
                context={"items": [_item(told) for told in batch], "digest": len(batch) > 1, "today": today},
            )
            SentReminder.objects.filter(pk__in=[row.pk for row in rows]).update(email=email)
    except IntegrityError:
        return 0
    return len(batch)


def _subject(batch: list[Told]) -> str:
    if len(batch) > 1:
        return f"{len(batch)} reminders about your shared services"
    told = batch[0]
    prefix = "Corrected date: " if told.corrects else ""
    return prefix + REGISTRY[told.due.kind].label + f" on {told.due.due_on:%-d %B %Y}"


def _item(told: Told) -> dict:
    return {
        "label": REGISTRY[told.due.kind].label,
        "due_on": told.due.due_on,
        "why": told.due.why,
        "link": told.due.link,
        "corrects": told.corrects.due_on if told.corrects else None,
    }
