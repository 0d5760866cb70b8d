"""Money: the one rounding rule, the one parser and the one display format the whole product uses.

Council finance rounds half away from zero ("commercial rounding"), which is
what a spreadsheet's ROUND() does, so our figures match the ones officers
already hold. Every rounding of money goes through :func:`round_money`.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
POUND = Decimal("1")
MONEY_ROUNDING = ROUND_HALF_UP

ZERO = Decimal("0.00")
# A MoneyField holds 14 digits, 2 of them pence: anything from a trillion pounds up cannot be
# stored, and a figure of hundreds of digits would overflow the rounding itself.
TOO_LARGE = Decimal("1000000000000")


def round_money(amount, unit: Decimal = PENNY) -> Decimal:
    """Round ``amount`` to a whole number of ``unit`` (a penny by default), half away from zero.

    >>> round_money(Decimal("2.675"))
    Decimal('2.68')
    >>> round_money(Decimal("-2.675"))
    Decimal('-2.68')
    >>> round_money(Decimal("370886"), unit=Decimal("1000"))
    Decimal('371000')
    """
    units = (Decimal(amount) / unit).quantize(POUND, rounding=MONEY_ROUNDING)
    return units * unit


def parse_money(text) -> Decimal:
    """Read an amount as an officer types it: ``£1,234.50``, ``1234.5``, ``(200)``.

    Brackets mean a negative figure, as in council spreadsheets. Raises
    ``ValueError`` with a sentence a person can act on.

    >>> parse_money("£1,663,840")
    Decimal('1663840.00')
    >>> parse_money("(69,000)")
    Decimal('-69000.00')
    """
    if isinstance(text, Decimal | int | float):
        # Spreadsheets hand us floats; go via repr so 0.1 stays 0.1.
        value = Decimal(repr(text)) if isinstance(text, float) else Decimal(text)
        if not value.is_finite() or abs(value) >= TOO_LARGE:
            raise ValueError(f"“{text}” is not an amount in pounds under £1,000,000,000,000")
        return round_money(value)
    raw = str(text).strip()
    if not raw:
        raise ValueError("Enter an amount in pounds, like 1,250.00")
    negative = raw.startswith("(") and raw.endswith(")")
    cleaned = raw.strip("()").replace("£", "").replace(",", "").replace(" ", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{raw}” is not an amount in pounds, like 1,250.00") from None
    if not value.is_finite():
        raise ValueError(f"“{raw}” is not an amount in pounds, like 1,250.00")
    if abs(value) >= TOO_LARGE:
        raise ValueError(f"“{raw}” is too large: amounts must be under £1,000,000,000,000")
    if value != value.quantize(PENNY, rounding=MONEY_ROUNDING):
        raise ValueError(f"“{raw}” has more than two decimal places; enter pounds and pence")
    return round_money(-value if negative else value)


def format_gbp(value, pence: bool = False) -> str:
    """``-£171,980`` or, with pence, ``£33.34``. Whole pounds round half away from zero.

    >>> format_gbp(Decimal("-171979.50")), format_gbp("33.335", pence=True), format_gbp(None)
    ('-£171,980', '£33.34', '')
    """
    if value is None or value == "":
        return ""
    amount = round_money(Decimal(value), PENNY if pence else POUND)
    sign = "-" if amount < 0 else ""
    digits = f"{abs(amount):,.2f}" if pence else f"{abs(amount):,.0f}"
    return f"{sign}£{digits}"
