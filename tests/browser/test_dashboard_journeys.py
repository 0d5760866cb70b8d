"""A board member reads the dashboard in Chromium, filters it, and every state passes axe; the charts
draw under the app's real Content Security Policy."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CHARTS = 7
# How many chart images the browser actually decoded and drew.
IMAGES_DRAWN = (
    "() => [...document.querySelectorAll('.app-chart img')].filter(i => i.complete && i.naturalWidth > 0).length"
)


def test_board_member_reads_and_filters_the_dashboard(sign_in, mkip_site, axe_violations):
    page = sign_in("board")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board dashboard")
    expect(page.get_by_role("cell", name="£453,080").first).to_be_visible()
    assert page.evaluate(IMAGES_DRAWN) == CHARTS
    assert axe_violations() == []

    page.get_by_label("Council", exact=True).select_option(label="Swale Borough Council")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text("for Swale Borough Council and all services")).to_be_visible()
    expect(page.get_by_role("cell", name="£21,735").first).to_be_visible()
    assert page.get_by_role("cell", name="£453,080").count() == 0
    assert axe_violations() == []

    page.get_by_label("Shared service", exact=True).select_option(label="Mid Kent Audit")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text("No figures for this selection.").first).to_be_visible()
    assert axe_violations() == []


def test_charts_draw_with_the_content_security_policy_enforced(browser, mkip_site):
    # The shared fixtures bypass the CSP so axe can be injected; this context keeps it on.
    context = browser.new_context()
    page = context.new_page()
    blocked = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    page.goto(f"{mkip_site.url}/sign-in/")
    page.get_by_label("Username").fill("board")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    response = page.goto(f"{mkip_site.url}/dashboard/")
    assert "style-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert page.evaluate(IMAGES_DRAWN) == CHARTS
    assert blocked == []
    context.close()
