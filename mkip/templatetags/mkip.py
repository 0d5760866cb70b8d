"""The one place figures are formatted for people: pounds, FTE and financial years."""

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import format_html

from mkip.fiscal import FinancialYear
from mkip.money import PENNY, format_gbp, round_money

register = template.Library()

ILLUSTRATIVE_TAG = format_html(
    '<strong class="{}" title="{}">{}</strong>',
    "govuk-tag govuk-tag--yellow app-tag-illustrative",
    "Not from the source documents: invented for the demonstration",
    "Illustrative",
)


@register.filter
def gbp(value, arg: str = ""):
    """``{{ amount|gbp }}`` for whole pounds, ``{{ amount|gbp:"pence" }}`` for pounds and pence (:func:`format_gbp`)."""
    return format_gbp(value, pence=arg == "pence")


@register.filter
def fte(value, places: int = 2):
    """``{{ posts|fte }}`` → ``47.81``; ``{{ total|fte:1 }}`` → ``47.8``."""
    if value is None or value == "":
        return ""
    unit = Decimal(1).scaleb(-int(places))
    return f"{round_money(Decimal(value), unit):,.{int(places)}f}"


@register.filter
def fy(value):
    """A financial year as ``2012/13`` from a FinancialYear or its start year."""
    if value is None or value == "":
        return ""
    return FinancialYear.parse(value).label


@register.filter
def percent(value, places: int = 1):
    """A fraction as a percentage: ``0.344`` → ``34.4%``."""
    if value is None or value == "":
        return ""
    unit = Decimal(1).scaleb(-int(places))
    return f"{round_money(Decimal(value) * 100, unit)}%"


@register.filter
def share(value):
    """An investment share as a percentage to the places it has, up to two: ``0.5001`` → ``50.01%``,
    ``0.344`` → ``34.4%``, ``0.25`` → ``25%``, ``0.3333333333`` → ``33.33%``. A fixed single place
    would show shares entered as 50.01 / 24.99 / 25 as 50.0 / 25.0 / 25.0."""
    if value is None or value == "":
        return ""
    rounded = round_money(Decimal(value) * 100, PENNY)
    return f"{rounded.normalize():f}%"


@register.simple_tag
def illustrative(obj, field_name: str):
    """A tag beside a value the seeds do not give, so nobody mistakes demo data for fact."""
    if obj is not None and hasattr(obj, "is_illustrative") and obj.is_illustrative(field_name):
        return ILLUSTRATIVE_TAG
    return ""


@register.filter
def measure(value, unit: str):
    """A figure in its unit: ``money`` in pounds and pence, ``fte``, ``percent`` (a fraction) or
    ``ratio`` (pounds for every £1), so a table mixing them formats each the one way."""
    if value is None or value == "":
        return ""
    if unit == "fte":
        return fte(value)
    if unit == "percent":
        return percent(value, 2)
    return format_gbp(value, pence=True)


@register.simple_tag
def history_link(namespace: str, kind: str, record, text: str = "History of changes", small: bool = False, name=None):
    """A link to ``record``'s history page; the record's ``name`` (its own by default) is read out to
    screen readers, so that several such links on one page each say where they go."""
    url = reverse(f"{namespace}:record-history", kwargs={"kind": kind, "pk": record.pk})
    return format_html(
        '<a class="govuk-link{}" href="{}">{}<span class="govuk-visually-hidden"> of {}</span></a>',
        " govuk-body-s" if small else "",
        url,
        text,
        record if name is None else name,
    )
