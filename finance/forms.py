"""Forms for the finance pages: the budget grid and a capital pot spend."""

from decimal import Decimal

from crispy_forms_gds.layout import Field
from django import forms

from finance.models import FigureKind
from mkip.columns import YearColumn
from mkip.fields import FinancialYearFormField, MoneyFormField
from mkip.forms import GovukForm


def cell_name(line_id: int, column: YearColumn) -> str:
    return f"c-{line_id}-{column.slug}"


def version_name(line_id: int, column: YearColumn) -> str:
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
                    label=f"{line.name}, {column.heading}",
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
        """``(line, [(column, bound field, saved figure)], the line's saved total)`` for each line."""
        return [
            (
                line,
                [(column, self[name], figure) for column, name, figure in cells],
                sum((figure.amount for _column, _name, figure in cells if figure), Decimal(0)),
            )
            for line, cells in self.rows
        ]

    def column_totals(self):
        """The saved total of each column, in the order of ``columns``."""
        totals = [Decimal(0)] * len(self.columns)
        for _line, cells in self.rows:
            for index, (_column, _name, figure) in enumerate(cells):
                if figure:
                    totals[index] += figure.amount
        return totals

    def grand_total(self):
        return sum(self.column_totals(), Decimal(0))


class AddColumnForm(forms.Form):
    year = FinancialYearFormField(label="Financial year", help_text=YEAR_HINT, max_length=YEAR_MAX_LENGTH)
    kind = forms.ChoiceField(choices=FigureKind.choices, label="Kind of figure")


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
