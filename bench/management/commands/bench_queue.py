"""Prints the queue's throughput and the reminder scan's time on this database (``bench/queue_throughput.py``)."""

import os
import subprocess
import sys
import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.tasks import nothing
from governance.models import Decision
from partnership.models import Council, Role, User
from reminders.scan import due_today, send_reminders


class Command(BaseCommand):
    help = "Measure the background queue and the reminder scan on this database"

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, default=2000)

    def handle(self, *args, tasks, **options):
        rows = measure(tasks)
        self.stdout.write("| measure | figure |\n| --- | --- |")
        for label, figure in rows:
            self.stdout.write(f"| {label} | {figure} |")


def measure(task_count: int) -> list[tuple[str, str]]:
    people = []
    for council in Council.objects.all():
        for role in (Role.DEMOCRATIC_SERVICES, Role.OFFICER):
            name = f"bench.{role}.{council.code}".lower()[:150]
            people.append(User(username=name, role=role, council=council, email=f"{name}@example.org"))
    existing = set(User.objects.values_list("username", flat=True))
    User.objects.bulk_create([person for person in people if person.username not in existing])

    # The busiest day: the one on which most call-in periods end.
    ends = Counter(d.call_in_expires for d in Decision.objects.filter(published_on__isnull=False))
    ends.pop(None, None)
    day = ends.most_common(1)[0][0]
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        found = due_today(day)
        scan_seconds = time.perf_counter() - started
    started = time.perf_counter()
    sent = send_reminders(today=day)
    send_seconds = time.perf_counter() - started

    for n in range(task_count):
        nothing.enqueue(n)
    started = time.perf_counter()
    command = [sys.executable, "manage.py", "run_worker", "--batch", "--no-reload", "--no-startup-delay"]
    subprocess.run(
        [*command, "--queue-name", "*"], cwd=settings.BASE_DIR, env=os.environ, check=True, stdout=subprocess.DEVNULL
    )
    worker_seconds = time.perf_counter() - started
    decisions = Decision.objects.count()
    return [
        ("decisions in the database", f"{decisions:,}"),
        (f"scan of every kind for {day:%d/%m/%Y}: reminders due", f"{len(found):,}"),
        ("scan: queries / seconds", f"{len(queries)} / {scan_seconds:.2f}"),
        ("recording and queueing them (immediate emails): seconds", f"{send_seconds:.2f} ({sent:,} reminders)"),
        (
            f"queue: {task_count:,} empty tasks through one worker: tasks a second",
            f"{task_count / worker_seconds:,.0f}",
        ),
        ("(the worker's start-up included: seconds)", f"{worker_seconds:.1f}"),
    ]
