from crispy_forms_gds.layout import Field
from django import forms

from mkip.forms import GovukForm
from partnership.models import Council


class CouncilSettingsForm(GovukForm, forms.ModelForm):
    layout = (Field.text("key_decision_threshold", field_width=10), Field.text("call_in_working_days", field_width=2))
    submit_label = "Save settings"
    edits_a_record = True

    class Meta:
        model = Council
        fields = ["key_decision_threshold", "call_in_working_days"]
        widgets = {"call_in_working_days": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})}
        labels = {
            "key_decision_threshold": "Key-decision threshold in pounds",
            "call_in_working_days": "Call-in period in working days",
        }


class ServiceHostForm(GovukForm, forms.Form):
    layout = (Field("host"),)
    submit_label = "Save host"
    edits_a_record = True

    host = forms.ModelChoiceField(
        queryset=Council.objects.all(),
        required=False,
        label="Host council",
        empty_label="No host",
        help_text="The host must be a current partner of the service.",
    )
