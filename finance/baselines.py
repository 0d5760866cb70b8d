"""Freezing an approved business case's baseline, and reading baselines beside today's figures.

A baseline is frozen when a business case is approved: every decision approving it is of the
service, approves, and is in effect (its call-in period over). It keeps every figure the
business case shows (:mod:`finance.baseline_figures`) and every input row they came from, so
the figures the Cabinets approved can be read, and tracked against, whatever is entered later.
"""

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from finance import selectors
from finance.baseline_figures import AgainstBaseline, compare, figures_of, from_data, to_data
from finance.models import (
    Baseline,
    BudgetFigure,
    BudgetLine,
    CapitalContribution,
    CapitalSpend,
    ImplementationCost,
    NonStaffSavingStep,
    SavingsPlan,
)
from governance.models import Decision, GatewayHistory
from partnership.models import GatewayStage, ServicePartner, SharedService
from partnership.revision import writes_for
from staffing import selectors as staffing
from staffing.models import PlannedReduction, Post, Team, TupeTransfer

NO_DECISION = "Choose the decisions that approved this version of the business case."
NOT_OF_THE_SERVICE = "“{title}” is not a decision about {service}."
DOES_NOT_APPROVE = "“{title}” did not approve the business case ({status})."
NOT_IN_EFFECT = "“{title}” is not in effect yet, so the business case is not yet approved."
ALREADY_USED = "“{title}” already approved version {version}."


def current_figures(service: SharedService):
    """The business case's figures from today's data: the same reads as the business case."""
    return figures_from(selectors.service_finance(service), staffing.establishment(service).table)


def figures_from(finance, table):
    """The business case's figures from a service's finance already read and its Table 1."""
    councils = [(council.pk, council.name) for council in finance.councils]
    return figures_of(finance.statement, councils, table, finance.investment)


def _inputs(service: SharedService) -> dict:
    """Every input row the figures come from, by model label, as Django's serialiser writes them."""
    inputs = {
        ServicePartner: ServicePartner.objects.filter(service=service),
        BudgetLine: BudgetLine.objects.filter(service=service),
        BudgetFigure: BudgetFigure.objects.filter(line__service=service),
        SavingsPlan: SavingsPlan.objects.filter(service=service),
        NonStaffSavingStep: NonStaffSavingStep.objects.filter(plan__service=service),
        ImplementationCost: ImplementationCost.objects.filter(service=service),
        CapitalContribution: CapitalContribution.objects.filter(service=service),
        CapitalSpend: CapitalSpend.objects.filter(service=service),
        Team: Team.objects.filter(service=service),
        Post: Post.objects.filter(service=service),
        TupeTransfer: TupeTransfer.objects.filter(service=service),
        PlannedReduction: PlannedReduction.objects.filter(service=service),
    }
    return {model._meta.label: serializers.serialize("python", rows.order_by("pk")) for model, rows in inputs.items()}


def _problem(decision: Decision, service: SharedService, today, used: dict) -> str | None:
    """Why ``decision`` cannot approve a new baseline of ``service``, or None when it can."""
    names = {"title": decision.title, "service": service.name}
    if decision.service_id != service.pk:
        return NOT_OF_THE_SERVICE.format(**names)
    if not decision.approves:
        return DOES_NOT_APPROVE.format(**names, status=decision.get_status_display().lower())
    if not decision.in_effect(today):
        return NOT_IN_EFFECT.format(**names)
    if decision.pk in used:
        return ALREADY_USED.format(**names, version=used[decision.pk])
    return None


def eligible_decisions(service: SharedService, versions, today) -> list[Decision]:
    """The decisions that could approve a new version: the service's approving decisions in
    effect today that approved no earlier version (``versions`` with their decisions)."""
    used = {decision.pk: version.version for version in versions for decision in version.decisions.all()}
    decisions = Decision.objects.filter(service=service).select_related("council", "service__partnership")
    return [d for d in decisions.order_by("decided_on", "pk") if _problem(d, service, today, used) is None]


def _check_decisions(service: SharedService, decisions, today) -> None:
    if not decisions:
        raise ValidationError({"decisions": NO_DECISION})
    links = Baseline.decisions.through.objects.filter(baseline__service=service)
    used = dict(links.values_list("decision_id", "baseline__version"))
    problems = [problem for decision in decisions if (problem := _problem(decision, service, today, used))]
    if problems:
        raise ValidationError({"decisions": problems})


@writes_for("service")
@transaction.atomic
def freeze_baseline(*, service: SharedService, decisions: list[Decision], user=None, today=None) -> Baseline:
    """Freeze the next baseline version of ``service``, approved by ``decisions``."""
    today = today or timezone.localdate()
    # Freezes of one service take turns, so two at once never get the same version.
    list(SharedService.objects.select_for_update().filter(pk=service.pk).values_list("pk"))
    _check_decisions(service, decisions, today)
    latest = Baseline.objects.filter(service=service).aggregate(Max("version"))["version__max"] or 0
    baseline = Baseline(
        service=service,
        version=latest + 1,
        approved_on=max(decision.effective_from for decision in decisions),
        frozen_at=timezone.now(),
        frozen_by=user if getattr(user, "is_authenticated", False) else None,
        figures=to_data(current_figures(service)),
        inputs=_inputs(service),
    )
    baseline.full_clean()
    baseline.save()
    baseline.decisions.set(decisions)
    return baseline


def business_case_approvals(service: SharedService):
    """The decisions that let the service through Gateway 2 (viability and business case)."""
    entry = GatewayHistory.objects.filter(service=service, stage=GatewayStage.GATEWAY_2).first()
    return list(entry.decisions.all()) if entry else []


def baselines_of(service: SharedService):
    """Every version, oldest first, with its approving decisions and who froze it: two queries."""
    decisions = Prefetch(
        "decisions", queryset=Decision.objects.select_related("council", "service__partnership").order_by("decided_on")
    )
    return Baseline.objects.filter(service=service).select_related("service", "frozen_by").prefetch_related(decisions)


def latest_baseline(service: SharedService) -> Baseline | None:
    return Baseline.objects.filter(service=service).select_related("service").order_by("-version").first()


def latest_baselines(service_ids) -> dict[int, Baseline]:
    """The latest approved baseline of each of ``service_ids`` that has one: one query.

    Only the figures are read; the input rows stay in the database.
    """
    latest = {}
    for baseline in (
        Baseline.objects.filter(service_id__in=service_ids).defer("inputs").order_by("service_id", "version")
    ):
        latest[baseline.service_id] = baseline
    return latest


def against_latest(service: SharedService, current) -> tuple[Baseline, AgainstBaseline] | None:
    """``current`` figures beside the service's latest approved baseline: one query, or None."""
    baseline = latest_baseline(service)
    if baseline is None:
        return None
    return baseline, AgainstBaseline.of(from_data(baseline.figures), current)


def against_today(baseline: Baseline):
    """Each figure of ``baseline`` beside today's figure and the difference."""
    return compare(from_data(baseline.figures), current_figures(baseline.service))


def between(earlier: Baseline, later: Baseline):
    """What changed between two versions, figure by figure: only the figures that differ."""
    return [row for row in compare(from_data(earlier.figures), from_data(later.figures)) if row.changed]
