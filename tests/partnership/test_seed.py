"""The MKIP register as the seeds describe it, loaded by one command that is safe to run twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from partnership import selectors
from partnership.models import Council, PartnershipMember, ServicePartner, SharedService

pytestmark = pytest.mark.django_db

EXPECTED_PARTNERS = {
    # seed 002: "There are currently nine shared services within MKIP"
    "Mid Kent Audit": {"ABC", "MBC", "SBC", "TWBC"},
    "Environmental Health": {"MBC", "SBC", "TWBC"},
    "Graphic Design": {"MBC", "TWBC"},
    "Mid Kent HR and Payroll": {"MBC", "SBC"},
    "Mid Kent ICT": {"MBC", "SBC", "TWBC"},
    "Mid Kent Legal": {"MBC", "SBC", "TWBC"},
    "Parking Enforcement": {"MBC", "SBC"},
    "Planning Support": {"MBC", "SBC", "TWBC"},
    "Mid Kent Revenues and Benefits": {"MBC", "TWBC"},
}


def test_load_mkip_creates_the_nine_services_with_their_partners(mkip):
    services = selectors.services_for_register()
    found = {service.name: {p.council.code for p in service.current_partners} for service in services}
    assert found == EXPECTED_PARTNERS


def test_loading_twice_changes_nothing():
    call_command("load_mkip", stdout=StringIO())
    counts = (Council.objects.count(), SharedService.objects.count(), ServicePartner.objects.count())
    call_command("load_mkip", stdout=StringIO())
    assert (Council.objects.count(), SharedService.objects.count(), ServicePartner.objects.count()) == counts


def test_ashford_has_left_the_partnership_but_kent_is_a_strategic_partner_not_a_member(mkip):
    today = timezone.localdate()
    members = {m.council.code for m in PartnershipMember.objects.select_related("council") if m.is_current(today)}
    assert members == {"MBC", "SBC", "TWBC"}
    partnership = mkip["partnerships"]["mkip"]
    assert [s.council.code for s in partnership.strategic_partners.all()] == ["KCC"]


def test_ict_agreement_runs_ten_years_from_april_2013_with_reviews_after_three_and_five(mkip):
    ict = mkip["services"]["ict"]
    assert ict.agreement_start.isoformat() == "2013-04-01"
    assert ict.term_years == 10
    assert [point.after_years for point in ict.review_points.all()] == [3, 5]


def test_values_the_seeds_do_not_give_are_marked_illustrative(mkip):
    assert mkip["councils"]["SBC"].is_illustrative("key_decision_threshold")
    assert not mkip["councils"]["MBC"].is_illustrative("key_decision_threshold")
