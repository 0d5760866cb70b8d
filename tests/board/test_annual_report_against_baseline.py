"""The annual report's Table 2 beside each service's approved baseline: moved figures show the
baseline and the difference, figures as approved carry nothing, and the PDF never compares."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from finance.baseline_figures import TOTALS, from_data
from finance.models import Baseline, ImplementationCost
from mkip.money import format_gbp
from partnership.models import PartnershipMember
from tests.board.test_annual_report import ANNUAL_REPORT_QUERIES, PAGE, PDF, pdf_text
from tests.factories import CouncilFactory, client_for

pytestmark = pytest.mark.django_db

COMPARED = PAGE + "?partnership=mkip&against=baseline"


@pytest.fixture
def site():
    call_command("load_mkip", stdout=StringIO())
    call_command("create_demo_users", stdout=StringIO())


def _table_2(page: str) -> str:
    start = page.index('id="table-savings"')
    return page[start : page.index("</table>", start)]


def _approved(row: str) -> Decimal:
    entries = from_data(Baseline.objects.get(service__slug="ict").figures)
    return next(e.value for e in entries if e.section == TOTALS and e.row == row)


def test_figures_as_approved_carry_no_baseline_note(site):
    page = client_for("board").get(COMPARED).content.decode()
    assert "app-vs" not in _table_2(page)
    assert "Hide the baselines" in page


def test_a_cost_raised_after_approval_shows_the_baseline_investment_and_the_difference(site):
    cost = ImplementationCost.objects.filter(service__slug="ict").order_by("pk").first()
    cost.amount += Decimal("100000")
    cost.save()

    table = _table_2(client_for("board").get(COMPARED).content.decode())
    notes = re.findall(r'<span class="app-vs">(.*?)</span></span>', table)
    assert notes == [f'baseline {format_gbp(_approved("Investment"))} <span class="app-vs__difference">(+£100,000)']
    plain = _table_2(client_for("board").get(PAGE + "?partnership=mkip").content.decode())
    assert "app-vs" not in plain


def test_the_printed_annual_report_never_carries_the_comparison(site):
    cost = ImplementationCost.objects.filter(service__slug="ict").order_by("pk").first()
    cost.amount += Decimal("100000")
    cost.save()
    text = pdf_text(client_for("board").get(PDF + "?partnership=mkip&against=baseline"))
    assert "baseline" not in text.lower().replace("baseline year", "")


@pytest.mark.parametrize("extra_councils", [0, 27])
def test_the_compared_report_takes_one_query_more_for_3_and_30_councils(
    site, extra_councils, django_assert_num_queries
):
    partnership = PartnershipMember.objects.first().partnership
    client = client_for("board")
    for _ in range(extra_councils):
        PartnershipMember.objects.create(partnership=partnership, council=CouncilFactory(), joined="2014-04-01")
    with django_assert_num_queries(ANNUAL_REPORT_QUERIES + 1):
        assert client.get(COMPARED).status_code == 200
