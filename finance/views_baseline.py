"""A service's approved baselines: each version, what changed between versions, and every
figure of a version beside today's. Thin: reads and the freeze come from finance.baselines."""

from itertools import groupby, pairwise

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from finance import baselines
from finance.baseline_figures import from_data
from finance.models import Baseline
from partnership.models import SharedService
from partnership.permissions import can_administer_service, can_read, refuse


def _service(request, slug) -> SharedService:
    if not can_read(request.user):
        raise refuse(request.user, "see baselines", slug)
    return get_object_or_404(SharedService.objects.select_related("partnership"), slug=slug)


def baseline_list(request, slug):
    service = _service(request, slug)
    versions = list(baselines.baselines_of(service))
    changes = [
        {"from": earlier, "to": later, "rows": baselines.between(earlier, later)}
        for earlier, later in pairwise(versions)
    ]
    may_freeze = can_administer_service(request.user, service)
    today = timezone.localdate()
    eligible = baselines.eligible_decisions(service, versions, today) if may_freeze else []
    errors = []
    if request.method == "POST":
        if not may_freeze:
            raise refuse(request.user, f"freeze a baseline of {service.name}", slug)
        chosen = {int(pk) for pk in request.POST.getlist("decisions") if pk.isdigit()}
        try:
            baseline = baselines.freeze_baseline(
                service=service, decisions=[d for d in eligible if d.pk in chosen], user=request.user, today=today
            )
        except ValidationError as error:
            errors = error.message_dict.get("decisions", error.messages)
        else:
            messages.success(request, f"Version {baseline.version} of the baseline is frozen.")
            return redirect(baseline)
    context = {
        "service": service,
        "versions": versions,
        "changes": changes,
        "may_freeze": may_freeze,
        "eligible": eligible,
        "errors": errors,
    }
    return render(request, "finance/baselines.html", context)


def baseline_detail(request, slug, version):
    service = _service(request, slug)
    try:
        baseline = baselines.baselines_of(service).get(version=version)
    except Baseline.DoesNotExist:
        raise Http404("No such baseline version") from None
    rows = baselines.against_today(baseline)
    only_changed = request.GET.get("show") == "changed"
    shown = [row for row in rows if row.changed] if only_changed else rows
    sections = [{"name": name, "rows": list(group)} for name, group in groupby(shown, key=lambda row: row.section)]
    context = {
        "service": service,
        "baseline": baseline,
        "sections": sections,
        "changed_count": sum(1 for row in rows if row.changed),
        "figure_count": len(from_data(baseline.figures)),
        "only_changed": only_changed,
    }
    return render(request, "finance/baseline.html", context)
