"""Dates that govern executive decisions.

Two families of rule, all pure functions of :class:`datetime.date`:

* **Call-in.** An overview and scrutiny committee may call in an executive
  decision that has been made but not yet implemented (Local Government Act
  2000, s.9F(4), formerly s.21(3)). Each council's constitution fixes the
  call-in period, counted in working days after the decision record is
  published; Maidstone's Cabinet records fit five. The decision takes effect
  the day after the period ends.
* **Forward plan.** A key decision must not be made until notice of it has been
  published at least 28 clear days before (The Local Authorities (Executive
  Arrangements) (Meetings and Access to Information) (England) Regulations
  2012, reg 9), failing which the general exception (reg 10) or special urgency
  (reg 11) route applies.

A working day is Monday to Friday and not an England and Wales bank holiday.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays as holidays_lib

ONE_DAY = timedelta(days=1)

# reg 9 and reg 10 of the 2012 Regulations.
FORWARD_PLAN_CLEAR_DAYS = 28
GENERAL_EXCEPTION_CLEAR_DAYS = 5


# ---------------------------------------------------------------- working days


@lru_cache(maxsize=256)
def _bank_holidays_in(year: int) -> frozenset[date]:
    # The holidays package knows the one-off days (4 and 5 June 2012, the
    # moved spring bank holiday and the Diamond Jubilee) and the "substitute
    # day" rule when Christmas or New Year falls at a weekend.
    return frozenset(holidays_lib.UK(subdiv="ENG", years=year))


def bank_holidays(years: Iterable[int]) -> frozenset[date]:
    """England and Wales bank holidays in the given calendar years.

    >>> date(2012, 6, 5) in bank_holidays([2012])
    True
    >>> date(2012, 5, 28) in bank_holidays([2012])
    False
    """
    found: frozenset[date] = frozenset()
    for year in set(years):
        found |= _bank_holidays_in(year)
    return found


def is_working_day(day: date, holidays: Collection[date] | None = None) -> bool:
    """Monday to Friday and not a bank holiday.

    ``holidays`` replaces the England and Wales bank holidays when given (a
    council can add its own closure days); by default the bank holidays of
    ``day``'s year are used.

    >>> is_working_day(date(2012, 4, 6))  # Good Friday
    False
    """
    if day.weekday() >= 5:
        return False
    closed = _bank_holidays_in(day.year) if holidays is None else holidays
    return day not in closed


def add_working_days(start: date, n: int, holidays: Collection[date] | None = None) -> date:
    """The ``n``-th working day after ``start``; ``start`` itself is never counted.

    ``n == 0`` returns ``start`` unchanged, whatever day it is.

    >>> add_working_days(date(2012, 4, 5), 1)  # Thursday before Easter
    datetime.date(2012, 4, 10)
    """
    if n < 0:
        raise ValueError(f"cannot count {n} working days; n must be 0 or more")
    day = start
    remaining = n
    try:
        while remaining:
            day += ONE_DAY
            if is_working_day(day, holidays):
                remaining -= 1
    except OverflowError:
        raise ValueError(f"{n} working days after {start:%d/%m/%Y} is past the last date there is") from None
    return day


# --------------------------------------------------------------------- call-in


def call_in_expires(published: date, working_days: int, *, holidays: Collection[date] | None = None) -> date:
    """The last day on which a published decision can be called in.

    The call-in period is ``working_days`` working days after publication: the
    day of publication does not count, the last day does.

    >>> call_in_expires(date(2012, 4, 17), 5)
    datetime.date(2012, 4, 24)
    """
    if working_days < 1:
        # A zero-day period would mean no call-in at all; that is the
        # subject_to_call_in=False case, not a period length.
        raise ValueError(f"a call-in period of {working_days} working days is not a period")
    return add_working_days(published, working_days, holidays)


def effective_from(
    published: date,
    *,
    call_in_working_days: int,
    subject_to_call_in: bool,
    holidays: Collection[date] | None = None,
) -> date:
    """The first day a decision can be implemented.

    A decision subject to call-in takes effect the calendar day after the
    call-in period ends, which may be a Saturday: the bar on implementation
    lifts at midnight, whether or not the offices are open. A decision not
    subject to call-in (an urgent decision, or one the constitution exempts)
    takes effect on publication.

    >>> effective_from(date(2012, 6, 15), call_in_working_days=5, subject_to_call_in=True)
    datetime.date(2012, 6, 23)
    """
    if not subject_to_call_in:
        return published
    expires = call_in_expires(published, call_in_working_days, holidays=holidays)
    if expires == date.max:
        raise ValueError(f"the call-in period after {published:%d/%m/%Y} ends on the last date there is")
    return expires + ONE_DAY


# ---------------------------------------------------------------- forward plan


def clear_days_between(notice: date, decision: date) -> int:
    """Clear days between a notice and a decision: neither end counts.

    "Clear days" has its ordinary legal meaning: the day the notice is
    published and the day of the decision are both excluded. Weekends and bank
    holidays count, since the 2012 Regulations speak of days, not working days.

    >>> clear_days_between(date(2012, 10, 1), date(2012, 10, 3))
    1
    """
    if notice > decision:
        raise ValueError(f"notice on {notice:%d/%m/%Y} comes after the decision on {decision:%d/%m/%Y}")
    # Same-day or next-day notice leaves no whole day between the two.
    return max((decision - notice).days - 1, 0)


def latest_notice_date(decision: date, clear_days: int = FORWARD_PLAN_CLEAR_DAYS) -> date:
    """The last day a notice can be published and still give ``clear_days`` clear days.

    >>> latest_notice_date(date(2012, 11, 1))
    datetime.date(2012, 10, 3)
    """
    if clear_days < 0:
        raise ValueError(f"{clear_days} clear days is not a notice period")
    try:
        return decision - timedelta(days=clear_days + 1)
    except OverflowError:
        raise ValueError(
            f"{clear_days} clear days before {decision:%d/%m/%Y} is before the first date there is"
        ) from None


class Route(StrEnum):
    """How a key decision may lawfully be made, given the notice published."""

    ADEQUATE = "adequate notice"
    GENERAL_EXCEPTION = "general exception"
    SPECIAL_URGENCY = "special urgency"


@dataclass(frozen=True)
class NoticeRoute:
    """The forward-plan route for one key decision, and why."""

    route: Route
    clear_days: int
    days_short: int
    explanation: str


def _days(count: int) -> str:
    return f"{count} clear day" if count == 1 else f"{count} clear days"


def notice_route(notice: date | None, decision: date) -> NoticeRoute:
    """Which route of the 2012 Regulations a key decision must take.

    * 28 clear days or more: notice under reg 9 is adequate.
    * Fewer than 28 but at least 5: the general exception (reg 10). The proper
      officer must tell the chair of the relevant overview and scrutiny
      committee in writing and publish the notice at least 5 clear days before
      the decision, with reasons why reg 9 could not be met.
    * Fewer than 5, or no notice at all: special urgency (reg 11). The chair of
      the relevant overview and scrutiny committee (or, failing that, the
      chairman, then the vice-chairman, of the council) must agree the
      decision is urgent and cannot reasonably be deferred.

    >>> notice_route(date(2012, 10, 3), date(2012, 11, 1)).route
    <Route.ADEQUATE: 'adequate notice'>
    """
    clear = 0 if notice is None else clear_days_between(notice, decision)
    short = max(FORWARD_PLAN_CLEAR_DAYS - clear, 0)
    given = "no notice was published" if notice is None else f"notice gave {_days(clear)}"
    required = f"the {FORWARD_PLAN_CLEAR_DAYS} required by regulation 9"

    if short == 0:
        route = Route.ADEQUATE
        explanation = f"Adequate notice (regulation 9): {given}, meeting {required}."
    elif clear >= GENERAL_EXCEPTION_CLEAR_DAYS:
        route = Route.GENERAL_EXCEPTION
        explanation = (
            f"General exception (regulation 10): {given}, {_days(short)} short of {required}. "
            "The proper officer must tell the chair of the relevant overview and scrutiny committee "
            "in writing and publish a notice, with reasons, at least "
            f"{_days(GENERAL_EXCEPTION_CLEAR_DAYS)} before the decision."
        )
    else:
        route = Route.SPECIAL_URGENCY
        explanation = (
            f"Special urgency (regulation 11): {given}, {_days(short)} short of "
            f"{required} and fewer than the {GENERAL_EXCEPTION_CLEAR_DAYS} a general exception needs. "
            "The chair of the relevant overview and scrutiny committee (or, if there is none or they "
            "cannot act, the chairman or vice-chairman of the council) must agree that the decision "
            "is urgent and cannot reasonably be deferred."
        )
    return NoticeRoute(route=route, clear_days=clear, days_short=short, explanation=explanation)
