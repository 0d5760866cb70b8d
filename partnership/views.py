"""Pages of the partnership register. Thin: reads come from selectors, writes from services."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.generic import TemplateView

from mkip.stale import StaleRecord, record_version
from partnership import selectors, services
from partnership.agreement import agreement_end, milestone_status, review_milestones
from partnership.filters import CouncilFilter, SharedServiceFilter
from partnership.forms import CouncilSettingsForm, ServiceHostForm
from partnership.models import Council, SharedService
from partnership.pages import ReaderRequiredMixin, RegisterListView
from partnership.permissions import (
    can_edit_council,
    can_manage_partnership,
    can_read,
    council_administered_in,
    get_council_for_edit,
    is_administrator,
    refuse,
)
from partnership.tables import CouncilTable, SharedServiceTable


class OverviewView(RegisterListView):
    """One partnership at a glance (the reader's own, or ``?partnership=<slug>``) and its shared
    services, filterable and exportable.

    Why one: a board governs one partnership, and the national register holds over a hundred;
    the partnership is also a filter, so its choice keeps the page's address and the exports.
    """

    template_name = "partnership/overview.html"
    table_class = SharedServiceTable
    filterset_class = SharedServiceFilter
    export_name = "shared-services"

    def get(self, request, *args, **kwargs):
        self.partnership = self._partnership()
        if self.partnership is None:
            return render(request, "partnership/no_partnership.html", {"heading": "Partnership overview"})
        return super().get(request, *args, **kwargs)

    def _partnership(self):
        partnership = selectors.partnership_chosen(self.request.GET.get("partnership"), self.request.user)
        return partnership and selectors.with_members(partnership)

    def get_queryset(self):
        return selectors.services_for_register()

    def sheet_title(self) -> str:
        return f"{self.partnership.short_name} shared services"

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = kwargs["data"].copy() if kwargs["data"] else QueryDict(mutable=True)
        data["partnership"] = self.partnership.slug
        return {**kwargs, "data": data, "partnership": self.partnership}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        changed = set(context["filter"].form.changed_data) - {"partnership"}
        return {
            **context,
            "partnership": self.partnership,
            "filtered": bool(changed),
            "clear_url": f"{self.request.path}?{urlencode({'partnership': self.partnership.slug})}",
            "page_title": f"{self.partnership.short_name} overview",
            "can_manage": can_manage_partnership(self.request.user, self.partnership)
            or council_administered_in(self.request.user, self.partnership) is not None,
            "today": timezone.localdate(),
        }


class CouncilListView(RegisterListView):
    table_class = CouncilTable
    filterset_class = CouncilFilter
    export_name = "councils"
    page_title = "Councils"

    def get_queryset(self):
        return selectors.councils_with_service_counts()


class CouncilDetailView(ReaderRequiredMixin, TemplateView):
    template_name = "partnership/council_detail.html"

    def get_context_data(self, **kwargs):
        council = get_object_or_404(Council, code=self.kwargs["code"])
        today = timezone.localdate()
        history = list(selectors.council_service_history(council))
        return {
            **super().get_context_data(**kwargs),
            "council": council,
            "current_services": [p for p in history if p.is_current(today)],
            "past_services": [p for p in history if not p.is_current(today)],
            "memberships": selectors.council_partnership_history(council),
            "strategic_partnerships": council.strategic_partnerships.select_related("partnership"),
            "can_edit": can_edit_council(self.request.user, council),
        }


def council_settings(request, code):
    council = get_council_for_edit(request.user, code)
    form = CouncilSettingsForm(request.POST or None, instance=council, loaded_version=record_version(council))
    if request.method == "POST" and form.is_valid():
        try:
            services.council_update_settings(
                council=council,
                key_decision_threshold=form.cleaned_data["key_decision_threshold"],
                call_in_working_days=form.cleaned_data["call_in_working_days"],
                loaded_version=form.loaded_version(),
            )
        except StaleRecord as error:
            form.refuse_as_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{council.name}’s settings are saved.")
            return redirect(council)
    context = {
        "form": form,
        "heading": "Decision settings",
        "caption": council.name,
        "back_url": council.get_absolute_url(),
        "back_text": f"Back to {council.name}",
    }
    return render(request, "mkip/form_page.html", context)


class ServiceDetailView(ReaderRequiredMixin, TemplateView):
    template_name = "partnership/service_detail.html"

    def get_context_data(self, **kwargs):
        try:
            service = selectors.service_detail(self.kwargs["slug"])
        except SharedService.DoesNotExist:
            raise Http404("No such shared service") from None
        today = timezone.localdate()
        partners = list(service.partners.all())
        current = [p for p in partners if p.is_current(today)]
        milestones = []
        if service.agreement_start and service.term_years:
            points = [(point.name, point.after_years) for point in service.review_points.all()]
            milestones = [
                (milestone, milestone_status(milestone.due, today))
                for milestone in review_milestones(service.agreement_start, service.term_years, points)
            ]
        return {
            **super().get_context_data(**kwargs),
            "service": service,
            "partners": partners,
            "current_partners": current,
            "host": next((p for p in current if p.is_host), None),
            "agreement_ends": (
                agreement_end(service.agreement_start, service.term_years)
                if service.agreement_start and service.term_years
                else None
            ),
            "milestones": milestones,
            "can_change_host": is_administrator(self.request.user),
        }


def service_host(request, slug):
    service = get_object_or_404(SharedService, slug=slug)
    if not is_administrator(request.user):
        if not can_read(request.user):
            raise PermissionDenied
        raise refuse(request.user, f"change the host of {service.name}", service.slug)
    current_host = service.partners.filter(is_host=True, left__isnull=True).first()
    form = ServiceHostForm(
        request.POST or None,
        initial={"host": current_host.council if current_host else None},
        loaded_version=services.host_version(service),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.service_set_host(
                service=service, council=form.cleaned_data["host"], loaded_version=form.loaded_version()
            )
        except StaleRecord as error:
            form.refuse_as_stale(error)
        except ValidationError as error:
            form.add_error("host", error.message_dict["host"])
        else:
            messages.success(request, f"The host of {service.name} is saved.")
            return redirect(service)
    context = {
        "form": form,
        "heading": "Host council",
        "caption": service.name,
        "back_url": service.get_absolute_url(),
        "back_text": f"Back to {service.name}",
    }
    return render(request, "mkip/form_page.html", context)
