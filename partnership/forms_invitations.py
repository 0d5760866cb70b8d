"""Forms to give someone a role, to invite someone to a partnership and, from the emailed link,
to set a password."""

from crispy_forms_gds.layout import Field
from django import forms

from mkip.forms import GovukForm
from partnership.models import Council, Role, SharedService


class RoleForm(GovukForm, forms.Form):
    """A role and its scope, offered only as far as the person filling it in may grant."""

    layout = (Field("role"), Field("council"), Field("headed_service"))
    submit_label = "Change the role"
    edits_a_record = True

    role = forms.ChoiceField(label="Role")
    council = forms.ModelChoiceField(
        queryset=Council.objects.none(),
        required=False,
        label="Council",
        empty_label="None",
        help_text="For a council officer, democratic services officer or council administrator.",
    )
    headed_service = forms.ModelChoiceField(
        queryset=SharedService.objects.none(),
        required=False,
        label="Shared service they lead",
        empty_label="None",
        help_text="For a head of service.",
    )

    def __init__(self, *args, partnership, roles, councils, **kwargs):
        self.partnership, self.roles, self.councils = partnership, roles, councils
        super().__init__(*args, **kwargs)

    def prepare(self):
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in self.roles]
        self.fields["council"].queryset = self.councils
        self.fields["headed_service"].queryset = self.partnership.services.order_by("name")


class InvitationForm(RoleForm):
    layout = (Field.text("email"), Field("role"), Field("council"), Field("headed_service"))
    submit_label = "Send the invitation"
    edits_a_record = False

    email = forms.EmailField(label="Email address", widget=forms.EmailInput(attrs={"spellcheck": "false"}))
    field_order = ["email", "role", "council", "headed_service"]


class AcceptInvitationForm(GovukForm, forms.Form):
    submit_label = "Set my password"

    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 9 characters, not all numbers and not a common password.",
    )
    password_again = forms.CharField(
        label="Password again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password")
            and cleaned.get("password_again")
            and cleaned["password"] != cleaned["password_again"]
        ):
            self.add_error("password_again", "The two passwords are not the same: enter the same password twice.")
        return cleaned
