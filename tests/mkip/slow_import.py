"""An import whose parse takes a while, so a test can kill the worker in the middle of one.

Its rows are real rows read by the real flow; only the pace is slowed, as a large file would be.
"""

import time

from mkip.imports import Cell, ImportFlow, Parsed, Preview

SECONDS_PER_ROW = 0.002


class SlowImport(ImportFlow):
    title = "Slow import"

    def background_args(self) -> dict:
        return {}

    @classmethod
    def for_background(cls) -> "SlowImport":
        return cls(None)

    def parse(self, rows) -> Parsed:
        total = 0
        for row in rows:
            time.sleep(SECONDS_PER_ROW)
            total += int(row["n"])
        preview = Preview("Rows", [Cell("Sum")], [[Cell(str(total))]])
        return Parsed([], {"rows": len(rows), "sum": total}, preview)
