"""Who may do what: every permission question is answered here, once per kind of object.

Views call the ``get_*_for_*`` helpers, which raise ``PermissionDenied`` (a 403) so
that a forbidden request is refused before anything is read or written.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from mkip.reports import FULL
from partnership.models import Council, PartnershipMember, Role, ServicePartner, SharedService

security_log = logging.getLogger("mkip.security")

READER_ROLES = frozenset(Role.values)


def can_read(user) -> bool:
    """Everyone with a role reads the register; an account without a role reads nothing."""
    return user.is_authenticated and user.is_active and user.role in READER_ROLES


def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_active and (user.role == Role.ADMINISTRATOR or user.is_superuser)


# ---- Scoped administrators: a partnership's set-up and people, a council's people -------------------

# The roles each kind of administrator may give; nobody but the platform's own staff makes an
# administrator of the whole platform.
PARTNERSHIP_GRANTS = frozenset(
    {
        Role.OFFICER,
        Role.HEAD_OF_SERVICE,
        Role.DEMOCRATIC_SERVICES,
        Role.BOARD_MEMBER,
        Role.PARTNERSHIP_ADMIN,
        Role.COUNCIL_ADMIN,
    }
)
COUNCIL_GRANTS = frozenset({Role.OFFICER, Role.DEMOCRATIC_SERVICES, Role.COUNCIL_ADMIN})


def can_manage_partnership(user, partnership) -> bool:
    """A partnership's set-up (members, services, partners) and its people: its own administrators,
    and the platform's."""
    if is_administrator(user):
        return True
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.PARTNERSHIP_ADMIN
        and user.administered_partnership_id == partnership.pk
    )


def grantable_roles(user, partnership=None, council=None) -> frozenset:
    """The roles ``user`` may give to someone in ``partnership`` or ``council``: none elsewhere."""
    if is_administrator(user):
        return frozenset(Role.values)
    if partnership is not None and can_manage_partnership(user, partnership):
        return PARTNERSHIP_GRANTS
    if council is not None and _is_council_admin_of(user, council.pk):
        return COUNCIL_GRANTS
    return frozenset()


def _is_council_admin_of(user, council_id) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.COUNCIL_ADMIN
        and council_id is not None
        and user.council_id == council_id
    )


def can_manage_person(user, person, partnership) -> bool:
    """May ``user`` change ``person``'s role or deactivate them, ``person`` being one of
    ``partnership``'s people? A platform administrator's account is the platform's own
    staff's to manage, and nobody deactivates themself."""
    if person.pk == user.pk:
        return False
    if is_administrator(user):
        return True
    if person.is_superuser or person.role == Role.ADMINISTRATOR:
        return False
    if can_manage_partnership(user, partnership):
        return True
    return _is_council_admin_of(user, person.council_id) and person.role in COUNCIL_GRANTS


def council_administered_in(user, partnership) -> Council | None:
    """The council of ``partnership`` whose people ``user`` administers, if any: one query at most."""
    if not (user.is_authenticated and user.is_active and user.role == Role.COUNCIL_ADMIN and user.council_id):
        return None
    member = PartnershipMember.objects.filter(partnership=partnership, council_id=user.council_id).exists()
    return user.council if member else None


def check_manage_person(user, person, partnership, path: str) -> None:
    if not can_manage_person(user, person, partnership):
        raise refuse(user, f"manage {person.display_name}’s account", path)


def can_edit_council(user, council: Council) -> bool:
    """A council's own figures and settings: its officers, and administrators."""
    if is_administrator(user):
        return True
    return user.is_authenticated and user.role == Role.OFFICER and user.council_id == council.pk


def can_administer_service(user, service: SharedService) -> bool:
    """The consolidated budgets of a service: its head (delegated authority), and administrators."""
    if is_administrator(user):
        return True
    return user.is_authenticated and user.role == Role.HEAD_OF_SERVICE and user.headed_service_id == service.pk


def can_record_decisions(user, council: Council) -> bool:
    if is_administrator(user):
        return True
    return user.is_authenticated and user.role == Role.DEMOCRATIC_SERVICES and user.council_id == council.pk


def refuse(user, action: str, target) -> PermissionDenied:
    """Log the refusal and return the 403 to raise; every refused write goes through here."""
    security_log.warning("refused user=%s action=%s target=%s", user.get_username(), action, target)
    return PermissionDenied(f"You do not have permission to {action}.")


def get_council_for_edit(user, code: str) -> Council:
    council = get_object_or_404(Council, code=code)
    if not can_edit_council(user, council):
        raise refuse(user, f"change {council.name}’s figures", council.code)
    return council


def get_service_for_admin(user, slug: str) -> SharedService:
    service = get_object_or_404(SharedService, slug=slug)
    if not can_administer_service(user, service):
        raise refuse(user, f"administer {service.name}", service.slug)
    return service


# ---------------------------------------------------------------------------
# Staffing: posts of a shared service's establishment.
# An officer changes only the posts of their own council, in a service their council is a
# current partner of; the head of service and administrators change every post, including
# the host's posts after TUPE (council None). Everyone with a role reads.
# ---------------------------------------------------------------------------


def can_edit_staff_post(user, service: SharedService, council_id: int | None, current_partner_ids) -> bool:
    """May ``user`` change (or add, or remove) a post employed by ``council_id`` in ``service``?

    ``current_partner_ids`` is the set of the service's current partner councils, read once by
    the caller so that a grid of many posts is checked without a query per post.
    """
    if can_administer_service(user, service):
        return True
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.OFFICER
        and council_id is not None
        and council_id == user.council_id
        and council_id in current_partner_ids
    )


def can_edit_any_staff_post(user, service: SharedService, current_partner_ids) -> bool:
    return can_administer_service(user, service) or can_edit_staff_post(
        user, service, getattr(user, "council_id", None), current_partner_ids
    )


def check_staff_posts_editable(user, service: SharedService, council_ids, current_partner_ids) -> None:
    """Refuse (403) unless ``user`` may change posts of every council in ``council_ids``."""
    for council_id in set(council_ids):
        if not can_edit_staff_post(user, service, council_id, current_partner_ids):
            who = "the host council’s" if council_id is None else "another council’s"
            raise refuse(user, f"change {who} posts in {service.name}", service.slug)


# ---- Finance: budget grids and the capital pot ------------------------------------------------------


def can_edit_service_budget(user, service: SharedService, council: Council) -> bool:
    """A council's budget lines for a shared service it is (or was) a partner in.

    Its own officers edit them; the head of the service edits every partner's lines
    (the consolidated budget, seed 000 iv d); administrators edit anything.
    """
    if not ServicePartner.objects.filter(service=service, council=council).exists():
        return False
    return can_edit_council(user, council) or can_administer_service(user, service)


def get_budget_grid(user, slug: str, code: str, *, for_edit: bool) -> tuple[SharedService, Council]:
    """The service and council of a grid page: readers may look, only editors may write."""
    if not can_read(user):
        raise refuse(user, "see budgets", slug)
    service = get_object_or_404(SharedService, slug=slug)
    council = get_object_or_404(Council, code=code)
    if for_edit and not can_edit_service_budget(user, service, council):
        raise refuse(user, f"change {council.name}’s budget for {service.name}", f"{slug}/{code}")
    return service, council


def get_service_for_capital_approval(user, slug: str) -> SharedService:
    """Spending from a capital pot is approved by the head of service (seed 001 §7.2), or an administrator."""
    service = get_object_or_404(SharedService, slug=slug)
    if not can_administer_service(user, service):
        raise refuse(user, f"approve spending from the {service.name} capital pot", slug)
    return service


# ---------------------------------------------------------------- governance
# Decision records and gateways. Democratic services officers record their own
# council's decisions; partnership board decisions and gateway passes belong to administrators.


def can_record_decision_for(user, council: Council | None) -> bool:
    """``council`` None means a partnership board decision, which only administrators record."""
    if council is None:
        return is_administrator(user)
    return can_record_decisions(user, council)


def can_see_exempt(user, council: Council | None) -> bool:
    """Exempt appendices (Schedule 12A): only those who record the council's decisions see them."""
    return can_record_decision_for(user, council)


def check_report_version(user, version: str, councils, path: str) -> None:
    """Readers see a report's public version; the full one needs the right to see exempt papers of ``councils``."""
    if not can_read(user):
        raise refuse(user, "read reports", path)
    if version == FULL and not any(can_see_exempt(user, council) for council in councils):
        raise refuse(user, "read the full version of a report", path)


def can_pass_gateways(user) -> bool:
    return is_administrator(user)


def can_manage_risks(user, service: SharedService) -> bool:
    """A service's risk register: its head of service, and administrators."""
    return can_administer_service(user, service)


# ---------------------------------------------------------------- finance: savings plans
# The plan is part of the consolidated budget the head of service administers (seed 000 iv d);
# each council reports its own delivered savings, and the head may record them for any partner.


def get_service_for_plan_edit(user, slug: str) -> SharedService:
    service = get_object_or_404(SharedService, slug=slug)
    if not can_administer_service(user, service):
        raise refuse(user, f"change the savings plan of {service.name}", slug)
    return service


def councils_reporting_for(user, service: SharedService, councils) -> list[Council]:
    """Of ``councils`` (the service's partners), those whose delivered savings ``user`` may record."""
    if can_administer_service(user, service):
        return list(councils)
    return [council for council in councils if can_edit_council(user, council)]


# ---------------------------------------------------------------- published documents
# A public version is public: anyone may read it, signed in or not. A version with exempt
# papers is for those who may see a council's exempt papers, as the full reports are.


def can_read_document(user, document, councils) -> bool:
    """``councils``: the councils whose exempt papers it holds (its council, or the service's partners)."""
    if not document.exempt:
        return True
    return any(can_see_exempt(user, council) for council in councils)


def check_publish(user, allowed: bool, what: str, target) -> None:
    if not allowed:
        raise refuse(user, f"publish {what}", target)


# ---------------------------------------------------------------- finance: quarterly monitoring
# The head of service opens rounds and reviews returns; each council's officers complete their
# own council's return, and the head may complete any partner's.


def can_run_monitoring(user, service: SharedService) -> bool:
    return can_administer_service(user, service)


def can_complete_return(user, service: SharedService, council: Council) -> bool:
    return can_administer_service(user, service) or can_edit_council(user, council)


# ---- History of a record: its partnership's readers ------------------------------------------------


def reader_partnership_ids(user) -> set[int] | None:
    """The partnerships whose records ``user`` reads; None for every partnership (board members, administrators).

    An officer's are those their council is or was in, as a member or as a partner in a service;
    a head of service's, the one their service belongs to. At most three queries.
    """
    if is_administrator(user) or user.role == Role.BOARD_MEMBER:
        return None
    ids = set()
    if user.council_id:
        ids |= set(
            PartnershipMember.objects.filter(council_id=user.council_id).values_list("partnership_id", flat=True)
        )
        ids |= set(
            ServicePartner.objects.filter(council_id=user.council_id).values_list("service__partnership_id", flat=True)
        )
    if user.headed_service_id:
        ids |= set(SharedService.objects.filter(pk=user.headed_service_id).values_list("partnership_id", flat=True))
    if user.administered_partnership_id:
        ids.add(user.administered_partnership_id)
    return ids


def get_record_for_history(user, model, pk: int, *, partnership_paths=(), related=(), personal=False):
    """The record whose history ``user`` asks for, if they may read it.

    ``partnership_paths`` are the lookups from the record to the partnerships it belongs to; a
    record belonging to none (a contact of no council) is read by every reader. A ``personal``
    record (a person's account, or a record of one ``person``) is read by that person and
    administrators only.
    """
    if not can_read(user):
        raise refuse(user, "read the history of records", f"{model._meta.label}/{pk}")
    records = model._default_manager.select_related(*related) if related else model._default_manager.all()
    record = get_object_or_404(records, pk=pk)
    if personal:
        owner_id = getattr(record, "person_id", record.pk)
        allowed = is_administrator(user) or owner_id == user.pk
    else:
        mine = reader_partnership_ids(user)
        theirs = set()
        for path in partnership_paths:
            rows = model._default_manager.filter(pk=pk).values_list(path, flat=True)
            theirs |= {partnership_id for partnership_id in rows if partnership_id is not None}
        allowed = mine is None or not theirs or bool(theirs & mine)
    if not allowed:
        raise refuse(user, f"read the history of {record}", f"{model._meta.label}/{pk}")
    return record
