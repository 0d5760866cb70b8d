"""A save that moves other councils' shares (shares follow investment) is shown first and saved only
when confirmed; each affected council's history then says whose save moved its share."""

from decimal import Decimal

import pytest

from finance.models import BudgetFigure, ShareMove
from finance.share_effect import shares_of
from partnership.models import SharedService, User
from tests.factories import client_for, load_mkip_demo

pytestmark = pytest.mark.django_db

GRID = "/finance/services/ict/MBC/revenue/"


@pytest.fixture
def site():
    load_mkip_demo()
    return SharedService.objects.get(slug="ict")


def officer():
    return client_for("officer.mbc")


def loaded(form) -> dict:
    return {f"grid-{name}": ("" if field.initial is None else field.initial) for name, field in form.fields.items()}


def grid_post(client, change):
    """The grid as the officer loaded it, with ``change(figure) -> amount`` applied to one 2012/13 budget."""
    page = client.get(GRID)
    form = page.context["form"]
    data = loaded(form)
    figure = BudgetFigure.objects.filter(line__service__slug="ict", line__council__code="MBC", year=2012, kind="budget")
    figure = figure.exclude(line__is_recharge=True).order_by("pk").first()
    field = next(
        name
        for name in data
        if name.endswith(f"{figure.line_id}_2012_budget") or name.endswith(f"{figure.line_id}-2012-budget")
    )
    data[field] = str(change(figure))
    return data, figure


def test_a_save_that_moves_other_shares_is_shown_first_and_saves_nothing(site):
    client = officer()
    data, figure = grid_post(client, lambda f: f.amount + 50000)
    before = shares_of(site)
    page = client.post(GRID, data)
    html = page.content.decode()
    assert page.status_code == 200 and "Nothing is saved yet" in html
    assert "Swale Borough Council" in html and "Tunbridge Wells Borough Council" in html
    assert BudgetFigure.objects.get(pk=figure.pk).amount == figure.amount
    assert shares_of(site) == before and not ShareMove.objects.exists()


def test_a_confirmed_save_records_the_move_in_each_affected_councils_history(site):
    client = officer()
    data, figure = grid_post(client, lambda f: f.amount + 50000)
    response = client.post(GRID, {**data, "confirm_shares": "1"})
    assert response.status_code == 302
    assert BudgetFigure.objects.get(pk=figure.pk).amount == figure.amount + 50000
    moved = {move.council.code: move for move in ShareMove.objects.select_related("council", "caused_by")}
    assert set(moved) == {"SBC", "TWBC"}
    assert all(move.caused_by.code == "MBC" and move.share_after < move.share_before for move in moved.values())
    history = officer().get("/finance/services/ict/SBC/revenue/history/").content.decode()
    saver = User.objects.get(username="officer.mbc").get_full_name()
    assert saver and "Swale’s share moved by other councils’ saves" in history and f"Maidstone ({saver})" in history


def test_a_save_of_a_year_that_sets_no_share_is_saved_at_once(site):
    # Shares follow the baseline year (2012/13): a 2011/12 correction moves none.
    client = officer()
    data = loaded(client.get(GRID).context["form"])
    earlier = next(name for name in data if name.endswith("-2011-budget") and data[name])
    data[earlier] = str(Decimal(data[earlier]) + 1)
    assert client.post(GRID, data).status_code == 302
    assert not ShareMove.objects.exists()
