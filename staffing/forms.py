"""The posts grid: one plain form per row, so that no field reads the database per row.

Team and council choices are read once by the view and handed to every row; a model
formset would instead query its ModelChoiceFields row by row.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from mkip.fields import MoneyFormField
from staffing.establishment import MAX_LINE_FTE
from staffing.models import MIN_FTE
from staffing.services import PostRow

HOST = "host"
FTE_MESSAGE = f"Enter FTE between {MIN_FTE} and {MAX_LINE_FTE}, like 1.00 or 0.50"


class FteFormField(forms.DecimalField):
    """Django's DecimalField lets "NaN" and "sNaN" through to_python, and comparing a signalling
    NaN in has_changed() raises; refuse anything that is not a finite number up front.

    A text box with a decimal keypad, as the money boxes are: a ``type=number`` box silently drops
    what it cannot read, so a mistyped FTE would be saved as blank instead of named in an error.
    """

    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {"inputmode": "decimal", "spellcheck": "false", "autocomplete": "off"}

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class PostRowForm(forms.Form):
    post_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    team = forms.TypedChoiceField(coerce=int, error_messages={"required": "Choose a team"})
    council = forms.ChoiceField(error_messages={"required": "Choose the employing council"})
    grade = forms.CharField(max_length=40, error_messages={"required": "Enter a grade"})
    fte = FteFormField(
        label="FTE",
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(MIN_FTE), MaxValueValidator(MAX_LINE_FTE)],
        error_messages={
            "required": "Enter the FTE",
            "invalid": FTE_MESSAGE,
            "min_value": FTE_MESSAGE,
            "max_value": FTE_MESSAGE,
            "max_decimal_places": "Enter FTE to at most 2 decimal places",
        },
    )
    cost = MoneyFormField(
        label="Cost in pounds",
        min_value=Decimal("0"),
        error_messages={"required": "Enter the yearly cost", "min_value": "Cost cannot be negative"},
    )
    vacant = forms.BooleanField(required=False)

    def __init__(self, *args, team_choices=(), council_choices=(), teams=None, councils=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "Choose a team"), *team_choices]
        self.fields["council"].choices = [("", "Choose a council"), *council_choices]
        self.teams, self.councils = teams or {}, councils or {}
        for name in ("grade", "fte", "cost"):
            self.fields[name].widget.attrs["class"] = "govuk-input app-grid__input"
        self.fields["fte"].widget.attrs["class"] += " app-grid__input--fte app-numeric"
        # The grid's script formats a money cell as the page shows money; the server reads it back.
        self.fields["cost"].widget.attrs.update(
            {"class": "govuk-input app-grid__input app-numeric", "data-grid-money": ""}
        )
        for name in ("team", "council"):
            self.fields[name].widget.attrs["class"] = "govuk-select app-grid__input"

    def as_row(self) -> PostRow:
        data = self.cleaned_data
        council = None if data["council"] == HOST else self.councils[int(data["council"])]
        return PostRow(
            post_id=data.get("post_id"),
            version=data.get("version"),
            team=self.teams[data["team"]],
            council=council,
            grade=data["grade"],
            fte=data["fte"],
            cost=data["cost"] if data["cost"] is not None else Decimal("0"),
            vacant=data["vacant"],
        )


class BasePostFormSet(forms.BaseFormSet):
    def rows(self) -> list[PostRow]:
        """The rows to save: removed posts (whatever else their cells hold), edited and new ones.

        ``row_forms`` keeps the form of each row, so the service's errors by row go beside its cells.
        """
        rows, self.row_forms = [], []
        for form in self.forms:
            if self._should_delete_form(form):
                post_id = form.cleaned_data.get("post_id")
                if post_id:
                    self.row_forms.append(form)
                    rows.append(
                        PostRow(
                            team=None,
                            council=None,
                            grade="",
                            fte=0,
                            cost=0,
                            post_id=post_id,
                            version=form.cleaned_data.get("version"),
                            delete=True,
                        )
                    )
            elif form.cleaned_data:
                self.row_forms.append(form)
                rows.append(form.as_row())
        return rows


def post_formset_class(extra_rows: int):
    """A formset class per request: the number of blank rows is the user's choice, not shared state."""
    return forms.formset_factory(PostRowForm, formset=BasePostFormSet, extra=extra_rows, can_delete=True)


def extra_rows(requested: str, *, can_add: bool) -> int:
    """Blank rows to offer: ``?add=5`` asks for five (at most 50); one by default.

    >>> extra_rows("5", can_add=True), extra_rows("lots", can_add=True), extra_rows("5", can_add=False)
    (5, 1, 0)
    """
    if not can_add:
        return 0
    return min(int(requested), 50) if requested.isdigit() else 1
