"""The shared ICT capital investment pot (business case §9.5–9.7, Option 3).

Each council pays into one pot (£100k each in the first year, £300k in all, per
recommendation 3 e) and the Head of MKIP ICT approves spending against it. This
module sums the pot and guards a spend; the service layer records both.

Amounts are whole pennies in and out, so every figure here is an exact sum and
nothing needs rounding. Pure functions on :class:`~decimal.Decimal`; no database.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from mkip.fiscal import FinancialYear, financial_years
from mkip.money import ZERO, round_money


class Contribution(NamedTuple):
    council: Hashable
    year: FinancialYear
    amount: Decimal


class Spend(NamedTuple):
    year: FinancialYear
    amount: Decimal


@dataclass(frozen=True)
class PotSummary:
    total_contributed: Decimal
    by_council: dict[Hashable, Decimal]
    total_spent: Decimal
    balance: Decimal
    # Balance at the end of each year, for every year from the first entry to the last.
    balance_by_year: dict[FinancialYear, Decimal]


def _checked_amount(amount: Decimal, what: str) -> Decimal:
    if not Decimal(amount).is_finite() or amount != round_money(amount):
        raise ValueError(f"The {what} must be in pounds and whole pence (got {amount})")
    if amount <= 0:
        raise ValueError(f"The {what} must be more than £0.00 (got £{amount:,.2f})")
    return amount


def check_spend(balance: Decimal, amount: Decimal) -> Decimal:
    """The pot's balance after spending ``amount``; ``ValueError`` if it would go below zero.

    The service layer calls this before approving a spend, so the pot is never
    overdrawn; the message says how much is left so the officer can resize the bid.

    >>> check_spend(Decimal("300000.00"), Decimal("45000.00"))
    Decimal('255000.00')
    """
    _checked_amount(amount, "spend")
    if amount > balance:
        raise ValueError(
            f"Spending £{amount:,.2f} would take the capital pot below zero: only £{max(balance, ZERO):,.2f} is left"
        )
    return balance - amount


def pot_balance(
    contributions: Iterable[tuple[Hashable, FinancialYear, Decimal]],
    approved_spend: Iterable[tuple[FinancialYear, Decimal]],
) -> PotSummary:
    """Totals for the pot: paid in (overall and by council), spent, and the balance.

    ``balance_by_year`` is the running balance at the end of each financial year,
    with no gaps between the first and last year that has an entry. It reports what
    was recorded: if an edited record leaves a year below zero the summary shows it
    rather than raising, because :func:`check_spend` is the guard at approval time.
    Each amount must be above zero and whole pennies (``ValueError`` otherwise).
    """
    contributions = [Contribution(*row) for row in contributions]
    spends = [Spend(*row) for row in approved_spend]
    by_council: dict[Hashable, Decimal] = {}
    movement_by_year: dict[FinancialYear, Decimal] = {}
    for council, year, amount in contributions:
        _checked_amount(amount, f"contribution from {council} in {year.label}")
        by_council[council] = by_council.get(council, ZERO) + amount
        movement_by_year[year] = movement_by_year.get(year, ZERO) + amount
    for year, amount in spends:
        _checked_amount(amount, f"spend in {year.label}")
        movement_by_year[year] = movement_by_year.get(year, ZERO) - amount

    balance_by_year = {}
    if movement_by_year:
        first, last = min(movement_by_year), max(movement_by_year)
        running = ZERO
        for year in financial_years(first, last.start_year - first.start_year + 1):
            running += movement_by_year.get(year, ZERO)
            balance_by_year[year] = running

    total_contributed = sum(by_council.values(), ZERO)
    total_spent = sum((spend.amount for spend in spends), ZERO)
    return PotSummary(
        total_contributed=total_contributed,
        by_council=by_council,
        total_spent=total_spent,
        balance=total_contributed - total_spent,
        balance_by_year=balance_by_year,
    )
