"""The budget and posts grids in Chromium: a block pasted from a spreadsheet, arrow keys, live totals,
a note of unsaved changes, and errors a screen reader can find. Every step passes axe."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from finance.models import BudgetFigure, BudgetLine

pytestmark = pytest.mark.browser

GRID = "/finance/services/ict/MBC/revenue/"

# Three rows of four cells as Excel puts them on the clipboard: tabs between cells, CRLF after rows.
BLOCK = "£1,000\t2,000\t3000\t4,000.50\r\n5\t6\t7\t8\r\n(9)\t10\t11\t12\r\n"
PASTED = [
    ["1,000.00", "2,000.00", "3,000.00", "4,000.50"],
    ["5.00", "6.00", "7.00", "8.00"],
    ["-9.00", "10.00", "11.00", "12.00"],
]


def _cells(page):
    """The grid's inputs as rows of locators, top to bottom."""
    rows = page.locator("#budget-grid tbody tr")
    return [
        [rows.nth(r).locator("input[data-grid-money]").nth(c) for c in range(rows.nth(r).locator("input").count())]
        for r in range(rows.count())
    ]


def _paste(page, target, text):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    target.focus()
    page.keyboard.press("Control+V")


def test_a_block_pasted_from_excel_lands_in_twelve_cells_updates_the_totals_and_saves(
    sign_in, mkip_site, axe_violations
):
    page = sign_in("officer.mbc")
    page.goto(f"{mkip_site.url}{GRID}")
    expect(page.locator("#budget-grid[data-grid-ready]")).to_have_count(1)
    assert axe_violations() == []
    cells = _cells(page)
    first_row_before = [cells[0][c].input_value() for c in range(len(cells[0]))]

    _paste(page, cells[0][0], BLOCK)

    assert [[cells[r][c].input_value() for c in range(4)] for r in range(3)] == PASTED
    # The first row's other columns (if any) are as they were: the block is exactly 3 by 4.
    assert [cells[0][c].input_value() for c in range(4, len(cells[0]))] == first_row_before[4:]
    row_total = page.locator("#budget-grid tbody tr").first.locator("[data-grid-row-total]")
    expected_row = sum(Decimal(v.replace(",", "")) for v in PASTED[0])
    expected_row += sum((Decimal(v.replace(",", "")) for v in first_row_before[4:] if v), Decimal(0))
    expect(row_total).to_have_text(f"£{expected_row:,.2f}")
    expect(page.locator("[data-grid-status]")).to_have_text("Pasted 12 cells.")
    expect(page.locator("[data-grid-unsaved]")).to_have_text("12 cells have changed and are not saved yet.")
    assert axe_violations() == []

    page.get_by_role("button", name="Save all figures").click()
    # Maidstone's investment changes, so the other councils' shares move: the officer confirms.
    expect(page.get_by_role("region", name="Check before saving")).to_be_visible()
    expect(page.locator("#budget-grid input").first).to_have_value(PASTED[0][0])
    assert axe_violations() == []
    page.get_by_role("button", name="Confirm and save all figures").click()
    expect(page.get_by_text(re.compile(r"budget is saved \(12 figures changed\)"))).to_be_visible()
    lines = list(BudgetLine.objects.filter(service__slug="ict", council__code="MBC", programme="revenue"))
    saved = BudgetFigure.objects.filter(line__in=lines)
    for r, row in enumerate(PASTED):
        assert page.locator("#budget-grid tbody tr").nth(r).locator("input").nth(0).input_value() == row[0]
    assert saved.filter(amount=Decimal("4000.50")).count() == 1
    assert saved.filter(amount=Decimal("-9.00")).count() == 1
    assert axe_violations() == []


def test_arrow_keys_and_enter_move_between_cells_and_a_typed_figure_updates_the_totals(sign_in, mkip_site):
    page = sign_in("officer.mbc")
    page.goto(f"{mkip_site.url}{GRID}")
    expect(page.locator("#budget-grid[data-grid-ready]")).to_have_count(1)
    cells = _cells(page)
    cells[0][0].focus()
    page.keyboard.press("ArrowDown")
    expect(cells[1][0]).to_be_focused()
    page.keyboard.press("ArrowRight")  # the whole figure is selected on arrival, so right moves on
    expect(cells[1][1]).to_be_focused()
    page.keyboard.press("Enter")
    expect(cells[2][1]).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(cells[1][1]).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(cells[1][0]).to_be_focused()

    column_total = page.locator("[data-grid-column-total='0']")
    before = Decimal(column_total.inner_text().replace("£", "").replace(",", ""))
    old = Decimal(cells[1][0].input_value().replace(",", "") or "0")
    cells[1][0].fill("£1,234")
    expect(column_total).to_have_text(f"£{before - old + Decimal(1234):,.2f}")
    page.keyboard.press("Tab")
    expect(cells[1][0]).to_have_value("1,234.00")
    expect(page.locator("[data-grid-unsaved]")).to_have_text("1 cell has changed and is not saved yet.")


def test_each_cell_is_one_tab_stop_and_history_is_one_link_per_row(sign_in, mkip_site):
    page = sign_in("officer.mbc")
    page.goto(f"{mkip_site.url}{GRID}")
    cells = _cells(page)
    cells[0][0].focus()
    page.keyboard.press("Tab")
    expect(cells[0][1]).to_be_focused()
    rows = page.locator("#budget-grid tbody tr")
    assert page.locator("#budget-grid tbody a").count() == rows.count()
    rows.first.get_by_role("link", name=re.compile("History")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^History of "))


def test_the_posts_grids_errors_are_named_as_labelled_and_announced_with_the_field(sign_in, mkip_site, axe_violations):
    page = sign_in("officer.mbc")
    page.goto(f"{mkip_site.url}/staffing/ict/")
    page.locator("a[href$='/posts/2012-13/budget/']").first.click()
    expect(page.locator("#posts-grid[data-grid-ready]")).to_have_count(1)
    fte = page.locator("#id_form-0-fte")
    fte.fill("lots")
    page.get_by_role("button", name="Save all posts").click()

    expect(page.get_by_role("link", name=re.compile(r"^Row 1, FTE: "))).to_be_visible()
    described_by = page.locator("#id_form-0-fte").get_attribute("aria-describedby")
    assert described_by
    for message_id in described_by.split():
        expect(page.locator(f"[id='{message_id}']")).to_have_count(1)
    description = page.evaluate(
        "ids => ids.split(' ').map(id => document.getElementById(id).textContent.trim()).join(' ')", described_by
    )
    summary = page.get_by_role("link", name=re.compile(r"^Row 1, FTE: ")).inner_text()
    assert summary.removeprefix("Row 1, FTE: ") in description
    assert axe_violations() == []
    page.get_by_role("link", name=re.compile(r"^Row 1, FTE: ")).click()
    expect(page.locator("#id_form-0-fte")).to_be_focused()


def test_a_block_pasted_into_the_posts_grid_fills_grade_fte_and_cost_and_moves_on_with_arrows(sign_in, mkip_site):
    page = sign_in("officer.mbc")
    page.goto(f"{mkip_site.url}/staffing/ict/")
    page.locator("a[href$='/posts/2012-13/budget/']").first.click()
    expect(page.locator("#posts-grid[data-grid-ready]")).to_have_count(1)
    _paste(page, page.locator("#id_form-0-grade"), "Grade 5\t2.5\t£61,000\r\nGrade 6\t1\t30000\r\n")
    assert [
        page.locator(f"#id_form-{r}-{name}").input_value() for r in (0, 1) for name in ("grade", "fte", "cost")
    ] == [
        "Grade 5",
        "2.5",
        "61,000.00",
        "Grade 6",
        "1",
        "30,000.00",
    ]
    page.locator("#id_form-0-fte").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_form-1-fte")).to_be_focused()
