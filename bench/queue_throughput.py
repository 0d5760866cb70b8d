"""The background queue's throughput and the daily reminder scan's time at national scale.

Builds ``mkip_bench_tasks`` (MKIP plus ``generate_national``), gives every council a democratic
services officer and an officer with an address, then prints:

1. tasks a second through ``manage.py run_worker --batch`` (one worker process, PostgreSQL), for
   tasks that do nothing, so the figure is the queue's own cost (claim, run, record);
2. the reminder scan (:func:`reminders.scan.due_today` and :func:`reminders.scan.send_reminders`)
   on a working day with many decisions in their call-in period, its queries and seconds.

Not a test: it prints figures. ``bench/README.md`` has the latest table.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import PYTHON, ROOT, SERVER, recreate, run

DATABASE = "mkip_bench_tasks"


def build(args, env):
    recreate(DATABASE)
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([PYTHON, "manage.py", "load_mkip"], env)
    generate = ["--seed", "1", "--councils", str(args.councils), "--services", str(args.services)]
    run([PYTHON, "manage.py", "generate_national", *generate], env, quiet=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--services", type=int, default=630)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{DATABASE}", "DJANGO_SETTINGS_MODULE": "bench.settings"}
    build(args, env)
    subprocess.run([PYTHON, "manage.py", "bench_queue", "--tasks", str(args.tasks)], cwd=ROOT, env=env, check=True)
    if not args.keep:
        recreate(DATABASE, drop_only=True)


if __name__ == "__main__":
    main()
