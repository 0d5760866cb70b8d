"""Every form of the app, driven with hostile input by someone who may write: no 500, no half-write.

The forms are found by crawling the app as the administrator (tests/crawl.py), so a form added
later is driven as soon as a page links to it. One form per view is enough: the same view with
another council or service runs the same code. Each hypothesis example replaces a few fields
(hidden ones included) with hostile values or drops them, posts, and then checks:

- the response is not a server error (the test client re-raises any exception a view lets out);
- the database is either exactly as before, or changed by a request that succeeded (a redirect)
  and every row it changed or added passes the model's own validation: never a half-write;
- nothing hostile comes back unescaped, on the response or on the page a success redirects to.

An upload form also gets a file: the page's own export with hostile cells, or junk. When the
upload shows a preview with a confirm button, that is posted too.
"""

import csv
import io
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from partnership.models import User
from tests.crawl import crawl, snapshot

pytestmark = pytest.mark.django_db

MARKUP = ('<script>alert("mkip")</script>', '"><img src=x onerror=alert("mkip")>', "<b onmouseover=alert(1)>x</b>")
# What must never appear raw in a page: the start of each payload above.
RAW_MARKERS = ('<script>alert("mkip")', "<img src=x onerror", "<b onmouseover")
HOSTILE = [
    *MARKUP,
    "1e999",
    "-1e999",
    "NaN",
    "-nan",
    "sNaN",
    "Infinity",
    "-Infinity",
    "inf",
    "99999999999999999999999999999",
    "-99999999999999999999999999999.99",
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "-1",
    "-0.001",
    "0.005",
    "1e-400",
    "1,000,000",
    "£5",
    "5 000",
    "0x10",
    "1_000",
    "\uff19\uff19",  # full-width digits, which Python's Decimal accepts
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "",
    " ",
    "\x00",
    "abc\x00def",
    "\x1b[31mred",
    "\r\n\t",
    "\u202eevil",
    "😀" * 20,
    "'; DROP TABLE partnership_council; --",
    "' OR '1'='1",
    "{{ 7|add:7 }}{% debug %}",
    "%s%s%n",
    "../../etc/passwd",
    '=HYPERLINK("http://example.invalid")',
    "x" * 5000,
    "9" * 300,
    "[]",
    "true",
    "null",
]
hostile_value = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
FILE_NAMES = ["posts.csv", "grid.xlsx", "grid.CSV", "../../grid.csv", "grid.csv\x00.exe", "😀.csv", "report.pdf"]


@pytest.fixture
def admin_client():
    call_command("load_mkip", stdout=StringIO())
    call_command("create_demo_users", stdout=StringIO())
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    return client


def one_form_per_view(forms):
    """The form with the most fields for each view (a grid with blank rows to add beats one without)."""
    chosen = {}
    for form in forms:
        if form.action.startswith("/sign-out/"):
            continue
        view = resolve(form.action.split("?")[0]).view_name
        if view not in chosen or len(form.fields) > len(chosen[view].fields):
            chosen[view] = form
    return chosen


def file_inputs(client, action: str) -> list[str]:
    """Names of the file inputs on the page the form posts to (the crawler leaves files out)."""
    response = client.get(action)
    if response.status_code != 200:
        return []
    tags = re.findall(r"<input[^>]*>", response.content.decode())
    return [re.search(r'name="([^"]+)"', tag).group(1) for tag in tags if 'type="file"' in tag and "name=" in tag]


def export_of(client, action: str) -> list[list[str]] | None:
    """The grid an import page belongs to, as its own CSV export: a file the import would accept."""
    base = action.split("?")[0].removesuffix("import/")
    response = client.get(base, {"_export": "csv"})
    if response.status_code != 200 or "csv" not in response.get("Content-Type", ""):
        return None
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def hostile_file(draw, base_rows):
    name = draw(st.sampled_from(FILE_NAMES))
    kind = draw(st.sampled_from(["export", "export", "junk", "fake-xlsx"] if base_rows else ["junk", "fake-xlsx"]))
    if kind == "junk":
        return SimpleUploadedFile(name, draw(st.binary(max_size=300)))
    if kind == "fake-xlsx":
        return SimpleUploadedFile(name, b"PK\x03\x04" + draw(st.binary(max_size=200)))
    rows = [list(row) for row in base_rows]
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        row = draw(st.integers(min_value=0, max_value=len(rows) - 1))
        column = draw(st.integers(min_value=0, max_value=max(len(rows[row]) - 1, 0)))
        if rows[row]:
            rows[row][column] = draw(hostile_value)
    if name.endswith(".xlsx"):
        workbook = Workbook()
        for row in rows:
            # openpyxl refuses control characters itself; those are covered by the CSV files.
            workbook.active.append([re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", cell) for cell in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return SimpleUploadedFile(name, buffer.getvalue())
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8", "surrogatepass"), content_type="text/csv")


def changed_rows(before, after):
    """(model label, pk) of every row added, changed or removed."""
    changes = []
    for label in after:
        old = {row["id"]: row for row in before.get(label, [])}
        new = {row["id"]: row for row in after[label]}
        changes += [(label, pk) for pk in new.keys() | old.keys() if old.get(pk) != new.get(pk)]
    return changes


def assert_escaped(content: bytes, where: str):
    page = content.decode(errors="replace")
    for marker in RAW_MARKERS:
        assert marker not in page, f"{marker!r} shown unescaped on {where}"


# Every field of a form at once gets each of these, always, whatever hypothesis draws: the
# values that have broken forms before (a 300-digit number overflowed the money rounding and
# SQLite's integers; a signalling NaN broke has_changed(); a NUL byte breaks PostgreSQL text).
EVERY_FIELD_AT_ONCE = ["9" * 300, "-1", "sNaN", "1e999", "abc\x00def", MARKUP[0], "x" * 5000]


def drive(client, form, files):
    """Hostile posts to one form: each value above in every field, then hypothesis's draws."""
    names = [name for name in form.fields if name != "csrfmiddlewaretoken"]
    base_rows = export_of(client, form.action) if files else None

    @st.composite
    def hostile_post(draw):
        data = dict(form.fields)
        if names:
            for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True)):
                if draw(st.integers(min_value=0, max_value=5)) == 0:
                    data.pop(name, None)  # a missing field
                else:
                    data[name] = draw(hostile_value)
        for name in files:
            data[name] = hostile_file(draw, base_rows)
        return data

    # The database is not rolled back between examples, so one example's "after" is the next one's
    # "before": keeping it halves the snapshots.
    state = {"snapshot": snapshot()}

    def check(data):
        before = state["snapshot"]
        response = client.post(form.action, data)
        assert response.status_code < 500, form.action
        assert_escaped(response.content, form.action)
        if response.status_code == 200 and b'name="confirm"' in response.content:
            response = client.post(form.action, {"confirm": "1"})
            assert response.status_code < 500, f"{form.action} (confirm)"
        after = state["snapshot"] = snapshot()
        changes = changed_rows(before, after)
        if changes:
            assert response.status_code == 302, f"{form.action} changed {changes} but did not succeed"
            for label, pk in changes:
                model = apps.get_model(label)
                if (row := model.objects.filter(pk=pk).first()) is not None:
                    try:
                        row.full_clean()
                    except ValidationError as error:
                        raise AssertionError(f"{form.action} stored an invalid {label} {pk}: {error}") from None
            shown = client.get(response.url)
            assert shown.status_code < 500
            assert_escaped(shown.content, response.url)

    # derandomize: the same examples on every run, so the suite never fails by chance; the fixed
    # values above are where the known dangers are. Drop it locally to explore further.
    @settings(max_examples=15, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(data=hostile_post())
    def explore(data):
        check(data)

    def run():
        for value in EVERY_FIELD_AT_ONCE:
            try:
                check({**form.fields, **dict.fromkeys(names, value)})
            except Exception as error:
                raise AssertionError(f"{form.action} with every field {value[:20]!r}…") from error
        explore()

    return run


def test_every_form_survives_hostile_input_from_someone_allowed_to_write(admin_client):
    _, forms = crawl(admin_client)
    chosen = one_form_per_view(forms)
    # Guard against a crawl that quietly finds nothing: these are the forms the brief names.
    assert {
        "partnership:council-settings",
        "partnership:service-host",
        "finance:grid",
        "finance:import",
        "finance:capital-spend",
        "staffing:posts",
        "staffing:import",
        "governance:decision-new",
        "governance:decision-edit",
        "governance:document-new",
        "governance:risk-new",
        "governance:risk-review",
        "governance:gateway-pass",
        "two-factor-setup",
    } <= chosen.keys()
    for form in chosen.values():
        drive(admin_client, form, file_inputs(admin_client, form.action))()
