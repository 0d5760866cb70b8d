"""Benefits realisation: reports against the business case, and the operational plan by priority."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from governance.models import BenefitReport, OperationalAction
from governance.seed import load_benefits
from partnership.models import Role
from tests.factories import CouncilFactory, SharedServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

REPORT = {
    "year": "2014/15",
    "quarter": "1",
    "benefit": "Resilience",
    "target": "Cover on every site",
    "delivered": "Service desk covered every day",
    "owner": "Head of MKIP ICT",
    "rating": "green",
}


@pytest.fixture
def ict_benefits(mkip):
    load_benefits(json.loads((settings.BASE_DIR / "fixtures/mkip/governance.json").read_text()))
    return mkip["services"]["ict"]


@pytest.fixture
def head_of_mkip_ict(ict_benefits):
    return UserFactory(username="head.ict", role=Role.HEAD_OF_SERVICE, headed_service=ict_benefits)


def test_ict_operational_plan_lists_the_seven_actions_of_the_business_case_by_priority(
    client, ict_benefits, board_member
):
    client.force_login(board_member)
    response = client.get(reverse("governance:benefits", args=["ict"]))
    by_priority = dict(response.context["by_priority"])
    assert [a.title for a in by_priority["Customer Care"]] == [
        "A joint telephony system",
        "A shared CRM system",
        "A shared contact centre",
    ]
    assert sum(len(actions) for actions in by_priority.values()) == 7
    assert "Illustrative" in response.content.decode()


def test_head_of_service_reports_a_benefit(client, head_of_mkip_ict):
    client.force_login(head_of_mkip_ict)
    response = client.post(reverse("governance:benefit-new", args=["ict"]), REPORT)
    assert response.status_code == 302
    report = BenefitReport.objects.get(service__slug="ict", benefit="Resilience")
    assert report.reported_by == head_of_mkip_ict and report.illustrative_fields == []


def test_a_second_report_for_the_same_quarter_is_refused_beside_the_form(client, head_of_mkip_ict):
    client.force_login(head_of_mkip_ict)
    client.post(reverse("governance:benefit-new", args=["ict"]), REPORT)
    response = client.post(reverse("governance:benefit-new", args=["ict"]), {**REPORT, "delivered": "again"})
    assert response.status_code == 200
    assert "already has a report for that quarter" in response.content.decode()
    assert BenefitReport.objects.filter(benefit="Resilience").count() == 1


def test_a_fifth_quarter_gets_a_clear_message(client, head_of_mkip_ict):
    client.force_login(head_of_mkip_ict)
    response = client.post(reverse("governance:benefit-new", args=["ict"]), {**REPORT, "quarter": "5"})
    assert "quarter" in response.context["form"].errors
    assert not BenefitReport.objects.filter(benefit="Resilience").exists()


@pytest.mark.parametrize("person", ["swale_officer", "board_member", "maidstone_democratic_services"])
def test_only_the_head_of_service_reports_benefits_and_updates_actions(client, ict_benefits, person, request):
    client.force_login(request.getfixturevalue(person))
    action = OperationalAction.objects.get(title="A shared CRM system")
    assert client.post(reverse("governance:benefit-new", args=["ict"]), REPORT).status_code == 403
    response = client.post(
        reverse("governance:action-update", args=[action.pk]), {"status": "done", "rating": "red", "note": "x"}
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert (action.status, action.rating) == ("under_way", "green")
    assert not BenefitReport.objects.filter(benefit="Resilience").exists()


def test_head_of_service_marks_an_action_done_and_it_is_no_longer_illustrative(client, head_of_mkip_ict):
    client.force_login(head_of_mkip_ict)
    action = OperationalAction.objects.get(title="A shared CRM system")
    response = client.post(
        reverse("governance:action-update", args=[action.pk]), {"status": "done", "rating": "green", "note": ""}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and "status" not in action.illustrative_fields


@pytest.mark.parametrize("size", [3, 30])
def test_the_benefits_page_takes_a_fixed_number_of_queries(client, board_member, django_assert_num_queries, size):
    service = SharedServiceFactory()
    for index in range(size):
        CouncilFactory()
        OperationalAction.objects.create(service=service, title=f"Action {index}", priority="economy", owner="x")
    client.force_login(board_member)
    client.get(reverse("partnership:overview"))
    # session, user, service, actions, reports
    with django_assert_num_queries(5):
        assert client.get(reverse("governance:benefits", args=[service.slug])).status_code == 200
