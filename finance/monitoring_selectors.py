"""Reads of quarterly monitoring: a round's returns and the monitoring report, in a fixed number
of queries however many councils and lines there are."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Subquery, Sum
from django.utils import timezone

from finance import selectors
from finance.baseline_figures import BUDGETS, from_data
from finance.baselines import latest_baseline
from finance.models import BudgetFigure, BudgetLine, DeliveredSaving, FigureKind, Programme
from finance.models_monitoring import Forecast, MonitoringReturn, MonitoringRound, ReturnStatus
from finance.monitoring import Threshold, Variance, delivered_to_date, planned_to_date
from finance.savings import amounts_by_year
from mkip.money import ZERO


@dataclass
class LineRow:
    line: BudgetLine
    budget: Decimal
    forecast: Decimal | None
    commentary: str
    threshold: Threshold

    @property
    def variance(self) -> Variance | None:
        return None if self.forecast is None else Variance(self.budget, self.forecast)

    @property
    def rag(self) -> str | None:
        return self.variance.rag(self.threshold) if self.variance else None

    @property
    def needs_commentary(self) -> bool:
        return bool(self.variance and self.variance.needs_commentary(self.threshold))


@dataclass
class CouncilReturn:
    monitoring_return: MonitoringReturn
    rows: list[LineRow]
    baseline: Decimal | None
    late: bool
    budget: Decimal = field(init=False)
    forecast: Decimal | None = field(init=False)

    def __post_init__(self):
        self.budget = sum((row.budget for row in self.rows), ZERO)
        # A total forecast only once every line has one: a part-filled return has no total to compare.
        complete = all(row.forecast is not None for row in self.rows)
        self.forecast = sum((row.forecast for row in self.rows), ZERO) if complete else None

    @property
    def entered(self) -> int:
        return sum(1 for row in self.rows if row.forecast is not None)

    @property
    def variance(self) -> Variance | None:
        return None if self.forecast is None else Variance(self.budget, self.forecast)


def rounds_of(service):
    """The service's rounds, newest first, with their returns and councils: two queries."""
    returns = Prefetch("returns", queryset=MonitoringReturn.objects.select_related("council"))
    return MonitoringRound.objects.filter(service=service).select_related("service").prefetch_related(returns)


def is_late(monitoring_return: MonitoringReturn, due_on, today) -> bool:
    """Not yet submitted (or returned and not resubmitted) after the round's due date."""
    done = monitoring_return.status in (ReturnStatus.SUBMITTED, ReturnStatus.SIGNED_OFF)
    return not done and due_on < today


def _baselines_by_council(service, year) -> dict[str, Decimal]:
    baseline = latest_baseline(service)
    if baseline is None:
        return {}
    return {e.row: e.value for e in from_data(baseline.figures) if e.section == BUDGETS and e.column == str(year)}


def council_returns(monitoring_round: MonitoringRound, returns=None) -> list[CouncilReturn]:
    """Each council's lines with budget, forecast and variance: four queries for the whole round."""
    returns = returns if returns is not None else list(monitoring_round.returns.select_related("council", "round"))
    councils = [r.council_id for r in returns]
    lines = BudgetLine.objects.filter(
        service=monitoring_round.service_id, council__in=councils, programme=Programme.REVENUE
    ).order_by("council", "position", "name")
    budgets = dict(
        BudgetFigure.objects.filter(line__in=lines, year=monitoring_round.year, kind=FigureKind.BUDGET).values_list(
            "line_id", "amount"
        )
    )
    forecasts = {(f.monitoring_return_id, f.line_id): f for f in Forecast.objects.filter(monitoring_return__in=returns)}
    by_council: dict[int, list[BudgetLine]] = {}
    for line in lines:
        by_council.setdefault(line.council_id, []).append(line)
    threshold = Threshold(monitoring_round.threshold_amount, monitoring_round.threshold_percent)
    baselines = _baselines_by_council(monitoring_round.service, monitoring_round.year)
    today = timezone.localdate()
    result = []
    for monitoring_return in returns:
        rows = []
        for line in by_council.get(monitoring_return.council_id, []):
            forecast = forecasts.get((monitoring_return.pk, line.pk))
            rows.append(
                LineRow(
                    line=line,
                    budget=budgets.get(line.pk, ZERO),
                    forecast=forecast.amount if forecast else None,
                    commentary=forecast.commentary if forecast else "",
                    threshold=threshold,
                )
            )
        monitoring_return.round = monitoring_round
        baseline = baselines.get(monitoring_return.council.name)
        late = is_late(monitoring_return, monitoring_round.due_on, today)
        result.append(CouncilReturn(monitoring_return, rows, baseline, late))
    return result


def savings_to_date(monitoring_round: MonitoringRound) -> dict:
    """Savings planned to date (the business case's profile) against delivered to date."""
    finance = selectors.service_finance(monitoring_round.service)
    projection = finance.statement.projection
    planned = projection.by_year if projection else {}
    delivered = amounts_by_year(DeliveredSaving.objects.filter(service=monitoring_round.service_id))
    planned_now = planned_to_date(planned, monitoring_round.year, monitoring_round.quarter)
    delivered_now = delivered_to_date(delivered, monitoring_round.year)
    return {"planned": planned_now, "delivered": delivered_now, "variance": delivered_now - planned_now}


@dataclass(frozen=True)
class YearReturns:
    """The returns of each service's latest round of a year: those in (submitted or signed off)
    with their forecast outturn, and how many the rounds asked for."""

    submitted: list[MonitoringReturn]
    due: int


def latest_returns_of_year(service_ids, year, council=None) -> YearReturns:
    """The returns of each service's latest round of ``year``, each with its total forecast
    (``forecast_total``): one query, however many services, councils and lines."""
    latest_quarter = (
        MonitoringRound.objects.filter(service=OuterRef("round__service"), year=year)
        .order_by("-quarter")
        .values("quarter")[:1]
    )
    returns = MonitoringReturn.objects.filter(
        round__service_id__in=service_ids, round__year=year, round__quarter=Subquery(latest_quarter)
    )
    if council is not None:
        returns = returns.filter(council=council)
    returns = returns.select_related("council", "round").annotate(forecast_total=Sum("forecasts__amount"))
    returns = list(returns.order_by("council__name", "round_id"))
    done = (ReturnStatus.SUBMITTED, ReturnStatus.SIGNED_OFF)
    return YearReturns(submitted=[r for r in returns if r.status in done], due=len(returns))
