"""The one import flow every app uses: upload → preview → confirm or cancel, audited.

A small import of council call-in periods drives the flow here, through the register's own service,
so the flow is tested without the budget grid's or the posts' rules.
"""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path

from mkip.history import How
from mkip.imports import PROBLEMS_SHOWN, Cell, ImportFlow, Parsed, Preview, Problem, Saved, Stale, count_of
from partnership.models import Council
from partnership.services import council_update_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class CallInImport(ImportFlow):
    """Each row: a council's code and its call-in period in working days."""

    breadcrumbs = "finance/_breadcrumbs.html"
    title = heading = "Import call-in periods"
    preview_title = preview_heading = "Check the call-in periods"
    done_url = "/councils/"

    def session_key(self):
        return "call-in-import"

    def audit_scope(self):
        return {"what": "call-in"}

    def parse(self, rows):
        councils = {council.code: council for council in Council.objects.all()}
        kept, problems = [], []
        for number, row in enumerate(rows, start=2):
            if row["Council"] not in councils:
                problems.append(Problem(number, f"Council: “{row['Council']}” is not a council"))
            elif not row["Days"].isdigit():
                problems.append(Problem(number, f"Days: “{row['Days']}” is not a number of days"))
            else:
                council = councils[row["Council"]]
                kept.append([council.pk, council.call_in_working_days, int(row["Days"])])
        rows = [[Cell(str(pk)), Cell(str(old), numeric=True), Cell(str(new), numeric=True)] for pk, old, new in kept]
        preview = Preview("Periods", [Cell("Council"), Cell("Now"), Cell("In the file")], rows)
        return Parsed(problems, kept, preview)

    def save(self, kept):
        for pk, old, new in kept:
            council = Council.objects.get(pk=pk)
            if council.call_in_working_days != old:
                raise Stale([f"{council.code} is now {council.call_in_working_days} days"])
            council_update_settings(
                council=council, key_decision_threshold=council.key_decision_threshold, call_in_working_days=new
            )
        return Saved(f"{count_of(len(kept), 'council')} saved.", {"councils": len(kept)})


def call_in_import(request):
    return CallInImport(request).respond()


urlpatterns = [path("call-in/import/", call_in_import), path("", include("config.urls"))]
URL = "/call-in/import/"


@pytest.fixture
def officer(client, maidstone_officer):
    client.force_login(maidstone_officer)
    return client


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _file(text):
    return {"file": SimpleUploadedFile("periods.csv", text.encode(), content_type="text/csv")}


def _import_log(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "mkip.security" and "import-" in r.getMessage()]


def test_a_confirmed_import_saves_through_the_service_with_its_history_marked_as_an_import(officer, maidstone, caplog):
    preview = officer.post(URL, _file("Council,Days\nMBC,7\n"))
    assert "Check the call-in periods" in preview.content.decode()
    assert Council.objects.get(pk=maidstone.pk).call_in_working_days != 7  # nothing before the confirm
    with caplog.at_level("INFO", logger="mkip.security"):
        response = officer.post(URL, {"confirm": "yes"})
    assert response.status_code == 302 and response.url == "/councils/"
    assert Council.objects.get(pk=maidstone.pk).call_in_working_days == 7
    assert Council.history.filter(id=maidstone.pk).latest("history_id").how == How.IMPORT
    assert _messages(response) == ["1 council saved."]
    [line] = _import_log(caplog)
    assert line.endswith("what=call-in file='periods.csv' councils=1")


def test_any_bad_row_refuses_the_whole_file_naming_each_row_and_keeps_nothing(officer, maidstone, caplog):
    before = maidstone.call_in_working_days
    with caplog.at_level("INFO", logger="mkip.security"):
        page = officer.post(URL, _file("Council,Days\nMBC,7\nXYZ,7\nMBC,soon\n"))
    html = page.content.decode()
    assert "Row 3: Council: “XYZ” is not a council" in html and "Row 4: Days: “soon” is not a number" in html
    assert "Confirm and import" not in html
    assert _import_log(caplog)[0].endswith("reason=problems problems=2")
    response = officer.post(URL, {"confirm": "yes"})
    assert response.status_code == 302  # nothing was waiting
    assert Council.objects.get(pk=maidstone.pk).call_in_working_days == before


def test_a_long_list_of_problems_shows_the_first_and_counts_the_rest(officer, maidstone):
    hidden = 3
    body = "".join(f"NO{number},1\n" for number in range(PROBLEMS_SHOWN + hidden))
    html = officer.post(URL, _file("Council,Days\n" + body)).content.decode()
    assert html.count("is not a council") == PROBLEMS_SHOWN
    assert f"and {hidden} more problems" in html


def test_a_confirm_after_the_data_changed_is_refused_and_logged_as_stale(officer, maidstone, caplog):
    officer.post(URL, _file("Council,Days\nMBC,7\n"))
    council_update_settings(
        council=maidstone, key_decision_threshold=maidstone.key_decision_threshold, call_in_working_days=9
    )
    with caplog.at_level("INFO", logger="mkip.security"):
        page = officer.post(URL, {"confirm": "yes"})
    assert "MBC is now 9 days" in page.content.decode()
    assert Council.objects.get(pk=maidstone.pk).call_in_working_days == 9
    assert _import_log(caplog)[0].endswith("reason=stale")


def test_a_cancelled_import_cannot_then_be_confirmed(officer, maidstone):
    before = maidstone.call_in_working_days
    officer.post(URL, _file("Council,Days\nMBC,7\n"))
    response = officer.post(URL, {"cancel": "yes"})
    assert response.status_code == 302 and _messages(response) == ["The import is cancelled: nothing was saved."]
    officer.post(URL, {"confirm": "yes"})
    assert Council.objects.get(pk=maidstone.pk).call_in_working_days == before


def test_the_upload_page_asks_for_a_csv_or_excel_file_and_says_when_none_was_chosen(officer, maidstone):
    assert 'accept=".csv,.xlsx"' in officer.get(URL).content.decode()
    html = officer.post(URL, {"upload": "1"}).content.decode()
    assert "<title>Error: " in html and "Choose a CSV or Excel file to upload" in html
