"""Council reports as an HTML page and an A4 PDF from one template.

Every report template extends ``mkip/report_base.html``, which takes the site layout for the
page and the print layout (``static/css/report.css``) for the PDF, so the two cannot drift.

A report comes in a public version and a full one: the full version prints exempt
(Schedule 12A) appendices, for readers allowed to see them.
"""

import logging
import time

from django.shortcuts import render

from mkip.pdf import PdfResponse, render_pdf

log = logging.getLogger("mkip.reports")

PUBLIC, FULL = "public", "full"


def render_report(request, template: str, context: dict, *, as_pdf: bool, filename: str):
    """The report page, or the same template printed to an A4 PDF (tagged, "Page N of M")."""
    if not as_pdf:
        return render(request, template, {**context, "for_pdf": False})
    started = time.perf_counter()
    pdf = render_pdf(template, {**context, "for_pdf": True}, request)
    log.info("report pdf template=%s bytes=%d seconds=%.2f", template, len(pdf), time.perf_counter() - started)
    return PdfResponse(pdf, filename=filename)


def names_sentence(names) -> str:
    """>>> names_sentence(["Maidstone", "Swale", "Tunbridge Wells"])
    'Maidstone, Swale and Tunbridge Wells'"""
    names = list(names)
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
