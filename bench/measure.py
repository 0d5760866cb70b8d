"""In-process measurements against one database: latency, queries and SQL time per page, the PDF's split.

Run by bench/run.py as ``python bench/measure.py N PDF_N`` with DATABASE_URL set and
DJANGO_SETTINGS_MODULE=bench.settings; prints one JSON object. It also signs in the two bench
users (sessions made programmatically, no password) and prints their cookies and the grid form's
body, for the load test that follows.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.pages import BUSINESS_CASE_PDF, GRID_SAVE, PAGES, RETURN_SAVE  # noqa: E402
from finance import selectors as finance_selectors  # noqa: E402
from finance.forms import GridForm  # noqa: E402
from finance.models_monitoring import MonitoringRound  # noqa: E402
from finance.monitoring_services import budgets_for  # noqa: E402
from mkip import pdf  # noqa: E402
from mkip.middleware import SEEN_AT  # noqa: E402
from partnership.models import Council, Role, SharedService, User  # noqa: E402


def users() -> dict[str, User]:
    board, _ = User.objects.get_or_create(username="bench.board", defaults={"role": Role.BOARD_MEMBER})
    officer, _ = User.objects.get_or_create(
        username="bench.officer", defaults={"role": Role.OFFICER, "council": Council.objects.get(code="MBC")}
    )
    return {"board": board, "officer": officer}


def session_for(user) -> str:
    """A signed-in session as the sign-in view would leave it (two-factor is off for these roles)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SEEN_AT] = int(time.time())
    session.create()
    return session.session_key


def grid_body(toggle: int | None = None) -> dict[str, str]:
    """The grid form as the page fills it in: every cell and its version. ``toggle`` changes the first cell."""
    service = SharedService.objects.get(slug="ict")
    council = Council.objects.get(code="MBC")
    columns = finance_selectors.grid_columns(service, "revenue")
    lines = finance_selectors.grid_lines(service, council, "revenue")
    form = GridForm(None, lines=lines, columns=columns, prefix="grid")
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[form[name].html_name] = "" if value is None else str(value)
    if toggle is not None:
        first = next(key for key in data if "version" not in key and data[key])
        data[first] = f"{1000 + toggle % 2}.00"  # alternate, so every save really changes a figure
    return data


def placeholders() -> dict[str, int]:
    """The ids the paths of bench/pages.py name: Mid Kent ICT's round (bench_monitoring) and Maidstone's return."""
    ict_round = MonitoringRound.objects.filter(service__slug="ict").latest("pk")
    return {"ict_round": ict_round.pk, "mbc_return": ict_round.returns.get(council__code="MBC").pk}


def return_body(toggle: int | None = None) -> dict[str, str]:
    """Maidstone's return saved as a draft, every line at its budget; ``toggle`` moves the first line.

    It carries no loaded version, as a script's post would not, so the load test's repeated saves
    are all saved rather than refused as stale."""
    ict_round = MonitoringRound.objects.filter(service__slug="ict").latest("pk")
    budgets = budgets_for(ict_round.returns.get(council__code="MBC"))
    data = {"save": "save"}
    for line_id, amount in sorted(budgets.items()):
        data[f"forecast_{line_id}"] = str(amount)
        data[f"commentary_{line_id}"] = ""
    if toggle is not None:
        first = min(budgets)
        data[f"forecast_{first}"] = str(budgets[first] + toggle % 2)
    return data


BODIES = {GRID_SAVE: grid_body, RETURN_SAVE: return_body}


class Timer:
    """Time spent in SQL (every query) and in WeasyPrint (mkip.pdf.html_to_pdf) during a request."""

    def __init__(self):
        self.sql = self.weasy = 0.0
        original = pdf.html_to_pdf

        def timed(html, *args, **kwargs):
            start = time.perf_counter()
            try:
                return original(html, *args, **kwargs)
            finally:
                self.weasy += time.perf_counter() - start

        pdf.html_to_pdf = timed

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql += time.perf_counter() - start


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(client, method, path, n, timer, budget_seconds, body_of=None) -> dict:
    """``n`` timed requests after two warm-up ones, or fewer (at least three) if a page is slow enough
    to pass ``budget_seconds``: the whole benchmark has to fit in about a quarter of an hour."""
    times, sql, weasy = [], [], []
    status, queries = None, None
    started = time.monotonic()
    for i in range(n + 2):  # two warm-up requests first (templates, caches, connection)
        if len(times) >= 3 and time.monotonic() - started > budget_seconds:
            break
        timer.sql = timer.weasy = 0.0
        body = body_of(toggle=i) if method == "POST" else None
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.post(path, body) if method == "POST" else client.get(path)
            elapsed = time.perf_counter() - start
        status = response.status_code
        if status not in (200, 302):
            return {"status": status}
        if i >= 2:
            times.append(elapsed)
            sql.append(timer.sql)
            weasy.append(timer.weasy)
            queries = len(captured)
    ms = 1000
    return {
        "status": status,
        "median_ms": statistics.median(times) * ms,
        "p95_ms": _percentile(times, 0.95) * ms,
        "queries": queries,
        "sql_ms": statistics.median(sql) * ms,
        "weasy_ms": statistics.median(weasy) * ms,
        "requests": len(times),
    }


def main():
    n, pdf_n, budget = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    people = users()
    sessions = {who: session_for(user) for who, user in people.items()}
    timer = Timer()
    wrapper = connection.execute_wrapper(timer)  # kept in a variable: the wrapper lasts while it is referenced
    wrapper.__enter__()
    results, paths = {}, {}
    ids = placeholders()
    for label, method, path, who in PAGES:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[who]
        paths[label] = path.format(**ids)
        count = pdf_n if label == BUSINESS_CASE_PDF else n
        results[label] = measure(client, method, paths[label], count, timer, budget, BODIES.get(label))
    csrf = _get_new_csrf_string()
    bodies = {label: {**body_of(), "csrfmiddlewaretoken": csrf} for label, body_of in BODIES.items()}
    print(json.dumps({"pages": results, "sessions": sessions, "csrf": csrf, "bodies": bodies, "paths": paths}))


if __name__ == "__main__":
    main()
