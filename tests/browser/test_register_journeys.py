"""Each role's journey through the register, in Chromium, with an accessibility scan of every page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

REGISTER_PAGES = [
    "/",
    "/councils/",
    "/councils/MBC/",
    "/councils/KCC/",
    "/services/ict/",
    "/services/audit/",
    "/councils/MBC/settings/",
]


def test_sign_in_page_has_no_accessibility_violations(page, mkip_site, axe_violations):
    page.goto(f"{mkip_site.url}/sign-in/")
    assert axe_violations() == []


def test_wrong_password_gets_a_clear_message(page, mkip_site, axe_violations):
    page.goto(f"{mkip_site.url}/sign-in/")
    page.get_by_label("Username").fill("officer.mbc")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert axe_violations() == []


@pytest.mark.parametrize("username", ["officer.mbc", "board", "head.ict", "democratic.mbc", "admin"])
def test_each_role_walks_the_register_and_every_page_passes_axe(sign_in, mkip_site, axe_violations, username):
    page = sign_in(username)
    page.get_by_role("link", name="Overview", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mid Kent Improvement Partnership")
    expect(page.get_by_text("9 shared services")).to_be_visible()
    for path in REGISTER_PAGES:
        response = page.goto(f"{mkip_site.url}{path}")
        if path.endswith("/settings/") and username not in ("officer.mbc", "admin"):
            assert response.status == 403
        else:
            assert response.status == 200, path
        assert axe_violations() == [], path


def test_officer_corrects_a_bad_threshold_and_saves(sign_in, mkip_site, axe_violations):
    page = sign_in("officer.mbc")
    page.get_by_role("link", name="Councils").click()
    page.get_by_role("link", name="Maidstone Borough Council").click()
    page.get_by_role("link", name=re.compile("Change settings")).click()
    page.get_by_label("Key-decision threshold in pounds").fill("minus five")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert axe_violations() == []
    page.get_by_label("Key-decision threshold in pounds").fill("300000")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Maidstone Borough Council’s settings are saved.")).to_be_visible()
    expect(page.get_by_text("£300,000")).to_be_visible()


def test_swale_officer_sees_no_change_link_for_maidstone_and_is_refused_by_url(sign_in, mkip_site):
    page = sign_in("officer.sbc")
    page.goto(f"{mkip_site.url}/councils/MBC/")
    expect(page.get_by_role("link", name=re.compile("Change settings"))).to_have_count(0)
    response = page.goto(f"{mkip_site.url}/councils/MBC/settings/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")


def test_administrator_is_told_a_non_partner_cannot_host(sign_in, mkip_site, axe_violations):
    page = sign_in("admin")
    page.goto(f"{mkip_site.url}/services/ict/")
    page.get_by_role("link", name=re.compile("Change")).first.click()
    page.get_by_label("Host council").select_option(label="Kent County Council")
    page.get_by_role("button", name="Save host").click()
    expect(page.locator(".govuk-error-message")).to_contain_text("is not a current partner of Mid Kent ICT")
    assert axe_violations() == []


def test_board_member_filters_services_by_council_and_sorts_them(sign_in, mkip_site):
    page = sign_in("board")
    page.goto(f"{mkip_site.url}/")
    page.get_by_label("Partner council").select_option(label="Ashford Borough Council")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 shared service matches your filters")).to_be_visible()
    services = page.get_by_role("region", name="Shared services")
    expect(services.locator("tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Clear filters").click()
    services.get_by_role("link", name=re.compile("^Shared service")).click()
    # The register opens sorted by name; choosing the column again sorts it descending.
    expect(services.locator("tbody tr").first).to_contain_text("Planning Support")
