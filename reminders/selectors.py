"""Reads for the reminder pages."""

from mkip.jobs import failed_tasks, gave_up
from mkip.stale import record_version
from reminders.models import Email, EmailStatus, Preference
from reminders.registry import REGISTRY


def preference_of(person) -> Preference:
    """``person``'s settings, or the unsaved defaults for one who never chose: one query."""
    return Preference.objects.filter(person=person).first() or Preference(person=person)


def preferences_of(preference: Preference) -> dict:
    """The form's initial values of ``preference``."""
    off = set(preference.turned_off)
    return {"delivery": preference.delivery, "wanted": [code for code in REGISTRY if code not in off]}


def preference_version(preference: Preference) -> str:
    """The version the settings page loads (one query for saved settings)."""
    return record_version(preference)


def problems(limit: int = 200) -> dict:
    """Failed background tasks and refused addresses, newest first: two queries."""
    failures = [{"result": result, "gave_up": gave_up(result)} for result in failed_tasks(limit)]
    bounced = Email.objects.filter(status=EmailStatus.BOUNCED).select_related("person")[:limit]
    return {"failures": failures, "bounced": list(bounced)}
