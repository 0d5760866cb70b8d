"""Importing one council's budget grid from a spreadsheet, in the layout of the grid's download.

A "Line" column names each budget line, then one column per year and kind headed like
"2012/13 budget". A blank cell leaves its figure as it is. The upload → preview → confirm flow is
the kernel's (:mod:`mkip.imports`); this module reads the rows and saves through
:func:`finance.services.save_grid` on the import path, so the grid's permission, stale-save and
history rules hold for an import too.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

from finance import selectors, services
from finance.models import ChangePath
from mkip.columns import YearColumn
from mkip.fields import MoneyFormField
from mkip.imports import Cell, ImportFlow, Parsed, Preview, Problem, Refused, Saved, Stale, count_of
from mkip.money import format_gbp
from partnership.models import Council, SharedService

LINE_HEADING = "Line"


def _columns(headings) -> tuple[dict[str, YearColumn], list[Problem]]:
    """The year-and-kind column of each heading but the line's, and a problem for each heading that is neither."""
    columns, problems = {}, []
    if LINE_HEADING.casefold() not in (heading.casefold() for heading in headings):
        problems.append(Problem(1, f"The header row needs a “{LINE_HEADING}” column naming each budget line"))
    for heading in headings:
        if heading.casefold() == LINE_HEADING.casefold():
            continue
        try:
            columns[heading] = YearColumn.parse(heading)
        except ValueError as error:
            problems.append(Problem(1, str(error)))
    return columns, problems


def parse_import(rows, lines) -> tuple[dict, list[Problem]]:
    """Turn spreadsheet rows into grid cells, collecting every problem with its row number.

    Returns ``(cells, problems)``: cells ``{(line id, year, kind): amount}`` for the
    non-blank cells (a blank cell in the file leaves the figure as it is), and problems
    as ``(row number, message)``, a message about a cell starting with its column's heading.
    """
    lines_by_name = {line.name.casefold(): line for line in lines}
    headings = list(rows[0]) if rows else []
    columns, problems = _columns(headings)
    line_key = next((h for h in headings if h.casefold() == LINE_HEADING.casefold()), None)
    amount_field = MoneyFormField()
    cells, seen_lines = {}, {}
    for number, row in enumerate(rows, start=2):
        if not any(row.values()) or line_key is None:
            continue
        line = lines_by_name.get(row[line_key].casefold())
        if line is None:
            problems.append(Problem(number, f"“{row[line_key]}” is not a line of this grid"))
            continue
        if line.pk in seen_lines:
            problems.append(Problem(number, f"{line.name} is already on row {seen_lines[line.pk]}"))
            continue
        seen_lines[line.pk] = number
        for heading, column in columns.items():
            if not row[heading]:
                continue
            try:
                cells[(line.pk, column.year.start_year, column.kind)] = amount_field.clean(row[heading])
            except forms.ValidationError as error:
                problems.append(Problem(number, f"{heading}: {' '.join(error.messages)}"))
    return cells, problems


def _amount(amount) -> str:
    return "blank" if amount is None else format_gbp(amount, pence=True)


def _stale_change(cell) -> str:
    """What happened to one cell since the preview, as the grid's stale message says it."""
    when = f" at {format_date(timezone.localtime(cell.changed_at), 'j M Y H:i')}" if cell.changed_at else ""
    return (
        f"{cell.line.name}, {cell.year.label} {cell.kind}: {_amount(cell.loaded_amount)} when you previewed it, "
        f"now {_amount(cell.current_amount)} (changed by {cell.changed_by}{when})"
    )


class GridImport(ImportFlow):
    """One council's grid of one programme for a service; the caller has checked the officer may change it."""

    upload_label = "Spreadsheet"
    upload_hint = "A CSV or Excel (.xlsx) file in the layout of this grid’s download."
    stale_heading = "Someone changed this grid after your preview, so nothing was imported."
    breadcrumbs = "finance/_breadcrumbs.html"
    preview_heading = "Check the figures before importing"

    def __init__(self, request, *, service, council, programme):
        super().__init__(request)
        self.service, self.council, self.programme = service, council, programme
        self.done_url = reverse("finance:grid", args=[service.slug, council.code, programme])
        self.title = f"Import {council.short_name}’s {programme} figures for {service.name}"
        self.heading = f"Import {programme} figures from a spreadsheet"
        self.caption = f"{service.name} · {council.name}"
        self.preview_title = f"Check the import for {council.short_name}"
        self.intro = format_html(
            'Use the layout of the <a class="govuk-link" href="{}?_export=xlsx">grid’s Excel download</a>: '
            "a “{}” column naming each line, then one column per year headed like “2012/13 budget”. "
            "Blank cells leave a figure as it is. You will see a preview before anything is saved.",
            self.done_url,
            LINE_HEADING,
        )

    def background_args(self) -> dict:
        return {"slug": self.service.slug, "code": self.council.code, "programme": self.programme}

    @classmethod
    def for_background(cls, *, slug, code, programme) -> "GridImport":
        service, council = SharedService.objects.get(slug=slug), Council.objects.get(code=code)
        return cls(None, service=service, council=council, programme=programme)

    def session_key(self) -> str:
        return f"finance-import-{self.service.slug}-{self.council.code}-{self.programme}"

    def audit_scope(self) -> dict[str, str]:
        return {"service": self.service.slug, "council": self.council.code, "programme": self.programme}

    def context(self) -> dict:
        return {"service": self.service, "council": self.council, "programme": self.programme}

    def parse(self, rows) -> Parsed:
        lines = selectors.grid_lines(self.service, self.council, self.programme)
        cells, problems = parse_import(rows, lines)
        if problems:
            return Parsed(problems)
        names = {line.pk: line.name for line in lines}
        current = {(f.line_id, f.year.start_year, f.kind): f for line in lines for f in line.figures.all()}
        preview_rows = []
        for key, amount in sorted(cells.items()):
            now = current[key].amount if key in current else None
            preview_rows.append(
                [
                    Cell(names[key[0]]),
                    Cell(YearColumn(key[1], key[2]).heading),
                    Cell(_amount(now), numeric=True),
                    Cell(_amount(amount), numeric=True, tag="" if now == amount else "Changed"),
                ]
            )
        headings = [Cell(LINE_HEADING), Cell("Column"), Cell("Now", numeric=True), Cell("In the file", numeric=True)]
        kept = [[*key, str(amount), current[key].version if key in current else 0] for key, amount in cells.items()]
        return Parsed(
            [], kept, Preview("Figures in the file", headings, preview_rows, empty="No figures could be read.")
        )

    def save(self, kept) -> Saved:
        cells, versions = {}, {}
        for line_id, year, kind, amount, version in kept:
            key = (int(line_id), int(year), kind)
            cells[key], versions[key] = Decimal(amount), int(version)
        try:
            saved = services.save_grid(
                user=self.request.user,
                service=self.service,
                council=self.council,
                programme=self.programme,
                cells=cells,
                loaded_versions=versions,
                path=ChangePath.IMPORT,
            )
        except services.StaleGrid as error:
            changes = [_stale_change(cell) for cell in error.cells]
            raise Stale(changes or ["Another save added figures to the same cells at the same moment."]) from error
        except ValidationError as error:
            raise Refused([Problem(None, message) for message in error.messages]) from error
        return Saved(
            f"The import is saved ({count_of(saved.changed, 'figure')} changed).",
            {
                "figures_changed": saved.changed,
                "added": saved.created,
                "updated": saved.updated,
                "removed": saved.removed,
            },
        )
