"""Sign-in, sessions, headers and settings that keep councils' data to the people allowed it."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_in(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_every_page_carries_a_content_security_policy(client, board_member):
    client.force_login(board_member)
    policy = client.get(reverse("partnership:overview"))["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"):
        assert directive in policy
    assert "'unsafe-inline'" not in policy


def test_responses_forbid_sniffing_framing_and_leaking_referrers(client):
    response = client.get(reverse("login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_key_changes_at_sign_in(client, board_member):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    assert sign_in(client, "board").status_code == 302
    assert client.session.session_key != before


def test_sign_out_ends_the_session_on_the_server(client, board_member):
    sign_in(client, "board")
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = old_cookie  # replaying the old cookie
    assert client.get(reverse("partnership:overview")).status_code == 302


def test_deactivated_user_loses_access_at_once(client, board_member):
    sign_in(client, "board")
    User.objects.filter(pk=board_member.pk).update(is_active=False)
    assert client.get(reverse("partnership:overview")).status_code == 302


def test_guessing_locks_the_username_from_that_address_only(client, board_member):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "board", password="wrong guess", address="203.0.113.9")
    locked = sign_in(client, "board", address="203.0.113.9")
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    # The colleague at their own desk is not locked out by someone guessing elsewhere.
    assert sign_in(client, "board", address="10.0.0.1").status_code == 302


def test_sessions_expire_after_two_idle_hours():
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.parametrize("password", ["short1", "password123", "12345678901"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_long_passphrases_are_accepted():
    validate_password("the shared ICT service went live in April 2013 " * 3)


def _run_with(env: dict, *args) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "MKIP_ENV": "production",
    "SECRET_KEY": "q3Vt8-NzL0wR2pX7yBfK9mJcD4hG6sTuE1aWoZ5iYvQeHrCnMbP_lS",
    "DEMO_USERS": "false",
    "ALLOWED_HOSTS": "mkip.example.gov.uk",
}


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"SECRET_KEY": ""}, "Set SECRET_KEY"),
        ({"DEMO_USERS": "true"}, "Demo users must not exist"),
        ({"REQUIRE_TWO_FACTOR": "false"}, "Two-factor sign-in cannot be switched off"),
    ],
)
def test_production_settings_refuse_to_start_unsafe(override, complaint):
    result = _run_with({**PRODUCTION, **override}, "check")
    assert result.returncode != 0
    assert complaint in result.stderr


def test_production_settings_pass_the_deployment_check():
    result = _run_with(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_sign_in_and_failures_are_logged_without_the_password(client, board_member, caplog):
    with caplog.at_level("INFO", logger="mkip.security"):
        sign_in(client, "board", password="my-secret-guess", address="198.51.100.7")
        sign_in(client, "board", address="198.51.100.7")
    text = caplog.text
    assert "sign-in-failed user=board address=198.51.100.7" in text
    assert "sign-in user=board address=198.51.100.7" in text
    assert "my-secret-guess" not in text and PASSWORD not in text


def test_refused_requests_and_exports_are_logged(client, ict, swale_officer, caplog):
    client.force_login(swale_officer)
    with caplog.at_level("INFO", logger="mkip.security"):
        client.post(reverse("partnership:council-settings", args=["MBC"]), {"key_decision_threshold": "1"})
        client.get(reverse("partnership:overview"), {"_export": "csv"})
    assert "refused user=officer.sbc" in caplog.text
    assert "export user=officer.sbc page=/ format=csv" in caplog.text
