"""Faults under load: PostgreSQL connections killed, then PostgreSQL restarted, while people use the app.

Run as root on a machine with PostgreSQL 15 (cluster 15/main on 127.0.0.1:5432, user postgres,
trust authentication): ``.venv/bin/python bench/load_faults.py``. It

1. creates a dedicated database (``mkip_faults``), migrates it and loads MKIP and the demo users;
2. starts gunicorn (2 sync workers, 127.0.0.1 only, persistent connections with health checks);
3. signs in over HTTP as a board member (readers) and as Maidstone's officer (the saver), with
   real session cookies and CSRF tokens;
4. runs a bounded load for a fixed time: reader threads GET the overview and the finance pages,
   one officer thread loads Maidstone's ICT revenue grid and saves it with one cell changed to a
   new amount each time (recording every amount the app confirmed with a redirect);
5. in the middle, (a) kills the app's PostgreSQL connections with ``pg_terminate_backend``, and
   later (b) restarts PostgreSQL (``pg_ctlcluster --skip-systemctl-redirect 15 main restart``,
   waiting for ``pg_isready``);
6. prints, per phase, requests, errors (clear 503 pages vs anything else), latency, and the time
   from each fault's end to the first good answer; then checks that every confirmed save is in
   the figure's history and the figure holds the last confirmed amount.

Only 127.0.0.1 is contacted; every loop is bounded by the phase clock and a request timeout, and
the script stops gunicorn and drops the database (unless ``--keep``) by itself. It exits 1 when a
check fails: an error outside a fault, an error that is not the 503 page, a lost save, or no
recovery within ``--recovery-limit`` seconds.
"""

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PSQL = ["psql", "-h", HOST, "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qtAX"]
CLUSTER = ["15", "main"]
READ_PAGES = ["/", "/finance/", "/finance/services/ict/"]
GRID = "/finance/services/ict/MBC/revenue/"
UNAVAILABLE = "Sorry, the service is unavailable"
PASSWORD = os.environ.get("DEMO_PASSWORD") or "mkip-demo"


def psql(sql: str, database: str = "postgres", **variables) -> str:
    """Run SQL through psql; values go in as psql variables (:'name', :"name"), never pasted in."""
    options = [f"--set={name}={value}" for name, value in variables.items()]
    command = [*PSQL, "-d", database, *options]
    return subprocess.run(command, input=sql, check=True, capture_output=True, text=True).stdout


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def wait_for_postgres(limit: float = 60) -> float:
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if subprocess.run(["pg_isready", "-h", HOST, "-q"]).returncode == 0:
            return time.monotonic() - start
        time.sleep(0.1)
    raise RuntimeError("PostgreSQL did not come back")


def wait_for_quiet(database: str, limit: float = 60):
    """A restart drops every client of the cluster: give other databases' users a moment to finish."""
    sql = "SELECT count(*) FROM pg_stat_activity WHERE datname NOT IN (:'db', 'postgres') AND state = 'active'"
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and int(psql(sql, db=database).strip() or 0):
        time.sleep(0.5)


class Gunicorn:
    def __init__(self, env: dict, workers: int = 2):
        with socket.socket() as s:
            s.bind((HOST, 0))
            self.port = s.getsockname()[1]
        self.base = f"http://{HOST}:{self.port}"
        command = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--workers", str(workers)]
        command += ["--bind", f"{HOST}:{self.port}", "--timeout", "30", "--log-level", "warning"]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class _Inputs(HTMLParser):
    """The inputs of the page's POST form(s): name -> value."""

    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") and attributes.get("type") not in ("submit", "checkbox"):
            self.fields.setdefault(attributes["name"], attributes.get("value") or "")


class Browser:
    """One person's cookies and CSRF token; every request bounded by a timeout."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()]
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, path, data=None) -> tuple[int, str, float]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.base + path}
        start = time.monotonic()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, body, headers), timeout=10) as response:
                status, text = response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        except OSError as error:  # refused, reset, timed out: no answer at all
            status, text = 0, repr(error)
        return status, text, time.monotonic() - start

    def form(self, path) -> tuple[int, str, dict, float]:
        status, text, seconds = self.request(path)
        parser = _Inputs()
        parser.feed(text)
        return status, text, parser.fields, seconds

    def sign_in(self, username):
        _, _, fields, _ = self.form("/sign-in/")
        status, _, _ = self.request("/sign-in/", {**fields, "username": username, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"could not sign in as {username} ({status})")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.phase = "before"
        self.results = []  # (phase, kind, status, clear_503, seconds, finished_at)
        self.saved = []  # amounts the app confirmed, in order

    def add(self, kind, status, text, seconds):
        with self.lock:
            self.results.append((self.phase, kind, status, UNAVAILABLE in text, seconds, time.monotonic()))


def reader(browser, recorder, stop):
    index = 0
    while not stop.is_set():
        status, text, seconds = browser.request(READ_PAGES[index % len(READ_PAGES)])
        recorder.add("read", status, text, seconds)
        index += 1


def saver(browser, recorder, stop, cell):
    amount = Decimal("500000.00")
    while not stop.is_set():
        status, text, fields, seconds = browser.form(GRID)
        recorder.add("grid", status, text, seconds)
        if status != 200 or cell not in fields:
            time.sleep(0.2)
            continue
        amount += 1
        status, text, seconds = browser.request(GRID, {**fields, cell: str(amount)})
        recorder.add("save", status, text, seconds)
        if status == 302:
            with recorder.lock:
                recorder.saved.append(amount)


def summarise(recorder, fault_ends) -> tuple[list[str], list[str]]:
    lines, problems = [], []
    header = (
        f"{'phase':<15}{'requests':>9}{'errors':>8}{'503 page':>9}{'other':>7}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}"
    )
    lines += [header, "-" * len(header)]
    for phase in ["before", "kill", "after kill", "restart", "after restart"]:
        rows = [r for r in recorder.results if r[0] == phase]
        errors = [r for r in rows if r[2] not in (200, 302)]
        clear = [r for r in errors if r[2] == 503 and r[3]]
        times = sorted(r[4] * 1000 for r in rows) or [0]
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        lines.append(
            f"{phase:<15}{len(rows):>9}{len(errors):>8}{len(clear):>9}{len(errors) - len(clear):>7}"
            f"{statistics.median(times):>8.0f}{p95:>8.0f}{max(times):>8.0f}"
        )
        if phase in ("before", "after kill", "after restart") and errors:
            problems.append(f"{len(errors)} errors in phase '{phase}', outside any fault")
        if len(errors) > len(clear):
            problems.append(f"{len(errors) - len(clear)} errors in phase '{phase}' were not the 503 page")
    lines.append("")
    for name, ended in fault_ends.items():
        good = [r[5] for r in recorder.results if r[5] >= ended and r[2] in (200, 302)]
        recovery = (min(good) - ended) if good else None
        lines.append(f"recovery after {name}: " + (f"{recovery:.2f} s to the first good answer" if good else "never"))
        fault_ends[name] = recovery
    return lines, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="mkip_faults")
    parser.add_argument("--phase-seconds", type=float, default=10, help="length of each calm phase")
    parser.add_argument("--readers", type=int, default=3, help="concurrent reading clients (plus one saver)")
    parser.add_argument("--recovery-limit", type=float, default=5, help="seconds allowed to recover")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.database):
        parser.error("--database must be a plain lower-case name")

    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{args.database}",
        "DEBUG": "false",
        "CONN_MAX_AGE": "60",  # persistent connections: the case a restart would break without health checks
        "AXES_FAILURE_LIMIT": "1000",
    }
    print(f"Preparing database {args.database} …", flush=True)
    psql('DROP DATABASE IF EXISTS :"db" WITH (FORCE)', db=args.database)
    psql('CREATE DATABASE :"db"', db=args.database)
    manage(env, "migrate", "--no-input")
    manage(env, "load_mkip")
    manage(env, "create_demo_users")
    server = Gunicorn(env)
    recorder, stop, threads = Recorder(), threading.Event(), []
    try:
        board, officer = Browser(server.base), Browser(server.base)
        board.sign_in("board")
        officer.sign_in("officer.mbc")
        _, _, fields, _ = officer.form(GRID)
        cell = next(name for name in sorted(fields) if name.startswith("grid-c-") and name.endswith("-2012-budget"))
        line_id = int(cell.split("-")[2])
        for _ in range(args.readers):
            threads.append(threading.Thread(target=reader, args=(board, recorder, stop), daemon=True))
        threads.append(threading.Thread(target=saver, args=(officer, recorder, stop, cell), daemon=True))
        for thread in threads:
            thread.start()

        fault_ends = {}
        time.sleep(args.phase_seconds)
        recorder.phase = "kill"
        killed = psql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = :'db' AND pid <> pg_backend_pid()",
            db=args.database,
        ).strip()
        fault_ends["killing connections"] = time.monotonic()
        time.sleep(2)
        recorder.phase = "after kill"
        time.sleep(args.phase_seconds)
        saved_before_restart = list(recorder.saved)
        wait_for_quiet(args.database)
        recorder.phase = "restart"
        started = time.monotonic()
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *CLUSTER, "restart"], check=True)
        wait_for_postgres()
        down_for = time.monotonic() - started
        fault_ends["PostgreSQL restart"] = time.monotonic()
        time.sleep(1)
        recorder.phase = "after restart"
        time.sleep(args.phase_seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        server.stop()

    lines, problems = summarise(recorder, fault_ends)
    history = {
        Decimal(value)
        for value in psql(
            "SELECT new_amount FROM finance_figurechange WHERE line_id = :line AND path = 'form'",
            args.database,
            line=line_id,
        ).split()
    }
    figure = psql(
        "SELECT amount FROM finance_budgetfigure WHERE line_id = :line AND year = 2012 AND kind = 'budget'",
        args.database,
        line=line_id,
    ).strip()
    lost = [amount for amount in recorder.saved if amount not in history]
    lines.append(f"connections killed: {killed}; PostgreSQL restart took {down_for:.2f} s until pg_isready")
    lines.append(
        f"confirmed saves: {len(recorder.saved)} ({len(saved_before_restart)} before the restart); "
        f"missing from history: {len(lost)}; figure now {figure}, last confirmed "
        f"{recorder.saved[-1] if recorder.saved else '-'}"
    )
    if lost:
        problems.append(f"confirmed saves missing from the history: {lost[:5]}")
    if recorder.saved and Decimal(figure) != recorder.saved[-1]:
        problems.append("the figure does not hold the last confirmed amount")
    for name, recovery in fault_ends.items():
        if recovery is None or recovery > args.recovery_limit:
            problems.append(f"no recovery within {args.recovery_limit} s after {name}")
    if not args.keep:
        psql('DROP DATABASE IF EXISTS :"db" WITH (FORCE)', db=args.database)
    print("\n".join(lines))
    print("\n".join(["", "PROBLEMS:", *problems]) if problems else "\nAll checks passed.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
