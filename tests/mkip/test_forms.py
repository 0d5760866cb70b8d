"""Error messages that name the field, so an error summary at the top of a page says what is missing."""

from django import forms

from mkip.forms import name_what_is_missing


class Example(forms.Form):
    decided_on = forms.DateField(label="Date of decision")
    maker = forms.ChoiceField(label="Decision maker", choices=[("cabinet", "Cabinet")])
    file = forms.FileField()
    code = forms.CharField(label="FTE", error_messages={"required": "Enter the code from your app"})
    notes = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_what_is_missing(self)


def test_a_missing_field_is_named_in_its_message():
    errors = Example({}).errors
    assert errors["decided_on"] == ["Enter the date of decision"]
    assert errors["maker"] == ["Choose the decision maker"]
    assert errors["file"] == ["Choose the file"]


def test_a_message_the_form_already_words_is_kept():
    assert Example({}).errors["code"] == ["Enter the code from your app"]


def test_other_forms_keep_djangos_messages():
    class Plain(forms.Form):
        name = forms.CharField()

    Example({})
    assert Plain({}).errors["name"] == ["This field is required."]
