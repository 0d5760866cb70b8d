"""What every administration page of a tracked record shares: it refuses a stale save, as the forms do.

:class:`RefuseStaleSaves` goes before ``admin.ModelAdmin`` in the admin of every tracked model.
The change form carries the record's loaded version (:mod:`mkip.stale`); a save made after
someone else saved the record is refused with their change named, and nothing is saved. The
admin validates a form inside its transaction, so the row is locked from the check to the write.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError

from mkip.forms import LOADED_VERSION
from mkip.history import is_tracked
from mkip.stale import StaleRecord, record_version, refuse_if_record_stale


def _with_loaded_version(form_class, version: str):
    def clean(self):
        cleaned = super(checked, self).clean()
        try:
            refuse_if_record_stale(record=self.instance, loaded_version=cleaned.get(LOADED_VERSION) or None)
        except StaleRecord as error:
            # Saving again from this page saves over the change the message shows.
            self.data = self.data.copy()
            self.data[self.add_prefix(LOADED_VERSION)] = error.current_version
            raise ValidationError(error.message) from None
        return cleaned

    field = forms.CharField(required=False, widget=forms.HiddenInput, initial=version, max_length=200)
    checked = type(form_class.__name__, (form_class,), {LOADED_VERSION: field, "clean": clean})
    return checked


class RefuseStaleSaves:
    """A ModelAdmin mixin: the change form of a tracked record refuses a save made after someone else's."""

    def _checks_versions(self, obj) -> bool:
        return obj is not None and obj.pk is not None and is_tracked(type(obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._checks_versions(obj):
            kwargs["form"] = _with_loaded_version(kwargs.get("form", self.form), record_version(obj))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if not self._checks_versions(obj) or LOADED_VERSION in flatten_fieldsets(fieldsets):
            return fieldsets
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": (*options["fields"], LOADED_VERSION)})
        return fieldsets


class TrackedAdmin(RefuseStaleSaves, admin.ModelAdmin):
    """The admin of a tracked model that needs nothing else."""
