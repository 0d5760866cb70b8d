"""An iCalendar (RFC 5545) feed of governance dates: effective-from days, reviews, term ends.

The ``icalendar`` library writes the feed: CRLF line endings, folding at 75 octets without
splitting a UTF-8 character, and TEXT escaping are its job. What this module adds are the
rules a subscriber's diary depends on:

* all-day events use ``DTSTART;VALUE=DATE`` with a non-inclusive ``DTEND`` on the next day
  (§3.6.1), and ``DTSTAMP`` is in UTC (§3.8.7.2): a naive time could be in any zone;
* ``UID`` is the event's key at the site's own domain, stable across regenerations, so
  subscribers update events rather than duplicate them (§3.8.4.7); two events may not share one;
* control characters (forbidden in values, §3.1) are dropped, and a URL that would break
  its line is refused.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Shared services for councils//Governance calendar//EN"

# RFC 5545 §3.1 forbids control characters in values, except horizontal tab.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event. ``key`` must be unique in a feed and stable over time."""

    key: str
    day: date
    summary: str
    description: str = ""
    url: str | None = None


def _text(value: str) -> icalendar.vText:
    """>>> _text("Cabinet\\x07 ICT").to_ical()
    b'Cabinet ICT'"""
    value = value.replace("\r\n", "\n").replace("\r", "\n")  # one kind of line break, whoever typed it
    return icalendar.vText(_CONTROL.sub("", value))


def _uri(value: str) -> str:
    # A URI is not TEXT, so it is not escaped; it must still fit on one logical line.
    if _CONTROL.search(value) or "\n" in value or "\r" in value:
        raise ValueError(f"{value!r} is not a usable URL")
    return value


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("DTSTAMP needs an aware datetime; a naive one could be in any zone")
    return moment.astimezone(UTC)


def _event(event: CalendarEvent, stamp: datetime, uid_domain: str) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", _text(f"{event.key}@{uid_domain}"))
    component.add("dtstamp", stamp)
    component.add("dtstart", event.day)
    # DTEND is exclusive: a one-day event ends at the start of the next day.
    component.add("dtend", event.day + timedelta(days=1))
    component.add("summary", _text(event.summary))
    # A date is not a busy time: do not block diaries.
    component.add("transp", "TRANSPARENT")
    if event.description:
        component.add("description", _text(event.description))
    if event.url:
        component.add("url", _uri(event.url))
    return component


def calendar_feed(events: Iterable[CalendarEvent], *, name: str, uid_domain: str, stamp: datetime | None = None) -> str:
    """The whole feed as iCalendar text, ready to serve as :data:`CONTENT_TYPE`.

    ``uid_domain`` is the site's own host, so UIDs are unique among every calendar a reader
    subscribes to; ``stamp`` is the DTSTAMP of every event (when the feed was generated). It
    defaults to now; tests pass one so the output is reproducible.

    >>> event = CalendarEvent("decision-1", date(2012, 4, 25), "ICT Partnership")
    >>> stamp = datetime(2012, 4, 17, 9, tzinfo=UTC)
    >>> feed = calendar_feed([event], name="Governance", uid_domain="councils.example", stamp=stamp)
    >>> print(feed.replace("\\r\\n", "\\n"), end="")
    BEGIN:VCALENDAR
    VERSION:2.0
    PRODID:-//Shared services for councils//Governance calendar//EN
    CALSCALE:GREGORIAN
    METHOD:PUBLISH
    NAME:Governance
    X-WR-CALNAME:Governance
    BEGIN:VEVENT
    SUMMARY:ICT Partnership
    DTSTART;VALUE=DATE:20120425
    DTEND;VALUE=DATE:20120426
    DTSTAMP:20120417T090000Z
    UID:decision-1@councils.example
    TRANSP:TRANSPARENT
    END:VEVENT
    END:VCALENDAR
    """
    stamp = _utc(stamp if stamp is not None else datetime.now(UTC))
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # NAME is RFC 7986; X-WR-CALNAME is what Outlook and older clients read.
    calendar.add("name", _text(name))
    calendar.add("x-wr-calname", _text(name))
    seen: set[str] = set()
    for event in events:
        if not event.key:
            raise ValueError(f"the event “{event.summary}” has no key, so it has no stable UID")
        if event.key in seen:
            # Two events with one UID would be read as one event, the later silently winning.
            raise ValueError(f"two events share the key “{event.key}”")
        seen.add(event.key)
        calendar.add_component(_event(event, stamp, uid_domain))
    return calendar.to_ical().decode("utf-8")
