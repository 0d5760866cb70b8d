"""Every tracked record has a history page, read by its partnership's people and refused to others."""

import logging
import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from finance import views_history as finance_history
from finance.models import BudgetLine, CapitalSpend, Forecast
from finance.monitoring_services import open_round
from governance import views_history as governance_history
from governance.models import Decision, DeclaredInterest
from mkip.fiscal import FinancialYear
from mkip.history import is_tracked
from partnership import views_history as partnership_history
from partnership.models import Role, SharedService, User
from reminders import views as reminders_views
from reminders.models import Delivery
from reminders.services import save_preferences
from staffing import views_history as staffing_history
from tests.factories import CouncilFactory, PartnershipMemberFactory, UserFactory, shared_service_with_partners

pytestmark = pytest.mark.django_db

APPS = {
    "partnership": partnership_history.KINDS,
    "governance": governance_history.KINDS,
    "finance": finance_history.KINDS,
    "staffing": staffing_history.KINDS,
    "reminders": reminders_views.KINDS,
}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def history_url(namespace, kind, pk):
    return reverse(f"{namespace}:record-history", kwargs={"kind": kind, "pk": pk})


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_every_tracked_kind_of_record_has_a_history_page():
    with_pages = {spec.model for kinds in APPS.values() for spec in kinds.values()}
    tracked = {model for model in apps.get_models() if is_tracked(model)}

    assert tracked - with_pages == set()


@pytest.fixture
def site():
    call_command("load_mkip", stdout=StringIO())
    # The kinds of record the MKIP documents have none of.
    DeclaredInterest.objects.create(
        decision=Decision.objects.order_by("pk").first(), member="Cllr Example", interest="Lives in the area"
    )
    CapitalSpend.objects.create(
        service=SharedService.objects.get(slug="ict"),
        year=FinancialYear(2013),
        description="Servers",
        amount=Decimal("1000"),
        approved_at=timezone.now(),
    )
    monitoring_round = open_round(
        service=SharedService.objects.get(slug="ict"),
        year=FinancialYear(2012),
        quarter=1,
        due_on=date(2012, 7, 15),
        threshold_amount=Decimal("10000"),
        threshold_percent=Decimal("5"),
        user=None,
    )
    first = monitoring_round.returns.order_by("pk").first()
    line = BudgetLine.objects.filter(service=monitoring_round.service, council=first.council).first()
    Forecast.objects.create(monitoring_return=first, line=line, amount=Decimal("100"))
    admin = User.objects.create_user("admin", role=Role.ADMINISTRATOR, is_superuser=True)
    save_preferences(person=admin, delivery=Delivery.DIGEST, wanted=set())
    return admin


def test_an_administrator_reads_the_history_of_every_kind_of_record(site):
    client = signed_in(site)
    for namespace, kinds in APPS.items():
        for kind, spec in kinds.items():
            record = spec.model._default_manager.order_by("pk").first()
            assert record is not None, f"the MKIP data has a {kind}"
            response = client.get(history_url(namespace, kind, record.pk))
            assert response.status_code == 200, (namespace, kind)
            assert f"History of {escape(record)}" in text_of(response)
            assert "Created" in text_of(response)


def test_the_history_page_says_who_changed_which_field_from_what_to_what_and_how(maidstone):
    officer = UserFactory(
        username="officer.mbc", first_name="Olive", last_name="Ford", role=Role.OFFICER, council=maidstone
    )
    client = signed_in(officer)
    client.post(
        reverse("partnership:council-settings", args=[maidstone.code]),
        {"key_decision_threshold": "300000", "call_in_working_days": "5"},
    )

    page = text_of(client.get(history_url("partnership", "council", maidstone.pk)))

    assert "Olive Ford" in page
    assert "Form" in page
    assert "Key decision threshold</strong>: £250,000 → £300,000" in page
    assert f'href="{maidstone.get_absolute_url()}"' in page


def test_someone_of_another_partnership_is_refused_and_the_refusal_is_logged(caplog):
    ours, theirs = CouncilFactory(), CouncilFactory()
    PartnershipMemberFactory(council=ours)
    PartnershipMemberFactory(council=theirs)
    service = shared_service_with_partners(ours, host=ours)
    stranger = UserFactory(username="stranger", role=Role.OFFICER, council=theirs)
    colleague = UserFactory(username="colleague", role=Role.OFFICER, council=ours)
    url = history_url("partnership", "service", service.pk)

    with caplog.at_level(logging.WARNING, logger="mkip.security"):
        refused = signed_in(stranger).get(url)

    assert refused.status_code == 403
    assert any("refused user=stranger" in message for message in caplog.messages)
    assert signed_in(colleague).get(url).status_code == 200
    assert signed_in(UserFactory(username="board", role=Role.BOARD_MEMBER)).get(url).status_code == 200


def test_a_person_without_a_role_reads_no_history(maidstone):
    outsider = UserFactory(username="outsider", role="")

    assert signed_in(outsider).get(history_url("partnership", "council", maidstone.pk)).status_code == 403


def test_a_persons_history_is_theirs_and_the_administrators_only(maidstone, board_member, administrator):
    url = history_url("partnership", "user", board_member.pk)

    assert signed_in(board_member).get(url).status_code == 200
    assert signed_in(administrator).get(url).status_code == 200
    assert signed_in(UserFactory(username="other", role=Role.OFFICER, council=maidstone)).get(url).status_code == 403


def test_a_kind_of_record_that_does_not_exist_is_not_found(administrator):
    assert signed_in(administrator).get("/history/no-such-kind/1/").status_code == 404


def _history_page_queries(changes: int) -> int:
    council = CouncilFactory()
    PartnershipMemberFactory(council=council)
    officer = UserFactory(role=Role.OFFICER, council=council)
    editors = [UserFactory() for _ in range(3)]
    for number in range(changes):
        council.call_in_working_days = number % 30 + 1
        council._history_user = editors[number % 3]
        council.save()
    client = signed_in(officer)
    url = history_url("partnership", "council", council.pk)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.content.decode().count('class="govuk-table__row"') == changes + 2, "a row a change, and the head"
    return len(queries)


def test_the_history_page_takes_the_same_queries_for_2_or_20_rows():
    assert _history_page_queries(1) == _history_page_queries(19)


def test_record_pages_link_to_their_history(maidstone, ict, administrator):
    client = signed_in(administrator)

    assert (
        history_url("partnership", "council", maidstone.pk) in client.get(maidstone.get_absolute_url()).content.decode()
    )
    assert history_url("partnership", "service", ict.pk) in client.get(ict.get_absolute_url()).content.decode()
    assert "History of changes" in client.get(ict.get_absolute_url()).content.decode()


def test_a_council_in_no_partnership_has_its_history_read_by_every_reader():
    council = CouncilFactory()
    reader = UserFactory(username="reader", role=Role.OFFICER, council=CouncilFactory())

    assert signed_in(reader).get(history_url("partnership", "council", council.pk)).status_code == 200
