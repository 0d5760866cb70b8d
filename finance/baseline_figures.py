"""Every figure of a business case as one flat list, so a baseline can be kept and compared.

A baseline freezes what the business case said when it was approved: the revenue statement
(Table 2) and each council's budget, the staffing table (Table 1), savings by year and by
council, investment shares, implementation-cost splits, the capital pot, the totals and the
return on investment. Each figure is a :class:`Entry` named by section, row and column, so a
later version of the data can be laid beside it figure by figure.

Pure: callers pass the calculated statement and table, never model instances.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from finance.savings import return_on_investment
from finance.statements import Statement
from mkip.fiscal import FinancialYear

MONEY, FTE, PERCENT, RATIO = "money", "fte", "percent", "ratio"

REVENUE = "Revenue statement (Table 2)"
BUDGETS = "Budget by council"
STAFFING = "Staffing (Table 1)"
SAVINGS = "Savings by year"
SAVINGS_BY_COUNCIL = "Savings by council"
SHARES = "Investment shares"
IMPLEMENTATION = "Implementation costs by council"
POT = "Capital pot"
TOTALS = "Totals"


@dataclass(frozen=True)
class Entry:
    section: str
    row: str
    column: str
    value: Decimal
    unit: str = MONEY

    @property
    def key(self) -> str:
        return f"{self.section}|{self.row}|{self.column}"


@dataclass(frozen=True)
class Comparison:
    section: str
    row: str
    column: str
    unit: str
    baseline: Decimal | None
    current: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.baseline is None or self.current is None:
            return None
        return self.current - self.baseline

    @property
    def changed(self) -> bool:
        return self.baseline != self.current


def _year(year: FinancialYear) -> str:
    return str(year)


def _statement_entries(statement: Statement, councils: Sequence[tuple[object, str]]) -> Iterable[Entry]:
    for column in statement.columns:
        yield Entry(REVENUE, f"{column.kind.capitalize()} {_year(column.year)}", "Total", column.total)
    for pk, name in councils:
        for year, amount in sorted(statement.budget_by_council.get(pk, {}).items()):
            yield Entry(BUDGETS, name, _year(year), amount)
    if statement.projection:
        for row in statement.projection.rows:
            label = _year(row.year)
            yield Entry(SAVINGS, label, "Staff", row.staff)
            yield Entry(SAVINGS, label, "Non-staff", row.non_staff)
            yield Entry(SAVINGS, label, "Total", row.total)
    for year, parts in sorted(statement.savings_by_council.items()):
        for pk, name in councils:
            if pk in parts:
                yield Entry(SAVINGS_BY_COUNCIL, _year(year), name, parts[pk])
    names = dict(councils)
    for basis in statement.bases:
        name = names.get(basis.council, str(basis.council))
        yield Entry(SHARES, name, "Basis", basis.basis)
        yield Entry(SHARES, name, "Share", basis.share, PERCENT)
    for cost, parts in statement.implementation.items():
        for pk, name in councils:
            if pk in parts:
                yield Entry(IMPLEMENTATION, cost, name, parts[pk])
    for pk, name in councils:
        if pk in statement.pot.by_council:
            yield Entry(POT, name, "Contributed", statement.pot.by_council[pk])
    yield Entry(POT, "All councils", "Balance", statement.pot.balance)


def staffing_row_name(label: str, measure: str) -> str:
    """The name a Table 1 row's figures are kept under: group and change rows come once per
    measure, so they carry it; the total rows name their measure already.

    >>> staffing_row_name("Management", "fte"), staffing_row_name("Total All Staff - Cost", "cost")
    ('Management (FTE)', 'Total All Staff - Cost')
    """
    if label.startswith("Total"):
        return label
    return f"{label} ({'FTE' if measure == 'fte' else 'cost'})"


def _table_entries(table) -> Iterable[Entry]:
    if table is None:
        return
    for row in table.rows():
        unit = FTE if row.measure == "fte" else MONEY
        label = staffing_row_name(row.label, row.measure)
        for column, value in zip(table.columns, row.values, strict=True):
            if value is not None:
                yield Entry(STAFFING, label, column.label, value, unit)


def figures_of(statement: Statement, councils: Sequence[tuple[object, str]], table, investment: Decimal) -> list[Entry]:
    """Every figure of the business case, in the order the report prints them.

    ``councils`` are (key, name) in the report's order; ``table`` is Table 1 or None;
    ``investment`` the implementation costs the councils put in.
    """
    entries = [*_statement_entries(statement, councils), *_table_entries(table)]
    if statement.projection:
        total = statement.projection.total
        entries.append(Entry(TOTALS, "Savings over the term", "Total", total))
        entries.append(Entry(TOTALS, "Savings a year on average", "Total", statement.projection.average_per_year))
        if investment > 0:
            entries.append(Entry(TOTALS, "Investment", "Total", investment))
            entries.append(
                Entry(TOTALS, "Saved for every £1 invested", "Total", return_on_investment(total, investment), RATIO)
            )
    return entries


def compare(baseline: Sequence[Entry], current: Sequence[Entry]) -> list[Comparison]:
    """Each figure of ``baseline`` beside the same figure now, then figures that are new since.

    >>> was = [Entry("Totals", "Savings", "Total", Decimal("3708860.00"))]
    >>> now = [Entry("Totals", "Savings", "Total", Decimal("3709360.00"))]
    >>> compare(was, now)[0].difference
    Decimal('500.00')
    """
    now = {entry.key: entry for entry in current}
    then = {entry.key for entry in baseline}
    rows = [
        Comparison(e.section, e.row, e.column, e.unit, e.value, now[e.key].value if e.key in now else None)
        for e in baseline
    ]
    rows += [Comparison(e.section, e.row, e.column, e.unit, None, e.value) for e in current if e.key not in then]
    return rows


# Short names a page uses to point at a section, so templates need not spell the headings.
SECTIONS = {
    "revenue": REVENUE,
    "budgets": BUDGETS,
    "staffing": STAFFING,
    "savings": SAVINGS,
    "savings_by_council": SAVINGS_BY_COUNCIL,
    "shares": SHARES,
    "implementation": IMPLEMENTATION,
    "pot": POT,
    "totals": TOTALS,
}


@dataclass(frozen=True)
class AgainstBaseline:
    """A page's figures beside one approved baseline, found by section, row and column.

    >>> was = [Entry(TOTALS, "Savings over the term", "Total", Decimal("10.00"))]
    >>> now = [Entry(TOTALS, "Savings over the term", "Total", Decimal("12.00"))]
    >>> against = AgainstBaseline.of(was, now)
    >>> against.changed, against.figure("totals", "Savings over the term", "Total").difference
    (1, Decimal('2.00'))
    >>> against.figure("totals", "Investment", "Total") is None
    True
    """

    rows: tuple[Comparison, ...]

    @classmethod
    def of(cls, baseline: Sequence[Entry], current: Sequence[Entry]) -> "AgainstBaseline":
        return cls(tuple(compare(baseline, current)))

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def changed(self) -> int:
        return sum(1 for row in self.rows if row.changed)

    @property
    def headlines(self) -> list[Comparison]:
        return [row for row in self.rows if row.section == TOTALS]

    def figure(self, section: str, row: object, column: object) -> Comparison | None:
        """The comparison of one figure; ``section`` is a key of :data:`SECTIONS` or a heading."""
        wanted = (SECTIONS.get(section, section), str(row), str(column))
        return self._by_key.get(wanted)

    @cached_property
    def _by_key(self) -> dict[tuple[str, str, str], Comparison]:
        # Built on first use and kept: a page looks figures up many times.
        return {(r.section, r.row, r.column): r for r in self.rows}


def to_data(entries: Iterable[Entry]) -> list[list[str]]:
    """Entries as JSON-safe lists, the amounts as exact decimal strings."""
    return [[e.section, e.row, e.column, str(e.value), e.unit] for e in entries]


def from_data(data: Iterable[Sequence[str]]) -> list[Entry]:
    """>>> from_data(to_data([Entry("Totals", "Savings", "Total", Decimal("1.50"))]))[0].value
    Decimal('1.50')"""
    return [Entry(section, row, column, Decimal(value), unit) for section, row, column, value, unit in data]
