"""Dividing shared costs and savings between the partner councils.

The business case (§3.4 e, §9.8) divides savings "according to the current and future
investment made by each authority, including both revenue and capital spending", and
§5.6 splits the implementation costs the same way. This module turns each council's
investment into shares and splits sums of money by them, to the penny, so that the
parts always add back to the whole: a Cabinet report whose council columns do not
sum to its total column is the first thing a member will query.

Pure functions on :class:`~decimal.Decimal`; no database.
"""

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from mkip.money import PENNY, round_money

SHARE_PLACES = Decimal("1E-10")


def investment_basis(revenue_excluding_recharges: Decimal, capital: Decimal) -> Decimal:
    """One council's investment in the shared service: revenue budget plus capital.

    Per §3.4 e the revenue is the 2012/13 ICT budget *excluding* recharges (Table 2
    includes them, so it is not the figure to use), and §9.8 adds capital spending.
    Both are whole pennies already, so the sum needs no rounding.

    >>> investment_basis(Decimal("1250000.00"), Decimal("100000.00"))
    Decimal('1350000.00')
    """
    for label, amount in (("revenue", revenue_excluding_recharges), ("capital", capital)):
        if amount < 0:
            raise ValueError(f"A council's {label} investment cannot be negative (got £{amount:,.2f})")
    return revenue_excluding_recharges + capital


def _checked_weights[K](weights: Mapping[K, Decimal]) -> dict[K, Fraction]:
    # Fractions keep every later comparison exact, so tie-breaking never depends on
    # how far a Decimal division happened to be carried.
    if not weights:
        raise ValueError("There is nothing to share between: give at least one council a weight")
    checked = {}
    for key, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, Decimal | int):
            raise TypeError(f"The weight for {key} must be a Decimal, not {type(weight).__name__}")
        if not Decimal(weight).is_finite():
            raise ValueError(f"The weight for {key} must be a number (got {weight})")
        if weight < 0:
            raise ValueError(f"The weight for {key} cannot be negative (got {weight})")
        checked[key] = Fraction(weight)
    if not any(checked.values()):
        raise ValueError("Every weight is zero, so there is no basis for sharing")
    return checked


def shares[K](basis: Mapping[K, Decimal]) -> dict[K, Decimal]:
    """Each key's fraction of the total basis, to 10 decimal places.

    Rounded with :func:`round_money` at a unit of ``1E-10`` (half away from zero), so
    the shares can miss adding to exactly 1 by a few ten-billionths. They are for
    showing (34.4%) and for reasoning; to divide money use :func:`split`, which
    works from the weights themselves and always adds up.

    Raises ``ValueError`` for an empty basis, a negative basis or an all-zero basis.

    >>> shares({"MBC": Decimal("1"), "SBC": Decimal("1"), "TWBC": Decimal("1")})["MBC"]
    Decimal('0.3333333333')
    """
    checked = _checked_weights(basis)
    whole = sum(checked.values())
    result = {}
    for key, weight in checked.items():
        share = weight / whole
        result[key] = round_money(Decimal(share.numerator) / share.denominator, unit=SHARE_PLACES)
    return result


def split[K](total: Decimal, weights: Mapping[K, Decimal]) -> dict[K, Decimal]:
    """Split ``total`` between the keys in proportion to ``weights``, to the penny.

    The parts always add up to exactly ``total``. Rule (largest remainder, or
    Hamilton's method):

    1. each key's exact proportional amount is cut back toward zero to whole pennies;
    2. the pennies this leaves over go one each to the keys whose cut-off remainders
       are largest;
    3. equal remainders are broken by the order of ``weights`` (first key first), so
       the same inputs always give the same answer.

    No part is more than a penny from its exact proportional amount, and a key with a
    zero weight gets nothing. A negative total is split as its absolute value and
    negated, so refunds mirror charges. ``total`` must already be whole pennies
    (``ValueError`` otherwise: round it with :func:`round_money` first, deliberately).

    >>> split(Decimal("100.00"), {"MBC": 1, "SBC": 1, "TWBC": 1})
    {'MBC': Decimal('33.34'), 'SBC': Decimal('33.33'), 'TWBC': Decimal('33.33')}
    """
    if not Decimal(total).is_finite() or total != round_money(total):
        raise ValueError(f"Only a whole number of pennies can be split; round {total} to the penny first")
    checked = _checked_weights(weights)
    whole = sum(checked.values())
    pennies = int(abs(total) / PENNY)
    sign = -1 if total < 0 else 1

    exact = {key: pennies * weight / whole for key, weight in checked.items()}
    # Truncating, not round_money: Hamilton's method needs every part on the same
    # side of its exact amount so the leftover is a whole, non-negative count.
    parts = {key: amount.numerator // amount.denominator for key, amount in exact.items()}
    leftover = pennies - sum(parts.values())
    # sorted() is stable, so keys with equal remainders keep the mapping's order.
    by_remainder = sorted(checked, key=lambda key: exact[key] - parts[key], reverse=True)
    for key in by_remainder[:leftover]:
        parts[key] += 1
    return {key: Decimal(sign * count) * PENNY for key, count in parts.items()}


def split_lines[K](lines: Mapping[str, Decimal], weights: Mapping[K, Decimal]) -> dict[str, dict[K, Decimal]]:
    """Split each cost line separately with :func:`split`, so every line adds up.

    Used for the §5.5 implementation costs (six lines, £154,000) shared "based on the
    level of investment" (§5.6).

    >>> split_lines({"Legal": Decimal("10.00")}, {"MBC": 1, "SBC": 1, "TWBC": 1})
    {'Legal': {'MBC': Decimal('3.34'), 'SBC': Decimal('3.33'), 'TWBC': Decimal('3.33')}}
    """
    return {line: split(amount, weights) for line, amount in lines.items()}


def totals_by_key[K](line_splits: Mapping[str, Mapping[K, Decimal]]) -> dict[K, Decimal]:
    """Each key's total across the lines of :func:`split_lines`.

    This is the figure the product shows for a council's share of a multi-line cost.
    Because every line adds up, these totals add up to the grand total too, and each
    council's column agrees with its line items. It can differ by a few pennies from
    splitting the grand total in one go (each line's odd penny is placed separately);
    we accept that rather than show a column that does not sum.
    """
    totals: dict[K, Decimal] = {}
    for parts in line_splits.values():
        for key, amount in parts.items():
            totals[key] = totals.get(key, Decimal("0.00")) + amount
    return totals
