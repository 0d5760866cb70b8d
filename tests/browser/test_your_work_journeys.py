"""Each role signs in to what it has to do next: Chromium, axe, and the 390 px check."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FITS_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize(
    ("username", "heading"),
    [
        ("officer.mbc", "Monitoring returns to complete"),
        ("democratic.mbc", "Decisions in their call-in period"),
        ("head.ict", "Returns waiting for your review"),
    ],
)
def test_each_role_signs_in_to_its_own_work(sign_in, mkip_site, axe_violations, username, heading):
    page = sign_in(username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert axe_violations() == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(FITS_SIDEWAYS)


def test_a_board_member_signs_in_to_the_savings_position(sign_in, mkip_site, axe_violations):
    page = sign_in("board")
    expect(page.get_by_role("heading", level=1)).to_have_text("Board dashboard")
    expect(page.get_by_text("Planned to date", exact=False).first).to_be_visible()
    assert axe_violations() == []
