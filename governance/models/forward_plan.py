"""The forward plan: notice of key decisions a council's executive expects to take (2012 Regulations, regs 9 to 11)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from governance import calendar
from governance.decisions import SCHEDULE_12A, ReasonKey
from governance.models.choices import DecisionMaker
from mkip.history import TrackedQuerySet, tracked
from partnership.models import Council, Illustrative

EXCEPTION_NEEDS_CHAIR = "A general exception needs the scrutiny chair who was told, and when."
URGENCY_NEEDS_AGREEMENT = "Special urgency needs whose agreement was given, and when."


class NoticeRoute(models.TextChoices):
    ADEQUATE = "adequate", "Adequate notice (28 clear days)"
    GENERAL_EXCEPTION = "general_exception", "General exception (regulation 10)"
    SPECIAL_URGENCY = "special_urgency", "Special urgency (regulation 11)"


class ForwardPlanQuerySet(TrackedQuerySet):
    def of_council(self, council):
        return self.filter(council=council).select_related("council")

    def expected_from(self, today):
        return self.filter(expected_on__gte=today)


class ForwardPlanEntry(Illustrative):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="forward_plan_entries")
    matter = models.CharField(max_length=200, verbose_name="Matter to be decided")
    decision_maker = models.CharField(max_length=20, choices=DecisionMaker.choices, default=DecisionMaker.CABINET)
    expected_on = models.DateField(verbose_name="Expected date of decision")
    notice_published_on = models.DateField(verbose_name="Notice published")
    reason_key = models.CharField(max_length=20, choices=ReasonKey.choices, verbose_name="Why it is a key decision")
    documents = models.TextField(blank=True, verbose_name="Documents to be considered")
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=SCHEDULE_12A,
        verbose_name="Exempt under Schedule 12A paragraph",
        help_text="Leave blank if the matter will be taken in public.",
    )
    contact = models.CharField(max_length=200, verbose_name="Contact officer")
    # Computed by governance.services from the two dates; never entered.
    route = models.CharField(max_length=20, choices=NoticeRoute.choices, default=NoticeRoute.ADEQUATE)
    scrutiny_chair_informed = models.CharField(max_length=120, blank=True, verbose_name="Scrutiny chair informed")
    chair_informed_on = models.DateField(null=True, blank=True, verbose_name="Date the chair was informed")
    urgency_agreed_by = models.CharField(max_length=120, blank=True, verbose_name="Urgency agreed by")
    urgency_agreed_on = models.DateField(null=True, blank=True, verbose_name="Date urgency was agreed")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    objects = ForwardPlanQuerySet.as_manager()
    history = tracked()

    class Meta:
        ordering = ["expected_on", "matter"]
        verbose_name_plural = "forward plan entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt_paragraph__isnull=True) | Q(exempt_paragraph__gte=1, exempt_paragraph__lte=7),
                name="forward_plan_exempt_paragraph_1_to_7",
                violation_error_message="Schedule 12A has paragraphs 1 to 7.",
            ),
            models.CheckConstraint(
                condition=~Q(route=NoticeRoute.GENERAL_EXCEPTION)
                | (~Q(scrutiny_chair_informed="") & Q(chair_informed_on__isnull=False)),
                name="forward_plan_exception_names_chair",
                violation_error_message=EXCEPTION_NEEDS_CHAIR,
            ),
            models.CheckConstraint(
                condition=~Q(route=NoticeRoute.SPECIAL_URGENCY)
                | (~Q(urgency_agreed_by="") & Q(urgency_agreed_on__isnull=False)),
                name="forward_plan_urgency_agreed",
                violation_error_message=URGENCY_NEEDS_AGREEMENT,
            ),
        ]

    def __str__(self):
        return self.matter

    def get_absolute_url(self):
        return reverse("governance:forward-plan-council", kwargs={"code": self.council.code}) + f"#entry-{self.pk}"

    @property
    def publish_by(self):
        """The last day notice can be published and still give 28 clear days."""
        return calendar.latest_notice_date(self.expected_on)

    @property
    def clear_days(self) -> int:
        return calendar.clear_days_between(self.notice_published_on, self.expected_on)
