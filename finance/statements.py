"""A shared service's finance statement, built from entered figures: seed 001's Table 2 and what follows from it.

Pure functions over plain rows (no database): the selectors fetch the rows, this module
adds them up and calls ``apportionment``, ``savings`` and ``capital`` for the rules.

* Budget columns are the totals of every revenue line (recharges included, as Table 2
  is) for each year up to the baseline year that has budget figures.
* Estimate columns are the baseline budget less each year's planned saving
  (:func:`finance.savings.revenue_estimates`), for every year something is planned in,
  not the years where savings are only held.
* The non-staff base of a year is the sum of the budget figures of lines flagged as in
  the base (software, hardware maintenance and consumables, §9.13).
* Staff savings come from the staffing establishment (``StaffCosts``), never a second entry.
* Each council's investment basis is its baseline-year revenue budget excluding
  recharges plus its baseline-year capital programme (§3.4 e, §9.8); savings and
  implementation costs are split in those shares, to the penny.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from finance.apportionment import investment_basis, shares, split, split_lines, totals_by_key
from finance.capital import PotSummary, pot_balance
from finance.savings import (
    NonStaffStep,
    Projection,
    changes_between,
    non_staff_savings,
    project,
    revenue_estimates,
    staff_savings,
)
from mkip.fiscal import FinancialYear
from mkip.money import ZERO
from mkip.periods import periods_overlap

BUDGET, REVENUE, CAPITAL = "budget", "revenue", "capital"


@dataclass(frozen=True)
class Figure:
    council: Hashable
    programme: str
    year: FinancialYear
    kind: str
    amount: Decimal
    is_recharge: bool = False
    in_non_staff_base: bool = False


@dataclass(frozen=True)
class Partner:
    council: Hashable
    joined: date
    left: date | None = None


@dataclass(frozen=True)
class Column:
    year: FinancialYear
    kind: str
    total: Decimal
    change: Decimal | None


@dataclass(frozen=True)
class Basis:
    council: Hashable
    revenue_excluding_recharges: Decimal
    capital: Decimal
    basis: Decimal
    share: Decimal


@dataclass(frozen=True)
class Statement:
    columns: tuple[Column, ...]
    budget_by_council: dict[Hashable, dict[FinancialYear, Decimal]]
    non_staff_base: dict[FinancialYear, Decimal]
    staff_savings: dict[FinancialYear, Decimal]
    non_staff_savings: dict[FinancialYear, Decimal]
    projection: Projection | None
    bases: tuple[Basis, ...]
    savings_by_council: dict[FinancialYear, dict[Hashable, Decimal]]
    council_totals: dict[Hashable, Decimal]
    implementation: dict[str, dict[Hashable, Decimal]]
    implementation_totals: dict[Hashable, Decimal]
    pot: PotSummary
    problems: tuple[str, ...] = field(default=())


def sharing_councils(partners: Sequence[Partner], year: FinancialYear) -> list[Hashable]:
    """The councils that share in ``year``'s savings.

    A council shares in the years it is a partner. The founding partners (those who
    joined first) also share in the years before the agreement started, because the
    business case plans savings from the baseline year on (§8.1: savings already made
    in 2012/13). A council that left shares in nothing after it left.
    """
    if not partners:
        return []
    founded = min(partner.joined for partner in partners)
    year_end = date(year.start_year + 1, 4, 1)
    sharing = []
    for partner in partners:
        during = periods_overlap(partner.joined, partner.left, year.starts, year_end)
        before_start = partner.joined == founded and year_end <= founded
        if during or before_start:
            sharing.append(partner.council)
    return list(dict.fromkeys(sharing))


def _sum(figures: Iterable[Figure]) -> Decimal:
    return sum((figure.amount for figure in figures), ZERO)


def build_statement(
    *,
    councils: Sequence[Hashable],
    partners: Sequence[Partner],
    figures: Sequence[Figure],
    baseline_year: FinancialYear | None,
    first_year: FinancialYear | None = None,
    years: int = 0,
    steps: Sequence[NonStaffStep] = (),
    staff_baseline: Decimal | None = None,
    staff_by_year: Mapping[FinancialYear, Decimal] | None = None,
    implementation_costs: Mapping[str, Decimal] | None = None,
    contributions: Iterable[tuple[Hashable, FinancialYear, Decimal]] = (),
    spends: Iterable[tuple[FinancialYear, Decimal]] = (),
) -> Statement:
    revenue_budget = [f for f in figures if f.programme == REVENUE and f.kind == BUDGET]
    problems = []

    budget_years = sorted({f.year for f in revenue_budget if baseline_year is None or f.year <= baseline_year})
    budget_by_council = {
        council: {
            year: _sum(f for f in revenue_budget if f.council == council and f.year == year) for year in budget_years
        }
        for council in councils
    }
    totals = [(year, BUDGET, _sum(f for f in revenue_budget if f.year == year)) for year in budget_years]
    non_staff_base = {}
    for figure in revenue_budget:
        if figure.in_non_staff_base:
            non_staff_base[figure.year] = non_staff_base.get(figure.year, ZERO) + figure.amount

    staff = staff_savings(staff_baseline, staff_by_year) if staff_baseline is not None and staff_by_year else {}
    try:
        non_staff = non_staff_savings(steps, non_staff_base)
    except ValueError as error:
        problems.append(str(error))
        non_staff = {}

    projection = None
    if baseline_year is not None and first_year is not None and years:
        projection = project(first_year, years, staff=staff, non_staff=non_staff)
        planned = {row.year: row.total for row in projection.rows if not (row.staff_held and row.non_staff_held)}
        baseline_total = _sum(f for f in revenue_budget if f.year == baseline_year)
        totals += [(year, "estimate", amount) for year, amount in revenue_estimates(baseline_total, planned).items()]
    changes = changes_between([total for _, _, total in totals])
    columns = tuple(
        Column(year, kind, total, change) for (year, kind, total), change in zip(totals, changes, strict=True)
    )

    bases = []
    if baseline_year is not None:
        raw = {}
        for council in councils:
            mine = [f for f in figures if f.council == council and f.year == baseline_year and f.kind == BUDGET]
            revenue = _sum(f for f in mine if f.programme == REVENUE and not f.is_recharge)
            capital = _sum(f for f in mine if f.programme == CAPITAL)
            try:
                raw[council] = (revenue, capital, investment_basis(revenue, capital))
            except ValueError as error:
                problems.append(f"{council}: {error}")
        weights = {council: basis for council, (_, _, basis) in raw.items()}
        fractions = shares(weights) if any(weights.values()) else dict.fromkeys(weights, ZERO)
        bases = [Basis(c, r, k, b, fractions[c]) for c, (r, k, b) in raw.items()]
    weights = {basis.council: basis.basis for basis in bases if basis.basis > 0}

    savings_by_council = {}
    if projection is not None and weights:
        for row in projection.rows:
            sharing = {c: weights[c] for c in sharing_councils(partners, row.year) if c in weights}
            parts = split(row.total, sharing) if sharing else {}
            savings_by_council[row.year] = {council: parts.get(council, ZERO) for council in councils}
    council_totals = totals_by_key({str(year): parts for year, parts in savings_by_council.items()})

    implementation = split_lines(implementation_costs or {}, weights) if weights else {}
    return Statement(
        columns=columns,
        budget_by_council=budget_by_council,
        non_staff_base=dict(sorted(non_staff_base.items())),
        staff_savings=staff,
        non_staff_savings=non_staff,
        projection=projection,
        bases=tuple(bases),
        savings_by_council=savings_by_council,
        council_totals=council_totals,
        implementation=implementation,
        implementation_totals=totals_by_key(implementation),
        pot=pot_balance(contributions, spends),
        problems=tuple(problems),
    )
