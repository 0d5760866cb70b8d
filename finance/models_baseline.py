"""An approved business case's baseline: every input and figure as they stood when it was approved.

Councils track savings against the business case their Cabinets approved, so what was
approved must stay as it was: a baseline row refuses every change (``save()`` of a stored
row, ``QuerySet.update()`` and ``delete()`` raise). A revised business case is a new version,
approved by its own decisions, beside the earlier ones.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse

from mkip.records import Unchangeable

UNCHANGEABLE = "An approved baseline never changes: approve a new version instead."


class Baseline(Unchangeable):
    unchangeable_message = UNCHANGEABLE

    service = models.ForeignKey("partnership.SharedService", on_delete=models.PROTECT, related_name="baselines")
    version = models.PositiveIntegerField()
    approved_on = models.DateField(help_text="The day the last approving decision took effect.")
    decisions = models.ManyToManyField("governance.Decision", related_name="baselines")
    frozen_at = models.DateTimeField()
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # [[section, row, column, amount, unit], ...]: finance.baseline_figures.to_data.
    figures = models.JSONField(encoder=DjangoJSONEncoder)
    # Every input row the figures came from, by model, as Django's serialiser writes them.
    inputs = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["service", "version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="baseline_one_version_per_service"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="baseline_version_from_1"),
        ]

    def __str__(self):
        return f"{self.service} baseline, version {self.version}"

    def get_absolute_url(self):
        return reverse("finance:baseline", args=[self.service.slug, self.version])


class ShareMove(models.Model):
    """A council's share of a service moved by another council's save (shares follow investment)."""

    service = models.ForeignKey("partnership.SharedService", on_delete=models.CASCADE, related_name="share_moves")
    council = models.ForeignKey("partnership.Council", on_delete=models.PROTECT, related_name="share_moves")
    share_before = models.DecimalField(max_digits=12, decimal_places=10)
    share_after = models.DecimalField(max_digits=12, decimal_places=10)
    caused_by = models.ForeignKey("partnership.Council", on_delete=models.PROTECT, related_name="share_moves_caused")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["-saved_at", "-pk"]

    def __str__(self):
        return f"{self.council}'s share of {self.service} moved by {self.caused_by}"
