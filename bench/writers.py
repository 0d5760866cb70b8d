"""``make bench-writers``: how grid saves by many councils at once scale, and whether one council's
long import holds up the others, at national scale on PostgreSQL.

1. A fresh database (``mkip_scoped_bench`` unless ``--database``): MKIP plus ``generate_national``.
2. ``manage.py writers_setup``: officers of councils in different partnerships, officers of councils
   of one partnership, each with a revenue grid of their own, signed-in sessions and CSRF tokens.
3. gunicorn, 4 sync workers on 127.0.0.1 (``--port``, 8031 by default). Each officer is a thread
   sending real HTTP POSTs of their grid form one after another (session cookie, CSRF cookie and
   field), each changing a cell, exactly as the page does; a refused stale save re-reads the page.

Figures: (a) saves per second for 1, 2, 4 and 8 officers at once, councils of different
partnerships and councils of one partnership; (b) the 95th-percentile time of other councils'
saves while one council's long import (``manage.py writers_import --hold``) runs, against their
idle 95th percentile; (c) 60 s of imports and grid saves mixed, counting deadlocks (PostgreSQL's
own counter and the imports' errors) and 5xx responses. Not a test: it prints tables.
"""

import argparse
import html
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load
from bench.run import PYTHON, ROOT, SERVER, recreate, run

WRITERS = (1, 2, 4, 8)
INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'(name|value)="([^"]*)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Officer:
    """One officer's browser: their session, their grid's form, the versions it last loaded."""

    def __init__(self, base, setup, entry):
        self.base, self.url = base, base + entry["url"]
        self.cookies = f"{setup['session_cookie']}={entry['session']}; {setup['csrf_cookie']}={setup['csrf']}"
        self.csrf = setup["csrf"]
        self.body = dict(entry["body"])

    def _request(self, data=None):
        headers = {"Cookie": self.cookies, "Referer": self.url}
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST" if data else "GET")
        try:
            with OPENER.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def reload(self):
        """Read the form again, as an officer does after a refused stale save."""
        _, page = self._request()
        for tag in INPUT.findall(page):
            attributes = dict(ATTRIBUTE.findall(tag))
            if attributes.get("name", "").startswith("grid-"):
                self.body[attributes["name"]] = html.unescape(attributes.get("value", ""))

    def save(self) -> tuple[int, float]:
        """Change the first cell and save: (status, seconds)."""
        cell = next(name for name, value in self.body.items() if name.startswith("grid-c-") and value)
        self.body[cell] = "1001.00" if self.body[cell] == "1000.00" else "1000.00"  # always a real change
        data = urlencode({**self.body, "csrfmiddlewaretoken": self.csrf}).encode()
        started = time.perf_counter()
        status, _ = self._request(data)
        elapsed = time.perf_counter() - started
        if status == 302:
            version = cell.replace("grid-c-", "grid-v-")
            self.body[version] = str(int(self.body[version] or 0) + 1)
        elif status < 500:
            self.reload()
        return status, elapsed


def drive(officers, seconds) -> dict:
    """Every officer saving one save after another for ``seconds``; saves in flight then finish."""
    stop_at = time.monotonic() + seconds
    results = {"saved": 0, "refused": 0, "5xx": 0, "other": 0, "times": []}
    lock = threading.Lock()

    def work(officer):
        while time.monotonic() < stop_at:
            status, elapsed = officer.save()
            with lock:
                kind = "saved" if status == 302 else "refused" if status == 200 else "5xx" if status >= 500 else "other"
                results[kind] += 1
                results["times"].append(elapsed)

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results["seconds"] = time.monotonic() - started
    results["per_second"] = results["saved"] / results["seconds"]
    return results


def p95(times) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids) -> dict[int, float]:
    """User plus system CPU time each process has used so far (/proc/<pid>/stat)."""
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue  # a backend that has gone since it was listed
        used[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    return used


def cpu_used(before: dict[int, float], pids) -> float:
    """CPU seconds used since ``before`` by the processes still there (a closed connection's are lost)."""
    after = cpu_seconds(pids)
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def backends(database) -> list[int]:
    """The PostgreSQL server processes serving the benchmark's database (the workers' connections)."""
    connection = psycopg2.connect(dbname=database, user="postgres", host="127.0.0.1")
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database])
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return pids


def deadlocks(database) -> int:
    connection = psycopg2.connect(dbname=database, user="postgres", host="127.0.0.1")
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = %s", [database])
        count = cursor.fetchone()[0]
    connection.close()
    return count


def importer(env, councils, **options) -> subprocess.Popen:
    flags = [f"--{name}={value}" for name, value in options.items()]
    command = [PYTHON, "manage.py", "writers_import", ",".join(councils), *flags]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


def scaling(server, setup, seconds, database) -> dict:
    # Warm every worker first (connections, templates, the first query plans), all officers at once.
    drive([Officer(server.base, setup, entry) for entry in setup["different"] + setup["same"]], 5)
    table = {}
    for group in ("different", "same"):
        for n in WRITERS:
            officers = [Officer(server.base, setup, entry) for entry in setup[group][:n]]
            drive(officers, 1)  # warm-up: each worker's connection and templates
            workers, postgres = server.worker_pids(), backends(database)
            cpu = cpu_seconds(workers), cpu_seconds(postgres)
            result = drive(officers, seconds)
            saves = max(result["saved"], 1)
            table[f"{group}:{n}"] = {
                "per_second": result["per_second"],
                "p95_ms": p95(result["times"]) * 1000,
                "refused": result["refused"],
                "5xx": result["5xx"],
                "app_cpu_ms": cpu_used(cpu[0], workers) * 1000 / saves,
                "db_cpu_ms": cpu_used(cpu[1], postgres) * 1000 / saves,
            }
            print(f"  {group}: {n} writers, {result['per_second']:.1f} saves/s", file=sys.stderr)
    return table


def long_import(base, setup, env, seconds, hold) -> dict:
    others = [Officer(base, setup, entry) for entry in setup["different"][:4]]
    idle = drive(others, seconds)
    process = importer(env, [setup["importer"]], hold=hold)
    process.stdout.readline()  # "began": the import's transaction now holds its first writes
    during = drive(others, hold)
    report = json.loads(process.communicate()[0].strip().splitlines()[-1])
    return {
        "idle_p95_ms": p95(idle["times"]) * 1000,
        "idle_median_ms": statistics.median(idle["times"]) * 1000,
        "during_p95_ms": p95(during["times"]) * 1000,
        "during_median_ms": statistics.median(during["times"]) * 1000,
        "during_saves": during["saved"],
        "import_seconds": report["seconds"][0],
        "import_cells": report["cells"],
        "import_errors": report["errors"] + report["deadlocks"],
    }


def mixed(base, setup, env, database, seconds) -> dict:
    officers = [Officer(base, setup, entry) for entry in setup["different"][:4]]
    councils = [entry["council"] for entry in setup["different"][:4]]
    before = deadlocks(database)
    imports = [importer(env, councils[i:] + councils[:i], loop=seconds) for i in (0, 2)]
    saves = drive(officers, seconds)
    reports = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in imports]
    return {
        "saves": saves["saved"],
        "refused_stale": saves["refused"],
        "5xx": saves["5xx"],
        "other": saves["other"],
        "imports": sum(r["imports"] for r in reports),
        "imports_stale": sum(r["stale"] for r in reports),
        "import_deadlocks": sum(r["deadlocks"] for r in reports),
        "import_errors": sum(r["errors"] for r in reports),
        "pg_deadlocks": deadlocks(database) - before,
        "save_p95_ms": p95(saves["times"]) * 1000,
    }


def build(database, args) -> dict:
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{database}", "DJANGO_SETTINGS_MODULE": "bench.settings"}
    if not args.reuse:
        print(f"building {database}", file=sys.stderr)
        recreate(database)
        run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
        run([PYTHON, "manage.py", "load_mkip"], env)
        generate = ["--seed", str(args.seed), "--councils", str(args.councils), "--services", str(args.services)]
        run([PYTHON, "manage.py", "generate_national", "--no-progress", *generate], env)
    return env


def tables(results) -> str:
    a, b, c = results["scaling"], results["long_import"], results["mixed"]
    lines = [
        f"Grid saves per second (real HTTP POSTs, gunicorn {results['workers']} sync workers, {results['cpus']} CPUs), "
        f"{results['seconds']:.0f} s each:",
        "",
        "| writers at once | different partnerships: saves/s | × 1 writer | p95 ms | CPU ms a save (app + db) "
        "| same partnership: saves/s | × 1 writer | p95 ms | CPU ms a save (app + db) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n in WRITERS:
        row = [str(n)]
        for group in ("different", "same"):
            cell, one = a[f"{group}:{n}"], a[f"{group}:1"]
            speedup = cell["per_second"] / one["per_second"]
            cpu = f"{cell['app_cpu_ms']:.0f} + {cell['db_cpu_ms']:.0f}"
            row += [f"{cell['per_second']:.1f}", f"{speedup:.2f}", f"{cell['p95_ms']:.0f}", cpu]
        lines.append("| " + " | ".join(row) + " |")
    ratio = b["during_p95_ms"] / b["idle_p95_ms"]
    lines += [
        "",
        f"Other councils' saves (4 officers) while one council's import runs ({b['import_seconds']:.1f} s, "
        f"{b['import_cells']} cells, one transaction):",
        "",
        "| | median ms | p95 ms |",
        "|---|---|---|",
        f"| idle | {b['idle_median_ms']:.0f} | {b['idle_p95_ms']:.0f} |",
        f"| during the import | {b['during_median_ms']:.0f} | {b['during_p95_ms']:.0f} |",
        "",
        f"p95 during / idle: {ratio:.2f}× (target <= 1.5×); saves completed during the import: {b['during_saves']}.",
        "",
        f"Mixed load, {results['mixed_seconds']:.0f} s: 4 officers saving, 2 importers importing those officers' "
        "councils' grids:",
        "",
        "| grid saves | refused as stale | 5xx | imports | imports refused as stale | deadlocks (PostgreSQL) "
        "| import errors | save p95 ms |",
        "|---|---|---|---|---|---|---|---|",
        f"| {c['saves']} | {c['refused_stale']} | {c['5xx']} | {c['imports']} | {c['imports_stale']} "
        f"| {c['pg_deadlocks']} | {c['import_deadlocks'] + c['import_errors']} | {c['save_p95_ms']:.0f} |",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="mkip_scoped_bench")
    parser.add_argument("--reuse", action="store_true", help="use the database as it is (built by an earlier run)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--port", type=int, default=8031)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10, help="each scaling measurement")
    parser.add_argument("--hold", type=float, default=10, help="the long import's length")
    parser.add_argument("--mixed-seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--services", type=int, default=630)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    started = time.monotonic()
    env = build(args.database, args)
    setup = json.loads(
        subprocess.run(
            [PYTHON, "manage.py", "writers_setup", "--writers", str(max(WRITERS))],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    )
    server = load.Gunicorn(env, workers=args.workers, port=args.port)
    try:
        print("scaling", file=sys.stderr)
        results = {"scaling": scaling(server, setup, args.seconds, args.database)}
        print("long import", file=sys.stderr)
        results["long_import"] = long_import(server.base, setup, env, args.seconds, args.hold)
        print("mixed load", file=sys.stderr)
        results["mixed"] = mixed(server.base, setup, env, args.database, args.mixed_seconds)
    finally:
        server.stop()
        if not args.keep:
            recreate(args.database, drop_only=True)
    results |= {"workers": args.workers, "cpus": os.cpu_count(), "seconds": args.seconds}
    results["mixed_seconds"] = args.mixed_seconds
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print(tables(results))
    print(f"\nWhole run: {time.monotonic() - started:.0f} s on {os.cpu_count()} CPUs.")


if __name__ == "__main__":
    main()
