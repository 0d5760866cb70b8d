"""Quarterly budget monitoring: variance of the forecast outturn on the budget, when it needs a
commentary, its RAG rating, and savings planned to date.

The rules, as the monitoring report states them:

* **Variance** is forecast outturn less budget: above zero is an overspend, below an underspend.
* A line **needs a commentary** when its variance, either way, passes the round's threshold in
  pounds or in per cent of the budget.
* **RAG**: green when an overspend passes neither threshold (and for every underspend); amber
  when it passes one; red when it passes both. A line with no budget and a forecast is red.
* **Planned to date** at a quarter is the savings planned for every earlier year, plus the
  quarters gone of this year's (a quarter of the year's saving for each).

Pure: amounts in, amounts out; pence exact, percentages rounded once for display by the caller.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from mkip.fiscal import FinancialYear
from mkip.money import ZERO, round_money

GREEN, AMBER, RED = "green", "amber", "red"
QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Threshold:
    amount: Decimal
    percent: Decimal

    def __post_init__(self):
        if self.amount < 0 or self.percent < 0:
            raise ValueError("A variance threshold cannot be negative")


@dataclass(frozen=True)
class Variance:
    budget: Decimal
    forecast: Decimal

    @property
    def amount(self) -> Decimal:
        return self.forecast - self.budget

    @property
    def fraction(self) -> Decimal | None:
        """Variance as a fraction of the budget; None when there is no budget to measure it by."""
        if self.budget == 0:
            return None
        return self.amount / abs(self.budget)

    @property
    def percent(self) -> Decimal | None:
        fraction = self.fraction
        return None if fraction is None else fraction * 100

    def passes(self, threshold: Threshold) -> tuple[bool, bool]:
        """Whether the variance, either way, is beyond the threshold in pounds and in per cent."""
        beyond_pounds = abs(self.amount) > threshold.amount
        percent = self.percent
        beyond_percent = (percent is None and self.amount != 0) or (
            percent is not None and abs(percent) > threshold.percent
        )
        return beyond_pounds, beyond_percent

    def needs_commentary(self, threshold: Threshold) -> bool:
        """>>> Variance(Decimal("1000"), Decimal("1200")).needs_commentary(Threshold(Decimal("100"), Decimal("50")))
        True"""
        return any(self.passes(threshold))

    def rag(self, threshold: Threshold) -> str:
        """>>> t = Threshold(Decimal("10000"), Decimal("5"))
        >>> [Variance(Decimal("100000"), Decimal(f)).rag(t) for f in ("90000", "104000", "106000", "120000")]
        ['green', 'green', 'amber', 'red']"""
        if self.amount <= 0:
            return GREEN
        passed = sum(self.passes(threshold))
        return (GREEN, AMBER, RED)[passed]


def planned_to_date(planned: Mapping[FinancialYear, Decimal], year: FinancialYear, quarter: int) -> Decimal:
    """Savings planned for the years before ``year`` and for ``quarter`` quarters of ``year``.

    >>> plan = {FinancialYear(2013): Decimal("100000"), FinancialYear(2014): Decimal("200000")}
    >>> planned_to_date(plan, FinancialYear(2014), 2)
    Decimal('200000.00')
    """
    if quarter not in QUARTERS:
        raise ValueError(f"A quarter is 1 to 4 (got {quarter})")
    earlier = sum((amount for planned_year, amount in planned.items() if planned_year < year), ZERO)
    this_year = planned.get(year, ZERO) * quarter / 4
    return round_money(earlier + this_year)


def delivered_to_date(delivered: Mapping[FinancialYear, Decimal], year: FinancialYear) -> Decimal:
    """Savings reported delivered for ``year`` and every year before it."""
    return sum((amount for delivered_year, amount in delivered.items() if delivered_year <= year), ZERO)


SHORTFALL_AMBER = Decimal("0.10")


def quarter_of(day) -> tuple[FinancialYear, int]:
    """The financial year and quarter a day falls in: April to June is quarter 1.

    >>> from datetime import date
    >>> quarter_of(date(2027, 2, 1))
    (FinancialYear(start_year=2026), 4)
    """
    year = FinancialYear.containing(day)
    return year, (day.month - 4) % 12 // 3 + 1


def delivery_rag(planned: Decimal, delivered: Decimal) -> str:
    """Savings delivered to date against planned to date: green when at least as planned, amber
    when short by no more than a tenth of the plan, red beyond.

    >>> [delivery_rag(Decimal("100"), Decimal(d)) for d in ("100", "95", "80")]
    ['green', 'amber', 'red']
    """
    if delivered >= planned:
        return GREEN
    return AMBER if planned - delivered <= planned * SHORTFALL_AMBER else RED
