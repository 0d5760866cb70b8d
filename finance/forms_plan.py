"""Forms for a service's savings plan and the savings its councils report as delivered."""

from crispy_forms_gds.layout import Field
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from finance.services import PlannedStep, check_steps_have_a_base
from mkip.fields import FinancialYearFormField, MoneyFormField
from mkip.fiscal import LAST_YEAR, FinancialYear
from mkip.forms import GovukForm
from mkip.money import parse_money
from partnership.models import Council

STEP_NEEDS_ONE = "Enter a percentage or an amount for {year}, not both."
STEP_YEAR_TWICE = "{year} has more than one step: keep one."


class SavingsPlanForm(GovukForm, forms.Form):
    layout = (
        Field.text("baseline_year", field_width=5),
        Field.text("first_year", field_width=5),
        Field.text("years", field_width=2),
        Field.checkbox("cashable"),
        Field.textarea("steps"),
    )
    submit_label = "Save the savings plan"
    edits_a_record = True

    baseline_year = FinancialYearFormField(
        label="Baseline year", help_text="Savings are measured from this year’s budget, for example 2012/13"
    )
    first_year = FinancialYearFormField(label="First year of the projection", help_text="For example, 2012/13")
    years = forms.IntegerField(
        label="Number of years projected",
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    cashable = forms.BooleanField(label="The savings are cashable", required=False)
    steps = forms.CharField(
        label="Non-staff saving steps",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        help_text="One year a line: the year, then a percentage of that year’s non-staff base "
        "(5%) or an amount (£69,000). For example: 2012/13 5%",
    )

    def __init__(self, *args, base_years=frozenset(), **kwargs):
        self.base_years = base_years
        super().__init__(*args, **kwargs)

    def clean(self):
        # A plan projected past the last financial year handled would break every finance page.
        cleaned = super().clean()
        first, years = cleaned.get("first_year"), cleaned.get("years")
        if first is not None and years is not None and first.start_year + years - 1 > LAST_YEAR:
            self.add_error(
                "years", f"The projection cannot run past {FinancialYear(LAST_YEAR).label}: project fewer years"
            )
        return cleaned

    def clean_steps(self):
        steps, seen = [], set()
        for number, raw in enumerate(self.cleaned_data["steps"].splitlines(), start=1):
            if not raw.strip():
                continue
            year_text, _, value = raw.strip().partition(" ")
            try:
                year = FinancialYear.parse(year_text)
            except ValueError as error:
                raise forms.ValidationError(f"Line {number}: {error}") from None
            value = value.strip()
            if not value:
                raise forms.ValidationError(f"Line {number}: " + STEP_NEEDS_ONE.format(year=year.label))
            if year in seen:
                raise forms.ValidationError(STEP_YEAR_TWICE.format(year=year.label))
            seen.add(year)
            try:
                if value.endswith("%"):
                    percentage = parse_money(value.removesuffix("%"))
                    if not 0 <= percentage <= 100:
                        raise ValueError("a percentage is between 0% and 100%")
                    steps.append(PlannedStep(year, percentage, None))
                else:
                    steps.append(PlannedStep(year, None, parse_money(value)))
            except ValueError as error:
                raise forms.ValidationError(f"Line {number} ({year.label}): {error}") from None
        try:
            check_steps_have_a_base(steps, self.base_years)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["steps"]) from None
        return steps


class DeliveredSavingForm(GovukForm, forms.Form):
    layout = (Field("council"), Field.text("year", field_width=5), Field.text("amount", field_width=10))
    submit_label = "Record the saving"
    edits_a_record = True

    council = forms.ModelChoiceField(queryset=None, label="Council", empty_label=None)
    year = FinancialYearFormField(label="Financial year")
    amount = MoneyFormField(label="Saving delivered, in pounds")

    def __init__(self, *args, councils, **kwargs):
        self.councils = councils
        super().__init__(*args, **kwargs)

    def prepare(self):
        self.fields["council"].queryset = Council.objects.filter(pk__in=[c.pk for c in self.councils])

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount < 0:
            raise forms.ValidationError("A delivered saving cannot be negative; enter 0 if none was delivered.")
        return amount
