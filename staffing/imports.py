"""Reading posts from an uploaded table (the same columns as the export). Pure: no database.

Each row becomes an :class:`ImportLine` or a message naming the spreadsheet row and column,
so the preview can show the officer exactly what to fix. Nothing is saved here.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from mkip.money import parse_money
from staffing.establishment import MAX_LINE_FTE

REQUIRED = ("Team", "Council", "Grade", "FTE", "Cost")
HOST_WORDS = {"host", ""}
YES = {"yes", "y", "true", "1", "vacant"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class ImportLine:
    row_number: int
    team: str
    council: str | None  # a council code, or None for the host authority
    grade: str
    fte: Decimal
    cost: Decimal
    vacant: bool


def _fte(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"“{text}” is not an FTE, like 1.00 or 0.50") from None
    if not value.is_finite():
        raise ValueError(f"“{text}” is not an FTE, like 1.00 or 0.50")
    # The range first: quantizing a number of hundreds of digits overflows.
    if not Decimal("0") < value <= MAX_LINE_FTE:
        raise ValueError(f"FTE must be more than 0 and at most {MAX_LINE_FTE}, not {text}")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"FTE “{text}” must have at most 2 decimal places")
    return value.quantize(Decimal("0.01"))


def parse_lines(rows: list[dict[str, str]], *, team_names, council_codes) -> tuple[list[ImportLine], list[str]]:
    """Lines and error messages from ``read_table`` rows; blank rows are skipped.

    >>> rows = [{"Team": "GIS", "Council": "MBC", "Grade": "G8", "FTE": "4", "Cost": "£138,600", "Vacant": "no"}]
    >>> lines, errors = parse_lines(rows, team_names={"GIS"}, council_codes={"MBC"})
    >>> (lines[0].fte, lines[0].cost, errors)
    (Decimal('4.00'), Decimal('138600.00'), [])
    """
    if rows:
        headings = {heading.casefold() for heading in rows[0]}
        missing = [name for name in REQUIRED if name.casefold() not in headings]
        if missing:
            return [], [f"The header row needs the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"]
    lines, errors = [], []
    for index, raw in enumerate(rows):
        number = index + 2
        row = {key.casefold(): (value or "").strip() for key, value in raw.items()}
        if not any(row.values()):
            continue
        problems = []
        team = row.get("team", "")
        if team not in team_names:
            problems.append(f"team “{team}” is not one of this service’s teams")
        council = row.get("council", "")
        if council.casefold() in HOST_WORDS:
            council = None
        elif council.upper() not in council_codes:
            problems.append(f"council “{council}” is not a partner (use a code such as {min(council_codes)} or Host)")
        else:
            council = council.upper()
        grade = row.get("grade", "")
        if not grade or len(grade) > 40:
            problems.append("give a grade of at most 40 characters")
        try:
            fte = _fte(row.get("fte", ""))
        except ValueError as error:
            problems.append(str(error))
        try:
            cost = parse_money(row.get("cost", ""))
            if cost < 0:
                problems.append("cost cannot be negative")
        except ValueError as error:
            problems.append(str(error))
        vacant_text = row.get("vacant", "").casefold()
        if vacant_text not in YES | NO:
            problems.append(f"vacant must be yes or no, not “{row.get('vacant')}”")
        if problems:
            errors.append(f"Row {number}: " + "; ".join(problems))
            continue
        lines.append(ImportLine(number, team, council, grade, fte, cost, vacant_text in YES))
    if not lines and not errors:
        errors.append("The file has no posts in it")
    return lines, errors
