"""A large import read by the background worker: progress that survives a reload, the same
preview and confirmation, and a worker killed mid-way that loses nothing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from finance.models import BudgetFigure, ChangePath, FigureChange
from mkip.imports import queue_parse
from mkip.models import Job, JobStatus
from tests.factories import budget_grid
from tests.mkip.slow_import import SlowImport
from tests.reminders.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(__file__).resolve().parents[2]
ROWS = 3000
URL = reverse("finance:import", args=["ict", "MBC", "revenue"])


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _start_worker() -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "DEBUG": "false"}
    command = [sys.executable, "manage.py", "run_worker", "--queue-name", "*", "--no-reload"]
    command += ["--no-startup-delay", "--interval", "0.1"]
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for(check, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.05)
    raise AssertionError("gave up waiting")


def test_a_worker_killed_mid_import_loses_nothing_and_the_import_completes_once_on_restart(maidstone_officer):
    request = RequestFactory().get("/")
    request.user = maidstone_officer
    rows = [{"n": str(n)} for n in range(ROWS)]
    job = queue_parse(SlowImport(request), file_name="big.csv", rows=rows)

    first = _start_worker()
    try:
        _wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, done__gte=400).exists())
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and 0 < job.done < ROWS and job.result is None
    assert DBTaskResult.objects.get().status == "RUNNING"  # the dead worker's claim

    second = _start_worker()
    try:
        _wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.DONE).exists())
    finally:
        second.terminate()
        second.wait(timeout=30)
    job.refresh_from_db()
    assert job.runs == 2
    assert job.result["kept"] == {"rows": ROWS, "sum": sum(range(ROWS))}
    assert job.payload == {}  # the file's rows are dropped once read
    [task] = DBTaskResult.objects.all()
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2


def _upload(text, name="grid.csv"):
    return {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")}


def test_a_large_file_shows_its_progress_then_the_same_preview_and_confirm(
    client, ict, maidstone, maidstone_officer, swale_officer, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    budget_grid(ict, maidstone, lines=2, years=(2012,))
    client.force_login(maidstone_officer)

    response = client.post(URL, _upload("Line,2012/13 budget\nLine 1,1500\nLine 2,700\n"))
    assert response.status_code == 302 and "?job=" in response.url
    waiting = client.get(response.url).content.decode()
    assert "Reading your file" in waiting and "0 of 2" in waiting
    assert not FigureChange.objects.exists()

    other = type(client)()
    other.force_login(swale_officer)
    assert other.get(response.url.replace("/MBC/", "/SBC/")).status_code in (403, 404)

    run_queued_tasks()
    preview = client.get(response.url).content.decode()
    assert "Confirm and import" in preview and "Changed" in preview
    assert client.post(URL, {"confirm": "1"}).status_code == 302
    amounts = sorted(BudgetFigure.objects.values_list("amount", flat=True))
    assert [str(a) for a in amounts] == ["1500.00", "700.00"][::-1] or [str(a) for a in amounts] == [
        "700.00",
        "1500.00",
    ]
    assert set(FigureChange.objects.values_list("path", flat=True)) == {ChangePath.IMPORT}
