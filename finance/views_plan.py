"""The savings plan of a service: its inputs, and planned against delivered savings by year."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from finance import selectors, services
from finance.forms_plan import DeliveredSavingForm, SavingsPlanForm
from finance.models import BudgetFigure, DeliveredSaving
from finance.savings import amounts_by_year, planned_vs_delivered
from mkip.stale import StaleRecord
from partnership.models import SharedService
from partnership.permissions import (
    can_administer_service,
    can_read,
    councils_reporting_for,
    get_service_for_plan_edit,
    refuse,
)


def _plan_url(service):
    return reverse("finance:savings-plan", args=[service.slug])


def _form_page(request, form, service, heading):
    context = {
        "form": form,
        "heading": heading,
        "caption": service.name,
        "back_url": _plan_url(service),
        "back_text": "Back to the savings plan",
    }
    return render(request, "mkip/form_page.html", context)


def savings_plan(request, slug):
    if not can_read(request.user):
        raise refuse(request.user, "see savings plans", slug)
    service = get_object_or_404(SharedService, slug=slug)
    finance = selectors.service_finance(service)
    delivered = list(DeliveredSaving.objects.filter(service=service).select_related("council"))
    delivered_by_year = amounts_by_year(delivered)
    projection = finance.statement.projection
    planned = projection.by_year if projection else {}
    reporters = councils_reporting_for(request.user, service, finance.councils)
    return render(
        request,
        "finance/savings_plan.html",
        {
            "service": service,
            "finance": finance,
            "rows": planned_vs_delivered(planned, delivered_by_year),
            "delivered": delivered,
            "can_edit_plan": can_administer_service(request.user, service),
            "delivered_form": DeliveredSavingForm(councils=reporters) if reporters else None,
        },
    )


def savings_plan_edit(request, slug):
    service = get_service_for_plan_edit(request.user, slug)
    plan = getattr(service, "savings_plan", None)
    initial = {}
    if plan:
        steps = "\n".join(
            f"{step.year.label} {step.percentage.normalize():f}%"
            if step.percentage is not None
            else f"{step.year.label} {step.amount}"
            for step in plan.steps.all()
        )
        initial = {
            "baseline_year": plan.baseline_year,
            "first_year": plan.first_year,
            "years": plan.years,
            "cashable": plan.cashable,
            "steps": steps,
        }
    form = SavingsPlanForm(
        request.POST or None,
        initial=initial,
        base_years=BudgetFigure.objects.non_staff_base_years(service),
        loaded_version=services.savings_plan_version(service),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.savings_plan_save(service=service, **form.entered(), loaded_version=form.loaded_version())
        except StaleRecord as error:
            form.refuse_as_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The savings plan of {service.name} is saved.")
            return redirect(_plan_url(service))
    return _form_page(request, form, service, "Change the savings plan")


def delivered_saving(request, slug):
    service = get_object_or_404(SharedService, slug=slug)
    reporters = councils_reporting_for(request.user, service, selectors.service_finance(service).councils)
    if not reporters:
        raise refuse(request.user, f"record savings delivered by {service.name}", slug)
    form = DeliveredSavingForm(
        request.POST or None, councils=reporters, loaded_version=services.delivered_savings_version(service)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.delivered_saving_record(service=service, **form.entered(), loaded_version=form.loaded_version())
        except StaleRecord as error:
            form.refuse_as_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The delivered saving is recorded.")
            return redirect(_plan_url(service))
    return _form_page(request, form, service, "Record a delivered saving")
