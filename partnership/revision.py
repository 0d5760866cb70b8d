"""Tokens that change whenever a partnership's data changes, and a cache keyed by them.

Why: the board dashboard adds up every service of a partnership (finance statements, staffing
tables, gateways); at national scale that is work no request should repeat while nothing has
changed (bench/README.md). A cache with a timeout would show a board member figures an
officer has already corrected; this one cannot, because its keys carry the token of the data.

How the token keeps in step: a database execute wrapper, installed on every connection, sees
each INSERT, UPDATE and DELETE. After a write to a table of the four data apps it INSERTs a row
into the log ``partnership_datachange``, on the same connection and so in the same transaction:
a rolled-back write takes its row with it, and every way of writing (forms, services, bulk
imports, the admin, ``QuerySet.update``) is covered without each service having to remember.
The row carries the scope the running code declared, the partnership whose data it writes
(:func:`writing_for`, or :func:`writes_for` on a service). A write that declared nothing (the
admin, the shell, migrations, ``loaddata``) logs scope 0, "everything": it empties every
partnership's cache, which costs a recomputation but can never leave a page stale.

The token of partnership P, in one query on the ``(scope, id)`` index, over the rows of scope P
or 0: the sum of their weights, the largest id, and that row's random nonce.

- Every commit that wrote P's data adds rows of weight at least 1, so the sum rises at every such
  commit, even when ids commit out of order (which the largest id alone would miss), and never
  falls: committed rows are never removed except by compaction, which keeps the sum.
- A write to partnership Q adds no row P reads, so P's cached dashboard survives Q's writes.
- Compaction (:func:`compact`, ``manage.py compact_data_changes``, and by a reader once a scope
  passes :data:`COMPACT_AFTER` rows) replaces the committed rows of a scope by one new row
  carrying their total weight, in one transaction: the sum is unchanged and the new row changes
  the largest id, so the token changes once (a recomputation) and the log stays small.
- The nonce: a database restored from a backup goes on from the backup's rows, so its next sums
  and ids may be ones the cache has seen before the restore for other data; the new rows'
  nonces have not been.

Why a log rather than one shared row: the previous design UPDATEd one global row after every
write, so every writing transaction in the country queued on that row until the first committed,
one council's long import held up every other council, and a transaction that had taken the row
and then waited on a figure another writer had locked could deadlock. INSERTs take no lock that
another INSERT waits on (the id sequence hands out numbers without waiting), so writers never
queue on the log, and readers take no lock at all.

Costs, accepted: one small INSERT after each write statement (sent on the raw connection, so
query-count tests do not see it); reads cost one query for the token.
"""

import contextvars
import functools
import re
import uuid
from contextlib import contextmanager

from django.core.cache import cache
from django.db import OperationalError, connection, connections, transaction

from partnership.models import DataChange, Partnership

TABLE = "partnership_datachange"
DATA_TABLES = ("partnership_", "finance_", "staffing_", "governance_")
# Sign-ins update the user's last_login: not data any page adds up.
NOT_DATA = (TABLE, "partnership_user")
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?([A-Za-z0-9_]+)', re.IGNORECASE)
CACHE_SECONDS = 24 * 60 * 60
# A reader compacts once the rows it adds up pass this: a few thousand small rows sum in a
# millisecond on the index, and compaction is then rare.
COMPACT_AFTER = 2000

_scope: contextvars.ContextVar[int | None] = contextvars.ContextVar("partnership_revision_scope", default=None)


def changes_data(sql: str) -> bool:
    """>>> changes_data('UPDATE "finance_budgetfigure" SET "amount" = %s'), changes_data('SELECT 1')
    (True, False)
    >>> changes_data('UPDATE "partnership_user" SET "last_login" = %s')
    False"""
    match = WRITE.match(sql)
    return bool(match) and match.group(1).startswith(DATA_TABLES) and not match.group(1).startswith(NOT_DATA)


@contextmanager
def writing_for(*, partnership_id: int | None):
    """Writes inside are of this partnership's data only (None: of anything)."""
    reset = _scope.set(partnership_id)
    try:
        yield
    finally:
        _scope.reset(reset)


def partnership_of(record) -> int | None:
    """The partnership whose data ``record`` is: a partnership, a shared service, or anything of
    one service (``service_id``). None when it belongs to no one service (a council's decision)."""
    if record is None:
        return None
    if isinstance(record, Partnership):
        return record.pk
    if hasattr(record, "partnership_id"):
        return record.partnership_id
    if getattr(record, "service_id", None) is not None:
        return record.service.partnership_id
    return None


def writes_for(argument: str):
    """Decorate a service whose writes are all of the partnership of its keyword ``argument``."""

    def decorate(service):
        @functools.wraps(service)
        def scoped(*args, **kwargs):
            with writing_for(partnership_id=partnership_of(kwargs.get(argument))):
                return service(*args, **kwargs)

        return scoped

    return decorate


def log_change(raw_connection, scope: int, weight: int = 1) -> None:
    """Add a log row on ``raw_connection`` (the DB-API connection under Django's)."""
    nonce = uuid.uuid4().hex  # 32 hex digits: nothing in it can break out of the literal
    cursor = raw_connection.cursor()
    try:
        cursor.execute(
            f"INSERT INTO {TABLE} (scope, weight, nonce) VALUES ({int(scope)}, {int(weight)}, '{nonce}')"  # nosec B608 - integers and a hex literal
        )
    finally:
        cursor.close()


class _Migrations:
    running = False


def log_after_writes(execute, sql, params, many, context):
    """Execute wrapper: after a write to a data table, a log row in the same transaction."""
    result = execute(sql, params, many, context)
    if changes_data(sql) and not _Migrations.running:
        log_change(context["connection"].connection, _scope.get() or DataChange.GLOBAL)
    return result


def pause_for_migrations(sender, **kwargs):
    """``pre_migrate`` receiver: a migration may write before the log's table exists (or after an
    older one drops it), so writes during ``migrate`` are not logged one by one..."""
    _Migrations.running = True


def after_migrations(sender, using, **kwargs):
    """``post_migrate`` receiver: ...and one change of everything is logged once they have run."""
    _Migrations.running = False
    target = connections[using]
    if TABLE in target.introspection.table_names():
        with transaction.atomic(using=using):
            log_change(target.connection, DataChange.GLOBAL)


def install(sender, connection, **kwargs):
    """``connection_created`` receiver: wrap every new connection once."""
    if log_after_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(log_after_writes)


# One query each: the weight, rows and largest id of the wanted scopes, and the nonce of that row.
TOKEN_OF_ALL = (
    "SELECT COALESCE(SUM(weight), 0), COUNT(*), MAX(id),"
    " (SELECT nonce FROM partnership_datachange ORDER BY id DESC LIMIT 1)"
    " FROM partnership_datachange"
)
TOKEN_OF_SLUG = (
    "SELECT COALESCE(SUM(weight), 0), COUNT(*), MAX(id),"
    " (SELECT nonce FROM partnership_datachange"
    "  WHERE scope IN (0, (SELECT id FROM partnership_partnership WHERE slug = %s)) ORDER BY id DESC LIMIT 1)"
    " FROM partnership_datachange WHERE scope IN (0, (SELECT id FROM partnership_partnership WHERE slug = %s))"
)


def _read(partnership: str | None) -> tuple[str | None, int]:
    with connection.cursor() as cursor:
        if partnership is None:
            cursor.execute(TOKEN_OF_ALL)
        else:
            cursor.execute(TOKEN_OF_SLUG, [partnership, partnership])
        weight, rows, last, nonce = cursor.fetchone()
    if last is None:
        return None, 0
    return f"{weight}.{last}.{nonce}", rows


def current_token(partnership: str | None = None) -> str | None:
    """The token now of the partnership with this slug (None: of all the data). One query; None if
    nothing has ever been written (a flushed database), which :func:`cached` never caches under.

    A reader that finds too many rows compacts them first, unless it is inside a transaction
    (where compaction's locks would last as long as the caller's)."""
    token, rows = _read(partnership)
    if rows > COMPACT_AFTER and not connection.in_atomic_block:
        try:
            compact(partnership)
        except OperationalError:
            return token  # lost a race with another writer (SQLite): the next reader compacts
        token, _ = _read(partnership)
    return token


def compact(partnership: str | None = None) -> int:
    """Replace the committed rows of the partnership's scope and of scope 0 (of every scope when
    None) by one row each carrying their weight. Returns how many rows went.

    Rows another compaction holds are skipped (SKIP LOCKED), so two at once never count a row twice."""
    scopes = DataChange.objects.all()
    if partnership is not None:
        wanted = Partnership.objects.filter(slug=partnership).values_list("pk", flat=True)
        scopes = scopes.filter(scope__in=[DataChange.GLOBAL, *wanted])
    removed = 0
    for scope in sorted(set(scopes.values_list("scope", flat=True))):
        removed += _compact_scope(scope)
    return removed


@transaction.atomic
def _compact_scope(scope: int) -> int:
    rows = list(
        DataChange.objects.select_for_update(skip_locked=True)
        .filter(scope=scope)
        .order_by("id")
        .values_list("id", "weight")
    )
    if len(rows) < 2:
        return 0
    deleted, _ = DataChange.objects.filter(id__in=[row_id for row_id, _ in rows]).delete()
    DataChange.objects.create(scope=scope, weight=sum(weight for _, weight in rows), nonce=uuid.uuid4().hex)
    return deleted - 1


def cached(key: str, compute, *, partnership: str | None = None):
    """``compute()``, or what it returned before under the same key and the same data (of the
    partnership with slug ``partnership``, or of all the data)."""
    token = current_token(partnership)
    if token is None:
        return compute()
    full_key = f"mkip:{key}:{token}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, CACHE_SECONDS)
    return value
