"""Council reports as an HTML page and an A4 PDF from one template, and the partnership annual report (seed 002).

Every report template extends ``mkip/report_base.html``, which takes the site layout for the
page and the print layout (``static/css/report.css``) for the PDF, so the two cannot drift.

Public and full versions: a report's appendices are the governance documents of its
decisions. The public version names an exempt appendix and its Schedule 12A paragraph in
its place; the full version prints the appendix itself, only for people
:func:`partnership.permissions.can_see_exempt` lets see that council's exempt papers.
"""

import logging
import re
import time
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from mkip.money import ZERO
from mkip.pdf import PdfResponse, render_pdf
from partnership.permissions import can_read, can_see_exempt, refuse

log = logging.getLogger("mkip.reports")

PUBLIC, FULL = "public", "full"
PAGE_FOOTER = re.compile(r"^Page \d+ of \d+\s*$", re.MULTILINE)
EXEMPT_NOTICE = (
    "Not for publication by virtue of paragraph {paragraph} of Part 1 of Schedule 12A to the Local Government Act 1972"
)


# ---- Rendering: one template, two outputs --------------------------------------------------------


def check_version(request, version: str, councils) -> None:
    """Readers see the public version; the full one needs the right to see exempt papers of one of ``councils``."""
    if not can_read(request.user):
        raise refuse(request.user, "read reports", request.path)
    if version == FULL and not any(can_see_exempt(request.user, council) for council in councils):
        raise refuse(request.user, "read the full version of a report", request.path)


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


# ---- Appendices: public and full ----------------------------------------------------------------


@dataclass(frozen=True)
class Appendix:
    letter: str
    document: object
    # Whether this reader gets the appendix itself; False for an exempt one in the public version.
    shown: bool
    text: str = ""

    @property
    def exempt_notice(self) -> str:
        return EXEMPT_NOTICE.format(paragraph=self.document.exempt_paragraph)


def document_text(document) -> str:
    """The words of a stored document, to print an appendix in the full report: PDF or plain text only."""
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    if document.content_type == "application/pdf":
        from pypdf import PdfReader

        text = "\n".join((page.extract_text() or "").strip() for page in PdfReader(BytesIO(data)).pages)
        # The stored PDF's own "Page N of M" footers would read as part of the appendix.
        return PAGE_FOOTER.sub("", text).strip()
    if document.content_type.startswith("text/"):
        return data.decode("utf-8", errors="replace")
    return ""


def appendices(documents, user, version: str) -> list[Appendix]:
    """Each document as a lettered appendix; an exempt one is shown only in the full version to those allowed.

    ``documents`` must come with ``decision__council`` selected: no query per document.
    """
    result = []
    for index, document in enumerate(documents):
        letter = chr(ord("A") + index) if index < 26 else str(index + 1)
        shown = not document.is_exempt or (version == FULL and can_see_exempt(user, document.decision.council))
        text = document_text(document) if shown and document.is_exempt else ""
        result.append(Appendix(letter, document, shown, text))
    return result


# ---- The partnership annual report (seed 002) -------------------------------------------------------

WAYS = {2: "two-way", 3: "three-way", 4: "four-way", 5: "five-way"}


def ways(count: int) -> str:
    """>>> ways(3), ways(7)
    ('three-way', '7 partners')"""
    return WAYS.get(count, f"{count} partners")


def annual_report(user, version: str, partnership, today=None) -> dict:
    """Everything seed 002's report shows about one partnership, from the register, finance and
    governance: see the tests for the queries."""
    from finance import selectors as finance_selectors
    from governance import selectors as governance_selectors
    from governance.models import DecisionDocument
    from partnership.models import GatewayStage
    from partnership.selectors import services_for_register, with_members

    today = today or timezone.localdate()
    partnership = with_members(partnership)
    services = list(services_for_register(today).filter(partnership=partnership).order_by("name"))
    dated = [s for s in services if s.go_live]
    contacts = list(governance_selectors.contacts(partnership))
    planned = finance_selectors.services_with_plans().filter(partnership=partnership)
    delivered = finance_selectors.delivered_savings().filter(service__partnership=partnership)
    money = finance_selectors.savings_against_investment(finance_selectors.services_finance(planned), list(delivered))
    pipeline = governance_selectors.gateway_overview(today, partnership)
    stages = [
        {"stage": label, "services": [s for s, _ in pipeline if s.gateway_stage == value]}
        for value, label in GatewayStage.choices
    ]
    documents = DecisionDocument.objects.filter(
        governance_selectors.of_partnership(partnership, prefix="decision__"), decision__service__isnull=True
    ).select_related("decision__council")
    return {
        "partnership": partnership,
        "services": [
            {"service": s, "partners": s.current_partners, "ways": ways(len(s.current_partners))} for s in services
        ],
        "money": money,
        "unplanned_count": len(services) - len(money),
        "totals": {
            "investment": sum((row["investment"] for row in money), ZERO),
            "planned": sum((row["planned"] for row in money), ZERO),
            "delivered": sum((row["delivered"] for row in money), ZERO),
        },
        "bodies": list(governance_selectors.bodies(partnership)),
        "stages": stages,
        "pipeline": pipeline,
        "contacts": contacts,
        "report_of": contacts[0] if contacts else None,
        "first_service": min(dated, key=lambda s: s.go_live) if dated else None,
        "appendices": appendices(documents, user, version),
        "version": version,
        "today": today,
    }


# ---- Views: thin ---------------------------------------------------------------------------------


def _annual_view(request, version: str, as_pdf: bool):
    from django.urls import reverse

    from partnership.models import Council
    from partnership.selectors import partnership_chosen

    if not can_read(request.user):
        raise refuse(request.user, "read reports", request.path)
    partnership = partnership_chosen(request.GET.get("partnership"), request.user)
    if partnership is None:
        raise Http404("No partnership is registered yet.")
    councils = [None, *Council.objects.all()]  # None: MKIP Board papers, which only administrators record
    check_version(request, version, councils)
    context = annual_report(request.user, version, partnership)
    partnership = context["partnership"]
    today = context["today"]
    suffix = "-full" if version == FULL else ""
    query = "?" + urlencode({"partnership": partnership.slug})
    links = {"pdf_url": reverse(f"partnership:annual-report{suffix}-pdf") + query}
    if version == FULL:
        links.update(other_url=reverse("partnership:annual-report") + query, other_label="Public version")
    elif not as_pdf and any(can_see_exempt(request.user, council) for council in councils):
        links.update(
            other_url=reverse("partnership:annual-report-full") + query,
            other_label="Full version, with exempt appendices",
        )
    name = partnership.short_name
    context.update(
        links=links,
        report_title=f"{name} annual report {today:%Y}",
        report_councils=[m.council for m in partnership.members.all() if m.is_current(today)],
    )
    filename = f"{name.lower()}-annual-report-{today:%Y}{suffix}"
    return render_report(request, "partnership/reports/annual_report.html", context, as_pdf=as_pdf, filename=filename)


def annual_report_page(request):
    return _annual_view(request, PUBLIC, as_pdf=False)


def annual_report_pdf(request):
    return _annual_view(request, PUBLIC, as_pdf=True)


def annual_report_full_page(request):
    return _annual_view(request, FULL, as_pdf=False)


def annual_report_full_pdf(request):
    return _annual_view(request, FULL, as_pdf=True)
