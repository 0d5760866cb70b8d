"""A person's role is changed on the people page, within what the administrator may grant.

The named people of tests/partnership/conftest.py: MKIP (Maidstone, Swale) with Priya its
administrator and Sam Swale's; Elsewhere (Ashford) with Alan its administrator.
"""

import pytest
from django.urls import reverse

from mkip.stale import record_version
from partnership.models import PartnershipMember, Role, User
from tests.factories import CouncilFactory, SharedServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _role_url(partnership, person):
    return reverse("partnership:person-role", args=[partnership.slug, person.pk])


def _post(client, user, partnership, person, **data):
    client.force_login(user)
    return client.post(_role_url(partnership, person), {"loaded_version": record_version(person), **data})


def test_a_partnership_administrator_makes_an_officer_head_of_one_of_its_services(client, two_partnerships):
    p = two_partnerships
    service = SharedServiceFactory(partnership=p["mkip"], name="Mid Kent Audit")
    response = _post(client, p["priya"], p["mkip"], p["maya"], role=Role.HEAD_OF_SERVICE, headed_service=service.pk)
    assert response.status_code == 302
    maya = User.objects.get(username="maya.mbc")
    assert (maya.role, maya.headed_service, maya.council) == (Role.HEAD_OF_SERVICE, service, None)
    assert [row.role for row in maya.history.order_by("history_date")] == [Role.OFFICER, Role.HEAD_OF_SERVICE]


def test_a_head_of_service_needs_a_service_of_the_partnership_and_nothing_is_saved(client, two_partnerships):
    p = two_partnerships
    theirs = SharedServiceFactory(partnership=p["elsewhere"], name="Ashford Legal")
    page = _post(client, p["priya"], p["mkip"], p["maya"], role=Role.HEAD_OF_SERVICE).content.decode()
    assert "Choose the shared service this head of service leads." in page
    page = _post(client, p["priya"], p["mkip"], p["maya"], role=Role.HEAD_OF_SERVICE, headed_service=theirs.pk)
    assert "Select a valid choice" in page.content.decode()
    assert User.objects.get(username="maya.mbc").role == Role.OFFICER


def test_a_council_administrator_cannot_grant_a_partnership_role_and_it_is_refused_on_the_field(
    client, two_partnerships
):
    p = two_partnerships
    page = _post(client, p["sam"], p["mkip"], p["sid"], role=Role.BOARD_MEMBER).content.decode()
    assert "Select a valid choice" in page
    assert User.objects.get(username="sid.sbc").role == Role.OFFICER
    assert _post(client, p["sam"], p["mkip"], p["sid"], role=Role.DEMOCRATIC_SERVICES, council=p["sid"].council_id)
    assert User.objects.get(username="sid.sbc").role == Role.DEMOCRATIC_SERVICES


@pytest.mark.parametrize(
    ("actor", "partnership", "person"),
    [
        ("alan", "mkip", "maya"),  # another partnership's administrator, through MKIP's address
        ("alan", "elsewhere", "maya"),  # ... or through his own
        ("sam", "mkip", "maya"),  # Swale's administrator and a Maidstone officer
        ("sid", "mkip", "maya"),  # an officer is no administrator
        ("priya", "mkip", "priya"),  # nobody changes their own role
    ],
)
def test_a_forbidden_change_of_role_is_refused_logged_and_changes_nothing(
    client, two_partnerships, caplog, actor, partnership, person
):
    p = two_partnerships
    with caplog.at_level("WARNING", logger="mkip.security"):
        response = _post(client, p[actor], p[partnership], p[person], role=Role.BOARD_MEMBER)
    assert response.status_code in (403, 404)
    assert User.objects.get(pk=p[person].pk).role == p[person].role
    if response.status_code == 403:
        assert any("refused" in record.getMessage() for record in caplog.records)


def test_a_change_from_a_page_opened_before_another_is_refused_naming_who(client, two_partnerships):
    p = two_partnerships
    opened = record_version(p["maya"])
    client.force_login(p["priya"])
    url = _role_url(p["mkip"], p["maya"])
    first = {"loaded_version": opened, "role": Role.DEMOCRATIC_SERVICES, "council": p["maya"].council_id}
    assert client.post(url, first).status_code == 302
    late = {"loaded_version": opened, "role": Role.BOARD_MEMBER}
    page = client.post(url, late).content.decode()
    assert "after you opened it" in page
    assert User.objects.get(username="maya.mbc").role == Role.DEMOCRATIC_SERVICES


@pytest.mark.parametrize("extra", [0, 27])
def test_the_people_page_takes_the_same_queries_for_3_and_30_councils(
    client, two_partnerships, django_assert_num_queries, extra
):
    p = two_partnerships
    for _ in range(extra):
        council = CouncilFactory()
        PartnershipMember.objects.create(partnership=p["mkip"], council=council, joined="2014-04-01")
        UserFactory(role=Role.OFFICER, council=council)
    client.force_login(p["priya"])
    url = reverse("partnership:people", args=[p["mkip"].slug])
    with django_assert_num_queries(PEOPLE_PAGE_QUERIES):
        page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count("Change role") == 3 + extra


# The session, the signed-in user, the partnership, and its people (one query, their councils and
# services joined).
PEOPLE_PAGE_QUERIES = 4
