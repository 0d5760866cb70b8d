"""Security events: who signed in or failed to, from where. Never a password."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

log = logging.getLogger("mkip.security")


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    log.info("sign-in user=%s address=%s", user.get_username(), client_address(request))


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    log.info("sign-out user=%s address=%s", user.get_username() if user else "-", client_address(request))


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # ``credentials`` has the password already masked by Django; only the username is kept.
    log.warning("sign-in-failed user=%s address=%s", credentials.get("username", "-"), client_address(request))
