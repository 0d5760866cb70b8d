from crispy_forms_gds.layout import Field
from django import forms

from governance.models import BenefitReport, OperationalAction
from mkip.fields import FinancialYearFormField
from mkip.forms import GovukForm


class BenefitReportForm(GovukForm, forms.ModelForm):
    layout = (
        Field.text("year", field_width=5),
        Field.text("quarter", field_width=2),
        Field.text("benefit"),
        Field.text("target"),
        Field.textarea("delivered", rows=4),
        Field.text("owner", field_width=20),
        Field.radios("rating", inline=True),
    )
    submit_label = "Save the report"
    year = FinancialYearFormField(label="Financial year")

    class Meta:
        model = BenefitReport
        fields = ["year", "quarter", "benefit", "target", "delivered", "owner", "rating"]
        labels = {"quarter": "Quarter (1 to 4)", "target": "What the business case expected by now"}
        widgets = {
            "quarter": forms.TextInput(attrs={"inputmode": "numeric"}),
            "rating": forms.RadioSelect,
        }

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.service = service

    def validate_unique(self):
        # The service is set above, so the one-report-per-quarter rule is checked here, beside the form.
        try:
            # Not on fields that already failed: a 300-digit quarter would reach the database's
            # constraint check and overflow it.
            self.instance.validate_constraints(exclude=set(self.errors))
        except forms.ValidationError as error:
            self._update_errors(error)


class ActionUpdateForm(GovukForm, forms.ModelForm):
    layout = (Field.radios("status"), Field.radios("rating", inline=True), Field.textarea("note", rows=3))
    submit_label = "Save the action"
    edits_a_record = True

    class Meta:
        model = OperationalAction
        fields = ["status", "rating", "note"]
        widgets = {"status": forms.RadioSelect, "rating": forms.RadioSelect}
