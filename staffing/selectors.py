"""Reads of the establishment, each in a fixed number of queries whatever the number of posts.

``staff_costs`` is the finance projection's only source of staff costs: the savings it shows
move with the posts entered here, never from a second entry.
"""

from collections import defaultdict
from dataclasses import dataclass

from mkip.columns import YearColumn
from mkip.fiscal import FinancialYear
from staffing.establishment import (
    ESTIMATE,
    StaffCosts,
    TableOne,
    baseline_column,
    staff_cost_by_year,
    table_one,
)
from staffing.models import PlannedReduction, Post, PostChange, TupeTransfer


@dataclass(frozen=True)
class Establishment:
    """A service's posts by column, and its staffing table (None when no post is entered)."""

    posts_by_column: dict[YearColumn, list[Post]]
    table: TableOne | None


def establishment(service) -> Establishment:
    """All the service's posts grouped into table columns: one query.

    Groups follow the teams' order (the first team's group is the first row), as the
    seed's table puts Non GIS before GIS.
    """
    return _establishment(Post.objects.of_service(service))


def _establishment(posts) -> Establishment:
    posts_by_column: dict[YearColumn, list[Post]] = defaultdict(list)
    group_order: dict[tuple, str] = {}
    for post in posts:
        posts_by_column[YearColumn(post.year, post.kind)].append(post)
        group_order.setdefault((post.team.order, post.team.name), post.team.group)
    if not posts_by_column:
        return Establishment(posts_by_column={}, table=None)
    groups = list(dict.fromkeys(group_order[key] for key in sorted(group_order)))
    lines = {column: [post.as_line() for post in posts] for column, posts in posts_by_column.items()}
    return Establishment(posts_by_column=dict(posts_by_column), table=table_one(lines, groups))


def staff_costs(service, baseline: YearColumn | None = None) -> StaffCosts | None:
    """The baseline column's staff cost and each estimate year's: one query.

    ``baseline`` is the column savings are measured from (finance passes its savings plan's
    baseline year); None takes the establishment's own (:func:`baseline_column`). None when
    the service has no establishment, or none for the baseline column (there is then nothing
    to measure savings from). Vacant posts are left out (seed 001 §3.4 d).
    """
    return costs_from_table(establishment(service).table, baseline)


def costs_from_table(table: TableOne | None, baseline: YearColumn | None = None) -> StaffCosts | None:
    """:func:`staff_costs` from a staffing table already built."""
    if table is not None and baseline is None:
        baseline = baseline_column(table.columns)
    if table is None or baseline not in table.columns:
        return None
    return staff_cost_by_year(table, kind=ESTIMATE, baseline=baseline)


def tables_by_service(service_ids) -> dict[int, TableOne | None]:
    """Each service's staffing Table 1 (None when it has no posts), keyed by service id: one query."""
    ids = list(service_ids)
    posts = defaultdict(list)
    for post in Post.objects.of_services(ids):
        posts[post.service_id].append(post)
    return {service_id: _establishment(posts.get(service_id, [])).table for service_id in ids}


def staff_costs_by_service(service_ids, baselines=None) -> dict[int, StaffCosts | None]:
    """:func:`staff_costs` of several services in one query (not one per service), keyed by service id.

    ``baselines`` maps a service id to its baseline column; a service not in it takes its own.
    """
    baselines = baselines or {}
    tables = tables_by_service(service_ids)
    return {service_id: costs_from_table(table, baselines.get(service_id)) for service_id, table in tables.items()}


def tupe_transfers(service):
    return TupeTransfer.objects.filter(service=service).select_related("from_council")


def planned_reductions(service):
    return PlannedReduction.objects.filter(service=service).select_related("team")


def column_history(service, year: FinancialYear, kind: str):
    """Every change to the posts of one column, newest first, with who made it: one query."""
    return PostChange.objects.filter(service=service, year=year, kind=kind).select_related("changed_by")


def post_history(post):
    return PostChange.objects.filter(post=post).select_related("changed_by")
