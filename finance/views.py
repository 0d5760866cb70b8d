"""Finance pages. Thin: permissions from partnership.permissions, reads from selectors, writes from services."""

import logging
from decimal import Decimal

import tablib
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from finance import selectors, services
from finance.forms import LINE_HEADING, AddColumnForm, CapitalSpendForm, GridForm, ImportForm, parse_import
from finance.models import ChangePath, FigureKind, Programme
from finance.presentation import service_rows
from finance.selectors import GridColumn
from mkip.exports import neutralise_cell
from mkip.fiscal import FinancialYear
from mkip.security_log import client_address
from mkip.security_log import log as security_log
from mkip.spreadsheets import SpreadsheetError, read_table
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

IMPORT_SESSION_KEY = "finance-import-{slug}-{code}-{programme}"


def _programme(programme: str) -> str:
    if programme not in Programme.values:
        raise Http404("No such programme")
    return programme


def _extra_columns(request) -> list[GridColumn]:
    """Columns asked for in the address (``?column=2016-outturn`` or the add-a-column form)."""
    wanted = [value.split("-", 1) for value in request.GET.getlist("column") if "-" in value]
    if request.GET.get("add_year"):
        wanted.append((request.GET["add_year"], request.GET.get("add_kind", "")))
    extra = []
    for year, kind in wanted:
        try:
            if kind in FigureKind.values:
                extra.append(GridColumn(FinancialYear.parse(int(year) if year.isdigit() else year), kind))
        except ValueError:
            continue  # a mistyped year adds no column rather than failing the page
    return extra


def _grid_url(service, council, programme):
    return reverse("finance:grid", args=[service.slug, council.code, programme])


def _export(lines, columns, filename, export_format):
    data = tablib.Dataset(headers=[LINE_HEADING, *(column.label for column in columns)])
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
        return _export(lines, columns, f"{service.slug}-{council.code}-{programme}", export_format)
    form = GridForm(request.POST or None, lines=lines, columns=columns, prefix="grid")
    stale = None
    if request.method == "POST" and form.is_valid():
        cells, versions = form.cells()
        try:
            saved = services.save_grid(
                user=request.user,
                service=service,
                council=council,
                programme=programme,
                cells=cells,
                loaded_versions=versions,
                path=ChangePath.FORM,
            )
        except services.StaleGrid as error:
            stale = error.cells
            form = GridForm(
                None, lines=selectors.grid_lines(service, council, programme), columns=columns, prefix="grid"
            )
        else:
            messages.success(
                request, f"{council.short_name}’s {service.name} budget is saved ({saved.changed} changed)."
            )
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
        },
    )


def _audit_import(request, context, file_name, event, level=logging.INFO, **details):
    """One line in the security log for an import: who, which grid, which file and how many.

    Never a cell's contents, nor an error message (they quote cells): only counts and a reason.
    The file name is logged with repr() so that a name holding a line break cannot forge a line.
    """
    security_log.log(
        level,
        "%s user=%s address=%s service=%s council=%s programme=%s file=%r%s",
        event,
        request.user.get_username(),
        client_address(request),
        context["service"].slug,
        context["council"].code,
        context["programme"],
        file_name,
        "".join(f" {key}={value}" for key, value in details.items()),
    )


def _pending(cells, current, file_name) -> dict:
    """The parsed import as the session keeps it (JSON): each cell with the version it was previewed
    at, and the file's name for the security log."""
    return {
        "file": file_name,
        "cells": [
            [
                line_id,
                year,
                kind,
                str(amount),
                current[(line_id, year, kind)].version if (line_id, year, kind) in current else 0,
            ]
            for (line_id, year, kind), amount in cells.items()
        ],
    }


def _from_pending(pending) -> tuple[dict, dict]:
    cells, versions = {}, {}
    for line_id, year, kind, amount, version in pending["cells"]:
        key = (int(line_id), int(year), kind)
        cells[key], versions[key] = Decimal(amount), int(version)
    return cells, versions


def _confirm_import(request, service, council, programme, key, context):
    pending = request.session.pop(key, None)
    if not pending:
        messages.success(request, "There was no import waiting to be confirmed: upload the file again.")
        return redirect(request.path)
    cells, versions = _from_pending(pending)
    file_name = pending.get("file", "-")
    try:
        saved = services.save_grid(
            user=request.user,
            service=service,
            council=council,
            programme=programme,
            cells=cells,
            loaded_versions=versions,
            path=ChangePath.IMPORT,
        )
    except services.StaleGrid as error:
        _audit_import(request, context, file_name, "import-not-saved", reason="stale")
        return render(request, "finance/import.html", {**context, "form": ImportForm(), "stale": error.cells})
    except ValidationError as error:
        problems = [(None, message) for message in error.messages]
        _audit_import(
            request, context, file_name, "import-refused", logging.WARNING, reason="invalid", problems=len(problems)
        )
        return render(request, "finance/import.html", {**context, "form": ImportForm(), "problems": problems})
    _audit_import(
        request,
        context,
        file_name,
        "import-confirmed",
        figures_changed=saved.changed,
        added=saved.created,
        updated=saved.updated,
        removed=saved.removed,
    )
    messages.success(request, f"The import is saved ({saved.changed} figures changed).")
    return redirect(context["grid_url"])


def grid_import(request, slug, code, programme):
    """Upload a spreadsheet, preview it with row-by-row problems, then confirm: nothing is written before."""
    programme = _programme(programme)
    service, council = get_budget_grid(request.user, slug, code, for_edit=True)
    key = IMPORT_SESSION_KEY.format(slug=slug, code=code, programme=programme)
    context = {
        "service": service,
        "council": council,
        "programme": programme,
        "grid_url": _grid_url(service, council, programme),
    }
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm_import(request, service, council, programme, key, context)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file_name = form.cleaned_data["file"].name
        try:
            rows = read_table(form.cleaned_data["file"])
        except SpreadsheetError as error:
            _audit_import(request, context, file_name, "import-refused", logging.WARNING, reason="unreadable")
            form.add_error("file", str(error))
        else:
            lines = selectors.grid_lines(service, council, programme)
            cells, problems = parse_import(rows, lines)
            names = {line.pk: line.name for line in lines}
            current = {(f.line_id, f.year.start_year, f.kind): f for line in lines for f in line.figures.all()}
            preview = [
                (names[k[0]], FinancialYear(k[1]), k[2], current[k].amount if k in current else None, amount)
                for k, amount in sorted(cells.items())
            ]
            request.session.pop(key, None)
            if problems:
                details = {"reason": "problems", "problems": len(problems)}
                _audit_import(request, context, file_name, "import-refused", logging.WARNING, **details)
            else:
                request.session[key] = _pending(cells, current, file_name)
            return render(request, "finance/import_preview.html", {**context, "preview": preview, "problems": problems})
    return render(request, "finance/import.html", {**context, "form": form})


def grid_history(request, slug, code, programme):
    programme = _programme(programme)
    service, council = get_budget_grid(request.user, slug, code, for_edit=False)
    line_id, year, kind = request.GET.get("line"), request.GET.get("year"), request.GET.get("kind")
    figure = None
    if line_id and year and kind:
        try:
            figure = (int(line_id), FinancialYear(int(year)), kind)
        except ValueError:
            raise Http404("No such figure") from None
    changes = selectors.grid_history(service, council, programme, *(figure or (None, None, None)))
    return render(
        request,
        "finance/history.html",
        {
            "service": service,
            "council": council,
            "programme": programme,
            "changes": changes,
            "figure": figure,
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
    return render(
        request,
        "finance/service.html",
        {
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
