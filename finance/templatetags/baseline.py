"""A figure's approved baseline and its difference, written under the figure on a page.

``{% vs against "savings" year "Total" %}`` writes nothing when the page is not compared with
a baseline or the figure is as approved, so a page with every figure unchanged reads as before.
"""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from finance.baseline_figures import staffing_row_name
from mkip.money import format_gbp
from mkip.templatetags.mkip import measure

register = template.Library()


def _signed(value: Decimal, unit: str, pence: bool) -> str:
    text = format_gbp(abs(value), pence=pence) if unit == "money" else measure(abs(value), unit)
    return f"+{text}" if value > 0 else f"-{text}"


@register.simple_tag
def vs(against, section: str, row, column, pence: str = ""):
    """The baseline and difference of one figure, at the precision the page shows the figure."""
    if not against:
        return ""
    figure = against.figure(section, row, column)
    if figure is None or not figure.changed:
        return ""
    if figure.baseline is None:
        return format_html('<span class="app-vs">{}</span>', "not in the baseline")
    if figure.current is None:
        return format_html('<span class="app-vs">{}</span>', "no longer entered")
    pounds = pence == "pence"
    money = figure.unit == "money"
    baseline = format_gbp(figure.baseline, pence=pounds) if money else measure(figure.baseline, figure.unit)
    return format_html(
        '<span class="app-vs">baseline {} <span class="app-vs__difference">({})</span></span>',
        baseline,
        _signed(figure.difference, figure.unit, pounds),
    )


@register.simple_tag
def vs_staff(against, table, row, index: int):
    """:func:`vs` for the cell of Table 1's ``row`` (a display row) in column ``index``."""
    if not against:
        return ""
    return vs(against, "staffing", staffing_row_name(row.label, row.measure), table.columns[index].label)


@register.simple_tag
def vs_amount(baseline, today, pence: str = ""):
    """:func:`vs` for a figure the page lays beside its baseline itself; nothing when there is no
    baseline or the figure is as approved."""
    if baseline is None or today is None or baseline == today:
        return ""
    pounds = pence == "pence"
    return format_html(
        '<span class="app-vs">baseline {} <span class="app-vs__difference">({})</span></span>',
        format_gbp(baseline, pence=pounds),
        _signed(today - baseline, "money", pounds),
    )
