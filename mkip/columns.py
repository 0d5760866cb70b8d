"""A column of figures: a financial year and a kind of figure (a budget, an estimate or an outturn).

The budget grid, the staffing table, Table 1 and Table 2 all put figures in such columns. Columns
sort by year and, within a year, budget before estimate before outturn. Pure: no Django.
"""

import re
from dataclasses import dataclass
from functools import total_ordering

from mkip.fiscal import FinancialYear

BUDGET = "budget"
ESTIMATE = "estimate"
OUTTURN = "outturn"
KINDS = (BUDGET, ESTIMATE, OUTTURN)

_HEADING = re.compile(r"^\s*(\d{4}\s*[/-]\s*\d{2,4})\s+([a-z]+)\s*$", re.IGNORECASE)


def _either(kinds) -> str:
    """``a budget or an estimate``: the kinds a column may be, as a sentence says them."""
    named = [f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}" for kind in kinds]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"


@total_ordering
@dataclass(frozen=True)
class YearColumn:
    """A financial year's figures of one kind.

    >>> YearColumn(2012, "budget").label
    '2012/13 Budget'
    >>> YearColumn("2015/16", ESTIMATE).long_label
    '2015/2016 Estimate'
    >>> sorted([YearColumn(2013, OUTTURN), YearColumn(2013, BUDGET), YearColumn(2012, ESTIMATE)])[1].heading
    '2013/14 budget'
    """

    year: FinancialYear
    kind: str = BUDGET

    def __post_init__(self):
        object.__setattr__(self, "year", FinancialYear.parse(self.year))
        if self.kind not in KINDS:
            raise ValueError(f"A column is {_either(KINDS)}, not “{self.kind}”")

    @classmethod
    def of(cls, year, kind: str, *, kinds=KINDS) -> "YearColumn":
        """A column whose kind must be one of ``kinds`` (staffing has budgets and estimates only).

        >>> YearColumn.of(2012, OUTTURN, kinds=(BUDGET, ESTIMATE))
        Traceback (most recent call last):
        ValueError: A column is a budget or an estimate, not “outturn”
        """
        if kind not in kinds:
            raise ValueError(f"A column is {_either(kinds)}, not “{kind}”")
        return cls(year, kind)

    @classmethod
    def parse(cls, heading: str, *, kinds=KINDS) -> "YearColumn":
        """Read a heading like ``2013/14 Budget`` (any case; ``2013-14`` and ``2013/2014`` too).

        >>> YearColumn.parse("2013/14 Budget").slug
        '2013-budget'
        >>> YearColumn.parse("Notes")
        Traceback (most recent call last):
        ValueError: “Notes” is not a column heading like “2012/13 budget”
        """
        match = _HEADING.match(heading)
        if not match or match.group(2).lower() not in kinds:
            raise ValueError(f"“{heading}” is not a column heading like “2012/13 {kinds[0]}”")
        return cls(FinancialYear.parse(match.group(1)), match.group(2).lower())

    @property
    def label(self) -> str:
        return f"{self.year.label} {self.kind.title()}"

    @property
    def long_label(self) -> str:
        return f"{self.year.long_label} {self.kind.title()}"

    @property
    def heading(self) -> str:
        """The budget grid's heading, as its download and its upload write it: ``2012/13 budget``."""
        return f"{self.year.label} {self.kind}"

    @property
    def slug(self) -> str:
        return f"{self.year.start_year}-{self.kind}"

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year.start_year, KINDS.index(self.kind))

    def __lt__(self, other):
        if not isinstance(other, YearColumn):
            return NotImplemented
        return self.sort_key < other.sort_key
