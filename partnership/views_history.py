"""History pages of the register's records: councils, the partnership, services, their partners, people."""

from django.urls import reverse

from partnership.history_pages import HistoryKind, history_view
from partnership.models import (
    Council,
    Partnership,
    PartnershipMember,
    ReviewPoint,
    ServicePartner,
    SharedService,
    StrategicPartner,
    User,
)

COUNCIL_PARTNERSHIPS = ("partnershipmembers__partnership", "servicepartners__service__partnership")


def _overview(_record):
    return reverse("partnership:overview"), "the overview"


def _council_page(record):
    return record.council.get_absolute_url(), record.council.name


def _service_page(record):
    return record.service.get_absolute_url(), record.service.name


KINDS = {
    "partnership": HistoryKind(Partnership, _overview, partnership_paths=("id",)),
    "council": HistoryKind(
        Council, lambda council: (council.get_absolute_url(), council.name), partnership_paths=COUNCIL_PARTNERSHIPS
    ),
    "member": HistoryKind(PartnershipMember, _council_page, ("partnership",), related=("council", "partnership")),
    "strategic-partner": HistoryKind(StrategicPartner, _council_page, ("partnership",), related=("council",)),
    "service": HistoryKind(
        SharedService, lambda service: (service.get_absolute_url(), service.name), partnership_paths=("partnership",)
    ),
    "service-partner": HistoryKind(
        ServicePartner, _service_page, ("service__partnership",), related=("service", "council")
    ),
    "review-point": HistoryKind(ReviewPoint, _service_page, ("service__partnership",), related=("service",)),
    "user": HistoryKind(User, _overview, personal=True),
}

history = history_view(KINDS)
