"""Who may do what: every permission question is answered here, once per kind of object.

Views call the ``get_*_for_*`` helpers, which raise ``PermissionDenied`` (a 403) so
that a forbidden request is refused before anything is read or written.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from partnership.models import Council, Role, SharedService

security_log = logging.getLogger("mkip.security")

READER_ROLES = frozenset(Role.values)


def can_read(user) -> bool:
    """Everyone with a role reads the register; an account without a role reads nothing."""
    return user.is_authenticated and user.is_active and user.role in READER_ROLES


def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_active and (user.role == Role.ADMINISTRATOR or user.is_superuser)


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
