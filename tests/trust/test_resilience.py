"""A database that goes away mid-request gives a clear 503 page with Retry-After, never a traceback."""

import logging

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from partnership import selectors
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("partnership:overview")


@pytest.fixture
def signed_in(board_member):
    PartnershipFactory()  # the overview shows a partnership: without one it has nothing to read
    # raise_request_exception=False: see the response a person would get, as in production.
    client = Client(raise_request_exception=False)
    client.force_login(board_member)
    return client


def assert_unavailable_page(response):
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert "Sorry, the service is unavailable" in page
    assert "Traceback" not in page and "OperationalError" not in page and "InterfaceError" not in page
    # The security headers of every other response are kept.
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_error_in_a_view_gives_the_unavailable_page(signed_in, monkeypatch, caplog, error):
    def database_gone(*args, **kwargs):
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr(selectors, "services_for_register", database_gone)
    with caplog.at_level(logging.ERROR, logger="mkip.resilience"):
        response = signed_in.get(OVERVIEW)
    assert_unavailable_page(response)
    assert f"database-unavailable path={OVERVIEW} error={error.__name__}" in caplog.text


def test_a_database_down_before_any_view_runs_gives_the_unavailable_page(signed_in, monkeypatch, caplog):
    """Every query fails: the session and the user cannot even be read, yet the page renders."""

    def database_gone(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", database_gone)
    monkeypatch.setattr(CursorWrapper, "executemany", database_gone)
    with caplog.at_level(logging.ERROR, logger="mkip.resilience"):
        response = signed_in.get(OVERVIEW)
    assert_unavailable_page(response)
    assert "database-unavailable" in caplog.text


def test_the_page_for_a_failed_save_says_nothing_saved_before_is_lost(signed_in, monkeypatch):
    monkeypatch.setattr(CursorWrapper, "execute", lambda *a, **k: (_ for _ in ()).throw(OperationalError("gone")))
    response = signed_in.post(reverse("partnership:council-settings", args=["MBC"]), {})
    assert_unavailable_page(response)
    assert "Everything saved before this page appeared is kept" in response.content.decode()


def test_other_errors_are_still_server_errors_not_hidden_as_unavailable(signed_in, monkeypatch):
    def bug(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(selectors, "services_for_register", bug)
    response = signed_in.get(OVERVIEW)
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_connections_are_checked_before_reuse_so_a_restart_heals_by_itself():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.MIDDLEWARE[0] == "mkip.resilience.DatabaseUnavailableMiddleware"
