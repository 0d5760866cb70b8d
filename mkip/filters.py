import django_filters
from django import forms


class GovukFilterSet(django_filters.FilterSet):
    """Filters drawn with GOV.UK Design System classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            css = "govuk-select" if isinstance(widget, forms.Select) else "govuk-input"
            widget.attrs["class"] = f"{css} app-filter__control"
