"""Importing a grid from a spreadsheet: preview with row-by-row problems, then confirm; nothing before."""

from decimal import Decimal

import pytest
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
