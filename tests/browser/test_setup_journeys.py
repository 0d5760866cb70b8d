"""MKIP's partnership administrator invites an officer in Chromium; the officer follows the emailed
link (through a real SMTP server), sets a password and is signed in; each page passes axe and fits 390 px."""

import re

import pytest
from playwright.sync_api import expect

from partnership.models import User

pytestmark = pytest.mark.browser

FITS_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"


def test_an_administrator_invites_an_officer_who_accepts(sign_in, axe_violations, smtp_server, browser, mkip_site):
    page = sign_in("admin.mkip")
    page.goto(f"{mkip_site.url}/")
    page.get_by_role("link", name="People and roles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People and roles")
    assert axe_violations() == []
    page.get_by_role("link", name=re.compile("^Invitations")).click()
    page.get_by_label("Email address").fill("nia.new@swale.example")
    page.get_by_label("Role").select_option(label="Council officer")
    page.get_by_label("Council", exact=True).select_option(label="Swale Borough Council")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("An invitation is on its way to nia.new@swale.example")).to_be_visible()
    expect(page.get_by_text("nia.new@swale.example", exact=True)).to_be_visible()
    assert axe_violations() == []

    [message] = smtp_server.messages
    link = re.search(r"(http://\S+/invitations/\S+/)", message.get_payload(decode=True).decode()).group(1)
    officer = browser.new_page(viewport={"width": 390, "height": 844})
    officer.goto(link)
    expect(officer.get_by_role("heading", level=1)).to_have_text("Set your password")
    assert officer.evaluate(FITS_SIDEWAYS)
    officer.get_by_label("First name").fill("Nia")
    officer.get_by_label("Last name").fill("New")
    officer.get_by_label("Password", exact=True).fill("a long enough pass phrase")
    officer.get_by_label("Password again").fill("a long enough pass phrase")
    officer.get_by_role("button", name="Set my password").click()
    expect(officer.get_by_text("Welcome to Mid Kent Improvement Partnership")).to_be_visible()

    officer.goto(link)
    expect(officer.get_by_text("already been used")).to_be_visible()
    assert officer.evaluate(FITS_SIDEWAYS)
    officer.close()


def test_an_administrator_moves_an_officer_to_democratic_services(sign_in, axe_violations, mkip_site):
    page = sign_in("admin.mkip")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{mkip_site.url}/")
    page.get_by_role("link", name="People and roles").click()
    officer = User.objects.get(username="officer.sbc")
    page.get_by_role("link", name=f"Change role of {officer.display_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Change the role of {officer.display_name}")
    assert axe_violations() == []
    assert page.evaluate(FITS_SIDEWAYS)

    page.get_by_label("Role").select_option(label="Head of a shared service")
    page.get_by_role("button", name="Change the role").click()
    expect(page.get_by_role("link", name="Choose the shared service this head of service leads.")).to_be_visible()
    assert axe_violations() == []

    page.get_by_label("Role").select_option(label="Democratic services officer")
    page.get_by_role("button", name="Change the role").click()
    expect(page.get_by_text(f"{officer.display_name} is now democratic services officer.")).to_be_visible()
    officer.refresh_from_db()
    assert (officer.role, officer.council.code) == ("democratic_services", "SBC")
