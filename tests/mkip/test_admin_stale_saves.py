"""The administration pages refuse a stale save too: every tracked model's admin, the same way."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client

from mkip.admin import RefuseStaleSaves
from mkip.forms import LOADED_VERSION
from mkip.history import is_tracked
from partnership.models import Council, Role
from tests.crawl import page_forms
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_registered_tracked_model_admin_refuses_stale_saves():
    unchecked = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if is_tracked(model) and not isinstance(model_admin, RefuseStaleSaves)
    ]

    assert unchecked == []


def administrator(username, **names):
    user = UserFactory(username=username, role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True, **names)
    client = Client()
    client.force_login(user)
    return client


def change_form(client, url):
    (form,) = [form for form in page_forms(client, url) if LOADED_VERSION in form.fields]
    return form


def test_an_admin_save_after_someone_elses_is_refused_naming_their_change(maidstone):
    first = administrator("first", first_name="Ann", last_name="Able")
    second = administrator("second")
    url = f"/admin/partnership/council/{maidstone.pk}/change/"
    first_form, second_form = change_form(first, url), change_form(second, url)

    assert first.post(url, {**first_form.fields, "key_decision_threshold": "312345"}).status_code == 302
    refused = second.post(url, {**second_form.fields, "call_in_working_days": "9"})

    text = re.sub(r"\s+", " ", refused.content.decode())
    assert refused.status_code == 200
    assert "Ann Able changed this on" in text and "Key decision threshold" in text
    council = Council.objects.get(pk=maidstone.pk)
    assert council.call_in_working_days != 9
    assert council.key_decision_threshold == Decimal("312345")

    fresh = change_form(second, url)
    assert second.post(url, {**fresh.fields, "call_in_working_days": "9"}).status_code == 302
    assert Council.objects.get(pk=maidstone.pk).call_in_working_days == 9


def test_the_admin_records_its_changes_as_made_in_the_administration(maidstone):
    client = administrator("first")
    url = f"/admin/partnership/council/{maidstone.pk}/change/"
    form = change_form(client, url)

    client.post(url, {**form.fields, "call_in_working_days": "9"})

    latest = maidstone.history.latest()
    assert latest.how == "admin"
    assert latest.history_user.username == "first"


def test_every_tracked_change_page_carries_the_loaded_version():
    call_command("load_mkip", stdout=StringIO())
    client = administrator("first")
    missing = []
    for model, _model_admin in admin.site._registry.items():
        record = model._default_manager.order_by("pk").first() if is_tracked(model) else None
        if record is None:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{record.pk}/change/"
        response = client.get(url)
        if response.status_code != 200 or f'name="{LOADED_VERSION}"' not in response.content.decode():
            missing.append((url, response.status_code))

    assert missing == []
