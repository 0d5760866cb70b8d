"""Reads for the finance pages, each in a fixed number of queries whatever the number of councils or lines."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from finance.models import (
    BudgetFigure,
    BudgetLine,
    CapitalContribution,
    CapitalSpend,
    DeliveredSaving,
    FigureChange,
    ImplementationCost,
    NonStaffSavingStep,
    SavingsPlan,
    ShareMove,
)
from finance.savings import NonStaffStep, return_on_investment, return_per_pound_whole
from finance.statements import Figure, Partner, Statement, build_statement
from mkip.columns import BUDGET, YearColumn
from mkip.fiscal import FinancialYear
from mkip.money import ZERO
from partnership.models import ServicePartner, SharedService
from staffing.establishment import StaffCosts
from staffing.selectors import costs_from_table, staff_costs_by_service


def staff_costs_of(plans, staff_tables=None) -> dict[int, StaffCosts | None]:
    """Staff costs of the services of ``plans`` (savings plans) from their establishments, keyed by service id.

    Each is measured from its plan's baseline year's budget column.

    The one place finance asks staffing: the projection takes staff savings from the
    establishment, never from a second entry. One query for all of them (one per service made
    a page over 630 services take 630 more), none when the caller passes the staffing tables
    it has already read (``staffing.selectors.tables_by_service``) or there are no services.
    """
    baselines = {plan.service_id: YearColumn(plan.baseline_year, BUDGET) for plan in plans}
    if not baselines:
        return {}
    if staff_tables is not None:
        return {pk: costs_from_table(staff_tables.get(pk), baseline) for pk, baseline in baselines.items()}
    return staff_costs_by_service(list(baselines), baselines)


# ---- Grids -------------------------------------------------------------------------------------


def grid_columns(service, programme: str, extra: list[YearColumn] = ()) -> list[YearColumn]:
    """Columns every council's grid for this service shares: one query."""
    pairs = (
        BudgetFigure.objects.filter(line__service=service, line__programme=programme)
        .values_list("year", "kind")
        .distinct()
    )
    found = {YearColumn(FinancialYear.parse(year), kind) for year, kind in pairs}
    found.update(extra)
    return sorted(found)


def grid_lines(service, council, programme: str):
    """The grid's lines with their figures: two queries."""
    return list(BudgetLine.objects.grid(service, council, programme).prefetch_related("figures"))


def grid_history(service, council, programme: str, line_id=None, year=None, kind=None):
    changes = FigureChange.objects.filter(
        line__service=service, line__council=council, line__programme=programme
    ).select_related("line", "changed_by")
    if line_id is not None:
        changes = changes.filter(line_id=line_id)
    if year is not None:
        changes = changes.filter(year=year, kind=kind)
    return changes


def service_partners(service):
    return list(ServicePartner.objects.filter(service=service).select_related("council").order_by("council__name"))


# ---- The service finance statement -------------------------------------------------------------


@dataclass(frozen=True)
class ServiceFinance:
    service: SharedService
    councils: list
    plan: SavingsPlan | None
    statement: Statement
    implementation_costs: list
    contributions: list
    spends: list
    staff_source: object
    # Some per-council figures were invented for the demo: the council columns built from them are too.
    illustrative_figures: bool = False

    def is_illustrative(self, field_name: str) -> bool:
        return field_name == "by_council" and self.illustrative_figures

    @property
    def investment(self) -> Decimal:
        """What the partners put in: one-off implementation costs plus capital paid into the pot."""
        return sum((cost.amount for cost in self.implementation_costs), ZERO) + self.statement.pot.total_contributed

    @property
    def planned_savings(self) -> Decimal:
        return self.statement.projection.total if self.statement.projection else ZERO


def savings_against_investment(finances, delivered) -> list[dict]:
    """Each service's investment, its savings planned and delivered to date, and the return per £1."""
    rows = []
    for finance in finances:
        investment, planned = finance.investment, finance.planned_savings
        mine = [saving for saving in delivered if saving.service_id == finance.service.pk]
        to_date = sum((saving.amount for saving in mine), ZERO)
        rows.append(
            {
                "finance": finance,
                "investment": investment,
                "planned": planned,
                "years": finance.plan.years if finance.plan else None,
                "delivered": to_date,
                "delivered_rows": mine,
                "return_planned": return_on_investment(planned, investment) if investment > 0 else None,
                "return_delivered": return_on_investment(to_date, investment) if investment > 0 else None,
                "return_whole": return_per_pound_whole(planned, investment) if investment > 0 else None,
            }
        )
    return rows


def service_finance(service: SharedService) -> ServiceFinance:
    """Everything the service finance page shows: see :func:`services_finance` for the queries."""
    return services_finance([service])[0]


def _by_service(rows, attribute="service_id"):
    grouped = {}
    for row in rows:
        grouped.setdefault(getattr(row, attribute), []).append(row)
    return grouped


def services_finance(services, staff_tables=None) -> list[ServiceFinance]:
    """Statements for several services in 7 queries in all (partners, figures, plans, steps,
    implementation costs, contributions, spends), plus one to staffing for every planned service at
    once unless the caller passes their staffing tables (``staffing.selectors.tables_by_service``)."""
    services = list(services)
    ids = [service.pk for service in services]
    partners = _by_service(ServicePartner.objects.filter(service_id__in=ids).select_related("council"))
    # No ORDER BY: the model's default ordering (by service and council names) made PostgreSQL sort
    # every figure on disk at national scale (EXPLAIN ANALYZE: 900 ms against 170 ms), and sums need no order.
    rows = (
        BudgetFigure.objects.filter(line__service_id__in=ids)
        .order_by()
        .values_list(
            "line__service_id",
            "line__council_id",
            "line__programme",
            "year",
            "kind",
            "amount",
            "line__is_recharge",
            "line__in_non_staff_base",
            "illustrative_fields",
        )
    )
    figures, illustrative = {}, set()
    for service_id, council, programme, year, kind, amount, recharge, base, invented in rows:
        if "amount" in (invented or []):
            illustrative.add(service_id)
        figure = Figure(council, programme, FinancialYear.parse(year), kind, amount, recharge, base)
        figures.setdefault(service_id, []).append(figure)
    plans = {
        plan.service_id: plan
        for plan in SavingsPlan.objects.filter(service_id__in=ids).prefetch_related(
            Prefetch("steps", queryset=NonStaffSavingStep.objects.order_by("year"))
        )
    }
    costs = _by_service(ImplementationCost.objects.filter(service_id__in=ids))
    staff = staff_costs_of(list(plans.values()), staff_tables)
    contributions = _by_service(CapitalContribution.objects.filter(service_id__in=ids).select_related("council"))
    spends = _by_service(CapitalSpend.objects.filter(service_id__in=ids).select_related("approved_by"))
    return [
        _service_finance(
            service,
            sorted(partners.get(service.pk, []), key=lambda p: (p.council.name, p.joined)),
            figures.get(service.pk, []),
            plans.get(service.pk),
            costs.get(service.pk, []),
            contributions.get(service.pk, []),
            spends.get(service.pk, []),
            service.pk in illustrative,
            staff.get(service.pk),
        )
        for service in services
    ]


def _service_finance(
    service, partners, figures, plan, costs, contributions, spends, illustrative, staff
) -> ServiceFinance:
    councils = list({p.council_id: p.council for p in partners}.values())
    statement = build_statement(
        councils=[council.pk for council in councils],
        partners=[Partner(p.council_id, p.joined, p.left) for p in partners],
        figures=figures,
        baseline_year=plan.baseline_year if plan else None,
        first_year=plan.first_year if plan else None,
        years=plan.years if plan else 0,
        steps=[NonStaffStep(s.year, s.percentage, s.amount) for s in plan.steps.all()] if plan else [],
        staff_baseline=staff.baseline if staff else None,
        staff_by_year=staff.by_year if staff else None,
        implementation_costs={cost.name: cost.amount for cost in costs},
        contributions=[(c.council_id, c.year, c.amount) for c in contributions],
        spends=[(s.year, s.amount) for s in spends],
    )
    return ServiceFinance(service, councils, plan, statement, costs, contributions, spends, staff, illustrative)


def services_with_plans():
    return SharedService.objects.filter(savings_plan__isnull=False).select_related("partnership").order_by("name")


def delivered_savings():
    return DeliveredSaving.objects.select_related("council", "service").order_by("service__name", "year")


def share_moves(service, council):
    """The moves of ``council``'s share of ``service`` other councils' saves made: one query."""
    return list(ShareMove.objects.filter(service=service, council=council).select_related("caused_by", "saved_by"))
