"""The MKIP ICT establishment as `make run` loads it, and the people who work on it."""

import json

import pytest
from django.conf import settings

from partnership.models import Role, SharedService
from staffing import seed
from tests.factories import UserFactory


@pytest.fixture
def ict_staffing(mkip):
    """Seed 001's establishment on the real register: the partnership loader, then ours."""
    seed.load(json.loads((settings.BASE_DIR / "fixtures/mkip/staffing.json").read_text(encoding="utf-8")))
    return SharedService.objects.get(slug="ict")


@pytest.fixture
def mkip_people(mkip):
    """The named people, against the real register's councils and ICT service."""
    councils, ict = mkip["councils"], mkip["services"]["ict"]
    return {
        "maidstone_officer": UserFactory(username="officer.mbc", role=Role.OFFICER, council=councils["MBC"]),
        "swale_officer": UserFactory(username="officer.sbc", role=Role.OFFICER, council=councils["SBC"]),
        "head_of_ict": UserFactory(username="head.ict", role=Role.HEAD_OF_SERVICE, headed_service=ict),
        "board_member": UserFactory(username="board", role=Role.BOARD_MEMBER),
        "outsider": UserFactory(username="outsider", role=""),
        "administrator": UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
        # Ashford is on the register but no partner of ICT.
        "ashford_officer": UserFactory(username="officer.abc", role=Role.OFFICER, council=councils["ABC"]),
    }


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Seven people per test: a deliberately slow password hash would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
