"""Forms of quarterly monitoring: opening a round, and reviewing a council's return."""

from crispy_forms_gds.layout import Field
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from mkip.fields import FinancialYearFormField, MoneyFormField
from mkip.forms import GovukForm, name_what_is_missing


class OpenRoundForm(GovukForm, forms.Form):
    layout = (
        Field.text("year", field_width=5),
        Field.radios("quarter", inline=True),
        Field.text("due_on", field_width=10),
        Field.text("threshold_amount", field_width=10),
        Field.text("threshold_percent", field_width=4),
    )
    submit_label = "Open the round"
    submit_name = "open"

    year = FinancialYearFormField(label="Financial year", help_text="For example, 2012/13")
    quarter = forms.TypedChoiceField(
        label="Quarter", coerce=int, choices=[(n, f"Quarter {n}") for n in (1, 2, 3, 4)], widget=forms.RadioSelect
    )
    due_on = forms.DateField(label="Returns due on", help_text="For example, 15/07/2012")
    threshold_amount = MoneyFormField(
        label="Commentary needed for a variance above, in pounds", min_value=0, help_text="For example, 10,000"
    )
    threshold_percent = forms.DecimalField(
        label="Commentary needed for a variance above, in per cent of the line’s budget",
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(0, message="The percentage cannot be negative."),
            MaxValueValidator(100, message="The percentage is from 0 to 100."),
        ],
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        help_text="For example, 5",
    )


class ReturnForm(forms.Form):
    """A forecast outturn and a commentary for each of the council's lines, and the version the
    officer loaded, so a save after someone else's is refused."""

    version = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            name = row.line.name
            self.fields[f"forecast_{row.line.pk}"] = MoneyFormField(
                label=f"Forecast outturn of {name}",
                required=False,
                initial=row.forecast,
            )
            self.fields[f"commentary_{row.line.pk}"] = forms.CharField(
                label=f"Commentary on {name}",
                required=False,
                initial=row.commentary,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def line_fields(self):
        """(row, forecast box, commentary box) for each line, in the grid's order."""
        return [(row, self[f"forecast_{row.line.pk}"], self[f"commentary_{row.line.pk}"]) for row in self.rows]

    def forecasts(self) -> dict:
        """{line id: (forecast, commentary)} of every line with a forecast entered."""
        entered = {}
        for row in self.rows:
            amount = self.cleaned_data.get(f"forecast_{row.line.pk}")
            if amount is not None:
                entered[row.line.pk] = (amount, self.cleaned_data.get(f"commentary_{row.line.pk}", "").strip())
        return entered


class ReviewForm(forms.Form):
    version = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)
    comment = forms.CharField(
        label="Comments for the council",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you return it for changes.",
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why the round is reopened", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_what_is_missing(self)
