"""Peak memory of reading an uploaded spreadsheet: hostile files beside normal ones. Run by hand.

    .venv/bin/python -m bench.imports_memory                      # print the table for this code
    .venv/bin/python -m bench.imports_memory --save before.json   # keep this code's figures
    .venv/bin/python -m bench.imports_memory --before before.json --write bench/README_imports.md

Each file is built in memory, then read by ``mkip.spreadsheets.read_table`` in a fresh Python
process, twice: once plain, for the growth of the process's peak resident memory (``ru_maxrss``
after reading less before), once under ``tracemalloc``, for the peak of Python's own allocations.
A fresh process per file keeps one file's peak from hiding the next one's. The outcome column says
what the reader did: the rows it read, the officer's message it refused with, or the exception a
page would have turned into a server error. Not a test: it prints figures (bench/README_imports.md).
"""

import argparse
import io
import json
import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

from mkip.spreadsheets import SpreadsheetError, read_table

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "%s</Types>"
)
SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def workbook(sheet_data: str, shared: list[str] | None = None) -> bytes:
    """The bytes of the smallest XLSX Excel and openpyxl open: one sheet, optional shared strings."""
    relationships = [
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>',
    ]
    files = {
        "[Content_Types].xml": CONTENT_TYPES % (SHARED_TYPE if shared is not None else ""),
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE_REL}">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{NS}"><sheetData>{sheet_data}</sheetData></worksheet>',
    }
    if shared is not None:
        relationships.append(f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        items = "".join(f"<si><t>{text}</t></si>" for text in shared)
        files["xl/sharedStrings.xml"] = f'<sst xmlns="{NS}" count="{len(shared)}">{items}</sst>'
    files["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{PACKAGE_REL}">{"".join(relationships)}</Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


HEADER = "<row>" + "".join(_inline(f"Column {n}") for n in range(1, 9)) + "</row>"


def shared_string_bomb() -> bytes:
    """One 64 KB shared string, used by every cell of 1,000 rows of 8 columns."""
    rows = "".join("<row>" + '<c t="s"><v>0</v></c>' * 8 + "</row>" for _ in range(1000))
    return workbook(HEADER + rows, shared=[" " + "x" * 65535])


def wide_row() -> bytes:
    """1.5 million cells in one row."""
    return workbook("<row>" + "<c><v>1</v></c>" * 1_500_000 + "</row>")


def non_numeric_number() -> bytes:
    return workbook('<row><c r="A1" t="inlineStr"><is><t>Line</t></is></c><c r="B1" t="inlineStr"><is><t>2012/13 '
                    'budget</t></is></c></row><row><c r="A2" t="inlineStr"><is><t>Software</t></is></c>'
                    '<c r="B2"><v>abc</v></c></row>')  # fmt: skip


def malformed_xml() -> bytes:
    """A row numbered "abc" and a shared string that is not in the table."""
    rows = '<row r="abc"><c><v>1</v></c></row><row><c t="s"><v>5</v></c></row>'
    return workbook(f"<row>{_inline('Line')}{_inline('2012/13 budget')}</row>{rows}")


def far_column() -> bytes:
    return workbook('<row><c r="A1" t="inlineStr"><is><t>Line</t></is></c></row><row><c r="ZZZZZ2"><v>1</v></c></row>')


def normal(rows: int) -> bytes:
    """A budget grid as an officer would upload it: a line name and four years of figures per row."""
    header = "<row>" + "".join(_inline(h) for h in ("Line", "2012/13 budget", "2013/14 budget", "2014/15 budget",
                                                    "2015/16 budget")) + "</row>"  # fmt: skip
    body = "".join(
        f"<row>{_inline(f'Line {n}')}<c><v>{n * 1000}.5</v></c><c><v>{n}</v></c>"
        "<c><v>12345.67</v></c><c><v>0</v></c></row>"
        for n in range(1, rows + 1)
    )
    return workbook(header + body)


CASES = {
    "64 KB shared string × 8,000 cells": shared_string_bomb,
    "1.5 million cells in one row": wide_row,
    "non-numeric <v> in a number cell": non_numeric_number,
    "malformed sheet XML": malformed_xml,
    "cell reference ZZZZZ2": far_column,
    "normal: 25 cells (5 rows × 5)": lambda: normal(4),
    "normal: 10,000 rows × 5": lambda: normal(9_999),
}


class Upload(io.BytesIO):
    """What ``read_table`` reads from a Django upload: a name, a size and ``read``."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name, self.size = name, len(data)


def _read(data: bytes):
    try:
        rows = read_table(Upload(data, "bench.xlsx"), max_rows=10_000)
    except SpreadsheetError as error:
        return f"refused: “{str(error)[:70]}”"
    except Exception as error:  # what a page would turn into a server error
        return f"server error: {type(error).__name__}"
    return f"read {len(rows):,} rows"


def measure_one(name: str) -> dict:
    """In this process: the figures for one case."""
    data = CASES[name]()
    _read(normal(1))  # load the reader's modules before the baseline
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    outcome = _read(data)
    seconds = time.perf_counter() - started
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    tracemalloc.start()
    _read(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "file_kb": round(len(data) / 1024, 1),
        "rss_mb": round(rss_kb / 1024, 1),
        "traced_mb": round(peak / 1024 / 1024, 1),
        "seconds": round(seconds, 2),
        "outcome": outcome,
    }


def measure_all() -> dict:
    results = {}
    for name in CASES:
        child = subprocess.run(
            [sys.executable, "-m", "bench.imports_memory", "--case", name], capture_output=True, text=True, check=True
        )
        results[name] = json.loads(child.stdout)
        print(f"{name}: {results[name]}", file=sys.stderr)
    return results


def table(after: dict, before: dict | None) -> str:
    head = "| file | size | "
    if before:
        head += "before: peak RSS growth | before: traced peak | before: outcome | "
    head += "peak RSS growth | traced peak | time | outcome |"
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    for name, figures in after.items():
        cells = [name, f"{figures['file_kb']} KB"]
        if before:
            old = before.get(name, {})
            cells += [f"{old.get('rss_mb', '–')} MB", f"{old.get('traced_mb', '–')} MB", old.get("outcome", "–")]
        cells += [
            f"{figures['rss_mb']} MB",
            f"{figures['traced_mb']} MB",
            f"{figures['seconds']} s",
            figures["outcome"],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


START, END = "<!-- table: start -->", "<!-- table: end -->"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--save", help="write this code's figures to a JSON file")
    parser.add_argument("--before", help="a JSON file of --save, shown beside this code's figures")
    parser.add_argument("--write", help="replace the table between the markers of this Markdown file")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(measure_one(args.case)))
        return
    results = measure_all()
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    before = json.loads(Path(args.before).read_text()) if args.before else None
    text = table(results, before)
    if args.write:
        path = Path(args.write)
        page = path.read_text()
        head, _, rest = page.partition(START)
        _, _, tail = rest.partition(END)
        path.write_text(f"{head}{START}\n{text}\n{END}{tail}")
    print(text)


if __name__ == "__main__":
    main()
