"""The benchmark's monitoring round: opened as a head of service would, and its measured save really saves."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from bench import national
from bench.measure import placeholders, return_body
from bench.pages import PAGES, RETURN_SAVE
from finance.models_monitoring import Forecast, MonitoringReturn, MonitoringRound, ReturnStatus
from tests.factories import client_for, load_mkip_demo

pytestmark = pytest.mark.django_db


def test_the_ict_round_shows_every_status_and_the_measured_save_of_maidstones_return_is_saved():
    load_mkip_demo()
    call_command("bench_monitoring", stdout=StringIO())
    statuses = dict(MonitoringReturn.objects.values_list("council__code", "status"))
    assert statuses == {
        "MBC": ReturnStatus.NOT_STARTED,
        "SBC": ReturnStatus.SUBMITTED,
        "TWBC": ReturnStatus.IN_PROGRESS,
    }

    path = next(p for label, _m, p, _w in PAGES if label == RETURN_SAVE).format(**placeholders())
    officer = client_for("officer.mbc")
    for toggle in (1, 2):
        body = return_body(toggle=toggle)
        assert officer.post(path, body).status_code == 302
        first = min(int(name.removeprefix("forecast_")) for name in body if name.startswith("forecast_"))
        assert Forecast.objects.get(monitoring_return__council__code="MBC", line_id=first).amount == Decimal(
            body[f"forecast_{first}"]
        )


def test_at_national_scale_every_generated_service_has_a_submitted_round_with_a_forecast_a_line():
    load_mkip_demo()
    call_command("generate_national", seed=3, councils=12, services=10, no_progress=True, stdout=StringIO())
    call_command("bench_monitoring", national=True, stdout=StringIO())
    generated = MonitoringRound.objects.filter(service__slug__startswith=national.SLUG_PREFIX)
    assert generated.count() == 10
    returns = MonitoringReturn.objects.filter(round__in=generated)
    assert returns.exists() and not returns.exclude(status=ReturnStatus.SUBMITTED).exists()
    assert not returns.filter(forecasts__isnull=True).exists()
