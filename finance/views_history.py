"""History pages of finance records: savings plans and steps, delivered savings, costs and the capital pot."""

from django.urls import reverse

from finance.models import (
    CapitalContribution,
    CapitalSpend,
    DeliveredSaving,
    Forecast,
    ImplementationCost,
    MonitoringReturn,
    MonitoringRound,
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


def _round_page(record):
    monitoring_round = record if isinstance(record, MonitoringRound) else record.round
    return monitoring_round.get_absolute_url(), str(monitoring_round)


def _return_page(record):
    monitoring_return = record if isinstance(record, MonitoringReturn) else record.monitoring_return
    return monitoring_return.get_absolute_url(), str(monitoring_return)


KINDS = {
    "savings-plan": HistoryKind(SavingsPlan, _plan_page, OF_SERVICE, related=("service",)),
    "saving-step": HistoryKind(
        NonStaffSavingStep, _plan_page, ("plan__service__partnership",), related=("plan__service",)
    ),
    "delivered-saving": HistoryKind(DeliveredSaving, _plan_page, OF_SERVICE, related=("service", "council")),
    "cost": HistoryKind(ImplementationCost, _finance_page, OF_SERVICE, related=("service",)),
    "capital-contribution": HistoryKind(CapitalContribution, _finance_page, OF_SERVICE, related=("service", "council")),
    "capital-spend": HistoryKind(CapitalSpend, _finance_page, OF_SERVICE, related=("service",)),
    "monitoring-round": HistoryKind(MonitoringRound, _round_page, OF_SERVICE, related=("service",)),
    "monitoring-return": HistoryKind(
        MonitoringReturn, _return_page, ("round__service__partnership",), related=("round__service", "council")
    ),
    "forecast": HistoryKind(
        Forecast,
        _return_page,
        ("monitoring_return__round__service__partnership",),
        related=("monitoring_return__round__service", "monitoring_return__council", "line"),
    ),
}

history = history_view(KINDS)
