"""Text people type is shown as text on every page and leaves as text in every export.

Every free-text field of every model of ours (a name, a title, notes...) is set to a payload that
starts like a spreadsheet formula (``= + - @``, tab, carriage return) and carries markup. Then
the administrator crawls every page: no page may show the markup unescaped, and every CSV or
Excel export linked from a page must neutralise the formula while its numbers stay numbers.
New models, pages and exports are covered without changing this test.
"""

import csv
import io
from decimal import Decimal, InvalidOperation
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from openpyxl import load_workbook

from mkip.exports import FORMULA_TRIGGERS
from partnership.models import User
from tests.crawl import _PageParser, crawl

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("mkip")</script><img src=x onerror=alert(1)>'
RAW = ("<script>alert(", "<img src=x onerror")
FORMULAS = ['=HYPERLINK("http://evil.example")', "+SUM(A1:A9)", "-2+3", "@cmd", "\tTabbed", "\rReturned"]
APPS = ("partnership", "finance", "staffing", "governance")
LONGEST = max(len(f) for f in FORMULAS) + len(MARKUP) + 8
# Text the app sets itself, never typed: a document's type comes from an allow-list by file type.
SET_BY_THE_APP = {"governance.DecisionDocument.content_type"}


def free_text_fields(model):
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
            and not field.choices
            and field.attname not in ("password", "username")
            and f"{model._meta.label}.{field.attname}" not in SET_BY_THE_APP
            and (isinstance(field, models.TextField) or (field.max_length or 0) >= LONGEST)
        ):
            yield field.attname


def plant() -> int:
    planted = 0
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models():
            names = list(free_text_fields(model))
            for index, pk in enumerate(model.objects.order_by("pk").values_list("pk", flat=True) if names else []):
                # The primary key keeps values unique where a name must be; the index (not the
                # key, which differs between databases) picks the formula, so every run is alike.
                value = f"{FORMULAS[index % len(FORMULAS)]}{MARKUP}{pk}"
                model.objects.filter(pk=pk).update(**dict.fromkeys(names, value))
                planted += len(names)
    return planted


class Recorder:
    """A test client that checks each HTML page for raw markup and notes the export links on it."""

    def __init__(self, client):
        self.client, self.unescaped, self.exports = client, {}, {}

    def get(self, url, *args, **kwargs):
        response = self.client.get(url, *args, **kwargs)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return response
        page = response.content.decode()
        if any(marker in page for marker in RAW):
            self.unescaped[url] = page[max(page.find("<script>alert(") - 80, 0) :][:200]
        parser = _PageParser(f"http://testserver{url}")
        parser.feed(page)
        for link in parser.links:
            path = link.removeprefix("http://testserver")
            if "_export=" in path and path.startswith("/"):
                # One of each export per kind of page: the same view exports the same way.
                kind = (path.split("?")[0].rstrip("/").rsplit("/", 1)[0], path.rsplit("_export=", 1)[1][:4])
                self.exports.setdefault(kind, path)
        return response


def cells_of(response) -> list:
    if "csv" in response["Content-Type"]:
        return [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [cell for row in sheet.iter_rows(values_only=True) for cell in row]


def is_plain_number(text: str) -> bool:
    try:
        return Decimal(text.replace(",", "")).is_finite()
    except InvalidOperation:
        return False


def test_typed_text_is_escaped_on_every_page_and_neutralised_in_every_export():
    call_command("load_mkip", stdout=StringIO())
    call_command("create_demo_users", stdout=StringIO())
    assert plant() > 100
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    recorder = Recorder(client)
    pages, _ = crawl(recorder)
    assert sum(status == 200 for status in pages.values()) > 50
    assert recorder.unescaped == {}

    assert len(recorder.exports) >= 4, recorder.exports
    dangerous, numbers_as_text, numbers = {}, {}, 0
    for path in recorder.exports.values():
        response = client.get(path)
        assert response.status_code == 200, path
        xlsx = "csv" not in response["Content-Type"]
        for cell in cells_of(response):
            if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS) and not is_plain_number(cell):
                dangerous.setdefault(path, cell)
            if xlsx and isinstance(cell, str) and cell and is_plain_number(cell):
                numbers_as_text.setdefault(path, cell)
            numbers += xlsx and isinstance(cell, int | float | Decimal)
    assert dangerous == {}
    assert numbers_as_text == {}
    assert numbers > 0
