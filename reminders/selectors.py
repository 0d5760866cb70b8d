"""Reads for the reminder pages."""

from mkip.jobs import failed_tasks, gave_up
from reminders.models import Delivery, Email, EmailStatus, Preference, TurnedOff
from reminders.registry import REGISTRY


def preferences_of(person) -> dict:
    """The form's initial values for ``person``: two queries."""
    preference = Preference.objects.filter(person=person).first()
    off = set(TurnedOff.objects.filter(person=person).values_list("kind", flat=True))
    return {
        "delivery": preference.delivery if preference else Delivery.IMMEDIATE,
        "wanted": [code for code in REGISTRY if code not in off],
    }


def problems(limit: int = 200) -> dict:
    """Failed background tasks and refused addresses, newest first: two queries."""
    failures = [{"result": result, "gave_up": gave_up(result)} for result in failed_tasks(limit)]
    bounced = Email.objects.filter(status=EmailStatus.BOUNCED).select_related("person")[:limit]
    return {"failures": failures, "bounced": list(bounced)}
