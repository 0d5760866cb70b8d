"""The dashboard beside the approved baselines: savings planned and investment against what the
Cabinets approved, like for like, and the year's forecast outturn against the baseline budget."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from board.dashboard import board_dashboard
from finance.baseline_figures import BUDGETS, TOTALS, from_data
from finance.baselines import current_figures
from finance.models import Baseline, BudgetFigure, BudgetLine
from finance.monitoring import quarter_of
from finance.monitoring_services import open_round, return_version, save_return
from finance.services import save_figure
from mkip.fiscal import FinancialYear
from mkip.money import ZERO, format_gbp
from partnership.models import Council, Partnership, SharedService, User
from tests.factories import client_for, load_mkip_demo

pytestmark = pytest.mark.django_db

URL = "/dashboard/"


@pytest.fixture
def site():
    load_mkip_demo()
    return SharedService.objects.get(slug="ict")


def _admin():
    return User.objects.get(username="admin")


def _term_total(entries) -> Decimal:
    return next(e.value for e in entries if e.section == TOTALS and e.row == "Savings over the term")


def correct_a_2012_budget_cell(amount):
    figure = (
        BudgetFigure.objects.filter(line__service__slug="ict", year=2012, kind="budget", line__in_non_staff_base=True)
        .order_by("pk")
        .first()
    )
    figure.amount += amount
    save_figure(user=_admin(), figure=figure, loaded_version=figure.version)


def submit_forecasts(service, monitoring_round, council, more_than_budget: Decimal) -> Decimal:
    """The council's return with every line forecast at its budget, and the first line over by
    ``more_than_budget``; the total forecast."""
    monitoring_return = monitoring_round.returns.get(council=council)
    lines = BudgetLine.objects.filter(service=service, council=council, programme="revenue").order_by("pk")
    budgets = dict(
        BudgetFigure.objects.filter(line__in=lines, year=monitoring_round.year, kind="budget").values_list(
            "line_id", "amount"
        )
    )
    forecasts = {line.pk: (budgets.get(line.pk, ZERO), "") for line in lines}
    first = lines[0].pk
    forecasts[first] = (forecasts[first][0] + more_than_budget, "Contract price rise agreed in July.")
    save_return(
        monitoring_return=monitoring_return,
        forecasts=forecasts,
        loaded_version=return_version(monitoring_return),
        user=_admin(),
        submit=True,
    )
    return sum((amount for amount, _ in forecasts.values()), ZERO)


def test_the_year_forecast_is_against_the_same_councils_baseline_budgets(site):
    year = FinancialYear(2012)
    monitoring_round = open_round(
        service=site,
        year=year,
        quarter=2,
        due_on=date(2012, 10, 15),
        threshold_amount=Decimal("0"),
        threshold_percent=Decimal("0"),
        user=_admin(),
    )
    maidstone = Council.objects.get(code="MBC")
    forecast = submit_forecasts(site, monitoring_round, maidstone, Decimal("1000"))
    approved = from_data(Baseline.objects.get(service=site).figures)
    baseline = next(
        e.value for e in approved if e.section == BUDGETS and e.row == maidstone.name and e.column == "2012/13"
    )

    data = board_dashboard(partnership=site.partnership, today=date(2012, 10, 1))

    assert (data.forecast.returns_in, data.forecast.returns_due) == (1, monitoring_round.returns.count())
    assert data.forecast.forecast == forecast
    assert data.forecast.baseline == baseline
    assert data.forecast.variance.amount == forecast - baseline


def test_the_first_screen_says_when_no_round_of_the_year_is_open(site):
    year, _ = quarter_of(timezone.localdate())
    page = client_for("board").get(URL).content.decode()
    section = page[page.index('id="on-track"') : page.index('id="summary"')]
    assert f"Forecast outturn for {year.label} against the baseline budget" in section
    assert f"No monitoring round for {year.label} yet" in section


def test_a_forecast_of_a_year_no_baseline_covers_says_so_rather_than_comparing(site):
    year, quarter = quarter_of(timezone.localdate())
    monitoring_round = open_round(
        service=site,
        year=year,
        quarter=quarter,
        due_on=timezone.localdate(),
        threshold_amount=Decimal("0"),
        threshold_percent=Decimal("0"),
        user=_admin(),
    )
    forecast = submit_forecasts(site, monitoring_round, Council.objects.get(code="SBC"), Decimal("250"))
    page = client_for("board").get(URL).content.decode()
    section = page[page.index('id="on-track"') : page.index('id="summary"')]
    assert f"{format_gbp(forecast, pence=True)} from 1 of {monitoring_round.returns.count()} returns" in section
    assert f"no approved baseline holds these councils’ {year.label} budgets" in section


def test_compared_the_dashboard_lays_each_services_planned_savings_beside_its_baseline(site):
    approved = _term_total(from_data(Baseline.objects.get(service=site).figures))
    board = client_for("board")
    plain = board.get(URL).content.decode()
    assert "Show the approved baselines beside these figures" in plain
    assert "Against the approved baselines" not in plain

    correct_a_2012_budget_cell(Decimal("500"))
    today = _term_total(current_figures(site))
    page = board.get(URL, {"against": "baseline"}).content.decode()
    section = page[page.index("Against the approved baselines") : page.index('id="savings"')]
    row = section[section.index(f"{site.name}: savings planned") :]
    row = row[: row.index("</tr>")]
    assert format_gbp(approved, pence=True) in row and format_gbp(today, pence=True) in row
    assert f"+{format_gbp(today - approved, pence=True)}" in row
    assert "Hide the baselines" in page


def test_a_council_filter_compares_that_councils_share_of_the_baseline(site):
    maidstone = Council.objects.get(code="MBC")
    data = board_dashboard(partnership=site.partnership, council=maidstone)
    approved = from_data(Baseline.objects.get(service=site).figures)
    share = sum(e.value for e in approved if e.section == "Savings by council" and e.column == maidstone.name)
    ict = next(row for row in data.against.by_service if row.label == site.name)
    assert ict.baseline == share
    assert ict.today == share, "nothing has changed since approval"
    assert data.against.changed == 0


def test_the_dashboard_reads_the_same_queries_compared_or_not(site):
    board = client_for("board")
    partnership = Partnership.objects.get()
    board.get("/")
    with CaptureQueriesContext(connection) as plain:
        board.get(URL, {"partnership": partnership.slug})
    with CaptureQueriesContext(connection) as compared:
        board.get(URL, {"partnership": partnership.slug, "against": "baseline"})
    assert len(compared) == len(plain)
