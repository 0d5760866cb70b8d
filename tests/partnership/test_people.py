"""A partnership's administrators manage its people; a council's administrator manages that council's.

Named people from two partnerships: MKIP (Maidstone, Swale) and Elsewhere (Ashford). A forbidden
deactivation is refused (403), logged and changes nothing; a permitted one keeps the history.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from partnership.models import Role, User
from partnership.permissions import can_manage_partnership, can_manage_person, grantable_roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _deactivate(client, user, partnership, person):
    client.force_login(user)
    return client.post(reverse("partnership:person-deactivate", args=[partnership.slug, person.pk]))


def test_a_partnership_administrator_deactivates_one_of_its_people_and_the_history_stays(client, two_partnerships):
    p = two_partnerships
    response = _deactivate(client, p["priya"], p["mkip"], p["maya"])
    assert response.status_code == 302
    maya = User.objects.get(username="maya.mbc")
    assert not maya.is_active
    assert [row.is_active for row in maya.history.order_by("history_date")] == [True, False]


@pytest.mark.parametrize(
    ("actor", "partnership", "person"),
    [
        ("alan", "mkip", "maya"),  # another partnership's administrator, through MKIP's address
        ("alan", "elsewhere", "maya"),  # ... or through his own: Maya is not one of Elsewhere's people
        ("priya", "elsewhere", "ash"),  # MKIP's administrator and Elsewhere's officer
        ("sam", "mkip", "maya"),  # Swale's administrator and a Maidstone officer
        ("sid", "mkip", "maya"),  # an officer is no administrator
        ("priya", "mkip", "priya"),  # nobody deactivates themself
    ],
)
def test_a_forbidden_deactivation_is_refused_logged_and_changes_nothing(
    client, two_partnerships, caplog, actor, partnership, person
):
    p = two_partnerships
    with caplog.at_level("WARNING", logger="mkip.security"):
        response = _deactivate(client, p[actor], p[partnership], p[person])
    assert response.status_code in (403, 404)
    assert User.objects.get(pk=p[person].pk).is_active
    if response.status_code == 403:
        assert any("refused" in record.getMessage() for record in caplog.records)


def test_a_council_administrator_deactivates_their_own_councils_officer(client, two_partnerships):
    p = two_partnerships
    assert _deactivate(client, p["sam"], p["mkip"], p["sid"]).status_code == 302
    assert not User.objects.get(username="sid.sbc").is_active


def test_the_people_page_lists_the_partnerships_people_only(client, two_partnerships):
    p = two_partnerships
    client.force_login(p["priya"])
    page = client.get(reverse("partnership:people", args=["mkip-test"])).content.decode()
    assert "maya.mbc" in page and "sid.sbc" in page and "priya.mkip" in page
    assert "ash.abc" not in page and "alan.elsewhere" not in page
    client.force_login(p["alan"])
    assert client.get(reverse("partnership:people", args=["mkip-test"])).status_code == 403


def test_a_council_administrator_sees_only_their_councils_people(client, two_partnerships):
    p = two_partnerships
    client.force_login(p["sam"])
    page = client.get(reverse("partnership:people", args=["mkip-test"])).content.decode()
    assert "sid.sbc" in page and "maya.mbc" not in page


def test_roles_an_administrator_may_give_stop_at_their_own_scope(two_partnerships):
    p = two_partnerships
    assert can_manage_partnership(p["priya"], p["mkip"]) and not can_manage_partnership(p["priya"], p["elsewhere"])
    assert Role.ADMINISTRATOR not in grantable_roles(p["priya"], partnership=p["mkip"])
    assert grantable_roles(p["priya"], partnership=p["elsewhere"]) == frozenset()
    assert grantable_roles(p["sam"], council=p["sid"].council) == {
        Role.OFFICER,
        Role.DEMOCRATIC_SERVICES,
        Role.COUNCIL_ADMIN,
    }
    assert not can_manage_person(p["sam"], p["maya"], p["mkip"])


def test_a_partnership_administrator_needs_the_partnership_they_manage():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="nopartnership", role=Role.PARTNERSHIP_ADMIN, administered_partnership=None)
    with pytest.raises(ValidationError, match="the partnership they manage"):
        User(username="nopartnership", role=Role.PARTNERSHIP_ADMIN).full_clean(exclude=["password"])


def test_a_council_administrator_needs_a_council():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="nocouncil", role=Role.COUNCIL_ADMIN, council=None)
    with pytest.raises(ValidationError, match="the council whose people they manage"):
        User(username="nocouncil", role=Role.COUNCIL_ADMIN).full_clean(exclude=["password"])


@pytest.mark.parametrize(("person", "linked"), [("priya", True), ("sam", True), ("alan", False), ("sid", False)])
def test_the_overview_links_to_the_people_page_for_its_administrators_only(client, two_partnerships, person, linked):
    client.force_login(two_partnerships[person])
    page = client.get(reverse("partnership:overview"), {"partnership": "mkip-test"}).content.decode()
    assert (reverse("partnership:people", args=["mkip-test"]) in page) is linked
