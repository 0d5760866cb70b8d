"""Reads for governance pages, each in a fixed number of queries whatever the number of councils or services."""

from datetime import date, timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from governance.calendar import FORWARD_PLAN_CLEAR_DAYS, notice_route
from governance.gateways import DecisionFact, next_stage, readiness
from governance.models import (
    Body,
    BodyMember,
    Contact,
    Decision,
    DecisionStatus,
    ForwardPlanEntry,
    GatewayHistory,
    Risk,
    RiskReview,
)
from partnership.agreement import milestone_status, review_milestones
from partnership.models import PartnershipMember, ServicePartner, SharedService


def of_partnership(partnership, prefix: str = "") -> Q:
    """A partnership's decisions (or bodies, or, with ``prefix="decision__"``, decision documents):
    those on its services, and those on no service belonging to its member councils (past members
    included) or to a joint board. Everything when ``partnership`` is None."""
    if partnership is None:
        return Q()
    members = PartnershipMember.objects.filter(partnership=partnership).values("council_id")
    return Q(**{f"{prefix}service__partnership": partnership}) | (
        Q(**{f"{prefix}service__isnull": True})
        & (Q(**{f"{prefix}council__isnull": True}) | Q(**{f"{prefix}council_id__in": members}))
    )


def decision_detail(pk: int) -> Decision:
    """A decision with everything its notice shows: four queries (decision, recommendations, documents, interests).

    Every document is read, exempt ones too: the published notice must name each appendix,
    and an exempt one with its Schedule 12A paragraph in place of its content (Local
    Government Act 1972, Schedule 12A). Which reader gets an appendix itself is decided by
    :func:`governance.appendices.appendices`, never by the template. The prefetch sets each
    document's ``decision`` (with its council) to this one, so that costs no query per document.
    """
    decisions = Decision.objects.select_related("council", "service__partnership")
    return decisions.prefetch_related("recommendations", "documents", "interests").get(pk=pk)


def gateway_decision_facts(service: SharedService, target: str) -> list[DecisionFact]:
    """Every decision recorded for ``service`` entering ``target``, as plain facts: one query."""
    decisions = Decision.objects.filter(service=service, gateway=target)
    return [_fact(d) for d in decisions.exclude(status=DecisionStatus.FOR_DETERMINATION)]


def _fact(d: Decision) -> DecisionFact:
    return DecisionFact(
        pk=d.pk,
        council_id=d.council_id,
        status_label=d.get_status_display(),
        approves=d.approves,
        decided_on=d.decided_on,
        effective_from=d.effective_from,
        reasons=d.reasons,
    )


def gateway_overview(today: date | None = None, partnership=None) -> list[tuple[SharedService, object]]:
    """Every service (of ``partnership``, if given) with its readiness for its next stage: three
    queries (services, partners, gateway decisions)."""
    today = today or timezone.localdate()
    services = SharedService.objects.with_current_partners(today).select_related("partnership")
    gateway_decisions = Decision.objects.exclude(gateway="").exclude(status=DecisionStatus.FOR_DETERMINATION)
    if partnership is not None:
        services = services.filter(partnership=partnership)
        gateway_decisions = gateway_decisions.filter(service__partnership=partnership)
    services = list(services)
    facts: dict[tuple[int, str], list[DecisionFact]] = {}
    for decision in gateway_decisions.filter(service__isnull=False):
        facts.setdefault((decision.service_id, decision.gateway), []).append(_fact(decision))
    rows = []
    for service in services:
        target = next_stage(service.gateway_stage)
        check = None
        if target is not None:
            partners = [(p.council_id, p.council.name) for p in service.current_partners]
            check = readiness(
                service.gateway_stage,
                target,
                partners=partners,
                decisions=facts.get((service.pk, target), []),
                today=today,
                board_name=service.partnership.board_name,
            )
        rows.append((service, check))
    return rows


def service_gateway(slug: str, today: date | None = None) -> dict:
    """A service's gateway page: the service, its partners, history and readiness for the next stage.

    Five queries: the service, its partners with councils, its history, the history's
    decisions, and the decisions for the next stage.
    """
    today = today or timezone.localdate()
    partners = ServicePartner.objects.select_related("council").order_by("council__name")
    history = GatewayHistory.objects.prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.select_related("council", "service__partnership"))
    )
    service = (
        SharedService.objects.select_related("partnership")
        .prefetch_related(Prefetch("partners", queryset=partners), Prefetch("gateway_history", queryset=history))
        .get(slug=slug)
    )
    current = [p for p in service.partners.all() if p.is_current(today)]
    target = next_stage(service.gateway_stage)
    check = None
    if target is not None:
        check = readiness(
            service.gateway_stage,
            target,
            partners=[(p.council_id, p.council.name) for p in current],
            decisions=gateway_decision_facts(service, target),
            today=today,
            board_name=service.partnership.board_name,
        )
    return {"service": service, "partners": current, "history": service.gateway_history.all(), "readiness": check}


def forward_plan(today: date | None = None, partnership=None) -> list[tuple[Decision, object]]:
    """Key decisions still to be taken (of ``partnership``, if given), by council and decision maker,
    each with its notice route: one query."""
    today = today or timezone.localdate()
    decisions = (
        Decision.objects.filter(of_partnership(partnership), is_key_decision=True, decided_on__gte=today)
        .select_related("council", "service__partnership")
        .order_by("council__name", "decision_maker", "decided_on", "title")
    )
    return [(d, notice_route(d.notice_published_on, d.decided_on)) for d in decisions]


def milestones(today: date | None = None, partnership=None) -> list[dict]:
    """Review milestones of every service (of ``partnership``, if given) with an agreement, soonest
    first: two queries."""
    today = today or timezone.localdate()
    services = SharedService.objects.filter(agreement_start__isnull=False, term_years__isnull=False).prefetch_related(
        "review_points"
    )
    if partnership is not None:
        services = services.filter(partnership=partnership)
    rows = []
    for service in services:
        points = [(point.name, point.after_years) for point in service.review_points.all()]
        for milestone in review_milestones(service.agreement_start, service.term_years, points):
            rows.append({"service": service, "milestone": milestone, "status": milestone_status(milestone.due, today)})
    return sorted(rows, key=lambda row: (row["milestone"].due, row["service"].name))


def calendar_decisions():
    """Published decisions for the iCal feed: one query."""
    return Decision.objects.filter(Q(published_on__isnull=False) | Q(decided_on__isnull=False)).select_related(
        "council", "service__partnership"
    )


def risk_register(service: SharedService):
    """A service's risks with their history: two queries."""
    reviews = RiskReview.objects.order_by("-reviewed_on", "-pk")
    return Risk.objects.filter(service=service).prefetch_related(Prefetch("reviews", queryset=reviews))


def contacts(partnership=None):
    """Key contacts with their councils and services: two queries. With ``partnership``, those of
    its member councils or its services, and those of no council and no service."""
    found = Contact.objects.select_related("council").prefetch_related("services")
    if partnership is not None:
        members = PartnershipMember.objects.filter(partnership=partnership).values("council_id")
        theirs = Contact.objects.filter(
            Q(council_id__in=members) | Q(services__partnership=partnership) | Q(council=None, services=None)
        )
        found = found.filter(pk__in=theirs.values("pk"))
    return found


def bodies(partnership=None):
    """Bodies with council, service and members (with their councils): two queries."""
    members = BodyMember.objects.select_related("council")
    found = Body.objects.filter(of_partnership(partnership))
    return found.select_related("council", "service").prefetch_related(Prefetch("members", queryset=members))


def council_forward_plan(council):
    """The entries of ``council``'s published forward plan, soonest first."""
    return list(ForwardPlanEntry.objects.of_council(council))


def forward_plan_dates_due(*, on: date) -> list:
    """Entries whose 28-clear-day publication date is ``on`` and whose notice is not yet published.

    For reminders: the last day notice can be given without a general exception.
    """
    expected = on + timedelta(days=FORWARD_PLAN_CLEAR_DAYS + 1)
    return list(
        ForwardPlanEntry.objects.filter(expected_on=expected, notice_published_on__gt=on).select_related("council")
    )
