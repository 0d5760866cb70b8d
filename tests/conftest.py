"""Shared fixtures: the MKIP councils and the named people every permission test uses."""

import email
import json
import socket

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.cache import cache

from partnership.models import Role
from partnership.seed import load
from tests.factories import CouncilFactory, UserFactory, shared_service_with_partners


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing is deliberately slow; tests only need passwords that check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def uploaded_files_in_a_temporary_folder(settings, tmp_path):
    """Uploads and generated documents never land in the work tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached: a page computed in one test never answers in another."""

    cache.clear()


@pytest.fixture
def maidstone(db):
    return CouncilFactory(code="MBC", name="Maidstone Borough Council")


@pytest.fixture
def swale(db):
    return CouncilFactory(code="SBC", name="Swale Borough Council")


@pytest.fixture
def tunbridge_wells(db):
    return CouncilFactory(code="TWBC", name="Tunbridge Wells Borough Council")


@pytest.fixture
def ict(maidstone, swale, tunbridge_wells):
    return shared_service_with_partners(
        maidstone, swale, tunbridge_wells, host=maidstone, name="Mid Kent ICT", slug="ict"
    )


@pytest.fixture
def maidstone_officer(maidstone):
    return UserFactory(username="officer.mbc", role=Role.OFFICER, council=maidstone)


@pytest.fixture
def swale_officer(swale):
    return UserFactory(username="officer.sbc", role=Role.OFFICER, council=swale)


@pytest.fixture
def board_member(db):
    return UserFactory(username="board", role=Role.BOARD_MEMBER)


@pytest.fixture
def head_of_ict(ict):
    return UserFactory(username="head.ict", role=Role.HEAD_OF_SERVICE, headed_service=ict)


@pytest.fixture
def maidstone_democratic_services(maidstone):
    return UserFactory(username="democratic.mbc", role=Role.DEMOCRATIC_SERVICES, council=maidstone)


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):
    """Signed in, but given no role in the partnership."""
    return UserFactory(username="outsider", role="")


@pytest.fixture
def mkip(db):
    """The MKIP register exactly as `make run` loads it from fixtures/mkip."""

    return load(json.loads((settings.BASE_DIR / "fixtures/mkip/partnership.json").read_text()))


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free local port, with Django's mail sent to it.

    Yields the server's handler: ``messages`` holds each message received, as email.message objects.
    """

    class Handler:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(email.message_from_bytes(envelope.content))
            return "250 Message accepted"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()
