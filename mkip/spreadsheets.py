"""Reading an uploaded CSV or XLSX table safely, for imports.

``read_table(uploaded_file)`` returns the rows under the header row as dicts of text,
or raises :class:`SpreadsheetError` (a ``ValueError``) with a sentence an officer can
act on. Safety: a size limit on the upload, then the limits of :class:`mkip.xlsx.Limits`
(unpacked size, rows, columns, characters per cell, filled cells and characters in all, the
shared-string table), counted as the file is read so that a small file that would expand is
refused before it does; an XLSX is streamed through a parser that refuses DTDs and entities
(:mod:`mkip.xlsx`), values not formulas.

Row ``n`` of the result (from 0) is spreadsheet row ``n + 2``: blank rows in the middle
are kept (as all-empty dicts) so the numbers in error messages match what the officer
sees; blank rows at the end are dropped.
"""

import csv
import dataclasses
import io
import re
from decimal import Decimal

from mkip.xlsx import DEFAULT_LIMITS, Budget, Limits, SpreadsheetError, read_rows

__all__ = ["MAX_BYTES", "MAX_ROWS", "MAX_UNPACKED_BYTES", "Limits", "SpreadsheetError", "read_table"]

MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = Limits.unpacked_bytes
MAX_ROWS = Limits.rows


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


def _bounded(rows, limits: Limits):
    """CSV rows counted against the limits an XLSX is read with (the XLSX reader counts its own)."""
    budget = Budget(limits)
    for number, row in enumerate(rows, start=1):
        budget.row(number)
        if len(row) > limits.columns:
            budget.column(number, len(row))
        for column, cell in enumerate(row, start=1):
            budget.cell(number, column, len(cell))
        yield row


def _read_csv(data: bytes, limits: Limits):
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
        return _rows_to_dicts(_bounded(csv.reader(io.StringIO(text, newline="")), limits), limits.rows)
    except csv.Error as error:
        raise SpreadsheetError(f"The CSV file could not be read: {error}") from None


def _read_xlsx(data: bytes, limits: Limits):
    rows = read_rows(data, limits)
    try:
        return _rows_to_dicts(rows, limits.rows)
    finally:
        rows.close()  # a refusal part-way leaves the zip open inside the generator until it is closed


def read_table(
    uploaded_file, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS, limits: Limits = DEFAULT_LIMITS
) -> list[dict[str, str]]:
    """The rows of an uploaded ``.csv`` or ``.xlsx`` file as dicts keyed by the header row.

    Values are text, stripped; numbers from Excel come back as their exact decimal text.
    Raises :class:`SpreadsheetError` for a file too big, of the wrong kind, empty or malformed.
    ``max_rows`` replaces ``limits.rows``.
    """
    limits = dataclasses.replace(limits, rows=max_rows)
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
        return _read_xlsx(data, limits)
    if name.endswith(".csv"):
        return _read_csv(data, limits)
    raise SpreadsheetError("The file must be a CSV (.csv) or Excel (.xlsx) file")
