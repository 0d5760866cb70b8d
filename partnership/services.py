"""Writes to the register. Keyword-only, validated with ``full_clean()``, atomic."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mkip.stale import refuse_if_record_stale, refuse_if_stale, version_of
from partnership.models import Council, ServicePartner, SharedService
from partnership.revision import writes_for

HOST_NOT_A_PARTNER = "{council} is not a current partner of {service}. Add it as a partner first."


@transaction.atomic
def council_update_settings(
    *, council: Council, key_decision_threshold: Decimal, call_in_working_days: int, loaded_version: str | None = None
) -> Council:
    refuse_if_record_stale(record=council, loaded_version=loaded_version)
    council.key_decision_threshold = key_decision_threshold
    council.call_in_working_days = call_in_working_days
    council.full_clean()
    council.save(update_fields=["key_decision_threshold", "call_in_working_days"])
    return council


def host_version(service: SharedService) -> str:
    """The loaded version of a service's host: the history of its partners."""
    return version_of(ServicePartner.history.filter(service_id=service.pk))


@writes_for("service")
@transaction.atomic
def service_set_host(
    *, service: SharedService, council: Council | None, loaded_version: str | None = None
) -> ServicePartner | None:
    """Make ``council`` the host of ``service``; it must already be a current partner."""
    today = timezone.localdate()
    current = {p.council_id: p for p in service.partners.select_for_update() if p.is_current(today)}
    refuse_if_stale(loaded_version=loaded_version, histories=[ServicePartner.history.filter(service_id=service.pk)])
    if council is not None and council.pk not in current:
        raise ValidationError({"host": HOST_NOT_A_PARTNER.format(council=council, service=service)})
    chosen = council.pk if council is not None else None
    # One save per partner, host last, so each change has its history row and never two hosts at once.
    for partner in current.values():
        if partner.is_host and partner.council_id != chosen:
            partner.is_host = False
            partner.save(update_fields=["is_host"])
    if council is None:
        return None
    partner = current[council.pk]
    if not partner.is_host:
        partner.is_host = True
        partner.full_clean()
        partner.save(update_fields=["is_host"])
    return partner


@transaction.atomic
def membership_add(*, model, scope: dict, council: Council, joined, left=None, **extra):
    """Add a membership period (partnership member or service partner) after checking overlaps."""
    membership = model(council=council, joined=joined, left=left, **scope, **extra)
    membership.full_clean()
    membership.save()
    return membership


@writes_for("partnership")
@transaction.atomic
def person_deactivate(*, partnership, person):
    """Stop ``person`` signing in; their account and its history stay, so records still name them."""
    person.is_active = False
    person.full_clean(exclude=["password"])
    person.save(update_fields=["is_active"])
    return person
