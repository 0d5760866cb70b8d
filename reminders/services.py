"""Writes of a person's reminder settings."""

from django.db import transaction

from reminders.models import Preference, TurnedOff
from reminders.registry import REGISTRY


@transaction.atomic
def save_preferences(*, person, delivery: str, wanted: set[str]) -> Preference:
    """Keep how ``person`` takes reminders and turn off every kind not in ``wanted``."""
    preference, _ = Preference.objects.get_or_create(person=person)
    preference.delivery = delivery
    preference.full_clean()
    preference.save()
    off = set(REGISTRY) - set(wanted)
    TurnedOff.objects.filter(person=person).exclude(kind__in=off).delete()
    for kind in sorted(off):
        TurnedOff.objects.get_or_create(person=person, kind=kind)
    return preference
