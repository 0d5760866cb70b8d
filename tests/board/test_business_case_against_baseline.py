"""The business case laid beside its approved baseline: every table's moved figure shows the
baseline and the difference, figures as approved carry nothing, and the printed copy is as read."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from finance.baseline_figures import STAFFING, TOTALS, from_data, staffing_row_name
from finance.baselines import current_figures
from finance.models import Baseline, BudgetFigure
from finance.services import save_figure
from mkip.money import format_gbp
from partnership.models import SharedService, User
from staffing.models import Post
from staffing.services import post_save_one
from tests.factories import client_for, load_mkip_demo

pytestmark = pytest.mark.django_db

PAGE = "/finance/services/ict/business-case/"
COMPARED = PAGE + "?against=baseline"


@pytest.fixture
def site():
    load_mkip_demo()
    return SharedService.objects.get(slug="ict")


def _admin():
    return User.objects.get(username="admin")


def correct_a_2012_budget_cell(amount):
    figure = (
        BudgetFigure.objects.filter(line__service__slug="ict", year=2012, kind="budget", line__in_non_staff_base=True)
        .order_by("pk")
        .first()
    )
    figure.amount += amount
    save_figure(user=_admin(), figure=figure, loaded_version=figure.version)


def raise_a_post_cost(amount):
    post = Post.objects.filter(service__slug="ict", vacant=False).order_by("pk").first()
    post.cost += amount
    post_save_one(user=_admin(), post=post)
    return post


def notes(page: str) -> list[str]:
    return re.findall(r'<span class="app-vs">(.*?)</span></span>', page)


def _table(page: str, table_id: str) -> str:
    start = page.index(f'id="{table_id}"')
    return page[start : page.index("</table>", start)]


def test_a_business_case_as_approved_offers_no_comparison_and_carries_no_notes(site):
    page = client_for("board").get(COMPARED).content.decode()
    assert "Every figure of this business case is as approved." in page
    assert "Show the baseline beside each figure" not in page
    assert notes(page) == []


def test_after_a_budget_correction_tables_2_and_3_show_the_baseline_under_each_moved_figure(site):
    approved = from_data(Baseline.objects.get(service=site).figures)
    correct_a_2012_budget_cell(Decimal("500"))
    now = current_figures(site)
    board = client_for("board")

    plain = board.get(PAGE).content.decode()
    assert "Show the baseline beside each figure" in plain
    assert notes(plain) == [], "figures are annotated only when asked"

    page = board.get(COMPARED).content.decode()
    assert "Hide the baseline" in page
    table_2 = _table(page, "table-2")
    budget_2012 = next(e for e in approved if e.row == "Budget 2012/13" and e.column == "Total")
    assert f"baseline {format_gbp(budget_2012.value)}" in table_2
    assert f"(+{format_gbp(Decimal('500'))})" in table_2

    term = [e for e in (approved, now) for e in e if e.section == TOTALS and e.row == "Savings over the term"]
    was, today = term[0].value, term[1].value
    assert was != today
    table_3 = _table(page, "table-3")
    assert f"baseline {format_gbp(was, pence=True)}" in table_3
    changed = sum(1 for a, b in zip(approved, now, strict=True) if a != b)
    assert 0 < len(notes(page)) <= changed


def test_a_post_cost_raised_after_approval_shows_in_table_1_against_its_baseline(site):
    approved = from_data(Baseline.objects.get(service=site).figures)
    raise_a_post_cost(Decimal("1000"))
    now = {e.key: e for e in current_figures(site) if e.section == STAFFING}
    moved = [e for e in approved if e.section == STAFFING and e.key in now and now[e.key].value != e.value]
    total_cost = next(e for e in moved if e.row == staffing_row_name("Total All Staff - Cost", "cost"))

    page = client_for("board").get(COMPARED).content.decode()
    table_1 = _table(page, "table-1")
    assert f"baseline {format_gbp(total_cost.value)}" in table_1
    assert f"(+{format_gbp(Decimal('1000'))})" in table_1
    assert len(notes(table_1)) == len(moved)


def test_the_printed_business_case_never_carries_the_comparison(site):
    correct_a_2012_budget_cell(Decimal("500"))
    response = client_for("board").get(PAGE.rstrip("/") + ".pdf?against=baseline")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Table 2" in text
    assert "baseline £" not in text


def test_the_business_case_reads_the_same_queries_compared_or_not(site):
    correct_a_2012_budget_cell(Decimal("500"))
    board = client_for("board")
    board.get(PAGE)
    with CaptureQueriesContext(connection) as plain:
        board.get(PAGE)
    with CaptureQueriesContext(connection) as compared:
        board.get(COMPARED)
    assert len(compared) == len(plain)


def test_the_staffing_page_leads_to_its_figures_beside_the_baseline_in_table_1(site):
    raise_a_post_cost(Decimal("1000"))
    staffing = client_for("board").get("/staffing/ict/").content.decode()
    link = re.search(r'id="against-baseline-link".*?href="([^"]+)"', staffing, re.S).group(1)
    assert link == COMPARED + "#table-1"
    table_1 = _table(client_for("board").get(link.split("#")[0]).content.decode(), "table-1")
    assert f"(+{format_gbp(Decimal('1000'))})" in table_1
