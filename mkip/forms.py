"""What every form of the product shares."""

from django import forms
from django.forms.utils import pretty_name
from django.utils.text import capfirst

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
