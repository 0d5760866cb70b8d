"""Invitations: an administrator invites someone by email; the one-time link sets their password.

A link is valid for :data:`VALID_FOR`; an expired, used, withdrawn or tampered link is refused with
a sentence saying which. Writes are keyword-only, validated and atomic like every service.
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from partnership.models import Invitation, Role, User
from partnership.revision import writes_for
from partnership.roles import COUNCIL_ROLES, check_role_scope

VALID_FOR = timedelta(days=7)
ALREADY_A_USER = "{email} already has an account: change their role on the people page instead."
LINK_NOT_VALID = "This invitation link is not valid. Check you copied all of it, or ask for a new invitation."
LINK_USED = "This invitation has already been used. Sign in with the password you set."
LINK_WITHDRAWN = "This invitation was withdrawn. Ask your administrator for a new one."
LINK_EXPIRED = "This invitation expired on {day}. Ask your administrator to resend it."


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_scope(*, partnership, email, role, council, headed_service) -> None:
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": ALREADY_A_USER.format(email=email)})
    check_role_scope(partnership=partnership, role=role, council=council, headed_service=headed_service)


def _send(invitation: Invitation, token: str, link_for) -> None:
    link = link_for(token)
    send_mail(
        subject=f"You are invited to {invitation.partnership.name}",
        message=(
            f"{invitation.invited_by.display_name} has invited you to {invitation.partnership.name} as "
            f"{invitation.get_role_display().lower()}.\n\nSet your password here (the link works once, "
            f"until {invitation.expires_at:%d %B %Y}):\n{link}\n"
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )


def _issue(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + VALID_FOR
    return token


@writes_for("partnership")
@transaction.atomic
def invitation_send(
    *, partnership, email: str, role: str, invited_by, link_for, council=None, headed_service=None
) -> Invitation:
    """Invite ``email`` with ``role`` in ``partnership``; ``link_for(token)`` makes the emailed link."""
    email = email.strip()
    _check_scope(partnership=partnership, email=email, role=role, council=council, headed_service=headed_service)
    invitation = Invitation(
        partnership=partnership,
        email=email,
        role=role,
        council=council if role in COUNCIL_ROLES else None,
        headed_service=headed_service if role == Role.HEAD_OF_SERVICE else None,
        invited_by=invited_by,
    )
    token = _issue(invitation)
    invitation.full_clean()
    invitation.save()
    # Sent inside the transaction, last: if the mail server refuses it, nothing is saved either.
    _send(invitation, token, link_for)
    return invitation


@writes_for("partnership")
@transaction.atomic
def invitation_resend(*, partnership, invitation: Invitation, link_for) -> Invitation:
    """A new link (the old one stops working) and seven more days."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk, partnership=partnership)
    if not invitation.pending:
        raise ValidationError("Only a pending invitation can be resent.")
    token = _issue(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    _send(invitation, token, link_for)
    return invitation


@writes_for("partnership")
@transaction.atomic
def invitation_withdraw(*, partnership, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk, partnership=partnership)
    if invitation.pending:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
    return invitation


def invitation_for(token: str) -> Invitation:
    """The pending invitation ``token`` opens, or ``ValidationError`` saying why it does not."""
    invitation = Invitation.objects.select_related("partnership").filter(token_hash=_hash(token or "")).first()
    if invitation is None:
        raise ValidationError(LINK_NOT_VALID)
    if invitation.accepted_at is not None:
        raise ValidationError(LINK_USED)
    if invitation.withdrawn_at is not None:
        raise ValidationError(LINK_WITHDRAWN)
    if invitation.expires_at <= timezone.now():
        raise ValidationError(LINK_EXPIRED.format(day=timezone.localtime(invitation.expires_at).strftime("%d %B %Y")))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, first_name: str, last_name: str, password: str) -> User:
    """Make the invited person's account, with the role and scope they were invited to."""
    invitation = invitation_for(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_for(token)  # again under the lock: two tabs cannot both accept
    user = User(
        username=invitation.email.lower(),
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
        role=invitation.role,
        council=invitation.council,
        headed_service=invitation.headed_service,
        administered_partnership=invitation.partnership if invitation.role == Role.PARTNERSHIP_ADMIN else None,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(ALREADY_A_USER.format(email=invitation.email))
    user.full_clean(exclude=["password"])
    user.save()
    invitation.accepted_at, invitation.user = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "user"])
    return user
