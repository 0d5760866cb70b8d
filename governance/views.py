"""Pages of decisions, gateways and the statutory calendar. Thin: reads from selectors, writes from services."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance import selectors, services
from governance.appendices import appendices
from governance.feeds import governance_events
from governance.filters import DecisionFilter
from governance.forms import DecisionForm, DocumentForm, GatewayPassForm
from governance.ical import CONTENT_TYPE, calendar_feed
from governance.models import Decision, DecisionDocument, DecisionMaker
from governance.notices import notice_filename, notice_pdf, publish_notice, published_notices
from governance.permissions import get_decision_for_edit
from governance.tables import DecisionTable
from mkip.pdf import PageMarks, PdfResponse
from mkip.reports import PUBLIC
from mkip.stale import StaleRecord, record_version
from partnership.models import Council, SharedService
from partnership.pages import RegisterListView
from partnership.permissions import (
    can_pass_gateways,
    can_read,
    can_record_decision_for,
    can_see_exempt,
    refuse,
)
from partnership.selectors import partnership_choices, partnership_chosen, partnership_councils

BOARD = "board"


def _reader(request):
    if not can_read(request.user):
        raise PermissionDenied


class DecisionListView(RegisterListView):
    table_class = DecisionTable
    filterset_class = DecisionFilter
    export_name = "decisions"
    page_title = "Decisions"
    template_name = "governance/decision_list.html"

    def get_queryset(self):
        return Decision.objects.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["record_for"] = [c for c in Council.objects.all() if can_record_decision_for(user, c)]
        context["record_for_board"] = can_record_decision_for(user, None)
        return context


def _decision(request, pk) -> Decision:
    _reader(request)
    try:
        return selectors.decision_detail(pk)
    except Decision.DoesNotExist:
        raise Http404("No such decision") from None


def decision_detail(request, pk):
    decision = _decision(request, pk)
    return render(
        request,
        "governance/decision_detail.html",
        {
            "decision": decision,
            # The page names every appendix as the published notice does; only those allowed
            # to see the council's exempt papers get a link to an exempt one.
            "appendices": appendices(decision.documents.all(), request.user, PUBLIC),
            "may_see_exempt": can_see_exempt(request.user, decision.council),
            "can_edit": can_record_decision_for(request.user, decision.council),
            "published": list(published_notices(decision).filter(exempt=False)[:1]),
            "publish_url": reverse("governance:decision-publish", args=[decision.pk])
            if can_record_decision_for(request.user, decision.council)
            else "",
        },
    )


def decision_pdf(request, pk):
    # A printout that is not the published notice says DRAFT on every page, with its time.
    decision = _decision(request, pk)
    marks = PageMarks.draft(decision.title, at=timezone.localtime())
    return PdfResponse(notice_pdf(decision, request.user, marks, request), filename=notice_filename(decision))


@require_POST
def decision_publish(request, pk):
    decision = _decision(request, pk)
    if not can_record_decision_for(request.user, decision.council):
        raise refuse(request.user, "publish this decision notice", request.path)
    try:
        document = publish_notice(decision=decision, user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(decision)
    messages.success(request, f"Version {document.version} of the decision notice is published.")
    return redirect(document)


def _save_decision(request, decision: Decision, template: str):
    form = DecisionForm(request.POST or None, instance=decision, loaded_version=record_version(decision))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.decision_record(
                decision=form.instance,
                recommendations=form.cleaned_data["recommendations"],
                effective_from_override=form.cleaned_data["effective_from_override"],
                override_reason=form.cleaned_data["override_reason"],
                recorded_by=request.user,
                loaded_version=form.loaded_version(),
            )
        except StaleRecord as error:
            form.refuse_as_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The decision “{saved.title}” is saved.")
            return redirect(saved)
    return render(request, template, {"form": form, "decision": decision})


def decision_create(request, code):
    council = None if code == BOARD else get_object_or_404(Council, code=code)
    if not can_record_decision_for(request.user, council):
        raise refuse(request.user, f"record decisions of {council or 'the partnership board'}", code)
    decision = Decision(council=council)
    if council is None:
        decision.decision_maker, decision.subject_to_call_in = DecisionMaker.PARTNERSHIP_BOARD, False
    # The council is fixed by the URL and checked above; the form cannot change it.
    return _save_decision(request, decision, "governance/decision_form.html")


def decision_edit(request, pk):
    decision = get_decision_for_edit(request.user, pk)
    return _save_decision(request, decision, "governance/decision_form.html")


def document_add(request, pk):
    decision = get_decision_for_edit(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                decision=decision,
                upload=form.cleaned_data["file"],
                **{key: form.cleaned_data[key] for key in ("title", "exempt_paragraph")},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{form.cleaned_data['title']}” is added.")
            return redirect(decision)
    return render(request, "governance/document_form.html", {"form": form, "decision": decision})


def document_download(request, pk, document_pk):
    _reader(request)
    document = get_object_or_404(
        DecisionDocument.objects.select_related("decision__council"), pk=document_pk, decision_id=pk
    )
    if document.is_exempt and not can_see_exempt(request.user, document.decision.council):
        # Refused and logged like every forbidden request; the refusal names no title.
        raise refuse(request.user, "read an exempt document", document.pk)
    response = FileResponse(document.file.open("rb"), as_attachment=True, content_type=document.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def gateways(request):
    _reader(request)
    return render(request, "governance/gateways.html", {"rows": selectors.gateway_overview()})


def _gateway_page(request, slug, form=None):
    try:
        context = selectors.service_gateway(slug)
    except SharedService.DoesNotExist:
        raise Http404("No such shared service") from None
    can_pass = can_pass_gateways(request.user)
    # Shown whenever there is a next stage: if the service is held, saving explains why and changes nothing.
    if form is None and can_pass and context["readiness"]:
        form = GatewayPassForm(
            initial={"target": context["readiness"].target}, loaded_version=record_version(context["service"])
        )
    return render(request, "governance/service_gateway.html", {**context, "can_pass": can_pass, "form": form})


def service_gateway(request, slug):
    _reader(request)
    return _gateway_page(request, slug)


@require_POST
def gateway_pass(request, slug):
    service = get_object_or_404(SharedService, slug=slug)
    if not can_pass_gateways(request.user):
        raise refuse(request.user, f"pass a gateway for {service.name}", slug)
    form = GatewayPassForm(request.POST)
    if form.is_valid():
        try:
            services.gateway_pass(
                service=service,
                target=form.cleaned_data["target"],
                on=timezone.localdate(),
                rating=form.cleaned_data["rating"],
                notes=form.cleaned_data["notes"],
                recorded_by=request.user,
                loaded_version=form.loaded_version(),
            )
        except StaleRecord as error:
            form.refuse_as_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{service.name} has passed to {service.get_gateway_stage_display()}.")
            return redirect("governance:service-gateway", slug=slug)
    return _gateway_page(request, slug, form)


def _of_partnership(request) -> dict:
    """The partnership a statutory-calendar page is of, and the chooser's choices. With no
    partnership registered yet, the page lists everything (the selectors' ``partnership=None``)."""
    return {
        "partnership": partnership_chosen(request.GET.get("partnership"), request.user),
        "partnership_choices": partnership_choices(),
    }


def forward_plan(request):
    _reader(request)
    context = _of_partnership(request)
    partnership = context["partnership"]
    rows = selectors.forward_plan(partnership=partnership)
    # Each council's own plan, for the partnership's councils only: the list stays as long at national scale.
    councils = partnership_councils(partnership) if partnership else Council.objects.all()
    councils = councils.order_by("name")
    return render(request, "governance/forward_plan.html", {**context, "rows": rows, "councils": councils})


def milestones(request):
    _reader(request)
    context = _of_partnership(request)
    rows = selectors.milestones(partnership=context["partnership"])
    return render(request, "governance/milestones.html", {**context, "rows": rows})


def calendar(request):
    _reader(request)
    feed = calendar_feed(
        governance_events(request), name="Governance calendar", uid_domain=settings.CALENDAR_UID_DOMAIN
    )
    response = HttpResponse(feed, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="governance-calendar.ics"'
    return response
