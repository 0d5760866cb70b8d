"""Imports refuse what is too big, too expanding, malformed or a formula, and write nothing.

Each hostile upload goes through the real import pages (finance grid and staffing posts) as the
officer who may import: the page answers with a message, and the database is exactly as before,
also after a "confirm" posted anyway. (Exports: tests/trust/test_planted_text.py.)
"""

import io
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from openpyxl import Workbook

from mkip.spreadsheets import MAX_BYTES, MAX_UNPACKED_BYTES, SpreadsheetError, read_table
from partnership.models import User
from tests.crawl import snapshot

pytestmark = pytest.mark.django_db

IMPORTS = {
    "finance": ("/finance/services/ict/MBC/revenue/import/", "Line,2012/13 budget\n"),
    "staffing": ("/staffing/ict/posts/2012-13/budget/import/", "Team,Council,Grade,FTE,Cost,Vacant\n"),
}


@pytest.fixture
def site():
    call_command("load_mkip", stdout=StringIO())
    call_command("create_demo_users", stdout=StringIO())


def client_for(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def workbook_bytes(rows=(("Line", "2012/13 budget"), ("Software", 1))) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def with_sheet(sheet_xml: bytes, shared_strings: bytes | None = None) -> bytes:
    """A real workbook whose first sheet's XML (and its table of shared strings) is replaced."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes()))
    replaced = {"xl/worksheets/sheet1.xml": sheet_xml}
    if shared_strings is not None:  # openpyxl writes its text inline, so the table and its link are added
        relationship = f'<Relationship Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml" Id="rId99"/>'
        rels = source.read("xl/_rels/workbook.xml.rels").replace(
            b"</Relationships>", relationship.encode() + b"</Relationships>"
        )
        replaced |= {"xl/_rels/workbook.xml.rels": rels, "xl/sharedStrings.xml": shared_strings}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in dict.fromkeys([*source.namelist(), *replaced]):
            archive.writestr(name, replaced.get(name) or source.read(name))
    return buffer.getvalue()


SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>'


def zip_bomb() -> bytes:
    """A genuine workbook whose sheet unpacks to more than the limit; a few hundred KB on disk."""
    row = b'<row><c t="inlineStr"><is><t>0000000000000000000000000000000000000000</t></is></c></row>'
    return with_sheet(SHEET % (row * (MAX_UNPACKED_BYTES // len(row) + 1)))


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    + SHEET % b'<row><c t="inlineStr"><is><t>&secret;</t></is></c></row>'
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    + SHEET
    % b'<row><c t="inlineStr"><is><t>&d;</t></is></c></row>'
)
BROKEN = SHEET.replace(b"</sheetData></worksheet>", b"") % b"<row><c><v>1</v>"
HEADING = b'<row><c t="inlineStr"><is><t>Line</t></is></c><c t="inlineStr"><is><t>2012/13 budget</t></is></c></row>'
# Files that once cost the server hundreds of megabytes, or a server error, for a few kilobytes uploaded.
LONG_STRING = (
    SHEET % (HEADING + b'<row><c t="s"><v>0</v></c><c t="s"><v>0</v></c></row>' * 1000),
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>%s</t></si></sst>' % (b"x" * 65536),
)
WIDE_ROW = SHEET % (HEADING + b"<row>" + b"<c><v>1</v></c>" * 1_500_000 + b"</row>")
NOT_A_NUMBER = SHEET % (
    HEADING + b'<row><c r="A2" t="inlineStr"><is><t>Software</t></is></c><c r="B2"><v>abc</v></c></row>'
)
FAR_COLUMN = SHEET % (HEADING + b'<row><c r="ZZZZZ2"><v>1</v></c></row>')
BAD_ROW_NUMBER = SHEET % (HEADING + b'<row r="abc"><c><v>1</v></c></row>')


def hostile_uploads(header: str):
    yield "too big", SimpleUploadedFile("big.csv", (header + "x\n" * (MAX_BYTES // 2 + 1)).encode()), "larger than"
    yield "zip bomb", SimpleUploadedFile("bomb.xlsx", zip_bomb()), "unpacks to more than"
    yield "broken XML", SimpleUploadedFile("broken.xlsx", with_sheet(BROKEN)), "could not be read"
    yield "external entity", SimpleUploadedFile("xxe.xlsx", with_sheet(XXE)), "could not be read"
    yield "entity expansion", SimpleUploadedFile("laughs.xlsx", with_sheet(LAUGHS)), "could not be read"
    yield (
        "a long shared string in every cell",
        SimpleUploadedFile("long.xlsx", with_sheet(*LONG_STRING)),
        "Row 2, column A holds more than 1,000 characters; a cell of an import holds a name or a figure",
    )
    yield (
        "a million and a half cells in a row",
        SimpleUploadedFile("wide.xlsx", with_sheet(WIDE_ROW)),
        "Row 2 has more than 200 columns; an import needs only the columns of its download",
    )
    yield (
        "text where a number is",
        SimpleUploadedFile("abc.xlsx", with_sheet(NOT_A_NUMBER)),
        "Row 2, column B should hold a number but holds “abc”",
    )
    yield (
        "a cell in column ZZZZZ",
        SimpleUploadedFile("far.xlsx", with_sheet(FAR_COLUMN)),
        "Row 2 has more than 200 columns",
    )
    yield "a row numbered abc", SimpleUploadedFile("abc.xlsx", with_sheet(BAD_ROW_NUMBER)), "could not be read"
    for formula in ("=1+2", "@SUM(A1:A2)", "+SUM(A1:A2)", '-cmd|"/C calc"!A0', '=HYPERLINK("http://x")'):
        row = ",".join([formula] + ["1"] * (header.count(",")))
        yield f"formula {formula}", SimpleUploadedFile("f.csv", (header + row + "\n").encode()), "formula"


def test_the_zip_bomb_is_small_on_disk_and_huge_unpacked():
    bomb = zip_bomb()
    assert (
        len(bomb)
        < MAX_BYTES
        < MAX_UNPACKED_BYTES
        < sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    )


@pytest.mark.parametrize("app", IMPORTS)
def test_hostile_uploads_are_refused_with_a_message_and_write_nothing(site, app):
    url, header = IMPORTS[app]
    client = client_for("officer.mbc")
    before = snapshot()
    for name, upload, message in hostile_uploads(header):
        response = client.post(url, {"file": upload})
        page = response.content.decode()
        assert response.status_code == 200, name
        assert message in page, name
        assert "root:" not in page, name
        client.post(url, {"confirm": "yes"})
        assert snapshot() == before, name


@pytest.mark.parametrize(
    "cell",
    ["-5", "-1,250.00", "+44", "-", "--", "-£5", "Band 8", "Grade 4 - senior"],
)
def test_negative_numbers_dashes_and_ordinary_text_are_not_taken_for_formulas(cell):
    rows = read_table(SimpleUploadedFile("ok.csv", f'Line,Value\nA,"{cell}"\n'.encode()))
    assert rows[0]["Value"] == cell


def test_a_formula_typed_as_text_in_an_xlsx_is_refused():
    workbook = Workbook()
    workbook.active.append(["Line", "Value"])
    workbook.active.append(["A", "=1+2"])
    workbook.active["B2"].data_type = "s"  # text that reads as a formula, not a formula Excel computed
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("f.xlsx", buffer.getvalue())
    with pytest.raises(SpreadsheetError, match="Row 2 holds a formula"):
        read_table(upload)
