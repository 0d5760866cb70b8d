"""Council reports as an HTML page and an A4 PDF from one template.

Every report template extends ``mkip/report_base.html``, which takes the site layout for the
page and the print layout (``static/css/report.css``) for the PDF, so the two cannot drift.

A report comes in a public version and a full one: the full version prints exempt
(Schedule 12A) appendices, for readers allowed to see them.
"""

import logging
import time
from collections.abc import Iterable

from django.shortcuts import render
from django.utils import timezone

from mkip.pdf import PageMarks, PdfResponse, render_pdf

log = logging.getLogger("mkip.reports")

PUBLIC, FULL = "public", "full"


EXEMPT_RESTRICTION = (
    "NOT FOR PUBLICATION by virtue of {paragraphs} of Part 1 of Schedule 12A to the Local Government Act 1972"
)


def exempt_restriction(paragraphs: Iterable[int]) -> str:
    """What every page of a version holding exempt papers says; empty when it holds none.

    >>> exempt_restriction([3])
    'NOT FOR PUBLICATION by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972'
    >>> exempt_restriction([3, 1, 3])[:51]
    'NOT FOR PUBLICATION by virtue of paragraphs 1 and 3'
    """
    numbers = sorted(set(paragraphs))
    if not numbers:
        return ""
    words = "paragraph " if len(numbers) == 1 else "paragraphs "
    return EXEMPT_RESTRICTION.format(paragraphs=words + names_sentence(str(number) for number in numbers))


def report_pdf(request, template: str, context: dict, marks: PageMarks) -> bytes:
    """The report's template printed to an A4 PDF with ``marks`` on every page."""
    started = time.perf_counter()
    pdf = render_pdf(template, {**context, "for_pdf": True}, request, marks=marks)
    log.info("report pdf template=%s bytes=%d seconds=%.2f", template, len(pdf), time.perf_counter() - started)
    return pdf


def render_report(request, template: str, context: dict, *, as_pdf: bool, filename: str):
    """The report page, or the same template printed to an A4 PDF marked DRAFT on every page.

    A printout that is not a published version says so, with the time it was printed: the
    published one comes from the document register. ``context`` holds ``report_title`` and,
    for a version with exempt papers, ``restriction`` (:func:`exempt_restriction`).
    """
    if not as_pdf:
        return render(request, template, {**context, "for_pdf": False})
    marks = PageMarks.draft(
        context["report_title"], at=timezone.localtime(), restriction=context.get("restriction", "")
    )
    return PdfResponse(report_pdf(request, template, context, marks), filename=filename)


def names_sentence(names) -> str:
    """>>> names_sentence(["Maidstone", "Swale", "Tunbridge Wells"])
    'Maidstone, Swale and Tunbridge Wells'"""
    names = list(names)
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
