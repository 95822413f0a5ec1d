from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellarch.calc.downtime import PERIODS, DowntimeBudget
from wellarch.calc.errors import CalcInputError
from wellarch.calc.units import format_duration, parse_availability


def budget(text: str) -> DowntimeBudget:
    return DowntimeBudget.for_availability(parse_availability(text, bare="auto"))


def test_a_year_is_365_25_days():
    assert PERIODS["year"] == 31_557_600
    assert PERIODS["quarter"] * 4 == PERIODS["year"]
    assert PERIODS["month"] * 12 == pytest.approx(PERIODS["year"])


def test_four_nines():
    four = budget("99.99")
    assert four.seconds("year") == pytest.approx(3155.76, abs=1e-9)
    assert format_duration(four.seconds("year")) == "52m 35.7s"
    assert four.to_dict() == {
        "availability": 0.9999,
        "unavailability": pytest.approx(1e-4),
        "nines": 4.0,
        "downtime_seconds": {
            "year": 3155.76,
            "quarter": 788.94,
            "month": 262.98,
            "week": 60.48,
            "day": 8.64,
        },
    }


@pytest.mark.parametrize(
    ("target", "year", "text"),
    [
        ("99.9", 31557.6, "8h 45m 57s"),
        ("99.95%", 15778.8, "4h 22m 58s"),
        ("0.999", 31557.6, "8h 45m 57s"),
        ("99.999", 315.576, "5m 15.5s"),
        ("99", 315576, "3d 15h 39m 36s"),
        ("100", 0, "0s"),
    ],
)
def test_known_figures(target, year, text):
    figures = budget(target)
    assert figures.seconds("year") == pytest.approx(year, abs=1e-6)
    assert format_duration(figures.seconds("year")) == text


def test_month_of_three_nines_is_43_minutes():
    assert format_duration(budget("99.9").seconds("month")) == "43m 49.8s"
    assert format_duration(budget("99.9").seconds("day")) == "1m 26.4s"


def test_inverse():
    inverse = DowntimeBudget.for_downtime(4 * 3600, "year")
    assert inverse.availability == pytest.approx(1 - 14400 / 31_557_600)
    assert inverse.percent() == "99.9544%"
    assert DowntimeBudget.for_downtime(0, "day").availability == 1


def test_inverse_refuses_impossible_downtime():
    with pytest.raises(CalcInputError, match="longer than a day"):
        DowntimeBudget.for_downtime(2 * 86400, "day")
    with pytest.raises(CalcInputError, match="unknown period"):
        DowntimeBudget.for_downtime(60, "fortnight")
    with pytest.raises(CalcInputError, match="zero or more"):
        DowntimeBudget.for_downtime(-1, "year")
    with pytest.raises(CalcInputError):
        DowntimeBudget.for_availability(Decimal("1.5"))


def test_nines():
    assert budget("99.9").nines == pytest.approx(3)
    assert budget("100").to_dict()["nines"] is None


@given(
    st.decimals(min_value=0, max_value=1, places=9, allow_nan=False, allow_infinity=False),
    st.sampled_from(list(PERIODS)),
)
def test_downtime_and_availability_round_trip(availability, period):
    forward = DowntimeBudget.for_availability(availability)
    back = DowntimeBudget.for_downtime(forward.seconds(period), period)
    assert back.unavailability == pytest.approx(forward.unavailability, rel=1e-12, abs=1e-15)
    assert back.availability == pytest.approx(float(availability), abs=1e-12)


@given(st.floats(min_value=0, max_value=86400), st.sampled_from(list(PERIODS)))
def test_availability_and_downtime_round_trip(seconds, period):
    back = DowntimeBudget.for_downtime(seconds, period).seconds(period)
    assert back == pytest.approx(seconds, rel=1e-12, abs=1e-9)
