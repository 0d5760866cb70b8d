"""Risk registers, bodies and key contacts. Thin: reads from selectors, writes from services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from governance import selectors, services
from governance.forms import RiskForm, RiskReviewForm
from governance.models import Risk
from governance.views import _reader
from mkip.stale import StaleRecord, record_version
from partnership.models import SharedService
from partnership.permissions import can_manage_risks, refuse


def risk_register(request, slug):
    _reader(request)
    service = get_object_or_404(SharedService, slug=slug)
    return render(
        request,
        "governance/risk_register.html",
        {
            "service": service,
            "risks": selectors.risk_register(service),
            "can_manage": can_manage_risks(request.user, service),
        },
    )


def risk_new(request, slug):
    service = get_object_or_404(SharedService, slug=slug)
    if not can_manage_risks(request.user, service):
        raise refuse(request.user, f"change the risk register of {service.name}", slug)
    form = RiskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_record(
                service=service, on=timezone.localdate(), recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The risk “{form.cleaned_data['title']}” is added.")
            return redirect("governance:risks", slug=slug)
    return render(request, "governance/risk_form.html", {"service": service, "form": form, "heading": "Add a risk"})


def risk_review(request, pk):
    risk = get_object_or_404(Risk.objects.select_related("service"), pk=pk)
    if not can_manage_risks(request.user, risk.service):
        raise refuse(request.user, f"review the risk “{risk.title}”", pk)
    form = RiskReviewForm(request.POST or None, instance=risk, loaded_version=record_version(risk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.risk_review(
                risk=form.instance,
                likelihood=data["likelihood"],
                impact=data["impact"],
                status=data["status"],
                mitigation=data["mitigation"],
                note=data["note"],
                on=timezone.localdate(),
                recorded_by=request.user,
                loaded_version=form.loaded_version(),
            )
        except StaleRecord as error:
            form.refuse_as_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The review of “{risk.title}” is saved.")
            return redirect("governance:risks", slug=risk.service.slug)
    heading = f"Review: {risk.title}"
    return render(request, "governance/risk_form.html", {"service": risk.service, "form": form, "heading": heading})


def contacts(request):
    _reader(request)
    return render(request, "governance/contacts.html", {"contacts": selectors.contacts()})


def bodies(request):
    _reader(request)
    return render(request, "governance/bodies.html", {"bodies": selectors.bodies()})
