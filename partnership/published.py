"""Published documents: the exact bytes of a notice or report as it was published, kept forever.

A Cabinet member, a scrutiny committee or a member of the public must be able to read the
document that was published, not what the data says today. So a publication stores the PDF
itself with its date, version, the data token it was printed from and its SHA-256, and the
rows refuse every change: ``save()`` of a stored row, ``QuerySet.update()`` and ``delete()``
raise, and the database refuses an UPDATE too (a trigger, on SQLite and PostgreSQL alike). A
later publication of the same document is a new version beside it.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from mkip.records import Unchangeable, UnchangeableQuerySet

UNCHANGEABLE = "A published document never changes: publish a new version instead."


class DocumentKind(models.TextChoices):
    DECISION_NOTICE = "decision_notice", "Decision notice"
    BUSINESS_CASE = "business_case", "Business case"
    ANNUAL_REPORT = "annual_report", "Annual report"
    FORWARD_PLAN = "forward_plan", "Forward plan"
    MONITORING_REPORT = "monitoring_report", "Monitoring report"


class PublishedDocumentQuerySet(UnchangeableQuerySet):
    def public(self):
        return self.filter(exempt=False)

    def of_subject(self, subject: str):
        return self.filter(subject=subject).order_by("-version", "exempt")


class PublishedDocument(Unchangeable):
    unchangeable_message = UNCHANGEABLE

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT, related_name="documents")
    council = models.ForeignKey(
        "partnership.Council", on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    service = models.ForeignKey(
        "partnership.SharedService", on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    # What the document is of, the same for all its versions: "decision-17", "business-case-ict".
    subject = models.CharField(max_length=80)
    title = models.CharField(max_length=300)
    version = models.PositiveIntegerField()
    # The full version, with exempt (Schedule 12A) appendices: only for those allowed to see them.
    exempt = models.BooleanField(default=False)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data_token = models.CharField(max_length=64, blank=True, help_text="The data's token when it was printed.")
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    filename = models.CharField(max_length=120)

    objects = PublishedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "exempt", "version"], name="published_document_one_version"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="published_document_version_from_1"),
        ]
        indexes = [models.Index(fields=["partnership", "kind", "published_at"])]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    def get_absolute_url(self):
        return reverse("partnership:document", args=[self.pk])

    def clean(self):
        if self.sha256 != hashlib.sha256(bytes(self.content)).hexdigest():
            raise ValidationError("The stored checksum does not match the document's bytes.")

    @property
    def download_url(self) -> str:
        return reverse("partnership:document-download", args=[self.pk, self.filename])
