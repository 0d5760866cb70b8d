"""Finance pages. Thin: permissions from partnership.permissions, reads from selectors, writes from services."""

import tablib
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from finance import selectors, services, share_effect
from finance.baselines import against_latest, figures_from
from finance.forms import AddColumnForm, CapitalSpendForm, GridForm
from finance.imports import LINE_HEADING, GridImport
from finance.models import ChangePath, FigureKind, Programme
from finance.presentation import service_rows
from mkip.columns import YearColumn
from mkip.exports import neutralise_cell, sheet_name
from mkip.fiscal import FinancialYear
from mkip.imports import count_of
from mkip.stale import StaleRecord
from partnership.models import SharedService
from partnership.permissions import (
    can_administer_service,
    can_edit_service_budget,
    can_read,
    get_budget_grid,
    get_service_for_capital_approval,
    refuse,
)
from staffing import selectors as staffing


def _programme(programme: str) -> str:
    if programme not in Programme.values:
        raise Http404("No such programme")
    return programme


def _extra_columns(request) -> list[YearColumn]:
    """Columns asked for in the address (``?column=2016-outturn`` or the add-a-column form)."""
    wanted = [value.split("-", 1) for value in request.GET.getlist("column") if "-" in value]
    if request.GET.get("add_year"):
        wanted.append((request.GET["add_year"], request.GET.get("add_kind", "")))
    extra = []
    for year, kind in wanted:
        try:
            if kind in FigureKind.values:
                extra.append(YearColumn(FinancialYear.parse(int(year) if year.isdigit() else year), kind))
        except ValueError:
            continue  # a mistyped year adds no column rather than failing the page
    return extra


def _grid_url(service, council, programme):
    return reverse("finance:grid", args=[service.slug, council.code, programme])


def _export(lines, columns, filename, export_format, title):
    data = tablib.Dataset(headers=[LINE_HEADING, *(column.heading for column in columns)], title=sheet_name(title))
    for line in lines:
        figures = {(f.year, f.kind): f.amount for f in line.figures.all()}
        data.append([neutralise_cell(line.name), *(figures.get((c.year, c.kind)) for c in columns)])
    if export_format == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = data.export("xlsx")
    else:
        content_type, body = "text/csv; charset=utf-8", data.export("csv")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response


def grid(request, slug, code, programme):
    """One council's budget lines for a service: years across, one form, saved all at once."""
    programme = _programme(programme)
    service, council = get_budget_grid(request.user, slug, code, for_edit=request.method == "POST")
    can_edit = request.method == "POST" or can_edit_service_budget(request.user, service, council)
    columns = selectors.grid_columns(service, programme, _extra_columns(request))
    lines = selectors.grid_lines(service, council, programme)
    export_format = request.GET.get("_export")
    if export_format in ("csv", "xlsx"):
        title = f"{council.short_name} {service.name} {programme}"
        return _export(lines, columns, f"{service.slug}-{council.code}-{programme}", export_format, title)
    form = GridForm(request.POST or None, lines=lines, columns=columns, prefix="grid")
    stale, moves = None, []
    if request.method == "POST" and form.is_valid():
        cells, versions = form.cells()
        save = {"user": request.user, "service": service, "council": council, "programme": programme}
        save.update(cells=cells, loaded_versions=versions, path=ChangePath.FORM)
        try:
            # Other councils' shares move only when the officer has seen by how much and confirmed.
            if "confirm_shares" not in request.POST:
                moves = share_effect.moves_if_saved(**save)
            saved = None if moves else share_effect.save_moving_shares(**save)
        except services.StaleGrid as error:
            stale = error.cells
            form = GridForm(
                None, lines=selectors.grid_lines(service, council, programme), columns=columns, prefix="grid"
            )
        else:
            if saved is not None:
                changed = count_of(saved.changed, "figure")
                messages.success(request, f"{council.short_name}’s {service.name} budget is saved ({changed} changed).")
                return redirect(request.get_full_path())
    return render(
        request,
        "finance/grid.html",
        {
            "service": service,
            "council": council,
            "programme": programme,
            "programme_label": Programme(programme).label,
            "form": form,
            "columns": columns,
            "can_edit": can_edit,
            "stale": stale,
            "add_column": AddColumnForm(),
            "stale_message": services.SOMEONE_ELSE_SAVED,
            "share_moves": share_effect.described(moves),
        },
    )


def grid_import(request, slug, code, programme):
    """Upload a spreadsheet, preview it with row-by-row problems, then confirm: nothing is written before."""
    programme = _programme(programme)
    service, council = get_budget_grid(request.user, slug, code, for_edit=True)
    return GridImport(request, service=service, council=council, programme=programme).respond()


def grid_history(request, slug, code, programme):
    programme = _programme(programme)
    service, council = get_budget_grid(request.user, slug, code, for_edit=False)
    line_id, year, kind = request.GET.get("line"), request.GET.get("year"), request.GET.get("kind")
    figure, line = None, None
    try:
        if line_id and year and kind:
            figure = (int(line_id), FinancialYear(int(year)), kind)
        elif line_id:
            # One line's history: the grid links to it from each row, one tab stop per row.
            wanted = int(line_id)
            line = next((one for one in selectors.grid_lines(service, council, programme) if one.pk == wanted), None)
            if line is None:
                raise Http404("No such line")
    except ValueError:
        raise Http404("No such figure") from None
    changes = selectors.grid_history(
        service, council, programme, *(figure or ((line.pk, None, None) if line else (None, None, None)))
    )
    return render(
        request,
        "finance/history.html",
        {
            "service": service,
            "council": council,
            "programme": programme,
            "changes": changes,
            "figure": figure,
            "line": line,
            "share_moves": [] if figure or line else selectors.share_moves(service, council),
            "grid_url": _grid_url(service, council, programme),
        },
    )


def _reader(request):
    if not can_read(request.user):
        raise refuse(request.user, "see finance", request.path)


def service_finance(request, slug):
    _reader(request)
    service = get_object_or_404(SharedService.objects.select_related("partnership"), slug=slug)
    finance = selectors.service_finance(service)
    approved = against_latest(service, figures_from(finance, staffing.establishment(service).table))
    compared = approved is not None and request.GET.get("against") == "baseline"
    return render(
        request,
        "finance/service.html",
        {
            "approved": approved,
            "against": approved[1] if compared else None,
            "finance": finance,
            "service": service,
            "s": finance.statement,
            "rows": service_rows(finance),
            "can_approve": can_administer_service(request.user, service),
        },
    )


def capital_spend(request, slug):
    service = get_service_for_capital_approval(request.user, slug)
    form = CapitalSpendForm(request.POST or None, loaded_version=services.capital_pot_version(service))
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_capital_spend(
                user=request.user, service=service, **form.entered(), loaded_version=form.loaded_version()
            )
        except StaleRecord as error:
            form.refuse_as_stale(error)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"The spend of £{form.cleaned_data['amount']:,.2f} is approved.")
            return redirect("finance:service", slug=service.slug)
    return render(request, "finance/capital_spend.html", {"service": service, "form": form})


def partnership_finance(request):
    """Savings against investment for every service with a savings plan."""
    _reader(request)
    finances = selectors.services_finance(selectors.services_with_plans())
    rows = selectors.savings_against_investment(finances, list(selectors.delivered_savings()))
    return render(request, "finance/partnership.html", {"rows": rows})
