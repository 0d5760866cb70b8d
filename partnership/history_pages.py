"""The history page of a tracked record: each app lists its kinds of record, this draws the page.

Each app's ``history`` view is :func:`history_view` of its own :class:`HistoryKind` table, so
who may read a record's history is answered in ``partnership.permissions`` for every app alike.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst

from mkip.record_history import record_entries
from partnership.permissions import get_record_for_history


@dataclass(frozen=True)
class HistoryKind:
    """A kind of record with a history page: ``back`` gives the record's own page (address, name)."""

    model: type
    back: Callable
    partnership_paths: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    personal: bool = False


def history_url(namespace: str, kind: str, record) -> str:
    return reverse(f"{namespace}:record-history", kwargs={"kind": kind, "pk": record.pk})


def history_view(kinds: dict[str, HistoryKind]):
    """The view answering ``<app>/history/<kind>/<pk>/`` for the records ``kinds`` names."""

    def history(request, kind, pk):
        try:
            spec = kinds[kind]
        except KeyError:
            raise Http404("No such kind of record") from None
        record = get_record_for_history(
            request.user,
            spec.model,
            pk,
            partnership_paths=spec.partnership_paths,
            related=spec.related,
            personal=spec.personal,
        )
        back_url, back_text = spec.back(record)
        context = {
            "record": record,
            "kind": capfirst(spec.model._meta.verbose_name),
            "entries": record_entries(record),
            "back_url": back_url,
            "back_text": back_text,
        }
        return render(request, "mkip/history.html", context)

    return history
