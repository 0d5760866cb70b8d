"""Risk registers, governance bodies and key contacts."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from governance.risks import band, score
from mkip.history import TrackedQuerySet, tracked
from partnership.models import Council, Illustrative, SharedService

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


def _one_to_five(field: str, name: str):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
        name=name,
        violation_error_message=f"The {field} runs from 1 to 5.",
    )


class RiskCategory(models.TextChoices):
    # Seed 001 §10.1: "The risks have been organised under the following four headings".
    STAFFING = "staffing", "Staffing"
    FINANCIAL = "financial", "Financial"
    PROCUREMENT = "procurement", "Procurement"
    GENERAL = "general", "General/Other"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Risk(Illustrative):
    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="risks")
    category = models.CharField(max_length=12, choices=RiskCategory.choices)
    title = models.CharField(max_length=200)
    owner = models.CharField(max_length=120)
    mitigation = models.TextField(blank=True)
    likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    status = models.CharField(max_length=6, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    history = tracked()

    class Meta:
        ordering = ["category", "title"]
        constraints = [
            _one_to_five("likelihood", "risk_likelihood_1_to_5"),
            _one_to_five("impact", "risk_impact_1_to_5"),
            models.UniqueConstraint(fields=["service", "title"], name="risk_title_unique_per_service"),
        ]

    def __str__(self):
        return self.title

    @property
    def score(self) -> int:
        return score(self.likelihood, self.impact)

    @property
    def band(self) -> str:
        return band(self.score)


class RiskReview(models.Model):
    """One entry in a risk's history: the scores and status as reviewed on a day."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    status = models.CharField(max_length=6, choices=RiskStatus.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    objects = TrackedQuerySet.as_manager()
    history = tracked()

    class Meta:
        ordering = ["reviewed_on", "pk"]
        constraints = [
            _one_to_five("likelihood", "risk_review_likelihood_1_to_5"),
            _one_to_five("impact", "risk_review_impact_1_to_5"),
        ]

    def __str__(self):
        return f"{self.risk} reviewed {self.reviewed_on:%d/%m/%Y}"

    @property
    def score(self) -> int:
        return score(self.likelihood, self.impact)


class BodyKind(models.TextChoices):
    PARTNERSHIP_BOARD = "partnership_board", "Partnership board"
    STAKEHOLDER_GROUP = "stakeholder_group", "Stakeholder group"
    SCRUTINY = "scrutiny", "Overview and scrutiny committee"


class Body(Illustrative):
    name = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=20, choices=BodyKind.choices)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, null=True, blank=True, related_name="bodies")
    service = models.ForeignKey(SharedService, on_delete=models.PROTECT, null=True, blank=True, related_name="bodies")
    description = models.TextField(blank=True)

    history = tracked()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "bodies"

    def __str__(self):
        return self.name


class BodyMember(Illustrative):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=160)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, null=True, blank=True)
    is_chair = models.BooleanField(default=False, verbose_name="Chair")
    joined = models.DateField(null=True, blank=True)
    left = models.DateField(null=True, blank=True)

    history = tracked()

    class Meta:
        ordering = ["-is_chair", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(joined__isnull=True) | Q(left__gt=F("joined")),
                name="body_member_leaves_after_joining",
                violation_error_message="The date they left must be after the date they joined.",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.role}"


class Contact(Illustrative):
    """A key contact for shared-service enquiries (seed 002, recommendation 4)."""

    name = models.CharField(max_length=120)
    role = models.CharField(max_length=160)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, null=True, blank=True)
    email = models.EmailField(blank=True)
    services = models.ManyToManyField(SharedService, blank=True, related_name="contacts")
    single_point_of_contact = models.BooleanField(
        default=False, help_text="The one person to ask about every service listed."
    )

    history = tracked()

    class Meta:
        ordering = ["-single_point_of_contact", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "role"], name="contact_name_role_unique")]

    def __str__(self):
        return f"{self.name}, {self.role}"
