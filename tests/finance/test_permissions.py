"""Who may change which figures: a Swale officer cannot change Maidstone's figures through any URL."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from finance.forms import cell_name, version_name
from finance.models import BudgetFigure, CapitalContribution, CapitalSpend, FigureChange
from mkip.columns import YearColumn
from mkip.fiscal import FinancialYear
from tests.factories import CouncilFactory, budget_grid, shared_service_with_partners

D = Decimal
pytestmark = pytest.mark.django_db
COLUMN = YearColumn(FinancialYear(2012), "budget")


def _cells(lines, amount):
    data = {}
    for line in lines:
        data["grid-" + cell_name(line.pk, COLUMN)] = amount
        data["grid-" + version_name(line.pk, COLUMN)] = 1
    return data


def _unchanged():
    amounts = set(BudgetFigure.objects.values_list("amount", flat=True))
    return amounts == {D("1000.00")} and not FigureChange.objects.exists()


@pytest.fixture
def maidstone_lines(ict, maidstone):
    return budget_grid(ict, maidstone, lines=2, years=(2012,))


def test_swale_officer_cannot_save_maidstones_grid(client, ict, maidstone_lines, swale_officer):
    client.force_login(swale_officer)
    response = client.post(reverse("finance:grid", args=["ict", "MBC", "revenue"]), _cells(maidstone_lines, "1"))
    assert response.status_code == 403
    assert _unchanged()


def test_swale_officer_cannot_slip_maidstone_lines_into_swales_grid(client, ict, swale, maidstone_lines, swale_officer):
    swale_lines = budget_grid(ict, swale, lines=1, years=(2012,))
    client.force_login(swale_officer)
    data = {**_cells(swale_lines, "1000.00"), **_cells(maidstone_lines, "1")}
    response = client.post(reverse("finance:grid", args=["ict", "SBC", "revenue"]), data)
    assert response.status_code == 302  # Swale's own grid saves; Maidstone's cells are not fields of it
    assert _unchanged()


def test_swale_officer_cannot_import_into_maidstones_grid(client, ict, maidstone_lines, swale_officer):
    client.force_login(swale_officer)
    url = reverse("finance:import", args=["ict", "MBC", "revenue"])
    upload = SimpleUploadedFile("grid.csv", b"Line,2012/13 budget\nLine 1,1\n", content_type="text/csv")
    assert client.post(url, {"file": upload}).status_code == 403
    assert client.post(url, {"confirm": "1"}).status_code == 403
    assert _unchanged()


def test_swale_officer_cannot_confirm_an_import_maidstone_previewed(
    client, ict, maidstone_lines, maidstone_officer, swale_officer
):
    url = reverse("finance:import", args=["ict", "MBC", "revenue"])
    client.force_login(maidstone_officer)
    upload = SimpleUploadedFile("grid.csv", b"Line,2012/13 budget\nLine 1,1\n", content_type="text/csv")
    assert client.post(url, {"file": upload}).status_code == 200
    client.force_login(swale_officer)
    assert client.post(url, {"confirm": "1"}).status_code == 403
    assert _unchanged()


def test_swale_officer_cannot_approve_capital_pot_spending(client, ict, maidstone, swale_officer):
    CapitalContribution.objects.create(service=ict, council=maidstone, year=FinancialYear(2013), amount=D("100000"))
    client.force_login(swale_officer)
    url = reverse("finance:capital-spend", args=["ict"])
    response = client.post(url, {"year": "2013/14", "description": "Servers", "amount": "500"})
    assert response.status_code == 403
    assert not CapitalSpend.objects.exists()


@pytest.mark.parametrize("person", ["board_member", "outsider", "maidstone_democratic_services"])
def test_readers_and_outsiders_cannot_save_a_grid(client, request, ict, maidstone_lines, person):
    client.force_login(request.getfixturevalue(person))
    response = client.post(reverse("finance:grid", args=["ict", "MBC", "revenue"]), _cells(maidstone_lines, "1"))
    assert response.status_code == 403
    assert _unchanged()


def test_an_officer_cannot_edit_a_service_their_council_is_not_in(client, maidstone, ict, maidstone_officer):

    other = shared_service_with_partners(CouncilFactory(code="ABC"), slug="audit")
    client.force_login(maidstone_officer)
    assert client.post(reverse("finance:grid", args=["audit", "MBC", "revenue"]), {}).status_code == 403
    assert other.budget_lines.count() == 0


def test_the_head_of_ict_edits_every_partners_lines(client, ict, maidstone_lines, head_of_ict):
    client.force_login(head_of_ict)
    response = client.post(reverse("finance:grid", args=["ict", "MBC", "revenue"]), _cells(maidstone_lines, "9"))
    assert response.status_code == 302
    assert set(BudgetFigure.objects.values_list("amount", flat=True)) == {D("9.00")}


def test_the_head_of_ict_approves_spending_but_not_below_zero(client, ict, maidstone, head_of_ict):
    CapitalContribution.objects.create(service=ict, council=maidstone, year=FinancialYear(2013), amount=D("100000"))
    client.force_login(head_of_ict)
    url = reverse("finance:capital-spend", args=["ict"])
    assert client.post(url, {"year": "2013/14", "description": "Servers", "amount": "60000"}).status_code == 302
    response = client.post(url, {"year": "2013/14", "description": "More", "amount": "50000"})
    assert "would take the capital pot below zero: only £40,000.00 is left" in response.content.decode()
    assert list(CapitalSpend.objects.values_list("amount", flat=True)) == [D("60000.00")]
