"""When the database is unreachable, say so plainly: a 503 page, not a stack trace or a bare 500.

A PostgreSQL restart or a dropped connection raises ``OperationalError`` or ``InterfaceError``.
Raised in a view, :meth:`DatabaseUnavailableMiddleware.process_exception` answers it. Raised in
another middleware (the session and the signed-in user are read from the database before any
view runs), Django has already turned it into a 500 response by the time it reaches us, so a
``got_request_exception`` receiver marks the request and the middleware, outermost of all,
turns that 500 into the 503 page. The page is a standalone template: rendering it needs no
database, no user and no request context. ``Retry-After`` tells clients and proxies to come back.

Recovery needs nothing from us: with ``CONN_HEALTH_CHECKS`` on, Django tests a reused
connection before each request and opens a new one when the old one died.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger("mkip.resilience")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
_MARK = "mkip_database_unavailable"


@receiver(got_request_exception)
def _mark_database_failure(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, _MARK, error)


def _unavailable(request, error, response=None) -> HttpResponse:
    log.error("database-unavailable path=%s error=%s", request.path, type(error).__name__)
    # Reuse the response Django built (keeping the security headers inner middleware set on it).
    response = response or HttpResponse()
    response.status_code = 503
    response.reason_phrase = "Service Unavailable"
    response.content = render_to_string("503.html")
    response["Content-Type"] = "text/html; charset=utf-8"
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """First in MIDDLEWARE, so that it sees every other middleware's failures too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, _MARK, None)
        if error is not None and response.status_code >= 500:
            return _unavailable(request, error, response)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return _unavailable(request, exception)
        return None
