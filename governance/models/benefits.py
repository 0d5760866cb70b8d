"""Benefits realisation: what a live service reports it delivered, and its operational plan.

Seed 002: once a service reaches benefits realisation it "comes under MKIP governance with
regular reporting of benefits delivered". Seed 001 §5.2 lists the ICT operational plan's
actions; §6.2 the four priorities they serve.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from governance.models.choices import Rag
from mkip.fields import FinancialYearField
from mkip.history import tracked
from partnership.models import Illustrative, SharedService


class Priority(models.TextChoices):
    COMMUNITIES = "communities", "Communities"
    ECONOMY = "economy", "Economy"
    CUSTOMER_CARE = "customer_care", "Customer Care"
    VALUE_FOR_MONEY = "value_for_money", "Value for Money"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under_way", "Under way"
    DONE = "done", "Done"
    STOPPED = "stopped", "Stopped"


class BenefitReport(Illustrative):
    """One period's report of a benefit the business case promised, against its target."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="benefit_reports")
    year = FinancialYearField()
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    benefit = models.CharField(max_length=200, help_text="The benefit the business case promised.")
    target = models.CharField(max_length=200, help_text="What the business case expected by now.")
    delivered = models.TextField(help_text="What was delivered in the period.")
    owner = models.CharField(max_length=120)
    rating = models.CharField(max_length=5, choices=Rag.choices)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    reported_at = models.DateTimeField()

    history = tracked()

    class Meta:
        ordering = ["-year", "-quarter", "benefit"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="governance_benefit_quarter_1_to_4",
                violation_error_message="A quarter is 1, 2, 3 or 4.",
            ),
            models.UniqueConstraint(
                fields=["service", "year", "quarter", "benefit"],
                name="governance_one_report_per_benefit_per_quarter",
                violation_error_message="This benefit already has a report for that quarter: change that one.",
            ),
        ]

    def __str__(self):
        return f"{self.service}: {self.benefit} ({self.year.label} Q{self.quarter})"


class OperationalAction(Illustrative):
    """An action of a service's operational plan, tracked against one of the partnership's priorities."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="operational_actions")
    title = models.CharField(max_length=200)
    priority = models.CharField(max_length=16, choices=Priority.choices)
    owner = models.CharField(max_length=120)
    due_year = FinancialYearField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    rating = models.CharField(max_length=5, choices=Rag.choices, default=Rag.GREEN)
    note = models.TextField(blank=True)

    history = tracked()

    class Meta:
        ordering = ["priority", "title"]
        constraints = [
            models.UniqueConstraint(fields=["service", "title"], name="governance_action_title_unique_per_service"),
        ]

    def __str__(self):
        return self.title
