"""Every finance page takes the same number of queries for 3 councils or services as for 30."""

from decimal import Decimal

import pytest
from django.urls import reverse

from finance.models import BudgetFigure, CapitalContribution, ImplementationCost, NonStaffSavingStep, SavingsPlan
from finance.services import save_grid
from mkip.fiscal import FinancialYear
from tests.factories import CouncilFactory, budget_grid, shared_service_with_partners

pytestmark = pytest.mark.django_db
Y = FinancialYear


def _service_with_finance(councils, slug):
    service = shared_service_with_partners(*councils, slug=slug)
    for council in councils:
        budget_grid(service, council, lines=3, years=(2011, 2012))
        CapitalContribution.objects.create(service=service, council=council, year=Y(2013), amount=Decimal("1000"))
    plan = SavingsPlan.objects.create(service=service, baseline_year=Y(2012), first_year=Y(2012), years=10)
    NonStaffSavingStep.objects.create(plan=plan, year=Y(2012), amount=Decimal("500"))
    ImplementationCost.objects.create(service=service, name="Legal", amount=Decimal("100"))
    return service


@pytest.mark.parametrize("size", [3, 30])
def test_the_service_finance_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, board_member, staff_costs_from_staffing, size
):
    service = _service_with_finance([CouncilFactory() for _ in range(size)], "shared")
    client.force_login(board_member)
    client.get(reverse("finance:partnership"))  # the first request after signing in also saves the session
    # session, user, service, partners, figures, plan, steps, implementation costs,
    # contributions, spends, the staffing table (compared with the baseline), the latest baseline
    with django_assert_num_queries(12):
        page = client.get(reverse("finance:service", args=[service.slug]))
    assert page.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_the_partnership_finance_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, board_member, staff_costs_from_staffing, size
):
    councils = [CouncilFactory() for _ in range(3)]
    for number in range(size):
        _service_with_finance(councils, f"service-{number}")
    client.force_login(board_member)
    client.get(reverse("finance:partnership"))  # the first request after signing in also saves the session
    # session, user, services with plans, partners, figures, plans, steps,
    # implementation costs, contributions, spends, delivered savings
    with django_assert_num_queries(11):
        page = client.get(reverse("finance:partnership"))
    assert page.content.decode().count("Shared service") >= size


@pytest.mark.parametrize("size", [3, 30])
def test_the_history_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, maidstone_officer, ict, maidstone, size
):

    lines = budget_grid(ict, maidstone, lines=size, years=(2012,))
    save_grid(
        user=maidstone_officer,
        service=ict,
        council=maidstone,
        programme="revenue",
        cells={(line.pk, 2012, "budget"): Decimal("5") for line in lines},
        loaded_versions={(line.pk, 2012, "budget"): 1 for line in lines},
        path="form",
    )
    assert BudgetFigure.objects.filter(amount=5).count() == size
    client.force_login(maidstone_officer)
    client.get(reverse("finance:partnership"))  # the first request after signing in also saves the session
    # session, user, service, council, changes with lines and people, the council's share moved
    # by other councils' saves, the officer's council (account bar)
    with django_assert_num_queries(7):
        client.get(reverse("finance:history", args=["ict", "MBC", "revenue"]))
