"""Importing a grid from a spreadsheet: preview with row-by-row problems, then confirm; nothing before."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from finance.models import BudgetFigure, ChangePath, FigureChange
from mkip.fiscal import FinancialYear
from tests.factories import budget_grid

D = Decimal
pytestmark = pytest.mark.django_db
URL = reverse("finance:import", args=["ict", "MBC", "revenue"])


def _upload(text, name="grid.csv"):
    return {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")}


@pytest.fixture
def lines(ict, maidstone):
    return budget_grid(ict, maidstone, lines=2, years=(2012,))


def test_a_good_file_is_previewed_then_saved_on_confirm_with_history(client, lines, maidstone_officer):
    client.force_login(maidstone_officer)
    preview = client.post(URL, _upload('Line,2012/13 budget,2013/14 estimate\nLine 1,"1,500.00",\nLine 2,,700\n'))
    assert "Confirm and import" in preview.content.decode()
    assert not FigureChange.objects.exists()  # nothing written before confirming
    assert client.post(URL, {"confirm": "1"}).status_code == 302
    figures = {(f.line.name, f.year.label, f.kind): f.amount for f in BudgetFigure.objects.select_related("line")}
    assert figures == {
        ("Line 1", "2012/13", "budget"): D("1500.00"),
        ("Line 2", "2012/13", "budget"): D("1000.00"),  # blank in the file: left as it is
        ("Line 2", "2013/14", "estimate"): D("700.00"),
    }
    assert set(FigureChange.objects.values_list("path", flat=True)) == {ChangePath.IMPORT}
    assert FigureChange.objects.count() == 2


def test_a_file_with_problems_lists_them_by_row_and_cannot_be_confirmed(client, lines, maidstone_officer):
    client.force_login(maidstone_officer)
    page = client.post(URL, _upload("Line,2012/13 budget,Notes\nLine 1,abc\nPrinters,5\n")).content.decode()
    assert "Row 1: “Notes” is not a column heading like “2012/13 budget”" in page
    assert "Row 2: 2012/13 budget: “abc” is not an amount in pounds" in page
    assert "Row 3: “Printers” is not a line of this grid" in page
    assert "Confirm and import" not in page
    client.post(URL, {"confirm": "1"})
    assert not FigureChange.objects.exists()


def test_a_file_that_cannot_be_read_changes_nothing(client, lines, maidstone_officer):
    client.force_login(maidstone_officer)
    response = client.post(URL, _upload("junk", name="grid.xlsx"))
    assert "is not an Excel workbook" in response.content.decode()
    assert not FigureChange.objects.exists()


def test_a_confirm_after_someone_else_saved_is_refused(client, lines, maidstone_officer):
    client.force_login(maidstone_officer)
    client.post(URL, _upload("Line,2012/13 budget\nLine 1,1500\n"))
    figure = BudgetFigure.objects.get(line=lines[0], year=FinancialYear(2012))
    figure.amount, figure.version = D("1200"), 2
    figure.save()
    page = client.post(URL, {"confirm": "1"}).content.decode()
    assert "Someone changed this grid after your preview" in page
    assert BudgetFigure.objects.get(pk=figure.pk).amount == D("1200.00")


def _import_log(caplog):
    return [
        (record.levelname, record.getMessage())
        for record in caplog.records
        if record.name == "mkip.security" and record.getMessage().startswith("import-")
    ]


def test_a_confirmed_import_is_logged_with_who_which_grid_the_file_and_how_many(
    client, lines, maidstone_officer, caplog
):
    client.force_login(maidstone_officer)
    with caplog.at_level("INFO", logger="mkip.security"):
        client.post(URL, _upload('Line,2012/13 budget,2013/14 estimate\nLine 1,"1,500.00",\nLine 2,,700\n', "may.csv"))
        assert _import_log(caplog) == []  # a preview changes nothing, so it is not an import yet
        client.post(URL, {"confirm": "1"})
    assert _import_log(caplog) == [
        (
            "INFO",
            "import-confirmed user=officer.mbc address=127.0.0.1 service=ict council=MBC programme=revenue "
            "file='may.csv' figures_changed=2 added=1 updated=1 removed=0",
        )
    ]


def test_the_import_log_never_holds_what_the_cells_say(client, lines, maidstone_officer, caplog):
    client.force_login(maidstone_officer)
    with caplog.at_level("INFO", logger="mkip.security"):
        client.post(URL, _upload("Line,2012/13 budget,Notes\nLine 1,secret-abc\nPrinters,5\n"))
        client.post(URL, _upload('Line,2012/13 budget\nLine 1,"1,234.56"\n'))
        client.post(URL, {"confirm": "1"})
    text = caplog.text
    assert "import-refused" in text and "import-confirmed" in text
    for cell in ("secret-abc", "Printers", "Notes", "Line 1", "1,234.56", "1234.56"):
        assert cell not in text


def test_a_file_with_problems_is_logged_as_a_refused_import_with_how_many(client, lines, maidstone_officer, caplog):
    client.force_login(maidstone_officer)
    with caplog.at_level("INFO", logger="mkip.security"):
        client.post(URL, _upload("Line,2012/13 budget,Notes\nLine 1,abc\nPrinters,5\n"))
    assert _import_log(caplog) == [
        (
            "WARNING",
            "import-refused user=officer.mbc address=127.0.0.1 service=ict council=MBC programme=revenue "
            "file='grid.csv' reason=problems problems=3",
        )
    ]


def test_a_file_that_cannot_be_read_is_logged_as_a_refused_import(client, lines, maidstone_officer, caplog):
    client.force_login(maidstone_officer)
    with caplog.at_level("INFO", logger="mkip.security"):
        client.post(URL, _upload("=cmd|' /C calc'!A0", name="grid.xlsx"))
    [(level, message)] = _import_log(caplog)
    assert level == "WARNING"
    assert message.startswith("import-refused user=officer.mbc") and message.endswith("reason=unreadable")
    assert "file='grid.xlsx'" in message and "calc" not in message


def test_a_file_name_cannot_write_a_line_of_its_own_in_the_log(client, lines, maidstone_officer, caplog):
    client.force_login(maidstone_officer)
    name = "grid\rimport-confirmed user=admin\x1b[2K.csv"
    with caplog.at_level("INFO", logger="mkip.security"):
        client.post(URL, _upload("Line,2012/13 budget\nLine 1,1500\n", name=name))
        client.post(URL, {"confirm": "1"})
    [(_, message)] = _import_log(caplog)
    assert message.startswith("import-confirmed user=officer.mbc")
    assert not any(character in message for character in "\r\n\x1b")


def test_a_confirm_refused_because_someone_else_saved_is_logged(client, lines, maidstone_officer, caplog):
    client.force_login(maidstone_officer)
    client.post(URL, _upload("Line,2012/13 budget\nLine 1,1500\n"))
    BudgetFigure.objects.filter(line=lines[0]).update(version=2)
    with caplog.at_level("INFO", logger="mkip.security"):
        client.post(URL, {"confirm": "1"})
    assert _import_log(caplog) == [
        (
            "INFO",
            "import-not-saved user=officer.mbc address=127.0.0.1 service=ict council=MBC programme=revenue "
            "file='grid.csv' reason=stale",
        )
    ]


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_preview_shows_each_figure_now_and_in_the_file_marking_the_changes(client, lines, maidstone_officer):
    client.force_login(maidstone_officer)
    html = client.post(URL, _upload("Line,2012/13 budget\nLine 1,1000\nLine 2,1500\n")).content.decode()
    assert html.count("£1,000.00") == 3  # Line 1 now and in the file, Line 2 now
    assert html.count(">Changed</strong>") == 1


def test_the_saved_message_counts_figures_in_good_english(client, lines, maidstone_officer):
    client.force_login(maidstone_officer)
    client.post(URL, _upload("Line,2012/13 budget\nLine 1,1500\n"))
    assert _messages(client.post(URL, {"confirm": "yes"})) == ["The import is saved (1 figure changed)."]
    client.post(URL, _upload("Line,2012/13 budget\nLine 1,1\nLine 2,2\n"))
    assert _messages(client.post(URL, {"confirm": "yes"})) == ["The import is saved (2 figures changed)."]


def test_a_cancelled_import_saves_nothing_and_cannot_be_confirmed_after(client, lines, maidstone_officer):
    client.force_login(maidstone_officer)
    client.post(URL, _upload("Line,2012/13 budget\nLine 1,1500\n"))
    response = client.post(URL, {"cancel": "yes"})
    assert response.status_code == 302 and response.url == reverse("finance:grid", args=["ict", "MBC", "revenue"])
    client.post(URL, {"confirm": "yes"})
    assert not FigureChange.objects.exists()
