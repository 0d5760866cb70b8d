"""Every change to a tracked record leaves a history row: the record as it became, who, when and how.

The rows are django-simple-history's: :func:`tracked` gives a model its ``history`` (a
``HistoricalRecords`` whose rows also say *how* the change was made), and a row is written on
every ``save()`` and ``delete()``. Who is the signed-in person (simple-history's
``HistoryRequestMiddleware``); how is :class:`How`, set for a whole request by
:class:`HowMiddleware` (a form, or the admin) and for a block of code by :func:`recording`
(imports, seed loaders); anything else is a system change.

Why simple-history rather than database triggers (django-pghistory): triggers need PostgreSQL,
and this app runs on SQLite (the demo) and PostgreSQL (production) alike.

simple-history sees model signals only, so ``QuerySet.update()``, ``bulk_create()`` and
``bulk_update()`` would write without history. A tracked model's QuerySet is therefore
:class:`TrackedQuerySet`, whose versions of those three write the history rows themselves, in
the same transaction. Why write rather than refuse: a refusal shows up only when that code path
runs, in production perhaps, while writing the rows keeps the history complete whoever calls;
the cost is one read of the changed rows and one insert of their history per call. Code that
writes the rows itself (simple-history's ``bulk_*_with_history``) goes through this module's
:func:`bulk_create_with_history` and :func:`bulk_update_with_history`, which tell the QuerySet so,
and each change is recorded once.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models, transaction
from simple_history import utils
from simple_history.models import HistoricalRecords


class How(models.TextChoices):
    FORM = "form", "Form"
    IMPORT = "import", "Import"
    ADMIN = "admin", "Administration"
    SEED = "seed", "Seed data"
    SYSTEM = "system", "System"


_how: ContextVar[str] = ContextVar("history_how", default=How.SYSTEM)
_caller_writes_history: ContextVar[bool] = ContextVar("caller_writes_history", default=False)


def current_how() -> str:
    """How the change being saved now is made (the default of every history row's ``how``)."""
    return str(_how.get())


@contextmanager
def recording(*, how: str) -> Iterator[None]:
    """Label every history row written inside the block with ``how``."""
    token = _how.set(How(how))
    try:
        yield
    finally:
        _how.reset(token)


class HistoryHow(models.Model):
    """The base of every history model: how the change was made."""

    how = models.CharField(max_length=8, choices=How.choices, default=current_how)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        # Who and why are unknown for a change no person made (a seed loader, the system).
        super().clean_fields(exclude={*(exclude or ()), "history_user", "history_change_reason"})


def tracked(**options) -> HistoricalRecords:
    """The ``history`` of a tracked model; ``options`` as simple-history's (``excluded_fields``...)."""
    return HistoricalRecords(bases=[HistoryHow], **options)


def is_tracked(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def _history(model):
    return utils.get_history_manager_for_model(model)


class TrackedQuerySet(models.QuerySet):
    """A QuerySet of a tracked model: its bulk writes record history as ``save()`` does."""

    def update(self, **kwargs):
        if _caller_writes_history.get() or not is_tracked(self.model):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            if pks:
                changed = list(self.model._base_manager.using(self.db).filter(pk__in=pks))
                _history(self.model).bulk_history_create(changed, update=True)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        if _caller_writes_history.get() or not is_tracked(self.model):
            return super().bulk_create(objs, *args, **kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            with_pk = [obj for obj in created if obj.pk is not None]
            if len(with_pk) < len(created):
                raise NotImplementedError(
                    "bulk_create() of a tracked model needs the new rows' keys back to write their history."
                )
            _history(self.model).bulk_history_create(with_pk)
        return created


def bulk_create_with_history(objs, model, **options):
    """simple-history's ``bulk_create_with_history``, its history rows written once."""
    token = _caller_writes_history.set(True)
    try:
        return utils.bulk_create_with_history(list(objs), model, **options)
    finally:
        _caller_writes_history.reset(token)


def bulk_update_with_history(objs, model, fields, **options):
    """simple-history's ``bulk_update_with_history``, its history rows written once."""
    token = _caller_writes_history.set(True)
    try:
        return utils.bulk_update_with_history(list(objs), model, fields, **options)
    finally:
        _caller_writes_history.reset(token)


class HowMiddleware:
    """Changes made while answering a request are made by a form, or in the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _how.set(How.FORM)
        try:
            return self.get_response(request)
        finally:
            _how.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is not None and "admin" in match.namespaces:
            _how.set(How.ADMIN)
