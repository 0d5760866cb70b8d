"""History pages of staffing records: teams, TUPE transfers and planned reductions."""

from django.urls import reverse

from partnership.history_pages import HistoryKind, history_view
from staffing.models import PlannedReduction, Team, TupeTransfer

OF_SERVICE = ("service__partnership",)


def _staffing_page(record):
    return reverse("staffing:service", args=[record.service.slug]), f"staffing of {record.service.name}"


KINDS = {
    "team": HistoryKind(Team, _staffing_page, OF_SERVICE, related=("service",)),
    "tupe-transfer": HistoryKind(TupeTransfer, _staffing_page, OF_SERVICE, related=("service", "from_council")),
    "planned-reduction": HistoryKind(PlannedReduction, _staffing_page, OF_SERVICE, related=("service", "team")),
}

history = history_view(KINDS)
