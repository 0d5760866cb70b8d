"""Writes to the finance data. Keyword-only, validated, atomic, and every figure change leaves a history row.

:func:`save_grid` is the one way a figure changes, whether from the grid form, a
spreadsheet import or the admin: it refuses a stale save, validates every cell before
writing any, and writes the figures and their history in the same transaction, in a
fixed number of queries whatever the grid's size.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from finance.capital import check_spend
from finance.models import (
    BudgetFigure,
    BudgetLine,
    CapitalContribution,
    CapitalSpend,
    ChangePath,
    DeliveredSaving,
    FigureChange,
    NonStaffSavingStep,
    SavingsPlan,
)
from mkip.fiscal import FinancialYear
from mkip.history import bulk_create_with_history
from mkip.money import ZERO
from mkip.stale import refuse_if_stale, version_of
from partnership.revision import writes_for

# A grid cell: (line id, year's start, kind).
type CellKey = tuple[int, int, str]

LINE_NOT_IN_GRID = "A figure was sent for a line that is not in this grid; nothing was saved."
SOMEONE_ELSE_SAVED = "Someone saved this grid after you loaded it, so nothing was saved. Their changes are below."


@dataclass(frozen=True)
class StaleCell:
    line: BudgetLine
    year: FinancialYear
    kind: str
    loaded_amount: Decimal | None
    current_amount: Decimal | None
    changed_by: str
    changed_at: object


class StaleGrid(Exception):
    """Raised when a cell changed since the page (or import preview) was loaded."""

    def __init__(self, cells: list[StaleCell]):
        super().__init__(SOMEONE_ELSE_SAVED)
        self.cells = cells


@dataclass(frozen=True)
class GridSaved:
    created: int
    updated: int
    removed: int

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


def _stale_cells(lines, current, stale_keys, loaded_versions) -> list[StaleCell]:
    """What changed in each stale cell since it was loaded, read from the history: one query.

    The value the officer loaded is the ``old_amount`` of the first change after their
    version; who changed it is the author of the latest change.
    """
    changes = FigureChange.objects.filter(line_id__in={key[0] for key in stale_keys}).select_related("changed_by")
    first_after, latest = {}, {}
    for change in changes.order_by("changed_at", "id"):
        key = (change.line_id, change.year.start_year, change.kind)
        if key in stale_keys and change.version > int(loaded_versions.get(key, 0)):
            first_after.setdefault(key, change)
            latest[key] = change
    result = []
    for key in sorted(stale_keys):
        change, figure = latest.get(key), current.get(key)
        result.append(
            StaleCell(
                line=lines[key[0]],
                year=FinancialYear(key[1]),
                kind=key[2],
                loaded_amount=first_after[key].old_amount if key in first_after else None,
                current_amount=figure.amount if figure else None,
                changed_by=(change.changed_by.get_username() if change and change.changed_by else "someone"),
                changed_at=change.changed_at if change else None,
            )
        )
    return result


@writes_for("service")
@transaction.atomic
def save_grid(
    *,
    user,
    service,
    council,
    programme: str,
    cells: Mapping[CellKey, Decimal | None],
    loaded_versions: Mapping[CellKey, int],
    path: str,
) -> GridSaved:
    """Save ``cells`` (None removes a figure) of one council's grid for a service.

    ``loaded_versions`` holds each cell's version when the officer loaded it (0 for an
    empty cell). If any differs from the database now, :class:`StaleGrid` is raised and
    nothing is written. Queries: lines, figures (locked), stale-check history only when
    stale, then one each for create, update, remove and history when there is any.
    """
    lines = {line.pk: line for line in BudgetLine.objects.grid(service, council, programme)}
    if any(key[0] not in lines for key in cells):
        raise ValidationError(LINE_NOT_IN_GRID)
    current = {
        (figure.line_id, figure.year.start_year, figure.kind): figure
        # Locked in one order (by id) by every save, so two saves never wait on each other in a cycle.
        for figure in BudgetFigure.objects.select_for_update(of=("self",)).filter(line_id__in=lines).order_by("pk")
    }
    stale = {
        key for key in cells if (current[key].version if key in current else 0) != int(loaded_versions.get(key, 0))
    }
    if stale:
        raise StaleGrid(_stale_cells(lines, current, stale, loaded_versions))

    now = timezone.now()
    created, updated, removed, history = [], [], [], []
    for key, amount in cells.items():
        line_id, start_year, kind = key
        figure = current.get(key)
        if figure is None and amount is None:
            continue
        if figure is not None and amount == figure.amount:
            continue
        old = figure.amount if figure else None
        if figure is None:
            figure = BudgetFigure(line_id=line_id, year=FinancialYear(start_year), kind=kind, amount=amount)
            created.append(figure)
        elif amount is None:
            figure.version += 1
            removed.append(figure)
        else:
            figure.amount = amount
            figure.version += 1
            updated.append(figure)
        if amount is not None:
            # clean_fields, not full_clean: the uniqueness and FK checks would cost a query per cell,
            # and the database constraints back them anyway.
            figure.clean_fields(exclude=["line", "illustrative_fields"])
            figure.illustrative_fields = []  # an officer's figure is real, whatever the demo data said
        history.append(
            FigureChange(
                line_id=line_id,
                year=FinancialYear(start_year),
                kind=kind,
                old_amount=old,
                new_amount=amount,
                version=figure.version,
                changed_by=user if getattr(user, "pk", None) else None,
                changed_at=now,
                path=path,
            )
        )
    try:
        if created:
            BudgetFigure.objects.bulk_create(created)
        if updated:
            BudgetFigure.objects.bulk_update(updated, ["amount", "version", "illustrative_fields"])
        if removed:
            BudgetFigure.objects.filter(pk__in=[figure.pk for figure in removed]).delete()
        if history:
            FigureChange.objects.bulk_create(history)
    except IntegrityError:
        # Another save created the same cell between our read and our insert.
        raise StaleGrid([]) from None
    return GridSaved(created=len(created), updated=len(updated), removed=len(removed))


def save_figure(*, user, figure: BudgetFigure, loaded_version: int, remove: bool = False) -> GridSaved:
    """Save one figure through :func:`save_grid` (the admin's path), so it keeps history too."""
    line = figure.line
    key = (line.pk, figure.year.start_year, figure.kind)
    return save_grid(
        user=user,
        service=line.service,
        council=line.council,
        programme=line.programme,
        cells={key: None if remove else figure.amount},
        loaded_versions={key: loaded_version},
        path=ChangePath.ADMIN,
    )


def _capital_pot_histories(service) -> list:
    return [
        CapitalContribution.history.filter(service_id=service.pk),
        CapitalSpend.history.filter(service_id=service.pk),
    ]


def capital_pot_version(service) -> str:
    """The loaded version of a service's capital pot: what was paid in, and what was spent."""
    return version_of(*_capital_pot_histories(service))


@writes_for("service")
@transaction.atomic
def approve_capital_spend(
    *, user, service, year: FinancialYear, description: str, amount: Decimal, loaded_version: str | None = None
) -> CapitalSpend:
    """Record a spend from the service's capital pot; refused if it would take the pot below zero,
    or if the pot changed after the page was opened (the approver saw another balance)."""
    # Lock the pot's rows so two approvals cannot both spend the last pound.
    paid_in = sum((c.amount for c in CapitalContribution.objects.select_for_update().filter(service=service)), ZERO)
    spent = sum((s.amount for s in CapitalSpend.objects.select_for_update().filter(service=service)), ZERO)
    refuse_if_stale(loaded_version=loaded_version, histories=_capital_pot_histories(service))
    try:
        check_spend(paid_in - spent, amount)
    except ValueError as error:
        raise ValidationError({"amount": str(error)}) from None
    spend = CapitalSpend(
        service=service,
        year=year,
        description=description,
        amount=amount,
        approved_by=user,
        approved_at=timezone.now(),
    )
    spend.full_clean()
    spend.save()
    return spend


# ---- Savings plans and delivered savings ---------------------------------------------------------


@dataclass(frozen=True)
class PlannedStep:
    year: FinancialYear
    percentage: Decimal | None
    amount: Decimal | None


STEP_WITHOUT_BASE = (
    "{year} has no non-staff base (software, hardware maintenance and consumables budgets) to take "
    "{percentage}% of: enter that year’s budgets on the councils’ grids first, or plan an amount in pounds"
)


def check_steps_have_a_base(steps, base_years) -> None:
    """A percentage step in a year with no non-staff base would save nothing and, held in later
    years, silently empty the projection; it is refused naming the year."""
    for step in steps:
        if step.percentage is not None and step.year not in base_years:
            message = STEP_WITHOUT_BASE.format(year=step.year.label, percentage=step.percentage.normalize())
            raise ValidationError({"steps": message})


def _savings_plan_histories(service) -> list:
    plans = SavingsPlan.history.filter(service_id=service.pk)
    return [plans, NonStaffSavingStep.history.filter(plan_id__in=plans.values("id"))]


def savings_plan_version(service) -> str:
    """The loaded version of a service's savings plan: the plan and each of its steps."""
    return version_of(*_savings_plan_histories(service))


@writes_for("service")
@transaction.atomic
def savings_plan_save(
    *,
    service,
    baseline_year: FinancialYear,
    first_year: FinancialYear,
    years: int,
    cashable: bool,
    steps,
    loaded_version: str | None = None,
) -> SavingsPlan:
    """Create or replace a service's savings plan and its non-staff steps, all or nothing."""
    plan = SavingsPlan.objects.select_for_update().filter(service=service).first() or SavingsPlan(service=service)
    refuse_if_stale(loaded_version=loaded_version, histories=_savings_plan_histories(service))
    check_steps_have_a_base(steps, BudgetFigure.objects.non_staff_base_years(service))
    plan.baseline_year, plan.first_year, plan.years, plan.cashable = baseline_year, first_year, years, cashable
    plan.full_clean()
    plan.save()
    plan.steps.all().delete()
    new_steps = [NonStaffSavingStep(plan=plan, year=s.year, percentage=s.percentage, amount=s.amount) for s in steps]
    for step in new_steps:
        step.full_clean(exclude=["plan"])
    bulk_create_with_history(new_steps, NonStaffSavingStep)
    return plan


def delivered_savings_version(service) -> str:
    """The loaded version of the savings a service's councils report as delivered."""
    return version_of(DeliveredSaving.history.filter(service_id=service.pk))


@writes_for("service")
@transaction.atomic
def delivered_saving_record(
    *, service, council, year: FinancialYear, amount: Decimal, loaded_version: str | None = None
) -> DeliveredSaving:
    """Record (or correct) what a council reports as delivered by the service in a year."""
    refuse_if_stale(
        loaded_version=loaded_version,
        histories=[DeliveredSaving.history.filter(service_id=service.pk)],
        lock=DeliveredSaving.objects.filter(service=service),
    )
    saving = DeliveredSaving.objects.filter(service=service, council=council, year=year).first()
    saving = saving or DeliveredSaving(service=service, council=council, year=year)
    saving.amount = amount
    saving.illustrative_fields = []  # an officer's own figure is no longer demo data
    saving.full_clean()
    saving.save()
    return saving
