"""A board decision names its own partnership's board, whatever that partnership calls it."""

from datetime import date

import pytest
from django.urls import reverse

from governance.models import DecisionMaker
from governance.selectors import gateway_overview
from tests.factories import CouncilFactory, PartnershipFactory, decision_recorded, shared_service_with_partners

pytestmark = pytest.mark.django_db


@pytest.fixture
def anytown_service():
    partnership = PartnershipFactory(slug="anytown", short_name="ATP", board_name="Anytown Joint Committee")
    return shared_service_with_partners(CouncilFactory(code="ATC"), partnership=partnership, gateway_stage="defining")


def test_a_board_decision_is_decided_by_the_board_its_partnership_names(anytown_service):
    decision = decision_recorded(
        None,
        service=anytown_service,
        decision_maker=DecisionMaker.PARTNERSHIP_BOARD,
        subject_to_call_in=False,
        published_on=date(2012, 4, 17),
    )
    assert decision.decided_by == "Anytown Joint Committee"


def test_the_gateway_waiting_on_the_board_names_that_partnerships_board(anytown_service):
    [(_, check)] = gateway_overview(date(2013, 1, 1), anytown_service.partnership)
    assert check.decided_by == "Anytown Joint Committee"
    assert [hold.why for hold in check.holds] == ["The Anytown Joint Committee has not yet decided."]


def test_the_decision_record_page_shows_the_boards_name(client, anytown_service, django_user_model):
    admin = django_user_model.objects.create_user(username="platform.admin", password="x", role="administrator")
    decision = decision_recorded(
        None, service=anytown_service, decision_maker=DecisionMaker.PARTNERSHIP_BOARD, subject_to_call_in=False
    )
    client.force_login(admin)
    page = client.get(reverse("governance:decision", args=[decision.pk])).content.decode()
    assert "Anytown Joint Committee" in page
    assert "MKIP" not in page
