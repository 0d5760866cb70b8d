"""The iCalendar feed: RFC 5545 line endings, folding, escaping, stable UIDs, and a round trip through a parser."""

from datetime import UTC, date, datetime, timedelta, timezone

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.ical import CalendarEvent, calendar_feed

STAMP = datetime(2012, 4, 17, 9, 30, tzinfo=UTC)

ICT_DECISION = CalendarEvent(
    key="decision-mkip-ict-partnership",
    day=date(2012, 4, 25),
    summary="MKIP ICT Partnership takes effect",
    description="Cabinet, 16/04/2012; published 17/04/2012.\nSwale, Tunbridge Wells; Maidstone",
    url="https://example.org/decisions/ict?year=2012&council=maidstone",
)
REVIEW = CalendarEvent(key="ict-review-3", day=date(2016, 4, 1), summary="Post-implementation review")


DOMAIN = "councils.example"


def _feed(*events: CalendarEvent, name: str = "Governance calendar") -> str:
    return calendar_feed(events, name=name, uid_domain=DOMAIN, stamp=STAMP)


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_every_line_ends_with_crlf_and_there_are_no_bare_newlines():
    feed = _feed(ICT_DECISION, REVIEW)
    assert feed.endswith("END:VCALENDAR\r\n")
    assert "\n" not in feed.replace("\r\n", "")
    assert "\r" not in feed.replace("\r\n", "")


def test_all_day_event_runs_from_its_date_to_the_next_day():
    lines = _unfold(_feed(REVIEW))
    assert "DTSTART;VALUE=DATE:20160401" in lines
    assert "DTEND;VALUE=DATE:20160402" in lines


def test_event_on_31_december_ends_on_1_january():
    lines = _unfold(_feed(CalendarEvent("new-year", date(2012, 12, 31), "Year end")))
    assert "DTEND;VALUE=DATE:20130101" in lines


def test_uid_is_the_event_key_at_the_sites_domain_and_stays_the_same_between_feeds():
    first = _unfold(_feed(REVIEW))
    second = _unfold(calendar_feed([REVIEW], name="Another", uid_domain=DOMAIN, stamp=STAMP + timedelta(days=3)))
    assert "UID:ict-review-3@councils.example" in first
    assert "UID:ict-review-3@councils.example" in second


def test_dtstamp_is_written_in_utc_whatever_zone_it_was_given_in():
    bst = timezone(timedelta(hours=1))
    lines = _unfold(
        calendar_feed([REVIEW], name="Governance", uid_domain=DOMAIN, stamp=datetime(2012, 6, 15, 10, 30, tzinfo=bst))
    )
    assert "DTSTAMP:20120615T093000Z" in lines


def test_a_naive_stamp_is_refused():
    with pytest.raises(ValueError, match="aware"):
        calendar_feed([REVIEW], name="Governance", uid_domain=DOMAIN, stamp=datetime(2012, 6, 15, 10, 30))  # noqa: DTZ001 - the naive time is the input refused


def test_backslash_semicolon_comma_and_newline_are_escaped_in_text():
    summaries = _unfold(_feed(CalendarEvent("a", date(2012, 1, 3), "a\\b;c,d\ne")))
    assert "SUMMARY:a\\\\b\\;c\\,d\\ne" in summaries
    lines = _unfold(_feed(ICT_DECISION))
    assert "DESCRIPTION:Cabinet\\, 16/04/2012\\; published 17/04/2012.\\nSwale\\, Tunbridge Wells\\; Maidstone" in lines


def test_the_calendar_name_is_escaped_too():
    lines = _unfold(_feed(REVIEW, name="Maidstone, Swale; Tunbridge Wells"))
    assert "X-WR-CALNAME:Maidstone\\, Swale\\; Tunbridge Wells" in lines


def test_url_is_optional_and_not_text_escaped():
    feed = _feed(ICT_DECISION, REVIEW)
    assert "URL:https://example.org/decisions/ict?year=2012&council=maidstone" in _unfold(feed)
    assert feed.count("URL:") == 1


def test_a_url_with_a_newline_is_refused():
    with pytest.raises(ValueError, match="URL"):
        _feed(CalendarEvent("bad", date(2012, 1, 3), "Bad", url="https://example.org/\nX-EVIL:1"))


def test_two_events_with_the_same_key_are_refused():
    with pytest.raises(ValueError, match="share the key"):
        _feed(REVIEW, REVIEW)


def test_long_lines_are_folded_at_75_octets_with_a_leading_space():
    long_summary = "Review of the Mid Kent Improvement Partnership ICT collaboration agreement " * 3
    feed = _feed(CalendarEvent("long", date(2018, 4, 1), long_summary))
    physical = feed.split("\r\n")
    assert max(len(line.encode("utf-8")) for line in physical) == 75
    assert any(line.startswith(" ") for line in physical)
    assert f"SUMMARY:{long_summary}" in _unfold(feed)


def test_folding_never_splits_a_multibyte_character():
    # "£" is two octets and "—" three, so 75-octet boundaries fall inside them without care.
    summary = "£300k capital — " * 20
    feed = _feed(CalendarEvent("money", date(2013, 4, 1), summary))
    for physical in feed.encode("utf-8").split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # raises if a character was split
    assert f"SUMMARY:{summary}" in _unfold(feed)


def test_control_characters_are_dropped_from_text():
    lines = _unfold(_feed(CalendarEvent("bell", date(2012, 1, 3), "Cabinet\x07 decision\x00")))
    assert "SUMMARY:Cabinet decision" in lines


@given(st.text(max_size=400))
def test_any_text_folds_to_short_lines_and_parses_back_to_what_it_was(text):
    feed = _feed(CalendarEvent("any", date(2012, 1, 3), "Any", description=text))
    assert all(len(part) <= 75 for part in feed.encode("utf-8").split(b"\r\n"))
    [event] = icalendar.Calendar.from_ical(feed).walk("VEVENT")
    expected = "".join(c for c in text.replace("\r\n", "\n").replace("\r", "\n") if c in "\t\n" or ord(c) >= 32)
    if expected:
        assert str(event["DESCRIPTION"]) == expected.replace("\x7f", "")


# ------------------------------------------------- round trip through a parser


def test_the_feed_parses_back_to_the_same_events():
    tricky = CalendarEvent(
        key="tricky",
        day=date(2012, 6, 23),
        summary="Effective from: Information Strategy 2012–2015; £300k, ICT \\ KCC",
        description="Line one\nLine two, with a comma; and a semicolon " + "and more words " * 10,
    )
    parsed = icalendar.Calendar.from_ical(_feed(ICT_DECISION, tricky, name="MKIP, Mid Kent"))
    # icalendar hands back calendar-level NAME and X-WR-CALNAME unparsed, escapes included;
    # both are TEXT (RFC 7986 §5.1; RFC 5545 §3.8.8.2 for X- properties), so escaped is right.
    assert parsed["NAME"].to_ical() == b"MKIP\\, Mid Kent"
    assert parsed["X-WR-CALNAME"].to_ical() == b"MKIP\\, Mid Kent"
    events = {str(event["UID"]): event for event in parsed.walk("VEVENT")}
    assert set(events) == {"decision-mkip-ict-partnership@councils.example", "tricky@councils.example"}

    ict = events["decision-mkip-ict-partnership@councils.example"]
    assert ict.decoded("DTSTART") == date(2012, 4, 25)
    assert ict.decoded("DTEND") == date(2012, 4, 26)
    assert ict.decoded("DTSTAMP") == STAMP
    assert str(ict["SUMMARY"]) == ICT_DECISION.summary
    assert str(ict["DESCRIPTION"]) == ICT_DECISION.description
    assert str(ict["URL"]) == ICT_DECISION.url

    back = events["tricky@councils.example"]
    assert str(back["SUMMARY"]) == tricky.summary
    assert str(back["DESCRIPTION"]) == tricky.description
    assert "URL" not in back
