"""The savings plan: staff and non-staff savings, the ten-year projection, and delivery.

Follows the ICT business case (§8, §9, Tables 1 and 2). Savings are measured against
the 2012/13 baseline budget (§3.4 d). Staff savings are the fall in staff cost from
that baseline; non-staff savings are staged percentages of the software, hardware
maintenance and consumables budgets (§9.13). A saving, once planned, is held at its
last planned level in later years unless another figure is entered for them, which
is how the business case's "£3.71M over ten years" is built.

Every rounding goes through :func:`mkip.money.round_money` (half away from zero).
Pure functions on :class:`~decimal.Decimal`; no database.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from mkip.fiscal import FinancialYear, financial_years
from mkip.money import POUND, ZERO, round_money

HUNDRED = Decimal("100")


@dataclass(frozen=True)
class NonStaffStep:
    """One year's planned non-staff saving: a percentage of that year's base, or a fixed amount.

    ``percentage`` is in percent (``Decimal("5")`` means 5%). Exactly one of
    ``percentage`` and ``amount`` is given.
    """

    year: FinancialYear
    percentage: Decimal | None = None
    amount: Decimal | None = None

    def __post_init__(self):
        if (self.percentage is None) == (self.amount is None):
            raise ValueError(
                f"For {self.year.label} enter either a percentage of the non-staff base or an amount, not "
                + ("both" if self.percentage is not None else "neither")
            )
        if self.percentage is not None and not ZERO <= self.percentage <= HUNDRED:
            raise ValueError(f"The {self.year.label} percentage must be between 0 and 100 (got {self.percentage})")


def non_staff_savings(
    steps: Iterable[NonStaffStep], base_by_year: Mapping[FinancialYear, Decimal]
) -> dict[FinancialYear, Decimal]:
    """Each planned year's non-staff saving, rounded to the penny with :func:`round_money`.

    A percentage step takes that percentage of *that year's* base (the base itself
    moves: £1,380,000 in 2012/13 and 2013/14, £1,371,500 in 2014/15). Years come
    back in order. ``ValueError`` if a percentage year has no base or a year is
    planned twice.
    """
    savings = {}
    for step in steps:
        if step.year in savings:
            raise ValueError(f"{step.year.label} has more than one non-staff saving planned")
        if step.amount is not None:
            savings[step.year] = round_money(step.amount)
            continue
        if step.year not in base_by_year:
            raise ValueError(
                f"{step.year.label} plans {step.percentage}% of the non-staff base, "
                f"but no non-staff base is entered for {step.year.label}"
            )
        savings[step.year] = round_money(base_by_year[step.year] * step.percentage / HUNDRED)
    return dict(sorted(savings.items()))


def staff_savings(
    baseline_staff_cost: Decimal, staff_cost_by_year: Mapping[FinancialYear, Decimal]
) -> dict[FinancialYear, Decimal]:
    """Each year's staff saving: the baseline staff cost less that year's staff cost.

    A year costing more than the baseline gives a negative saving, shown as such
    rather than hidden. Rounded to the penny with :func:`round_money`.
    """
    return {year: round_money(baseline_staff_cost - cost) for year, cost in sorted(staff_cost_by_year.items())}


@dataclass(frozen=True)
class ProjectionRow:
    year: FinancialYear
    staff: Decimal
    non_staff: Decimal
    # True when the figure was carried forward from an earlier year, not entered.
    staff_held: bool
    non_staff_held: bool

    @property
    def total(self) -> Decimal:
        return self.staff + self.non_staff


@dataclass(frozen=True)
class Projection:
    rows: tuple[ProjectionRow, ...]

    @property
    def staff_total(self) -> Decimal:
        return sum((row.staff for row in self.rows), ZERO)

    @property
    def non_staff_total(self) -> Decimal:
        return sum((row.non_staff for row in self.rows), ZERO)

    @property
    def total(self) -> Decimal:
        return self.staff_total + self.non_staff_total

    @property
    def by_year(self) -> dict[FinancialYear, Decimal]:
        """The total saving planned for each year."""
        return {row.year: row.total for row in self.rows}

    @property
    def average_per_year(self) -> Decimal:
        """Total over the number of years, rounded to the penny with :func:`round_money`."""
        return round_money(self.total / len(self.rows))


def _held(planned: Mapping[FinancialYear, Decimal], year: FinancialYear) -> tuple[Decimal, bool]:
    if year in planned:
        return planned[year], False
    earlier = [planned_year for planned_year in planned if planned_year < year]
    return (planned[max(earlier)], True) if earlier else (ZERO, False)


def project(
    first_year: FinancialYear,
    years: int,
    staff: Mapping[FinancialYear, Decimal],
    non_staff: Mapping[FinancialYear, Decimal],
) -> Projection:
    """Savings for ``years`` consecutive years from ``first_year``.

    A year with no entry takes the last planned figure before it ("held at the last
    planned level unless entered otherwise"); before any entry it is zero. Entries
    are already pennies, so rows and totals are exact sums; only
    :attr:`Projection.average_per_year` rounds.
    """
    if years < 1:
        raise ValueError(f"A projection needs at least one year (got {years})")
    rows = []
    for year in financial_years(first_year, years):
        staff_amount, staff_held = _held(staff, year)
        non_staff_amount, non_staff_held = _held(non_staff, year)
        rows.append(ProjectionRow(year, staff_amount, non_staff_amount, staff_held, non_staff_held))
    return Projection(tuple(rows))


def revenue_estimates(
    baseline_budget: Decimal, savings_by_year: Mapping[FinancialYear, Decimal]
) -> dict[FinancialYear, Decimal]:
    """Each year's estimated revenue budget: the baseline budget less that year's total saving.

    Table 2's estimates are the 2012/13 budget less the year's savings, not a running
    reduction of the previous year's estimate. Rounded with :func:`round_money`.
    """
    return {year: round_money(baseline_budget - saving) for year, saving in sorted(savings_by_year.items())}


def changes_between(values: list[Decimal]) -> list[Decimal | None]:
    """The change from each figure to the next, as in the "Changes between years" rows.

    The first figure has nothing before it, so its change is ``None``; no figures,
    no changes.

    >>> changes_between([Decimal("1835820"), Decimal("1663840"), Decimal("1663840")])
    [None, Decimal('-171980'), Decimal('0')]
    """
    if not values:
        return []
    return [None, *(later - earlier for earlier, later in pairwise(values))]


@dataclass(frozen=True)
class DeliveryRow:
    year: FinancialYear
    planned: Decimal
    delivered: Decimal | None
    # delivered − planned: positive is ahead of plan. None until the year is reported.
    variance: Decimal | None
    cumulative_variance: Decimal


def planned_vs_delivered(
    planned: Mapping[FinancialYear, Decimal], delivered: Mapping[FinancialYear, Decimal]
) -> list[DeliveryRow]:
    """Planned against delivered savings, year by year, with the running variance.

    Rows cover every year in either mapping, in order. A year delivered but never
    planned counts as planned at zero. A year not yet reported has no delivered
    figure or variance, and the cumulative variance carries over it unchanged, so it
    always means "against plan, for the years reported so far". Exact sums of
    pennies; nothing to round.
    """
    rows = []
    running = ZERO
    for year in sorted(set(planned) | set(delivered)):
        plan = planned.get(year, ZERO)
        actual = delivered.get(year)
        variance = None if actual is None else actual - plan
        if variance is not None:
            running += variance
        rows.append(DeliveryRow(year, plan, actual, variance, running))
    return rows


def _checked_investment(investment: Decimal) -> Decimal:
    if investment <= 0:
        raise ValueError(f"Return on investment needs an investment above zero (got £{investment:,.2f})")
    return investment


def return_on_investment(savings: Decimal, investment: Decimal) -> Decimal:
    """Pounds saved for every £1 invested, to 2 decimal places via :func:`round_money`.

    >>> return_on_investment(Decimal("13300000"), Decimal("2150000"))
    Decimal('6.19')
    """
    return round_money(savings / _checked_investment(investment))


def return_per_pound_whole(savings: Decimal, investment: Decimal) -> Decimal:
    """Pounds saved per £1 invested, to the whole pound, for sentences like "£6 for every £1".

    Rounded once from the exact ratio (not from the 2 dp figure, which could round
    twice) with :func:`round_money` at a unit of £1.

    >>> return_per_pound_whole(Decimal("13300000"), Decimal("2150000"))
    Decimal('6')
    """
    return round_money(savings / _checked_investment(investment), unit=POUND)


def amounts_by_year(rows) -> dict[FinancialYear, Decimal]:
    """The ``amount`` of ``rows`` (anything with ``year`` and ``amount``) added up by year.

    >>> from types import SimpleNamespace as Row
    >>> amounts_by_year([Row(year=2013, amount=Decimal("1.50")), Row(year=2013, amount=Decimal("2"))])
    {2013: Decimal('3.50')}
    """
    totals: dict = {}
    for row in rows:
        totals[row.year] = totals.get(row.year, ZERO) + row.amount
    return totals
