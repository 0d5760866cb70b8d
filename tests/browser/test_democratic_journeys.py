"""Democratic services keep a council's forward plan in Chromium: every page passes axe and fits a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FITS_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"


def add_entry(page, matter: str, expected: str, notice: str):
    page.get_by_role("link", name="Add a forward plan entry").click()
    page.get_by_label("Matter to be decided").fill(matter)
    page.get_by_label("Expected date of decision").fill(expected)
    page.get_by_label("Notice published").fill(notice)
    page.get_by_label("Why it is a key decision").select_option(label="Policies, Plans, Strategies")
    page.get_by_label("Contact officer").fill("Head of Democratic Services")


def test_democratic_services_add_an_entry_take_the_general_exception_and_print_the_plan(
    sign_in, mkip_site, axe_violations
):
    page = sign_in("democratic.mbc")
    page.goto(f"{mkip_site.url}/governance/forward-plan/")
    page.get_by_role("link", name="Maidstone Borough Council forward plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forward plan of key decisions")
    assert axe_violations() == []

    add_entry(page, "Shared planning support", "10/02/2099", "01/01/2099")
    assert axe_violations() == []
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_text("“Shared planning support” is in the forward plan (Adequate notice")).to_be_visible()
    expect(page.get_by_text("28 clear days needs publication by 12/01/2099")).to_be_visible()

    # Fewer than 28 clear days: refused on its field until the scrutiny chair's name and date are given.
    add_entry(page, "Urgent ICT contract", "10/02/2099", "30/01/2099")
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_role("link", name="A general exception needs the scrutiny chair").first).to_be_visible()
    assert axe_violations() == []
    page.get_by_label("Scrutiny chair informed").fill("Councillor Jane Smith")
    page.get_by_label("Date the chair was informed").fill("29/01/2099")
    page.get_by_role("button", name="Save entry").click()
    expect(
        page.get_by_text("Councillor Jane Smith, chair of overview and scrutiny, was informed on 29/01/2099")
    ).to_be_visible()
    assert axe_violations() == []

    href = page.get_by_role("link", name="Print the forward plan (PDF)").get_attribute("href")
    pdf = page.request.get(f"{mkip_site.url}{href}")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def test_the_plan_fits_a_phone(browser, mkip_site, sign_in):
    page = sign_in("democratic.mbc")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{mkip_site.url}/governance/forward-plan/MBC/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate(FITS_SIDEWAYS)
