"""History pages of governance records: decisions and their parts, gateways, registers, benefits."""

from django.urls import reverse

from governance.models import (
    BenefitReport,
    Body,
    BodyMember,
    Contact,
    Decision,
    DecisionDocument,
    DeclaredInterest,
    ForwardPlanEntry,
    GatewayHistory,
    OperationalAction,
    Recommendation,
    Risk,
    RiskReview,
)
from partnership.history_pages import HistoryKind, history_view

DECISION = ("service__partnership", "council__partnershipmembers__partnership")
OF_DECISION = tuple(f"decision__{path}" for path in DECISION)
OF_SERVICE = ("service__partnership",)


def _decision_page(record):
    return record.decision.get_absolute_url(), record.decision.title


def _service_page(name, text):
    return lambda record: (reverse(name, args=[record.service.slug]), f"{text} of {record.service.name}")


def _page(name, text):
    return lambda _record: (reverse(name), text)


def _risk_register(review):
    return reverse("governance:risks", args=[review.risk.service.slug]), f"risk register of {review.risk.service.name}"


KINDS = {
    "decision": HistoryKind(Decision, lambda d: (d.get_absolute_url(), d.title), DECISION),
    "recommendation": HistoryKind(Recommendation, _decision_page, OF_DECISION, related=("decision",)),
    "interest": HistoryKind(DeclaredInterest, _decision_page, OF_DECISION, related=("decision",)),
    "document": HistoryKind(DecisionDocument, _decision_page, OF_DECISION, related=("decision",)),
    "gateway-entry": HistoryKind(
        GatewayHistory, _service_page("governance:service-gateway", "gateways"), OF_SERVICE, related=("service",)
    ),
    "risk": HistoryKind(Risk, _service_page("governance:risks", "risk register"), OF_SERVICE, related=("service",)),
    "risk-review": HistoryKind(RiskReview, _risk_register, ("risk__service__partnership",), related=("risk__service",)),
    "benefit-report": HistoryKind(
        BenefitReport, _service_page("governance:benefits", "benefits"), OF_SERVICE, related=("service",)
    ),
    "action": HistoryKind(
        OperationalAction, _service_page("governance:benefits", "benefits"), OF_SERVICE, related=("service",)
    ),
    "forward-plan-entry": HistoryKind(
        ForwardPlanEntry, lambda e: (e.get_absolute_url(), e.matter), ("council__partnershipmembers__partnership",)
    ),
    "body": HistoryKind(Body, _page("governance:bodies", "bodies"), DECISION),
    "body-member": HistoryKind(BodyMember, _page("governance:bodies", "bodies"), tuple(f"body__{p}" for p in DECISION)),
    "contact": HistoryKind(
        Contact, _page("governance:contacts", "key contacts"), ("council__partnershipmembers__partnership",)
    ),
}

history = history_view(KINDS)
