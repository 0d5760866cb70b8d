"""Every governance list and detail page runs the same number of queries for 3 councils as for 30."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Body, BodyMember, Contact, DecisionStatus, GatewayHistory, Risk, RiskReview
from governance.services import document_add
from partnership.models import Council, GatewayStage, ReviewPoint, SharedService
from tests.factories import (
    CouncilFactory,
    ForwardPlanEntryFactory,
    UserFactory,
    decision_recorded,
    shared_service_with_partners,
)


@pytest.fixture
def overhead(reader, db):
    """The queries every request of a signed-in reader costs before the view runs (session, user, two-factor
    and idle-session middleware), measured on a GET the view refuses before touching the database, so the
    counts below are each page's own and do not change when the middleware does."""

    with CaptureQueriesContext(connection) as queries:
        assert reader.get(reverse("governance:gateway-pass", args=["ict"])).status_code == 405
    return len(queries)


@pytest.fixture(params=[3, 30], ids=["3 councils", "30 councils"])
def register(request, db):
    councils = [CouncilFactory() for _ in range(request.param)]
    service = shared_service_with_partners(
        *councils, name="Mid Kent ICT", slug="ict", agreement_start=date(2013, 4, 1), term_years=10
    )
    SharedService.objects.filter(pk=service.pk).update(gateway_stage=GatewayStage.GATEWAY_1)
    ReviewPoint.objects.create(service=service, name="Post-implementation review", after_years=3)
    decisions = [
        decision_recorded(
            council,
            title=f"ICT business case {n}",
            service=service,
            gateway=GatewayStage.GATEWAY_2,
            status=DecisionStatus.APPROVED if n else DecisionStatus.DEFERRED,
            is_key_decision=True,
            reason_key="policy",
            decided_on=date(2030, 4, 14),
            notice_published_on=date(2030, 4, 1),
            published_on=date(2030, 4, 15),
        )
        for n, council in enumerate(councils)
    ]
    entry = GatewayHistory.objects.create(
        service=service, stage=GatewayStage.GATEWAY_1, entered_on=date(2012, 1, 1), rating="green"
    )
    entry.decisions.set(decisions)
    # As many documents as councils, every other one exempt, so a query per appendix would show.
    for n in range(request.param):
        document_add(
            decision=decisions[1],
            title=f"Appendix {n}",
            upload=ContentFile(b"%PDF-1.4\n", name=f"appendix-{n}.pdf"),
            exempt_paragraph=3 if n % 2 else None,
        )
    return {"councils": councils, "decisions": decisions}


@pytest.fixture
def reader(client, db):
    client.force_login(UserFactory(username="reader", role="board_member"))
    # The first request after signing in may rewrite the session (PostgreSQL does); warm it up so
    # the counts below are the page's own.
    client.get(reverse("governance:milestones"))
    return client


def test_decision_list(reader, register, overhead, django_assert_num_queries):
    # count for the paginator; the page of decisions with councils and services;
    # the councils the reader may record for (for the "Record a decision" links); the filter's council choices.
    with django_assert_num_queries(overhead + 4):
        assert reader.get(reverse("governance:decisions")).status_code == 200


def test_decision_page(reader, register, overhead, django_assert_num_queries):
    # the decision with council and service; recommendations; documents (every one, exempt ones
    # named as appendices); interests; its latest published notice.
    with django_assert_num_queries(overhead + 5):
        page = reader.get(register["decisions"][1].get_absolute_url())
    assert page.status_code == 200 and page.content.decode().count("Schedule 12A") == len(register["councils"]) // 2


def test_decision_page_for_the_councils_recorder(reader, register, overhead, django_assert_num_queries):
    # As above, plus the recorder's own council, which the site layout reads for any council user;
    # the links to exempt appendices cost nothing more, however many there are.
    decision = register["decisions"][1]
    reader.force_login(UserFactory(username="recorder", role="democratic_services", council=decision.council))
    reader.get(reverse("governance:milestones"))
    with django_assert_num_queries(overhead + 6):
        assert reader.get(decision.get_absolute_url()).status_code == 200


def test_decision_notice_pdf(reader, register, overhead, django_assert_num_queries):
    # The same four queries as the page: the PDF lists the same appendices.
    with django_assert_num_queries(overhead + 4):
        response = reader.get(reverse("governance:decision-pdf", args=[register["decisions"][1].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_service_gateway_page(reader, register, overhead, django_assert_num_queries):
    # the service; its partners with councils; its history; the history's decisions with
    # councils; the decisions for the next gateway.
    with django_assert_num_queries(overhead + 5):
        page = reader.get(reverse("governance:service-gateway", args=["ict"]))
    assert "cannot pass yet" in page.content.decode()


def test_forward_plan(reader, register, overhead, django_assert_num_queries):
    # the reader's partnership; the partnerships to choose from; the key decisions to come with councils and
    # services; the councils whose own plans it links to.
    with django_assert_num_queries(overhead + 4):
        page = reader.get(reverse("governance:forward-plan"))
    assert "General exception (regulation 10)" in page.content.decode()


def test_a_councils_forward_plan(reader, register, overhead, django_assert_num_queries):
    councils = list(Council.objects.order_by("pk"))
    for n, _ in enumerate(councils):
        ForwardPlanEntryFactory(council=councils[0], matter=f"Entry {n}")
    url = reverse("governance:forward-plan-council", args=[councils[0].code])
    # the council; its entries; its latest published plan.
    with django_assert_num_queries(overhead + 3):
        page = reader.get(url)
    assert page.content.decode().count("Entry ") == len(councils)


def test_milestones(reader, register, overhead, django_assert_num_queries):
    # the reader's partnership; the partnerships to choose from; services with agreements; their review points.
    with django_assert_num_queries(overhead + 4):
        page = reader.get(reverse("governance:milestones"))
    assert "Post-implementation review" in page.content.decode()


def test_calendar_feed(reader, register, overhead, django_assert_num_queries):
    # decisions with councils; services with agreements; their review points.
    with django_assert_num_queries(overhead + 3):
        feed = reader.get(reverse("governance:calendar")).content.decode()
    assert "BEGIN:VCALENDAR" in feed and "SUMMARY:Call-in ends: ICT business case 1" in feed


def test_gateways_overview(reader, register, overhead, django_assert_num_queries):
    # services; their current partners with councils; every gateway decision.
    with django_assert_num_queries(overhead + 3):
        page = reader.get(reverse("governance:gateways")).content.decode()
    assert "Cabinet deferred on 14/04/2030" in page


@pytest.fixture
def registers(register):

    service = SharedService.objects.get(slug="ict")
    for n, council in enumerate(register["councils"]):
        risk = Risk.objects.create(
            service=service, category="general", title=f"Risk {n}", owner="Head", likelihood=2, impact=3
        )
        RiskReview.objects.create(risk=risk, reviewed_on=date(2014, 1, 1), likelihood=2, impact=3, status="open")
        contact = Contact.objects.create(name=f"Contact {n}", role="Head of service", council=council)
        contact.services.add(service)
        body = Body.objects.create(name=f"Scrutiny {n}", kind="scrutiny", council=council)
        BodyMember.objects.create(body=body, name=f"Member {n}", role="Chair", council=council, is_chair=True)
    return register


def test_risk_register(reader, registers, overhead, django_assert_num_queries):
    # the service; its risks; their reviews.
    with django_assert_num_queries(overhead + 3):
        assert reader.get(reverse("governance:risks", args=["ict"])).status_code == 200


def test_contacts(reader, registers, overhead, django_assert_num_queries):
    # contacts with councils; their services.
    with django_assert_num_queries(overhead + 2):
        assert reader.get(reverse("governance:contacts")).status_code == 200


def test_bodies(reader, registers, overhead, django_assert_num_queries):
    # bodies with councils and services; their members with councils.
    with django_assert_num_queries(overhead + 2):
        assert reader.get(reverse("governance:bodies")).status_code == 200
