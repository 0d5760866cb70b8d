"""Forms for the finance pages: the budget grid, the import upload and a capital pot spend."""

import re

from crispy_forms_gds.layout import Field
from django import forms

from finance.models import FigureKind
from finance.selectors import GridColumn
from mkip.fields import FinancialYearFormField, MoneyFormField
from mkip.fiscal import FinancialYear
from mkip.forms import GovukForm

HEADING = re.compile(r"^\s*(\d{4}\s*[/-]\s*\d{2,4})\s+(budget|estimate|outturn)\s*$", re.IGNORECASE)
LINE_HEADING = "Line"


def cell_name(line_id: int, column: GridColumn) -> str:
    return f"c-{line_id}-{column.slug}"


def version_name(line_id: int, column: GridColumn) -> str:
    return f"v-{line_id}-{column.slug}"


# The hint and length limit finance's year boxes have always had (the shared field's hint says 2012/13).
YEAR_HINT = "For example, 2013/14"
YEAR_MAX_LENGTH = 9


class GridForm(forms.Form):
    """Every cell of one council's grid. Field names carry the line and column, so a cell
    for a line outside this grid is simply not a field and is ignored."""

    def __init__(self, *args, lines, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.columns = columns
        self.rows = []
        for line in lines:
            figures = {(f.year, f.kind): f for f in line.figures.all()}
            cells = []
            for column in columns:
                figure = figures.get((column.year, column.kind))
                name = cell_name(line.pk, column)
                self.fields[name] = MoneyFormField(
                    required=False,
                    label=f"{line.name}, {column.label}",
                    initial="" if figure is None else f"{figure.amount:.2f}",
                )
                self.fields[version_name(line.pk, column)] = forms.IntegerField(
                    required=False, min_value=0, widget=forms.HiddenInput, initial=figure.version if figure else 0
                )
                cells.append((column, name, figure))
            self.rows.append((line, cells))

    def cells(self):
        """``{(line id, year, kind): amount or None}`` and the versions loaded, after validation."""
        values, versions = {}, {}
        for line, cells in self.rows:
            for column, name, _figure in cells:
                key = (line.pk, column.year.start_year, column.kind)
                values[key] = self.cleaned_data[name]
                versions[key] = self.cleaned_data[version_name(line.pk, column)] or 0
        return values, versions

    def bound_rows(self):
        return [(line, [(column, self[name], figure) for column, name, figure in cells]) for line, cells in self.rows]


class AddColumnForm(forms.Form):
    year = FinancialYearFormField(label="Financial year", help_text=YEAR_HINT, max_length=YEAR_MAX_LENGTH)
    kind = forms.ChoiceField(choices=FigureKind.choices, label="Kind of figure")


class ImportForm(GovukForm, forms.Form):
    layout = (Field("file"),)
    submit_label = "Upload and preview"
    submit_name = "upload"

    file = forms.FileField(
        label="Spreadsheet", help_text="A CSV or Excel (.xlsx) file in the layout of this grid’s download."
    )


class CapitalSpendForm(GovukForm, forms.Form):
    layout = (Field.text("year", field_width=5), Field.text("description"), Field.text("amount", field_width=10))
    submit_label = "Approve spend"
    submit_name = "approve"
    edits_a_record = True

    year = FinancialYearFormField(label="Financial year", help_text=YEAR_HINT, max_length=YEAR_MAX_LENGTH)
    description = forms.CharField(max_length=200, label="What the money is for")
    amount = MoneyFormField(label="Amount in pounds")

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is None:
            raise forms.ValidationError("Enter the amount to spend")
        if amount <= 0:
            raise forms.ValidationError("The amount must be more than £0.00")
        return amount


def parse_import(rows, lines, *, lines_by_name=None):
    """Turn spreadsheet rows into grid cells, collecting every problem with its row number.

    Returns ``(cells, problems)``: cells ``{(line id, year, kind): amount}`` for the
    non-blank cells (a blank cell in the file leaves the figure as it is), and problems
    as ``(row number, message)``.
    """
    lines_by_name = {line.name.casefold(): line for line in lines}
    problems = []
    headings = list(rows[0]) if rows else []
    columns = {}
    if LINE_HEADING.casefold() not in (h.casefold() for h in headings):
        problems.append((1, f"The header row needs a “{LINE_HEADING}” column naming each budget line"))
    for heading in headings:
        if heading.casefold() == LINE_HEADING.casefold():
            continue
        match = HEADING.match(heading)
        try:
            if not match:
                raise ValueError(f"“{heading}” is not a column heading like “2012/13 budget”")
            columns[heading] = GridColumn(FinancialYear.parse(match.group(1)), match.group(2).lower())
        except ValueError as error:
            problems.append((1, str(error)))
    line_key = next((h for h in headings if h.casefold() == LINE_HEADING.casefold()), None)
    amount_field = MoneyFormField()
    cells = {}
    seen_lines = {}
    for number, row in enumerate(rows, start=2):
        if not any(row.values()) or line_key is None:
            continue
        line = lines_by_name.get(row[line_key].casefold())
        if line is None:
            problems.append((number, f"“{row[line_key]}” is not a line of this grid"))
            continue
        if line.pk in seen_lines:
            problems.append((number, f"{line.name} is already on row {seen_lines[line.pk]}"))
            continue
        seen_lines[line.pk] = number
        for heading, column in columns.items():
            if not row[heading]:
                continue
            try:
                cells[(line.pk, column.year.start_year, column.kind)] = amount_field.clean(row[heading])
            except forms.ValidationError as error:
                problems.append((number, f"{heading}: {' '.join(error.messages)}"))
    return cells, problems
