"""The daily work, as tasks the worker runs: the reminder scan and the baseline freeze.

Both are idempotent: run twice on one day, the second run finds nothing left to do.
"""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from finance.baselines import baselines_of, business_case_approvals, eligible_decisions, freeze_baseline
from mkip.jobs import requeue_abandoned
from partnership.models import SharedService
from reminders.scan import send_reminders

log = logging.getLogger("reminders")


def _day(iso: str | None) -> date:
    return date.fromisoformat(iso) if iso else timezone.localdate()


@task()
def daily_reminders(today: str | None = None) -> int:
    """Email every reminder due today; ``today`` (ISO) lets a missed day be run later."""
    requeue_abandoned()
    return send_reminders(today=_day(today))


@task()
def immediate_reminders(today: str | None = None) -> int:
    """Email at once what became due when a date was entered or changed, to those who take each
    reminder as it comes; digests wait for the day's scan."""
    return send_reminders(today=_day(today), digests=False)


def _approvals_ready(service: SharedService, today: date) -> list:
    """The decisions approving the service's business case when every one of them may approve a
    baseline today (in effect, approving, behind no earlier version), else none."""
    approvals = business_case_approvals(service)
    eligible = {d.pk for d in eligible_decisions(service, baselines_of(service), today)}
    return approvals if approvals and all(d.pk in eligible for d in approvals) else []


@task()
def freeze_due_baselines(today: str | None = None) -> list[str]:
    """Freeze a baseline for each service whose approving decisions have all taken effect.

    A service whose approvals already stand behind its latest baseline is skipped, so a second
    run the same day freezes nothing; each freeze is its own transaction, and one refused (a
    rule of :mod:`finance.baselines`) is logged and leaves the others to go ahead.
    """
    day = _day(today)
    frozen = []
    for service in SharedService.objects.order_by("slug"):
        decisions = _approvals_ready(service, day)
        if not decisions:
            continue
        try:
            with transaction.atomic():
                freeze_baseline(service=service, decisions=decisions, today=day)
        except ValidationError as error:
            log.warning("baseline of %s not frozen: %s", service.slug, error)
            continue
        frozen.append(service.slug)
    return frozen
