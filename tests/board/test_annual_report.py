"""The partnership annual report (seed 002) as a page and a PDF: figures from the data, versions, permissions."""

from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from finance.models import ImplementationCost
from finance.savings import return_on_investment, return_per_pound_whole
from finance.selectors import service_finance
from governance.models import Decision, DecisionMaker
from governance.services import document_add
from mkip.money import format_gbp
from mkip.pdf import html_to_pdf
from partnership.models import PartnershipMember, SharedService, User
from tests.factories import CouncilFactory, PartnershipFactory, shared_service_with_partners

pytestmark = pytest.mark.django_db

PAGE, PDF = "/annual-report/", "/annual-report.pdf"
FULL_PAGE, FULL_PDF = "/annual-report-full/", "/annual-report-full.pdf"
BOARD_PAPER_TEXT = "Terms of reference for the Mid Kent Services Director"


@pytest.fixture
def site():
    call_command("load_mkip", stdout=StringIO())
    call_command("create_demo_users", stdout=StringIO())
    User.objects.create_user("outsider", password="not used here")


@pytest.fixture
def exempt_board_paper(site):
    """A partnership board decision with an exempt appendix: the annual report's appendices are the Board's papers."""
    decision = Decision.objects.create(
        council=None,
        decision_maker=DecisionMaker.PARTNERSHIP_BOARD,
        subject_to_call_in=False,
        title="Mid Kent Services Director trial",
        decided_on=date(2014, 4, 1),
    )
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Criteria</title></head>'
        f"<body><p>{BOARD_PAPER_TEXT}</p></body></html>"
    )
    upload = ContentFile(html_to_pdf(html), name="criteria.pdf")
    return document_add(decision=decision, title="Appendix C: assessment criteria", upload=upload, exempt_paragraph=1)


def client_for(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages).split())


def ict_money():
    finance = service_finance(SharedService.objects.get(slug="ict"))
    investment = sum(c.amount for c in finance.implementation_costs) + finance.statement.pot.total_contributed
    planned = finance.statement.projection.total
    return investment, planned


def test_annual_report_shows_services_partners_and_ict_return_from_the_data(site):
    investment, planned = ict_money()
    figures = [
        format_gbp(investment),
        format_gbp(planned),
        f"£{return_per_pound_whole(planned, investment)} returned for every £1 invested",
        f"£{return_on_investment(planned, investment)}",
    ]
    client = client_for("board")
    page = " ".join(client.get(PAGE).content.decode().split())
    text = pdf_text(client.get(PDF))
    for expected in [
        *figures,
        "Four-way: Ashford",
        "Two-way: Maidstone, Swale",
        "Gateway 3: implementation",
        "Paul Taylor",
    ]:
        assert expected in page, expected
        assert expected in text, expected
    # Only ICT has a savings plan: the report says so instead of inventing partnership-wide totals.
    assert "entered for 1 of the 9 services only" in text


def test_changing_an_implementation_cost_moves_the_return_in_page_and_pdf(site):
    cost = ImplementationCost.objects.filter(service__slug="ict").first()
    cost.amount += 100000
    cost.save()
    investment, planned = ict_money()
    expected = f"£{return_on_investment(planned, investment)}"
    client = client_for("board")
    assert expected in client.get(PAGE).content.decode()
    assert expected in pdf_text(client.get(PDF))


def test_public_pdf_names_the_exempt_board_paper_and_its_paragraph_only(exempt_board_paper):
    text = pdf_text(client_for("board").get(PDF))
    assert "Appendix C: assessment criteria" in text and "paragraph 1 of Part 1 of Schedule 12A" in text
    assert BOARD_PAPER_TEXT not in text


def test_full_pdf_prints_the_exempt_board_paper_for_an_administrator(exempt_board_paper):
    client = client_for("admin")
    assert BOARD_PAPER_TEXT in pdf_text(client.get(FULL_PDF))
    assert BOARD_PAPER_TEXT in client.get(FULL_PAGE).content.decode()


@pytest.mark.parametrize("username", ["board", "officer.mbc", "head.ict"])
def test_readers_get_the_public_version_and_are_refused_the_full_one(site, username):
    client = client_for(username)
    assert client.get(PAGE).status_code == 200
    assert client.get(FULL_PAGE).status_code == 403
    assert client.get(FULL_PDF).status_code == 403


@pytest.mark.parametrize("url", [PAGE, PDF, FULL_PAGE, FULL_PDF])
def test_outsider_is_refused_the_annual_report(site, url):
    assert client_for("outsider").get(url).status_code == 403


def test_overview_links_to_its_partnerships_annual_report_and_its_pdf(site):
    page = client_for("board").get("/").content.decode()
    assert f'href="{PAGE}?partnership=mkip"' in page and f'href="{PDF}?partnership=mkip"' in page


# session, user (2); the reader's partnership (1); councils for the full-version check (1); its
# members, strategic partners (2);
# services with current partners (2); contacts and their services (2); services with plans (1) and
# services_finance's 7 queries plus staffing's posts for the one planned service (8); delivered savings (1);
# the gateway pipeline: services, partners, gateway decisions (3); bodies and members (2); Board papers (1);
# its latest published version (1).
ANNUAL_REPORT_QUERIES = 27


@pytest.mark.parametrize("extra_councils", [0, 27])
def test_annual_report_queries_are_the_same_for_3_and_30_councils(site, extra_councils, django_assert_num_queries):
    partnership = PartnershipMember.objects.first().partnership
    for _ in range(extra_councils):
        PartnershipMember.objects.create(partnership=partnership, council=CouncilFactory(), joined=date(2014, 4, 1))
    client = client_for("board")
    with django_assert_num_queries(ANNUAL_REPORT_QUERIES):
        assert client.get(PAGE).status_code == 200


def test_the_annual_report_is_of_one_partnership_and_leaves_out_the_others(site):

    other = PartnershipFactory(slug="elsewhere", name="Elsewhere Partnership", short_name="EP")
    shared_service_with_partners(CouncilFactory(), CouncilFactory(), partnership=other, name="Elsewhere Revenues")
    client = client_for("board")
    mkip = client.get(PAGE).content.decode()
    assert "Mid Kent Improvement Partnership" in mkip and "Elsewhere Revenues" not in mkip
    elsewhere = client.get(PAGE, {"partnership": "elsewhere"}).content.decode()
    assert "Elsewhere Revenues" in elsewhere and "Mid Kent ICT" not in elsewhere
    assert "?partnership=elsewhere" in elsewhere  # its PDF link keeps the partnership


def test_an_unknown_partnership_is_not_found(site):
    assert client_for("board").get(PAGE, {"partnership": "nowhere"}).status_code == 404
