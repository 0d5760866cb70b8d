"""A quarter's budget monitoring run by the demo users in Chromium: the head of ICT opens the
round, Maidstone's officer completes the return (a variance needs its commentary), the head
returns it with a comment and signs it off, and the board reads the report. Each page passes axe."""

import re

import pytest

pytestmark = pytest.mark.browser

FITS_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"


def _fill_on_budget(page, over_first_by: int):
    rows = page.locator("tbody tr").filter(has=page.locator("input.govuk-input"))
    for index in range(rows.count()):
        row = rows.nth(index)
        budget = row.locator("td").first.inner_text().replace("£", "").replace(",", "")
        amount = float(budget) + (over_first_by if index == 0 else 0)
        row.locator("input.govuk-input").fill(f"{amount:.2f}")
    return rows.first


def test_a_quarter_is_opened_completed_reviewed_and_reported(sign_in, mkip_site, axe_violations, browser):
    page = sign_in("head.ict")
    page.goto(f"{mkip_site.url}/finance/services/ict/monitoring/")
    assert axe_violations() == []
    page.get_by_label("Financial year").fill("2012/13")
    page.get_by_label("Quarter 2").check()
    page.get_by_label("Returns due on").fill("15/10/2012")
    page.get_by_label("Commentary needed for a variance above, in pounds").fill("10,000")
    page.get_by_label("Commentary needed for a variance above, in per cent").fill("5")
    page.get_by_role("button", name="Open the round").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "2012/13 quarter 2"
    assert axe_violations() == []
    round_url = page.url

    officer = browser.new_page(viewport={"width": 390, "height": 844})
    officer.goto(f"{mkip_site.url}/sign-in/")
    officer.get_by_label("Username").fill("officer.mbc")
    officer.get_by_label("Password").fill("mkip-demo-browser")
    officer.get_by_role("button", name="Sign in").click()
    officer.goto(round_url)
    officer.get_by_role("link", name=re.compile("Maidstone Borough Council return")).click()
    officer.wait_for_load_state()
    assert officer.evaluate(FITS_SIDEWAYS)
    first = _fill_on_budget(officer, over_first_by=25000)
    officer.get_by_role("button", name="Submit the return").click()
    officer.wait_for_load_state()
    assert officer.get_by_text("There is a problem: nothing was saved").count() == 1
    assert officer.locator(".govuk-error-summary").get_by_text(re.compile("Explain the variance on")).count() == 1
    first = officer.locator("tbody tr").filter(has=officer.locator("textarea")).first
    first.locator("textarea").fill("Licences renewed early for three years")
    officer.get_by_role("button", name="Submit the return").click()
    officer.wait_for_load_state()
    assert officer.get_by_text("Your return is submitted.").count() == 1
    assert officer.evaluate(FITS_SIDEWAYS)
    officer.close()

    page.goto(round_url)
    page.get_by_role("link", name=re.compile("Maidstone Borough Council return")).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Return for changes").click()
    page.wait_for_load_state()
    assert page.get_by_text("Say what needs changing before returning the return.").count() >= 1
    assert axe_violations() == []
    page.get_by_label("Comments for the council").fill("Please split the licence cost by year")
    page.get_by_role("button", name="Return for changes").click()
    page.wait_for_load_state()
    assert page.get_by_text("Maidstone Borough Council’s return is returned for changes.").count() == 1

    page.goto(f"{round_url}report/")
    assert page.get_by_text("Licences renewed early for three years").count() == 1
    assert page.get_by_text("Red").count() + page.get_by_text("Amber").count() >= 1
    assert axe_violations() == []
