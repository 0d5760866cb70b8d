"""Refuse a save made from a page someone else has saved since it was opened.

A form carries the *loaded version* of what it edits: the id of the record's latest history row
when the page was rendered (0 when it has none), or for a page editing several records (a plan
and its steps) one id per history table, joined by "-". A service locks the rows it changes and
calls :func:`refuse_if_stale` inside its transaction; if the version now differs, nothing is
saved and :class:`StaleRecord` says who changed what since, for the page to show above the
person's own entries.
"""

from django.db.models import Max

from mkip.record_history import Entry, entries_from_rows, format_moment, rows_of

NOT_SAVED = "Your changes are below, not saved: check them and save again."


class StaleRecord(Exception):
    """Someone saved after the page was opened; ``entries`` are their changes, newest first."""

    def __init__(self, entries: list[Entry], current_version: str = ""):
        self.entries = entries
        self.current_version = current_version
        super().__init__(self.message)

    @property
    def message(self) -> str:
        changes = " ".join(
            f"{entry.who} changed this on {format_moment(entry.when)}, after you opened it: {entry.summary}."
            for entry in self.entries
        )
        return f"{changes or 'Someone changed this after you opened it.'} {NOT_SAVED}"


def version_of(*histories) -> str:
    """The version of the records whose history rows are ``histories`` (querysets): one query each."""
    return "-".join(str(history.aggregate(latest=Max("history_id"))["latest"] or 0) for history in histories)


def many(history) -> bool:
    """Whether ``history`` holds the rows of more than one record, so each change must say which."""
    pk_name = history.model.instance_type._meta.pk.attname
    return history.values(pk_name).distinct().count() > 1


def _loaded_ids(loaded: str, count: int) -> list[int]:
    parts = str(loaded).split("-")
    ids = [int(part) if part.isdigit() else 0 for part in parts]
    return (ids + [0] * count)[:count]


def refuse_if_stale(*, loaded_version: str | None, histories, lock=None) -> None:
    """Raise :class:`StaleRecord` unless ``histories`` are at ``loaded_version``.

    ``lock``, a queryset of the rows about to change, is locked first (``select_for_update``) so
    nobody can save between this check and the caller's write. ``loaded_version`` None means the
    caller edits without a page (a script), which nothing can have overtaken.
    """
    if lock is not None:
        list(lock.select_for_update())
    if loaded_version is None:
        return
    histories = list(histories)
    current = version_of(*histories)
    if current == str(loaded_version):
        return
    entries = []
    for history, loaded_id in zip(histories, _loaded_ids(loaded_version, len(histories)), strict=True):
        newer = entries_from_rows(history.model, rows_of(history), name_records=len(histories) > 1 or many(history))
        entries += [entry for entry in newer if entry.version > loaded_id]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    raise StaleRecord(entries, current)


def record_version(record) -> str:
    """The loaded version of one tracked record (0 for one not saved yet)."""
    return version_of(record.history.all()) if record.pk else "0"


def refuse_if_record_stale(*, record, loaded_version: str | None) -> None:
    """:func:`refuse_if_stale` for one saved record, its row locked."""
    if record.pk is None:
        return
    model = type(record)
    refuse_if_stale(
        loaded_version=loaded_version,
        histories=[record.history.all()],
        lock=model._base_manager.filter(pk=record.pk),
    )
