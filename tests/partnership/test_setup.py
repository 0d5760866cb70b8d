"""A partnership's administrators set it up from a task list, without the Django admin.

Named people from two partnerships: MKIP (Maidstone, Swale) and Elsewhere (Ashford). A forbidden
request is refused (403), logged and changes nothing.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import Council, Partnership, PartnershipMember, ReviewPoint, Role
from partnership.setup import COMPLETED, IN_PROGRESS, NOT_STARTED, setup_sections
from tests.factories import (
    CouncilFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    UserFactory,
    shared_service_with_partners,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_partnerships():
    mkip = PartnershipFactory(slug="mkip-test", name="Mid Kent", short_name="MK")
    elsewhere = PartnershipFactory(slug="elsewhere", name="Elsewhere", short_name="EW")
    maidstone = CouncilFactory(name="Maidstone Borough Council", code="MBC", gss_code="E07000110")
    swale = CouncilFactory(name="Swale Borough Council", code="SBC")
    ashford = CouncilFactory(name="Ashford Borough Council", code="ABC")
    for partnership, council in ((mkip, maidstone), (mkip, swale), (elsewhere, ashford)):
        PartnershipMemberFactory(partnership=partnership, council=council)
    return {
        "mkip": mkip,
        "elsewhere": elsewhere,
        "maidstone": maidstone,
        "ashford": ashford,
        "priya": UserFactory(username="priya.mkip", role=Role.PARTNERSHIP_ADMIN, administered_partnership=mkip),
        "alan": UserFactory(username="alan.elsewhere", role=Role.PARTNERSHIP_ADMIN, administered_partnership=elsewhere),
        "maya": UserFactory(username="maya.mbc", role=Role.OFFICER, council=maidstone),
        "root": UserFactory(username="platform", role=Role.ADMINISTRATOR),
    }


def _statuses(partnership):
    sections, _, _ = setup_sections(partnership, timezone.localdate())
    return {(section.heading, task.name): task.status for section in sections for task in section.tasks}


def test_each_task_shows_its_status_computed_from_the_data(two_partnerships):
    p = two_partnerships
    elsewhere = p["elsewhere"]
    assert _statuses(elsewhere)[("Set up the partnership", "Member councils")] == IN_PROGRESS
    kent = CouncilFactory(name="Kent County Council", code="KCC")
    PartnershipMemberFactory(partnership=elsewhere, council=kent)
    service = shared_service_with_partners(p["ashford"], kent, host=kent, partnership=elsewhere, name="Waste")
    ReviewPoint.objects.create(service=service, name="Full review", after_years=5)
    statuses = _statuses(elsewhere)
    assert statuses[("Set up the partnership", "Member councils")] == COMPLETED
    assert statuses[("Set up the partnership", "Strategic partners and their memorandum of understanding")] == (
        NOT_STARTED
    )
    assert statuses[("Waste", "Partners over time")] == COMPLETED
    assert statuses[("Waste", "Host council")] == COMPLETED
    assert statuses[("Waste", "Agreement start and term")] == NOT_STARTED
    assert statuses[("Waste", "Review points")] == COMPLETED
    assert statuses[("Waste", "Budget lines")] == NOT_STARTED
    service.agreement_start = date(2014, 4, 1)
    service.save()
    assert _statuses(elsewhere)[("Waste", "Agreement start and term")] == IN_PROGRESS


def test_a_partnership_administrator_reads_its_own_task_list(client, two_partnerships):
    client.force_login(two_partnerships["priya"])
    response = client.get(reverse("partnership:setup", args=["mkip-test"]))
    assert response.status_code == 200
    assert "Set up the partnership" in response.text
    assert "Member councils" in response.text


# The session, the user, the partnership, its current members, its strategic partners, its services
# with their counts: the same for any number of councils and services.
TASK_LIST_QUERIES = 6


def _populate(partnership, count):
    councils = [CouncilFactory() for _ in range(count)]
    for council in councils:
        PartnershipMemberFactory(partnership=partnership, council=council)
    for number in range(count):
        shared_service_with_partners(*councils[:3], host=councils[0], partnership=partnership, name=f"Service {number}")


@pytest.mark.parametrize("count", [3, 30])
def test_the_task_list_takes_the_same_queries_for_3_councils_as_for_30(
    count, client, django_assert_num_queries, two_partnerships
):
    client.force_login(two_partnerships["root"])
    partnership = PartnershipFactory(slug=f"with-{count}")
    _populate(partnership, count)
    url = reverse("partnership:setup", args=[partnership.slug])
    with django_assert_num_queries(TASK_LIST_QUERIES):
        assert client.get(url).status_code == 200


WRITES = [
    ("partnership:setup-name", {"name": "Taken over", "short_name": "TO", "board_name": "Board"}),
    (
        "partnership:setup-members",
        {
            "name": "Intruder Borough Council",
            "code": "IBC",
            "kind": "district",
            "key_decision_threshold": "1",
            "joined": "01/04/2020",
        },
    ),
]


def _snapshot():
    return (
        list(Partnership.objects.values_list("name", "short_name", "board_name").order_by("pk")),
        list(PartnershipMember.objects.values_list("partnership_id", "council_id", "joined", "left").order_by("pk")),
        list(Council.objects.values_list("name", flat=True).order_by("pk")),
    )


@pytest.mark.parametrize(("url_name", "data"), WRITES)
@pytest.mark.parametrize(("actor", "target"), [("alan", "mkip"), ("priya", "elsewhere"), ("maya", "mkip")])
def test_nobody_but_its_administrators_reads_or_changes_a_partnerships_set_up(
    client, caplog, two_partnerships, url_name, data, actor, target
):
    p = two_partnerships
    client.force_login(p[actor])
    url = reverse(url_name, args=[p[target].slug])
    before = _snapshot()
    with caplog.at_level("WARNING", logger="mkip.security"):
        assert client.get(reverse("partnership:setup", args=[p[target].slug])).status_code == 403
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    assert _snapshot() == before
    assert sum("refused" in record.getMessage() for record in caplog.records) == 3


def _add_member(client, user, partnership, **data):
    client.force_login(user)
    return client.post(reverse("partnership:setup-members", args=[partnership.slug]), data)


def test_an_administrator_adds_an_existing_council_and_a_new_one(client, two_partnerships):
    p = two_partnerships
    response = _add_member(client, p["alan"], p["elsewhere"], council=p["maidstone"].pk, joined="01/04/2019")
    assert response.status_code == 302, response.context["form"].errors
    response = _add_member(
        client,
        p["alan"],
        p["elsewhere"],
        name="Dover District Council",
        code="DDC",
        gss_code="E07000108",
        kind="district",
        key_decision_threshold="100000",
        joined="01/04/2019",
    )
    assert response.status_code == 302, response.context["form"].errors
    members = PartnershipMember.objects.filter(partnership=p["elsewhere"]).values_list("council__name", flat=True)
    assert sorted(members) == ["Ashford Borough Council", "Dover District Council", "Maidstone Borough Council"]
    assert Council.objects.get(code="DDC").gss_code == "E07000108"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"name": "Maidstone Borough Council", "code": "NEW", "key_decision_threshold": "1"},
            "name",
            "Council with this Name already exists.",
        ),
        (
            {"name": "New Borough Council", "code": "NEW", "gss_code": "E07000110", "key_decision_threshold": "1"},
            "gss_code",
            "Another council already has this GSS code.",
        ),
        ({"name": "New Borough Council", "key_decision_threshold": "1"}, "code", "Enter the new council's short code"),
        ({"code": "NEW", "key_decision_threshold": "1"}, "name", "Choose a council, or enter the new council's name"),
        (
            {"name": "New Borough Council", "code": "NEW", "key_decision_threshold": "1", "left": "01/01/2019"},
            "left",
            "The date it ended must be after the date it started.",
        ),
    ],
)
def test_a_bad_new_member_is_refused_with_a_message_naming_the_field_and_nothing_is_written(
    client, two_partnerships, data, field, message
):
    p = two_partnerships
    before = _snapshot()
    response = _add_member(client, p["alan"], p["elsewhere"], kind="district", joined="01/04/2019", **data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert _snapshot() == before


def test_an_overlapping_period_of_the_same_council_is_refused_and_no_council_is_added(client, two_partnerships):
    p = two_partnerships
    _add_member(client, p["alan"], p["elsewhere"], council=p["maidstone"].pk, joined="01/04/2019", left="31/03/2021")
    before = _snapshot()
    response = _add_member(client, p["alan"], p["elsewhere"], council=p["maidstone"].pk, joined="01/04/2020")
    assert response.status_code == 200, response.context["form"].errors
    assert "Maidstone Borough Council is already a member for part of this period" in str(
        response.context["form"].errors
    )
    assert _snapshot() == before


def test_an_administrator_renames_the_partnership_and_the_history_keeps_the_old_name(client, two_partnerships):
    p = two_partnerships
    client.force_login(p["alan"])
    url = reverse("partnership:setup-name", args=["elsewhere"])
    response = client.post(url, {"name": "East Kent Services", "short_name": "EKS", "board_name": "EKS Board"})
    assert response.status_code == 302
    partnership = Partnership.objects.get(slug="elsewhere")
    assert partnership.name == "East Kent Services"
    assert [row.name for row in partnership.history.order_by("history_date")] == ["Elsewhere", "East Kent Services"]
