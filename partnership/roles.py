"""A person's role and its scope (a council, a service led, a partnership administered): the rules
an invitation and a change of role both keep, and the change of role itself."""

from django.core.exceptions import ValidationError
from django.db import transaction

from mkip.stale import refuse_if_record_stale
from partnership.models import PartnershipMember, Role, User

NEEDS_COUNCIL = "Choose the council this person works for."
NEEDS_SERVICE = "Choose the shared service this head of service leads."
NOT_A_MEMBER = "{council} is not a member of {partnership}."
NOT_ITS_SERVICE = "{service} is not one of {partnership}’s services."
NOT_GRANTABLE = "You cannot give the role of {role}."
COUNCIL_ROLES = frozenset({Role.OFFICER, Role.DEMOCRATIC_SERVICES, Role.COUNCIL_ADMIN})


def check_role_scope(*, partnership, role, council, headed_service) -> None:
    """Refuse, on the field concerned, a role whose council or service is missing or not of ``partnership``."""
    if role in COUNCIL_ROLES and council is None:
        raise ValidationError({"council": NEEDS_COUNCIL})
    if council is not None and not PartnershipMember.objects.filter(partnership=partnership, council=council).exists():
        raise ValidationError({"council": NOT_A_MEMBER.format(council=council, partnership=partnership)})
    if role == Role.HEAD_OF_SERVICE and headed_service is None:
        raise ValidationError({"headed_service": NEEDS_SERVICE})
    if headed_service is not None and headed_service.partnership_id != partnership.pk:
        raise ValidationError(
            {"headed_service": NOT_ITS_SERVICE.format(service=headed_service, partnership=partnership)}
        )


def scope_of(role, *, partnership, council, headed_service) -> dict:
    """The account fields a ``role`` sets: only the scope the role has, the others cleared."""
    return {
        "role": role,
        "council": council if role in COUNCIL_ROLES else None,
        "headed_service": headed_service if role == Role.HEAD_OF_SERVICE else None,
        "administered_partnership": partnership if role == Role.PARTNERSHIP_ADMIN else None,
    }


@transaction.atomic
def person_change_role(
    *, partnership, person: User, role: str, grantable, council=None, headed_service=None, loaded_version=None
) -> User:
    """Give ``person`` ``role`` in ``partnership`` (one of the ``grantable`` roles of whoever asks).

    A save from a page opened before another change of the account is refused
    (:class:`mkip.stale.StaleRecord`); the account's history keeps each change.
    """
    if role not in grantable:
        raise ValidationError({"role": NOT_GRANTABLE.format(role=Role(role).label.lower())})
    check_role_scope(partnership=partnership, role=role, council=council, headed_service=headed_service)
    refuse_if_record_stale(record=person, loaded_version=loaded_version)
    person.refresh_from_db()
    for field, value in scope_of(role, partnership=partnership, council=council, headed_service=headed_service).items():
        setattr(person, field, value)
    person.full_clean(exclude=["password"])
    person.save(update_fields=["role", "council", "headed_service", "administered_partnership"])
    return person
