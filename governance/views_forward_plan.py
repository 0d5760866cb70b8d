"""A council's forward plan of key decisions: the published plan (HTML and PDF) and its entries' forms."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance import selectors
from governance.feeds import forward_plan_events
from governance.forms import ForwardPlanEntryForm
from governance.forward_plan import forward_plan_entry_save
from governance.forward_plan_publication import latest_published_plan, plan_title, publish_forward_plan
from governance.ical import CONTENT_TYPE, calendar_feed
from governance.models import ForwardPlanEntry
from governance.permissions import get_council_for_forward_plan, get_forward_plan_entry_for_edit
from mkip.pdf import PageMarks, PdfResponse, render_pdf
from mkip.stale import StaleRecord, record_version
from partnership.models import Council
from partnership.permissions import can_read, can_record_decision_for, refuse


def _plan_context(request, code):
    if not can_read(request.user):
        raise PermissionDenied
    council = get_object_or_404(Council, code=code)
    return {
        "council": council,
        "entries": selectors.council_forward_plan(council),
        "can_edit": can_record_decision_for(request.user, council),
    }


def council_plan(request, code):
    context = _plan_context(request, code)
    council = context["council"]
    context["published"] = latest_published_plan(council)
    if context["can_edit"]:
        context["publish_url"] = reverse("governance:forward-plan-publish", args=[council.code])
    return render(request, "governance/council_forward_plan.html", context)


@require_POST
def council_plan_publish(request, code):
    council = get_object_or_404(Council, code=code)
    if not can_record_decision_for(request.user, council):
        raise refuse(request.user, f"publish the forward plan of {council.name}", request.path)
    try:
        document = publish_forward_plan(council=council, user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("governance:forward-plan-council", council.code)
    messages.success(request, f"Version {document.version} of the forward plan is published.")
    return redirect(document)


def council_plan_pdf(request, code):
    context = _plan_context(request, code)
    marks = PageMarks.draft(plan_title(context["council"]), at=timezone.localtime())
    pdf = render_pdf("governance/council_forward_plan_pdf.html", context, request, marks=marks)
    return PdfResponse(pdf, filename=f"{context['council'].code}-forward-plan.pdf")


def council_plan_ical(request, code):
    context = _plan_context(request, code)
    council = context["council"]
    feed = calendar_feed(
        forward_plan_events(request, context["entries"]),
        name=f"{council.name} forward plan",
        uid_domain=settings.CALENDAR_UID_DOMAIN,
    )
    response = HttpResponse(feed, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{council.code}-forward-plan.ics"'
    return response


def _save(request, entry: ForwardPlanEntry):
    form = ForwardPlanEntryForm(request.POST or None, instance=entry, loaded_version=record_version(entry))
    if request.method == "POST" and form.is_valid():
        try:
            saved = forward_plan_entry_save(
                entry=form.instance,
                today=timezone.localdate(),
                recorded_by=request.user,
                loaded_version=form.loaded_version(),
            )
        except StaleRecord as error:
            form.refuse_as_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{saved.matter}” is in the forward plan ({saved.get_route_display()}).")
            return redirect(saved)
    return render(request, "governance/forward_plan_entry_form.html", {"form": form, "entry": entry})


def entry_new(request, code):
    council = get_council_for_forward_plan(request.user, code)
    return _save(request, ForwardPlanEntry(council=council))


def entry_edit(request, pk):
    return _save(request, get_forward_plan_entry_for_edit(request.user, pk))
