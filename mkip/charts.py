"""Charts drawn on the server as SVG (pygal), each with the data table that says the same in words.

One helper for every page and PDF that shows a chart (dashboard, business case, annual report):

* **No JavaScript.** pygal's tooltips need its script; we render with ``js=[]`` and also drop the
  inline ``<script>`` pygal writes its config into, so the SVG is static.
* **Shown as an image.** pygal styles its SVG with a ``<style>`` element. Our Content Security
  Policy (``style-src 'self'``) blocks that element when the SVG sits inline in the page: Chromium
  drew the chart as a black box. An SVG loaded through ``<img src="data:image/svg+xml;base64,…">``
  is a separate document that the page's policy does not style, and ``img-src`` allows ``data:``;
  WeasyPrint draws the same ``data:`` image in the PDF. Templates use :attr:`Chart.data_uri`, with
  alt text pointing to the table (a chart as an image is not readable by a screen reader; the
  table is).
* **Figures from the caller.** A chart never adds anything up: the table shows the Decimals it is
  given, formatted by the one money filter; pygal only gets floats to draw bar heights.
* **Colours** are the GOV.UK palette, each at least 3:1 against white (WCAG 2.2 1.4.11),
  fully opaque so the contrast holds.
"""

import base64
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.etree import ElementTree

import pygal
from pygal.style import Style

from mkip.money import format_gbp

# GOV.UK blue, green, purple, red, dark grey, bright purple: 5.2, 6.2, 10.1, 4.9, 7.1 and 7.2 to 1 on white.
SERIES_COLOURS = ("#1d70b8", "#00703c", "#4c2c92", "#d4351c", "#505a5f", "#912b88")
# Risk ratings: GOV.UK red, orange shade-25 (the plain orange is only 2.8:1 on white) and green.
RAG_COLOURS = {"red": "#d4351c", "amber": "#b7592a", "green": "#00703c"}
TEXT = "#0b0c0c"

# PENCE where a table's rows are parts of a total shown to the penny, so they visibly add up.
GBP, PENCE, FTE, COUNT = "gbp", "pence", "fte", "count"

WIDTH, HEIGHT = 720, 360


def _fte(value) -> str:
    return "" if value is None else f"{Decimal(value).quantize(Decimal('0.01')):,}"


def _count(value) -> str:
    return "" if value is None else f"{Decimal(value):,.0f}"


def _pence(value) -> str:
    return format_gbp(value, pence=True)


FORMATS: dict[str, Callable] = {GBP: format_gbp, PENCE: _pence, FTE: _fte, COUNT: _count}


@dataclass(frozen=True)
class Chart:
    """A chart and its data table: ``headers`` name the columns, ``rows`` hold display strings,
    ``numeric`` says which columns are figures (right-aligned in a GOV.UK table)."""

    svg: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()

    @property
    def table_rows(self) -> list[list[tuple[str, bool]]]:
        """Each row's cells paired with whether the cell is a figure, for templates."""
        flags = self.numeric or (False,) + (True,) * (len(self.headers) - 1)
        return [list(zip(row, flags, strict=True)) for row in self.rows]

    @property
    def table_headers(self) -> list[tuple[str, bool]]:
        flags = self.numeric or (False,) + (True,) * (len(self.headers) - 1)
        return list(zip(self.headers, flags, strict=True))

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")

    @property
    def alt(self) -> str:
        return f"Chart: {self.caption}. The table after it gives the same figures."


def _style(colours: Sequence[str]) -> Style:
    font = "Arial, Helvetica, sans-serif"
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground=TEXT,
        foreground_strong=TEXT,
        foreground_subtle="#505a5f",
        colors=tuple(colours),
        opacity="1",
        opacity_hover="1",
        stroke_opacity="1",
        stroke_opacity_hover="1",
        font_family=font,
        label_font_family=font,
        major_label_font_family=font,
        legend_font_family=font,
        title_font_family=font,
        value_font_family=font,
        label_font_size=14,
        major_label_font_size=14,
        legend_font_size=14,
        value_font_size=14,
        transition="0ms",
    )


def _count_labels(values) -> list[int]:
    """Whole-number axis labels for counts (pygal would otherwise label 0.2, 0.4, … as "0", "0")."""
    top = int(max((value for value in values if value is not None), default=0))
    step = max(1, -(-top // 5))
    return list(range(0, top + step + 1, step))


def _plotted(value) -> float | None:
    # Floats only decide where pygal draws: every figure a person reads comes from the Decimal.
    return None if value is None else float(value)


def _svg(chart) -> str:
    """The chart as SVG markup without pygal's inline script or its comments (which carry a date)."""
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if child.tag in ("script", "{http://www.w3.org/2000/svg}script") or child.tag is ElementTree.Comment:
                parent.remove(child)
    ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    return ElementTree.tostring(tree, encoding="unicode")


def bar_chart(
    *,
    caption: str,
    label_heading: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[Decimal | None]],
    unit: str = GBP,
    extra_columns: Mapping[str, Sequence[str]] | None = None,
    colours: Sequence[str] = SERIES_COLOURS,
    horizontal: bool = False,
    line: bool = False,
) -> Chart:
    """A bar (or line) chart of one or more series over ``labels``, and its table.

    Each series must have one value per label (None for "not reported", drawn as no bar and
    shown as a blank cell). ``extra_columns`` add table-only columns, such as a return per £1
    already worked out by the caller.
    """
    labels = [str(label) for label in labels]
    for name, values in series.items():
        if len(values) != len(labels):
            raise ValueError(f"The series “{name}” has {len(values)} values for {len(labels)} labels")
    extra = dict(extra_columns or {})
    for name, values in extra.items():
        if len(values) != len(labels):
            raise ValueError(f"The column “{name}” has {len(values)} values for {len(labels)} labels")
    formatter = FORMATS[unit]
    kind = pygal.Line if line else pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(
        js=[],
        disable_xml_declaration=True,
        explicit_size=True,
        width=WIDTH,
        height=HEIGHT,
        style=_style(colours),
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 3) or 1,
        value_formatter=lambda value: formatter(Decimal(repr(value))),
        x_label_rotation=0 if horizontal or sum(len(label) for label in labels) <= 60 else 30,
        truncate_label=-1,
        truncate_legend=-1,
        include_x_axis=True,
        print_zeroes=True,
        no_data_text="No figures",
        margin=16,
        min_scale=3,
        max_scale=6,
    )
    # pygal draws a horizontal chart's first label at the bottom: reverse it so it reads top down like the table.
    order = list(reversed(range(len(labels)))) if horizontal else list(range(len(labels)))
    chart.x_labels = [labels[index] for index in order]
    if unit == COUNT:
        chart.y_labels = _count_labels(value for values in series.values() for value in values)
    for name, values in series.items():
        chart.add(name, [_plotted(values[index]) for index in order])
    headers = (label_heading, *series.keys(), *extra.keys())
    rows = tuple(
        (
            label,
            *(formatter(values[index]) for values in series.values()),
            *(values[index] for values in extra.values()),
        )
        for index, label in enumerate(labels)
    )
    numeric = (
        False,
        *(True for _ in series),
        *(all(value[:1] in "£-0123456789" for value in values) for values in extra.values()),
    )
    return Chart(svg=_svg(chart), caption=caption, headers=headers, rows=rows, numeric=numeric)


def rating_chart(*, caption: str, counts: Mapping[str, int]) -> Chart:
    """Counts by red, amber and green rating: one bar each, in its own colour, labelled in words."""
    labels = [rating.title() for rating in counts]
    chart = pygal.Bar(
        js=[],
        disable_xml_declaration=True,
        explicit_size=True,
        width=WIDTH,
        height=HEIGHT,
        style=_style([RAG_COLOURS.get(rating, SERIES_COLOURS[0]) for rating in counts]),
        show_legend=False,
        value_formatter=lambda value: _count(Decimal(repr(value))),
        include_x_axis=True,
        print_zeroes=True,
        margin=16,
    )
    chart.x_labels = labels
    chart.y_labels = _count_labels(counts.values())
    # One series per rating, so each bar takes its rating's colour; None elsewhere keeps bars apart.
    for index, (rating, count) in enumerate(counts.items()):
        chart.add(rating.title(), [count if i == index else None for i in range(len(counts))])
    rows = tuple((label, _count(count)) for label, count in zip(labels, counts.values(), strict=True))
    return Chart(svg=_svg(chart), caption=caption, headers=("Rating", "Open risks"), rows=rows, numeric=(False, True))
