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


def with_sheet(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            archive.writestr(item.filename, data)
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


def hostile_uploads(header: str):
    yield "too big", SimpleUploadedFile("big.csv", (header + "x\n" * (MAX_BYTES // 2 + 1)).encode()), "larger than"
    yield "zip bomb", SimpleUploadedFile("bomb.xlsx", zip_bomb()), "unpacks to more than"
    yield "broken XML", SimpleUploadedFile("broken.xlsx", with_sheet(BROKEN)), "could not be read"
    yield "external entity", SimpleUploadedFile("xxe.xlsx", with_sheet(XXE)), "could not be read"
    yield "entity expansion", SimpleUploadedFile("laughs.xlsx", with_sheet(LAUGHS)), "could not be read"
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
