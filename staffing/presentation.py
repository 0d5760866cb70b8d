"""How the staffing table is shown, as the seed prints it. Pure: no database, no templates.

* FTE totals show to 1 place (47.81 as 47.8); a change shows to 1 place when it is a whole
  number of tenths (-0.7, -3.0) and to 2 places otherwise (-6.11), so nothing is hidden.
* A change of zero is blank, as in the seed; so is the first column's change.
* The headline figures in the text ("£172k already", "a further 3.7 FTE and £179,000")
  are the table's own changes rounded with :func:`mkip.money.round_money`.
"""

from dataclasses import dataclass
from decimal import Decimal

from mkip.columns import YearColumn
from mkip.money import round_money
from staffing.establishment import TableOne

TENTH = Decimal("0.1")
THOUSAND = Decimal("1000")


def fte_places(value: Decimal, *, is_change: bool) -> int:
    """Places to show an FTE figure with.

    >>> fte_places(Decimal("47.81"), is_change=False), fte_places(Decimal("-6.11"), is_change=True)
    (1, 2)
    >>> fte_places(Decimal("-0.70"), is_change=True)
    1
    """
    if is_change and value != value.quantize(TENTH):
        return 2
    return 1


@dataclass(frozen=True)
class Cell:
    """A value to show, with ``places`` for FTE; ``value`` None shows as a blank cell."""

    value: Decimal | None
    places: int = 1


@dataclass(frozen=True)
class DisplayRow:
    label: str
    measure: str
    cells: tuple[Cell, ...]
    is_total: bool = False
    is_change: bool = False


def display_rows(table: TableOne) -> list[DisplayRow]:
    rows = []
    for row in table.rows():
        cells = []
        for value in row.values:
            if value is None or (row.is_change and value == 0):
                cells.append(Cell(None))
            else:
                cells.append(Cell(value, fte_places(value, is_change=row.is_change)))
        rows.append(
            DisplayRow(
                row.label, row.measure, tuple(cells), is_total=row.label.startswith("Total"), is_change=row.is_change
            )
        )
    return rows


@dataclass(frozen=True)
class Headlines:
    """Savings already made by the baseline year, and the further reduction to the last column."""

    already_saved: Decimal | None
    already_saved_thousands: Decimal | None
    further_fte: Decimal | None
    further_cost: Decimal | None
    further_cost_rounded: Decimal | None
    last_column: YearColumn | None


def headlines(table: TableOne, baseline: YearColumn | None) -> Headlines:
    """The seed's "£172k already" and "a further 3.7 FTE and £179,000", from the table.

    Already saved is the fall in cost into the baseline column; the further reduction runs
    from the baseline to the table's last column. None where the table lacks the columns.
    """
    if baseline not in table.columns:
        return Headlines(None, None, None, None, None, None)
    change = table.cost_change(baseline)
    already = -change if change is not None else None
    last = table.columns[-1]
    further_fte = further_cost = None
    if last != baseline:
        before, after = table.totals_for(baseline), table.totals_for(last)
        further_fte, further_cost = before.fte - after.fte, before.cost - after.cost
    return Headlines(
        already_saved=already,
        already_saved_thousands=round_money(already, THOUSAND) / THOUSAND if already is not None else None,
        further_fte=further_fte,
        further_cost=further_cost,
        further_cost_rounded=round_money(further_cost, THOUSAND) if further_cost is not None else None,
        last_column=last if last != baseline else None,
    )
