"""Invitations by email through a real SMTP server: one-time, seven-day links, scoped to the inviter's partnership."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import Invitation, Role, User
from tests.factories import CouncilFactory, PartnershipFactory, PartnershipMemberFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough pass phrase"


@pytest.fixture
def partnerships():
    mkip, elsewhere = PartnershipFactory(slug="mkip-test"), PartnershipFactory(slug="elsewhere")
    swale, ashford = CouncilFactory(name="Swale Borough Council"), CouncilFactory(name="Ashford Borough Council")
    PartnershipMemberFactory(partnership=mkip, council=swale)
    PartnershipMemberFactory(partnership=elsewhere, council=ashford)
    return {
        "mkip": mkip,
        "elsewhere": elsewhere,
        "swale": swale,
        "ashford": ashford,
        "priya": UserFactory(username="priya.mkip", role=Role.PARTNERSHIP_ADMIN, administered_partnership=mkip),
        "alan": UserFactory(username="alan.elsewhere", role=Role.PARTNERSHIP_ADMIN, administered_partnership=elsewhere),
    }


def _invite(client, p, email="new.officer@swale.gov.uk", role=Role.OFFICER, council="swale", by="priya"):
    client.force_login(p[by])
    data = {"email": email, "role": role, "council": p[council].pk if council else ""}
    return client.post(reverse("partnership:invitations", args=["mkip-test"]), data)


def _link(message) -> str:
    return re.search(r"http://testserver(/invitations/[^/\s]+/)", message.get_payload(decode=True).decode()).group(1)


def _accept(client, link, password=PASSWORD):
    client.logout()
    data = {"first_name": "Nia", "last_name": "New", "password": password, "password_again": password}
    return client.post(link, data)


def test_an_invited_officer_gets_an_email_sets_a_password_and_is_signed_in(client, partnerships, smtp_server):
    response = _invite(client, partnerships)
    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "new.officer@swale.gov.uk"
    assert "works once" in message.get_payload(decode=True).decode()
    response = _accept(client, _link(message))
    assert response.status_code == 302
    user = User.objects.get(email="new.officer@swale.gov.uk")
    assert (user.role, user.council, user.get_full_name()) == (Role.OFFICER, partnerships["swale"], "Nia New")
    assert user.check_password(PASSWORD)
    assert client.get(reverse("partnership:overview")).status_code == 200


def test_a_used_link_is_refused_with_a_message(client, partnerships, smtp_server):
    _invite(client, partnerships)
    link = _link(smtp_server.messages[0])
    _accept(client, link)
    response = client.get(link)
    assert response.status_code == 410 and "already been used" in response.content.decode()
    assert User.objects.filter(email="new.officer@swale.gov.uk").count() == 1


def test_an_expired_link_is_refused_with_a_message(client, partnerships, smtp_server):
    _invite(client, partnerships)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _accept(client, _link(smtp_server.messages[0]))
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert not User.objects.filter(email="new.officer@swale.gov.uk").exists()


def test_a_tampered_link_is_refused_with_a_message(client, partnerships, smtp_server):
    _invite(client, partnerships)
    link = _link(smtp_server.messages[0])
    response = _accept(client, link[:-3] + ("A/" if link[-2] != "A" else "B/"))
    assert response.status_code == 410 and "not valid" in response.content.decode()
    assert not User.objects.filter(email="new.officer@swale.gov.uk").exists()


def test_resending_sends_a_new_link_and_the_old_one_stops_working(client, partnerships, smtp_server):
    _invite(client, partnerships)
    invitation = Invitation.objects.get()
    response = client.post(reverse("partnership:invitation-resend", args=["mkip-test", invitation.pk]))
    assert response.status_code == 302
    old, new = (_link(message) for message in smtp_server.messages)
    assert old != new
    assert "not valid" in client.get(old).content.decode()
    assert _accept(client, new).status_code == 302


def test_a_withdrawn_invitation_cannot_be_accepted(client, partnerships, smtp_server):
    _invite(client, partnerships)
    invitation = Invitation.objects.get()
    client.post(reverse("partnership:invitation-withdraw", args=["mkip-test", invitation.pk]))
    response = _accept(client, _link(smtp_server.messages[0]))
    assert response.status_code == 410 and "withdrawn" in response.content.decode()


def test_an_invitation_to_an_address_already_a_user_is_refused_naming_the_field(client, partnerships, smtp_server):
    UserFactory(username="taken", email="Taken@Swale.gov.uk", role=Role.OFFICER, council=partnerships["swale"])
    response = _invite(client, partnerships, email="taken@swale.gov.uk")
    assert response.status_code == 200
    assert "already has an account" in " ".join(response.context["form"].errors["email"])
    assert not Invitation.objects.exists() and smtp_server.messages == []


def test_an_officer_invitation_needs_a_council_of_the_partnership(client, partnerships, smtp_server):
    response = _invite(client, partnerships, council=None)
    assert "Choose the council" in " ".join(response.context["form"].errors["council"])
    response = _invite(client, partnerships, council="ashford")
    assert response.context["form"].errors["council"]
    assert not Invitation.objects.exists()


def test_another_partnerships_administrator_is_refused_logged_and_nothing_is_sent(
    client, partnerships, smtp_server, caplog
):
    with caplog.at_level("WARNING", logger="mkip.security"):
        response = _invite(client, partnerships, by="alan")
    assert response.status_code == 403
    assert any("refused" in record.getMessage() for record in caplog.records)
    assert not Invitation.objects.exists() and smtp_server.messages == []
    priyas = _invite(client, partnerships) and Invitation.objects.get()
    client.force_login(partnerships["alan"])
    for name in ("invitation-resend", "invitation-withdraw"):
        assert client.post(reverse(f"partnership:{name}", args=["mkip-test", priyas.pk])).status_code == 403
        assert client.post(reverse(f"partnership:{name}", args=["elsewhere", priyas.pk])).status_code == 404
    assert Invitation.objects.get().pending


def test_a_partnership_administrator_cannot_invite_a_platform_administrator(client, partnerships, smtp_server):
    response = _invite(client, partnerships, role=Role.ADMINISTRATOR, council=None)
    assert response.context["form"].errors["role"]
    assert not Invitation.objects.exists()


def test_an_invited_partnership_administrator_is_sent_to_set_up_two_factor(client, partnerships, smtp_server, settings):
    _invite(client, partnerships, email="deputy@mkip.example", role=Role.PARTNERSHIP_ADMIN, council=None)
    settings.REQUIRE_TWO_FACTOR = True
    response = _accept(client, _link(smtp_server.messages[0]))
    assert response["Location"] == reverse("two-factor-setup")
    assert User.objects.get(email="deputy@mkip.example").administered_partnership == partnerships["mkip"]
