"""The partnership register: councils, the partnership, its shared services, and who may do what."""

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from mkip.fields import MoneyField, non_negative
from mkip.history import TrackedQuerySet, tracked
from mkip.periods import is_current, periods_overlap
from partnership.published import DocumentKind as DocumentKind  # the register's published documents
from partnership.published import PublishedDocument as PublishedDocument

MEMBERSHIP_ENDS_BEFORE_IT_STARTS = "The date it ended must be after the date it started."
OVERLAPPING_MEMBERSHIP = "{council} is already a member for part of this period ({start} to {end})."


class Illustrative(models.Model):
    """Records which of a row's values were invented for the demo because the seeds are silent."""

    illustrative_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Names of fields whose values are illustrative (not from the source documents).",
    )

    objects = TrackedQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_illustrative(self, field_name: str) -> bool:
        return field_name in (self.illustrative_fields or [])


class Council(Illustrative):
    class Kind(models.TextChoices):
        DISTRICT = "district", "District or borough council"
        COUNTY = "county", "County council"

    name = models.CharField(max_length=120, unique=True)
    code = models.CharField(
        max_length=8, unique=True, help_text="Short code used in tables, such as MBC for Maidstone."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DISTRICT)
    # Councils are national records: the ONS GSS code names one council across every partnership.
    gss_code = models.CharField(
        "ONS GSS code",
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        help_text="The Office for National Statistics code, such as E07000110 for Maidstone.",
        error_messages={"unique": "Another council already has this GSS code."},
    )
    key_decision_threshold = MoneyField(
        validators=[MinValueValidator(0, message="The threshold cannot be negative.")],
        help_text="Savings or spending above this make a decision a key decision.",
    )
    call_in_working_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Working days after publication during which a decision can be called in.",
    )

    history = tracked()

    class Meta:
        ordering = ["name"]
        constraints = [
            non_negative("key_decision_threshold"),
            models.CheckConstraint(
                condition=Q(call_in_working_days__gte=1, call_in_working_days__lte=30),
                name="council_call_in_period_between_1_and_30_days",
                violation_error_message="The call-in period must be between 1 and 30 working days.",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2,8}$"),
                name="council_code_is_capital_letters",
                violation_error_message="The short code must be 2 to 8 capital letters, like MBC.",
            ),
            models.CheckConstraint(
                condition=Q(gss_code__isnull=True) | Q(gss_code__regex=r"^[ENSW][0-9]{8}$"),
                name="council_gss_code_is_a_letter_and_8_digits",
                violation_error_message="A GSS code is E, W, S or N and 8 digits, like E07000110.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership:council", kwargs={"code": self.code})

    @property
    def short_name(self) -> str:
        for suffix in (" Borough Council", " County Council", " District Council", " Council"):
            if self.name.endswith(suffix):
                return self.name.removesuffix(suffix)
        return self.name


class MembershipPeriod(Illustrative):
    """A council's time in something: joined on a day, left on a later day or still there."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="%(class)ss")
    joined = models.DateField()
    left = models.DateField(null=True, blank=True, help_text="Leave blank while still a member.")

    class Meta:
        abstract = True
        ordering = ["joined", "council__name"]

    @classmethod
    def period_constraints(cls, scope: str) -> list:
        return [
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gt=models.F("joined")),
                name="%(app_label)s_%(class)s_ends_after_it_starts",
                violation_error_message=MEMBERSHIP_ENDS_BEFORE_IT_STARTS,
            ),
            models.UniqueConstraint(
                fields=[scope, "council"],
                condition=Q(left__isnull=True),
                name="%(app_label)s_%(class)s_one_current_period_per_council",
                violation_error_message="This council already has a current membership.",
            ),
        ]

    def siblings(self):
        raise NotImplementedError

    def is_current(self, on: date | None = None) -> bool:
        return is_current(self.joined, self.left, on or timezone.localdate())

    def clean(self):
        super().clean()
        if self.left and self.joined and self.left <= self.joined:
            raise ValidationError({"left": MEMBERSHIP_ENDS_BEFORE_IT_STARTS})
        if self.joined is None or self.council_id is None:
            return
        for other in self.siblings().filter(council_id=self.council_id).exclude(pk=self.pk):
            if periods_overlap(self.joined, self.left, other.joined, other.left):
                raise ValidationError(
                    {
                        "joined": OVERLAPPING_MEMBERSHIP.format(
                            council=other.council,
                            start=other.joined.strftime("%d/%m/%Y"),
                            end=other.left.strftime("%d/%m/%Y") if other.left else "now",
                        )
                    }
                )


class Partnership(Illustrative):
    name = models.CharField(max_length=160, unique=True)
    short_name = models.CharField(max_length=20, unique=True)
    slug = models.SlugField(unique=True)
    formed_on = models.DateField()
    description = models.TextField(blank=True)
    board_name = models.CharField(
        max_length=120,
        default="Partnership Board",
        help_text="What its governing board is called on decision records, for example MKIP Board",
    )

    history = tracked()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnershipMember(MembershipPeriod):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")

    history = tracked()

    class Meta(MembershipPeriod.Meta):
        constraints = MembershipPeriod.period_constraints("partnership")

    def __str__(self):
        return f"{self.council} in {self.partnership.short_name}"

    def siblings(self):
        return PartnershipMember.objects.filter(partnership_id=self.partnership_id)


class StrategicPartner(Illustrative):
    """A council allied with the partnership by agreement but not a member of it (KCC's MoU)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="strategic_partners")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="strategic_partnerships")
    agreement = models.CharField(max_length=160, help_text="For example, Memorandum of Understanding.")
    agreed_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    history = tracked()

    class Meta:
        ordering = ["agreed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("agreed_on")),
                name="strategic_partner_ends_after_it_starts",
                violation_error_message="The agreement must end after it was agreed.",
            )
        ]

    def __str__(self):
        return f"{self.council} ({self.agreement})"


class EmploymentModel(models.TextChoices):
    STAY = "stay", "Staff stay with their own council"
    RECRUIT_TO_HOST = "recruit_to_host", "Staff stay; new staff are recruited to the host"
    TUPE_TO_HOST = "tupe_to_host", "Staff transfer to the host council under TUPE"


class GatewayStage(models.TextChoices):
    DEFINING = "defining", "Defining"
    GATEWAY_1 = "gateway_1", "Gateway 1: initiating the programme"
    GATEWAY_2 = "gateway_2", "Gateway 2: viability study and business case"
    GATEWAY_3 = "gateway_3", "Gateway 3: implementation"
    BENEFITS = "benefits", "Benefits realisation"


class SharedServiceQuerySet(TrackedQuerySet):
    def with_current_partners(self, on: date | None = None):
        """Prefetch the partners current on ``on`` into ``current_partners`` (one extra query in all)."""
        on = on or timezone.localdate()
        current = (
            ServicePartner.objects.filter(joined__lte=on)
            .filter(Q(left__isnull=True) | Q(left__gt=on))
            .select_related("council")
            .order_by("council__name")
        )
        return self.prefetch_related(models.Prefetch("partners", queryset=current, to_attr="current_partners"))

    def with_partner_count(self, on: date | None = None):
        on = on or timezone.localdate()
        current = Q(partners__joined__lte=on) & (Q(partners__left__isnull=True) | Q(partners__left__gt=on))
        return self.annotate(partner_count=models.Count("partners", filter=current, distinct=True))


class SharedService(Illustrative):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=160)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True)
    employment_model = models.CharField(max_length=20, choices=EmploymentModel.choices)
    agreement_start = models.DateField(null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    go_live = models.DateField(null=True, blank=True)
    gateway_stage = models.CharField(max_length=12, choices=GatewayStage.choices, default=GatewayStage.DEFINING)

    objects = SharedServiceQuerySet.as_manager()
    history = tracked()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="service_name_unique_in_partnership"),
            models.CheckConstraint(
                condition=Q(term_years__isnull=True) | Q(term_years__gte=1, term_years__lte=50),
                name="service_term_between_1_and_50_years",
                violation_error_message="The term must be between 1 and 50 years.",
            ),
            models.CheckConstraint(
                condition=Q(term_years__isnull=True) | Q(agreement_start__isnull=False),
                name="service_term_needs_a_start",
                violation_error_message="Give the agreement's start date with its term.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership:service", kwargs={"slug": self.slug})


class ServicePartner(MembershipPeriod):
    """A council's part in a shared service; the host is the partner flagged ``is_host``.

    Holding the host as a flag on a partner row means the database itself guarantees
    the host is a partner; the partial unique constraint allows one current host.
    """

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="partners")
    is_host = models.BooleanField(default=False, verbose_name="Host council")

    history = tracked()

    class Meta(MembershipPeriod.Meta):
        constraints = [
            *MembershipPeriod.period_constraints("service"),
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(is_host=True, left__isnull=True),
                name="service_has_one_current_host",
                violation_error_message="A shared service has one host council at a time.",
            ),
        ]

    def __str__(self):
        return f"{self.council} in {self.service}"

    def siblings(self):
        return ServicePartner.objects.filter(service_id=self.service_id)


class ReviewPoint(Illustrative):
    """A review the agreement sets, a number of years after it starts."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="review_points")
    name = models.CharField(max_length=120)
    after_years = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(50)])

    history = tracked()

    class Meta:
        ordering = ["after_years", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="review_point_name_unique_per_service"),
            models.CheckConstraint(
                condition=Q(after_years__gte=1),
                name="review_point_at_least_a_year_in",
                violation_error_message="A review comes at least a year after the start.",
            ),
        ]

    def __str__(self):
        return f"{self.name} after {self.after_years} years"


class Role(models.TextChoices):
    OFFICER = "officer", "Council officer"
    HEAD_OF_SERVICE = "head_of_service", "Head of a shared service"
    DEMOCRATIC_SERVICES = "democratic_services", "Democratic services officer"
    BOARD_MEMBER = "board_member", "Board member"
    ADMINISTRATOR = "administrator", "Administrator"
    # Scoped administrators, not Django superusers: one manages a partnership's set-up, people and
    # roles; the other a council's own people.
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership administrator"
    COUNCIL_ADMIN = "council_admin", "Council administrator"


class UserManager(DjangoUserManager.from_queryset(TrackedQuerySet)):
    """Django's user manager, its bulk writes recording history like every tracked model's."""


# Never a password hash; a sign-in's last_login is not a change to the person's record.
UNTRACKED_USER_FIELDS = frozenset({"password", "last_login"})


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="The council an officer or democratic services officer works for.",
    )
    headed_service = models.ForeignKey(
        SharedService,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="heads",
        help_text="The shared service a head of service leads.",
    )
    administered_partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administrators",
        help_text="The partnership a partnership administrator manages.",
    )

    objects = UserManager()
    history = tracked(excluded_fields=sorted(UNTRACKED_USER_FIELDS))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=[Role.OFFICER, Role.DEMOCRATIC_SERVICES]) | Q(council__isnull=False),
                name="officers_belong_to_a_council",
                violation_error_message="Council officers and democratic services officers need a council.",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.HEAD_OF_SERVICE) | Q(headed_service__isnull=False),
                name="heads_of_service_lead_a_service",
                violation_error_message="A head of service needs the shared service they lead.",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.PARTNERSHIP_ADMIN) | Q(administered_partnership__isnull=False),
                name="partnership_administrators_manage_a_partnership",
                violation_error_message="A partnership administrator needs the partnership they manage.",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.COUNCIL_ADMIN) | Q(council__isnull=False),
                name="council_administrators_belong_to_a_council",
                violation_error_message="A council administrator needs the council whose people they manage.",
            ),
        ]

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or not set(update_fields) <= UNTRACKED_USER_FIELDS:
            return super().save(*args, **kwargs)
        self.skip_history_when_saving = True
        try:
            return super().save(*args, **kwargs)
        finally:
            del self.skip_history_when_saving

    @property
    def role_label(self) -> str:
        return self.get_role_display() or "No role"

    @property
    def display_name(self) -> str:
        """The person's full name, or their username where no name is recorded."""
        return self.get_full_name() or self.get_username()


class DataChange(models.Model):
    """One write to the data, logged in the same transaction by :mod:`partnership.revision`.

    Insert-only, so writers never wait on each other for it. ``scope`` is the partnership whose
    data was written, or 0 for a write that may touch any partnership's. A plain integer, not a
    foreign key: the key check would share-lock the partnership's row, and a deleted
    partnership's rows must still count until compacted. ``weight`` is how many writes the row
    stands for (more than one only after compaction); ``nonce`` keeps a restored backup's
    tokens apart from those the cache saw before the restore.
    """

    GLOBAL = 0

    id = models.BigAutoField(primary_key=True)
    scope = models.PositiveIntegerField()
    weight = models.PositiveBigIntegerField(default=1)
    nonce = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["scope", "id"], name="datachange_scope_id")]

    def __str__(self):
        return f"{self.scope}:{self.id}"


class Invitation(models.Model):
    """An invitation by email to join a partnership with a role and scope.

    Only a hash of the one-time token is kept, so a leaked database cannot be used to accept
    an invitation; resending issues a new token and the old link stops working.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    headed_service = models.ForeignKey(SharedService, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey("User", on_delete=models.PROTECT, related_name="invitations_sent")
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey("User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="one_pending_invitation_per_email",
                violation_error_message="This address already has an invitation waiting: resend it instead.",
            ),
        ]

    def __str__(self):
        return f"Invitation of {self.email} to {self.partnership}"

    @property
    def pending(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None
