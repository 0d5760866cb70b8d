"""A task that does nothing, so the benchmark measures the queue itself."""

from django.tasks import task


@task()
def nothing(n: int) -> int:
    return n
