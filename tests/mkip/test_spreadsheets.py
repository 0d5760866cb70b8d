"""Reading uploaded CSV and XLSX tables safely, with messages a person can act on."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from mkip.spreadsheets import SpreadsheetError, read_table


def _csv(text: str, name="grid.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def _xlsx(rows, name="grid.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_csv_file_becomes_rows_keyed_by_the_header():
    rows = read_table(_csv("Line,2012/13 budget\nSoftware, 320000 \n"))
    assert rows == [{"Line": "Software", "2012/13 budget": "320000"}]


def test_a_csv_file_saved_by_excel_with_a_bom_or_in_windows_1252_is_read():
    assert read_table(_csv("\ufeffLine,Note\nA,£5\n"))[0] == {"Line": "A", "Note": "£5"}
    assert read_table(_csv("Line,Note\nA,£5\n", encoding="cp1252"))[0]["Note"] == "£5"


def test_an_xlsx_file_gives_exact_numbers_as_text():
    rows = read_table(_xlsx([["Line", "2012/13 budget", "Rate"], ["Software", 320000, 0.1], [None, None, None]]))
    assert rows == [{"Line": "Software", "2012/13 budget": "320000", "Rate": "0.1"}]


def test_blank_rows_in_the_middle_keep_the_row_numbers_and_trailing_ones_go():
    rows = read_table(_csv("Line,A\nx,1\n,\ny,2\n,\n,\n"))
    assert [row["Line"] for row in rows] == ["x", "", "y"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_csv("", name="grid.csv"), "The file is empty"),
        (_csv("Line,A\n"), "no rows of figures"),
        (_csv("Line,,B\nx,1,2\n"), "Column 2 of the header row has no heading"),
        (_csv("Line,line\nx,1\n"), "“line” appears more than once"),
        (_csv("Line\nx,1\n"), "Row 2 has figures beyond the last heading"),
        (_csv("Line\nx\n", name="grid.txt"), "must be a CSV (.csv) or Excel (.xlsx) file"),
        (SimpleUploadedFile("grid.xlsx", b"not a zip"), "is not an Excel workbook"),
        (SimpleUploadedFile("grid.xlsx", b"PK\x03\x04 broken"), "could not be read"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(upload, message):
    with pytest.raises(SpreadsheetError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        read_table(upload)


def test_a_spreadsheet_error_is_a_value_error():
    assert issubclass(SpreadsheetError, ValueError)


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(SpreadsheetError, match="larger than 1 KB"):
        read_table(_csv("Line\n" + "x\n" * 1000), max_bytes=1024)


def test_a_file_over_the_row_limit_is_refused():
    with pytest.raises(SpreadsheetError, match="more than 3 rows"):
        read_table(_csv("Line\n" + "x\n" * 4), max_rows=3)


def test_an_xlsx_that_unpacks_to_a_huge_size_is_refused_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (51 * 1024 * 1024))
    with pytest.raises(SpreadsheetError, match="unpacks to more than 50 MB"):
        read_table(SimpleUploadedFile("bomb.xlsx", buffer.getvalue()))
