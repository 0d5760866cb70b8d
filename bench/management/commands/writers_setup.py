"""``manage.py writers_setup``: the officers, grids and sessions bench/writers.py drives (prints JSON).

Picks, from a national data set, revenue grids of councils in different partnerships, grids of
councils of one partnership (the one with most members), and a council of yet another
partnership whose long import runs beside the others' saves. Each officer gets a signed-in
session made programmatically (officers need no second factor) and the grid form's body as
the page fills it in.
"""

import json
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand
from django.db.models import Count
from django.middleware.csrf import _get_new_csrf_string

from bench.national import SLUG_PREFIX
from finance import selectors
from finance.forms import GridForm
from finance.models import BudgetLine
from mkip.middleware import SEEN_AT
from partnership.models import Council, Partnership, Role, SharedService, User

PROGRAMME = "revenue"


def grids_of(partnership) -> list[tuple]:
    """(service, council) of every revenue grid with lines in the partnership, in a stable order."""
    pairs = list(
        BudgetLine.objects.filter(service__partnership=partnership, programme=PROGRAMME)
        .values_list("service_id", "council_id")
        .distinct()
        .order_by("service_id", "council_id")
    )
    services = SharedService.objects.in_bulk({service_id for service_id, _ in pairs})
    councils = Council.objects.in_bulk({council_id for _, council_id in pairs})
    return [(services[service_id], councils[council_id]) for service_id, council_id in pairs]


def session_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SEEN_AT] = int(time.time())
    session.create()
    return session.session_key


def body_of(service, council) -> dict[str, str]:
    columns = selectors.grid_columns(service, PROGRAMME)
    form = GridForm(None, lines=selectors.grid_lines(service, council, PROGRAMME), columns=columns, prefix="grid")
    body = {}
    for name in form.fields:
        value = form[name].value()
        body[form[name].html_name] = "" if value is None else str(value)
    return body


def officer(service, council) -> dict:
    user, _ = User.objects.get_or_create(
        username=f"bench.writer.{council.code.lower()}", defaults={"role": Role.OFFICER, "council": council}
    )
    return {
        "council": council.code,
        "service": service.slug,
        "url": f"/finance/services/{service.slug}/{council.code}/{PROGRAMME}/",
        "session": session_for(user),
        "body": body_of(service, council),
    }


class Command(BaseCommand):
    help = "Officers, grids and sessions for bench/writers.py (JSON on stdout)."

    def add_arguments(self, parser):
        parser.add_argument("--writers", type=int, default=8)

    def handle(self, *args, writers, **options):
        national = Partnership.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug")
        spread = []
        for partnership in national:
            grids = grids_of(partnership)
            if grids:
                spread.append(grids[0])
            if len(spread) == writers + 1:
                break
        biggest = national.annotate(size=Count("members")).order_by("-size", "slug").first()
        same, councils_seen = [], set()
        grids = grids_of(biggest)
        # Different councils first; more writers than members take a council's second grid.
        for service, council in [*grids, *grids]:
            fresh = council.code not in councils_seen or len(councils_seen) == len({c.code for _, c in grids})
            if fresh and (service.slug, council.code) not in {(s.slug, c.code) for s, c in same}:
                same.append((service, council))
                councils_seen.add(council.code)
            if len(same) == writers:
                break
        importer = spread.pop()[1]
        result = {
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "csrf": _get_new_csrf_string(),
            "different": [officer(s, c) for s, c in spread],
            "same": [officer(s, c) for s, c in same],
            "same_partnership": biggest.slug,
            "importer": importer.code,
        }
        self.stdout.write(json.dumps(result))
