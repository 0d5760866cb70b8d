"""The board dashboard: its figures are the selectors' figures, the filter changes them, and it
takes the same number of queries for 3 councils or services as for 30."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from board.dashboard import board_dashboard
from board.views import DashboardFilterForm
from finance.models import CapitalContribution, DeliveredSaving, ImplementationCost, NonStaffSavingStep, SavingsPlan
from finance.selectors import service_finance, services_finance
from governance.models import Risk
from mkip.fiscal import FinancialYear
from partnership.models import Council, Partnership, ReviewPoint, Role, SharedService
from staffing.selectors import establishment
from tests.factories import (
    CouncilFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    PostFactory,
    TeamFactory,
    UserFactory,
    budget_grid,
)
from tests.factories import shared_service_with_partners as shared

pytestmark = pytest.mark.django_db
URL = "/dashboard/"
Y = FinancialYear


@pytest.fixture
def mkip_all(db, settings, tmp_path):
    """Every MKIP fixture, as `make run` loads it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_mkip", stdout=StringIO())
    return {council.code: council for council in Council.objects.all()}


@pytest.fixture
def board(db):
    return UserFactory(username="board.dashboard", role=Role.BOARD_MEMBER)


def mkip_dashboard(**filters):
    return board_dashboard(partnership=Partnership.objects.get(slug="mkip"), **filters)


def _ict():
    return SharedService.objects.get(slug="ict")


# ---- Figures from the selectors --------------------------------------------------------------


def test_planned_savings_by_year_are_the_ict_statements(mkip_all):
    data = mkip_dashboard()
    planned = [row.planned for row in data.savings_by_year]
    assert planned[:4] == [Decimal("69000"), Decimal("166000"), Decimal("302300"), Decimal("453080")]
    projection = service_finance(_ict()).statement.projection
    assert planned == [row.total for row in projection.rows]
    assert data.total.planned == sum((f.statement.projection.total for f in _planned_finances()), Decimal(0))


def _planned_finances():
    return [f for f in services_finance(SharedService.objects.all()) if f.statement.projection]


def test_fte_over_time_is_the_staffing_table(mkip_all):
    data = mkip_dashboard()
    table = establishment(_ict()).table
    assert [fte for _, fte in data.fte] == [totals.fte for totals in table.totals]
    assert data.fte[0][1] == Decimal("47.81") and data.fte[-1][1] == Decimal("38.00")


def test_investment_and_return_per_pound_follow_the_finance_statement(mkip_all):
    finance = service_finance(_ict())
    line = next(line for line in mkip_dashboard().by_service if line.label == _ict().name)
    investment = (
        sum((c.amount for c in finance.implementation_costs), Decimal(0)) + finance.statement.pot.total_contributed
    )
    assert line.investment == investment
    assert line.return_planned == (finance.statement.projection.total / investment).quantize(Decimal("0.01"))


def test_the_page_shows_the_figures_and_a_chart_with_its_table(client, mkip_all, board):
    client.force_login(board)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    for figure in ("£69,000", "£166,000", "£302,300", "£453,080", "47.81", "38.00"):
        assert figure in html
    assert html.count('src="data:image/svg+xml;base64,') == 7
    assert html.count("<caption") >= 7
    assert "<script>" not in html


def test_the_gateway_pipeline_counts_services_at_each_stage(mkip_all):
    data = mkip_dashboard()
    counted = {stage: len(services) for stage, _, services in data.pipeline}
    for stage in counted:
        assert counted[stage] == SharedService.objects.filter(gateway_stage=stage).count()
    assert sum(counted.values()) == SharedService.objects.count()


def test_decisions_and_call_ins_coming_up_are_listed(mkip_all):
    data = mkip_dashboard(today=date(2012, 6, 1))
    assert [d.title for d in data.decisions_due] == ["Information Strategy 2012 - 2015"]
    assert [d.call_in_expires for d in data.call_ins] == [date(2012, 6, 22)]
    later = mkip_dashboard(today=date(2012, 7, 1))
    assert later.decisions_due == [] and later.call_ins == []


def test_reviews_due_soon_and_overdue_come_from_the_milestones(mkip_all):
    assert [row["milestone"].name for row in mkip_dashboard(today=date(2016, 3, 1)).reviews] == [
        "Post-implementation review"
    ]
    assert mkip_dashboard(today=date(2014, 1, 1)).reviews == []
    assert {row["status"] for row in mkip_dashboard(today=date(2024, 1, 1)).reviews} == {"overdue"}


def test_open_risks_are_counted_by_rating(mkip_all):
    ict = _ict()
    Risk.objects.all().delete()
    for title, likelihood, impact in (("Red one", 4, 5), ("Amber one", 2, 4), ("Green one", 1, 2), ("Green two", 1, 1)):
        Risk.objects.create(
            service=ict, category="general", title=title, owner="Head", likelihood=likelihood, impact=impact
        )
    Risk.objects.create(
        service=ict, category="general", title="Closed", owner="H", likelihood=5, impact=5, status="closed"
    )
    assert mkip_dashboard().risks == {"red": 1, "amber": 1, "green": 2}


# ---- The filter --------------------------------------------------------------------------------


def test_filtering_by_council_shows_that_councils_share(client, mkip_all, board):
    swale = mkip_all["SBC"]
    statement = service_finance(_ict()).statement
    data = mkip_dashboard(council=swale)
    assert [row.planned for row in data.savings_by_year] == [
        statement.savings_by_council[row.year][swale.pk] for row in statement.projection.rows
    ]
    assert data.total.planned == statement.council_totals[swale.pk]
    assert [line.label for line in data.by_council] == ["Swale"]
    delivered = DeliveredSaving.objects.filter(council=swale).values_list("amount", flat=True)
    assert data.total.delivered == sum(delivered, Decimal(0))

    client.force_login(board)
    html = client.get(URL, {"council": "SBC"}).content.decode()
    assert "£21,735" in html and "£69,000" not in html
    assert "for Swale Borough Council and all services" in html


def test_filtering_by_service_shows_only_that_service(client, mkip_all, board):
    data = mkip_dashboard(service=SharedService.objects.get(slug="audit"))
    assert [s.slug for s in data.services] == ["audit"]
    assert data.savings_by_year == [] and data.fte == []
    client.force_login(board)
    html = client.get(URL, {"service": "audit"}).content.decode()
    assert "£453,080" not in html and "47.81" not in html


def test_a_council_filter_leaves_out_other_councils_decisions(mkip_all):
    assert mkip_dashboard(council=mkip_all["SBC"], today=date(2012, 6, 1)).decisions_due == []
    assert len(mkip_dashboard(council=mkip_all["MBC"], today=date(2012, 6, 1)).decisions_due) == 1


def test_an_unknown_council_in_the_address_gets_a_message_and_all_figures(client, mkip_all, board):
    client.force_login(board)
    page = client.get(URL, {"council": "NOPE"})
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    assert "£69,000" in page.content.decode()


# ---- One partnership at a time ---------------------------------------------------------------


def _other_partnership():
    """A second partnership with one shared service and a council of its own."""
    council = CouncilFactory(name="Elsewhere District Council")
    partnership = PartnershipFactory(slug="elsewhere", name="Elsewhere Partnership", short_name="EP")
    PartnershipMemberFactory(partnership=partnership, council=council)
    _service([council, CouncilFactory()], "elsewhere-revenues")
    SharedService.objects.filter(slug="elsewhere-revenues").update(partnership=partnership)
    return partnership, council


def test_the_dashboard_shows_one_partnership_and_leaves_out_the_others(client, mkip_all, board):
    _other_partnership()
    client.force_login(board)
    mkip = client.get(URL).content.decode()
    assert "Mid Kent Improvement Partnership" in mkip and "£69,000" in mkip
    assert "Service elsewhere-revenues" not in mkip
    elsewhere = client.get(URL, {"partnership": "elsewhere"}).content.decode()
    assert "Service elsewhere-revenues" in elsewhere and "£69,000" not in elsewhere
    assert "Mid Kent ICT" not in elsewhere


def test_a_councils_officer_sees_their_own_partnership_first(client, mkip_all):
    _, council = _other_partnership()
    officer = UserFactory(username="officer.elsewhere", role=Role.OFFICER, council=council)
    client.force_login(officer)
    html = client.get(URL).content.decode()
    assert "Service elsewhere-revenues" in html and "£69,000" not in html


def test_the_council_and_service_choices_are_the_partnerships_own(mkip_all, board):
    _other_partnership()
    form = DashboardFilterForm(None, partnership=Partnership.objects.get(slug="mkip"))
    assert "elsewhere-revenues" not in {s.slug for s in form.fields["service"].queryset}
    assert "Elsewhere District Council" not in {c.name for c in form.fields["council"].queryset}
    assert {"MBC", "SBC", "TWBC"} <= {c.code for c in form.fields["council"].queryset}


def test_an_unknown_partnership_gets_a_message_and_the_readers_own_with_the_same_filter(client, mkip_all, board):
    client.force_login(board)
    page = client.get(URL, {"partnership": "nowhere", "council": "SBC"}, follow=True)
    assert page.redirect_chain == [(f"{URL}?council=SBC", 302)]
    html = page.content.decode()
    assert "There is no partnership “nowhere”: showing yours." in html
    assert "for Swale Borough Council and all services" in html


# ---- Who may see it ---------------------------------------------------------------------------


def test_an_account_without_a_role_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.OFFICER, Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR])
def test_everyone_with_a_role_may_read_it(client, maidstone, role):
    client.force_login(UserFactory(role=role, council=maidstone if role != Role.BOARD_MEMBER else None))
    assert client.get(URL).status_code == 200


def test_the_navigation_links_to_it(client, board):
    client.force_login(board)
    assert f'href="{URL}"' in client.get(reverse("partnership:overview")).content.decode()


# ---- Query counts ------------------------------------------------------------------------------


def _service(councils, slug):
    """A service with budgets, a savings plan, an establishment, a risk, a review point and a delivered saving."""
    service = shared(
        *councils,
        partnership=PartnershipFactory(slug="board"),
        slug=slug,
        name=f"Service {slug}",
        agreement_start=date(2013, 4, 1),
        term_years=10,
    )
    for council in councils:
        budget_grid(service, council, lines=2, years=(2011, 2012))
        CapitalContribution.objects.create(service=service, council=council, year=Y(2013), amount=Decimal("1000"))
        DeliveredSaving.objects.create(service=service, council=council, year=Y(2012), amount=Decimal("10"))
    plan = SavingsPlan.objects.create(service=service, baseline_year=Y(2012), first_year=Y(2012), years=5)
    NonStaffSavingStep.objects.create(plan=plan, year=Y(2012), amount=Decimal("500"))
    ImplementationCost.objects.create(service=service, name="Legal", amount=Decimal("100"))
    team = TeamFactory(service=service, name="Desk")
    for year, kind in ((2012, "budget"), (2013, "estimate")):
        PostFactory(team=team, council=councils[0], year=year, kind=kind)
    ReviewPoint.objects.create(service=service, name="Review", after_years=3)
    Risk.objects.create(service=service, category="general", title="A risk", owner="Head", likelihood=3, impact=3)
    return service


def _figures(page) -> str:
    """The page from its summary on: what is cached (the header carries a per-request CSRF token)."""
    html = page.content.decode()
    return html[html.index('id="summary"') :]


def _count_page(client, django_assert_num_queries, board, params=None):
    client.force_login(board)
    client.get(reverse("partnership:overview"))  # the first request after signing in also saves the session
    params = params or {}
    filters = ("council" in params) + ("service" in params)
    # A repeat look: session, user, the reader's partnership (none named in the address), the data's token
    cached = 4
    # The first look also reads the partnership named, its choices for the filter (partnerships,
    # councils, services: 3), the chosen council/service (1 each), and works out the figures:
    # councils, services + current partners + gateway decisions (3), posts, finance (partners,
    # figures, plans, steps, implementation costs, contributions, spends: 7), delivered savings,
    # forward plan, overdue and call-in decisions, milestones (2), risks, late monitoring returns,
    # the latest baselines, the returns of this year's latest rounds;
    # for a council filter, the services it shares
    figures = 1 + 3 + filters + 21 + ("council" in params)
    with django_assert_num_queries(cached + figures):
        page = client.get(URL, params)
    assert page.status_code == 200
    with django_assert_num_queries(cached):
        again = client.get(URL, params)
    assert _figures(again) == _figures(page)
    return page


@pytest.mark.parametrize("size", [3, 30])
def test_the_dashboard_takes_the_same_queries_for_3_or_30_councils(client, django_assert_num_queries, board, size):
    councils = [CouncilFactory() for _ in range(size)]
    _service(councils, "one")
    _service(councils[:2], "two")
    page = _count_page(client, django_assert_num_queries, board)
    assert page.content.decode().count("Service one") >= 2
    _count_page(client, django_assert_num_queries, board, {"council": councils[0].code})


@pytest.mark.parametrize("size", [3, 30])
def test_the_dashboard_takes_the_same_queries_for_3_or_30_services(client, django_assert_num_queries, board, size):
    councils = [CouncilFactory() for _ in range(3)]
    for number in range(size):
        _service(councils, f"s{number}")
    _count_page(client, django_assert_num_queries, board)
    _count_page(client, django_assert_num_queries, board, {"council": councils[1].code, "service": "s1"})


def test_dashboard_with_no_partnership_registered_says_so(client, board_member):
    client.force_login(board_member)
    page = client.get(URL).content.decode()
    assert '<h1 class="govuk-heading-l">Board dashboard</h1>' in page
    assert "No partnership is registered yet" in page
