"""History pages of finance records: savings plans and steps, delivered savings, costs and the capital pot."""

from django.urls import reverse

from finance.models import (
    CapitalContribution,
    CapitalSpend,
    DeliveredSaving,
    ImplementationCost,
    NonStaffSavingStep,
    SavingsPlan,
)
from partnership.history_pages import HistoryKind, history_view

OF_SERVICE = ("service__partnership",)


def _plan_page(record):
    service = record.plan.service if isinstance(record, NonStaffSavingStep) else record.service
    return reverse("finance:savings-plan", args=[service.slug]), f"savings plan of {service.name}"


def _finance_page(record):
    return reverse("finance:service", args=[record.service.slug]), f"finances of {record.service.name}"


KINDS = {
    "savings-plan": HistoryKind(SavingsPlan, _plan_page, OF_SERVICE, related=("service",)),
    "saving-step": HistoryKind(
        NonStaffSavingStep, _plan_page, ("plan__service__partnership",), related=("plan__service",)
    ),
    "delivered-saving": HistoryKind(DeliveredSaving, _plan_page, OF_SERVICE, related=("service", "council")),
    "cost": HistoryKind(ImplementationCost, _finance_page, OF_SERVICE, related=("service",)),
    "capital-contribution": HistoryKind(CapitalContribution, _finance_page, OF_SERVICE, related=("service", "council")),
    "capital-spend": HistoryKind(CapitalSpend, _finance_page, OF_SERVICE, related=("service",)),
}

history = history_view(KINDS)
