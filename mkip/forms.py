"""What every form of the product shares."""

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
