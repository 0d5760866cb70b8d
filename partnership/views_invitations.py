"""Invitation pages: an administrator's pending invitations (invite, resend, withdraw) and the
invited person's page behind the emailed link. Thin: rules in permissions, writes in invitations."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnership import invitations, selectors
from partnership.forms_invitations import AcceptInvitationForm, InvitationForm
from partnership.models import Invitation, Partnership
from partnership.permissions import can_manage_partnership, council_administered_in, grantable_roles, refuse
from partnership.two_factor import must_use_two_factor


def _scope(request, slug):
    """The partnership, and the council (None for all) whose invitations the reader manages."""
    partnership = get_object_or_404(Partnership, slug=slug)
    if can_manage_partnership(request.user, partnership):
        return partnership, None
    council = council_administered_in(request.user, partnership)
    if council is None:
        raise refuse(request.user, f"invite people to {partnership.name}", partnership.slug)
    return partnership, council


def _link_for(request):
    return lambda token: request.build_absolute_uri(reverse("invitation-accept", args=[token]))


def _list_url(partnership):
    return reverse("partnership:invitations", args=[partnership.slug])


def invitations_page(request, slug):
    partnership, council = _scope(request, slug)
    councils = selectors.partnership_councils(partnership).order_by("name")
    if council is not None:
        councils = councils.filter(pk=council.pk)
    roles = grantable_roles(request.user, partnership=partnership if council is None else None, council=council)
    form = InvitationForm(request.POST or None, partnership=partnership, roles=roles, councils=councils)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invitation_send(
                partnership=partnership, invited_by=request.user, link_for=_link_for(request), **form.entered()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"An invitation is on its way to {form.cleaned_data['email']}.")
            return redirect(_list_url(partnership))
    pending = Invitation.objects.filter(partnership=partnership, accepted_at=None, withdrawn_at=None)
    if council is not None:
        pending = pending.filter(council=council)
    context = {"partnership": partnership, "form": form, "pending": pending.select_related("council", "invited_by")}
    return render(request, "partnership/invitations.html", context)


def _pending_invitation(request, slug, pk):
    partnership, council = _scope(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, partnership=partnership)
    if council is not None and invitation.council_id != council.pk:
        raise refuse(request.user, "manage another council’s invitation", request.path)
    return partnership, invitation


@require_POST
def invitation_resend(request, slug, pk):
    partnership, invitation = _pending_invitation(request, slug, pk)
    try:
        invitations.invitation_resend(partnership=partnership, invitation=invitation, link_for=_link_for(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"A new link is on its way to {invitation.email}; the old one no longer works.")
    return redirect(_list_url(partnership))


@require_POST
def invitation_withdraw(request, slug, pk):
    partnership, invitation = _pending_invitation(request, slug, pk)
    invitations.invitation_withdraw(partnership=partnership, invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect(_list_url(partnership))


def accept(request, token):
    """The page behind the emailed link: anyone holding the link may use it, once, within seven days."""
    try:
        invitation = invitations.invitation_for(token)
    except ValidationError as error:
        return render(request, "registration/invitation_refused.html", {"reason": error.messages[0]}, status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entered = form.entered()
        entered.pop("password_again")
        try:
            user = invitations.invitation_accept(token=token, **entered)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.partnership.name}.")
            if must_use_two_factor(user):
                return redirect("two-factor-setup")
            return redirect("partnership:overview")
    context = {
        "form": form,
        "heading": "Set your password",
        "caption": f"{invitation.partnership.name}: {invitation.get_role_display()}",
    }
    return render(request, "mkip/form_page.html", context)
