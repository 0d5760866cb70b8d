"""The savings plan page: the plan's inputs, changed by the head of service, and planned against delivered."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from finance.models import DeliveredSaving, NonStaffSavingStep, SavingsPlan
from finance.selectors import service_finance
from finance.services import PlannedStep, savings_plan_save
from mkip.fiscal import FinancialYear
from partnership.models import Role
from tests.factories import CouncilFactory, UserFactory
from tests.finance.test_query_counts import _service_with_finance

pytestmark = pytest.mark.django_db
Y = FinancialYear.parse


@pytest.fixture
def head_of_ict(mkip_finance):
    """The head of the Mid Kent ICT that `make run` loads (the shared fixture builds its own ICT)."""
    return UserFactory(username="head.ict", role=Role.HEAD_OF_SERVICE, headed_service=mkip_finance["services"]["ict"])


SEED_PLAN = {
    "baseline_year": "2012/13",
    "first_year": "2012/13",
    "years": "10",
    "cashable": "on",
    "steps": "2012/13 5%\n2013/14 10%\n2014/15 20%",
}


def test_head_of_ict_changes_a_step_and_the_projection_moves(client, mkip_finance, head_of_ict):
    ict = mkip_finance["services"]["ict"]
    assert service_finance(ict).statement.projection.total == Decimal("3708860.00")
    client.force_login(head_of_ict)
    response = client.post(
        reverse("finance:savings-plan-edit", args=["ict"]),
        {**SEED_PLAN, "steps": "2012/13 5%\n2013/14 10%\n2014/15 10%"},
    )
    assert response.status_code == 302
    # 2014/15 onwards now saves 10% of £1,371,500 = £137,150 a year, not £274,300: eight years of £137,150 less.
    assert service_finance(ict).statement.projection.total == Decimal("3708860.00") - 8 * Decimal("137150.00")


def test_the_seed_plan_reads_back_into_the_form_unchanged(client, mkip_finance, head_of_ict):
    client.force_login(head_of_ict)
    form = client.get(reverse("finance:savings-plan-edit", args=["ict"])).context["form"]
    assert form.initial["steps"] == "2012/13 5%\n2013/14 10%\n2014/15 20%"
    assert client.post(reverse("finance:savings-plan-edit", args=["ict"]), SEED_PLAN).status_code == 302
    assert service_finance(mkip_finance["services"]["ict"]).statement.projection.total == Decimal("3708860.00")


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("2012/13 twenty", "is not an amount in pounds"),
        ("2012/14 5%", "must be followed by 13"),
        ("2012/13 150%", "between 0% and 100%"),
        ("2012/13 5%\n2012/13 6%", "has more than one step"),
        ("2012/13", "Enter a percentage or an amount"),
    ],
)
def test_a_bad_step_gets_a_clear_message_and_saves_nothing(client, mkip_finance, head_of_ict, steps, message):
    client.force_login(head_of_ict)
    before = list(NonStaffSavingStep.objects.values_list("year", "percentage", "amount"))
    response = client.post(reverse("finance:savings-plan-edit", args=["ict"]), {**SEED_PLAN, "steps": steps})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["steps"])
    assert list(NonStaffSavingStep.objects.values_list("year", "percentage", "amount")) == before


@pytest.mark.parametrize("person", ["swale_officer", "maidstone_officer", "board_member"])
def test_only_the_head_of_service_changes_the_plan(client, mkip_finance, person, request):
    client.force_login(request.getfixturevalue(person))
    response = client.post(reverse("finance:savings-plan-edit", args=["ict"]), {**SEED_PLAN, "years": "3"})
    assert response.status_code == 403
    assert SavingsPlan.objects.get(service__slug="ict").years == 10


def test_swale_officer_records_a_saving_swale_delivered(client, mkip_finance, swale_officer):
    client.force_login(swale_officer)
    swale = mkip_finance["councils"]["SBC"]
    response = client.post(
        reverse("finance:delivered-saving", args=["ict"]),
        {"council": swale.pk, "year": "2016/17", "amount": "£140,000"},
    )
    assert response.status_code == 302
    saving = DeliveredSaving.objects.get(service__slug="ict", council=swale, year=Y("2016/17"))
    assert saving.amount == Decimal("140000.00") and saving.illustrative_fields == []


def test_swale_officer_cannot_record_maidstone_savings(client, mkip_finance, swale_officer):
    client.force_login(swale_officer)
    maidstone = mkip_finance["councils"]["MBC"]
    before = list(DeliveredSaving.objects.values_list("pk", "amount"))
    response = client.post(
        reverse("finance:delivered-saving", args=["ict"]), {"council": maidstone.pk, "year": "2013/14", "amount": "1"}
    )
    assert response.status_code == 200 and "council" in response.context["form"].errors
    assert list(DeliveredSaving.objects.values_list("pk", "amount")) == before


def test_board_member_cannot_record_delivered_savings(client, mkip_finance, board_member):
    client.force_login(board_member)
    response = client.post(
        reverse("finance:delivered-saving", args=["ict"]),
        {"council": mkip_finance["councils"]["MBC"].pk, "year": "2013/14", "amount": "1"},
    )
    assert response.status_code == 403


def test_planned_against_delivered_uses_the_projection_and_the_reports(client, mkip_finance, board_member):
    client.force_login(board_member)
    rows = {row.year: row for row in client.get(reverse("finance:savings-plan", args=["ict"])).context["rows"]}
    assert rows[Y("2012/13")].planned == Decimal("69000.00")
    delivered = sum(s.amount for s in DeliveredSaving.objects.filter(service__slug="ict", year=Y("2012/13")))
    assert delivered > 0
    assert rows[Y("2012/13")].delivered == delivered
    assert rows[Y("2012/13")].variance == delivered - Decimal("69000.00")
    assert rows[Y("2021/22")].delivered is None  # not reported yet


@pytest.mark.parametrize("size", [3, 30])
def test_the_savings_plan_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, board_member, staff_costs_from_staffing, size
):
    service = _service_with_finance([CouncilFactory() for _ in range(size)], "shared")
    client.force_login(board_member)
    client.get(reverse("finance:partnership"))
    # session, user, service, partners, figures, plan, steps, implementation costs, contributions,
    # spends, delivered savings
    with django_assert_num_queries(11):
        assert client.get(reverse("finance:savings-plan", args=[service.slug])).status_code == 200


def test_a_percentage_step_in_a_year_without_a_non_staff_base_is_refused_naming_the_year(
    client, mkip_finance, head_of_ict
):
    ict = mkip_finance["services"]["ict"]
    before = service_finance(ict).statement.projection.total
    client.force_login(head_of_ict)
    response = client.post(
        reverse("finance:savings-plan-edit", args=["ict"]),
        {**SEED_PLAN, "steps": SEED_PLAN["steps"] + "\n2015/16 25%"},
    )
    assert response.status_code == 200
    assert "2015/16 has no non-staff base" in " ".join(response.context["form"].errors["steps"])
    assert service_finance(ict).statement.projection.total == before
    assert not NonStaffSavingStep.objects.filter(plan__service=ict, year=Y("2015/16")).exists()


def test_the_service_also_refuses_a_step_without_a_base_and_writes_nothing(mkip_finance):
    ict = mkip_finance["services"]["ict"]
    steps = [PlannedStep(Y("2012/13"), Decimal("5"), None), PlannedStep(Y("2015/16"), Decimal("25"), None)]
    with pytest.raises(ValidationError) as refused:
        savings_plan_save(
            service=ict, baseline_year=Y("2012/13"), first_year=Y("2012/13"), years=3, cashable=True, steps=steps
        )
    assert "2015/16" in refused.value.message_dict["steps"][0]
    assert SavingsPlan.objects.get(service=ict).years == 10
    assert NonStaffSavingStep.objects.filter(plan__service=ict).count() == 3


def test_a_fixed_amount_step_needs_no_base(client, mkip_finance, head_of_ict):
    client.force_login(head_of_ict)
    response = client.post(
        reverse("finance:savings-plan-edit", args=["ict"]),
        {**SEED_PLAN, "steps": SEED_PLAN["steps"] + "\n2015/16 £300,000"},
    )
    assert response.status_code == 302
    assert NonStaffSavingStep.objects.get(plan__service__slug="ict", year=Y("2015/16")).amount == Decimal("300000.00")
