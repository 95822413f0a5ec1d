"""Capacity inputs from text, as the command line and the web page take them."""

from __future__ import annotations

import pytest

from wellarch.calc.capacity import DEFAULTS, LABELS, estimate, parse_inputs
from wellarch.calc.errors import CalcInputError


def test_defaults_are_assumed_and_recorded():
    inputs = parse_inputs({"users": "10M", "requests_per_user": "50"})
    assert inputs.users == 10e6 and inputs.requests_per_user == 50
    assert inputs.assumed == frozenset(LABELS)
    assert set(LABELS) == set(DEFAULTS)
    assert estimate(inputs).cores == 35


def test_given_values_are_parsed():
    inputs = parse_inputs(
        {
            "users": "250k",
            "requests_per_user": "20",
            "peak_factor": "5",
            "object_size": "4KB",
            "read_write": "1:1",
            "growth": "3%/month",
            "years": "2",
        }
    )
    assert (inputs.peak_factor, inputs.object_size, inputs.read_share) == (5, 4000, (1, 1))
    assert inputs.growth == pytest.approx(1.03**12 - 1)
    assert "peak_factor" not in inputs.assumed and "replication" in inputs.assumed


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"users": "lots", "requests_per_user": "1"}, "^--users: cannot read 'lots'"),
        ({"users": "1", "requests_per_user": "1", "peak_factor": "x"}, "^--peak-factor: "),
        ({"users": "1", "requests_per_user": "1", "growth": "40%"}, "^--growth needs --years"),
        ({"users": "1", "requests_per_user": "1", "peak_factor": "0.5"}, "^--peak-factor must"),
    ],
)
def test_errors_name_the_option(options, message):
    with pytest.raises(CalcInputError, match=message):
        estimate(parse_inputs(options))
