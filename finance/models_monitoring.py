"""Quarterly monitoring: a round per service, financial year and quarter; each partner council's
return in it, with a forecast outturn and commentary per budget line.

A round keeps the variance threshold it was opened with, so its report always reads by the rule
the councils were asked to meet. A return moves not started → in progress → submitted, and the
head of service returns it (with comments) or signs it off; once every return is signed off the
round is locked, and reopening it needs a reason, kept in its history.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from mkip.fields import FinancialYearField, MoneyField
from mkip.history import TrackedQuerySet, tracked


class ReturnStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for changes"
    SIGNED_OFF = "signed_off", "Signed off"


EDITABLE = (ReturnStatus.NOT_STARTED, ReturnStatus.IN_PROGRESS, ReturnStatus.RETURNED)


class MonitoringRound(models.Model):
    service = models.ForeignKey("partnership.SharedService", on_delete=models.PROTECT, related_name="monitoring_rounds")
    year = FinancialYearField()
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    due_on = models.DateField(verbose_name="Returns due on")
    threshold_amount = MoneyField(
        verbose_name="Commentary needed above (pounds)",
        validators=[MinValueValidator(0, message="The threshold cannot be negative.")],
    )
    threshold_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        verbose_name="Commentary needed above (per cent of budget)",
        validators=[
            MinValueValidator(0, message="The threshold cannot be negative."),
            MaxValueValidator(100, message="The threshold is a percentage from 0 to 100."),
        ],
    )
    locked = models.BooleanField(default=False)
    reopen_reason = models.TextField(blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    objects = TrackedQuerySet.as_manager()
    history = tracked()

    class Meta:
        ordering = ["service", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["service", "year", "quarter"], name="monitoring_one_round_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="monitoring_quarter_1_to_4"),
            models.CheckConstraint(condition=Q(threshold_amount__gte=0), name="monitoring_threshold_not_negative"),
            models.CheckConstraint(
                condition=Q(threshold_percent__gte=0, threshold_percent__lte=100), name="monitoring_percent_0_to_100"
            ),
        ]

    def __str__(self):
        return f"{self.service} {self.year} quarter {self.quarter}"

    def get_absolute_url(self):
        return reverse("finance:monitoring-round", args=[self.service.slug, self.pk])


class MonitoringReturn(models.Model):
    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="returns")
    council = models.ForeignKey("partnership.Council", on_delete=models.PROTECT, related_name="monitoring_returns")
    status = models.CharField(max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.NOT_STARTED)
    review_comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    objects = TrackedQuerySet.as_manager()
    history = tracked()

    class Meta:
        ordering = ["round", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "council"], name="monitoring_one_return_per_council"),
        ]

    def __str__(self):
        return f"{self.council} return, {self.round}"

    def get_absolute_url(self):
        return reverse("finance:monitoring-return", args=[self.round.service.slug, self.pk])


class Forecast(models.Model):
    monitoring_return = models.ForeignKey(MonitoringReturn, on_delete=models.CASCADE, related_name="forecasts")
    line = models.ForeignKey("finance.BudgetLine", on_delete=models.PROTECT, related_name="forecasts")
    amount = MoneyField(verbose_name="Forecast outturn")
    commentary = models.TextField(blank=True)

    objects = TrackedQuerySet.as_manager()
    history = tracked()

    class Meta:
        ordering = ["monitoring_return", "line__position", "line__name"]
        constraints = [
            models.UniqueConstraint(fields=["monitoring_return", "line"], name="monitoring_one_forecast_per_line"),
        ]

    def __str__(self):
        return f"{self.line.name}: {self.amount}"
