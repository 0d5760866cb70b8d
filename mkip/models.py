"""The kernel's one table: long work that runs in the background, with the progress its page shows."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class Job(models.Model):
    """One piece of long work for one person: what it is, how far it has got, and what it found.

    ``payload`` is what the worker needs to start (for an import, the file's rows); ``result`` is
    written once, with the status ``done``, in one transaction, so a worker killed mid-way and run
    again writes it once.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)
    runs = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="job_done_within_total"),
            models.CheckConstraint(condition=~Q(status="done") | Q(result__isnull=False), name="job_done_has_result"),
        ]

    def __str__(self):
        return self.title

    @property
    def percent(self) -> int:
        """Whole per cent done; a finished job is 100 whatever its count."""
        if self.status == JobStatus.DONE:
            return 100
        return (self.done * 100) // self.total if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
