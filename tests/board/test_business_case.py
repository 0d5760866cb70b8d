"""The business case (seed 001) as a page and a PDF: every figure from the data, in both, and who may read which."""

from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from finance.models import BudgetFigure, BudgetLine
from finance.presentation import millions, thousands
from finance.selectors import service_finance
from mkip.money import format_gbp
from partnership.models import ServicePartner, SharedService, User
from staffing.selectors import establishment
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

PAGE = "/finance/services/ict/business-case/"
PDF = "/finance/services/ict/business-case.pdf"
FULL_PAGE = "/finance/services/ict/business-case-full/"
FULL_PDF = "/finance/services/ict/business-case-full.pdf"
EXEMPT_TEXT = "Placeholder for the document named"


@pytest.fixture
def site():
    call_command("load_mkip", stdout=StringIO())
    call_command("create_demo_users", stdout=StringIO())
    User.objects.create_user("outsider", password="not used here")


def client_for(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def pdf_text(response) -> tuple[str, int]:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def published_figures() -> list[str]:
    """Seed 001's figures, each computed from the data the way the report computes it."""
    ict = SharedService.objects.get(slug="ict")
    finance = service_finance(ict)
    table = establishment(ict).table
    first = table.totals_for(table.columns[0])
    projection = finance.statement.projection
    return [
        format_gbp(first.cost),  # Table 1: £1,835,820
        f"{first.fte:.1f} FTE",  # Table 1: 47.8 FTE
        format_gbp(finance.statement.columns[-1].total),  # Table 2: £4,282,230
        millions(projection.total),  # £3.71M
        thousands(projection.average_per_year),  # £371,000
    ]


def test_business_case_pdf_shows_the_data_figures_the_page_shows(site):
    client = client_for("board")
    figures = published_figures()
    assert figures == ["£1,835,820", "47.8 FTE", "£4,282,230", "£3.71M", "£371,000"]
    page = client.get(PAGE).content.decode()
    text, pages = pdf_text(client.get(PDF))
    for figure in [
        *figures,
        "£172k",
        "further 3.7 FTE",
        "£179,000",
        "£1,663,840",
        "£1,485,060",
        "£154,000",
        "£300,000",
    ]:
        assert figure in page, figure
        assert figure in flat(text), figure
    assert "Maidstone Borough Council" in text and "Report of" in text and "David Lindsay" in text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_changing_a_budget_moves_table_two_in_the_page_and_the_pdf(site):
    client = client_for("board")
    assert "£4,735,310" in client.get(PAGE).content.decode()
    line = BudgetLine.objects.filter(service__slug="ict", council__code="MBC", programme="revenue").first()
    BudgetFigure.objects.filter(line=line, year=2012, kind="budget").update(
        amount=line.figures.get(year=2012).amount + 1000
    )
    page = client.get(PAGE).content.decode()
    text, _ = pdf_text(client.get(PDF))
    assert "£4,736,310" in page and "£4,736,310" in flat(text)
    assert "£4,735,310" not in page and "£4,735,310" not in flat(text)


def test_public_pdf_names_the_exempt_appendix_and_its_paragraph_but_not_its_text(site):
    text, _ = pdf_text(client_for("admin").get(PDF))
    assert "Exempt Appendix J – collaboration agreement" in flat(text)
    assert "paragraph 3 of Part 1 of Schedule 12A" in flat(text)
    assert EXEMPT_TEXT not in flat(text)


def test_full_pdf_prints_the_exempt_appendix_for_maidstone_democratic_services(site):
    client = client_for("democratic.mbc")
    text, _ = pdf_text(client.get(FULL_PDF))
    assert EXEMPT_TEXT in flat(text)
    assert EXEMPT_TEXT in client.get(FULL_PAGE).content.decode()
    assert "Full version" in client.get(PAGE).content.decode()


@pytest.mark.parametrize("username", ["board", "officer.sbc", "head.ict"])
def test_readers_without_the_right_get_the_public_version_only(site, username):
    client = client_for(username)
    assert client.get(PAGE).status_code == 200
    assert EXEMPT_TEXT not in client.get(PAGE).content.decode()
    assert client.get(FULL_PAGE).status_code == 403
    assert client.get(FULL_PDF).status_code == 403


@pytest.mark.parametrize("url", [PAGE, PDF, FULL_PAGE, FULL_PDF])
def test_outsider_is_refused_every_version(site, url):
    assert client_for("outsider").get(url).status_code == 403


def test_service_finance_page_links_to_the_report_and_its_pdf(site):
    page = client_for("board").get("/finance/services/ict/").content.decode()
    assert f'href="{PAGE}"' in page and f'href="{PDF}"' in page


def _add_councils(count):
    """Councils joining ICT with budget figures, so every per-council loop has more to do."""
    ict = SharedService.objects.get(slug="ict")
    for _ in range(count):
        council = CouncilFactory()
        ServicePartner.objects.create(service=ict, council=council, joined=date(2013, 4, 1))
        line = BudgetLine.objects.create(service=ict, council=council, programme="revenue", name="Software", position=1)
        BudgetFigure.objects.create(line=line, year=2012, kind="budget", amount=1000)


# session, user (2); service (1); its partners for the full-version check (1); service_finance: partners,
# figures, plan, plan steps, implementation costs, contributions, spends (7) and staffing's posts for the
# staff costs (1); the establishment for Table 1 (1); contacts and their services (2); review points (1);
# risks and their reviews (2); decisions (1); documents with their decision's council (1); its latest
# published version (1); the latest approved baseline (1).
BUSINESS_CASE_QUERIES = 22


@pytest.mark.parametrize("extra_councils", [0, 27])
def test_business_case_page_queries_are_the_same_for_3_and_30_councils(site, extra_councils, django_assert_num_queries):
    _add_councils(extra_councils)
    client = client_for("board")
    with django_assert_num_queries(BUSINESS_CASE_QUERIES):
        assert client.get(PAGE).status_code == 200


def test_the_invented_figures_note_is_printed_only_while_a_figure_is_flagged_illustrative(site):
    note = "figures were invented for the demonstration so that they add up"
    assert note in client_for("board").get(PAGE).content.decode()
    for figure in BudgetFigure.objects.filter(line__service__slug="ict").exclude(illustrative_fields=[]):
        figure.illustrative_fields = [name for name in figure.illustrative_fields if name != "amount"]
        figure.save()
    assert note not in client_for("board").get(PAGE).content.decode()
