"""A second partnership's figures: shares as entered, rows that visibly add up, prose that quotes honestly.

Three councils whose 2012/13 investment bases are £5,001, £2,499 and £2,500 share 50.01%, 24.99% and
25%; a 7% step of a £10,000 base saves £700 a year, split to the penny.
"""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from finance.models import BudgetFigure, BudgetLine, ImplementationCost, NonStaffSavingStep, SavingsPlan
from mkip.fiscal import FinancialYear
from tests.factories import CouncilFactory, shared_service_with_partners

pytestmark = pytest.mark.django_db
Y = FinancialYear.parse
MONEY = re.compile(r"^(-?)£([\d,]+(?:\.\d\d)?)$")


class _Tables(HTMLParser):
    """Every table of a page as its caption and rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th", "caption") and self.tables:
            self._cell = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "caption" and self._cell is not None:
            self.tables[-1]["caption"] = " ".join(self._cell.split())
            self._cell = None


def tables_of(html: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def table_captioned(html: str, start: str) -> list[list[str]]:
    return next(table["rows"] for table in tables_of(html) if table["caption"].startswith(start))


def pounds(text: str) -> Decimal:
    sign, digits = MONEY.match(text.split(" ")[0]).groups()
    return Decimal(f"{sign}{digits.replace(',', '')}")


def assert_each_row_adds_up(rows, total_column: int, first_council: int):
    """The row's total and its councils' parts are shown to the penny, and the parts add up to it."""
    body = [row for row in rows[1:] if row]
    assert body
    for row in body:
        cells = [row[total_column], *row[first_council:]]
        assert all(re.search(r"\.\d\d$", cell.split(" ")[0]) for cell in cells), row
        assert sum(pounds(cell) for cell in row[first_council:]) == pounds(row[total_column]), row


@pytest.fixture
def three_way_service():
    councils = [CouncilFactory(name=f"{name} Borough Council") for name in ("Ashford", "Canterbury", "Dover")]
    service = shared_service_with_partners(*councils, slug="revenues", name="Revenues and benefits")
    for council, amount in zip(councils, ("5001.00", "2499.00", "2500.00"), strict=True):
        line = BudgetLine.objects.create(
            service=service, council=council, name="Software", group="supplies_other", in_non_staff_base=True
        )
        BudgetFigure.objects.create(line=line, year=Y("2012/13"), kind="budget", amount=Decimal(amount))
    plan = SavingsPlan.objects.create(service=service, baseline_year=Y("2012/13"), first_year=Y("2012/13"), years=3)
    NonStaffSavingStep.objects.create(plan=plan, year=Y("2012/13"), percentage=Decimal("7"))
    ImplementationCost.objects.create(service=service, name="Legal", amount=Decimal("1000.01"))
    ImplementationCost.objects.create(service=service, name="Project manager", amount=Decimal("333.33"))
    return service


def test_shares_of_50_01_24_99_and_25_display_as_entered(client, board_member, three_way_service):
    client.force_login(board_member)
    rows = table_captioned(client.get(reverse("finance:service", args=["revenues"])).content.decode(), "Each council")
    assert [(row[0], row[-1]) for row in rows[1:]] == [
        ("Ashford", "50.01%"),
        ("Canterbury", "24.99%"),
        ("Dover", "25%"),
    ]


def test_every_split_row_on_the_service_page_adds_up_to_the_penny(client, board_member, three_way_service):
    client.force_login(board_member)
    page = client.get(reverse("finance:service", args=["revenues"])).content.decode()
    savings = table_captioned(page, "Planned savings")
    assert savings[1][5:] == ["£700.00", "£350.07", "£174.93", "£175.00"]
    assert_each_row_adds_up(savings, total_column=5, first_council=6)
    assert_each_row_adds_up(table_captioned(page, "One-off implementation costs"), total_column=1, first_council=2)


def test_every_split_row_of_the_business_case_adds_up_to_the_penny(client, board_member, three_way_service):
    client.force_login(board_member)
    page = client.get(reverse("board:business-case", args=["revenues"])).content.decode()
    assert "Ashford 50.01%, Canterbury 24.99%, Dover 25%" in page
    assert_each_row_adds_up(table_captioned(page, "Table 3"), total_column=3, first_council=4)
    assert_each_row_adds_up(table_captioned(page, "Table 4"), total_column=1, first_council=2)


def _steps_sentence(client, page_slug) -> str:
    page = client.get(reverse("board:business-case", args=[page_slug])).content.decode()
    return re.search(r"delivered in stages: (.*?)\.", page).group(1)


def test_the_business_case_quotes_a_small_saving_exactly_and_says_falling_for_a_fall(
    client, board_member, three_way_service
):
    plan = three_way_service.savings_plan
    NonStaffSavingStep.objects.create(plan=plan, year=Y("2013/14"), amount=Decimal("30"))
    client.force_login(board_member)
    # £700 then £30: quoted as they are (not "£700" and "£0"), and a fall is not "rising".
    assert _steps_sentence(client, "revenues") == "7% in 2012/13 (£700), falling to a fixed saving in 2013/14 (£30)"


def test_the_business_case_still_rounds_large_steps_to_the_nearest_hundred_and_says_rising(
    client, board_member, three_way_service
):
    plan = three_way_service.savings_plan
    NonStaffSavingStep.objects.create(plan=plan, year=Y("2013/14"), amount=Decimal("274349.99"))
    client.force_login(board_member)
    assert _steps_sentence(client, "revenues") == (
        "7% in 2012/13 (£700), rising to a fixed saving in 2013/14 (£274,300)"
    )


def test_the_dashboards_council_split_adds_up_to_its_total_to_the_penny(client, board_member, three_way_service):
    client.force_login(board_member)
    page = client.get(reverse("board:dashboard"), {"partnership": three_way_service.partnership.slug})
    html = page.content.decode()
    planned_total = re.search(r"Savings planned over the plans’ terms</dt><dd[^>]*>([^<]+)<", html).group(1)
    by_council = table_captioned(html, "Savings by council")
    assert [row[0] for row in by_council[1:]] == ["Ashford", "Canterbury", "Dover"]
    assert sum(pounds(row[1]) for row in by_council[1:]) == pounds(planned_total) == Decimal("2100.00")
    assert planned_total == "£2,100.00"
