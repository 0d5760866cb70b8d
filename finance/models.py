"""Finance data: budget lines and their figures by year, the savings plan, and the capital pot.

Inputs only. Every total, saving and share on a page is computed from these rows by the
pure modules (``apportionment``, ``savings``, ``capital``, ``statements``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from finance.models_baseline import Baseline as Baseline  # approved baselines, in their own module
from finance.models_baseline import ShareMove as ShareMove
from finance.models_monitoring import Forecast as Forecast  # quarterly monitoring, in its own module
from finance.models_monitoring import MonitoringReturn as MonitoringReturn
from finance.models_monitoring import MonitoringRound as MonitoringRound
from finance.models_monitoring import ReturnStatus as ReturnStatus
from mkip.fields import FinancialYearField, MoneyField
from mkip.fiscal import FinancialYear
from mkip.history import tracked
from partnership.models import Council, Illustrative, SharedService


class Programme(models.TextChoices):
    REVENUE = "revenue", "Revenue budget"
    CAPITAL = "capital", "Capital programme"


class SubjectiveGroup(models.TextChoices):
    """CIPFA's subjective analysis, with supplies and services split as the business case needs."""

    EMPLOYEES = "employees", "Employees"
    PREMISES = "premises", "Premises"
    TRANSPORT = "transport", "Transport"
    SOFTWARE = "software", "Supplies and services: software"
    HARDWARE = "hardware", "Supplies and services: hardware maintenance"
    CONSUMABLES = "consumables", "Supplies and services: consumables"
    SUPPLIES_OTHER = "supplies_other", "Supplies and services: other"
    THIRD_PARTY = "third_party", "Third-party payments"
    RECHARGES = "recharges", "Support services and recharges"
    INCOME = "income", "Income"
    CAPITAL = "capital", "Capital expenditure"


class FigureKind(models.TextChoices):
    BUDGET = "budget", "Budget"
    ESTIMATE = "estimate", "Estimate"
    OUTTURN = "outturn", "Outturn"


class BudgetLineQuerySet(models.QuerySet):
    def grid(self, service, council, programme):
        return self.filter(service=service, council=council, programme=programme).order_by("position", "name")


class BudgetLine(Illustrative):
    """One line of a council's budget for a shared service, such as Maidstone's ICT software."""

    service = models.ForeignKey(SharedService, on_delete=models.PROTECT, related_name="budget_lines")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="budget_lines")
    programme = models.CharField(max_length=8, choices=Programme.choices, default=Programme.REVENUE)
    name = models.CharField(max_length=120)
    group = models.CharField(max_length=20, choices=SubjectiveGroup.choices)
    in_non_staff_base = models.BooleanField(
        default=False, help_text="Counts in the base the non-staff savings percentages apply to (§9.13)."
    )
    is_recharge = models.BooleanField(
        default=False, help_text="Support services and recharges: left out of the investment basis (§3.4 e)."
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["service", "council", "programme", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "council", "programme", "name"],
                name="finance_budget_line_name_unique_per_grid",
                violation_error_message="This council already has a line of that name for this service.",
            ),
            models.CheckConstraint(
                condition=~Q(programme=Programme.CAPITAL) | Q(is_recharge=False, in_non_staff_base=False),
                name="finance_capital_line_not_revenue_base",
                violation_error_message="A capital line is neither a recharge nor part of the non-staff base.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.council.code}, {self.service})"


class BudgetFigureQuerySet(models.QuerySet):
    def non_staff_base_years(self, service) -> set:
        """The years in which ``service`` has a revenue budget on a line of the non-staff base."""
        years = (
            self.filter(
                line__service=service, line__programme=Programme.REVENUE, line__in_non_staff_base=True, kind="budget"
            )
            .order_by()
            .values_list("year", flat=True)
            .distinct()
        )
        return {FinancialYear.parse(year) for year in years}


class BudgetFigure(Illustrative):
    """One cell of a grid: a line's budget, estimate or outturn for one financial year.

    ``version`` goes up by one on every change, so a grid saved from a page loaded
    before someone else's save can be recognised and refused.
    """

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="figures")
    year = FinancialYearField()
    kind = models.CharField(max_length=8, choices=FigureKind.choices)
    amount = MoneyField()
    version = models.PositiveIntegerField(default=1)

    objects = BudgetFigureQuerySet.as_manager()

    class Meta:
        ordering = ["line", "year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "year", "kind"],
                name="finance_one_figure_per_line_year_kind",
                violation_error_message="This line already has a figure of that kind for that year.",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="finance_figure_version_positive", violation_error_message="-"
            ),
        ]

    def __str__(self):
        return f"{self.line.name} {self.year} {self.kind}: {self.amount}"


class ChangePath(models.TextChoices):
    FORM = "form", "Grid form"
    IMPORT = "import", "Spreadsheet import"
    ADMIN = "admin", "Administration"
    SEED = "seed", "Seed data"
    MONITORING = "year_end", "Year-end monitoring"


class FigureChange(models.Model):
    """Who changed a figure, when, from what to what, and how. Kept when the figure is removed."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="changes")
    year = FinancialYearField()
    kind = models.CharField(max_length=8, choices=FigureKind.choices)
    old_amount = MoneyField(null=True, blank=True)
    new_amount = MoneyField(null=True, blank=True, help_text="Blank when the figure was removed.")
    version = models.PositiveIntegerField(help_text="The figure's version after this change.")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    changed_at = models.DateTimeField()
    path = models.CharField(max_length=8, choices=ChangePath.choices)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["line", "year", "kind"])]

    def __str__(self):
        return f"{self.line.name} {self.year} {self.kind}: {self.old_amount} → {self.new_amount}"


class SavingsPlan(Illustrative):
    """How a service's savings are planned: from which baseline, over how many years."""

    service = models.OneToOneField(SharedService, on_delete=models.CASCADE, related_name="savings_plan")
    baseline_year = FinancialYearField(help_text="The year whose budget savings are measured from (§3.4 d).")
    first_year = FinancialYearField(help_text="The first year of the projection.")
    years = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(50)])
    cashable = models.BooleanField(default=True)

    history = tracked()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(years__gte=1, years__lte=50),
                name="finance_plan_years_between_1_and_50",
                violation_error_message="A projection runs for 1 to 50 years.",
            )
        ]

    def __str__(self):
        return f"Savings plan for {self.service}"


class NonStaffSavingStep(Illustrative):
    """One year's planned non-staff saving: a percentage of the non-staff base, or an amount."""

    plan = models.ForeignKey(SavingsPlan, on_delete=models.CASCADE, related_name="steps")
    year = FinancialYearField()
    percentage = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    amount = MoneyField(null=True, blank=True)

    history = tracked()

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="finance_one_step_per_year"),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True, amount__isnull=False)
                | Q(percentage__isnull=False, amount__isnull=True),
                name="finance_step_percentage_or_amount",
                violation_error_message="Enter either a percentage or an amount, not both.",
            ),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | Q(percentage__gte=0, percentage__lte=100),
                name="finance_step_percentage_0_to_100",
                violation_error_message="The percentage must be between 0 and 100.",
            ),
        ]

    def __str__(self):
        return f"Non-staff saving step for {self.year.label}"


class DeliveredSaving(Illustrative):
    """A saving a council reports as delivered by a shared service in a year."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="delivered_savings")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="delivered_savings")
    year = FinancialYearField()
    amount = MoneyField()

    history = tracked()

    class Meta:
        ordering = ["year", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "council", "year"], name="finance_one_delivery_per_year")
        ]

    def __str__(self):
        return f"Saving delivered by {self.council} in {self.year.label}"


class ImplementationCost(Illustrative):
    """A one-off cost of setting up a service (§5.5), shared by investment (§5.6)."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="implementation_costs")
    name = models.CharField(max_length=120)
    amount = MoneyField()
    position = models.PositiveSmallIntegerField(default=0)

    history = tracked()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="finance_implementation_cost_unique"),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="finance_implementation_cost_not_negative",
                violation_error_message="A cost cannot be negative.",
            ),
        ]

    def __str__(self):
        return self.name


class CapitalContribution(Illustrative):
    """A council's payment into a service's capital investment pot (§9.5 Option 3)."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="capital_contributions")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="capital_contributions")
    year = FinancialYearField()
    amount = MoneyField()

    history = tracked()

    class Meta:
        ordering = ["year", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "council", "year"], name="finance_one_contribution_per_year"),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="finance_contribution_positive",
                violation_error_message="A contribution must be more than £0.00.",
            ),
        ]

    def __str__(self):
        return f"Capital paid in by {self.council} in {self.year.label}"


class CapitalSpend(Illustrative):
    """Spending from the pot, approved by the head of service; the pot may not go below zero."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="capital_spends")
    year = FinancialYearField()
    description = models.CharField(max_length=200)
    amount = MoneyField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    approved_at = models.DateTimeField()

    history = tracked()

    class Meta:
        ordering = ["year", "approved_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="finance_spend_positive",
                violation_error_message="A spend must be more than £0.00.",
            ),
        ]

    def __str__(self):
        return f"{self.description} ({self.year.label})"
