"""Writes to decision records and gateway history. Keyword-only, validated with ``full_clean()``, atomic."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from governance import calendar
from governance.decisions import ParsedRecommendation, check_document, classify
from governance.gateways import readiness
from governance.models import (
    BenefitReport,
    Decision,
    DecisionDocument,
    GatewayHistory,
    Recommendation,
    Risk,
    RiskReview,
)
from governance.selectors import gateway_decision_facts
from mkip.history import bulk_create_with_history
from mkip.stale import refuse_if_record_stale
from partnership.models import GatewayStage, SharedService
from partnership.revision import writes_for

OVERRIDE_NEEDS_REASON = "Give the reason for overriding the effective-from date."
REASON_WITHOUT_OVERRIDE = "Enter an overriding date, or leave the reason blank."
OVERRIDE_NEEDS_PUBLICATION = "A decision takes effect only once published: enter the publication date first."
BOARD_NOT_CALLED_IN = "Partnership board decisions are not executive decisions and cannot be called in."


def _key_decision(decision: Decision) -> None:
    if decision.council is None:
        # The Board's decisions are not executive decisions, so the key-decision rules do not apply.
        decision.is_key_decision, decision.reason_key, decision.key_decision_threshold_gbp = False, "", None
        return
    threshold = decision.council.key_decision_threshold
    try:
        result = classify(
            threshold=threshold,
            savings=decision.savings_gbp,
            expenditure=decision.expenditure_gbp,
            chosen_key=decision.reason_key,
            chosen_is_key=decision.is_key_decision,
        )
    except ValueError as error:
        raise ValidationError({"reason_key": str(error)}) from None
    decision.is_key_decision, decision.reason_key = result.is_key, result.reason_key
    decision.key_decision_threshold_gbp = threshold if result.is_key else None


def _effective_from(decision: Decision, override: date | None, reason: str) -> None:
    reason = reason.strip()
    if override is not None and not reason:
        raise ValidationError({"override_reason": OVERRIDE_NEEDS_REASON})
    if override is None and reason:
        raise ValidationError({"effective_from_override": REASON_WITHOUT_OVERRIDE})
    if decision.council is None and decision.subject_to_call_in:
        raise ValidationError({"subject_to_call_in": BOARD_NOT_CALLED_IN})
    if decision.published_on is None:
        if override is not None:
            raise ValidationError({"effective_from_override": OVERRIDE_NEEDS_PUBLICATION})
        decision.effective_from, decision.effective_from_overridden, decision.override_reason = None, False, ""
        return
    if decision.subject_to_call_in and decision.call_in_working_days is None:
        # The period in force at publication is kept, so a later change to the constitution
        # does not move the dates of decisions already published.
        decision.call_in_working_days = decision.council.call_in_working_days
    if override is not None:
        decision.effective_from, decision.effective_from_overridden, decision.override_reason = override, True, reason
        return
    try:
        decision.effective_from = calendar.effective_from(
            decision.published_on,
            call_in_working_days=decision.call_in_working_days or 0,
            subject_to_call_in=decision.subject_to_call_in,
        )
    except ValueError as error:
        # The forms bound their dates; a service called with a date beyond them answers the same way.
        raise ValidationError({"published_on": f"Publication date: {error}"}) from None
    decision.effective_from_overridden, decision.override_reason = False, ""


@writes_for("decision")
@transaction.atomic
def decision_record(
    *,
    decision: Decision,
    recommendations: list[ParsedRecommendation],
    effective_from_override: date | None = None,
    override_reason: str = "",
    recorded_by=None,
    loaded_version: str | None = None,
) -> Decision:
    """Save a new or changed decision: key-decision reason and effective-from date computed, recommendations replaced.

    ``decision`` carries the entered fields; what follows from them (reason key,
    threshold, call-in period, effective from) is set here and nowhere else.
    """
    refuse_if_record_stale(record=decision, loaded_version=loaded_version)
    _key_decision(decision)
    _effective_from(decision, effective_from_override, override_reason)
    if recorded_by is not None and decision.recorded_by_id is None:
        decision.recorded_by = recorded_by
    decision.full_clean()
    decision.save()
    decision.recommendations.all().delete()
    bulk_create_with_history(
        (
            Recommendation(decision=decision, position=position, label=item.label, text=item.text)
            for position, item in enumerate(recommendations, start=1)
        ),
        Recommendation,
    )
    return decision


@writes_for("decision")
@transaction.atomic
def document_add(*, decision: Decision, title: str, upload, exempt_paragraph: int | None) -> DecisionDocument:
    head = upload.read(8)
    upload.seek(0)
    try:
        content_type = check_document(upload.name, upload.size, head)
    except ValueError as error:
        raise ValidationError({"file": str(error)}) from None
    document = DecisionDocument(
        decision=decision,
        title=title,
        file=upload,
        content_type=content_type,
        size_bytes=upload.size,
        exempt_paragraph=exempt_paragraph,
    )
    document.full_clean()
    document.save()
    return document


def _set_service_stage(*, service: SharedService, stage: str) -> None:
    """The one write governance makes to the partnership register: the service's current stage."""
    service.gateway_stage = stage
    service.save(update_fields=["gateway_stage"])


@writes_for("service")
@transaction.atomic
def gateway_pass(
    *,
    service: SharedService,
    target: str,
    on: date,
    rating: str,
    notes: str = "",
    recorded_by=None,
    loaded_version: str | None = None,
) -> GatewayHistory:
    """Move ``service`` into ``target`` if its deciders' decisions are made and in effect on ``on``."""
    refuse_if_record_stale(record=service, loaded_version=loaded_version)
    # Lock the row so two people passing the same gateway at once cannot both succeed.
    service = SharedService.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=service.pk)
    partners = [(p.council_id, p.council.name) for p in service.partners.select_related("council") if p.is_current(on)]
    result = readiness(
        service.gateway_stage,
        target,
        partners=partners,
        decisions=gateway_decision_facts(service, target),
        today=on,
        board_name=service.partnership.board_name,
    )
    if not result.passes:
        raise ValidationError([hold.why for hold in result.holds])
    entry = GatewayHistory(
        service=service, stage=GatewayStage(target), entered_on=on, rating=rating, notes=notes, recorded_by=recorded_by
    )
    entry.full_clean()
    entry.save()
    entry.decisions.set(result.decision_pks)
    _set_service_stage(service=service, stage=target)
    return entry


# ------------------------------------------------------------------ risks


@writes_for("service")
@transaction.atomic
def risk_record(
    *,
    service: SharedService,
    category: str,
    title: str,
    owner: str,
    mitigation: str,
    likelihood: int,
    impact: int,
    on: date,
    recorded_by=None,
) -> Risk:
    """Add a risk to a service's register, with its first review as the start of its history."""
    risk = Risk(
        service=service,
        category=category,
        title=title,
        owner=owner,
        mitigation=mitigation,
        likelihood=likelihood,
        impact=impact,
    )
    risk.full_clean()
    risk.save()
    _review(risk, on=on, note="Added to the register.", recorded_by=recorded_by)
    return risk


def _review(risk: Risk, *, on: date, note: str, recorded_by) -> RiskReview:
    review = RiskReview(
        risk=risk,
        reviewed_on=on,
        likelihood=risk.likelihood,
        impact=risk.impact,
        status=risk.status,
        note=note,
        recorded_by=recorded_by,
    )
    review.full_clean()
    review.save()
    return review


@writes_for("risk")
@transaction.atomic
def risk_review(
    *,
    risk: Risk,
    likelihood: int,
    impact: int,
    status: str,
    mitigation: str,
    note: str,
    on: date,
    recorded_by=None,
    loaded_version: str | None = None,
) -> RiskReview:
    """Re-score a risk; the previous scores stay in its history."""
    refuse_if_record_stale(record=risk, loaded_version=loaded_version)
    risk.likelihood, risk.impact, risk.status, risk.mitigation = likelihood, impact, status, mitigation
    risk.full_clean()
    risk.save(update_fields=["likelihood", "impact", "status", "mitigation"])
    return _review(risk, on=on, note=note, recorded_by=recorded_by)


# ---- Benefits realisation ------------------------------------------------------------------------


@writes_for("service")
@transaction.atomic
def benefit_report(*, service: SharedService, reported_by=None, **fields):
    """Record one period's report of a benefit; the head of service reports for the service."""

    report = BenefitReport(service=service, reported_by=reported_by, reported_at=timezone.now(), **fields)
    report.full_clean()
    report.save()
    return report


@writes_for("action")
@transaction.atomic
def action_update(*, action, status: str, rating: str, note: str, loaded_version: str | None = None):
    refuse_if_record_stale(record=action, loaded_version=loaded_version)
    action.status, action.rating, action.note = status, rating, note
    action.illustrative_fields = [f for f in action.illustrative_fields if f not in ("status", "rating")]
    action.full_clean()
    action.save(update_fields=["status", "rating", "note", "illustrative_fields"])
    return action
