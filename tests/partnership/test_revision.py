"""The data's tokens change with every write to the data, in the same transaction, and the cache
keyed by them never answers with figures older than the data."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from finance.models import BudgetFigure, BudgetLine, ChangePath, DeliveredSaving, NonStaffSavingStep, SavingsPlan
from finance.services import save_grid
from mkip.fiscal import FinancialYear
from partnership.models import Council, DataChange, Role
from partnership.revision import cached, changes_data, current_token, writing_for
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
    assert not changes_data("INSERT INTO partnership_datachange (scope, weight, nonce) VALUES (0, 1, 'x')")


def test_cached_answers_from_the_cache_until_the_data_changes():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached("sum", compute) == 1
    assert cached("sum", compute) == 1
    CouncilFactory()
    assert cached("sum", compute) == 2


def test_a_write_only_adds_to_the_log_and_never_changes_a_row_another_writer_may_hold(maidstone):
    """What lets writers run side by side: nothing they write is shared."""
    CouncilFactory()
    before = list(DataChange.objects.order_by("id").values_list("id", "scope", "weight", "nonce"))
    shared(maidstone, partnership=PartnershipFactory(slug="a"), slug="a-service")
    after = list(DataChange.objects.order_by("id").values_list("id", "scope", "weight", "nonce"))
    assert after[: len(before)] == before
    assert len(after) > len(before)


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
    assert "£1,234.56" not in client.get(url).content.decode()
    DeliveredSaving.objects.create(
        service=service, council=maidstone, year=FinancialYear(2012), amount=Decimal("1234.56")
    )
    assert "£1,234.56" in client.get(url).content.decode()


@pytest.fixture
def grid(maidstone, swale):
    """A partnership whose dashboard counts one budget figure, and its board member signed in."""
    service = shared(maidstone, swale, partnership=PartnershipFactory(slug="only"), slug="revs", name="Revenues")
    [line] = budget_grid(service, maidstone, lines=1, years=(2012,), amount="4321.00")
    BudgetLine.objects.filter(pk=line.pk).update(in_non_staff_base=True)
    plan = SavingsPlan.objects.create(
        service=service, baseline_year=FinancialYear(2012), first_year=FinancialYear(2012), years=5
    )
    NonStaffSavingStep.objects.create(plan=plan, year=FinancialYear(2012), percentage=Decimal("100"))
    return service, line


def _dashboard(client) -> str:
    return client.get(reverse("board:dashboard") + "?partnership=only").content.decode()


def test_a_grid_save_shows_on_the_dashboard_at_once(client, grid, maidstone):
    service, line = grid
    client.force_login(UserFactory(username="board.grid", role=Role.BOARD_MEMBER))
    assert "£4,321" in _dashboard(client)
    key = (line.pk, 2012, "budget")
    save_grid(
        user=None,
        service=service,
        council=maidstone,
        programme="revenue",
        cells={key: Decimal("8765.00")},
        loaded_versions={key: 1},
        path=ChangePath.FORM,
    )
    page = _dashboard(client)
    assert "£8,765" in page
    assert "£4,321" not in page


def test_a_bulk_update_inside_a_partnerships_writes_shows_on_its_dashboard_at_once(client, grid):
    service, line = grid
    client.force_login(UserFactory(username="board.bulk", role=Role.BOARD_MEMBER))
    assert "£4,321" in _dashboard(client)
    with writing_for(partnership_id=service.partnership_id):
        BudgetFigure.objects.filter(line=line).update(amount=Decimal("5678.00"))
    assert "£5,678" in _dashboard(client)


def test_a_rolled_back_save_leaves_the_dashboard_as_the_data_is(client, grid):
    service, line = grid
    client.force_login(UserFactory(username="board.rollback", role=Role.BOARD_MEMBER))
    with pytest.raises(RuntimeError), transaction.atomic(), writing_for(partnership_id=service.partnership_id):
        BudgetFigure.objects.filter(line=line).update(amount=Decimal("5678.00"))
        assert "£5,678" in _dashboard(client)  # the saving transaction sees its own figure
        raise RuntimeError("the import failed half way")
    page = _dashboard(client)
    assert "£4,321" in page
    assert "£5,678" not in page


def test_an_administrators_edit_shows_on_the_dashboard_at_once(client, grid):
    """The admin declares no partnership, so its writes empty every partnership's cache."""
    _, line = grid
    figure = BudgetFigure.objects.get(line=line)
    client.force_login(UserFactory(username="board.admin", role=Role.BOARD_MEMBER))
    assert "£4,321" in _dashboard(client)
    admin = Client()
    admin.force_login(
        get_user_model().objects.create_superuser("admin.revision", password="x", role=Role.ADMINISTRATOR)
    )
    url = reverse("admin:finance_budgetfigure_change", args=[figure.pk])
    form = admin.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = admin.post(url, {**data, "amount": "6543.00"})
    assert response.status_code == 302
    assert "£6,543" in _dashboard(client)
