"""The app's URLs plus a trivial view, the baseline every page's speed is compared with.

The trivial view goes through the same middleware (session, signed-in user, CSP, two-factor
check) as every page, so the difference is the page's own work: queries, templates, PDF.
"""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench-trivial"),
    path("", include("mkip.urls")),
]

handler403 = "mkip.errors.permission_denied"
