"""The first sheet of an uploaded XLSX workbook, row by row, in bounded memory.

An XLSX file is a zip of XML parts. A general reader builds each row whole, pads it out to the
highest column a cell names and keeps every shared string at full length, so a 10 KB upload can
hold a row of a million cells, or one 64 KB string that a thousand cells repeat. Here each part is
streamed through a SAX parser that refuses DTDs and entities (defusedxml), and everything is
counted as it arrives against :class:`Limits`: the file is refused as soon as one is passed, before
anything large is built. Every way a part can be malformed becomes a :class:`SpreadsheetError`
with a sentence for the officer; no other exception leaves :func:`read_rows`.

Values are what a read of cached values gives (openpyxl's ``data_only``): text, ``int`` or
``float``, ``True``/``False``, ``datetime`` for a number in a date format, a formula's last result.
"""

import datetime as dt
import io
import math
import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.sax.handler import ContentHandler, feature_namespaces

from defusedxml.expatreader import DefusedExpatParser
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

UNREADABLE = "The Excel file could not be read: open it in Excel and save it as .xlsx again"
CHUNK_BYTES = 64 * 1024
REFERENCE = re.compile(r"\$?([A-Za-z]{1,10})\$?([0-9]{1,9})")
KINDS = {"n", "s", "str", "inlineStr", "b", "e", "d"}
NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")


class SpreadsheetError(ValueError):
    """A file we cannot read as a table; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class Limits:
    """What one upload may hold. An import is a grid or a column of posts: hundreds of cells, short text."""

    rows: int = 5000  # under the header row
    columns: int = 200
    cell_characters: int = 1000
    cells: int = 100_000  # cells holding something, in the whole file
    characters: int = 1_000_000  # in all those cells together, a repeated shared string each time
    unpacked_bytes: int = 50 * 1024 * 1024
    shared_strings: int = 100_000
    shared_characters: int = 2_000_000
    styles: int = 10_000
    elements: int = 2_000_000  # XML elements in one part: bounds the time a sheet of padding takes


DEFAULT_LIMITS = Limits()


class Budget:
    """What a reader may still take in; each row and cell is counted, and the first limit passed refuses."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.cells = 0
        self.characters = 0

    def row(self, number: int) -> None:
        if number - 1 > self.limits.rows:
            raise SpreadsheetError(f"The file has more than {self.limits.rows:,} rows; split it into smaller files")

    def column(self, number: int, column: int) -> None:
        if column > self.limits.columns:
            raise SpreadsheetError(
                f"Row {number} has more than {self.limits.columns:,} columns; "
                "an import needs only the columns of its download"
            )

    def cell(self, number: int, column: int, length: int) -> None:
        if length > self.limits.cell_characters:
            raise SpreadsheetError(
                f"Row {number}, column {get_column_letter(column)} holds more than "
                f"{self.limits.cell_characters:,} characters; a cell of an import holds a name or a figure"
            )
        if not length:
            return
        self.cells += 1
        self.characters += length
        if self.cells > self.limits.cells:
            raise SpreadsheetError(
                f"The file has more than {self.limits.cells:,} filled cells; split it into smaller files"
            )
        if self.characters > self.limits.characters:
            raise SpreadsheetError(
                f"The file holds more than {self.limits.characters:,} characters; split it into smaller files"
            )


def _attributes(attrs) -> dict[str, str]:
    """Attributes by local name: the parts use a few namespaces, and their names do not clash."""
    return {name[1]: value for name, value in attrs.items()}


class _Part(ContentHandler):
    """Counts the elements of one part, so that a part of nothing but padding is refused quickly."""

    def __init__(self, limits: Limits):
        super().__init__()
        self.limits = limits
        self.elements = 0

    def startElementNS(self, name, qname, attrs):
        self.elements += 1
        if self.elements > self.limits.elements:
            raise SpreadsheetError("The Excel file is too complex to read: copy the figures into a new workbook")
        self.start(name[1], attrs)

    def endElementNS(self, name, qname):
        self.end(name[1])

    def start(self, local: str, attrs) -> None:
        pass

    def end(self, local: str) -> None:
        pass


class _Relationships(_Part):
    def __init__(self, limits):
        super().__init__(limits)
        self.targets: dict[str, str] = {}  # id -> target
        self.types: dict[str, str] = {}  # last word of the type -> target

    def start(self, local, attrs):
        if local == "Relationship" and len(self.targets) < 1000:
            values = _attributes(attrs)
            self.targets[values.get("Id", "")] = values.get("Target", "")
            self.types.setdefault(values.get("Type", "").rsplit("/", 1)[-1], values.get("Target", ""))


class _Workbook(_Part):
    def __init__(self, limits):
        super().__init__(limits)
        self.first_sheet: str | None = None
        self.epoch = WINDOWS_EPOCH

    def start(self, local, attrs):
        values = _attributes(attrs)
        if local == "sheet" and self.first_sheet is None:
            self.first_sheet = values.get("id")
        elif local == "workbookPr" and values.get("date1904") in ("1", "true"):
            self.epoch = MAC_EPOCH


class _Styles(_Part):
    """Which cell styles show a number as a date or a duration, so those cells read as one."""

    def __init__(self, limits):
        super().__init__(limits)
        self.formats: dict[int, str] = {}
        self.in_cell_formats = False
        self.kinds: list[str] = []  # per style: "date", "duration" or ""

    def start(self, local, attrs):
        values = _attributes(attrs)
        if local == "numFmt":
            self.formats[int(values.get("numFmtId", "0"))] = values.get("formatCode", "")[:255]
        elif local == "cellXfs":
            self.in_cell_formats = True
        elif local == "xf" and self.in_cell_formats:
            if len(self.kinds) >= self.limits.styles:
                raise SpreadsheetError(
                    "The Excel file has too many cell styles to read: copy the figures into a new workbook"
                )
            code = self.formats.get(int(values.get("numFmtId", "0"))) or BUILTIN_FORMATS.get(
                int(values.get("numFmtId", "0")), ""
            )
            self.kinds.append("duration" if is_timedelta_format(code) else "date" if is_date_format(code) else "")

    def end(self, local):
        if local == "cellXfs":
            self.in_cell_formats = False


class _SharedStrings(_Part):
    """The table of text the cells point into, each entry kept to one character over the cell limit."""

    def __init__(self, limits):
        super().__init__(limits)
        self.strings: list[str] = []
        self.parts: list[str] | None = None
        self.length = 0
        self.total = 0
        self.in_text = False
        self.phonetic = 0

    def start(self, local, attrs):
        if local == "si":
            if len(self.strings) >= self.limits.shared_strings:
                raise SpreadsheetError(
                    f"The Excel file holds more than {self.limits.shared_strings:,} different pieces of text; "
                    "split it into smaller files"
                )
            self.parts, self.length = [], 0
        elif local == "rPh":
            self.phonetic += 1  # a reading guide for East Asian text, not part of the cell's text
        elif local == "t" and self.parts is not None and not self.phonetic:
            self.in_text = True

    def characters(self, content):
        if not self.in_text:
            return
        self.total += len(content)
        if self.total > self.limits.shared_characters:
            raise SpreadsheetError(
                f"The Excel file holds more than {self.limits.shared_characters:,} characters of text; "
                "split it into smaller files"
            )
        room = self.limits.cell_characters + 1 - self.length
        if room > 0:
            self.parts.append(content[:room])
        self.length += len(content)

    def end(self, local):
        if local == "t":
            self.in_text = False
        elif local == "rPh":
            self.phonetic -= 1
        elif local == "si" and self.parts is not None:
            self.strings.append("".join(self.parts))
            self.parts = None


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class _Sheet(_Part):
    """Rows as lists of values, handed over in ``ready`` as they complete; counted before they are built."""

    def __init__(self, limits, shared: list[str], styles: list[str], epoch):
        super().__init__(limits)
        self.budget = Budget(limits)
        self.shared, self.styles, self.epoch = shared, styles, epoch
        self.ready: list[list] = []
        self.row: list | None = None
        self.number = 0  # the row being read, or the last one read
        self.column = 0  # the last column of this row
        self.cell: tuple[str, str] | None = None  # (type, style) of the cell being read
        self.text: list[str] | None = None  # the cell's value so far, while inside it
        self.length = 0
        self.phonetic = 0

    def start(self, local, attrs):
        if local == "row":
            self._start_row(_attributes(attrs).get("r"))
        elif local == "c" and self.row is not None:
            self._start_cell(_attributes(attrs))
        elif self.cell is None:
            return
        elif local == "rPh":
            self.phonetic += 1
        elif (local == "t" and self.cell[0] == "inlineStr" and not self.phonetic) or (
            local == "v" and self.cell[0] != "inlineStr"
        ):
            self.text = [] if self.text is None else self.text

    def _start_row(self, reference):
        number = self.number + 1 if reference is None else int(reference)
        if number <= self.number or self.row is not None:
            raise ValueError("rows out of order")
        self.budget.row(number)
        self.ready += [[] for _ in range(number - self.number - 1)]  # blank rows keep the numbering
        self.number, self.row, self.column = number, [], 0

    def _start_cell(self, values):
        reference = values.get("r")
        if reference:
            match = REFERENCE.fullmatch(reference)
            if not match or int(match.group(2)) != self.number:
                raise ValueError("a cell outside its row")
            column = _column_number(match.group(1))
        else:
            column = self.column + 1
        self.budget.column(self.number, column)
        if column <= self.column:
            raise ValueError("cells out of order")
        self.column = column
        self.cell = (values.get("t", "n"), values.get("s", "0"))
        self.text, self.length = None, 0

    def characters(self, content):
        if self.text is None or self.phonetic or self.cell is None:
            return
        self.length += len(content)
        if self.length > self.limits.cell_characters:
            self.budget.cell(self.number, self.column, self.length)  # refuses before the text grows further
        self.text.append(content)

    def end(self, local):
        if local == "rPh":
            self.phonetic -= 1
        elif local == "c" and self.cell is not None:
            raw = "".join(self.text or ())
            value = self._value(raw)
            self.budget.cell(self.number, self.column, len(value) if isinstance(value, str) else len(raw))
            self.row += [None] * (self.column - len(self.row) - 1) + [value]
            self.cell, self.text = None, None
        elif local == "row" and self.row is not None:
            self.ready.append(self.row)
            self.row = None

    def _value(self, text: str):
        kind, style = self.cell
        if kind not in KINDS:
            raise ValueError("a type of cell Excel has not got")
        if kind == "inlineStr":
            return text
        if not text:
            return None
        if kind == "s":
            if not text.isdigit() or int(text) >= len(self.shared):
                raise ValueError("no such shared string")
            return self.shared[int(text)]
        if kind in ("str", "e"):
            return text
        if kind == "b" and text in ("0", "1"):
            return text == "1"
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:
                pass
        elif kind == "n" and NUMBER.fullmatch(text):
            # As openpyxl reads it: an int unless there is a point or an exponent.
            number = float(text) if "." in text or "e" in text.lower() else int(text)
            if math.isfinite(number):
                return self._number(number, text, style)
        what = {"b": "TRUE or FALSE", "d": "a date"}.get(kind, "a number")
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise SpreadsheetError(
            f"{self._where()} should hold {what} but holds “{shown}”: check the cell in Excel and save the file again"
        )

    def _where(self) -> str:
        return f"Row {self.number}, column {get_column_letter(self.column)}"

    def _number(self, number, text: str, style: str):
        index = int(style)
        kind = self.styles[index] if 0 <= index < len(self.styles) else ""
        if not kind:
            return number
        try:
            return from_excel(number, self.epoch, timedelta=kind == "duration")
        except (OverflowError, ValueError):
            raise SpreadsheetError(
                f"{self._where()} is formatted as a date but holds {text}, which is no date"
            ) from None


def _feed(archive: zipfile.ZipFile, name: str, handler: _Part):
    """Parse one part through ``handler`` a chunk at a time, yielding after each chunk."""
    parser = DefusedExpatParser(namespaceHandling=1, forbid_dtd=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            parser.feed(chunk)
            yield
    parser.close()


def _parse(archive, name, handler):
    for _ in _feed(archive, name, handler):
        pass
    return handler


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _first_sheet(archive, limits):
    """The first sheet's part, its shared strings, the date styles and the date epoch."""
    names = set(archive.namelist())
    package = _parse(archive, "_rels/.rels", _Relationships(limits)) if "_rels/.rels" in names else None
    book_name = _resolve("", package.types.get("officeDocument", "xl/workbook.xml")) if package else "xl/workbook.xml"
    book = _parse(archive, book_name, _Workbook(limits))
    rels_name = posixpath.join(posixpath.dirname(book_name), "_rels", posixpath.basename(book_name) + ".rels")
    rels = _parse(archive, rels_name, _Relationships(limits))
    sheet = _resolve(book_name, rels.targets[book.first_sheet])
    shared = styles = None
    if target := rels.types.get("sharedStrings"):
        shared = _parse(archive, _resolve(book_name, target), _SharedStrings(limits)).strings
    if target := rels.types.get("styles"):
        styles = _parse(archive, _resolve(book_name, target), _Styles(limits)).kinds
    return sheet, shared or [], styles or [], book.epoch


def _rows(data: bytes, limits: Limits):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(member.file_size for member in archive.infolist()) > limits.unpacked_bytes:
            raise SpreadsheetError(
                f"The Excel file unpacks to more than {limits.unpacked_bytes // 1024 // 1024} MB; "
                "split it into smaller files"
            )
        sheet_name, shared, styles, epoch = _first_sheet(archive, limits)
        sheet = _Sheet(limits, shared, styles, epoch)
        for _ in _feed(archive, sheet_name, sheet):
            ready, sheet.ready = sheet.ready, []
            yield from ready
        yield from sheet.ready


def read_rows(data: bytes, limits: Limits = DEFAULT_LIMITS):
    """The rows of the first sheet of the XLSX file ``data``, from row 1, as lists of values.

    Raises :class:`SpreadsheetError`, and nothing else, for a file that passes a limit or that is
    not a readable workbook; rows already yielded stay valid, so a caller may stop early.
    """
    try:
        yield from _rows(data, limits)
    except SpreadsheetError:
        raise
    except Exception:
        # A damaged part fails in many ways (zip, XML, a bad number or index); the officer needs one message.
        raise SpreadsheetError(UNREADABLE) from None
