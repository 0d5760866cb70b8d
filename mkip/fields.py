"""Model fields for the product's units: money, FTE and financial years."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import models

from mkip.fiscal import FIRST_YEAR, LAST_YEAR, FinancialYear
from mkip.money import parse_money


class MoneyFormField(forms.DecimalField):
    """Pounds as officers type them: ``£1,250``, ``1250.50`` or ``(200)`` for a negative figure.

    The one money box of the product: the finance grid and capital spend, the staffing posts
    grid and every model form with a :class:`MoneyField`. Blank or only spaces is no amount
    (``None``, or "This field is required." when required). Negative figures are allowed unless
    ``min_value`` says otherwise; give ``error_messages={"min_value": ...}`` to say it in the
    page's own words, as the posts grid does ("Cost cannot be negative").

    A text box with a decimal keypad rather than ``type=number``, as the GOV.UK Design
    System advises: number inputs silently drop what they cannot parse.
    """

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {"inputmode": "decimal", "spellcheck": "false", "autocomplete": "off"}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        try:
            return parse_money(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


class MoneyField(models.DecimalField):
    """Pounds and pence: up to £999,999,999,999.99."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MoneyFormField, **kwargs})


class FteField(models.DecimalField):
    """Full-time equivalents to two decimal places (0.50 is a half-time post)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 6)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


class FinancialYearFormField(forms.Field):
    """A text box for ``2012/13``; cleans to a :class:`FinancialYear`.

    ``max_length`` limits the text typed (spaces either side aside) with Django's own message,
    checked before the year is read; the box's ``maxlength`` is that limit, or 9 (``2012/2013``).
    """

    widget = forms.TextInput
    default_error_messages = {"invalid": "Enter a financial year like 2012/13"}

    def __init__(self, *args, max_length=None, **kwargs):
        kwargs.setdefault("help_text", "For example, 2012/13")
        for integer_only in ("min_value", "max_value", "step_size"):
            kwargs.pop(integer_only, None)
        self.max_length = max_length
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.max_length or 9), "spellcheck": "false"}

    def prepare_value(self, value):
        if isinstance(value, int):
            return FinancialYear(value).label
        return str(value) if isinstance(value, FinancialYear) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, FinancialYear):
            return value
        text = str(value).strip()
        if not text:
            return None
        # On the text, not the year it becomes: a FinancialYear has no length.
        if self.max_length is not None:
            MaxLengthValidator(self.max_length)(text)
        ProhibitNullCharactersValidator()(text)
        try:
            return FinancialYear.parse(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


class FinancialYearField(models.PositiveSmallIntegerField):
    """Stores the year a financial year starts in; Python sees a :class:`FinancialYear`."""

    description = "UK financial year (1 April to 31 March)"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return None if value is None else FinancialYear(value)

    def to_python(self, value):
        if value is None or isinstance(value, FinancialYear):
            return value
        try:
            return FinancialYear.parse(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None

    def get_prep_value(self, value):
        if isinstance(value, FinancialYear):
            return value.start_year
        if isinstance(value, str) and value:
            return FinancialYear.parse(value).start_year
        return super().get_prep_value(value)

    def run_validators(self, value):
        super().run_validators(value.start_year if isinstance(value, FinancialYear) else value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.label

    def formfield(self, **kwargs):
        # Skip IntegerField.formfield: its min/max arguments do not fit a text field.
        return models.Field.formfield(self, **{"form_class": FinancialYearFormField, **kwargs})


def non_negative(field_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field_name}__gte": Decimal("0")}),
        name=f"%(app_label)s_%(class)s_{field_name}_not_negative",
        violation_error_message=f"{field_name.replace('_', ' ').capitalize()} cannot be negative.",
    )
