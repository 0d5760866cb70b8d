"""Every change to a tracked record leaves one history row: who, when, how, and the record as it became.

Includes the guard: a bulk write on a tracked model (``QuerySet.update()``, ``bulk_create()``,
``bulk_update()``) writes its history rows too, and once, even through simple-history's helpers.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from finance.models import NonStaffSavingStep, SavingsPlan
from mkip.fiscal import FinancialYear
from mkip.history import (
    How,
    TrackedQuerySet,
    bulk_create_with_history,
    bulk_update_with_history,
    is_tracked,
    recording,
)
from partnership.models import Council, Role, SharedService, User
from tests.factories import CouncilFactory, UserFactory

pytestmark = pytest.mark.django_db

TRACKED = [
    "governance.Decision",
    "governance.Recommendation",
    "governance.DeclaredInterest",
    "governance.DecisionDocument",
    "governance.GatewayHistory",
    "governance.Risk",
    "governance.RiskReview",
    "governance.OperationalAction",
    "governance.BenefitReport",
    "governance.Body",
    "governance.BodyMember",
    "governance.Contact",
    "partnership.Council",
    "partnership.Partnership",
    "partnership.PartnershipMember",
    "partnership.ServicePartner",
    "partnership.SharedService",
    "partnership.ReviewPoint",
    "partnership.User",
    "finance.SavingsPlan",
    "finance.NonStaffSavingStep",
    "finance.DeliveredSaving",
    "finance.ImplementationCost",
    "finance.CapitalContribution",
    "finance.CapitalSpend",
    "staffing.Team",
    "staffing.TupeTransfer",
    "staffing.PlannedReduction",
]


@pytest.mark.parametrize("label", TRACKED)
def test_each_record_type_is_tracked_and_its_bulk_writes_record_history(label):
    model = apps.get_model(label)
    assert is_tracked(model)
    assert isinstance(model._default_manager.all(), TrackedQuerySet)


def test_every_tracked_model_bulk_writes_through_a_tracked_queryset():
    untracked_bulk = [
        model._meta.label
        for model in apps.get_models()
        if is_tracked(model) and not isinstance(model._default_manager.all(), TrackedQuerySet)
    ]
    assert untracked_bulk == []


def test_a_save_records_the_record_as_it_became_and_a_delete_records_its_last_state(maidstone):
    pk = maidstone.pk
    maidstone.call_in_working_days = 7
    maidstone.save()
    maidstone.delete()
    rows = list(Council.history.filter(id=pk).order_by("history_id"))
    assert [(row.history_type, row.call_in_working_days) for row in rows] == [("+", 5), ("~", 7), ("-", 7)]
    assert {row.how for row in rows} == {How.SYSTEM}


def test_a_queryset_update_writes_a_history_row_for_each_row_it_changes(maidstone, swale, tunbridge_wells):
    before = Council.history.count()
    changed = Council.objects.filter(code__in=["MBC", "SBC"]).update(call_in_working_days=9)
    assert changed == 2
    rows = Council.history.filter(history_id__gt=0).order_by("-history_id")[:2]
    assert Council.history.count() == before + 2
    assert {(row.code, row.call_in_working_days, row.history_type) for row in rows} == {
        ("MBC", 9, "~"),
        ("SBC", 9, "~"),
    }


def test_an_update_that_matches_nothing_writes_no_history(maidstone):
    before = Council.history.count()
    assert Council.objects.filter(code="NOPE").update(call_in_working_days=9) == 0
    assert Council.history.count() == before


def test_an_update_through_a_related_manager_is_recorded_too(ict):
    ict.partners.filter(is_host=True).update(is_host=False)
    latest = ict.partners.model.history.order_by("-history_id").first()
    assert latest.history_type == "~" and latest.is_host is False


def test_a_plain_bulk_create_records_each_new_row_once(ict):
    plan = SavingsPlan.objects.create(
        service=ict, baseline_year=FinancialYear(2012), first_year=FinancialYear(2013), years=3
    )
    steps = NonStaffSavingStep.objects.bulk_create(
        [NonStaffSavingStep(plan=plan, year=FinancialYear(2013 + n), amount=Decimal("100.00")) for n in range(3)]
    )
    assert NonStaffSavingStep.history.filter(id__in=[s.pk for s in steps], history_type="+").count() == 3
    assert NonStaffSavingStep.history.count() == 3


def test_bulk_create_with_history_records_each_new_row_once_not_twice(ict):
    plan = SavingsPlan.objects.create(
        service=ict, baseline_year=FinancialYear(2012), first_year=FinancialYear(2013), years=3
    )
    bulk_create_with_history(
        [NonStaffSavingStep(plan=plan, year=FinancialYear(2013 + n), amount=Decimal("1.00")) for n in range(2)],
        NonStaffSavingStep,
    )
    assert NonStaffSavingStep.history.count() == 2


def test_plain_bulk_update_and_bulk_update_with_history_each_record_a_change_once(maidstone, swale):
    councils = list(Council.objects.all())
    for council in councils:
        council.call_in_working_days = 8
    Council.objects.bulk_update(councils, ["call_in_working_days"])
    assert Council.history.filter(history_type="~", call_in_working_days=8).count() == 2
    for council in councils:
        council.call_in_working_days = 10
    bulk_update_with_history(councils, Council, ["call_in_working_days"])
    assert Council.history.filter(history_type="~", call_in_working_days=10).count() == 2


def test_recording_labels_how_a_change_was_made_and_ends_with_its_block(maidstone):
    with recording(how=How.IMPORT):
        maidstone.call_in_working_days = 6
        maidstone.save()
    maidstone.call_in_working_days = 4
    maidstone.save()
    rows = Council.history.filter(id=maidstone.pk).order_by("-history_id")[:2]
    assert [row.how for row in rows] == [How.SYSTEM, How.IMPORT]


def test_a_users_history_never_holds_their_password_or_last_sign_in():
    fields = {field.name for field in User.history.model._meta.get_fields()}
    assert "password" not in fields
    assert "last_login" not in fields
    assert {"role", "council", "headed_service", "is_active"} <= fields


def test_signing_in_is_not_a_change_to_the_persons_record(client, maidstone):
    UserFactory(username="officer.mbc", role=Role.OFFICER, council=maidstone)
    before = User.history.count()
    response = client.post(reverse("login"), {"username": "officer.mbc", "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert User.objects.get(username="officer.mbc").last_login is not None
    assert User.history.count() == before


def test_a_change_made_through_a_form_names_the_signed_in_person_and_the_form(client, maidstone):
    officer = UserFactory(username="officer.mbc", role=Role.OFFICER, council=maidstone, first_name="Priya")
    client.force_login(officer)
    response = client.post(
        reverse("partnership:council-settings", args=["MBC"]),
        {"key_decision_threshold": "300000", "call_in_working_days": "6"},
    )
    assert response.status_code == 302
    latest = Council.history.filter(id=maidstone.pk).latest("history_id")
    assert (latest.history_user, latest.how, latest.call_in_working_days) == (officer, How.FORM, 6)


def test_a_change_made_in_the_admin_is_recorded_as_administration(client, administrator, maidstone):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:partnership_council_change", args=[maidstone.pk]),
        {
            "name": maidstone.name,
            "code": maidstone.code,
            "kind": maidstone.kind,
            "key_decision_threshold": "250000.00",
            "call_in_working_days": "12",
            "illustrative_fields": "[]",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = Council.history.filter(id=maidstone.pk).latest("history_id")
    assert (latest.history_user, latest.how, latest.call_in_working_days) == (administrator, How.ADMIN, 12)


def test_the_seed_loader_records_its_rows_as_seed_data():
    call_command("load_mkip", stdout=StringIO())
    assert set(SharedService.history.values_list("how", flat=True)) == {How.SEED}
    assert Council.history.filter(how=How.SEED).count() == Council.objects.count()


def test_a_forbidden_change_is_refused_logged_and_leaves_no_history(client, maidstone, swale, caplog):
    swale_officer = UserFactory(username="officer.sbc", role=Role.OFFICER, council=swale)
    CouncilFactory(code="ABC", name="Ashford Borough Council")
    before = Council.history.count()
    client.force_login(swale_officer)
    with caplog.at_level("WARNING", logger="mkip.security"):
        response = client.post(
            reverse("partnership:council-settings", args=["MBC"]),
            {"key_decision_threshold": "1", "call_in_working_days": "2"},
        )
    assert response.status_code == 403
    assert "refused user=officer.sbc" in caplog.text
    maidstone.refresh_from_db()
    assert maidstone.call_in_working_days == 5
    assert Council.history.count() == before
