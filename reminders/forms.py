from django import forms

from mkip.forms import GovukForm
from reminders.models import Delivery
from reminders.registry import kind_choices


class PreferencesForm(GovukForm, forms.Form):
    submit_label = "Save reminder settings"
    edits_a_record = True

    delivery = forms.ChoiceField(
        label="How would you like your reminders?",
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like your reminders"},
    )
    wanted = forms.MultipleChoiceField(
        label="Which reminders would you like?",
        help_text="Untick a kind to stop it. You are only sent those about your own work.",
        choices=kind_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
