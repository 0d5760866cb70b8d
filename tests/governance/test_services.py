"""Decision records and gateway passes saved through the services, including the MKIP seed."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from governance import seed
from governance.models import Decision, DecisionStatus, GatewayHistory
from governance.services import OVERRIDE_NEEDS_REASON, decision_record, gateway_pass
from partnership.models import GatewayStage, SharedService
from tests.factories import decision_recorded

FIXTURE = settings.BASE_DIR / "fixtures/mkip/governance.json"


@pytest.fixture
def mkip_decisions(mkip):
    return seed.load(json.loads(FIXTURE.read_text()))


def test_the_fixture_gives_no_effective_from_dates_so_they_must_be_computed():
    assert "effective_from" not in FIXTURE.read_text()


def test_seed_decisions_take_effect_exactly_as_published(mkip_decisions):
    ict = Decision.objects.get(title="MKIP ICT Partnership")
    strategy = Decision.objects.get(title="Information Strategy 2012 - 2015")
    assert (ict.decided_on, ict.published_on, ict.effective_from) == (
        date(2012, 4, 16),
        date(2012, 4, 17),
        date(2012, 4, 25),
    )
    assert (strategy.decided_on, strategy.published_on, strategy.effective_from) == (
        date(2012, 6, 13),
        date(2012, 6, 15),
        date(2012, 6, 23),
    )
    assert ict.reason_key_text == "Savings > £250,000"
    assert strategy.reason_key_text == "Policies, Plans, Strategies"
    assert [r.label for r in ict.recommendations.all()][3:6] == ["iv.", "iv a)", "iv b)"]


def test_loading_the_seed_twice_changes_nothing(mkip_decisions):
    seed.load(json.loads(FIXTURE.read_text()))
    assert Decision.objects.count() == 2
    assert GatewayHistory.objects.filter(service__slug="ict").count() == 2


def test_the_effective_date_follows_the_councils_call_in_period(maidstone):
    maidstone.call_in_working_days = 3
    maidstone.save()
    decision = decision_recorded(maidstone, published_on=date(2012, 4, 17))
    # Three working days after Tuesday 17 April 2012 end on Friday 20th; effective Saturday 21st.
    assert decision.effective_from == date(2012, 4, 21)


def test_a_decision_not_subject_to_call_in_takes_effect_on_publication(maidstone):
    decision = decision_recorded(maidstone, published_on=date(2012, 4, 17), subject_to_call_in=False)
    assert decision.effective_from == date(2012, 4, 17)


def test_overriding_the_effective_date_needs_a_recorded_reason(maidstone):
    decision = Decision(council=maidstone, title="Urgent", decided_on=date(2012, 4, 16), published_on=date(2012, 4, 17))
    with pytest.raises(ValidationError) as error:
        decision_record(decision=decision, recommendations=[], effective_from_override=date(2012, 4, 18))
    assert error.value.message_dict["override_reason"] == [OVERRIDE_NEEDS_REASON]
    assert not Decision.objects.exists()
    saved = decision_record(
        decision=decision,
        recommendations=[],
        effective_from_override=date(2012, 4, 18),
        override_reason="Urgency agreed by the scrutiny chair.",
    )
    assert (saved.effective_from, saved.effective_from_overridden) == (date(2012, 4, 18), True)


def test_spending_over_the_threshold_sets_the_reason_key_whatever_was_chosen(maidstone):
    decision = decision_recorded(maidstone, expenditure_gbp=Decimal("300000"), reason_key="policy")
    assert (decision.is_key_decision, decision.reason_key_text) == (True, "Expenditure > £250,000")


# ---------------------------------------------------------------- gateways


def _cabinet(council, service, status=DecisionStatus.APPROVED, reasons=""):
    return decision_recorded(
        council,
        title=f"{service.name} business case",
        service=service,
        gateway=GatewayStage.GATEWAY_2,
        status=status,
        reasons=reasons,
        decided_on=date(2014, 4, 14),
        # Published on Tuesday 15 April 2014: Good Friday and Easter Monday fall in the call-in period.
        published_on=date(2014, 4, 15),
    )


def test_two_approvals_and_a_deferral_do_not_pass_gateway_2(ict, maidstone, swale, tunbridge_wells):
    SharedService.objects.filter(pk=ict.pk).update(gateway_stage=GatewayStage.GATEWAY_1)
    ict.refresh_from_db()
    _cabinet(maidstone, ict)
    _cabinet(swale, ict)
    _cabinet(tunbridge_wells, ict, DecisionStatus.DEFERRED, "The Cabinet Advisory Board asked for the TUPE advice.")
    with pytest.raises(ValidationError) as error:
        gateway_pass(service=ict, target=GatewayStage.GATEWAY_2, on=date(2014, 5, 1), rating="amber")
    assert error.value.messages == [
        "Tunbridge Wells Borough Council Cabinet deferred on 14/04/2014: "
        "The Cabinet Advisory Board asked for the TUPE advice."
    ]
    ict.refresh_from_db()
    assert ict.gateway_stage == GatewayStage.GATEWAY_1
    assert not GatewayHistory.objects.exists()


def test_all_three_approvals_in_effect_pass_gateway_2(ict, maidstone, swale, tunbridge_wells):
    SharedService.objects.filter(pk=ict.pk).update(gateway_stage=GatewayStage.GATEWAY_1)
    ict.refresh_from_db()
    decisions = [_cabinet(council, ict) for council in (maidstone, swale, tunbridge_wells)]
    with pytest.raises(ValidationError, match="can be called in until it takes effect on 25/04/2014"):
        gateway_pass(service=ict, target=GatewayStage.GATEWAY_2, on=date(2014, 4, 24), rating="green")
    entry = gateway_pass(service=ict, target=GatewayStage.GATEWAY_2, on=date(2014, 4, 25), rating="green")
    ict.refresh_from_db()
    assert ict.gateway_stage == GatewayStage.GATEWAY_2
    assert set(entry.decisions.all()) == set(decisions)
