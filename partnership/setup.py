"""The partnership set-up task list: what is entered, what is half-entered, what is still to do.

Each task's status is computed from the data, never stored, so it cannot drift from what is there.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse

from partnership.models import Partnership, PartnershipMember, SharedService

NOT_STARTED = "Not started"
IN_PROGRESS = "In progress"
COMPLETED = "Completed"

# Fewer than two current councils is not yet a partnership, nor a shared service.
FEWEST_PARTNERS = 2
REVIEW_POINTS_HINT = "Post-implementation review, full review, end of term"


@dataclass(frozen=True)
class Task:
    name: str
    status: str
    url: str = ""
    hint: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    tasks: list


def _by_count(count: int, enough: int = 1) -> str:
    if count <= 0:
        return NOT_STARTED
    return COMPLETED if count >= enough else IN_PROGRESS


def _current(on: date):
    return Q(partners__joined__lte=on) & (Q(partners__left__isnull=True) | Q(partners__left__gt=on))


def _services(partnership: Partnership, on: date):
    """The services with every count their tasks need, in one query."""
    return (
        SharedService.objects.filter(partnership=partnership)
        .annotate(
            partner_count=Count("partners", filter=_current(on), distinct=True),
            host_count=Count("partners", filter=_current(on) & Q(partners__is_host=True), distinct=True),
            review_count=Count("review_points", distinct=True),
            line_count=Count("budget_lines", distinct=True),
            body_count=Count("bodies", distinct=True),
        )
        .order_by("name")
    )


def service_tasks(service) -> list[Task]:
    agreement = [service.agreement_start, service.term_years]
    return [
        Task(
            "Partners over time",
            _by_count(service.partner_count, FEWEST_PARTNERS),
            hint=f"{service.partner_count} current partners",
        ),
        Task("Host council", COMPLETED if service.host_count else NOT_STARTED),
        Task("Employment model", COMPLETED if service.employment_model else NOT_STARTED),
        Task("Agreement start and term", _by_count(sum(1 for part in agreement if part), len(agreement))),
        Task("Review points", _by_count(service.review_count), hint=REVIEW_POINTS_HINT),
        Task("Budget lines", _by_count(service.line_count), hint=f"{service.line_count} lines"),
    ]


def setup_sections(partnership: Partnership, on: date) -> tuple[list[Section], int, int]:
    """The task list's sections, how many tasks there are and how many are completed."""
    slug = partnership.slug
    current = PartnershipMember.objects.filter(partnership=partnership, joined__lte=on).filter(
        Q(left__isnull=True) | Q(left__gt=on)
    )
    members = current.count()
    strategic = partnership.strategic_partners.count()
    services = list(_services(partnership, on))
    bodies = sum(service.body_count for service in services)
    sections = [
        Section(
            "Set up the partnership",
            [
                Task(
                    "Partnership name",
                    COMPLETED if partnership.name and partnership.short_name else IN_PROGRESS,
                    reverse("partnership:setup-name", args=[slug]),
                ),
                Task(
                    "Member councils",
                    _by_count(members, FEWEST_PARTNERS),
                    reverse("partnership:setup-members", args=[slug]),
                    f"{members} current members",
                ),
                Task("Strategic partners and their memorandum of understanding", _by_count(strategic)),
                Task("Bodies", _by_count(bodies), hint=f"{bodies} boards and groups of its services"),
            ],
        ),
        *(Section(service.name, service_tasks(service)) for service in services),
    ]
    tasks = [task for section in sections for task in section.tasks]
    return sections, len(tasks), sum(1 for task in tasks if task.status == COMPLETED)
