"""A board member walks from the overview and the ICT finance page to the reports; each page passes axe."""

from playwright.sync_api import expect

from tests.finance.test_baselines import correct_a_2012_budget_cell


def test_board_member_reads_the_annual_report_and_the_business_case(sign_in, mkip_site, axe_violations):
    page = sign_in("board")
    page.goto(f"{mkip_site.url}/")
    page.get_by_role("link", name="annual report on the partnership").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("MKIP annual report")
    assert axe_violations() == []

    page.goto(f"{mkip_site.url}/finance/services/ict/")
    page.get_by_role("link", name="business case for Mid Kent ICT", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Mid Kent ICT: shared service business case"
    assert page.get_by_text("£4,282,230").count() >= 1
    assert axe_violations() == []


def test_democratic_services_opens_the_full_business_case(sign_in, mkip_site, axe_violations):
    page = sign_in("democratic.mbc")
    page.goto(f"{mkip_site.url}/finance/services/ict/business-case/")
    page.get_by_role("link", name="Full version, with exempt appendices").click()
    page.wait_for_load_state()
    assert page.get_by_text("Placeholder for the document named").count() == 1
    assert axe_violations() == []


def test_board_member_shows_the_baseline_beside_each_figure_that_moved(sign_in, mkip_site, axe_violations):
    correct_a_2012_budget_cell(500)
    page = sign_in("board")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{mkip_site.url}/finance/services/ict/")
    plain_width = page.evaluate("document.documentElement.scrollWidth")
    page.get_by_role("link", name="Show the baseline beside each figure").click()
    page.wait_for_load_state()
    notes = page.locator(".app-vs")
    assert notes.count() > 0
    assert notes.first.inner_text().startswith("baseline £")
    assert axe_violations() == []
    # The notes sit under their figures inside the tables: they do not widen the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= plain_width


def test_board_member_lays_the_business_case_and_dashboard_beside_the_baselines(sign_in, mkip_site, axe_violations):
    correct_a_2012_budget_cell(500)
    page = sign_in("board")
    page.goto(f"{mkip_site.url}/finance/services/ict/business-case/")
    page.get_by_role("link", name="Show the baseline beside each figure").click()
    page.wait_for_load_state()
    expect(page.locator("#table-2 .app-vs").first).to_contain_text("baseline £")
    assert axe_violations() == []

    page.goto(f"{mkip_site.url}/dashboard/")
    page.get_by_role("link", name="Show the approved baselines beside these figures").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Against the approved baselines")).to_be_visible()
    expect(page.get_by_role("row", name="Mid Kent ICT: savings planned")).to_contain_text("+£")
    assert axe_violations() == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") == page.evaluate("window.innerWidth")
