"""Writes to the forward plan. Keyword-only, validated with ``full_clean()``, atomic."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from governance import calendar
from governance.models import ForwardPlanEntry, NoticeRoute
from governance.models.forward_plan import EXCEPTION_NEEDS_CHAIR, URGENCY_NEEDS_AGREEMENT
from mkip.stale import refuse_if_record_stale
from partnership.revision import writes_for

EXPECTED_IN_THE_PAST = "The expected date of decision must be today or later."
NOTICE_AFTER_DECISION = "The notice must be published on or before the expected date of decision."

ROUTES = {
    calendar.Route.ADEQUATE: NoticeRoute.ADEQUATE,
    calendar.Route.GENERAL_EXCEPTION: NoticeRoute.GENERAL_EXCEPTION,
    calendar.Route.SPECIAL_URGENCY: NoticeRoute.SPECIAL_URGENCY,
}


def _route(entry: ForwardPlanEntry, today: date) -> None:
    if entry.expected_on < today:
        raise ValidationError({"expected_on": EXPECTED_IN_THE_PAST})
    if entry.notice_published_on > entry.expected_on:
        raise ValidationError({"notice_published_on": NOTICE_AFTER_DECISION})
    entry.route = ROUTES[calendar.notice_route(entry.notice_published_on, entry.expected_on).route]
    # Short notice is refused unless the route it must take is recorded on the entry.
    if entry.route == NoticeRoute.GENERAL_EXCEPTION:
        missing = {
            name: EXCEPTION_NEEDS_CHAIR
            for name in ("scrutiny_chair_informed", "chair_informed_on")
            if not getattr(entry, name)
        }
        if missing:
            raise ValidationError(missing)
    if entry.route == NoticeRoute.SPECIAL_URGENCY:
        missing = {
            name: URGENCY_NEEDS_AGREEMENT
            for name in ("urgency_agreed_by", "urgency_agreed_on")
            if not getattr(entry, name)
        }
        if missing:
            raise ValidationError(missing)


@writes_for("entry")
@transaction.atomic
def forward_plan_entry_save(
    *, entry: ForwardPlanEntry, today: date, recorded_by=None, loaded_version: str | None = None
) -> ForwardPlanEntry:
    """Save a new or changed entry; its route (adequate, general exception, special urgency) follows from its dates."""
    refuse_if_record_stale(record=entry, loaded_version=loaded_version)
    _route(entry, today)
    if recorded_by is not None and entry.recorded_by_id is None:
        entry.recorded_by = recorded_by
    entry.full_clean()
    entry.save()
    return entry
