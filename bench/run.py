"""``make bench``: every key page at MKIP scale and at national scale, side by side, in one table.

For each scale a fresh PostgreSQL database is made (mkip_bench_small: MKIP as ``load_mkip``
loads it; mkip_bench_national: MKIP plus ``generate_national``), then:

1. in process, with Django's test client: median and 95th-percentile latency over N requests,
   SQL queries and time, and for the business-case PDF the time inside WeasyPrint;
2. under concurrent load, gunicorn with 2 workers on 127.0.0.1: requests per second (wrk);
3. at national scale, a longer run on the dashboard with the workers' memory at its start and end.

Not a test: it prints figures. See bench/README.md for the latest table.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load
from bench.pages import BUSINESS_CASE_PDF, DASHBOARD, PAGES, TRIVIAL, WITHIN_TWICE
from bench.report import table, targets

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER = "postgres://postgres@127.0.0.1:5432"
MEMORY_SAMPLES = 10


def recreate(name: str, drop_only=False):
    connection = psycopg2.connect(dbname="postgres", user="postgres", host="127.0.0.1")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def run(command, env, quiet=True):
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL if quiet else None)


def scale(name, args, national: bool) -> dict:
    database = f"mkip_bench_{name}"
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{database}", "DJANGO_SETTINGS_MODULE": "bench.settings"}
    started = time.monotonic()
    print(f"[{name}] building {database}", file=sys.stderr)
    recreate(database)
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([PYTHON, "manage.py", "load_mkip"], env)
    if national:
        generate = ["--seed", str(args.seed), "--councils", str(args.councils), "--services", str(args.services)]
        run([PYTHON, "manage.py", "generate_national", *generate], env, quiet=False)
    run([PYTHON, "manage.py", "bench_monitoring", *(["--national"] if national else [])], env, quiet=False)
    print(f"[{name}] in-process latency ({args.n} requests a page)", file=sys.stderr)
    measured = json.loads(
        subprocess.run(
            [PYTHON, "bench/measure.py", str(args.n), str(args.pdf_n), str(args.page_budget)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.PIPE,  # the figures; errors go straight to the terminal
            text=True,
        ).stdout
    )
    cookies = {who: {"sessionid": key, "csrftoken": measured["csrf"]} for who, key in measured["sessions"].items()}
    server = load.Gunicorn(env)
    result = {"pages": measured["pages"], "memory": None}
    try:
        print(f"[{name}] load: {args.seconds:.0f} s a page, {load.CONNECTIONS} connections", file=sys.stderr)
        for label, method, _path, who in PAGES:
            page = result["pages"][label]
            if page.get("status") not in (200, 302):
                continue
            body = measured["bodies"][label] if method == "POST" else None
            path = measured["paths"][label]
            page["rps"] = load.requests_per_second(server.base, method, path, cookies[who], body, args.seconds)
            load.drain(server.base, cookies["board"])
        if national and args.memory_seconds:
            label = DASHBOARD if "rps" in result["pages"][DASHBOARD] else "overview"
            path = next(p for lbl, _m, p, _w in PAGES if lbl == label)
            print(f"[{name}] memory: {args.memory_seconds:.0f} s of {label}", file=sys.stderr)
            # Sampled every tenth of the run, so a one-off warm-up (the first request after the grid
            # save recomputes the page) can be told apart from steady growth.
            samples = [server.worker_rss_mb()]
            for _ in range(MEMORY_SAMPLES):
                load.requests_per_second(
                    server.base, "GET", path, cookies["board"], None, args.memory_seconds / MEMORY_SAMPLES
                )
                samples.append(server.worker_rss_mb())
            result["memory"] = {"page": label, "seconds": args.memory_seconds, "samples": samples}
    finally:
        server.stop()
        if not args.keep:
            recreate(database, drop_only=True)
    print(f"[{name}] done in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="in-process requests a page")
    parser.add_argument("--pdf-n", type=int, default=8, help="in-process requests of the PDF")
    parser.add_argument("--page-budget", type=float, default=20, help="in-process seconds a page at most")
    parser.add_argument("--seconds", type=float, default=5, help="load-test seconds a page")
    parser.add_argument("--memory-seconds", type=float, default=120, help="length of the memory run (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--services", type=int, default=630)
    parser.add_argument("--keep", action="store_true", help="keep the two databases afterwards")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    started = time.monotonic()
    results = {"small": scale("small", args, national=False), "national": scale("national", args, national=True)}
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print(table(results, args))
    print()
    print(targets(results, TRIVIAL, DASHBOARD, BUSINESS_CASE_PDF, WITHIN_TWICE))
    print(f"\nWhole run: {time.monotonic() - started:.0f} s on {os.cpu_count()} CPUs.")


if __name__ == "__main__":
    main()
