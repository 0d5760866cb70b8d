"""Two-factor sign-in: required of administrators and heads of service, open to everyone."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.REQUIRE_TWO_FACTOR = True


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_administrator_must_set_up_two_factor_before_anything_else(client, administrator, mkip):
    client.force_login(administrator)
    response = client.get(reverse("partnership:overview"))
    assert response.status_code == 302 and response["Location"] == reverse("two-factor-setup")


def test_administrator_turns_on_two_factor_with_a_first_code(client, administrator, mkip):
    client.force_login(administrator)
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=administrator)
    response = client.post(reverse("two-factor-setup"), {"code": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("partnership:overview")).status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message(client, head_of_ict):
    client.force_login(head_of_ict)
    client.get(reverse("two-factor-setup"))
    response = client.post(reverse("two-factor-setup"), {"code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=head_of_ict).confirmed


def test_board_member_without_a_device_is_not_asked_for_a_code(client, board_member, mkip):
    client.force_login(board_member)
    assert client.get(reverse("partnership:overview")).status_code == 200


def test_anyone_with_a_confirmed_device_is_asked_for_a_code_at_each_sign_in(client, board_member, mkip):
    device = TOTPDevice.objects.create(user=board_member, name="phone", confirmed=True)
    client.force_login(board_member)
    response = client.get(reverse("partnership:overview"))
    assert response["Location"].startswith(reverse("two-factor-verify"))
    response = client.post(reverse("two-factor-verify"), {"code": current_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("partnership:overview")).status_code == 200


def test_letters_in_a_code_get_a_clear_message(client, board_member):
    TOTPDevice.objects.create(user=board_member, name="phone", confirmed=True)
    client.force_login(board_member)
    response = client.post(reverse("two-factor-verify"), {"code": "12ab56"})
    assert "only digits" in response.content.decode()
