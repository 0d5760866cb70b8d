"""Pages of quarterly monitoring: a service's rounds, a council's return, the review and the report.

Thin: reads from finance.monitoring_selectors, writes from finance.monitoring_services;
permissions from partnership.permissions.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from finance import monitoring_selectors as selectors
from finance import monitoring_services as services
from finance.forms_monitoring import OpenRoundForm, ReopenForm, ReturnForm, ReviewForm
from finance.models_monitoring import EDITABLE, MonitoringReturn, MonitoringRound, ReturnStatus
from mkip.reports import render_report
from mkip.stale import StaleRecord
from partnership.models import SharedService
from partnership.permissions import can_complete_return, can_read, can_run_monitoring, refuse


def _service(request, slug) -> SharedService:
    if not can_read(request.user):
        raise refuse(request.user, "see budget monitoring", slug)
    return get_object_or_404(SharedService.objects.select_related("partnership"), slug=slug)


def _round(service, pk) -> MonitoringRound:
    try:
        return MonitoringRound.objects.select_related("service__partnership").get(service=service, pk=pk)
    except MonitoringRound.DoesNotExist:
        raise Http404("No such monitoring round") from None


def rounds(request, slug):
    service = _service(request, slug)
    may_open = can_run_monitoring(request.user, service)
    form = OpenRoundForm(request.POST or None) if may_open else None
    if request.method == "POST":
        if not may_open:
            raise refuse(request.user, f"open a monitoring round of {service.name}", slug)
        if form.is_valid():
            try:
                opened = services.open_round(service=service, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"The round for {opened.year} quarter {opened.quarter} is open.")
                return redirect(opened)
    today = timezone.localdate()
    listed = [
        {
            "round": monitoring_round,
            "late": [
                r.council
                for r in monitoring_round.returns.all()
                if selectors.is_late(r, monitoring_round.due_on, today)
            ],
        }
        for monitoring_round in selectors.rounds_of(service)
    ]
    return render(request, "finance/monitoring_rounds.html", {"service": service, "rounds": listed, "form": form})


def round_page(request, slug, pk):
    service = _service(request, slug)
    monitoring_round = _round(service, pk)
    returns = selectors.council_returns(monitoring_round)
    context = {
        "service": service,
        "round": monitoring_round,
        "returns": returns,
        "may_run": can_run_monitoring(request.user, service),
        "reopen_form": ReopenForm() if monitoring_round.locked else None,
    }
    return render(request, "finance/monitoring_round.html", context)


@require_POST
def reopen(request, slug, pk):
    service = _service(request, slug)
    monitoring_round = _round(service, pk)
    if not can_run_monitoring(request.user, service):
        raise refuse(request.user, f"reopen a monitoring round of {service.name}", slug)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen_round(
                monitoring_round=monitoring_round, reason=form.cleaned_data["reason"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The round is reopened: each return is back with its council.")
    else:
        messages.error(request, " ".join(form.errors["reason"]))
    return redirect(monitoring_round)


def _return(service, pk) -> MonitoringReturn:
    returns = MonitoringReturn.objects.select_related("council", "round__service__partnership")
    try:
        return returns.get(round__service=service, pk=pk)
    except MonitoringReturn.DoesNotExist:
        raise Http404("No such return") from None


def _refuse_as_stale(form, error: StaleRecord) -> None:
    """Say who saved since the page was opened; the entries stay as typed, and saving again saves over."""
    form.add_error(None, error.message)
    form.data = form.data.copy()
    form.data["version"] = error.current_version


def _review(request, monitoring_return, review: ReviewForm):
    """The head of service's sign-off or return; the redirect, or None with the form's errors."""
    if not review.is_valid():
        return None
    sign_off = request.POST["review"] == "sign_off"
    try:
        services.review_return(
            monitoring_return=monitoring_return,
            sign_off=sign_off,
            comment=review.cleaned_data["comment"],
            loaded_version=review.cleaned_data["version"] or None,
            user=request.user,
        )
    except StaleRecord as error:
        _refuse_as_stale(review, error)
        return None
    except ValidationError as error:
        review.add_error(None, error)
        return None
    done = "signed off" if sign_off else "returned for changes"
    messages.success(request, f"{monitoring_return.council.name}’s return is {done}.")
    return redirect(monitoring_return.round)


def _save(request, monitoring_return, form: ReturnForm):
    """The council's save or submission; the redirect, or None with the form's errors."""
    if not form.is_valid():
        return None
    submit = "submit" in request.POST
    try:
        services.save_return(
            monitoring_return=monitoring_return,
            forecasts=form.forecasts(),
            loaded_version=form.cleaned_data["version"] or None,
            user=request.user,
            submit=submit,
        )
    except StaleRecord as error:
        _refuse_as_stale(form, error)
        return None
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, "Your return is submitted." if submit else "Your return is saved.")
    return redirect(monitoring_return)


def return_page(request, slug, pk):
    service = _service(request, slug)
    monitoring_return = _return(service, pk)
    may_review = can_run_monitoring(request.user, service)
    (council_return,) = selectors.council_returns(monitoring_return.round, [monitoring_return])
    may_complete = can_complete_return(request.user, service, monitoring_return.council)
    editable = may_complete and monitoring_return.status in EDITABLE and not monitoring_return.round.locked
    reviewing = request.method == "POST" and "review" in request.POST
    saving = request.method == "POST" and not reviewing
    initial = {"version": services.return_version(monitoring_return)}
    form = ReturnForm(request.POST if saving else None, rows=council_return.rows, initial=initial)
    review = ReviewForm(request.POST if reviewing else None, initial=initial)
    if reviewing:
        if not may_review:
            raise refuse(request.user, f"review {monitoring_return}", request.path)
        if done := _review(request, monitoring_return, review):
            return done
    elif saving:
        # A return that is submitted, signed off or locked is refused by the service with its reason.
        if not may_complete:
            raise refuse(request.user, f"change {monitoring_return}", request.path)
        if done := _save(request, monitoring_return, form):
            return done
    context = {
        "service": service,
        "return": monitoring_return,
        "council_return": council_return,
        "form": form,
        "review": review,
        "editable": editable,
        "may_review": may_review and monitoring_return.status == ReturnStatus.SUBMITTED,
    }
    return render(request, "finance/monitoring_return.html", context)


def _report(request, slug, pk, as_pdf: bool):
    service = _service(request, slug)
    monitoring_round = _round(service, pk)
    returns = selectors.council_returns(monitoring_round)
    title = f"{service.name}: budget monitoring, {monitoring_round.year} quarter {monitoring_round.quarter}"
    context = {
        "service": service,
        "round": monitoring_round,
        "returns": returns,
        "savings": selectors.savings_to_date(monitoring_round),
        "report_title": title,
        "report_councils": [r.monitoring_return.council for r in returns],
        "links": {"pdf_url": reverse("finance:monitoring-report-pdf", args=[service.slug, monitoring_round.pk])},
    }
    filename = f"{service.slug}-monitoring-{monitoring_round.year.start_year}-q{monitoring_round.quarter}"
    return render_report(request, "finance/monitoring_report.html", context, as_pdf=as_pdf, filename=filename)


def report_page(request, slug, pk):
    return _report(request, slug, pk, as_pdf=False)


def report_pdf(request, slug, pk):
    return _report(request, slug, pk, as_pdf=True)
