from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from partnership.models import Council


class CouncilSettingsForm(forms.ModelForm):
    class Meta:
        model = Council
        fields = ["key_decision_threshold", "call_in_working_days"]
        widgets = {"call_in_working_days": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})}
        labels = {
            "key_decision_threshold": "Key-decision threshold in pounds",
            "call_in_working_days": "Call-in period in working days",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("key_decision_threshold", field_width=10),
            Field.text("call_in_working_days", field_width=2),
            Submit("save", "Save settings"),
        )


class ServiceHostForm(forms.Form):
    host = forms.ModelChoiceField(
        queryset=Council.objects.all(),
        required=False,
        label="Host council",
        empty_label="No host",
        help_text="The host must be a current partner of the service.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("host"), Submit("save", "Save host"))
