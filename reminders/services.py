"""Writes of a person's reminder settings."""

from django.db import transaction

from mkip.stale import refuse_if_record_stale
from reminders.models import Preference
from reminders.registry import REGISTRY


@transaction.atomic
def save_preferences(*, person, delivery: str, wanted: set[str], loaded_version: str | None = None) -> Preference:
    """Keep how ``person`` takes reminders and turn off every kind not in ``wanted``.

    Saved from a page opened before another save of the same settings (the person's own, in
    another tab, or an administrator's), it is refused with :class:`mkip.stale.StaleRecord`.
    """
    preference = Preference.objects.filter(person=person).first() or Preference(person=person)
    refuse_if_record_stale(record=preference, loaded_version=loaded_version)
    preference.delivery = delivery
    preference.turned_off = sorted(set(REGISTRY) - set(wanted))
    preference.full_clean()
    preference.save()
    return preference
