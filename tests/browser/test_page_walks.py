"""Every page of finance, staffing and governance, as each role reaches it, in Chromium with an axe scan.

The register, dashboard and report pages are walked in their own files; the forms are driven
step by step in the journey files beside this one.
"""

import re

import pytest

pytestmark = pytest.mark.browser

READ_PAGES = [
    "/finance/",
    "/finance/services/ict/",
    "/finance/services/ict/savings-plan/",
    "/finance/services/ict/MBC/revenue/",
    "/finance/services/ict/MBC/capital/",
    "/finance/services/ict/MBC/revenue/history/",
    "/finance/services/ict/baselines/",
    "/finance/services/ict/baselines/1/",
    "/staffing/",
    "/staffing/ict/",
    "/governance/",
    "/governance/gateways/",
    "/governance/services/ict/",
    "/governance/services/ict/risks/",
    "/governance/services/ict/benefits/",
    "/governance/contacts/",
    "/governance/bodies/",
    "/governance/forward-plan/",
    "/governance/milestones/",
]

# Pages found by following a link, since their addresses hold ids or years from the data.
LINKED_PAGES = [
    ("/staffing/ict/", r"/staffing/ict/posts/[^/]+/[^/]+/$"),
    ("/governance/", r"/governance/decisions/\d+/$"),
]

WRITE_PAGES = {
    "officer.mbc": ["/finance/services/ict/MBC/revenue/import/"],
    "head.ict": ["/finance/services/ict/savings-plan/edit/", "/governance/services/ict/risks/new/"],
    "democratic.mbc": ["/governance/decisions/new/MBC/"],
}


def _first_link(page, pattern: str) -> str:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    matching = [href for href in hrefs if re.search(pattern, href)]
    assert matching, f"no link like {pattern} on {page.url}"
    return matching[0]


@pytest.mark.parametrize("username", ["board", "officer.mbc", "head.ict", "democratic.mbc"])
def test_each_role_reads_every_finance_staffing_and_governance_page_and_each_passes_axe(
    sign_in, mkip_site, axe_violations, username
):
    page = sign_in(username)
    paths = list(READ_PAGES)
    for start, pattern in LINKED_PAGES:
        page.goto(f"{mkip_site.url}{start}")
        paths.append(_first_link(page, pattern))
    for path in paths + WRITE_PAGES.get(username, []):
        response = page.goto(f"{mkip_site.url}{path}")
        assert response.status == 200, path
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert axe_violations() == [], path
