"""UK local-government financial years: 1 April to 31 March, written ``2012/13``.

A year is stored as the calendar year it starts in (``2012`` for 2012/13) and
every label, parse and date range goes through :class:`FinancialYear`.
"""

import re
from dataclasses import dataclass
from datetime import date

FIRST_YEAR = 1990
LAST_YEAR = 2100

_LABEL = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    start_year: int

    def __post_init__(self):
        if not FIRST_YEAR <= self.start_year <= LAST_YEAR:
            raise ValueError(f"{self.start_year} is outside {FIRST_YEAR} to {LAST_YEAR}")

    @classmethod
    def containing(cls, day: date) -> "FinancialYear":
        """The financial year a date falls in (April onwards belongs to that year's start)."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def parse(cls, text) -> "FinancialYear":
        """Read ``2012/13``, ``2012-13``, ``2012/2013`` or a bare ``2012``.

        >>> FinancialYear.parse("2012/13").label
        '2012/13'
        >>> FinancialYear.parse("2012/2013").start_year
        2012
        """
        if isinstance(text, FinancialYear):
            return text
        if isinstance(text, int):
            return cls(text)
        raw = str(text).strip()
        if raw.isdigit() and len(raw) == 4:
            return cls(int(raw))
        match = _LABEL.match(raw)
        if not match:
            raise ValueError(f"“{raw}” is not a financial year; write it like 2012/13")
        start, end = int(match.group(1)), match.group(2)
        expected_end = start + 1
        if int(end) not in (expected_end, expected_end % 100):
            raise ValueError(f"“{raw}” is not a financial year: {start}/ must be followed by {expected_end % 100:02d}")
        return cls(start)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def long_label(self) -> str:
        """The form some council tables use as a column heading: ``2012/2013``."""
        return f"{self.start_year}/{self.start_year + 1}"

    @property
    def starts(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def ends(self) -> date:
        return date(self.start_year + 1, 3, 31)

    def __add__(self, years: int) -> "FinancialYear":
        return FinancialYear(self.start_year + years)

    def __sub__(self, years: int) -> "FinancialYear":
        return FinancialYear(self.start_year - years)

    def __str__(self) -> str:
        return self.label


def financial_years(first: FinancialYear, count: int) -> list[FinancialYear]:
    """``count`` consecutive years starting with ``first``."""
    return [first + offset for offset in range(count)]
