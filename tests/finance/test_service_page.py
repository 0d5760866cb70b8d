"""The service finance page: seed 001's Table 2, savings, shares, implementation costs and the pot, computed."""

import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from finance.models import BudgetFigure, FigureKind, SavingsPlan
from finance.seed import load as load_finance
from finance.selectors import service_finance
from mkip.fiscal import FinancialYear
from partnership.models import SharedService
from staffing.seed import load as load_staffing

D = Decimal
Y = FinancialYear.parse
pytestmark = pytest.mark.django_db


def _ict():
    return SharedService.objects.get(slug="ict")


def test_table_2_comes_out_of_the_entered_figures(mkip_finance):
    columns = service_finance(_ict()).statement.columns
    assert [(c.year.label, c.kind, c.total) for c in columns] == [
        ("2011/12", "budget", D("4890300.00")),
        ("2012/13", "budget", D("4735310.00")),
        ("2012/13", "estimate", D("4666310.00")),
        ("2013/14", "estimate", D("4569310.00")),
        ("2014/15", "estimate", D("4433010.00")),
        ("2015/16", "estimate", D("4282230.00")),
    ]
    assert [c.change for c in columns] == [None, D("-154990"), D("-69000"), D("-97000"), D("-136300"), D("-150780")]


def test_savings_reproduce_the_business_case_headlines(mkip_finance):
    statement = service_finance(_ict()).statement
    assert [row.total for row in statement.projection.rows[:4]] == [D("69000"), D("166000"), D("302300"), D("453080")]
    assert statement.projection.total == D("3708860.00")
    assert statement.projection.average_per_year == D("370886.00")
    assert statement.projection.non_staff_total == D("2401400.00")
    assert statement.non_staff_savings[Y("2014/15")] == D("274300.00")


def test_maidstone_receives_34_4_percent_and_every_split_adds_up(mkip_finance):
    finance = service_finance(_ict())
    statement = finance.statement
    by_code = {c.pk: c.code for c in finance.councils}
    assert {by_code[b.council]: b.share for b in statement.bases}["MBC"] == D("0.3440000000")
    for row in statement.projection.rows:
        assert sum(statement.savings_by_council[row.year].values()) == row.total
    assert sum(statement.implementation_totals.values()) == D("154000.00")
    assert statement.pot.total_contributed == D("300000.00")


def test_the_page_shows_the_figures_with_rounded_headlines(client, mkip_finance, board_member):
    client.force_login(board_member)
    page = client.get(reverse("finance:service", args=["ict"])).content.decode()
    for figure in ("£4,890,300", "£4,735,310", "£4,666,310", "£4,569,310", "£4,433,010", "£4,282,230", "-£154,990"):
        assert figure in page
    assert "Savings of £3.71M over 10 years" in page
    assert "£371,000 a year on average" in page
    assert "£3,708,860.00" in page
    assert "34.4%" in page
    assert "£154,000" in page
    assert "(£2.40M)" in page  # non-staff over ten years: "in excess of £2.4m"
    assert reverse("finance:grid", args=["ict", "MBC", "revenue"]) in page


def test_changing_one_software_figure_moves_table_2_and_the_savings(client, mkip_finance, maidstone_officer):
    figure = BudgetFigure.objects.get(
        line__council__code="MBC", line__name="Software licences and maintenance", year=Y("2014/15"), kind="budget"
    )
    figure.amount -= D("500")  # the 2014/15 base falls by £500, so the 20% step saves £100 less
    figure.save()
    statement = service_finance(_ict()).statement
    assert statement.non_staff_savings[Y("2014/15")] == D("274200.00")
    assert statement.columns[4].total == D("4433110.00")
    assert statement.projection.total == D("3708860.00") - 8 * D("100")


def test_a_higher_baseline_budget_moves_every_estimate(mkip_finance):
    figure = BudgetFigure.objects.get(
        line__council__code="SBC", line__name="Transport", year=Y("2012/13"), kind=FigureKind.BUDGET
    )
    figure.amount += D("1000")
    figure.save()
    totals = [c.total for c in service_finance(_ict()).statement.columns]
    assert totals[1:] == [D("4736310"), D("4667310"), D("4570310"), D("4434010"), D("4283230")]


def test_without_staff_costs_from_staffing_only_non_staff_savings_count(mkip_finance, monkeypatch):
    monkeypatch.setattr("finance.selectors.staff_costs_of", lambda plans, staff_tables=None: {})
    statement = service_finance(_ict()).statement
    assert statement.projection.staff_total == D("0.00")
    assert statement.projection.total == D("2401400.00")


def test_an_outsider_cannot_see_finance(client, mkip_finance, outsider):
    client.force_login(outsider)
    assert client.get(reverse("finance:service", args=["ict"])).status_code == 403
    assert client.get(reverse("finance:partnership")).status_code == 403


def test_the_partnership_page_shows_savings_against_investment(client, mkip_finance, board_member):
    client.force_login(board_member)
    page = client.get(reverse("finance:partnership")).content.decode()
    assert "Mid Kent ICT" in page
    assert "£454,000" in page  # £154,000 implementation + £300,000 capital pot
    assert "£8.17" in page  # £3,708,860 planned / £454,000
    assert "Illustrative" in page  # delivered savings are demo values


def test_with_the_real_staffing_establishment_table_2_still_comes_out(mkip):
    """No monkeypatch: staff savings come from the posts staffing loads from its own fixture."""

    for loader, name in ((load_finance, "finance.json"), (load_staffing, "staffing.json")):
        loader(json.loads((settings.BASE_DIR / "fixtures/mkip" / name).read_text()))
    statement = service_finance(_ict()).statement
    assert [c.total for c in statement.columns][2:] == [D("4666310"), D("4569310"), D("4433010"), D("4282230")]
    assert statement.projection.total == D("3708860.00")


def test_staff_savings_are_measured_from_the_savings_plans_baseline_year(mkip):
    """The plan's baseline year is data: moved to 2011/12, staff savings run from the 2011/12 budget column."""
    for loader, name in ((load_finance, "finance.json"), (load_staffing, "staffing.json")):
        loader(json.loads((settings.BASE_DIR / "fixtures/mkip" / name).read_text()))
    from_2012 = service_finance(_ict()).staff_source
    SavingsPlan.objects.filter(service=_ict()).update(baseline_year=FinancialYear(2011))
    from_2011 = service_finance(_ict()).staff_source
    assert from_2012.baseline == D("1663840")  # Table 1's 2012/13 budget
    assert from_2011.baseline == D("1835820")  # Table 1's 2011/12 budget
    assert from_2011.by_year == from_2012.by_year
