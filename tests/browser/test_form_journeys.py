"""The forms officers and democratic services fill in, driven in Chromium: a mistake gets a clear
message and saves nothing; the corrected entry is saved and its history shown. Every step passes axe."""

import re

import pytest
from playwright.sync_api import expect

from partnership.models import User

pytestmark = pytest.mark.browser

GRID = "/finance/services/ict/MBC/revenue/"


def test_maidstone_officer_corrects_a_mistyped_budget_figure_and_sees_it_in_the_history(
    sign_in, mkip_site, axe_violations
):
    page = sign_in("officer.mbc")
    page.goto(f"{mkip_site.url}{GRID}")
    cell = page.locator("table input.govuk-input").first
    cell_id, before = cell.get_attribute("id"), cell.input_value()

    cell.fill("twelve thousand")
    page.get_by_role("button", name="Save all figures").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.locator(f"#{cell_id}-error")).to_be_visible()
    assert page.title().startswith("Error:")
    assert axe_violations() == []
    page.goto(f"{mkip_site.url}{GRID}")
    assert page.locator(f"#{cell_id}").input_value() == before  # nothing was saved

    page.locator(f"#{cell_id}").fill("12,345.67")
    page.get_by_role("button", name="Save all figures").click()
    expect(page.get_by_text(re.compile(r"Mid Kent ICT budget is saved \(1 figure changed\)"))).to_be_visible()
    assert axe_violations() == []
    assert page.locator(f"#{cell_id}").input_value().replace(",", "") == "12345.67"

    page.goto(f"{mkip_site.url}{GRID}history/")
    expect(page.get_by_text("12,345.67").first).to_be_visible()
    # History names the person, not their username.
    expect(page.get_by_text(User.objects.get(username="officer.mbc").get_full_name()).first).to_be_visible()
    assert axe_violations() == []


def test_swale_officer_reads_maidstones_grid_with_nothing_to_edit(sign_in, mkip_site, axe_violations):
    page = sign_in("officer.sbc")
    assert page.goto(f"{mkip_site.url}{GRID}").status == 200
    assert page.locator("table input").count() == 0
    assert page.get_by_role("button", name="Save all figures").count() == 0
    assert axe_violations() == []


def test_democratic_services_records_a_decision_after_a_mistake_and_opens_its_notice(
    sign_in, mkip_site, axe_violations
):
    page = sign_in("democratic.mbc")
    page.goto(f"{mkip_site.url}/governance/decisions/new/MBC/")
    page.get_by_label("Title").fill("Shared ICT service: extension of the agreement")
    page.get_by_label("Decision", exact=True).fill("That the agreement be extended.")  # no number: a mistake
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert axe_violations() == []

    expect(page.get_by_role("link", name="Enter the date of decision")).to_be_visible()
    page.get_by_label("Decision", exact=True).fill("i. That the agreement be extended by five years.")
    page.get_by_label("Date of decision").fill("14/04/2031")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("The decision “Shared ICT service: extension of the agreement” is saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Shared ICT service: extension of the agreement")
    expect(page.get_by_text("That the agreement be extended by five years.")).to_be_visible()
    assert axe_violations() == []

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("PDF")).first.click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_maidstone_officer_corrects_a_posts_fte_and_the_staffing_table_follows(sign_in, mkip_site, axe_violations):
    page = sign_in("officer.mbc")
    page.goto(f"{mkip_site.url}/staffing/ict/")
    posts = page.eval_on_selector_all("a[href*='/posts/']", "links => links.map(a => a.getAttribute('href'))")
    page.goto(f"{mkip_site.url}{next(href for href in posts if re.search(r'/posts/[^/]+/[^/]+/$', href))}")
    fte = page.get_by_label("FTE, row 1", exact=True)
    fte.fill("lots")
    page.get_by_role("button", name="Save all posts").click()
    expect(page.get_by_text("There is a problem: nothing was saved")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Row 1, FTE: "))).to_be_visible()
    assert axe_violations() == []

    page.get_by_label("FTE, row 1", exact=True).fill("0.5")
    page.get_by_role("button", name="Save all posts").click()
    expect(page.get_by_text(re.compile(r"posts saved: 1 changed, 0 added, 0 removed"))).to_be_visible()
    assert page.get_by_label("FTE, row 1", exact=True).input_value() == "0.50"
    assert axe_violations() == []
