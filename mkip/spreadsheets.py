"""Reading an uploaded CSV or XLSX table safely, for imports.

``read_table(uploaded_file)`` returns the rows under the header row as dicts of text,
or raises :class:`SpreadsheetError` (a ``ValueError``) with a sentence an officer can
act on. Safety: a size limit on the upload, a limit on the unpacked size of an XLSX
(a zip) and on the number of rows, openpyxl in read-only mode with values not formulas,
and XML parsed through defusedxml (openpyxl uses it whenever it is installed; we refuse
to read XLSX without it).

Row ``n`` of the result (from 0) is spreadsheet row ``n + 2``: blank rows in the middle
are kept (as all-empty dicts) so the numbers in error messages match what the officer
sees; blank rows at the end are dropped.
"""

import csv
import io
import re
import zipfile
from decimal import Decimal

import defusedxml  # noqa: F401 - openpyxl parses XML through it whenever it is installed
from openpyxl import load_workbook

MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5000


class SpreadsheetError(ValueError):
    """A file we cannot read as a table; the message is for the person who uploaded it."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # Go via repr so 0.1 stays 0.1 rather than 0.1000000000000000055...
        value = Decimal(repr(value))
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value).strip()


def _looks_like_a_formula(cell: str) -> bool:
    """``=`` or ``@`` starts a formula; ``+`` or ``-`` does when an operator, bracket or cell
    reference follows (``-A1+B2``, ``+SUM(A1:A9)``), not a number nor a lone dash for nothing.

    A formula in an upload is refused rather than stored: it would run again in the Excel of
    whoever downloads the figures later, and its value is not what the officer saw.
    """
    if cell.startswith(("=", "@")):
        return True
    if not cell.startswith(("+", "-")):
        return False
    rest = cell[1:].replace(",", "").replace("£", "", 1).strip()
    if not rest.strip("-"):
        return False  # "-" or "--": how a spreadsheet shows nothing
    try:
        if Decimal(rest).is_finite():
            return False
    except ArithmeticError:
        pass
    return bool(re.search(r"[()=!*/^&:+\-]|[A-Za-z]+[0-9]", rest))


def _rows_to_dicts(rows, max_rows: int) -> list[dict[str, str]]:
    try:
        header = next(rows)
    except StopIteration:
        raise SpreadsheetError("The file is empty: it needs a header row and at least one row of figures") from None
    headings = [_text(cell) for cell in header]
    if formula := next((cell for cell in headings if _looks_like_a_formula(cell)), None):
        raise SpreadsheetError(f"The header row holds a formula (“{formula}”): enter the headings as text")
    while headings and not headings[-1]:
        headings.pop()
    if not headings:
        raise SpreadsheetError("The first row must hold the column headings")
    if "" in headings:
        raise SpreadsheetError(f"Column {headings.index('') + 1} of the header row has no heading")
    seen = set()
    for heading in headings:
        if heading.casefold() in seen:
            raise SpreadsheetError(f"The heading “{heading}” appears more than once in the header row")
        seen.add(heading.casefold())
    result = []
    for number, row in enumerate(rows, start=2):
        if number - 1 > max_rows:
            raise SpreadsheetError(f"The file has more than {max_rows:,} rows; split it into smaller files")
        cells = [_text(cell) for cell in row]
        if formula := next((cell for cell in cells if _looks_like_a_formula(cell)), None):
            raise SpreadsheetError(f"Row {number} holds a formula (“{formula}”): enter the value itself, not a formula")
        extra = [cell for cell in cells[len(headings) :] if cell]
        if extra:
            raise SpreadsheetError(f"Row {number} has figures beyond the last heading (“{extra[0]}”)")
        cells += [""] * (len(headings) - len(cells))
        result.append(dict(zip(headings, cells, strict=False)))
    while result and not any(result[-1].values()):
        result.pop()
    if not result:
        raise SpreadsheetError("The file has a header row but no rows of figures")
    return result


def _read_csv(data: bytes, max_rows: int):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        # Five bytes have no character in Windows-1252 either: this is not a text file.
        raise SpreadsheetError("This is not a CSV file: save the spreadsheet as CSV or XLSX and upload that")
    if "\x00" in text:
        raise SpreadsheetError("This is not a CSV file: save the spreadsheet as CSV or XLSX and upload that")
    try:
        return _rows_to_dicts(iter(csv.reader(io.StringIO(text, newline=""))), max_rows)
    except csv.Error as error:
        raise SpreadsheetError(f"The CSV file could not be read: {error}") from None


def _read_xlsx(data: bytes, max_rows: int):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise SpreadsheetError("The Excel file unpacks to more than 50 MB; split it into smaller files")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SpreadsheetError:
        raise
    except Exception:
        # openpyxl raises many kinds of error for a damaged file; the officer needs one message.
        raise SpreadsheetError(
            "The Excel file could not be read: open it in Excel and save it as .xlsx again"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        return _rows_to_dicts(sheet.iter_rows(values_only=True), max_rows)
    finally:
        workbook.close()


def read_table(uploaded_file, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> list[dict[str, str]]:
    """The rows of an uploaded ``.csv`` or ``.xlsx`` file as dicts keyed by the header row.

    Values are text, stripped; numbers from Excel come back as their exact decimal text.
    Raises :class:`SpreadsheetError` for a file too big, of the wrong kind, empty or malformed.
    """
    name = (getattr(uploaded_file, "name", "") or "").lower()
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > max_bytes:
        raise SpreadsheetError(f"The file is larger than {max_bytes // 1024:,} KB; upload a smaller file")
    data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(f"The file is larger than {max_bytes // 1024:,} KB; upload a smaller file")
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise SpreadsheetError("The file is called .xlsx but is not an Excel workbook")
        return _read_xlsx(data, max_rows)
    if name.endswith(".csv"):
        return _read_csv(data, max_rows)
    raise SpreadsheetError("The file must be a CSV (.csv) or Excel (.xlsx) file")
