"""Reads that cross models, each in a fixed number of queries whatever the data's size."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Value, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from partnership.models import (
    Council,
    Partnership,
    PartnershipMember,
    ServicePartner,
    SharedService,
    StrategicPartner,
    User,
)


def _current(prefix: str, on: date) -> Q:
    return Q(**{f"{prefix}joined__lte": on}) & (Q(**{f"{prefix}left__isnull": True}) | Q(**{f"{prefix}left__gt": on}))


def councils_with_service_counts(on: date | None = None):
    on = on or timezone.localdate()
    return Council.objects.annotate(
        service_count=Count("servicepartners", filter=_current("servicepartners__", on), distinct=True)
    )


def services_for_register(on: date | None = None):
    on = on or timezone.localdate()
    return SharedService.objects.select_related("partnership").with_current_partners(on).with_partner_count(on)


def with_members(partnership: Partnership) -> Partnership:
    """``partnership`` with its members over time and strategic partners: two queries."""
    members = PartnershipMember.objects.select_related("council").order_by("joined", "council__name")
    prefetch_related_objects(
        [partnership],
        Prefetch("members", queryset=members),
        Prefetch("strategic_partners", queryset=StrategicPartner.objects.select_related("council")),
    )
    return partnership


def council_service_history(council: Council):
    """Every service the council is or was in, with the service: one query."""
    return (
        ServicePartner.objects.filter(council=council)
        .select_related("service", "service__partnership")
        .order_by("service__name", "joined")
    )


def council_partnership_history(council: Council):
    return PartnershipMember.objects.filter(council=council).select_related("partnership").order_by("joined")


def service_detail(slug: str):
    partners = ServicePartner.objects.select_related("council").order_by("joined", "council__name")
    return (
        SharedService.objects.select_related("partnership")
        .prefetch_related(Prefetch("partners", queryset=partners), "review_points")
        .get(slug=slug)
    )


def partnership_for_reader(user, on: date | None = None) -> Partnership | None:
    """The partnership a reader sees when the address names none: the one their council (or the
    service they head) is in now, else the first registered. One query.

    Why a default: a board governs one partnership; across every partnership in the country the
    dashboard and annual report would add up figures no board is answerable for.
    """
    on = on or timezone.localdate()
    council_id = getattr(user, "council_id", None)
    headed = getattr(user, "headed_service_id", None)
    current = PartnershipMember.objects.filter(_current("", on), partnership=OuterRef("pk"), council_id=council_id)
    return (
        Partnership.objects.annotate(
            mine=Exists(current) if council_id else Value(False),
            heads=Exists(SharedService.objects.filter(partnership=OuterRef("pk"), pk=headed))
            if headed
            else Value(False),
        )
        .order_by("-mine", "-heads", "formed_on", "pk")
        .first()
    )


def partnership_people(partnership: Partnership, council=None):
    """The accounts of ``partnership``'s people (of its councils, heading its services, or
    administering it), or of one ``council`` of it, by name: one query."""
    people = User.objects.filter(
        Q(council__in=partnership_councils(partnership))
        | Q(headed_service__partnership=partnership)
        | Q(administered_partnership=partnership)
    )
    if council is not None:
        people = people.filter(council=council)
    return people.select_related("council", "headed_service").distinct().order_by("last_name", "first_name", "username")


def partnership_chosen(slug: str | None, user) -> Partnership | None:
    """The partnership named by ``slug`` (404 if none is), else the reader's own
    (:func:`partnership_for_reader`). One query."""
    if not slug:
        return partnership_for_reader(user)
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise Http404(f"There is no partnership “{slug}”.")
    return partnership


def partnership_choices() -> list[tuple[str, str]]:
    """(slug, name) of every partnership, by name, for a chooser: one query."""
    return list(Partnership.objects.order_by("name").values_list("slug", "name"))


def partnership_councils(partnership: Partnership):
    """Councils that are or were partners in any of the partnership's services, or members of it."""
    return Council.objects.filter(
        Q(servicepartners__service__partnership=partnership) | Q(partnershipmembers__partnership=partnership)
    ).distinct()


def document_councils(document) -> list[Council]:
    """The councils whose exempt papers a published document may hold: its own council, or else
    its service's partners, or else its partnership's councils. One query at most."""
    if document.council_id:
        return [document.council]
    if document.service_id:
        return list(Council.objects.filter(servicepartners__service_id=document.service_id).distinct())
    return list(partnership_councils(document.partnership))
