"""The kinds of reminder the app sends today: call-in, decisions taking effect, forward-plan
notices, monitoring returns and review milestones. Each reads its own app's data in a fixed number of queries."""

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from finance.models_monitoring import EDITABLE, MonitoringReturn
from governance import calendar
from governance.models import Decision, ForwardPlanEntry, NoticeRoute
from partnership.agreement import review_milestones
from partnership.models import Role, SharedService, User
from reminders.registry import Due, reminder_kind

# How far ahead each date is told.
RETURN_DUE_WORKING_DAYS_AHEAD = 3
MILESTONE_DAYS_AHEAD = 30
# Dates further back than this are not looked at again: a scan that missed a day still sends.
LOOK_BACK_DAYS = 14


def _working_day_on_or_before(day: date) -> date:
    while not calendar.is_working_day(day):
        day -= calendar.ONE_DAY
    return day


def _working_days_before(day: date, n: int) -> date:
    for _ in range(n):
        day = _working_day_on_or_before(day - calendar.ONE_DAY)
    return day


def _by_council(role: str, council_ids) -> dict[int, list[User]]:
    people: dict[int, list[User]] = {}
    for person in User.objects.filter(role=role, council_id__in=council_ids, is_active=True).exclude(email=""):
        people.setdefault(person.council_id, []).append(person)
    return people


def _administrators() -> list[User]:
    admins = User.objects.filter(Q(role=Role.ADMINISTRATOR) | Q(is_superuser=True), is_active=True)
    return list(admins.exclude(email=""))


def _published_decisions(today: date):
    start = today - timedelta(days=LOOK_BACK_DAYS)
    return (
        Decision.objects.filter(published_on__isnull=False, subject_to_call_in=True)
        .filter(
            Q(effective_from__gte=start) | Q(effective_from__isnull=True, published_on__gte=start - timedelta(days=60))
        )
        .select_related("council")
    )


def _decision_people(decisions) -> tuple[dict[int, list[User]], list[User]]:
    return _by_council(Role.DEMOCRATIC_SERVICES, {d.council_id for d in decisions}), _administrators()


@reminder_kind("call_in_ends", "The last day a decision can be called in")
def call_in_ends(today: date):
    decisions = [d for d in _published_decisions(today) if d.call_in_expires]
    by_council, admins = _decision_people(decisions)
    for decision in decisions:
        expires = decision.call_in_expires
        why = (
            f"The call-in period for “{decision.title}” ends on {expires:%A %-d %B %Y}; "
            f"you are told as democratic services for {decision.council or 'the partnership board'}."
        )
        for person in by_council.get(decision.council_id, admins):
            key = f"decision:{decision.pk}"
            yield Due(person, expires, expires, "call_in_ends", key, decision.get_absolute_url(), why)


@reminder_kind("decision_takes_effect", "A decision takes effect")
def decision_takes_effect(today: date):
    decisions = [d for d in _published_decisions(today) if d.effective_from]
    by_council, admins = _decision_people(decisions)
    for decision in decisions:
        effective = decision.effective_from
        why = (
            f"“{decision.title}” takes effect on {effective:%A %-d %B %Y} and can then be implemented; "
            f"you are told as democratic services for {decision.council or 'the partnership board'}."
        )
        send_on = _working_day_on_or_before(effective)
        for person in by_council.get(decision.council_id, admins):
            key = f"decision:{decision.pk}"
            yield Due(person, effective, send_on, "decision_takes_effect", key, decision.get_absolute_url(), why)


def _route_deadline(entry) -> str:
    """What the entry's notice route asks by when, in a sentence."""
    if entry.route == NoticeRoute.GENERAL_EXCEPTION:
        last_day = calendar.latest_notice_date(entry.expected_on, calendar.GENERAL_EXCEPTION_CLEAR_DAYS)
        chair = entry.scrutiny_chair_informed or "the chair of the overview and scrutiny committee"
        return (
            f"it goes ahead under the general exception (regulation 10), so the notice must be published by "
            f"{last_day:%A %-d %B %Y} for {calendar.GENERAL_EXCEPTION_CLEAR_DAYS} clear days, with {chair} "
            f"informed in writing."
        )
    if entry.route == NoticeRoute.SPECIAL_URGENCY:
        agreed = entry.urgency_agreed_by or "the chair of the overview and scrutiny committee"
        return (
            f"it goes ahead under special urgency (regulation 11), agreed by {agreed}: the notice must say why "
            f"the decision is urgent and cannot reasonably be deferred."
        )
    return f"the last day for 28 clear days before the decision is {entry.publish_by:%A %-d %B %Y}."


@reminder_kind("forward_plan_notice_due", "A forward plan notice is to be published")
def forward_plan_notice_due(today: date):
    """The day an entry's notice is to be published, told the working day before, with the last
    day that still gives 28 clear days, so a slipped notice is caught before it needs an exception."""
    entries = list(
        ForwardPlanEntry.objects.filter(
            notice_published_on__gte=today - timedelta(days=LOOK_BACK_DAYS), expected_on__gte=today
        ).select_related("council")
    )
    by_council = _by_council(Role.DEMOCRATIC_SERVICES, {entry.council_id for entry in entries})
    for entry in entries:
        publish_on = entry.notice_published_on
        why = (
            f"The forward plan notice of “{entry.matter}” is to be published on {publish_on:%A %-d %B %Y}; "
            f"{_route_deadline(entry)} You are told as democratic services for {entry.council}."
        )
        send_on = _working_days_before(publish_on, 1)
        for person in by_council.get(entry.council_id, []):
            key = f"forward-plan:{entry.pk}"
            yield Due(person, publish_on, send_on, "forward_plan_notice_due", key, entry.get_absolute_url(), why)


@reminder_kind("monitoring_return_due", "A quarterly monitoring return is due")
def monitoring_return_due(today: date):
    returns = list(
        MonitoringReturn.objects.filter(
            status__in=EDITABLE, round__locked=False, round__due_on__gte=today - timedelta(days=LOOK_BACK_DAYS)
        ).select_related("round__service", "council")
    )
    officers = _by_council(Role.OFFICER, {r.council_id for r in returns})
    heads: dict[int, list[User]] = {}
    service_ids = {r.round.service_id for r in returns}
    for head in User.objects.filter(role=Role.HEAD_OF_SERVICE, headed_service_id__in=service_ids, is_active=True):
        if head.email:
            heads.setdefault(head.headed_service_id, []).append(head)
    for ret in returns:
        due = ret.round.due_on
        send_on = _working_days_before(due, RETURN_DUE_WORKING_DAYS_AHEAD)
        link = reverse("finance:monitoring-return", args=[ret.round.service.slug, ret.pk])
        for person in officers.get(ret.council_id, []) + heads.get(ret.round.service_id, []):
            why = (
                f"{ret.council.name}’s return for {ret.round} is due on {due:%A %-d %B %Y} "
                f"and is {ret.get_status_display().lower()}; you are told as "
                f"{'its head of service' if person.role == Role.HEAD_OF_SERVICE else 'an officer of the council'}."
            )
            yield Due(person, due, send_on, "monitoring_return_due", f"monitoring-return:{ret.pk}", link, why)


@reminder_kind("review_milestone", "A review milestone of a partnership agreement is near")
def review_milestone(today: date):
    services = SharedService.objects.filter(agreement_start__isnull=False, term_years__isnull=False).prefetch_related(
        "review_points"
    )
    admins = _administrators()
    for service in services:
        points = [(point.name, point.after_years) for point in service.review_points.all()]
        for milestone in review_milestones(service.agreement_start, service.term_years, points):
            if not today - timedelta(days=LOOK_BACK_DAYS) <= milestone.due <= today + timedelta(days=90):
                continue
            why = (
                f"The {milestone.name.lower()} of {service.name} is due on {milestone.due:%A %-d %B %Y}; "
                "you are told as a partnership administrator."
            )
            link = reverse("governance:milestones")
            send_on = milestone.due - timedelta(days=MILESTONE_DAYS_AHEAD)
            key = f"review:{service.pk}:{milestone.name}"[:120]
            for person in admins:
                yield Due(person, milestone.due, send_on, "review_milestone", key, link, why)
