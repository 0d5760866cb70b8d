"""Each person's first screen after signing in: what their role has to do next.

A board member's is the dashboard, whose first screen gives the savings position (planned to
date against delivered). An officer sees their council's monitoring returns to complete and the
budget grids they keep; democratic services their council's decisions in call-in and its forward
plan deadlines; a head of service the returns waiting for review. Others start at the overview.
Each list is one query, however many councils and services there are.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.shortcuts import redirect, render
from django.utils import timezone

from finance.models import Programme
from finance.models_monitoring import EDITABLE, MonitoringReturn, ReturnStatus
from governance.models import Decision, ForwardPlanEntry
from partnership.models import Role, ServicePartner
from partnership.permissions import can_read, refuse

# A decision published this long ago or more has left its call-in period, however long the council's.
CALL_IN_LOOK_BACK_DAYS = 45


@dataclass(frozen=True)
class Grid:
    service: object
    programme: str
    label: str


def officer_work(council, today: date) -> dict:
    """The council's returns still to complete, soonest due first, and its grids: two queries."""
    returns = (
        MonitoringReturn.objects.filter(council=council, status__in=EDITABLE, round__locked=False)
        .select_related("round__service")
        .order_by("round__due_on", "round__service__name")
    )
    partners = ServicePartner.objects.filter(council=council).select_related("service").order_by("service__name")
    grids = [
        Grid(partner.service, programme, label)
        for partner in partners
        if partner.is_current(today)
        for programme, label in ((Programme.REVENUE, "revenue budget"), (Programme.CAPITAL, "capital programme"))
    ]
    return {"returns": [(r, r.round.due_on < today) for r in returns], "grids": grids}


def democratic_work(council, today: date) -> dict:
    """The council's decisions still in call-in and its forward plan entries to come: two queries."""
    recent = Decision.objects.filter(
        council=council,
        subject_to_call_in=True,
        published_on__gte=today - timedelta(days=CALL_IN_LOOK_BACK_DAYS),
    ).order_by("published_on", "title")
    in_call_in = [d for d in recent.select_related("council") if d.call_in_expires and d.call_in_expires >= today]
    entries = ForwardPlanEntry.objects.filter(council=council, expected_on__gte=today).select_related("council")
    entries = entries.order_by("expected_on")
    return {
        "in_call_in": sorted(in_call_in, key=lambda d: d.call_in_expires),
        "entries": [(e, e.notice_published_on > today and e.publish_by < today) for e in entries],
    }


def head_work(service) -> dict:
    """Returns submitted for review in the service's open rounds: one query."""
    waiting = (
        MonitoringReturn.objects.filter(round__service=service, round__locked=False, status=ReturnStatus.SUBMITTED)
        .select_related("council", "round__service")
        .order_by("round__due_on", "council__name")
    )
    return {"to_review": list(waiting)}


def _work_of(user, today: date) -> tuple[dict, str]:
    if user.role == Role.OFFICER and user.council_id:
        return officer_work(user.council, today), "officer"
    if user.role == Role.DEMOCRATIC_SERVICES and user.council_id:
        return democratic_work(user.council, today), "democratic"
    if user.role == Role.HEAD_OF_SERVICE and user.headed_service_id:
        return head_work(user.headed_service), "head"
    return {}, "reader"


def start(request):
    """Where signing in leads: a board member to the dashboard's savings position, a role with
    work of its own to that work, anyone else to the overview."""
    user = request.user
    if not can_read(user):
        raise refuse(user, "start", request.path)
    if user.role == Role.BOARD_MEMBER:
        return redirect("board:dashboard")
    if _work_of(user, timezone.localdate())[1] == "reader":
        return redirect("partnership:overview")
    return redirect("board:your-work")


def your_work(request):
    user = request.user
    if not can_read(user):
        raise refuse(user, "see their work", request.path)
    today = timezone.localdate()
    work, kind = _work_of(user, today)
    context = {**work, "kind": kind, "today": today, "page_title": "Your work"}
    return render(request, "board/your_work.html", context)
