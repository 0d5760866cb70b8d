"""Running the queue in a test: the real worker, in batch mode, until nothing is ready."""

from io import StringIO

from django.core.management import call_command


def run_queued_tasks() -> None:
    call_command(
        "run_worker", "--batch", "--no-reload", "--no-startup-delay", "--queue-name", "*", "-v", "0", stdout=StringIO()
    )
