"""Finance statements and staffing tables for many services at once, in a fixed number of queries.

Why this module exists: ``finance.selectors.services_finance`` batches its own reads but asks
``staffing.selectors.staff_costs(service)`` once per service with a savings plan, and
``staffing.selectors.establishment(service)`` reads one service's posts: a page over 30
services would make 30 more queries. Here the posts of every service are read in ONE query and
handed to the same pure functions (``staffing.establishment.table_one`` / ``staff_cost_by_year``
and ``finance.statements.build_statement``), so the figures are the same as on the finance and
staffing pages. When ``services_finance`` accepts staff costs from its caller, :func:`finances`
should become a call to it.
"""

from collections import defaultdict

from django.db.models import Prefetch

from finance.models import (
    BudgetFigure,
    CapitalContribution,
    CapitalSpend,
    ImplementationCost,
    NonStaffSavingStep,
    SavingsPlan,
)
from finance.savings import NonStaffStep
from finance.selectors import ServiceFinance
from finance.statements import Figure, Partner, build_statement
from mkip.fiscal import FinancialYear
from partnership.models import ServicePartner
from staffing.establishment import BASELINE, ESTIMATE, Column, StaffCosts, TableOne, staff_cost_by_year, table_one
from staffing.models import Post


def staffing_tables(service_ids) -> dict[int, TableOne]:
    """Each service's staffing Table 1, as ``staffing.selectors.establishment`` builds it: one query."""
    posts = (
        Post.objects.filter(service_id__in=service_ids)
        .select_related("team", "council")
        .order_by("service_id", "year", "kind", "team__order", "team__name", "council__name", "grade", "pk")
    )
    lines: dict[int, dict[Column, list]] = defaultdict(lambda: defaultdict(list))
    group_order: dict[int, dict[tuple, str]] = defaultdict(dict)
    for post in posts:
        lines[post.service_id][Column(post.year, post.kind)].append(post.as_line())
        group_order[post.service_id].setdefault((post.team.order, post.team.name), post.team.group)
    tables = {}
    for service_id, columns in lines.items():
        order = group_order[service_id]
        groups = list(dict.fromkeys(order[key] for key in sorted(order)))
        tables[service_id] = table_one(columns, groups)
    return tables


def staff_costs(table: TableOne | None) -> StaffCosts | None:
    """``staffing.selectors.staff_costs`` for a table already read."""
    if table is None or BASELINE not in table.columns:
        return None
    return staff_cost_by_year(table, kind=ESTIMATE, baseline=BASELINE)


def _by_service(rows):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.service_id].append(row)
    return grouped


def finances(services, tables: dict[int, TableOne]) -> list[ServiceFinance]:
    """``finance.selectors.services_finance`` with staff costs from ``tables``: seven queries in all
    (partners, figures, plans, steps, implementation costs, contributions, spends)."""
    services = list(services)
    ids = [service.pk for service in services]
    partners = _by_service(ServicePartner.objects.filter(service_id__in=ids).select_related("council"))
    rows = BudgetFigure.objects.filter(line__service_id__in=ids).values_list(
        "line__service_id",
        "line__council_id",
        "line__programme",
        "year",
        "kind",
        "amount",
        "line__is_recharge",
        "line__in_non_staff_base",
        "illustrative_fields",
    )
    figures, illustrative = defaultdict(list), set()
    for service_id, council, programme, year, kind, amount, recharge, base, invented in rows:
        if "amount" in (invented or []):
            illustrative.add(service_id)
        figures[service_id].append(Figure(council, programme, FinancialYear.parse(year), kind, amount, recharge, base))
    plans = {
        plan.service_id: plan
        for plan in SavingsPlan.objects.filter(service_id__in=ids).prefetch_related(
            Prefetch("steps", queryset=NonStaffSavingStep.objects.order_by("year"))
        )
    }
    costs = _by_service(ImplementationCost.objects.filter(service_id__in=ids))
    contributions = _by_service(CapitalContribution.objects.filter(service_id__in=ids).select_related("council"))
    spends = _by_service(CapitalSpend.objects.filter(service_id__in=ids).select_related("approved_by"))
    result = []
    for service in services:
        mine = sorted(partners.get(service.pk, []), key=lambda p: (p.council.name, p.joined))
        plan = plans.get(service.pk)
        councils = list({p.council_id: p.council for p in mine}.values())
        staff = staff_costs(tables.get(service.pk)) if plan else None
        statement = build_statement(
            councils=[council.pk for council in councils],
            partners=[Partner(p.council_id, p.joined, p.left) for p in mine],
            figures=figures.get(service.pk, []),
            baseline_year=plan.baseline_year if plan else None,
            first_year=plan.first_year if plan else None,
            years=plan.years if plan else 0,
            steps=[NonStaffStep(s.year, s.percentage, s.amount) for s in plan.steps.all()] if plan else [],
            staff_baseline=staff.baseline if staff else None,
            staff_by_year=staff.by_year if staff else None,
            implementation_costs={cost.name: cost.amount for cost in costs.get(service.pk, [])},
            contributions=[(c.council_id, c.year, c.amount) for c in contributions.get(service.pk, [])],
            spends=[(s.year, s.amount) for s in spends.get(service.pk, [])],
        )
        result.append(
            ServiceFinance(
                service,
                councils,
                plan,
                statement,
                costs.get(service.pk, []),
                contributions.get(service.pk, []),
                spends.get(service.pk, []),
                staff,
                service.pk in illustrative,
            )
        )
    return result
