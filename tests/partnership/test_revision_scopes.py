"""Each partnership's token moves only with its own data (and with writes that declare none),
writers of different partnerships never wait on each other, and compaction keeps the log small
without a token ever repeating for different data."""

import random
import threading
import uuid
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from finance.models import BudgetFigure, ChangePath
from finance.services import save_grid
from governance.services import risk_record
from partnership.models import DataChange
from partnership.revision import COMPACT_AFTER, cached, compact, current_token, writing_for
from tests.factories import PartnershipFactory, budget_grid
from tests.factories import shared_service_with_partners as shared

WAIT = 10  # seconds a thread waits for the other before the test gives up


@pytest.fixture
def two(maidstone, swale):
    """Partnerships A and B, one service each, one budget line each."""
    a = shared(maidstone, partnership=PartnershipFactory(slug="a"), slug="a-service")
    b = shared(swale, partnership=PartnershipFactory(slug="b"), slug="b-service")
    [line_a] = budget_grid(a, maidstone, lines=1)
    [line_b] = budget_grid(b, swale, lines=1)
    return (a, maidstone, line_a), (b, swale, line_b)


def save(service, council, line, amount: str):
    figure = BudgetFigure.objects.get(line=line)
    key = (line.pk, figure.year.start_year, figure.kind)
    return save_grid(
        user=None,
        service=service,
        council=council,
        programme="revenue",
        cells={key: Decimal(amount)},
        loaded_versions={key: figure.version},
        path=ChangePath.FORM,
    )


@pytest.mark.django_db
def test_a_grid_save_in_partnership_a_leaves_partnership_bs_token_and_cache_alone(two):
    (a, maidstone, line_a), _ = two
    before_a, before_b = current_token("a"), current_token("b")
    calls = []
    cached("page", lambda: calls.append(1) or len(calls), partnership="b")
    save(a, maidstone, line_a, "1234.00")
    assert current_token("a") != before_a
    assert current_token("b") == before_b
    cached("page", lambda: calls.append(1) or len(calls), partnership="b")
    assert len(calls) == 1  # B's page answered from the cache


@pytest.mark.django_db
def test_a_write_that_declares_no_partnership_changes_every_partnerships_token(two):
    (_, _, line_a), _ = two
    before_a, before_b, before_all = current_token("a"), current_token("b"), current_token()
    BudgetFigure.objects.filter(line=line_a).update(amount=Decimal("1"))  # as from the shell
    assert current_token("a") != before_a
    assert current_token("b") != before_b
    assert current_token() != before_all


@pytest.mark.django_db
def test_a_write_declared_for_a_changes_only_as_token_and_the_whole_datas(two):
    (a, _, line_a), _ = two
    before_b, before_all = current_token("b"), current_token()
    with writing_for(partnership_id=a.partnership_id):
        BudgetFigure.objects.filter(line=line_a).update(amount=Decimal("1"))
    assert current_token("b") == before_b
    assert current_token() != before_all


@pytest.mark.django_db
def test_a_risk_recorded_for_a_service_counts_as_its_partnerships_write(two):
    (a, _, _), _ = two
    before_a, before_b = current_token("a"), current_token("b")
    risk_record(
        service=a,
        category="financial",
        title="Savings slip",
        owner="Head of service",
        mitigation="Monthly review",
        likelihood=2,
        impact=3,
        on=date(2012, 5, 1),
    )
    assert current_token("a") != before_a
    assert current_token("b") == before_b


@pytest.mark.django_db
def test_an_unknown_partnership_reads_the_token_of_writes_that_declared_none(two):
    (a, maidstone, line_a), _ = two
    before = current_token("no-such-partnership")
    save(a, maidstone, line_a, "1234.00")
    assert current_token("no-such-partnership") == before
    BudgetFigure.objects.filter(line=line_a).update(amount=Decimal("1"))
    assert current_token("no-such-partnership") != before


def _writer(service, council, line, amount, *, wrote, go_on, errors, lock_timeout):
    """Save in its own connection, keep the transaction open until ``go_on``, then commit."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{lock_timeout}'")
            save(service, council, line, amount)
            wrote.set()
            if not go_on.wait(WAIT):
                errors.append("the other writer never finished")
    except DatabaseError as error:
        errors.append(error)
    finally:
        wrote.set()
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_writers_of_different_partnerships_never_wait_on_each_other(two):
    """The second writer saves and commits while the first still holds its transaction open:
    with a lock timeout, a writer made to wait fails fast instead of hanging the test."""
    (a, maidstone, line_a), (b, swale, line_b) = two
    first_wrote, second_wrote, second_done = threading.Event(), threading.Event(), threading.Event()
    errors = []
    first = threading.Thread(
        target=_writer,
        args=(a, maidstone, line_a, "1111.00"),
        kwargs={"wrote": first_wrote, "go_on": second_done, "errors": errors, "lock_timeout": "5s"},
    )
    first.start()
    assert first_wrote.wait(WAIT)
    if connection.vendor == "postgresql":
        commit_at_once = threading.Event()
        commit_at_once.set()
        second = threading.Thread(
            target=_writer,
            args=(b, swale, line_b, "2222.00"),
            kwargs={"wrote": second_wrote, "go_on": commit_at_once, "errors": errors, "lock_timeout": "1s"},
        )
        second.start()
        second_wrote.wait(WAIT)
        second_done.set()  # lets the first commit only after the second has written
        second.join(WAIT)
    else:
        second_done.set()  # SQLite lets one writer at a time in, whatever the design
    first.join(WAIT)
    assert errors == []
    assert BudgetFigure.objects.get(line=line_a).amount == Decimal("1111.00")
    if connection.vendor == "postgresql":
        assert BudgetFigure.objects.get(line=line_b).amount == Decimal("2222.00")


def _log(scope: int, n: int):
    DataChange.objects.bulk_create(DataChange(scope=scope, nonce=uuid.uuid4().hex) for _ in range(n))


@pytest.mark.django_db
def test_compaction_keeps_the_weight_and_changes_the_token_once_without_repeating_one(two):
    (a, maidstone, line_a), _ = two
    seen = [current_token("a")]
    save(a, maidstone, line_a, "1.00")
    seen.append(current_token("a"))
    rows_before = DataChange.objects.count()
    assert compact("a") > 0
    seen.append(current_token("a"))
    assert DataChange.objects.count() < rows_before
    assert seen[-1] != seen[-2]  # the same data, so only a recomputation, never a stale answer
    save(a, maidstone, line_a, "2.00")
    seen.append(current_token("a"))
    compact()
    seen.append(current_token("a"))
    save(a, maidstone, line_a, "3.00")
    seen.append(current_token("a"))
    assert len(set(seen)) == len(seen)
    assert [token.split(".")[0] for token in seen] == sorted((t.split(".")[0] for t in seen), key=int)


@pytest.mark.django_db
def test_over_any_mix_of_writes_and_compactions_a_token_changes_exactly_when_its_data_does(two):
    (a, _, line_a), (b, _, line_b) = two
    rng = random.Random(5)
    data_of_token = {current_token("a"): 0}  # token -> how many writes A's dashboard has seen
    version = 0
    for step in range(80):
        action = rng.choice(["a", "b", "unscoped", "compact a", "compact all"])
        before = current_token("a")
        if action == "a":
            with writing_for(partnership_id=a.partnership_id):
                BudgetFigure.objects.filter(line=line_a).update(amount=step)
            version += 1
        elif action == "b":
            with writing_for(partnership_id=b.partnership_id):
                BudgetFigure.objects.filter(line=line_b).update(amount=step)
        elif action == "unscoped":
            BudgetFigure.objects.filter(line=line_b).update(amount=step)
            version += 1
        else:
            compact("a" if action == "compact a" else None)
        token = current_token("a")
        assert data_of_token.setdefault(token, version) == version, f"step {step}: {action} repeated a token"
        if action in ("a", "unscoped"):
            assert token != before
        if action == "b":
            assert token == before


@pytest.mark.django_db
def test_a_restored_backups_next_write_never_meets_a_token_the_cache_saw_before(two):
    """After a restore the log goes on from the backup's rows: the same sums and ids come round
    again, but with new nonces."""
    (a, maidstone, line_a), _ = two
    backup_max = DataChange.objects.order_by("-id").values_list("id", flat=True).first()
    save(a, maidstone, line_a, "1.00")
    before_restore = current_token("a")
    after_backup = list(DataChange.objects.filter(id__gt=backup_max).values("id", "scope", "weight"))
    DataChange.objects.filter(id__gt=backup_max).delete()  # the restore: back to the backup's rows
    DataChange.objects.bulk_create(DataChange(**row, nonce=uuid.uuid4().hex) for row in after_backup)
    assert current_token("a") != before_restore


@pytest.mark.django_db(transaction=True)
def test_a_reader_compacts_a_long_log_itself(two):
    """Outside a transaction, as a page is read: the rows go, their weight stays."""
    _log(DataChange.GLOBAL, COMPACT_AFTER)
    before, weights = DataChange.objects.count(), _weights()
    token = current_token("a")
    assert DataChange.objects.count() <= before - COMPACT_AFTER
    assert _weights() == weights
    assert current_token("a") == token


def _weights() -> dict[int, int]:
    weights = {}
    for scope, weight in DataChange.objects.values_list("scope", "weight"):
        weights[scope] = weights.get(scope, 0) + weight
    return weights


@pytest.mark.django_db
def test_compact_data_changes_leaves_one_row_a_scope_of_the_same_weight():
    _log(DataChange.GLOBAL, 5)
    _log(12345, 3)
    before = _weights()
    out = StringIO()
    call_command("compact_data_changes", stdout=out)
    assert _weights() == before
    assert DataChange.objects.count() == len(before)
    assert f"now {len(before)}." in out.getvalue()
