"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Playwright's own browser downloads are never used; `make test` installs Debian's
chromium when it is missing (scripts/ensure_chromium.sh).
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# themselves (database set-up, loading data) are safe because the live server answers from
# its own thread. Deployment checks run in a subprocess without this variable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEMO_PASSWORD = "mkip-demo-browser"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which our Content Security Policy rightly
    # blocks; the policy itself is tested in tests/mkip/test_security.py.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def mkip_site(live_server, transactional_db, monkeypatch):
    """The live server with the MKIP register and the demo users, as `make run` leaves it."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("load_mkip", stdout=StringIO())
    call_command("create_demo_users", stdout=StringIO())
    return live_server


@pytest.fixture
def sign_in(page, mkip_site):
    def sign_in_as(username: str):
        page.goto(f"{mkip_site.url}/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    return sign_in_as


@pytest.fixture
def axe_violations(page):
    """Runs axe-core on the current page and returns its WCAG 2.2 A/AA violations."""

    def scan() -> list[dict]:
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
        )
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]

    return scan
