"""The head of ICT publishes the business case; anyone then reads the published version, on a
phone too; the register finds it. Each page passes axe."""

import re

import pytest

pytestmark = pytest.mark.browser

FITS_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"


def test_head_of_service_publishes_the_business_case_and_the_public_reads_it_on_a_phone(
    sign_in, mkip_site, axe_violations, browser
):
    page = sign_in("head.ict")
    page.goto(f"{mkip_site.url}/finance/services/ict/business-case/")
    assert page.get_by_text("Not published yet").count() == 1
    page.get_by_role("button", name="Publish the business case").click()
    page.wait_for_load_state()
    assert page.get_by_text("Version 1 of the business case is published.").count() == 1
    assert page.get_by_role("heading", level=1).inner_text() == "Mid Kent ICT: shared service business case"
    assert axe_violations() == []
    document_url = page.url

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(document_url)
    sha = phone.locator("code").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", sha)
    assert phone.evaluate(FITS_SIDEWAYS)
    href = phone.get_by_role("link", name=re.compile(r"\.pdf$")).get_attribute("href")
    download = phone.request.get(f"{mkip_site.url}{href}")
    assert download.status == 200 and download.headers["etag"] == f'"{sha}"'
    phone.close()

    page.goto(f"{mkip_site.url}/documents/?kind=business_case")
    assert page.get_by_role("link", name="Mid Kent ICT: shared service business case").count() == 1
    assert axe_violations() == []
    page.goto(f"{mkip_site.url}/finance/services/ict/business-case/")
    assert page.get_by_text("Version 1 was published").count() == 1
