"""Factories for tests. Named people (officers of Maidstone and Swale, a board member, an outsider)
are fixtures in tests/conftest.py built from these."""

from datetime import date
from datetime import date as _date
from decimal import Decimal
from io import StringIO

import factory
from django.core.management import call_command
from django.test import Client

from finance.models import BudgetFigure, BudgetLine
from governance.decisions import ParsedRecommendation
from governance.models import Decision
from governance.services import decision_record
from mkip.fiscal import FinancialYear as _FY
from partnership.models import (
    Council,
    EmploymentModel,
    GatewayStage,
    Partnership,
    PartnershipMember,
    Role,
    ServicePartner,
    SharedService,
    User,
)


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Council {n} Borough Council")
    code = factory.Sequence(lambda n: "C" + "".join(chr(65 + int(d)) for d in f"{n:03d}"))
    kind = Council.Kind.DISTRICT
    key_decision_threshold = Decimal("250000.00")
    call_in_working_days = 5


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Partnership {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    formed_on = date(2008, 7, 9)


class PartnershipMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipMember

    partnership = factory.SubFactory(PartnershipFactory)
    council = factory.SubFactory(CouncilFactory)
    joined = date(2008, 7, 9)


class SharedServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharedService
        django_get_or_create = ("slug",)

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Shared service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    employment_model = EmploymentModel.STAY
    gateway_stage = GatewayStage.BENEFITS


class ServicePartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePartner

    service = factory.SubFactory(SharedServiceFactory)
    council = factory.SubFactory(CouncilFactory)
    joined = date(2013, 4, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.BOARD_MEMBER
    password = factory.django.Password("correct horse battery staple")


def shared_service_with_partners(*councils: Council, host: Council | None = None, **kwargs) -> SharedService:
    service = SharedServiceFactory(**kwargs)
    for council in councils:
        ServicePartnerFactory(service=service, council=council, is_host=council == host)
    return service


# ---------------------------------------------------------------- governance


def decision_recorded(council, *, title="A decision", recommendations=(("i.", "That it be agreed."),), **fields):
    """A decision saved through the service, so its computed fields are what the app would compute."""

    fields.setdefault("decided_on", _date(2012, 4, 16))
    decision = Decision(council=council, title=title, **fields)
    return decision_record(
        decision=decision, recommendations=[ParsedRecommendation(label, text) for label, text in recommendations]
    )


# ---------------------------------------------------------------- finance


def budget_grid(service, council, *, lines=2, years=(2012,), kind="budget", programme="revenue", amount="1000.00"):
    """``lines`` budget lines of one council's grid, each with a figure for every year in ``years``."""

    created = []
    for number in range(lines):
        line = BudgetLine.objects.create(
            service=service,
            council=council,
            programme=programme,
            name=f"Line {number + 1}",
            group="capital" if programme == "capital" else "supplies_other",
            position=number,
        )
        for year in years:
            BudgetFigure.objects.create(line=line, year=_FY(year), kind=kind, amount=Decimal(amount))
        created.append(line)
    return created


# ---------------------------------------------------------------------------
# Staffing
# ---------------------------------------------------------------------------


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "staffing.Team"
        django_get_or_create = ("service", "name")

    service = factory.SubFactory(SharedServiceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    group = "Non GIS"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "staffing.Post"

    team = factory.SubFactory(TeamFactory)
    service = factory.SelfAttribute("team.service")
    council = None
    grade = "Grade 5"
    fte = Decimal("1.00")
    cost = Decimal("30000.00")
    year = 2012
    kind = "budget"


def staffed_service(council_count: int, *, slug: str = "staffed"):
    """A service of ``council_count`` partner councils, the first the host, each with a post in
    the 2012/13 budget and the 2013/14 estimate (the grid and page sizes tests compare)."""
    councils = [CouncilFactory() for _ in range(council_count)]
    service = shared_service_with_partners(*councils, host=councils[0], slug=slug, name=f"Staffed {slug}")
    teams = [TeamFactory(service=service, name="Service desk"), TeamFactory(service=service, name="GIS", group="GIS")]
    for index, council in enumerate(councils):
        for year, kind in ((2012, "budget"), (2013, "estimate")):
            PostFactory(team=teams[index % 2], council=council, year=year, kind=kind)
    return service, councils


# ---------------------------------------------------------------- the MKIP demo, as `make run` leaves it


def load_mkip_demo() -> None:
    """The MKIP register and the demo users (officer.mbc, head.ict, board, admin...)."""
    call_command("load_mkip", stdout=StringIO())
    call_command("create_demo_users", stdout=StringIO())


def client_for(username: str) -> Client:
    """A test client signed in as the user of that name."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


# ---- Democratic services: the forward plan ----------------------------------------------------------


class ForwardPlanEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.ForwardPlanEntry"

    council = factory.SubFactory(CouncilFactory)
    matter = factory.Sequence(lambda n: f"Matter {n}")
    expected_on = date(2013, 3, 1)
    notice_published_on = date(2013, 1, 2)
    reason_key = "policy"
    contact = "Head of Democratic Services"
