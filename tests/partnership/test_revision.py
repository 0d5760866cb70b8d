"""The data's token changes with every write to the data, in the same transaction, and the cache
keyed by it never answers with figures older than the data."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from finance.models import DeliveredSaving, NonStaffSavingStep, SavingsPlan
from mkip.fiscal import FinancialYear
from partnership.models import Council, DataRevision, Role
from partnership.revision import cached, changes_data, current_token
from tests.factories import CouncilFactory, PartnershipFactory, UserFactory, budget_grid
from tests.factories import shared_service_with_partners as shared

pytestmark = pytest.mark.django_db


def test_a_new_council_changes_the_token():
    before = current_token()
    CouncilFactory()
    assert current_token() not in (None, before)


def test_a_queryset_update_and_a_delete_change_the_token(maidstone):
    before = current_token()
    Council.objects.filter(pk=maidstone.pk).update(call_in_working_days=6)
    after_update = current_token()
    assert after_update != before
    Council.objects.filter(pk=maidstone.pk).delete()
    assert current_token() != after_update


def test_a_rolled_back_write_leaves_the_token_as_it_was():
    before = current_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        CouncilFactory()
        assert current_token() != before  # inside the transaction, the token has moved with the data
        raise RuntimeError("the officer's save failed")
    assert current_token() == before


def test_signing_in_does_not_change_the_token(client):
    user = UserFactory(username="reader", role=Role.BOARD_MEMBER)
    before = current_token()
    client.force_login(user)  # updates the user's last_login
    user.refresh_from_db()
    assert user.last_login is not None
    assert current_token() == before


def test_only_writes_to_the_data_tables_count():
    assert changes_data('INSERT INTO "governance_decision" ("title") VALUES (%s)')
    assert changes_data('DELETE FROM "staffing_post" WHERE "id" = %s')
    assert not changes_data('UPDATE "django_session" SET "expire_date" = %s')
    assert not changes_data('SELECT "finance_budgetfigure"."amount" FROM "finance_budgetfigure"')
    assert not changes_data("UPDATE partnership_datarevision SET token = 'x' WHERE id = 1")


def test_cached_answers_from_the_cache_until_the_data_changes():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached("sum", compute) == 1
    assert cached("sum", compute) == 1
    CouncilFactory()
    assert cached("sum", compute) == 2


def test_a_delivered_saving_shows_on_the_dashboard_at_once(client, maidstone, swale):
    """A board member who has just looked sees the officer's new figure on the next look, not later."""
    service = shared(maidstone, swale, partnership=PartnershipFactory(slug="only"), slug="revs", name="Revenues")
    budget_grid(service, maidstone, lines=1, years=(2012,))
    plan = SavingsPlan.objects.create(
        service=service, baseline_year=FinancialYear(2012), first_year=FinancialYear(2012), years=5
    )
    NonStaffSavingStep.objects.create(plan=plan, year=FinancialYear(2012), amount=Decimal("500"))
    client.force_login(UserFactory(username="board.revision", role=Role.BOARD_MEMBER))
    url = reverse("board:dashboard")
    assert "£1,235" not in client.get(url).content.decode()
    DeliveredSaving.objects.create(
        service=service, council=maidstone, year=FinancialYear(2012), amount=Decimal("1234.56")
    )
    assert "£1,235" in client.get(url).content.decode()


def test_there_is_only_ever_one_token_row():
    with pytest.raises(IntegrityError), transaction.atomic():
        DataRevision.objects.create(id=2, token="0" * 32)
