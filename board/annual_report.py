"""The partnership annual report (seed 002), public and full, as a page and an A4 PDF.

Figures from the register, finance and governance selectors; nothing is computed here that
those already compute.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from board.dashboard_baseline import investment_in, planned_in
from board.publishing import publish_report, publishing_context, restriction_of
from finance import selectors as finance_selectors
from finance.baseline_figures import from_data
from finance.baselines import latest_baselines
from governance import selectors as governance_selectors
from governance.appendices import appendices
from governance.models import DecisionDocument
from mkip.money import ZERO
from mkip.reports import FULL, PUBLIC, render_report
from partnership.models import Council, DocumentKind, GatewayStage
from partnership.permissions import (
    can_read,
    can_see_exempt,
    check_publish,
    check_report_version,
    is_administrator,
    refuse,
)
from partnership.selectors import partnership_chosen, services_for_register, with_members

WAYS = {2: "two-way", 3: "three-way", 4: "four-way", 5: "five-way"}


def ways(count: int) -> str:
    """>>> ways(3), ways(7)
    ('three-way', '7 partners')"""
    return WAYS.get(count, f"{count} partners")


def annual_report(user, version: str, partnership, today=None, against: bool = False) -> dict:
    """Everything seed 002's report shows about one partnership, from the register, finance and
    governance: see the tests for the queries. ``against`` lays each service's investment and
    planned savings beside its latest approved baseline (one query more)."""
    today = today or timezone.localdate()
    partnership = with_members(partnership)
    services = list(services_for_register(today).filter(partnership=partnership).order_by("name"))
    dated = [s for s in services if s.go_live]
    contacts = list(governance_selectors.contacts(partnership))
    planned = finance_selectors.services_with_plans().filter(partnership=partnership)
    delivered = finance_selectors.delivered_savings().filter(service__partnership=partnership)
    money = finance_selectors.savings_against_investment(finance_selectors.services_finance(planned), list(delivered))
    if against:
        _beside_baselines(money)
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
        "against": against,
    }


def _beside_baselines(money: list[dict]) -> None:
    """Give each row of ``money`` its baseline's investment and planned savings, where it has one."""
    baselines = latest_baselines([row["finance"].service.pk for row in money])
    for row in money:
        baseline = baselines.get(row["finance"].service.pk)
        if baseline is not None:
            entries = from_data(baseline.figures)
            row["baseline"] = {
                "version": baseline.version,
                "planned": planned_in(entries, None),
                "investment": investment_in(entries, None),
            }


# ---- Views: thin ---------------------------------------------------------------------------------


TEMPLATE = "board/reports/annual_report.html"


def _partnership(request):
    if not can_read(request.user):
        raise refuse(request.user, "read reports", request.path)
    partnership = partnership_chosen(request.GET.get("partnership"), request.user)
    if partnership is None:
        raise Http404("No partnership is registered yet.")
    return partnership


def _subject(partnership, today) -> str:
    return f"annual-report-{partnership.pk}-{today:%Y}"


def _report(request, version: str, partnership, against: bool = False) -> dict:
    """The report's context with its title and councils, as the page, the PDF and publishing print it."""
    context = annual_report(request.user, version, partnership, against=against)
    partnership, today = context["partnership"], context["today"]
    context.update(
        report_title=f"{partnership.short_name} annual report {today:%Y}",
        report_councils=[m.council for m in partnership.members.all() if m.is_current(today)],
    )
    if version == FULL:
        context["restriction"] = restriction_of(context["appendices"])
    return context


def _annual_view(request, version: str, as_pdf: bool):
    partnership = _partnership(request)
    councils = [None, *Council.objects.all()]  # None: partnership board papers, which only administrators record
    check_report_version(request.user, version, councils, request.path)
    # The printed report is always as published: only the page can be laid beside the baselines.
    against = not as_pdf and request.GET.get("against") == "baseline"
    context = _report(request, version, partnership, against=against)
    partnership = context["partnership"]
    today = context["today"]
    suffix = "-full" if version == FULL else ""
    query = "?" + urlencode({"partnership": partnership.slug})
    links = {"pdf_url": reverse(f"board:annual-report{suffix}-pdf") + query}
    if version == FULL:
        links.update(other_url=reverse("board:annual-report") + query, other_label="Public version")
    elif not as_pdf and any(can_see_exempt(request.user, council) for council in councils):
        links.update(
            other_url=reverse("board:annual-report-full") + query,
            other_label="Full version, with exempt appendices",
        )
    context["links"] = links
    if not as_pdf:
        publish_url = reverse("board:annual-report-publish") + query if is_administrator(request.user) else ""
        subject = _subject(partnership, today)
        context.update(publishing_context(subject=subject, what="annual report", publish_url=publish_url))
    filename = f"{partnership.short_name.lower()}-annual-report-{today:%Y}{suffix}"
    return render_report(request, TEMPLATE, context, as_pdf=as_pdf, filename=filename)


@require_POST
def annual_report_publish(request):
    """Publish this year's annual report of the partnership: public, and full with exempt appendices."""
    partnership = _partnership(request)
    check_publish(request.user, is_administrator(request.user), "the annual report", request.path)
    contexts = {PUBLIC: _report(request, PUBLIC, partnership)}
    full = _report(request, FULL, partnership)
    if full["restriction"]:
        contexts[FULL] = full
    public = contexts[PUBLIC]
    published = publish_report(
        request=request,
        template=TEMPLATE,
        contexts=contexts,
        partnership=public["partnership"],
        kind=DocumentKind.ANNUAL_REPORT,
        subject=_subject(public["partnership"], public["today"]),
        title=public["report_title"],
        filename=f"{partnership.short_name.lower()}-annual-report-{public['today']:%Y}",
        published_by=request.user,
    )
    messages.success(request, f"Version {published[0].version} of the annual report is published.")
    return redirect(published[0])


def annual_report_page(request):
    return _annual_view(request, PUBLIC, as_pdf=False)


def annual_report_pdf(request):
    return _annual_view(request, PUBLIC, as_pdf=True)


def annual_report_full_page(request):
    return _annual_view(request, FULL, as_pdf=False)


def annual_report_full_pdf(request):
    return _annual_view(request, FULL, as_pdf=True)
