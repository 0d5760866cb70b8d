"""Reading an XLSX sheet in bounded memory: what openpyxl would read, and a message for every hostile file.

Each workbook is written here as XML strings in a zip, so that a test can hold what Excel never
writes: a cell far to the right, a row of a million cells, a number that is not one.
"""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from mkip.spreadsheets import SpreadsheetError, read_table
from mkip.xlsx import Limits, read_rows

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
APRIL_2012 = dt.datetime.fromisoformat("2012-04-01")  # naive, as a spreadsheet's dates are
UNREADABLE = "The Excel file could not be read: open it in Excel and save it as .xlsx again"


def xlsx(sheet_data: str, shared: str | None = None, styles: str | None = None, book_pr: str = "") -> bytes:
    """A workbook of one sheet whose ``<sheetData>`` is ``sheet_data``, as Excel lays out its parts."""
    rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>']
    parts = {
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{REL}">{book_pr}<sheets>'
        '<sheet name="Figures" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{NS}"><sheetData>{sheet_data}</sheetData></worksheet>',
    }
    if shared is not None:
        rels.append(f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{NS}">{shared}</sst>'
    if styles is not None:
        rels.append(f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>')
        parts["xl/styles.xml"] = f'<styleSheet xmlns="{NS}">{styles}</styleSheet>'
    parts["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PACKAGE}">{"".join(rels)}</Relationships>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def text(value: str, ref: str = "") -> str:
    where = f' r="{ref}"' if ref else ""
    return f'<c{where} t="inlineStr"><is><t>{value}</t></is></c>'


HEADER = f"<row>{text('Line')}{text('2012/13 budget')}</row>"


def rows(data: bytes, **limits) -> list[list]:
    return list(read_rows(data, Limits(**limits)))


def refusal(data: bytes, **limits) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        rows(data, **limits)
    return str(caught.value)


def test_shared_inline_rich_and_formula_values_read_as_openpyxl_reads_them():
    shared = "<si><t>Software</t></si><si><r><t>Hard</t></r><r><t>ware</t></r><rPh><t>ハ</t></rPh></si>"
    sheet = (
        HEADER + '<row><c t="s"><v>0</v></c><c><v>320000</v></c></row>'
        '<row><c t="s"><v>1</v></c><c><f>A1*2</f><v>0.1</v></c></row>'
        f'<row>{text("Yes?")}<c t="b"><v>1</v></c></row>'
    )
    assert rows(xlsx(sheet, shared=shared)) == [
        ["Line", "2012/13 budget"],
        ["Software", 320000],
        ["Hardware", 0.1],
        ["Yes?", True],
    ]


def test_missing_rows_and_cells_are_blank_so_row_numbers_match_the_sheet():
    sheet = f'<row r="1">{text("Line", "A1")}{text("Note", "C1")}</row><row r="3"><c r="B3"><v>5</v></c></row>'
    assert rows(xlsx(sheet)) == [["Line", None, "Note"], [], [None, 5]]


def test_a_number_in_a_date_format_reads_as_a_date_in_either_epoch():
    styles = '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="3">'
    styles += '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
    sheet = '<row><c s="1"><v>41000</v></c><c s="2"><v>41000</v></c><c s="0"><v>41000</v></c></row>'
    assert rows(xlsx(sheet, styles=styles)) == [[APRIL_2012, APRIL_2012, 41000]]
    mac = rows(xlsx(sheet, styles=styles, book_pr='<workbookPr date1904="1"/>'))
    assert mac[0][0] == dt.datetime.fromisoformat("2016-04-02")


def test_a_workbook_saved_by_openpyxl_reads_the_same_as_before():
    book = Workbook()
    book.active.append(["Line", "2012/13 budget", "Rate", "Start"])
    book.active.append(["Software", 320000, 0.1, APRIL_2012])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("grid.xlsx", buffer.getvalue())
    assert read_table(upload) == [
        {"Line": "Software", "2012/13 budget": "320000", "Rate": "0.1", "Start": "2012-04-01 00:00:00"}
    ]


def test_one_long_shared_string_used_by_many_cells_is_refused_at_its_first_use():
    sheet = HEADER + "<row>" + '<c t="s"><v>0</v></c>' * 2 + "</row>" * 1000
    message = refusal(xlsx(sheet, shared=f"<si><t>{'x' * 65536}</t></si>"))
    assert message == ("Row 2, column A holds more than 1,000 characters; a cell of an import holds a name or a figure")


def test_a_row_of_a_million_and_a_half_cells_is_refused_at_the_first_cell_too_many():
    assert refusal(xlsx("<row>" + "<c><v>1</v></c>" * 1_500_000 + "</row>")) == (
        "Row 1 has more than 200 columns; an import needs only the columns of its download"
    )


def test_a_cell_far_to_the_right_is_refused_by_its_column():
    sheet = HEADER + '<row><c r="ZZZZZ2"><v>1</v></c></row>'
    assert refusal(xlsx(sheet)) == "Row 2 has more than 200 columns; an import needs only the columns of its download"


def test_a_number_cell_holding_text_names_the_cell():
    sheet = HEADER + f'<row>{text("Software")}<c r="B2"><v>abc</v></c></row>'
    assert refusal(xlsx(sheet)) == (
        "Row 2, column B should hold a number but holds “abc”: check the cell in Excel and save the file again"
    )


@pytest.mark.parametrize("cell", ['<c t="n"><v>1e999</v></c>', '<c t="b"><v>maybe</v></c>', '<c t="d"><v>soon</v></c>'])
def test_a_value_that_is_not_of_its_cells_type_is_refused_with_the_cell(cell):
    assert refusal(xlsx(HEADER + f"<row>{text('A')}{cell}</row>")).startswith("Row 2, column B should hold")


@pytest.mark.parametrize(
    "sheet",
    [
        HEADER + '<row r="abc"><c><v>1</v></c></row>',  # a row number that is not one
        HEADER + '<row><c t="s"><v>5</v></c></row>',  # a shared string that is not in the table
        HEADER + '<row><c t="s"><v>-1</v></c></row>',
        HEADER + '<row r="3"/><row r="2"/>',  # rows out of order
        HEADER + '<row><c r="B2"><v>1</v></c><c r="A2"><v>1</v></c></row>',  # cells out of order
        HEADER + '<row><c r="A7"><v>1</v></c></row>',  # a cell of another row
        HEADER + '<row><c t="x"><v>1</v></c></row>',  # a type Excel has not got
        HEADER + "<row><c><v>1</v></row></c>",  # tags that do not nest
        HEADER + "<row><c><v>1</v>",  # cut short
    ],
)
def test_malformed_sheet_xml_is_one_message_never_a_crash(sheet):
    assert refusal(xlsx(sheet)) == UNREADABLE


def test_a_workbook_without_its_parts_is_unreadable():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert refusal(buffer.getvalue()) == UNREADABLE


def test_a_dtd_is_refused_whatever_it_declares():
    source = zipfile.ZipFile(io.BytesIO(xlsx(HEADER)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            part = source.read(name)
            archive.writestr(name, b"<!DOCTYPE worksheet>" + part if name.endswith("sheet1.xml") else part)
    assert refusal(buffer.getvalue()) == UNREADABLE


def test_too_many_rows_cells_or_characters_are_refused_as_they_come():
    many = HEADER + "".join(f"<row>{text('A')}<c><v>{n}</v></c></row>" for n in range(10))
    assert refusal(xlsx(many), rows=5) == "The file has more than 5 rows; split it into smaller files"
    assert refusal(xlsx(many), cells=15) == "The file has more than 15 filled cells; split it into smaller files"
    assert refusal(xlsx(many), characters=30).startswith("The file holds more than 30 characters")
    far = HEADER + '<row r="1000000"><c><v>1</v></c></row>'
    assert refusal(xlsx(far)) == "The file has more than 5,000 rows; split it into smaller files"


def test_a_shared_string_table_too_big_is_refused_before_any_row_is_read():
    table = "<si><t>abcdefghij</t></si>" * 20
    assert refusal(xlsx(HEADER, shared=table), shared_strings=10).startswith(
        "The Excel file holds more than 10 different pieces of text"
    )
    assert refusal(xlsx(HEADER, shared=table), shared_characters=100).startswith(
        "The Excel file holds more than 100 characters of text"
    )


def test_a_sheet_of_padding_is_refused_by_its_number_of_elements():
    padding = HEADER + "<row>" + "<x/>" * 1000 + "</row>"
    assert refusal(xlsx(padding), elements=500).startswith("The Excel file is too complex to read")


def test_a_csv_is_held_to_the_same_limits():
    wide = SimpleUploadedFile("wide.csv", ("Line\n" + "1," * 300 + "\n").encode())
    with pytest.raises(SpreadsheetError, match=r"^Row 2 has more than 200 columns"):
        read_table(wide)
    long = SimpleUploadedFile("long.csv", ("Line\n" + "x" * 1001 + "\n").encode())
    with pytest.raises(SpreadsheetError, match=r"^Row 2, column A holds more than 1,000 characters"):
        read_table(long)
