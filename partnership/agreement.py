"""Milestones of a shared-service agreement: reviews and the end of its term, on anniversaries of its start.

Pure functions of :class:`datetime.date`; the agreement's start, term and review points are data of each service.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

ONE_DAY = timedelta(days=1)


def anniversary(start: date, years: int) -> date:
    """The same day and month ``years`` later; 29 February falls back to 28 February.

    >>> anniversary(date(2012, 2, 29), 1)
    datetime.date(2013, 2, 28)
    """
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        # Only 29 February has no counterpart, and only in a common year.
        return start.replace(year=start.year + years, day=28)


def agreement_end(start: date, term_years: int) -> date:
    """The last day of a term of ``term_years`` years beginning with ``start``.

    The term ends the day before the anniversary, so that a renewal starting on
    the anniversary neither overlaps nor leaves a gap.

    >>> agreement_end(date(2013, 4, 1), 10)
    datetime.date(2023, 3, 31)
    """
    if term_years < 1:
        raise ValueError(f"a term of {term_years} years is not a term")
    return anniversary(start, term_years) - ONE_DAY


@dataclass(frozen=True)
class Milestone:
    name: str
    due: date


END_OF_TERM = "End of term"


def review_milestones(start: date, term_years: int, review_points: Iterable[tuple[str, int]]) -> list[Milestone]:
    """Reviews at anniversaries of ``start``, then the end of the term, in date order.

    >>> [m.due.isoformat() for m in review_milestones(date(2013, 4, 1), 10, [("Full review", 5)])]
    ['2018-04-01', '2023-03-31']
    """
    end = agreement_end(start, term_years)
    milestones = []
    for name, years in review_points:
        due = anniversary(start, years)
        if not start < due <= end:
            raise ValueError(f"“{name}” after {years} years falls outside the {term_years}-year term")
        milestones.append(Milestone(name=name, due=due))
    milestones.append(Milestone(name=END_OF_TERM, due=end))
    # sorted() is stable, so reviews given on the same day keep their order.
    return sorted(milestones, key=lambda milestone: milestone.due)


Status = Literal["overdue", "due soon", "upcoming"]


def milestone_status(due: date, today: date, *, soon_days: int = 90) -> Status:
    """``overdue`` once the due day has passed; ``due soon`` within ``soon_days`` of it.

    A milestone due today is due soon, not overdue: there is still today.

    >>> milestone_status(date(2016, 4, 1), date(2016, 3, 1))
    'due soon'
    """
    if due < today:
        return "overdue"
    if (due - today).days <= soon_days:
        return "due soon"
    return "upcoming"
