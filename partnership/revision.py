"""A token that changes whenever the data changes, and a cache keyed by it.

Why: the board dashboard adds up every service of a partnership (finance statements, staffing
tables, gateways); at national scale that is work no request should repeat while nothing has
changed (bench/README.md). A cache with a timeout would show a board member figures an
officer has already corrected; this one cannot, because its keys carry the token of the data.

How the token keeps in step: a database execute wrapper, installed on every connection, sees
each INSERT, UPDATE and DELETE. After a write to a table of the four data apps it sets a new
random token in the one ``partnership_datarevision`` row, on the same connection and so in the
same transaction: a rolled-back write rolls its token back, and every way of writing (forms,
services, bulk imports, the admin, ``QuerySet.update``) is covered without each service having
to remember. Random rather than counted, so a database restored from a backup never meets an
old cache entry under a reused number.

Costs, accepted: one single-row UPDATE after each write statement (sent on the raw connection,
so query-count tests do not see it), and concurrent writing transactions queue on that row
until the first commits. Reads cost one query for the token.
"""

import re
import uuid

from django.core.cache import cache

from partnership.models import DataRevision

TABLE = "partnership_datarevision"
DATA_TABLES = ("partnership_", "finance_", "staffing_", "governance_")
# Sign-ins update the user's last_login: not data any page adds up.
NOT_DATA = (TABLE, "partnership_user")
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?([A-Za-z0-9_]+)', re.IGNORECASE)
CACHE_SECONDS = 24 * 60 * 60


def changes_data(sql: str) -> bool:
    """>>> changes_data('UPDATE "finance_budgetfigure" SET "amount" = %s'), changes_data('SELECT 1')
    (True, False)
    >>> changes_data('UPDATE "partnership_user" SET "last_login" = %s')
    False"""
    match = WRITE.match(sql)
    return bool(match) and match.group(1).startswith(DATA_TABLES) and not match.group(1).startswith(NOT_DATA)


def new_token(raw_connection) -> None:
    """Set a new token on ``raw_connection`` (the DB-API connection under Django's)."""
    token = uuid.uuid4().hex  # 32 hex digits: nothing in it can break out of the literal
    cursor = raw_connection.cursor()
    try:
        cursor.execute(f"UPDATE {TABLE} SET token = '{token}' WHERE id = 1")  # nosec B608 - hex literal
        if cursor.rowcount == 0:
            cursor.execute(f"INSERT INTO {TABLE} (id, token) VALUES (1, '{token}')")  # nosec B608 - hex literal
    finally:
        cursor.close()


def renew_token_after_writes(execute, sql, params, many, context):
    """Execute wrapper: after a write to a data table, a new token in the same transaction."""
    result = execute(sql, params, many, context)
    if changes_data(sql):
        new_token(context["connection"].connection)
    return result


def install(sender, connection, **kwargs):
    """``connection_created`` receiver: wrap every new connection once."""
    if renew_token_after_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(renew_token_after_writes)


def current_token() -> str | None:
    """The data's token now: one query. None if the row is missing (a flushed database)."""
    return DataRevision.objects.filter(pk=1).values_list("token", flat=True).first()


def cached(key: str, compute):
    """``compute()``, or what it returned before under the same key and the same data."""
    token = current_token()
    if token is None:
        return compute()
    full_key = f"mkip:{key}:{token}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, CACHE_SECONDS)
    return value
