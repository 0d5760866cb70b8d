"""A date entered or changed is told at once: the immediate reminders run as soon as it is saved.

Without this, a date that is already due (a notice to publish tomorrow, entered this afternoon)
would wait for the next morning's scan. Each save of a record that carries a reminded date queues
one run of :func:`reminders.tasks.immediate_reminders` once its transaction commits; the run is
idempotent, so several saves in one transaction cost only repeated, empty runs.
"""

from django.db import transaction
from django.db.models.signals import post_save

from finance.models_monitoring import MonitoringRound
from governance.models import Decision, ForwardPlanEntry
from partnership.models import ReviewPoint, SharedService
from reminders.tasks import immediate_reminders

REMINDED = (Decision, ForwardPlanEntry, MonitoringRound, ReviewPoint, SharedService)


def dates_saved(sender, instance, raw=False, **kwargs):
    """Queue the immediate run after the save commits; fixtures loaded raw queue nothing."""
    if not raw:
        transaction.on_commit(immediate_reminders.enqueue)


def connect() -> None:
    for model in REMINDED:
        post_save.connect(dates_saved, sender=model, dispatch_uid=f"reminders:{model._meta.label}")
