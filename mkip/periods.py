"""Periods of membership: a start date and an optional end date (open-ended while current).

A period includes its start day and excludes its end day: a council that left on
1 April 2013 was no longer a member that day. That lets one membership end on the day
the next begins without the two overlapping.
"""

from datetime import date

# The dates a person may enter anywhere in the product. Far enough either side of any decision,
# membership or agreement, and far enough from date.max that every calculation on a date
# (a call-in period, a notice period) stays a date.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2100, 12, 31)


def in_range(day: date) -> bool:
    """Whether ``day`` is a date the product accepts.

    >>> in_range(date(2012, 4, 17)), in_range(date(9999, 12, 31))
    (True, False)
    """
    return FIRST_DATE <= day <= LAST_DATE


def periods_overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    """Whether two half-open periods ``[start, end)`` share a day.

    >>> periods_overlap(date(2008, 1, 1), date(2012, 1, 1), date(2012, 1, 1), None)
    False
    >>> periods_overlap(date(2008, 1, 1), None, date(2012, 1, 1), None)
    True
    """
    a_before_b = end_a is not None and end_a <= start_b
    b_before_a = end_b is not None and end_b <= start_a
    return not (a_before_b or b_before_a)


def is_current(start: date, end: date | None, on: date) -> bool:
    """Whether a period covers the day ``on``."""
    return start <= on and (end is None or on < end)
