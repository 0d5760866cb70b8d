"""Two people open the same edit page; the first saves; the second's save is refused, names who changed
what, keeps what they typed and saves nothing; saving again from a freshly opened page succeeds."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.test import Client

from finance.models import CapitalSpend, DeliveredSaving, SavingsPlan
from governance.models import Decision, GatewayHistory, OperationalAction, Risk
from mkip.forms import LOADED_VERSION
from mkip.stale import record_version
from partnership.models import Council, Role, ServicePartner, SharedService, User
from tests.crawl import page_forms

pytestmark = pytest.mark.django_db

FIRST_NAME = ("Ann", "Able")


@pytest.fixture
def site():
    call_command("load_mkip", stdout=StringIO())
    first = User.objects.create_user(
        "first", first_name=FIRST_NAME[0], last_name=FIRST_NAME[1], role=Role.ADMINISTRATOR
    )
    second = User.objects.create_user("second", role=Role.ADMINISTRATOR)
    return first, second


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def the_form(client, url):
    (form,) = [form for form in page_forms(client, url) if LOADED_VERSION in form.fields]
    return form


def _other_partner(slug, *, exclude_host):
    partners = ServicePartner.objects.filter(service__slug=slug, left__isnull=True).order_by("council__name")
    return [str(p.council_id) for p in partners if not (exclude_host and p.is_host)]


def _host_choices():
    return _other_partner("ict", exclude_host=True)


def _state_of_host():
    return sorted(ServicePartner.objects.filter(service__slug="ict").values_list("council_id", "is_host"))


# (page, the record's state, the first person's change, the second's, words the refusal must show)
CASES = {
    "council settings": (
        lambda: "/councils/MBC/settings/",
        lambda: model_to_dict(Council.objects.get(code="MBC")),
        {"key_decision_threshold": "312345"},
        {"call_in_working_days": "9"},
        "Key decision threshold",
    ),
    "service host": (
        lambda: "/services/ict/host/",
        _state_of_host,
        lambda: {"host": _host_choices()[0]},
        lambda: {"host": _host_choices()[1]},
        "Host council",
    ),
    "decision": (
        lambda: f"/governance/decisions/{Decision.objects.order_by('pk').first().pk}/edit/",
        lambda: model_to_dict(Decision.objects.order_by("pk").first()),
        {"title": "A title the first person typed"},
        {"purpose": "A purpose the second person typed"},
        "Title",
    ),
    "risk review": (
        lambda: f"/governance/risks/{Risk.objects.get().pk}/review/",
        lambda: model_to_dict(Risk.objects.get()),
        lambda: {"likelihood": str(Risk.objects.get().likelihood % 5 + 1)},
        {"mitigation": "What the second person typed"},
        "Likelihood",
    ),
    "action": (
        lambda: f"/governance/actions/{OperationalAction.objects.order_by('pk').first().pk}/",
        lambda: model_to_dict(OperationalAction.objects.order_by("pk").first()),
        {"note": "The first person's note"},
        {"note": "What the second person typed"},
        "Note",
    ),
    "savings plan": (
        lambda: "/finance/services/ict/savings-plan/edit/",
        lambda: (model_to_dict(SavingsPlan.objects.get()), list(SavingsPlan.objects.get().steps.values())),
        lambda: {"years": str(SavingsPlan.objects.get().years - 1)},
        {"steps": ""},
        "Years",
    ),
    "capital spend": (
        lambda: "/finance/services/ict/capital-pot/approve/",
        lambda: list(CapitalSpend.objects.values()),
        {"year": "2013/14", "description": "Servers the first person approved", "amount": "1"},
        {"year": "2013/14", "description": "What the second person typed", "amount": "2"},
        "Servers the first person approved",
    ),
    "delivered saving": (
        lambda: "/finance/services/ict/savings-plan/delivered/",
        lambda: list(DeliveredSaving.objects.values()),
        {"year": "2013/14", "amount": "12345"},
        {"year": "2013/14", "amount": "999"},
        "Saving delivered by",
    ),
}


def _values(change):
    return change() if callable(change) else change


@pytest.mark.parametrize("case", CASES)
def test_a_save_made_after_someone_else_saved_is_refused_and_names_their_change(site, case):
    page, state, first_change, second_change, label = CASES[case]
    first, second = (signed_in(user) for user in site)
    url = page()
    first_form, second_form = the_form(first, url), the_form(second, url)

    first_post = first.post(first_form.action, {**first_form.fields, **_values(first_change)})
    assert first_post.status_code == 302, first_post.content.decode()[:2000]
    after_first = state()

    entered = {**second_form.fields, **_values(second_change)}
    refused = second.post(second_form.action, entered)

    assert refused.status_code == 200
    text = re.sub(r"\s+", " ", refused.content.decode())
    assert f"{FIRST_NAME[0]} {FIRST_NAME[1]} changed this on" in text
    assert label in text
    assert "not saved" in text
    assert state() == after_first, "nothing of the refused save is kept"
    for name, value in _values(second_change).items():
        if value and name != "host":
            assert value in text, f"what the second person typed in {name} is shown again"

    fresh = the_form(second, url)
    saved = second.post(fresh.action, {**fresh.fields, **_values(second_change)})
    assert saved.status_code == 302
    assert state() != after_first


def test_saving_again_from_the_refused_page_saves_over_the_change_it_showed(site):
    first, second = (signed_in(user) for user in site)
    url = "/councils/MBC/settings/"
    first_form, second_form = the_form(first, url), the_form(second, url)
    first.post(first_form.action, {**first_form.fields, "key_decision_threshold": "312345"})
    refused = second.post(second_form.action, {**second_form.fields, "call_in_working_days": "9"})
    version = re.search(rf'name="{LOADED_VERSION}" value="([^"]*)"', refused.content.decode()).group(1)

    again = second.post(
        second_form.action, {**second_form.fields, "call_in_working_days": "9", LOADED_VERSION: version}
    )

    assert again.status_code == 302
    assert Council.objects.get(code="MBC").call_in_working_days == 9


def test_a_post_without_a_loaded_version_is_saved_as_before(site):
    client = signed_in(site[0])
    form = the_form(client, "/councils/MBC/settings/")
    fields = {name: value for name, value in form.fields.items() if name != LOADED_VERSION}

    response = client.post(form.action, {**fields, "call_in_working_days": "8"})

    assert response.status_code == 302
    assert Council.objects.get(code="MBC").call_in_working_days == 8


def test_passing_a_gateway_after_someone_changed_the_service_is_refused_and_records_nothing(site):
    from_page = SharedService.objects.get(slug="ict")
    loaded = record_version(from_page)
    stage = from_page.gateway_stage
    changed = SharedService.objects.get(pk=from_page.pk)
    changed.description = "Changed by the first person"
    changed._history_user = site[0]
    changed.save()
    entries = GatewayHistory.objects.count()

    refused = signed_in(site[1]).post(
        "/governance/services/ict/pass/", {"target": "benefits", "rating": "green", LOADED_VERSION: loaded}
    )

    text = re.sub(r"\s+", " ", refused.content.decode())
    assert refused.status_code == 200
    assert f"{FIRST_NAME[0]} {FIRST_NAME[1]} changed this on" in text and "Description" in text
    assert GatewayHistory.objects.count() == entries
    assert SharedService.objects.get(pk=from_page.pk).gateway_stage == stage
