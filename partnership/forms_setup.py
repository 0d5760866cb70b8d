"""Forms of the partnership set-up: its name, and its member councils (an existing council or a new one)."""

from crispy_forms_gds.layout import Field, Fieldset
from django import forms

from mkip.forms import GovukForm
from partnership.models import Council, Partnership, PartnershipMember

NAME_THE_NEW_COUNCIL = "Choose a council, or enter the new council's name"
NEW_COUNCIL_NEEDS = "Enter the new council's {what}"


class PartnershipNameForm(GovukForm, forms.ModelForm):
    layout = (Field.text("name"), Field.text("short_name", field_width=10), Field.text("board_name"))
    submit_label = "Save and return to the task list"
    edits_a_record = True

    class Meta:
        model = Partnership
        fields = ["name", "short_name", "board_name"]
        labels = {"name": "Partnership name", "short_name": "Short name", "board_name": "Name of its board"}


class MemberAddForm(GovukForm, forms.Form):
    """Pick a council already on the national list, or add a new one; then its join and leave dates."""

    submit_label = "Add the member council"

    council = forms.ModelChoiceField(
        queryset=Council.objects.none(),
        required=False,
        label="An existing council",
        empty_label="A new council (enter its details below)",
    )
    name = forms.CharField(label="New council's name", max_length=120, required=False)
    code = forms.CharField(
        label="New council's short code", max_length=8, required=False, help_text="2 to 8 capital letters, like MBC"
    )
    gss_code = forms.CharField(
        label="New council's ONS GSS code", max_length=9, required=False, help_text="For example, E07000110"
    )
    kind = forms.ChoiceField(
        label="New council's kind", choices=Council.Kind.choices, initial=Council.Kind.DISTRICT, required=False
    )
    key_decision_threshold = forms.DecimalField(
        label="New council's key-decision threshold in pounds", max_digits=14, decimal_places=2, required=False
    )
    joined = forms.DateField(label="Date it joined", help_text="For example, 01/04/2012")
    left = forms.DateField(label="Date it left", required=False, help_text="Leave blank while it is still a member")

    layout = (
        Field("council"),
        Fieldset(
            Field.text("name"),
            Field.text("code", field_width=10),
            Field.text("gss_code", field_width=10),
            Field("kind"),
            Field.text("key_decision_threshold", field_width=10),
            legend="Or a new council",
        ),
        Field.text("joined", field_width=10),
        Field.text("left", field_width=10),
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        current = PartnershipMember.objects.filter(partnership=partnership, left__isnull=True)
        self.fields["council"].queryset = Council.objects.exclude(pk__in=current.values("council")).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("council") is None and "council" not in self.errors:
            if not data.get("name"):
                self.add_error("name", NAME_THE_NEW_COUNCIL)
            if not data.get("code"):
                self.add_error("code", NEW_COUNCIL_NEEDS.format(what="short code"))
            if data.get("key_decision_threshold") is None:
                self.add_error("key_decision_threshold", NEW_COUNCIL_NEEDS.format(what="key-decision threshold"))
        return data
