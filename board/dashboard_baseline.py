"""The dashboard's figures beside the approved baselines of the services it covers.

Each service's latest approved baseline (:mod:`finance.baselines`) keeps the figures its
Cabinets approved. Here the dashboard's own figures — savings planned over the term, planned
by year, investment, and the year's forecast outturn — are laid beside the same figures added up
over those baselines, like for like: a service with no approved baseline is named and left out
of both sides, so a difference is never a service missing from one side.

Nothing is recalculated: the baseline side adds up figures the baselines hold, the today side
is the dashboard's.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from finance.baseline_figures import BUDGETS, IMPLEMENTATION, POT, SAVINGS, SAVINGS_BY_COUNCIL, TOTALS, from_data
from finance.monitoring import Variance
from finance.monitoring_selectors import YearReturns
from mkip.money import ZERO


@dataclass(frozen=True)
class Against:
    """One figure: its approved baseline, today's and the difference (today less baseline)."""

    label: str
    baseline: Decimal
    today: Decimal

    @property
    def difference(self) -> Decimal:
        return self.today - self.baseline

    @property
    def changed(self) -> bool:
        return self.difference != 0


@dataclass(frozen=True)
class ForecastForYear:
    """The year's forecast outturn from the returns in, against the same councils' baseline budgets."""

    year: object
    returns_in: int
    returns_due: int
    forecast: Decimal
    baseline: Decimal | None

    @property
    def variance(self) -> Variance | None:
        return None if self.baseline is None or not self.returns_in else Variance(self.baseline, self.forecast)

    @property
    def over_by(self) -> Decimal | None:
        variance = self.variance
        return variance.amount if variance and variance.amount > 0 else None

    @property
    def under_by(self) -> Decimal | None:
        variance = self.variance
        return -variance.amount if variance and variance.amount < 0 else None

    @property
    def share_of_budget(self) -> Decimal | None:
        """How far the forecast is from the baseline, as a fraction of it (either way)."""
        variance = self.variance
        if variance is None or not variance.amount or variance.fraction is None:
            return None
        return abs(variance.fraction)


@dataclass(frozen=True)
class AgainstBaselines:
    baselines: list  # (service, Baseline) pairs, in the dashboard's order
    without: list  # services in scope with no approved baseline
    by_service: list[Against]
    by_year: list[Against]
    total: Against
    investment: Against

    @property
    def changed(self) -> int:
        return sum(1 for row in (*self.by_service, *self.by_year, self.total, self.investment) if row.changed)


def _entries(baseline):
    return from_data(baseline.figures)


def planned_in(entries, council) -> Decimal:
    """Savings over the term in a baseline's ``entries``: the whole, or ``council``'s share."""
    if council is None:
        return next((e.value for e in entries if e.section == TOTALS and e.row == "Savings over the term"), ZERO)
    return sum((e.value for e in entries if e.section == SAVINGS_BY_COUNCIL and e.column == council.name), ZERO)


def _planned_by_year(entries, council) -> dict[str, Decimal]:
    if council is None:
        return {e.row: e.value for e in entries if e.section == SAVINGS and e.column == "Total"}
    return {e.row: e.value for e in entries if e.section == SAVINGS_BY_COUNCIL and e.column == council.name}


def investment_in(entries, council) -> Decimal:
    """Investment in a baseline's ``entries``: the whole, or ``council``'s costs and pot payments."""
    if council is None:
        return next((e.value for e in entries if e.section == TOTALS and e.row == "Investment"), ZERO)
    parts = [e.value for e in entries if e.section == IMPLEMENTATION and e.column == council.name]
    parts += [e.value for e in entries if e.section == POT and e.row == council.name and e.column == "Contributed"]
    return sum(parts, ZERO)


def against_baselines(data, baselines: dict) -> AgainstBaselines | None:
    """``data`` (a :class:`board.dashboard.Dashboard`) beside ``baselines`` (service id → latest
    baseline); None when no service in scope has one."""
    covered = [(service, baselines[service.pk]) for service in data.services if service.pk in baselines]
    if not covered:
        return None
    council = data.council
    today_by_service = {line.service_id: line for line in data.by_service}
    by_service, by_year = [], defaultdict(lambda: ZERO)
    baseline_investment = today_investment = ZERO
    for service, baseline in covered:
        entries = _entries(baseline)
        line = today_by_service.get(service.pk)
        by_service.append(Against(service.name, planned_in(entries, council), line.planned if line else ZERO))
        for year, amount in _planned_by_year(entries, council).items():
            by_year[year] += amount
        baseline_investment += investment_in(entries, council)
        today_investment += line.investment if line else ZERO
    today_by_year = _today_by_year(data, {service.pk for service, _ in covered})
    years = sorted(set(by_year) | set(today_by_year))
    return AgainstBaselines(
        baselines=covered,
        without=[service for service in data.services if service.pk not in baselines],
        by_service=by_service,
        by_year=[Against(year, by_year.get(year, ZERO), today_by_year.get(year, ZERO)) for year in years],
        total=Against(
            "Savings planned over the plans’ terms",
            sum((row.baseline for row in by_service), ZERO),
            sum((row.today for row in by_service), ZERO),
        ),
        investment=Against("Investment", baseline_investment, today_investment),
    )


def _today_by_year(data, service_ids) -> dict[str, Decimal]:
    """Today's planned savings by year of the services with a baseline."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for service_id, years in data.planned_by_service_year.items():
        if service_id in service_ids:
            for year, amount in years.items():
                totals[str(year)] += amount
    return dict(totals)


def forecast_for_year(year, returns: YearReturns, baselines: dict) -> ForecastForYear:
    """The forecast outturn of ``year`` from the returns in, against the baseline budgets of the
    same councils for the same services (their latest approved baselines)."""
    forecast = sum((r.forecast_total or ZERO for r in returns.submitted), ZERO)
    budgets: dict[int, dict[str, Decimal]] = {}
    for service_id, baseline in baselines.items():
        budgets[service_id] = {
            e.row: e.value for e in _entries(baseline) if e.section == BUDGETS and e.column == str(year)
        }
    parts = [budgets.get(r.round.service_id, {}).get(r.council.name) for r in returns.submitted]
    baseline = None if not parts or any(part is None for part in parts) else sum(parts, ZERO)
    return ForecastForYear(year, len(returns.submitted), returns.due, forecast, baseline)
