"""Loads the MKIP finance inputs from ``fixtures/mkip/finance.json``; safe to run again.

Rows are matched on natural keys (service slug, council code, line name, year, kind).
A figure the loader creates or changes gets a history row on the seed path, in the
same transaction, like every other change of a figure.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from finance.baselines import business_case_approvals, freeze_baseline
from finance.models import (
    BudgetFigure,
    BudgetLine,
    CapitalContribution,
    ChangePath,
    DeliveredSaving,
    FigureChange,
    ImplementationCost,
    NonStaffSavingStep,
    SavingsPlan,
)
from mkip.fiscal import FinancialYear
from partnership.models import Council, SharedService
from partnership.seed import _save

Y = FinancialYear.parse


def _decimal(text):
    return None if text in (None, "") else Decimal(text)


def _figures(line: BudgetLine, figures: dict, illustrative: bool, now) -> int:
    changed = 0
    existing = {(f.year, f.kind): f for f in line.figures.all()}
    for heading, amount_text in figures.items():
        year_text, kind = heading.rsplit(" ", 1)
        year, amount = Y(year_text), Decimal(amount_text)
        figure = existing.get((year, kind))
        old = figure.amount if figure else None
        if figure is not None and figure.amount == amount:
            continue
        figure = figure or BudgetFigure(line=line, year=year, kind=kind, version=0)
        figure.amount = amount
        figure.version += 1
        figure.illustrative_fields = ["amount"] if illustrative else []
        figure.full_clean()
        figure.save()
        FigureChange.objects.create(
            line=line,
            year=year,
            kind=kind,
            old_amount=old,
            new_amount=amount,
            version=figure.version,
            changed_at=now,
            path=ChangePath.SEED,
        )
        changed += 1
    return changed


@transaction.atomic
def load(data: dict) -> dict:
    now = timezone.now()
    councils = {council.code: council for council in Council.objects.all()}
    loaded = {"lines": [], "figures": [], "plans": [], "implementation costs": [], "contributions": []}
    for block in data["services"]:
        service = SharedService.objects.get(slug=block["service"])
        for row in block["lines"]:
            line = _save(
                BudgetLine,
                {
                    "service": service,
                    "council": councils[row["council"]],
                    "programme": row["programme"],
                    "name": row["name"],
                },
                {
                    "group": row["group"],
                    "in_non_staff_base": row["in_non_staff_base"],
                    "is_recharge": row["is_recharge"],
                    "position": row["position"],
                    "illustrative_fields": row.get("illustrative", []),
                },
            )
            loaded["lines"].append(line)
            _figures(line, row["figures"], row.get("illustrative_figures", False), now)
            loaded["figures"].extend(row["figures"])
        if plan_row := block.get("plan"):
            plan = _save(
                SavingsPlan,
                {"service": service},
                {
                    "baseline_year": Y(plan_row["baseline_year"]),
                    "first_year": Y(plan_row["first_year"]),
                    "years": plan_row["years"],
                    "cashable": plan_row["cashable"],
                    "illustrative_fields": plan_row.get("illustrative", []),
                },
            )
            for step in plan_row["steps"]:
                _save(
                    NonStaffSavingStep,
                    {"plan": plan, "year": Y(step["year"])},
                    {"percentage": _decimal(step.get("percentage")), "amount": _decimal(step.get("amount"))},
                )
            loaded["plans"].append(plan)
        for position, cost in enumerate(block.get("implementation_costs", []), start=1):
            loaded["implementation costs"].append(
                _save(
                    ImplementationCost,
                    {"service": service, "name": cost["name"]},
                    {"amount": Decimal(cost["amount"]), "position": position},
                )
            )
        for row in block.get("capital_contributions", []):
            loaded["contributions"].append(
                _save(
                    CapitalContribution,
                    {"service": service, "council": councils[row["council"]], "year": Y(row["year"])},
                    {"amount": Decimal(row["amount"]), "illustrative_fields": row.get("illustrative", [])},
                )
            )
        for row in block.get("delivered_savings", []):
            _save(
                DeliveredSaving,
                {"service": service, "council": councils[row["council"]], "year": Y(row["year"])},
                {"amount": Decimal(row["amount"]), "illustrative_fields": row.get("illustrative", [])},
            )
    return loaded


def load_baselines(data: dict) -> dict:
    """Freeze the baseline of every business case already approved (through Gateway 2 on
    decisions all in effect) that has none: from the inputs just loaded, as on approval."""
    today = timezone.localdate()
    frozen = []
    for service in SharedService.objects.filter(baselines__isnull=True).order_by("pk"):
        decisions = business_case_approvals(service)
        if decisions and all(decision.in_effect(today) for decision in decisions):
            frozen.append(freeze_baseline(service=service, decisions=decisions, today=today))
    return {"baselines": frozen}
