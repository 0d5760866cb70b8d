"""Benefits realisation pages: reports against the business case, and the operational plan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from governance import services
from governance.forms_benefits import ActionUpdateForm, BenefitReportForm
from governance.models import BenefitReport, OperationalAction, Priority
from governance.views import _reader
from mkip.stale import StaleRecord, record_version
from partnership.models import SharedService
from partnership.permissions import can_administer_service, refuse


def _form_page(request, form, caption, service, heading):
    context = {
        "form": form,
        "heading": heading,
        "caption": caption,
        "back_url": reverse("governance:benefits", args=[service.slug]),
        "back_text": "Back to benefits realisation",
    }
    return render(request, "mkip/form_page.html", context)


def benefits(request, slug):
    _reader(request)
    service = get_object_or_404(SharedService, slug=slug)
    actions = list(OperationalAction.objects.filter(service=service))
    by_priority = [(label, [a for a in actions if a.priority == value]) for value, label in Priority.choices]
    return render(
        request,
        "governance/benefits.html",
        {
            "service": service,
            "reports": BenefitReport.objects.filter(service=service).select_related("reported_by"),
            "by_priority": by_priority,
            "can_report": can_administer_service(request.user, service),
        },
    )


def benefit_new(request, slug):
    service = get_object_or_404(SharedService, slug=slug)
    if not can_administer_service(request.user, service):
        raise refuse(request.user, f"report the benefits of {service.name}", slug)
    form = BenefitReportForm(request.POST or None, service=service)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.benefit_report(service=service, reported_by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The report on “{fields['benefit']}” is saved.")
            return redirect("governance:benefits", slug=slug)
    return _form_page(request, form, service.name, service, "Report a benefit")


def action_update(request, pk):
    action = get_object_or_404(OperationalAction.objects.select_related("service"), pk=pk)
    if not can_administer_service(request.user, action.service):
        raise refuse(request.user, f"update the action “{action.title}”", pk)
    form = ActionUpdateForm(request.POST or None, instance=action, loaded_version=record_version(action))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update(
                action=action,
                status=data["status"],
                rating=data["rating"],
                note=data["note"],
                loaded_version=form.loaded_version(),
            )
        except StaleRecord as error:
            form.refuse_as_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{action.title}” is updated.")
            return redirect("governance:benefits", slug=action.service.slug)
    return _form_page(request, form, f"{action.service.name} · {action.title}", action.service, "Update an action")
