from __future__ import annotations

import pytest

from wellarch.calc.errors import CalcInputError
from wellarch.calc.slo import error_budget
from wellarch.calc.units import DAY, format_duration, parse_availability


def test_three_nines_over_thirty_days():
    slo = error_budget(parse_availability("99.9%"), 30 * DAY)
    assert slo.budget_seconds == pytest.approx(2592)
    assert format_duration(slo.budget_seconds) == "43m 12s"
    rates = [
        (a.severity, a.burn_rate, a.error_rate, a.long_window, a.short_window) for a in slo.alerts
    ]
    assert rates == [
        ("page", pytest.approx(14.4), pytest.approx(0.0144), 3600, 300),
        ("page", pytest.approx(6.0), pytest.approx(0.006), 21600, 1800),
        ("ticket", pytest.approx(1.0), pytest.approx(0.001), 259200, 21600),
    ]
    assert slo.alerts[0].exhaustion == pytest.approx(50 * 3600)


def test_a_week_window_drops_alerts_that_could_never_fire_in_time():
    slo = error_budget(parse_availability("99.9%"), 7 * DAY)
    assert [a.severity for a in slo.alerts] == ["page", "page"]
    assert slo.alerts[0].burn_rate == pytest.approx(0.02 * 168)


def test_budget_in_requests_and_json():
    slo = error_budget(parse_availability("99.95%"), 28 * DAY, requests=300e6)
    assert slo.budget_requests == pytest.approx(150_000)
    data = slo.to_dict()
    assert data["error_budget"]["requests"] == pytest.approx(150_000)
    assert data["target"] == 0.9995
    assert data["alerts"][0]["burn_rate"] == pytest.approx(13.44)  # 2 % of 28 days in 1 h
    assert data["alerts"][0]["error_rate_threshold"] == pytest.approx(0.00672)


def test_low_targets_mark_unreachable_thresholds():
    slo = error_budget(parse_availability("90%"), 30 * DAY)
    assert not slo.alerts[0].reachable


@pytest.mark.parametrize("target", ["100%", "0"])
def test_targets_without_a_budget_are_refused(target):
    with pytest.raises(CalcInputError, match="--target"):
        error_budget(parse_availability(target), 30 * DAY)


def test_window_and_requests_must_be_positive():
    with pytest.raises(CalcInputError, match="--window"):
        error_budget(parse_availability("99%"), 0)
    with pytest.raises(CalcInputError, match="--requests"):
        error_budget(parse_availability("99%"), DAY, requests=0)
