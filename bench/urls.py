"""The app's URLs plus a trivial view, the baseline every page's speed is compared with.

The trivial view goes through the same middleware (session, signed-in user, CSP, two-factor
check) as every page, so the difference is the page's own work: queries, templates, PDF.
"""

from django.core.cache import cache
from django.http import HttpResponse
from django.urls import include, path

from board.views import dashboard


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


def dashboard_recomputed(request):
    """The dashboard as its first reader after a change sees it: nothing cached, every figure worked out."""
    cache.clear()
    return dashboard(request)


urlpatterns = [
    path("bench/trivial/", trivial, name="bench-trivial"),
    path("bench/dashboard-recomputed/", dashboard_recomputed, name="bench-dashboard-recomputed"),
    path("", include("config.urls")),
]

handler403 = "mkip.errors.permission_denied"
