"""Imports driven in Chromium: a file with a mistake is refused row by row, the corrected file is
previewed, then confirmed (or cancelled). Every step passes axe."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

GRID = "/finance/services/ict/MBC/revenue/"


def _grid_file(line: str, amount: str) -> dict:
    body = f'Line,2012/13 budget\n{line},"{amount}"\n'
    return {"name": "grid.csv", "mimeType": "text/csv", "buffer": body.encode()}


def test_maidstone_officer_imports_a_corrected_budget_file_after_a_refused_one(sign_in, mkip_site, axe_violations):
    page = sign_in("officer.mbc")
    page.goto(f"{mkip_site.url}{GRID}")
    line = page.locator("table tbody th").first.inner_text().splitlines()[0].strip()
    page.goto(f"{mkip_site.url}{GRID}import/")
    assert axe_violations() == []

    page.get_by_label("Spreadsheet").set_input_files(_grid_file(line, "lots"))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_text("There is a problem: nothing was imported")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Row 2: 2012/13 budget: “lots” is not an amount"))).to_be_visible()
    assert page.title().startswith("Error:")
    assert axe_violations() == []

    page.get_by_label("Spreadsheet").set_input_files(_grid_file(line, "12,345.67"))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="Check the figures before importing")).to_be_visible()
    expect(page.get_by_text("£12,345.67")).to_be_visible()
    assert axe_violations() == []

    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_text("The import is saved (1 figure changed).")).to_be_visible()
    assert axe_violations() == []


def test_a_cancelled_posts_import_leaves_the_posts_as_they_were(sign_in, mkip_site, axe_violations):
    page = sign_in("officer.mbc")
    page.goto(f"{mkip_site.url}/staffing/ict/")
    page.locator("a[href$='/posts/2012-13/budget/']").first.click()
    posts_url = page.url
    before = page.locator("table tbody tr").count()
    page.get_by_role("link", name=re.compile("Import posts")).click()
    csv = "Team,Council,Grade,FTE,Cost,Vacant\nGIS,MBC,Grade 8,1,40000,no\n"
    page.get_by_label("Upload a CSV or Excel file").set_input_files(
        {"name": "posts.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", name=re.compile("Check the import into the"))).to_be_visible()
    assert axe_violations() == []
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("The import is cancelled: nothing was saved.")).to_be_visible()
    assert page.url == posts_url and page.locator("table tbody tr").count() == before
    assert axe_violations() == []
