"""Councils are national records named by their ONS GSS code; MKIP's codes come from its fixture."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership.models import Council

pytestmark = pytest.mark.django_db


def test_mkip_councils_carry_their_ons_codes(mkip):
    codes = dict(Council.objects.values_list("code", "gss_code"))
    assert codes == {
        "MBC": "E07000110",
        "SBC": "E07000113",
        "TWBC": "E07000116",
        "ABC": "E07000105",
        "KCC": "E10000016",
    }


def test_a_second_council_with_the_same_gss_code_is_refused_naming_the_field(mkip):
    copy = Council(name="Maidstone again", code="MBCX", gss_code="E07000110", key_decision_threshold=0)
    with pytest.raises(ValidationError) as refused:
        copy.full_clean()
    assert "already has this GSS code" in refused.value.message_dict["gss_code"][0]


def test_the_council_page_shows_its_ons_code(client, mkip, board_member):
    client.force_login(board_member)
    assert "ONS code E07000110" in client.get(reverse("partnership:council", args=["MBC"])).content.decode()
