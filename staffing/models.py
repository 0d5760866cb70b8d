"""The staff establishment of a shared service: teams, posts per year and kind, their history,
the TUPE transfer to the host and planned reductions.

The figures on the staffing page come from :mod:`staffing.establishment` (pure) fed by
:mod:`staffing.selectors`; writes go through :mod:`staffing.services`, which also write the
:class:`PostChange` history in the same transaction.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mkip.columns import BUDGET, ESTIMATE
from mkip.fields import FinancialYearField, FteField, MoneyField, non_negative
from mkip.history import tracked
from partnership.models import Council, Illustrative, ServicePartner, SharedService
from staffing.establishment import MAX_LINE_FTE
from staffing.establishment import Post as PostLine

MIN_FTE = Decimal("0.01")
COUNCIL_NOT_A_PARTNER = "{council} is not a partner of {service}; choose a partner council or the host."
TEAM_OF_ANOTHER_SERVICE = "The {team} team belongs to another service."


class Kind(models.TextChoices):
    BUDGET = BUDGET, "Budget"
    ESTIMATE = ESTIMATE, "Estimate"


class Team(Illustrative):
    """A team of a service's establishment; ``group`` is the staffing table's row (e.g. "GIS")."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="staff_teams")
    name = models.CharField(max_length=80)
    group = models.CharField(max_length=40, help_text="The row of the staffing table, such as GIS or Non GIS.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Teams and groups are listed in this order.")

    history = tracked()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="staffing_team_name_unique_in_service"),
            models.CheckConstraint(
                condition=~Q(group=""), name="staffing_team_has_a_group", violation_error_message="Give a group."
            ),
        ]

    def __str__(self):
        return self.name


class PostQuerySet(models.QuerySet):
    def of_service(self, service):
        """Every post of the service, in table order, with team and council: one query."""
        return self.of_services([service.pk])

    def of_services(self, service_ids):
        """Every post of several services, each service's in table order: one query."""
        return (
            self.filter(service_id__in=service_ids)
            .select_related("team", "council")
            .order_by("year", "kind", "team__order", "team__name", "council__name", "grade", "pk")
        )

    def column(self, service, year, kind):
        return self.of_service(service).filter(year=year, kind=kind)


class Post(Illustrative):
    """``fte`` posts of one grade in one team, in one year's budget or estimate.

    ``council`` is the employer; None means the host authority after the TUPE transfer,
    which only the head of service and administrators may change. ``version`` goes up by
    one on every save so that a form opened before someone else's save is refused.
    """

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="posts")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="posts")
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_posts",
        help_text="The employing council; leave blank for the host authority after TUPE.",
    )
    grade = models.CharField(max_length=40)
    fte = FteField(verbose_name="FTE", validators=[MinValueValidator(MIN_FTE), MaxValueValidator(MAX_LINE_FTE)])
    cost = MoneyField(help_text="Yearly cost in pounds.", validators=[MinValueValidator(Decimal("0"))])
    vacant = models.BooleanField(default=False, help_text="Vacant posts are left out of the totals.")
    year = FinancialYearField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["year", "kind", "team__order", "team__name", "grade"]
        indexes = [models.Index(fields=["service", "year", "kind"], name="staffing_post_column")]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0, fte__lte=MAX_LINE_FTE),
                name="staffing_post_fte_between_0_and_99_99",
                violation_error_message="FTE must be more than 0 and at most 99.99.",
            ),
            non_negative("cost"),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values),
                name="staffing_post_kind_is_budget_or_estimate",
                violation_error_message="A post belongs to a budget or an estimate.",
            ),
        ]

    def __str__(self):
        who = self.council.code if self.council_id else "Host"
        return f"{self.team} {self.grade} ({who}, {self.year} {self.kind})"

    def clean(self):
        """The council must be a partner of the service (now or in the past), the team the service's.

        A bulk save sets ``partner_council_ids`` once so that many posts are checked against
        one query's answer; otherwise the partners are read here.
        """
        super().clean()
        if self.team_id and self.service_id and self.team.service_id != self.service_id:
            raise ValidationError({"team": TEAM_OF_ANOTHER_SERVICE.format(team=self.team)})
        if self.council_id and self.service_id:
            partners = getattr(self, "partner_council_ids", None)
            if partners is None:
                partners = partner_ids(self.service_id)
            if self.council_id not in partners:
                raise ValidationError(
                    {"council": COUNCIL_NOT_A_PARTNER.format(council=self.council, service=self.service)}
                )

    def as_line(self) -> PostLine:
        """This post for the pure calculations in :mod:`staffing.establishment`."""
        council = self.council.code if self.council_id else None
        return PostLine(self.team.name, self.team.group, self.grade, self.fte, self.cost, self.vacant, council)


def partner_ids(service_id) -> set[int]:
    """Councils that are or were partners of the service: one query."""
    return set(ServicePartner.objects.filter(service_id=service_id).values_list("council_id", flat=True))


class ChangePath(models.TextChoices):
    FORM = "form", "Posts form"
    IMPORT = "import", "Import"
    ADMIN = "admin", "Administration"
    SEED = "seed", "Seed data"


class PostChange(models.Model):
    """One field of one post changed, by whom, when and how. Kept when the post is deleted.

    ``field`` is ``"post"`` for a post added (``new`` describes it) or removed (``old`` does).
    The column (service, year, kind) is copied so a grid's history survives its posts.
    """

    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes")
    post_label = models.CharField(max_length=200)
    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="post_changes")
    year = FinancialYearField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    field = models.CharField(max_length=20)
    old = models.CharField(max_length=200, blank=True)
    new = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=8, choices=ChangePath.choices)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["service", "year", "kind"], name="staffing_change_column")]

    def __str__(self):
        return f"{self.post_label}: {self.field} {self.old} → {self.new}"


class TupeTransfer(Illustrative):
    """Staff moving from a council to the host authority under TUPE on a date."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="tupe_transfers")
    transferred_on = models.DateField()
    from_council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="tupe_transfers")
    staff_count = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    fte = FteField(verbose_name="FTE", validators=[MinValueValidator(MIN_FTE)])

    history = tracked()

    class Meta:
        ordering = ["transferred_on", "from_council__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "from_council", "transferred_on"], name="staffing_tupe_once_per_council_and_day"
            ),
            models.CheckConstraint(
                condition=Q(staff_count__gte=1, fte__gt=0),
                name="staffing_tupe_moves_someone",
                violation_error_message="A transfer moves at least one person and more than 0 FTE.",
            ),
        ]

    def __str__(self):
        return f"{self.from_council} to the host on {self.transferred_on}"


class PlannedReduction(Illustrative):
    """A planned cut of FTE in a team from a year on (the Change Team disbanded by 2015/16)."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="planned_reductions")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="planned_reductions")
    year = FinancialYearField(help_text="The first year without these posts.")
    fte = FteField(verbose_name="FTE", validators=[MinValueValidator(MIN_FTE)])
    reason = models.CharField(max_length=200, blank=True)

    history = tracked()

    class Meta:
        ordering = ["year", "team__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0),
                name="staffing_reduction_cuts_more_than_0_fte",
                violation_error_message="A reduction removes more than 0 FTE.",
            ),
        ]

    def __str__(self):
        return f"{self.fte} FTE from {self.team} by {self.year}"

    def clean(self):
        super().clean()
        if self.team_id and self.service_id and self.team.service_id != self.service_id:
            raise ValidationError({"team": TEAM_OF_ANOTHER_SERVICE.format(team=self.team)})
