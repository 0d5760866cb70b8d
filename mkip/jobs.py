"""Background work on Django's tasks framework (``django.tasks``), queued in the database.

Two things the framework leaves to the app, done here once for every task:

* **Retries.** :func:`retried` runs a task again later, with a growing wait, when it fails with one
  of the errors it names (a mail server that is down). Every failed attempt stays in the queue's
  table with its traceback, so administrators see it (``/tasks/failed/``); the last attempt's
  failure is final.
* **A worker killed mid-task.** The database backend marks a task running when a worker claims
  it and never hears from a worker killed with ``kill -9``. :func:`requeue_abandoned` puts such a
  task back in the queue: at once if its worker was a process on this machine that no longer
  exists, else once its claim is older than ``TASK_LEASE_SECONDS``. Tasks are written to be run
  twice safely (each checks what it already did), so running one again loses nothing.
"""

import functools
import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from mkip.models import Job, JobStatus

log = logging.getLogger("mkip.jobs")

# Seconds before attempt n+1: 30 s, 2 min, 8 min, 32 min, ~2 h.
BACKOFF_BASE_SECONDS = 30
BACKOFF_FACTOR = 4
PROGRESS_EVERY_ROWS = 200


def backoff(attempt: int) -> timedelta:
    """How long to wait after the ``attempt``-th failure.

    >>> [int(backoff(n).total_seconds()) for n in (1, 2, 3)]
    [30, 120, 480]
    """
    return timedelta(seconds=BACKOFF_BASE_SECONDS * BACKOFF_FACTOR ** (attempt - 1))


def retried(*, on: tuple[type[BaseException], ...]) -> Callable:
    """Run the task again later when it raises one of ``on``; it takes an ``attempt`` keyword.

    Put it under ``@task``: the retry enqueues the same task with ``attempt + 1`` and a
    ``run_after`` of :func:`backoff`, then lets the error fail this attempt so it is seen.
    """

    def decorate(func):
        @functools.wraps(func)
        def run(*args, attempt: int = 1, **kwargs):
            try:
                return func(*args, **kwargs)
            except on:
                if attempt < settings.TASK_MAX_ATTEMPTS:
                    this_task = import_string(f"{func.__module__}.{func.__name__}")
                    later = this_task.using(run_after=timezone.now() + backoff(attempt))
                    later.enqueue(*args, attempt=attempt + 1, **kwargs)
                    log.warning("task %s failed (attempt %s); retrying", func.__name__, attempt)
                raise

        return run

    return decorate


def worker_id() -> str:
    """``host:pid:random``, so a restarted worker can tell that a claim's process is gone."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{get_random_string(8)}"


def _process_gone(claimed_by: str) -> bool:
    host, _, rest = claimed_by.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:30] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def requeue_abandoned(now=None) -> int:
    """Put back in the queue every running task whose worker is gone; how many."""
    now = now or timezone.now()
    lease_ends = now - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    requeued = 0
    with transaction.atomic():
        for result in DBTaskResult.objects.running().select_for_update(skip_locked=True):
            claimed_by = result.worker_ids[-1] if result.worker_ids else ""
            if _process_gone(claimed_by) or (result.started_at and result.started_at < lease_ends):
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                requeued += 1
    if requeued:
        log.warning("requeued %s task(s) whose worker stopped", requeued)
    return requeued


def failed_tasks(limit: int = 200):
    """The most recent failed attempts, newest first: one query."""
    return DBTaskResult.objects.failed().order_by("-finished_at")[:limit]


def gave_up(result: DBTaskResult) -> bool:
    """Whether this failure was the last attempt (no retry follows it)."""
    return result.args_kwargs.get("kwargs", {}).get("attempt", 1) >= settings.TASK_MAX_ATTEMPTS


# ---- progress of a job ------------------------------------------------------------------------


class CountedRows(list):
    """The rows of a file, telling the job how many have been read as an app's parser reads them."""

    def __init__(self, rows, job: Job):
        super().__init__(rows)
        self.job = job

    def __iter__(self):
        for index, row in enumerate(super().__iter__(), start=1):
            if index % PROGRESS_EVERY_ROWS == 0:
                Job.objects.filter(pk=self.job.pk).update(done=min(index, self.job.total))
            yield row


def start(job: Job) -> bool:
    """Mark a job running (again); False if it already finished, so a repeated run does nothing."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.finished:
            return False
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=0, errors=[], runs=locked.runs + 1)
    return True


def finish(job: Job, *, result: dict, errors: list[str]) -> None:
    """Write the job's outcome once: the status, the result and its errors, in one statement."""
    Job.objects.filter(pk=job.pk).exclude(status=JobStatus.DONE).update(
        status=JobStatus.DONE, done=job.total, result=result, errors=errors, finished_at=timezone.now(), payload={}
    )
