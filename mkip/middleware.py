"""Idle sessions end; active ones are renewed without a database write on every request."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SEEN_AT = "seen_at"


@receiver(user_logged_in)
def _mark_session_fresh(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_AT] = int(time.time())


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            seen_at = request.session.get(SEEN_AT, 0)
            if now - seen_at >= settings.SESSION_RENEW_AFTER_SECONDS:
                # Touching the session saves it, which moves its expiry SESSION_COOKIE_AGE ahead.
                request.session[SEEN_AT] = now
        return self.get_response(request)
