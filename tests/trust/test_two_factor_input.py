"""The sign-in code form (reached only mid-sign-in, so the crawler never sees it) with hostile input."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.trust.test_hostile_input import HOSTILE

pytestmark = pytest.mark.django_db

OFFSITE = ["https://evil.example/", "//evil.example/", "/\\evil.example", "https:evil.example", "javascript:alert(1)"]


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def device(board_member):
    return TOTPDevice.objects.create(user=board_member, name="phone", confirmed=True)


def test_hostile_codes_are_refused_with_a_message_and_never_a_500(client, board_member, device):
    client.force_login(board_member)

    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(code=st.one_of(st.sampled_from([*HOSTILE, "١٢٣٤٥٦", "²²²²²²", "12345 ", "-12345"]), st.text(max_size=12)))
    def run(code):
        response = client.post(reverse("two-factor-verify"), {"code": code})
        assert response.status_code == 200
        assert "govuk-error-message" in response.content.decode()

    run()


@pytest.mark.parametrize("target", OFFSITE)
def test_a_right_code_never_sends_the_person_off_site(client, board_member, device, target):
    client.force_login(board_member)
    response = client.post(f"{reverse('two-factor-verify')}?next={target}", {"code": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("board:start")


def test_a_right_code_returns_to_the_page_asked_for(client, board_member, device):
    client.force_login(board_member)
    response = client.post(f"{reverse('two-factor-verify')}?next=/councils/", {"code": current_code(device)})
    assert response["Location"] == "/councils/"
