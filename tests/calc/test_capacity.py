from __future__ import annotations

import pytest

from wellarch.calc.capacity import CapacityInputs, estimate
from wellarch.calc.errors import CalcInputError


def test_ten_million_users_fifty_requests_each():
    plan = estimate(CapacityInputs(users=10e6, requests_per_user=50))
    assert plan.value("daily_requests") == 500_000_000
    assert plan.average_qps == pytest.approx(5787.037, abs=1e-3)
    assert plan.peak_qps == pytest.approx(17361.111, abs=1e-3)
    assert plan.value("read_qps") == pytest.approx(15625.0)
    assert plan.value("write_qps") == pytest.approx(1736.111, abs=1e-3)
    assert plan.value("peak_bandwidth_bytes") == pytest.approx(34_722_222.2, abs=0.1)
    assert plan.value("storage_bytes_raw") == 20e12
    assert plan.value("storage_bytes") == 60e12
    assert plan.cores == 35
    assert plan.value("memory_bytes") == 10e9


def test_growth_compounds_storage():
    plan = estimate(CapacityInputs(users=10e6, requests_per_user=50, growth=0.4, years=3))
    assert plan.value("storage_bytes") == pytest.approx(60e12 * 2.744)
    line = next(line for line in plan.lines if line.key == "storage_bytes")
    assert line.display == "165 TB"
    assert "(1 + 40%)^3" in line.formula


def test_every_line_shows_its_formula():
    plan = estimate(CapacityInputs(users=1e6, requests_per_user=20, peak_factor=5))
    for line in plan.lines:
        assert "=" in line.formula or "×" in line.formula, line.key
    peak = next(line for line in plan.lines if line.key == "peak_qps")
    assert peak.formula == "average QPS × peak factor = 231 × 5"
    assert peak.display == "1,157/s"


def test_json_contract():
    data = estimate(CapacityInputs(users=10e6, requests_per_user=50)).to_dict()
    for key in (
        "daily_requests",
        "average_qps",
        "peak_qps",
        "storage_bytes",
        "cores",
        "memory_bytes",
    ):
        assert key in data
    assert data["daily_requests"] == 500_000_000
    assert data["cores"] == 35
    assert data["inputs"]["read_share"] == [9.0, 1.0]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"users": 0}, "--users must be more than zero"),
        ({"requests_per_user": -1}, "--requests-per-user must be more than zero"),
        ({"peak_factor": 0.5}, "--peak-factor must be 1 or more"),
        ({"replication": 0}, "--replication must be 1 or more"),
        ({"requests_per_core": 0}, "--requests-per-core must be more than zero"),
        ({"object_size": -1}, "--object-size must be zero or more"),
        ({"growth": -1.0}, "--growth must be above -100%"),
    ],
)
def test_impossible_inputs(changes, message):
    values = {"users": 1e6, "requests_per_user": 10, **changes}
    with pytest.raises(CalcInputError, match=message):
        CapacityInputs(**values)
