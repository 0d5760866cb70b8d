"""Shared fixtures: the MKIP councils and the named people every permission test uses."""

import json
import socket
from email import message_from_bytes
from email import policy as email_policy

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


# Addresses at this domain are refused by the test mail server, as a real one refuses an unknown mailbox.
REFUSED_DOMAIN = "@refused.invalid"


class Inbox:
    """What a real SMTP server received: ``messages`` (parsed emails, newest last) and ``down``."""

    def __init__(self):
        self.messages = []
        self.down = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.down:
            return "421 Service not available, try again later"
        if address.endswith(REFUSED_DOMAIN):
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=email_policy.default))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free port, with Django's SMTP backend pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()
