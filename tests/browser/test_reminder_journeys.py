"""Reminders and background work in Chromium: a person chooses their reminders; an officer's
large import is read in the background, followed on its progress page, then confirmed. Each
page passes axe and fits a 390 px phone."""

import pytest
from playwright.sync_api import expect

from finance.models import BudgetLine
from reminders.models import Delivery, Preference
from tests.reminders.helpers import run_queued_tasks

pytestmark = pytest.mark.browser
FITS_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"
GRID = "/finance/services/ict/MBC/revenue/"


def test_democratic_services_choose_a_daily_digest_and_turn_call_in_reminders_off(sign_in, mkip_site, axe_violations):
    page = sign_in("democratic.mbc")
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Reminder settings").click()
    expect(page.get_by_role("heading", name="Reminder settings")).to_be_visible()
    assert axe_violations() == []
    assert page.evaluate(FITS_SIDEWAYS)

    page.get_by_label("One email a day listing that day’s reminders").check()
    page.get_by_label("The last day a decision can be called in").uncheck()
    page.get_by_role("button", name="Save reminder settings").click()
    expect(page.get_by_text("Your reminder settings are saved.")).to_be_visible()
    expect(page.get_by_label("The last day a decision can be called in")).not_to_be_checked()
    assert axe_violations() == []
    assert Preference.objects.get(person__username="democratic.mbc").delivery == Delivery.DIGEST
    assert Preference.objects.get(person__username="democratic.mbc").turned_off == ["call_in_ends"]
    page.get_by_role("link", name="History of your reminder settings").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reminder settings")
    assert axe_violations() == []


def test_a_large_import_shows_its_progress_then_the_preview_and_is_confirmed(
    sign_in, mkip_site, axe_violations, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    page = sign_in("officer.mbc")
    lines = BudgetLine.objects.filter(service__slug="ict", council__code="MBC", programme="revenue")
    first, second = sorted(set(lines.values_list("name", flat=True)))[:2]
    page.goto(f"{mkip_site.url}{GRID}import/")
    body = f'Line,2012/13 budget\n{first},"12,345.67"\n{second},"2,000"\n'
    upload = {"name": "big.csv", "mimeType": "text/csv", "buffer": body.encode()}
    page.get_by_label("Spreadsheet").set_input_files(upload)
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="Reading your file")).to_be_visible()
    expect(page.get_by_text("0 of 2")).to_be_visible()
    assert axe_violations() == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(FITS_SIDEWAYS)
    page.set_viewport_size({"width": 1280, "height": 900})

    # With the script the page follows the job by itself: no button to press, and none shown.
    expect(page.get_by_role("link", name="Check progress")).to_be_hidden()
    run_queued_tasks()
    expect(page.get_by_role("heading", name="Check the figures before importing")).to_be_visible(timeout=15_000)
    assert axe_violations() == []
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_text("The import is saved")).to_be_visible()
