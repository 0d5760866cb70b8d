"""What every form of the product shares."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.forms.utils import pretty_name
from django.utils.text import capfirst

from mkip.periods import FIRST_DATE, LAST_DATE, in_range

DJANGO_REQUIRED = forms.Field.default_error_messages["required"]
CHOSEN = (forms.ChoiceField, forms.ModelChoiceField, forms.FileField, forms.BooleanField)


def name_what_is_missing(form: forms.BaseForm) -> None:
    """Give each required field a message that names it ("Enter the date of decision"), in place of
    Django's "This field is required.", which says nothing in an error summary at the top of a page
    (GOV.UK Design System, error message guidance). Messages a form already words are kept."""
    for name, field in form.fields.items():
        if field.error_messages.get("required") != DJANGO_REQUIRED:
            continue
        label = str(field.label or pretty_name(name))
        what = label if label.isupper() else label[0].lower() + label[1:]
        verb = "Choose" if isinstance(field, CHOSEN) else "Enter"
        field.error_messages = {**field.error_messages, "required": capfirst(f"{verb} the {what}")}


def bound_dates(form: forms.BaseForm) -> None:
    """Refuse a date before 1900 or after 2100 in every date box of ``form``, naming the box.

    Django parses 31/12/9999 happily, and a calculation from it (a call-in period) then runs past
    the last date Python has: a server error. The message names the field because it shows in
    the error summary too.
    """
    for name, field in form.fields.items():
        if not isinstance(field, forms.DateField):
            continue
        label = str(field.label or pretty_name(name))
        message = f"{capfirst(label)} must be a date from {FIRST_DATE.year} to {LAST_DATE.year}"

        def validate(day, message=message):
            if day is not None and not in_range(day):
                raise forms.ValidationError(message, code="date_range")

        field.validators = [*field.validators, validate]


LOADED_VERSION = "loaded_version"


class GovukForm:
    """What every form of the product shares, mixed in before ``forms.Form`` or ``forms.ModelForm``.

    A form names its ``layout`` (crispy-forms-gds layout objects or field names; every field in
    order when empty) and ``submit_label``; the base words each missing field's message, bounds
    every date box and builds the GOV.UK helper. An edit form sets ``edits_a_record`` and gets
    the hidden loaded version (:mod:`mkip.stale`), given as ``loaded_version=`` when the page is
    rendered and read back with :meth:`loaded_version` when it is posted.
    """

    layout: tuple = ()
    submit_label = "Save"
    submit_name = "save"
    edits_a_record = False

    def __init__(self, *args, loaded_version: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare()
        if self.edits_a_record:
            self.fields[LOADED_VERSION] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=loaded_version, max_length=200
            )
        name_what_is_missing(self)
        bound_dates(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        items = list(self.layout or [name for name in self.fields if name != LOADED_VERSION])
        if self.edits_a_record:
            items.append(LOADED_VERSION)
        self.helper.layout = Layout(*items, Submit(self.submit_name, self.submit_label))

    def prepare(self) -> None:
        """Change the fields once they exist, before the messages are worded (labels, hints, choices)."""

    def loaded_version(self) -> str | None:
        """The version the person loaded, or None when the post carried none (a script's), so nothing is compared."""
        return self.cleaned_data.get(LOADED_VERSION) or None

    def entered(self) -> dict:
        """What the person entered, without the loaded version."""
        return {name: value for name, value in self.cleaned_data.items() if name != LOADED_VERSION}

    def refuse_as_stale(self, error) -> None:
        """Show a :class:`mkip.stale.StaleRecord` above the person's own entries, which stay as typed."""
        self.add_error(None, error.message)
        self.stale = error
        # Saving again from this page saves over the change it now shows; the entries stay as typed.
        self.data = self.data.copy()
        self.data[self.add_prefix(LOADED_VERSION)] = error.current_version
