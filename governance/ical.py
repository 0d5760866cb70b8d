"""An iCalendar (RFC 5545) feed of governance dates: effective-from days, reviews, term ends.

Written by hand rather than with a library because the subset needed is small
and every rule that matters is here:

* lines end in CRLF (RFC 5545 §3.1);
* a content line longer than 75 octets is folded: CRLF then one space, never
  splitting a UTF-8 character (§3.1), nor, to spare weak parsers, an escape;
* TEXT values escape backslash, semicolon, comma and newline (§3.3.11);
* all-day events use ``DTSTART;VALUE=DATE`` with a non-inclusive ``DTEND`` on
  the next day (§3.6.1), and ``DTSTAMP`` is in UTC (§3.8.7.2);
* ``UID`` is stable across regenerations so subscribers update events rather
  than duplicate them (§3.8.4.7).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Mid Kent Improvement Partnership//MKIP governance calendar//EN"
UID_DOMAIN = "mkip"

CRLF = "\r\n"
MAX_LINE_OCTETS = 75

# RFC 5545 §3.1 forbids control characters in values, except horizontal tab.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# After escaping, a backslash only ever starts a two-character escape.
_UNIT = re.compile(r"\\.|.", re.DOTALL)


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event. ``key`` must be unique in a feed and stable over time."""

    key: str
    day: date
    summary: str
    description: str = ""
    url: str | None = None


def escape_text(value: str) -> str:
    r"""Escape a TEXT value (RFC 5545 §3.3.11).

    >>> escape_text("Cabinet; ICT, Swale\\Maidstone\nTunbridge Wells")
    'Cabinet\\; ICT\\, Swale\\\\Maidstone\\nTunbridge Wells'
    """
    # Backslash first, or the escapes added below would be escaped again.
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _CONTROL.sub("", value)


def fold(line: str) -> str:
    """Fold one content line so no physical line exceeds 75 octets, CRLF excluded.

    >>> [len(part.encode()) for part in fold("X" * 160).split("\\r\\n")]
    [75, 75, 12]
    """
    parts: list[str] = []
    current, size = "", 0
    for unit in _UNIT.findall(line):
        width = len(unit.encode("utf-8"))
        if size + width > MAX_LINE_OCTETS:
            parts.append(current)
            # The continuation's leading space counts towards its 75 octets.
            current, size = " ", 1
        current += unit
        size += width
    parts.append(current)
    return CRLF.join(parts)


def _date(day: date) -> str:
    return day.strftime("%Y%m%d")


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("DTSTAMP needs an aware datetime; a naive one could be in any zone")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _uri(value: str) -> str:
    # A URI is not TEXT, so it is not escaped; it must still fit on one logical line.
    if _CONTROL.search(value) or "\n" in value or "\r" in value:
        raise ValueError(f"{value!r} is not a usable URL")
    return value


def _event_lines(event: CalendarEvent, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.key)}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(event.day)}",
        # DTEND is exclusive: a one-day event ends at the start of the next day.
        f"DTEND;VALUE=DATE:{_date(event.day + timedelta(days=1))}",
        f"SUMMARY:{escape_text(event.summary)}",
        # A date is not a busy time: do not block diaries.
        "TRANSP:TRANSPARENT",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{_uri(event.url)}")
    lines.append("END:VEVENT")
    return lines


def calendar_feed(events: Iterable[CalendarEvent], *, name: str, stamp: datetime | None = None) -> str:
    """The whole feed as iCalendar text, CRLF line endings, ready to serve as :data:`CONTENT_TYPE`.

    ``stamp`` is the DTSTAMP of every event (when the feed was generated); it
    defaults to now, and tests pass one so the output is reproducible.

    >>> feed = calendar_feed([CalendarEvent("decision-1", date(2012, 4, 25), "ICT Partnership")],
    ...                      name="MKIP", stamp=datetime(2012, 4, 17, 9, tzinfo=UTC))
    >>> print(feed.replace("\\r\\n", "\\n"), end="")
    BEGIN:VCALENDAR
    VERSION:2.0
    PRODID:-//Mid Kent Improvement Partnership//MKIP governance calendar//EN
    CALSCALE:GREGORIAN
    METHOD:PUBLISH
    NAME:MKIP
    X-WR-CALNAME:MKIP
    BEGIN:VEVENT
    UID:decision-1@mkip
    DTSTAMP:20120417T090000Z
    DTSTART;VALUE=DATE:20120425
    DTEND;VALUE=DATE:20120426
    SUMMARY:ICT Partnership
    TRANSP:TRANSPARENT
    END:VEVENT
    END:VCALENDAR
    """
    stamp_text = _utc(stamp if stamp is not None else datetime.now(UTC))
    calendar_name = escape_text(name)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        # NAME is RFC 7986; X-WR-CALNAME is what Outlook and older clients read.
        f"NAME:{calendar_name}",
        f"X-WR-CALNAME:{calendar_name}",
    ]
    seen: set[str] = set()
    for event in events:
        if not event.key:
            raise ValueError(f"the event “{event.summary}” has no key, so it has no stable UID")
        if event.key in seen:
            # Two events with one UID would be read as one event, the later silently winning.
            raise ValueError(f"two events share the key “{event.key}”")
        seen.add(event.key)
        lines.extend(_event_lines(event, stamp_text))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
