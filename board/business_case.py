"""The business case for a shared service, in the form of seed 001, as a page and an A4 PDF.

Nothing is computed here that another module already computes: the revenue statement,
savings, shares, implementation splits and capital pot come from
:func:`finance.selectors.service_finance` laid out by :func:`finance.presentation.service_rows`;
Table 1 and its headlines from :mod:`staffing.presentation`; risks, contacts and decisions
from governance. This module only picks the sentences' figures out of those results.
"""

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from board.publishing import publish_report, publishing_context, restriction_of
from finance import selectors
from finance.baselines import against_latest, figures_from
from finance.presentation import service_rows
from governance import selectors as governance
from governance.appendices import appendices
from governance.models import Decision, DecisionDocument
from mkip.columns import BUDGET, YearColumn
from mkip.money import POUND, format_gbp, round_money
from mkip.reports import FULL, PUBLIC, names_sentence, render_report
from partnership.models import DocumentKind, SharedService
from partnership.permissions import can_administer_service, can_see_exempt, check_publish, check_report_version
from staffing import selectors as staffing
from staffing.establishment import baseline_column
from staffing.presentation import display_rows, headlines

NOTES = [
    "This includes staff and non staff savings.",
    "Vacant posts are left out of the staff budgets and estimates, as the business case excludes current vacancies.",
]
HUNDRED, THOUSAND = Decimal(100), Decimal(1000)
# Printed only when some council figure behind Table 3 is flagged illustrative in the data.
ILLUSTRATIVE_NOTE = (
    "Each council’s figures were invented for the demonstration so that they add up to the published totals."
)


def _report_of(contacts):
    """The officer the report is "of": the service's own contact before the partnership-wide single point."""
    ordered = sorted(contacts, key=lambda contact: (contact.single_point_of_contact, contact.name))
    return ordered[0] if ordered else None


def _step_sentences(finance) -> list[dict]:
    """The staged non-staff savings of §8.3/§9.13: each planned step with the saving it gives that
    year, and the words leading into it ("rising to" only when the last step saves more)."""
    if not finance.plan:
        return []
    savings = finance.statement.non_staff_savings
    steps = list(finance.plan.steps.all())
    items = []
    for number, step in enumerate(steps):
        saving = savings.get(step.year)
        lead = ""
        if number == len(steps) - 1 and number > 0:
            lead = _direction(savings.get(steps[number - 1].year), saving)
        elif number > 0:
            lead = ", "
        items.append({"step": step, "saving": saving, "saving_quoted": _quoted(saving), "lead": lead})
    return items


def _direction(before, after) -> str:
    if before is None or after is None or after == before:
        return ", then "
    return ", rising to " if after > before else ", falling to "


def _quoted(amount, unit=HUNDRED, thousands=False) -> str:
    """A figure quoted in prose to the nearest ``unit`` ("£274,300", or "£171k" with ``thousands``),
    as the business case does; one under ten units is quoted exactly, so £30 never reads as "£0"."""
    if amount is None:
        return ""
    if abs(amount) < unit * 10:
        return format_gbp(amount, pence=amount != round_money(amount, POUND))
    rounded = round_money(amount, unit=unit)
    return f"{format_gbp(rounded / THOUSAND)}k" if thousands else format_gbp(rounded)


def _staff_quotes(headlines) -> dict:
    if headlines is None:
        return {}
    return {
        "already_saved": _quoted(headlines.already_saved, THOUSAND, thousands=True),
        "further_cost": _quoted(headlines.further_cost, THOUSAND),
    }


def business_case(service, user, version: str) -> dict:
    """The report's context: see tests/board/test_business_case.py for the queries it takes."""
    finance = selectors.service_finance(service)
    table = staffing.establishment(service).table
    contacts = list(governance.contacts().filter(services=service))
    documents = DecisionDocument.objects.filter(decision__service=service).select_related("decision__council")
    decisions = (
        Decision.objects.filter(service=service)
        .select_related("council", "service__partnership")
        .order_by("decided_on", "pk")
    )
    review_points = list(service.review_points.all())
    statement = finance.statement
    budgets = [column for column in statement.columns if column.kind == "budget"]
    current = figures_from(finance, table)
    if finance.plan:
        staff_baseline = YearColumn(finance.plan.baseline_year, BUDGET)
    else:
        staff_baseline = baseline_column(table.columns) if table else None
    staff_headlines = headlines(table, staff_baseline) if table else None
    return {
        "report_title": f"{service.name}: shared service business case",
        "report_councils": finance.councils,
        "council_names": names_sentence([council.name for council in finance.councils]),
        "review_points": review_points,
        "notes": [*NOTES, ILLUSTRATIVE_NOTE] if finance.illustrative_figures else NOTES,
        "baseline_column": staff_baseline,
        "service": service,
        "finance": finance,
        "s": statement,
        "rows": service_rows(finance),
        "councils": finance.councils,
        "table": table,
        "table_rows": display_rows(table) if table else [],
        "headlines": staff_headlines,
        "staff_quotes": _staff_quotes(staff_headlines),
        "first_staff_column": table.columns[0] if table else None,
        "first_staff_totals": table.totals_for(table.columns[0]) if table else None,
        "baseline_budget": budgets[-1] if budgets else None,
        "steps": _step_sentences(finance),
        "risks": list(governance.risk_register(service)),
        "report_of": _report_of(contacts),
        "decisions": list(decisions),
        "appendices": appendices(documents, user, version),
        "version": version,
        "against_baseline": _against_baseline(service, current),
    }


def _against_baseline(service, current) -> dict | None:
    """The business case's figures against its latest approved baseline: one query."""
    found = against_latest(service, current)
    if found is None:
        return None
    baseline, against = found
    return {
        "baseline": baseline,
        "count": against.count,
        "changed": against.changed,
        "headlines": against.headlines,
        "figures": against,
    }


# ---- Views: thin; permissions from partnership.permissions ---------------------------------------


TEMPLATE = "board/reports/business_case.html"


def _subject(service) -> str:
    return f"business-case-{service.pk}"


def _view(request, slug, version, as_pdf):
    service = get_object_or_404(SharedService.objects.select_related("partnership"), slug=slug)
    councils = [partner.council for partner in selectors.service_partners(service)]
    check_report_version(request.user, version, councils, request.path)
    context = business_case(service, request.user, version)
    context["links"] = _links(request, service, version, councils, as_pdf)
    if version == FULL:
        context["restriction"] = restriction_of(context["appendices"])
    if not as_pdf:
        # Printed copies keep to what the Cabinets read; the page can lay the baseline beside each figure.
        compared = context["against_baseline"] and request.GET.get("against") == "baseline"
        context["against"] = context["against_baseline"]["figures"] if compared else None
        may_publish = can_administer_service(request.user, service)
        publish_url = reverse("board:business-case-publish", args=[service.slug]) if may_publish else ""
        context.update(publishing_context(subject=_subject(service), what="business case", publish_url=publish_url))
    name = f"{service.slug}-business-case{'-full' if version == FULL else ''}"
    return render_report(request, TEMPLATE, context, as_pdf=as_pdf, filename=name)


@require_POST
def business_case_publish(request, slug):
    """Publish the business case: its public version, and its full one when it has exempt
    appendices the publisher may see."""
    service = get_object_or_404(SharedService.objects.select_related("partnership"), slug=slug)
    check_publish(request.user, can_administer_service(request.user, service), "this business case", request.path)
    councils = [partner.council for partner in selectors.service_partners(service)]
    contexts = {PUBLIC: business_case(service, request.user, PUBLIC)}
    if any(can_see_exempt(request.user, council) for council in councils):
        full = business_case(service, request.user, FULL)
        if restriction_of(full["appendices"]):
            contexts[FULL] = full
    published = publish_report(
        request=request,
        template=TEMPLATE,
        contexts=contexts,
        partnership=service.partnership,
        service=service,
        kind=DocumentKind.BUSINESS_CASE,
        subject=_subject(service),
        title=contexts[PUBLIC]["report_title"],
        filename=f"{service.slug}-business-case",
        published_by=request.user,
    )
    messages.success(request, f"Version {published[0].version} of the business case is published.")
    return redirect(published[0])


def _links(request, service, version, councils, as_pdf) -> dict:
    suffix = "-full" if version == FULL else ""
    links = {"pdf_url": reverse(f"board:business-case{suffix}-pdf", args=[service.slug])}
    if version == FULL:
        links.update(other_url=reverse("board:business-case", args=[service.slug]), other_label="Public version")
    elif not as_pdf and any(can_see_exempt(request.user, council) for council in councils):
        links.update(
            other_url=reverse("board:business-case-full", args=[service.slug]),
            other_label="Full version, with exempt appendices",
        )
    return links


def business_case_page(request, slug):
    return _view(request, slug, PUBLIC, as_pdf=False)


def business_case_pdf(request, slug):
    return _view(request, slug, PUBLIC, as_pdf=True)


def business_case_full_page(request, slug):
    return _view(request, slug, FULL, as_pdf=False)


def business_case_full_pdf(request, slug):
    return _view(request, slug, FULL, as_pdf=True)
