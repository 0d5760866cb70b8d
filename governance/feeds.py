"""The governance calendar's events: decision dates, call-in expiries, effective-from days and review milestones."""

from governance import selectors
from governance.ical import CalendarEvent


def governance_events(request) -> list[CalendarEvent]:
    """Three queries: decisions with councils, services with agreements, their review points."""
    events = []
    for decision in selectors.calendar_decisions():
        url = request.build_absolute_uri(decision.get_absolute_url())
        who = decision.decided_by
        events.append(
            CalendarEvent(f"decision-{decision.pk}-decided", decision.decided_on, f"{who}: {decision.title}", url=url)
        )
        if expires := decision.call_in_expires:
            events.append(
                CalendarEvent(f"decision-{decision.pk}-call-in", expires, f"Call-in ends: {decision.title}", url=url)
            )
        if decision.effective_from:
            events.append(
                CalendarEvent(
                    f"decision-{decision.pk}-effective",
                    decision.effective_from,
                    f"In effect: {decision.title}",
                    url=url,
                )
            )
    for row in selectors.milestones():
        service, milestone = row["service"], row["milestone"]
        key = f"service-{service.pk}-{milestone.due:%Y%m%d}-{milestone.name}".replace(" ", "-").lower()
        events.append(CalendarEvent(key, milestone.due, f"{service.name}: {milestone.name}"))
    return events


def forward_plan_events(request, entries) -> list[CalendarEvent]:
    """Each entry's expected decision date and the last day to publish its notice with 28 clear days."""
    events = []
    for entry in entries:
        url = request.build_absolute_uri(entry.get_absolute_url())
        events.append(CalendarEvent(f"forward-plan-{entry.pk}-decision", entry.expected_on, entry.matter, url=url))
        events.append(
            CalendarEvent(
                f"forward-plan-{entry.pk}-publish-by", entry.publish_by, f"Publish by: {entry.matter}", url=url
            )
        )
    return events
