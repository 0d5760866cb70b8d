"""Gateway rules of seed 002: forward only, Board or every partner Cabinet, decisions in effect."""

from datetime import date

from governance.gateways import DecisionFact, next_stage, readiness

MBC, SBC, TWBC = (1, "Maidstone"), (2, "Swale"), (3, "Tunbridge Wells")
TODAY = date(2012, 5, 1)


def _fact(pk, council_id, *, approves=True, status="Recommendations Approved", effective=date(2012, 4, 25), reasons=""):
    return DecisionFact(pk, council_id, status, approves, date(2012, 4, 16), effective, reasons)


def test_stages_run_forward_to_benefits_realisation_and_stop():
    assert next_stage("defining") == "gateway_1"
    assert next_stage("gateway_3") == "benefits"
    assert next_stage("benefits") is None


def test_every_partner_cabinet_approving_in_effect_passes_gateway_2():
    facts = [_fact(1, 1), _fact(2, 2), _fact(3, 3)]
    result = readiness("gateway_1", "gateway_2", partners=[MBC, SBC, TWBC], decisions=facts, today=TODAY)
    assert result.passes and result.decision_pks == [1, 2, 3]


def test_two_approvals_and_one_deferral_hold_gateway_2_naming_the_council_and_why():
    facts = [
        _fact(1, 1),
        _fact(2, 2),
        _fact(3, 3, approves=False, status="Deferred", reasons="Awaiting the TUPE advice. More."),
    ]
    result = readiness("gateway_1", "gateway_2", partners=[MBC, SBC, TWBC], decisions=facts, today=TODAY)
    assert not result.passes
    assert [hold.why for hold in result.holds] == [
        "Tunbridge Wells Cabinet deferred on 16/04/2012: Awaiting the TUPE advice."
    ]


def test_an_approval_still_open_to_call_in_holds_the_service():
    facts = [_fact(1, 1), _fact(2, 2), _fact(3, 3, effective=date(2012, 5, 2))]
    result = readiness("gateway_1", "gateway_2", partners=[MBC, SBC, TWBC], decisions=facts, today=TODAY)
    assert [h.who for h in result.holds] == ["Tunbridge Wells Cabinet"]
    assert "takes effect on 02/05/2012" in result.holds[0].why


def test_a_council_that_has_not_decided_holds_the_service():
    result = readiness("gateway_1", "gateway_2", partners=[MBC, SBC], decisions=[_fact(1, 1)], today=TODAY)
    assert [h.why for h in result.holds] == ["Swale Cabinet has not yet decided."]


def test_a_later_approval_replaces_an_earlier_deferral():
    deferred = DecisionFact(1, 1, "Deferred", False, date(2012, 3, 1), date(2012, 3, 9))
    result = readiness("gateway_1", "gateway_2", partners=[MBC], decisions=[deferred, _fact(2, 1)], today=TODAY)
    assert result.passes


def test_gateway_1_is_the_boards_decision():
    result = readiness("defining", "gateway_1", partners=[MBC], decisions=[], today=TODAY, board_name="MKIP Board")
    assert result.decided_by == "MKIP Board" and [h.why for h in result.holds] == [
        "The MKIP Board has not yet decided."
    ]
    assert readiness("defining", "gateway_1", partners=[MBC], decisions=[_fact(9, None)], today=TODAY).passes


def test_no_stage_can_be_skipped_or_gone_back_to():
    skipped = readiness("defining", "gateway_2", partners=[MBC], decisions=[_fact(1, 1)], today=TODAY)
    back = readiness("gateway_3", "gateway_2", partners=[MBC], decisions=[_fact(1, 1)], today=TODAY)
    assert not skipped.passes and not back.passes
    assert "the next stage is Gateway 1" in skipped.holds[0].why
