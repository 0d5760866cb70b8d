"""Decision records in the form councils publish them, and each shared service's gateway history."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from governance import calendar
from governance.decisions import SCHEDULE_12A, ReasonKey, reason_key_label
from governance.models.choices import APPROVING_STATUSES, DecisionMaker, DecisionStatus, Rag
from mkip.fields import MoneyField, non_negative
from mkip.history import TrackedQuerySet, tracked
from partnership.models import Council, GatewayStage, Illustrative, SharedService

DECIDED_AFTER_PUBLICATION = "A decision is published on or after the day it is made."
EFFECTIVE_BEFORE_PUBLICATION = "A decision cannot take effect before it is published."
OVERRIDE_NEEDS_REASON = "Give the reason for overriding the effective-from date."
BOARD_DECISIONS_HAVE_NO_COUNCIL = (
    "Partnership board decisions belong to no single council; other decisions need a council."
)


class DecisionQuerySet(TrackedQuerySet):
    def for_listing(self):
        return self.select_related("council", "service__partnership")

    def upcoming_key_decisions(self, today):
        return self.filter(is_key_decision=True, decided_on__gte=today).select_related(
            "council", "service__partnership"
        )


class Decision(Illustrative):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions")
    decision_maker = models.CharField(max_length=20, choices=DecisionMaker.choices, default=DecisionMaker.CABINET)
    service = models.ForeignKey(
        SharedService, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    gateway = models.CharField(
        max_length=12,
        choices=GatewayStage.choices,
        blank=True,
        help_text="The gateway stage this decision lets the service enter, if any.",
    )
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.APPROVED)
    is_key_decision = models.BooleanField(default=False, verbose_name="Key decision")
    savings_gbp = MoneyField(null=True, blank=True, verbose_name="Savings in pounds")
    expenditure_gbp = MoneyField(null=True, blank=True, verbose_name="Expenditure in pounds")
    reason_key = models.CharField(max_length=20, choices=ReasonKey.choices, blank=True)
    # The threshold in force when the decision was made, so its reason key reads the same forever.
    key_decision_threshold_gbp = MoneyField(null=True, blank=True)
    subject_to_call_in = models.BooleanField(default=True, verbose_name="Subject to call-in")
    purpose = models.TextField(blank=True)
    decision_preamble = models.CharField(max_length=200, blank=True, help_text="For example, That Cabinet Agree:")
    reasons = models.TextField(blank=True, verbose_name="Reasons for the decision")
    alternatives = models.TextField(blank=True, verbose_name="Alternative options considered")
    committee_details = models.CharField(max_length=300, blank=True, verbose_name="Details of the committee")
    other_consulted = models.TextField(blank=True, verbose_name="Other reasons / organisations consulted")
    consultees = models.TextField(blank=True)
    contact = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    report_author = models.CharField(max_length=120, blank=True)
    notice_published_on = models.DateField(null=True, blank=True, verbose_name="Forward plan notice published")
    representations_by = models.DateField(null=True, blank=True, verbose_name="Representations should be made by")
    decided_on = models.DateField(verbose_name="Date of decision")
    published_on = models.DateField(null=True, blank=True, verbose_name="Publication date")
    call_in_working_days = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    # Always written by governance.services from the calendar; only an override with a reason changes it.
    effective_from = models.DateField(null=True, blank=True)
    effective_from_overridden = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    forward_plan_entry = models.ForeignKey(
        "governance.ForwardPlanEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="Forward plan entry",
    )

    objects = DecisionQuerySet.as_manager()
    history = tracked()

    class Meta:
        ordering = ["-decided_on", "title"]
        constraints = [
            non_negative("savings_gbp"),
            non_negative("expenditure_gbp"),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=F("decided_on")),
                name="decision_published_on_or_after_decided",
                violation_error_message=DECIDED_AFTER_PUBLICATION,
            ),
            models.CheckConstraint(
                condition=Q(effective_from__isnull=True) | Q(effective_from__gte=F("published_on")),
                name="decision_effective_on_or_after_published",
                violation_error_message=EFFECTIVE_BEFORE_PUBLICATION,
            ),
            models.CheckConstraint(
                condition=Q(effective_from_overridden=False) | ~Q(override_reason=""),
                name="decision_override_has_reason",
                violation_error_message=OVERRIDE_NEEDS_REASON,
            ),
            models.CheckConstraint(
                condition=Q(decision_maker=DecisionMaker.PARTNERSHIP_BOARD, council__isnull=True)
                | (~Q(decision_maker=DecisionMaker.PARTNERSHIP_BOARD) & Q(council__isnull=False)),
                name="decision_board_or_council",
                violation_error_message=BOARD_DECISIONS_HAVE_NO_COUNCIL,
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:decision", kwargs={"pk": self.pk})

    @property
    def decided_by(self) -> str:
        """``MBC Cabinet``; a board decision names its partnership's board (``MKIP Board``).

        Lists select ``council`` and ``service__partnership`` so this costs no query.
        """
        if self.council_id is None:
            return self.service.partnership.board_name if self.service_id else self.get_decision_maker_display()
        return f"{self.council.short_name} {self.get_decision_maker_display()}"

    @property
    def reason_key_text(self) -> str:
        return reason_key_label(self.reason_key, self.key_decision_threshold_gbp)

    @property
    def call_in_expires(self):
        if not (self.subject_to_call_in and self.published_on and self.call_in_working_days):
            return None
        return calendar.call_in_expires(self.published_on, self.call_in_working_days)

    def in_effect(self, on) -> bool:
        return self.effective_from is not None and self.effective_from <= on

    @property
    def lacks_forward_plan_entry(self) -> bool:
        """A key decision taken with no forward-plan entry behind it: flagged for democratic services."""
        return self.is_key_decision and self.forward_plan_entry_id is None

    @property
    def approves(self) -> bool:
        return self.status in APPROVING_STATUSES


class Recommendation(models.Model):
    """One recommendation of a decision, numbered "i.", "iv." or as a sub-item "iv a)".

    The label is optional: a decision of one unnumbered paragraph (as Maidstone's Information
    Strategy record has) stores it with an empty label, and it is shown by its position.
    """

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=12, blank=True)
    text = models.TextField()

    objects = TrackedQuerySet.as_manager()
    history = tracked()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "position"], name="recommendation_position_unique"),
            # Labels, where given, tell recommendations apart; several may have none.
            models.UniqueConstraint(
                fields=["decision", "label"], condition=~Q(label=""), name="recommendation_label_unique"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.text[:40]}"

    @property
    def number(self) -> str:
        """The label as published, or the recommendation's position when it has none."""
        return self.label or str(self.position)

    @property
    def is_sub_item(self) -> bool:
        return " " in self.label


def document_path(instance, filename):
    return f"decisions/{instance.decision_id}/{filename}"


class DecisionDocument(Illustrative):
    """An accompanying document. With a Schedule 12A paragraph it is exempt: never shown to the public."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_path)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=SCHEDULE_12A,
        verbose_name="Exempt under Schedule 12A paragraph",
        help_text="Leave blank if the document can be published.",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = tracked()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt_paragraph__isnull=True) | Q(exempt_paragraph__gte=1, exempt_paragraph__lte=7),
                name="document_exempt_paragraph_1_to_7",
                violation_error_message="Schedule 12A has paragraphs 1 to 7.",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_exempt(self) -> bool:
        return self.exempt_paragraph is not None


class DeclaredInterest(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="interests")
    member = models.CharField(max_length=120)
    interest = models.TextField()
    dispensation = models.CharField(max_length=200, blank=True)

    objects = TrackedQuerySet.as_manager()
    history = tracked()

    class Meta:
        ordering = ["member"]

    def __str__(self):
        return f"{self.member}: {self.interest[:40]}"


class GatewayHistory(Illustrative):
    """A service entering a stage: when, on which decisions, and how confident the board is of delivery."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="gateway_history")
    stage = models.CharField(max_length=12, choices=GatewayStage.choices)
    entered_on = models.DateField()
    decisions = models.ManyToManyField(Decision, blank=True, related_name="gateway_entries")
    rating = models.CharField(max_length=5, choices=Rag.choices, verbose_name="Delivery confidence")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    history = tracked()

    class Meta:
        ordering = ["entered_on", "pk"]
        verbose_name_plural = "gateway history"
        constraints = [
            models.UniqueConstraint(fields=["service", "stage"], name="gateway_stage_entered_once"),
        ]

    def __str__(self):
        return f"{self.service} entered {self.get_stage_display()} on {self.entered_on:%d/%m/%Y}"
