"""Staffing pages: the service's staffing table, the posts grid of one column, and history.

Thin: reads come from selectors, writes from services, permissions from partnership.permissions.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from mkip.columns import YearColumn
from mkip.exports import SafeTableExport, sheet_name
from mkip.fiscal import FinancialYear
from partnership.models import ServicePartner, SharedService
from partnership.permissions import (
    can_administer_service,
    can_edit_any_staff_post,
    can_edit_staff_post,
    can_read,
    refuse,
    security_log,
)
from staffing import selectors, services
from staffing.establishment import KINDS, baseline_column
from staffing.forms import HOST, extra_rows, post_formset_class
from staffing.models import Post, Team
from staffing.presentation import display_rows, headlines
from staffing.tables import PostExportTable


def readable_service(request, slug) -> SharedService:
    if not can_read(request.user):
        raise PermissionDenied
    return get_object_or_404(SharedService.objects.select_related("partnership"), slug=slug)


def column_from_url(year: str, kind: str) -> YearColumn:
    try:
        return YearColumn.of(FinancialYear.parse(year.replace("-", "/")), kind, kinds=KINDS)
    except ValueError:
        raise Http404("No such budget or estimate") from None


def column_url(name: str, service, column: YearColumn) -> str:
    year = column.year.label.replace("/", "-")
    return reverse(f"staffing:{name}", kwargs={"slug": service.slug, "year": year, "kind": column.kind})


def staffing_page(request, slug):
    """Seed 001 Table 1 for any service, from its posts; with TUPE transfers and planned reductions."""
    service = readable_service(request, slug)
    found = selectors.establishment(service)
    table = found.table
    baseline = baseline_column(table.columns) if table else None
    columns = []
    if table is not None:
        columns = [(column, column_url("posts", service, column)) for column in table.columns]
    return render(
        request,
        "staffing/service.html",
        {
            "service": service,
            "table": table,
            "columns": columns,
            "rows": display_rows(table) if table else [],
            "headlines": headlines(table, baseline) if table else None,
            "baseline": baseline,
            "illustrative_posts": any(
                post.illustrative_fields for posts in found.posts_by_column.values() for post in posts
            ),
            "tupe_transfers": selectors.tupe_transfers(service),
            "reductions": selectors.planned_reductions(service),
        },
    )


def service_partners(service):
    """The service's partners, ever and now, from one query."""
    partners = list(ServicePartner.objects.filter(service=service).select_related("council"))
    today = timezone.localdate()
    councils = {p.council_id: p.council for p in partners}
    current = {p.council_id for p in partners if p.is_current(today)}
    return councils, current


def posts_grid(request, slug, year, kind):
    """All posts of one budget or estimate, editable in one form where the user may change them."""
    service = readable_service(request, slug)
    column = column_from_url(year, kind)
    councils, current_ids = service_partners(service)
    user = request.user
    posts = list(Post.objects.column(service, column.year, column.kind))
    council_code = request.GET.get("council", "")
    if council_code:
        posts = [p for p in posts if (p.council.code if p.council_id else HOST) == council_code]
    if request.GET.get("_export") in ("csv", "xlsx"):
        export_format = request.GET["_export"]
        security_log.info("export user=%s page=%s format=%s", user.get_username(), request.path, export_format)
        title = sheet_name(f"{service.name} posts {column.year.label} {column.kind}")
        exporter = SafeTableExport(export_format, PostExportTable(posts), dataset_kwargs={"title": title})
        name = f"{service.slug}-posts-{column.year.label.replace('/', '-')}-{column.kind}.{export_format}"
        return exporter.response(filename=name)

    editable = [p for p in posts if can_edit_staff_post(user, service, p.council_id, current_ids)]
    read_only = [p for p in posts if p not in editable]
    can_edit = can_edit_any_staff_post(user, service, current_ids)
    if request.method == "POST" and not can_edit:
        raise refuse(user, f"change the posts of {service.name}", service.slug)

    teams = {team.pk: team for team in Team.objects.filter(service=service)}
    if can_administer_service(user, service):
        council_choices = [(str(pk), c.name) for pk, c in sorted(councils.items(), key=lambda i: i[1].name)]
        council_choices.append((HOST, "Host council (after TUPE)"))
    else:
        council_choices = [(str(pk), c.name) for pk, c in councils.items() if pk == user.council_id]
    form_kwargs = {
        "team_choices": [(pk, f"{team.name} ({team.group})") for pk, team in teams.items()],
        "council_choices": council_choices,
        "teams": teams,
        "councils": councils,
    }
    initial = [
        {
            "post_id": p.pk,
            "version": p.version,
            "team": p.team_id,
            "council": str(p.council_id) if p.council_id else HOST,
            "grade": p.grade,
            "fte": p.fte,
            "cost": f"{p.cost:.2f}",
            "vacant": p.vacant,
        }
        for p in editable
    ]
    formset_class = post_formset_class(extra_rows(request.GET.get("add", "1"), can_add=can_edit))
    stale = []
    if request.method == "POST":
        formset = formset_class(request.POST, initial=initial, form_kwargs=form_kwargs)
        if formset.is_valid():
            try:
                result = services.posts_save_column(
                    user=user,
                    service=service,
                    year=column.year,
                    kind=column.kind,
                    rows=formset.rows(),
                    current_partner_ids=current_ids,
                )
            except services.StaleSave as error:
                stale = error.changes
            except services.RowErrors as error:
                for index, field_errors in error.row_errors.items():
                    form = formset.row_forms[index]
                    for field, field_messages in field_errors.items():
                        for message in field_messages:
                            form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request,
                    f"{column.label} posts saved: {result.updated} changed, {result.created} added, "
                    f"{result.deleted} removed.",
                )
                return redirect(request.get_full_path())
    else:
        formset = formset_class(initial=initial, form_kwargs=form_kwargs)
    return render(
        request,
        "staffing/posts.html",
        {
            "service": service,
            "column": column,
            "formset": formset if can_edit else None,
            "read_only": read_only if can_edit else posts,
            "stale": stale,
            "council_code": council_code,
            "filter_councils": sorted(councils.values(), key=lambda c: c.name),
            "history_url": column_url("column-history", service, column),
            "import_url": column_url("import", service, column) if can_edit else None,
            "page_title": f"{service.name} posts, {column.label}",
        },
    )


def column_history(request, slug, year, kind):
    service = readable_service(request, slug)
    column = column_from_url(year, kind)
    return render(
        request,
        "staffing/history.html",
        {
            "service": service,
            "column": column,
            "changes": selectors.column_history(service, column.year, column.kind),
            "posts_url": column_url("posts", service, column),
            "title": f"History of the {column.label} posts",
        },
    )


def post_history(request, slug, pk):
    service = readable_service(request, slug)
    post = get_object_or_404(Post.objects.select_related("team", "council"), pk=pk, service=service)
    column = YearColumn(post.year, post.kind)
    return render(
        request,
        "staffing/history.html",
        {
            "service": service,
            "column": column,
            "post": post,
            "changes": selectors.post_history(post),
            "posts_url": column_url("posts", service, column),
            "title": f"History of {services.describe(post)}",
        },
    )


def staffing_index(request):
    """Every shared service, with how many posts its establishment has: one query."""
    if not can_read(request.user):
        raise PermissionDenied
    services_list = SharedService.objects.annotate(post_count=Count("posts")).order_by("name")
    return render(request, "staffing/index.html", {"services": services_list})
