"""Writes of quarterly monitoring: opening a round, completing and reviewing a return, reopening.

Each is keyword-only, validated and atomic; a return saved or reviewed from a page loaded before
someone else's save is refused (:mod:`mkip.stale`: the return's and its forecasts' history), saying
who changed what since, and nothing of a refused save is written.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from finance.models import BudgetFigure, BudgetLine, ChangePath, FigureKind, Programme
from finance.models_monitoring import EDITABLE, Forecast, MonitoringReturn, MonitoringRound, ReturnStatus
from finance.monitoring import Threshold, Variance
from finance.selectors import service_partners
from finance.services import save_grid
from mkip.fiscal import FinancialYear
from mkip.stale import refuse_if_stale, version_of
from partnership.revision import writes_for, writing_for

LOCKED = "The round for {round} is signed off and locked: it needs reopening, with a reason, before any change."
NOT_EDITABLE = "This return is {status}: it cannot be changed now."
NOT_A_LINE = "“{line}” is not one of {council}’s revenue lines for {service}."
COMMENTARY_NEEDED = "Explain the variance on “{line}”: it is beyond the round’s threshold."
NOT_SUBMITTED = "Only a submitted return can be signed off or returned."
COMMENT_NEEDED = "Say what needs changing before returning the return."
REASON_NEEDED = "Give the reason for reopening a signed-off round."
YEAR_END = 4


@writes_for("service")
@transaction.atomic
def open_round(
    *,
    service,
    year: FinancialYear,
    quarter: int,
    due_on,
    threshold_amount: Decimal,
    threshold_percent: Decimal,
    user,
) -> MonitoringRound:
    """Open a round and a return, not started, for each current partner council."""
    monitoring_round = MonitoringRound(
        service=service,
        year=year,
        quarter=quarter,
        due_on=due_on,
        threshold_amount=threshold_amount,
        threshold_percent=threshold_percent,
        opened_by=user,
    )
    monitoring_round.full_clean()
    monitoring_round.save()
    today = timezone.localdate()
    for partner in service_partners(service):
        if partner.is_current(today):
            MonitoringReturn.objects.create(round=monitoring_round, council=partner.council)
    return monitoring_round


def budgets_for(monitoring_return: MonitoringReturn) -> dict[int, Decimal]:
    """The year's budget of each of the council's revenue lines of the service: one query."""
    figures = BudgetFigure.objects.filter(
        line__service=monitoring_return.round.service,
        line__council=monitoring_return.council,
        line__programme=Programme.REVENUE,
        year=monitoring_return.round.year,
        kind=FigureKind.BUDGET,
    )
    return dict(figures.values_list("line_id", "amount"))


def _histories(return_id: int) -> list:
    return [MonitoringReturn.history.filter(id=return_id), Forecast.history.filter(monitoring_return_id=return_id)]


def return_version(monitoring_return: MonitoringReturn) -> str:
    """The version a return's page loads: of the return and of its forecasts (two queries)."""
    return version_of(*_histories(monitoring_return.pk))


def _locked_return(monitoring_return: MonitoringReturn, loaded_version: str | None) -> MonitoringReturn:
    current = MonitoringReturn.objects.select_for_update().select_related("round").get(pk=monitoring_return.pk)
    if current.round.locked:
        raise ValidationError(LOCKED.format(round=current.round))
    refuse_if_stale(loaded_version=loaded_version, histories=_histories(current.pk))
    return current


def _check_forecasts(monitoring_return, lines, forecasts, *, submit: bool) -> None:
    problems = []
    for line_id in forecasts:
        if line_id not in lines:
            problems.append(
                NOT_A_LINE.format(
                    line=line_id, council=monitoring_return.council, service=monitoring_return.round.service
                )
            )
    if submit:
        threshold = Threshold(monitoring_return.round.threshold_amount, monitoring_return.round.threshold_percent)
        budgets = budgets_for(monitoring_return)
        for line_id, (amount, commentary) in forecasts.items():
            variance = Variance(budgets.get(line_id, Decimal("0.00")), amount)
            if line_id in lines and variance.needs_commentary(threshold) and not commentary.strip():
                problems.append(COMMENTARY_NEEDED.format(line=lines[line_id].name))
        missing = [line.name for line_id, line in lines.items() if line_id not in forecasts]
        problems += [f"Enter the forecast outturn of “{name}” before submitting." for name in missing]
    if problems:
        raise ValidationError(problems)


def _partnership_of(monitoring_return: MonitoringReturn) -> int:
    return (
        MonitoringRound.objects.filter(pk=monitoring_return.round_id)
        .values_list("service__partnership_id", flat=True)
        .get()
    )


def save_return(*, monitoring_return: MonitoringReturn, **save) -> MonitoringReturn:
    """Save a council's forecasts (see :func:`_save_return`), as a write of its partnership's data."""
    with writing_for(partnership_id=_partnership_of(monitoring_return)):
        return _save_return(monitoring_return=monitoring_return, **save)


def review_return(*, monitoring_return: MonitoringReturn, **review) -> MonitoringReturn:
    """Sign off or return a council's return (see :func:`_review_return`), as a write of its partnership's data."""
    with writing_for(partnership_id=_partnership_of(monitoring_return)):
        return _review_return(monitoring_return=monitoring_return, **review)


@transaction.atomic
def _save_return(
    *,
    monitoring_return: MonitoringReturn,
    forecasts: Mapping[int, tuple[Decimal, str]],
    loaded_version: str | None,
    user,
    submit: bool = False,
) -> MonitoringReturn:
    """Save the forecasts ({line id: (forecast outturn, commentary)}), and submit when asked."""
    current = _locked_return(monitoring_return, loaded_version)
    if current.status not in EDITABLE:
        raise ValidationError(NOT_EDITABLE.format(status=current.get_status_display().lower()))
    lines = {
        line.pk: line
        for line in BudgetLine.objects.filter(
            service=current.round.service, council=current.council, programme=Programme.REVENUE
        )
    }
    _check_forecasts(current, lines, forecasts, submit=submit)
    existing = {forecast.line_id: forecast for forecast in current.forecasts.all()}
    for line_id, (amount, commentary) in forecasts.items():
        forecast = existing.get(line_id) or Forecast(monitoring_return=current, line=lines[line_id])
        if forecast.pk and (forecast.amount, forecast.commentary) == (amount, commentary):
            continue
        forecast.amount, forecast.commentary = amount, commentary
        forecast.full_clean()
        forecast.save()
    current.status = ReturnStatus.SUBMITTED if submit else ReturnStatus.IN_PROGRESS
    if submit:
        current.submitted_at, current.submitted_by = timezone.now(), user
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def _review_return(
    *, monitoring_return: MonitoringReturn, sign_off: bool, comment: str, loaded_version: str | None, user
) -> MonitoringReturn:
    """Sign the return off, or return it with ``comment``; the last sign-off locks the round."""
    current = _locked_return(monitoring_return, loaded_version)
    if current.status != ReturnStatus.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    if not sign_off and not comment.strip():
        raise ValidationError({"comment": COMMENT_NEEDED})
    current.review_comment = comment.strip()
    if sign_off:
        current.status, current.signed_off_at, current.signed_off_by = ReturnStatus.SIGNED_OFF, timezone.now(), user
    else:
        current.status = ReturnStatus.RETURNED
    current.full_clean()
    current.save()
    monitoring_round = MonitoringRound.objects.select_for_update().get(pk=current.round_id)
    if not monitoring_round.returns.exclude(status=ReturnStatus.SIGNED_OFF).exists():
        monitoring_round.locked = True
        monitoring_round.save()
        if monitoring_round.quarter == YEAR_END:
            _take_outturn(monitoring_round, user)
    return current


def _take_outturn(monitoring_round: MonitoringRound, user) -> None:
    """At year end the signed-off forecasts become each line's outturn for the year, saved as the
    grid saves a figure (its history says it came from monitoring)."""
    year = monitoring_round.year.start_year
    for monitoring_return in monitoring_round.returns.select_related("council"):
        forecasts = {f.line_id: f.amount for f in monitoring_return.forecasts.all()}
        versions = dict(
            BudgetFigure.objects.filter(line_id__in=forecasts, year=year, kind=FigureKind.OUTTURN).values_list(
                "line_id", "version"
            )
        )
        cells = {(line_id, year, FigureKind.OUTTURN): amount for line_id, amount in forecasts.items()}
        save_grid(
            user=user,
            service=monitoring_round.service,
            council=monitoring_return.council,
            programme=Programme.REVENUE,
            cells=cells,
            loaded_versions={(line_id, year, FigureKind.OUTTURN): versions.get(line_id, 0) for line_id in forecasts},
            path=ChangePath.MONITORING,
        )


@writes_for("monitoring_round")
@transaction.atomic
def reopen_round(*, monitoring_round: MonitoringRound, reason: str, user) -> MonitoringRound:
    """Unlock a signed-off round: every return goes back to its council, the reason in the history."""
    if not reason.strip():
        raise ValidationError({"reason": REASON_NEEDED})
    current = MonitoringRound.objects.select_for_update().get(pk=monitoring_round.pk)
    current.locked = False
    current.reopen_reason = reason.strip()
    current.full_clean()
    current.save()
    for monitoring_return in current.returns.select_for_update():
        monitoring_return.status = ReturnStatus.RETURNED
        monitoring_return.review_comment = f"Reopened: {reason.strip()}"
        monitoring_return.save()
    return current
