"""The board dashboard: figures from the finance, staffing and governance selectors, filtered by council and service.

Nothing here is a new calculation. Savings come from each service's finance statement (planned by
year, split by council), delivered savings as reported, the return per £1 from
``finance.savings.return_on_investment``, FTE from staffing's Table 1, the pipeline from
``governance.selectors.gateway_overview``, decisions from ``forward_plan``, reviews from
``milestones`` and ratings from ``governance.risks.band``. This module only picks the rows
the filter asks for and adds the picked figures together.

Everything is of one partnership: a board governs one, and at national scale (126 partnerships)
adding up all of them took 9 s a request (bench/README.md).

Queries, the same whatever the number of councils or services: the partnership's councils, its
services with their current partners and gateway decisions (``gateway_overview``: 3), the chosen
council's services (only with a council filter), posts (1), finance (7, see
``finance.selectors.services_finance``), delivered savings (1), forward plan (1), decisions
overdue or open to call-in (1), milestones (2), risks (1), the services' latest baselines (1), the
returns of this year's latest monitoring rounds (1).
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from board.dashboard_baseline import AgainstBaselines, ForecastForYear, against_baselines, forecast_for_year
from finance.baselines import latest_baselines
from finance.models import MonitoringReturn
from finance.models_monitoring import EDITABLE
from finance.monitoring import delivered_to_date, delivery_rag, planned_to_date, quarter_of
from finance.monitoring_selectors import latest_returns_of_year
from finance.savings import DeliveryRow, planned_vs_delivered, return_on_investment
from finance.selectors import delivered_savings, services_finance
from governance import selectors as governance
from governance.models import Decision, DecisionStatus, Risk, RiskStatus
from governance.risks import band
from mkip.columns import YearColumn
from mkip.money import ZERO
from partnership.models import Council, GatewayStage, Partnership, ServicePartner, SharedService
from partnership.selectors import partnership_councils
from staffing.selectors import tables_by_service

WINDOW_DAYS = 90
RATINGS = ("red", "amber", "green")


@dataclass(frozen=True)
class SavingsLine:
    """Planned savings over the plan's term, delivered to date, investment and the return per £1."""

    label: str
    planned: Decimal
    delivered: Decimal
    investment: Decimal
    url: str = ""
    service_id: int | None = None

    @property
    def return_planned(self) -> Decimal | None:
        return return_on_investment(self.planned, self.investment) if self.investment > 0 else None

    @property
    def return_delivered(self) -> Decimal | None:
        return return_on_investment(self.delivered, self.investment) if self.investment > 0 else None


@dataclass(frozen=True)
class OnTrack:
    """Are we on track: savings planned to this quarter against delivered, and late returns."""

    year: object
    quarter: int
    planned: Decimal
    delivered: Decimal
    late_returns: list

    @property
    def shortfall(self) -> Decimal:
        return self.planned - self.delivered

    @property
    def rag(self) -> str:
        return delivery_rag(self.planned, self.delivered)


def on_track(savings_by_year: list[DeliveryRow], late_returns: list, today: date) -> OnTrack:
    year, quarter = quarter_of(today)
    planned = {row.year: row.planned for row in savings_by_year}
    delivered = {row.year: row.delivered for row in savings_by_year if row.delivered is not None}
    return OnTrack(
        year=year,
        quarter=quarter,
        planned=planned_to_date(planned, year, quarter),
        delivered=delivered_to_date(delivered, year),
        late_returns=late_returns,
    )


def late_returns(ids, council, today) -> list[MonitoringReturn]:
    """Returns past their due date not yet submitted, of the services in scope: one query."""
    returns = MonitoringReturn.objects.filter(
        round__service_id__in=ids, round__due_on__lt=today, round__locked=False, status__in=EDITABLE
    )
    if council is not None:
        returns = returns.filter(council=council)
    return list(returns.select_related("council", "round__service").order_by("round__due_on", "council__name"))


@dataclass(frozen=True)
class Dashboard:
    today: date
    partnership: Partnership
    council: Council | None
    service: SharedService | None
    services: list[SharedService]
    savings_by_year: list[DeliveryRow]
    by_service: list[SavingsLine]
    by_council: list[SavingsLine]
    total: SavingsLine
    fte: list[tuple[YearColumn, Decimal]]
    pipeline: list[tuple[str, str, list[SharedService]]]
    decisions_due: list[Decision]
    decisions_overdue: list[Decision]
    call_ins: list[Decision]
    reviews: list[dict]
    risks: dict[str, int]
    on_track: OnTrack | None = None
    planned_by_service_year: dict = field(default_factory=dict)
    against: AgainstBaselines | None = None
    forecast: ForecastForYear | None = None
    illustrative_delivered: bool = False
    problems: list[str] = field(default_factory=list)


def _scope(services, council, service) -> list[SharedService]:
    """The services the filter covers: the chosen one, and those the chosen council is or was a partner of."""
    if service is not None:
        services = [s for s in services if s.pk == service.pk]
    if council is not None:
        shared = set(ServicePartner.objects.filter(council=council).values_list("service_id", flat=True))
        services = [s for s in services if s.pk in shared]
    return services


def _savings(finance_rows, delivered, council, councils) -> tuple:
    """Planned by year, by service and by council, for the whole partnership or one council's share."""
    planned_by_year: dict = defaultdict(lambda: ZERO)
    by_service_year: dict = defaultdict(dict)
    by_service, council_planned, council_investment = [], defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for finance in finance_rows:
        s = finance.statement
        if s.projection is None:
            continue
        for row in s.projection.rows:
            parts = s.savings_by_council.get(row.year, {})
            planned = parts.get(council.pk, ZERO) if council else row.total
            planned_by_year[row.year] += planned
            by_service_year[finance.service.pk][row.year] = planned
        for council_id, amount in s.council_totals.items():
            council_planned[council_id] += amount
        for council_id, amount in s.implementation_totals.items():
            council_investment[council_id] += amount
        for council_id, amount in s.pot.by_council.items():
            council_investment[council_id] += amount
        mine = [d.amount for d in delivered if d.service_id == finance.service.pk]
        if council:
            planned = s.council_totals.get(council.pk, ZERO)
            investment = s.implementation_totals.get(council.pk, ZERO) + s.pot.by_council.get(council.pk, ZERO)
        else:
            planned, investment = finance.planned_savings, finance.investment
        by_service.append(
            SavingsLine(
                finance.service.name,
                planned,
                sum(mine, ZERO),
                investment,
                finance.service.get_absolute_url(),
                finance.service.pk,
            )
        )
    delivered_by_year: dict = defaultdict(lambda: ZERO)
    delivered_by_council: dict = defaultdict(lambda: ZERO)
    for row in delivered:
        delivered_by_year[row.year] += row.amount
        delivered_by_council[row.council_id] += row.amount
    by_council = [
        SavingsLine(c.short_name, council_planned[c.pk], delivered_by_council[c.pk], council_investment[c.pk])
        for c in councils
        if c.pk in council_planned or c.pk in delivered_by_council
    ]
    delivery = planned_vs_delivered(dict(planned_by_year), dict(delivered_by_year))
    return delivery, by_service, by_council, dict(by_service_year)


def _fte(tables, services) -> list[tuple[YearColumn, Decimal]]:
    """Total FTE in each Table 1 column, added over the services in scope."""
    totals: dict[YearColumn, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for service in services:
        table = tables.get(service.pk)
        if table is None:
            continue
        for column, column_totals in zip(table.columns, table.totals, strict=True):
            totals[column] += column_totals.fte
    return sorted(totals.items(), key=lambda item: item[0].sort_key)


def _decisions(partnership, ids, council, service, today) -> tuple[list, list]:
    """Decisions past their date but not recorded, and decisions whose call-in period ends in the window: one query."""
    window = today + timedelta(days=WINDOW_DAYS)
    decisions = Decision.objects.filter(
        Q(status=DecisionStatus.FOR_DETERMINATION, decided_on__lt=today)
        | Q(subject_to_call_in=True, published_on__isnull=False, published_on__lte=window, effective_from__gt=today),
        governance.of_partnership(partnership),
    ).select_related("council", "service__partnership")
    decisions = [d for d in decisions if _in_scope(d, ids, council, service)]
    overdue = sorted((d for d in decisions if d.status == DecisionStatus.FOR_DETERMINATION), key=_by_date)
    call_ins = [
        d
        for d in decisions
        if d.status != DecisionStatus.FOR_DETERMINATION and d.call_in_expires and today <= d.call_in_expires <= window
    ]
    return overdue, sorted(call_ins, key=lambda d: (d.call_in_expires, d.title))


def _by_date(decision):
    return (decision.decided_on, decision.title)


def _in_scope(decision, ids, council, service) -> bool:
    """With a service filter, that service's decisions; with a council filter, the council's own
    decisions and the Board's on the services the council shares (``ids``)."""
    if service is not None and decision.service_id != service.pk:
        return False
    if council is not None:
        if decision.council_id is None:
            return decision.service_id in ids
        return decision.council_id == council.pk
    return True


def board_dashboard(
    *,
    partnership: Partnership,
    council: Council | None = None,
    service: SharedService | None = None,
    today: date | None = None,
) -> Dashboard:
    today = today or timezone.localdate()
    councils = list(partnership_councils(partnership).order_by("name"))
    overview = governance.gateway_overview(today, partnership)
    services = _scope([s for s, _ in overview], council, service)
    ids = {s.pk for s in services}

    tables = tables_by_service(ids)
    finance_rows = services_finance(services, staff_tables=tables)
    delivered = [
        d
        for d in delivered_savings().filter(service__partnership=partnership)
        if d.service_id in ids and (council is None or d.council_id == council.pk)
    ]
    savings_by_year, by_service, by_council, by_service_year = _savings(
        finance_rows, delivered, council, [c for c in councils if council is None or c.pk == council.pk]
    )
    total = SavingsLine(
        "Total",
        sum((line.planned for line in by_service), ZERO),
        sum((line.delivered for line in by_service), ZERO),
        sum((line.investment for line in by_service), ZERO),
    )

    by_stage = {stage: [] for stage in GatewayStage.values}
    for s in services:
        by_stage[s.gateway_stage].append(s)
    pipeline = [(stage, GatewayStage(stage).label, by_stage[stage]) for stage in GatewayStage.values]

    window = today + timedelta(days=WINDOW_DAYS)
    decisions_due = [
        d
        for d, _route in governance.forward_plan(today, partnership)
        if d.decided_on <= window and _in_scope(d, ids, council, service)
    ]
    overdue, call_ins = _decisions(partnership, ids, council, service, today)
    reviews = [
        row
        for row in governance.milestones(today, partnership)
        if row["service"].pk in ids and row["status"] != "upcoming"
    ]

    risks = dict.fromkeys(RATINGS, 0)
    for risk in Risk.objects.filter(service_id__in=ids, status=RiskStatus.OPEN).only("likelihood", "impact"):
        risks[band(risk.score)] += 1

    dashboard = Dashboard(
        today=today,
        partnership=partnership,
        council=council,
        service=service,
        services=services,
        savings_by_year=savings_by_year,
        by_service=by_service,
        by_council=by_council,
        total=total,
        fte=_fte(tables, services),
        pipeline=pipeline,
        decisions_due=decisions_due,
        decisions_overdue=overdue,
        call_ins=call_ins,
        reviews=reviews,
        risks=risks,
        on_track=on_track(savings_by_year, late_returns(ids, council, today), today),
        illustrative_delivered=any(d.is_illustrative("amount") for d in delivered),
        problems=[problem for f in finance_rows for problem in f.statement.problems],
        planned_by_service_year=by_service_year,
    )
    baselines = latest_baselines(ids)
    year, _quarter = quarter_of(today)
    return replace(
        dashboard,
        against=against_baselines(dashboard, baselines),
        forecast=forecast_for_year(year, latest_returns_of_year(ids, year, council), baselines),
    )
