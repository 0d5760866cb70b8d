"""Risk registers (seed 001's four categories), boards and committees, and key contacts (seed 002)."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from governance import seed
from governance.models import Risk, RiskReview
from governance.risks import band, score


@pytest.fixture
def mkip_governance(mkip):
    return seed.load(json.loads((settings.BASE_DIR / "fixtures/mkip/governance.json").read_text()))


def _risk(**overrides):
    data = {
        "category": "staffing",
        "title": "Key staff leave before the TUPE transfer",
        "owner": "Head of MKIP ICT",
        "mitigation": "Retention agreements.",
        "likelihood": "3",
        "impact": "5",
    }
    return {**data, **overrides}


def test_scores_multiply_likelihood_by_impact_and_band_red_amber_green():
    assert (score(3, 5), band(15)) == (15, "red")
    assert (score(2, 4), band(8)) == (8, "amber")
    with pytest.raises(ValueError):
        score(6, 1)


def test_the_head_of_ict_adds_a_risk_and_reviews_it_keeping_the_history(client, head_of_ict):
    client.force_login(head_of_ict)
    assert client.post(reverse("governance:risk-new", args=["ict"]), _risk()).status_code == 302
    risk = Risk.objects.get()
    assert (risk.score, risk.band) == (15, "red")
    response = client.post(
        reverse("governance:risk-review", args=[risk.pk]),
        {"likelihood": "2", "impact": "5", "status": "open", "mitigation": "Signed.", "note": "Agreements signed."},
    )
    assert response.status_code == 302
    assert [r.score for r in RiskReview.objects.order_by("pk")] == [15, 10]
    page = client.get(reverse("governance:risks", args=["ict"])).content.decode()
    assert "Agreements signed." in page and "Staffing" in page


def test_a_likelihood_off_the_scale_is_refused_beside_the_field_and_nothing_saved(client, head_of_ict):
    client.force_login(head_of_ict)
    response = client.post(reverse("governance:risk-new", args=["ict"]), _risk(likelihood="6"))
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 5." in response.content.decode()
    assert not Risk.objects.exists()


@pytest.mark.parametrize("person", ["swale_officer", "board_member", "maidstone_democratic_services", "outsider"])
def test_only_the_head_of_service_or_an_administrator_changes_the_risk_register(client, request, ict, person):
    client.force_login(request.getfixturevalue(person))
    assert client.post(reverse("governance:risk-new", args=["ict"]), _risk()).status_code == 403
    assert not Risk.objects.exists()


def test_others_cannot_review_a_risk(client, head_of_ict, swale_officer):
    client.force_login(head_of_ict)
    client.post(reverse("governance:risk-new", args=["ict"]), _risk())
    risk = Risk.objects.get()
    client.force_login(swale_officer)
    response = client.post(
        reverse("governance:risk-review", args=[risk.pk]),
        {"likelihood": "1", "impact": "1", "status": "closed", "mitigation": "", "note": ""},
    )
    assert response.status_code == 403
    risk.refresh_from_db()
    assert (risk.likelihood, risk.status, risk.reviews.count()) == (3, "open", 1)


def test_the_mid_kent_services_director_is_the_single_point_of_contact_for_five_services(
    client, mkip_governance, board_member
):
    client.force_login(board_member)
    page = client.get(reverse("governance:contacts")).content.decode()
    row = page[page.index("Paul Taylor") : page.index("</tr>", page.index("Paul Taylor"))]
    assert "Single point of contact" in row
    for service in ("Mid Kent Audit", "Mid Kent HR and Payroll", "Mid Kent ICT", "Mid Kent Legal", "Mid Kent Revenues"):
        assert service in row
    assert "Planning Support" not in row


def test_bodies_list_their_members_and_chair(client, mkip_governance, board_member):
    client.force_login(board_member)
    page = client.get(reverse("governance:bodies")).content.decode()
    assert "MKIP Board" in page and "Councillor Chris Garland" in page
    assert "Zena Cooke (chair)" in page and "ICT Partnership Board" in page
