"""Every page and every form the app has, tried by every role: nothing leaks, nothing breaks.

The pages are found by crawling the app as an administrator, so a new page is swept as
soon as it is linked; a test fails if any URL of ours is neither linked nor posted to.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from finance.models import MonitoringRound
from partnership.models import Council, User
from reminders.models import Delivery
from reminders.services import save_preferences
from tests.crawl import crawl, snapshot

pytestmark = pytest.mark.django_db

OUR_NAMESPACES = ("partnership", "finance", "staffing", "governance", "reminders")
PERSONAL_FORMS = ("/sign-out/", "/account/two-factor/", "/sign-in/", "/reminders/settings/")
# A published document's public version is public: anyone reads it, signed in or not.
PUBLIC_VIEWS = ("partnership:document", "partnership:document-download")


@pytest.fixture
def site():
    call_command("load_mkip", stdout=StringIO())
    call_command("create_demo_users", stdout=StringIO())
    User.objects.create_user("outsider", password="not used here")
    # Saved reminder settings have a history page, linked from the settings page.
    save_preferences(person=User.objects.get(username="admin"), delivery=Delivery.DIGEST, wanted=set())
    # One publication, as an administrator would make it, so the register has documents to open.
    assert client_for("admin").post("/finance/services/ict/business-case/publish/").status_code == 302
    # Monitoring rounds, as the head of ICT opens them: one open, and one signed off (so locked).
    rounds = "/finance/services/ict/monitoring/"
    head = client_for("head.ict")
    for quarter in ("1", "2"):
        opened = {"year": "2012/13", "quarter": quarter, "due_on": "15/10/2012"}
        response = head.post(rounds, {**opened, "threshold_amount": "10000", "threshold_percent": "5"})
        assert response.status_code == 302
    MonitoringRound.objects.filter(quarter=1).update(locked=True)
    # One pending invitation, as MKIP's partnership administrator sends it, so its resend and withdraw forms exist.
    invited = {"email": "new.officer@swale.example", "role": "officer", "council": Council.objects.get(code="SBC").pk}
    assert client_for("admin.mkip").post("/partnerships/mkip/invitations/", invited).status_code == 302


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def all_view_names(resolver=None, namespace=""):
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_view_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return {name for name in names if name.split(":")[0] in OUR_NAMESPACES}


def view_name(path: str) -> str:
    return resolve(path.split("?")[0]).view_name


def test_administrator_reaches_every_page_of_ours_and_none_fails(site):
    pages, forms = crawl(client_for("admin"))
    failures = {url: status for url, status in pages.items() if status != 200}
    assert failures == {}
    reached = {view_name(url) for url in pages} | {view_name(form.action) for form in forms}
    assert all_view_names() - reached == set(), "pages no link or form leads to"


def test_every_role_gets_each_page_or_a_clear_refusal_and_outsiders_get_nothing(site):
    pages, _ = crawl(client_for("admin"))
    unexpected = {}
    for username in ["board", "officer.sbc", "officer.mbc", "head.ict", "democratic.mbc", "outsider"]:
        client = client_for(username)
        for url in pages:
            if username == "outsider" and url.startswith(PERSONAL_FORMS):
                continue
            public = view_name(url) in PUBLIC_VIEWS
            allowed = (403,) if username == "outsider" and not public else (200, 403)
            if (status := client.get(url).status_code) not in allowed:
                unexpected[(username, url)] = status
    assert unexpected == {}


def test_board_member_cannot_write_through_any_form(site):
    _, forms = crawl(client_for("admin"))
    client = client_for("board")
    before = snapshot()
    accepted = {}
    for form in forms:
        if form.action.startswith(PERSONAL_FORMS):
            continue
        status = client.post(form.action, form.fields).status_code
        if status not in (403, 405):
            accepted[form.action] = status
    assert accepted == {}
    assert snapshot() == before


def test_swale_officer_cannot_post_any_form_only_maidstone_may_use(site):
    _, maidstone_forms = crawl(client_for("officer.mbc"))
    _, swale_forms = crawl(client_for("officer.sbc"))
    swale_actions = {form.action for form in swale_forms}
    maidstone_only = [form for form in maidstone_forms if form.action not in swale_actions]
    assert maidstone_only, "Maidstone's officer should have forms of their own"
    client = client_for("officer.sbc")
    before = snapshot()
    accepted = {
        form.action: status
        for form in maidstone_only
        if (status := client.post(form.action, form.fields).status_code) not in (403, 405)
    }
    assert accepted == {}
    assert snapshot() == before
