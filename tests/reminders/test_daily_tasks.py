"""The daily baseline freeze: once every approving decision is in effect, one baseline, once."""

from datetime import date, timedelta

import pytest

from finance.models_baseline import Baseline
from governance.models import GatewayHistory
from partnership.models import GatewayStage
from reminders.tasks import freeze_due_baselines
from tests.factories import decision_recorded

pytestmark = pytest.mark.django_db
PUBLISHED = date(2012, 6, 1)


@pytest.fixture
def approved_at_gateway_2(ict, maidstone, swale):
    decisions = [
        decision_recorded(council, service=ict, decided_on=PUBLISHED, published_on=PUBLISHED, call_in_working_days=5)
        for council in (maidstone, swale)
    ]
    entry = GatewayHistory.objects.create(
        service=ict, stage=GatewayStage.GATEWAY_2, entered_on=PUBLISHED, rating="green"
    )
    entry.decisions.set(decisions)
    return decisions


def test_a_baseline_is_frozen_once_all_its_approving_decisions_are_in_effect_and_only_once(approved_at_gateway_2):
    in_effect = max(decision.effective_from for decision in approved_at_gateway_2)
    assert freeze_due_baselines.call((in_effect - timedelta(days=1)).isoformat()) == []
    assert not Baseline.objects.exists()

    assert freeze_due_baselines.call(in_effect.isoformat()) == ["ict"]
    assert freeze_due_baselines.call(in_effect.isoformat()) == []
    assert freeze_due_baselines.call((in_effect + timedelta(days=1)).isoformat()) == []
    [baseline] = Baseline.objects.all()
    assert baseline.version == 1 and set(baseline.decisions.all()) == set(approved_at_gateway_2)
