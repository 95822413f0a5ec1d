from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from wellarch.cli import cli


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, ["calc", *args])

    return invoke


def test_downtime_four_nines_json_contract(run):
    result = run("downtime", "99.99", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["availability"] == 0.9999
    assert data["downtime_seconds"] == {
        "year": 3155.76,
        "quarter": 788.94,
        "month": 262.98,
        "week": 60.48,
        "day": 8.64,
    }


def test_downtime_table_shows_human_units(run):
    result = run("downtime", "99.9")
    assert result.exit_code == 0
    assert "99.9% availability (3.00 nines) allows:" in result.output
    assert "8h 45m 57s" in result.output
    assert "43m 49.8s" in result.output
    assert "52m 35.7s" in run("downtime", "99.99%").output


def test_downtime_inverse(run):
    result = run("downtime", "--downtime", "4h", "--per", "year")
    assert result.exit_code == 0
    assert "4h of downtime per year is 99.9544% availability (3.34 nines)." in result.output
    data = json.loads(run("downtime", "--downtime", "8h 45m 57s", "--format", "json").output)
    assert data["availability"] == pytest.approx(1 - 31557 / 31_557_600)
    assert data["given"] == {"downtime_seconds": 31557.0, "per": "year"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("downtime", "100.5"), "error: AVAILABILITY: availability 100.5 is above 100%\n"),
        (("downtime", "abc"), "error: AVAILABILITY: cannot read 'abc' as an availability"),
        (("downtime",), "error: give either an AVAILABILITY such as 99.95, or --downtime 4h\n"),
        (("downtime", "--downtime", "2d", "--per", "day"), "is longer than a day"),
        (("downtime", "--downtime", "4x"), "error: --downtime: cannot read '4x' as a duration"),
        (
            ("capacity", "--users", "-5", "--requests-per-user", "3"),
            "error: --users: '-5' is negative\n",
        ),
        (
            ("capacity", "--users", "10M", "--requests-per-user", "3", "--object-size", "2XB"),
            "error: --object-size: cannot read '2XB' as a size",
        ),
        (
            ("capacity", "--users", "10M", "--requests-per-user", "3", "--growth", "40%/year"),
            "error: --growth needs --years",
        ),
        (("dr", "--rto", "15", "--rpo", "1m"), "error: --rto: cannot read '15' as a duration"),
        (("slo", "--target", "100"), "error: --target must be above 0% and below 100%"),
        (("availability", "lb * web | db"), "cannot mix without parentheses"),
        (("availability", "0.9 * nosuch"), "error: unknown component 'nosuch'"),
        (("availability", "web", "--component", "web=2"), "error: --component web: '2' is above 1"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(run, args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ")
    assert result.output.count("\n") == 1
    assert message in result.output


def test_availability_expression(run):
    result = run("availability", "0.9995 * (0.999 | 0.999) * 0.9999", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["availability"] == pytest.approx(0.9995 * 0.999999 * 0.9999, abs=1e-12)
    assert data["weakest"] == "0.9995"
    assert set(data["downtime_seconds"]) == {"year", "quarter", "month", "week", "day"}


def test_availability_with_components_and_sla_names(run):
    result = run(
        "availability",
        "alb * (web | web | web) * db",
        "--component",
        "web=99.5%",
        "--component",
        "db=rds_multi_az",
    )
    assert result.exit_code == 0, result.output
    assert "Composite availability: 99.94% (3.22 nines)" in result.output
    assert "Weakest component: db (99.95%)" in result.output
    assert "https://aws.amazon.com/rds/sla/" in result.output


def test_availability_file(run, fixtures):
    result = run("availability", str(fixtures / "calc" / "webshop.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["weakest"] == "db"
    assert [c["name"] for c in data["components"]] == ["dns", "lb", "web", "db"]
    bad = run("availability", str(fixtures / "calc" / "unknown-field.yaml"))
    assert bad.exit_code == 2
    assert "unknown-field.yaml: $.components.web: unknown field 'instance'" in bad.output


def test_sla_table(run):
    result = run("sla", "--format", "json")
    entries = {e["name"]: e for e in json.loads(result.output)}
    assert entries["alb"]["availability"] == 0.9999
    assert entries["alb"]["source"] == "https://aws.amazon.com/elasticloadbalancing/sla/"
    assert "rds_multi_az" in run("sla").output


def test_capacity(run):
    result = run("capacity", "--users", "10M", "--requests-per-user", "50", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["daily_requests"] == 500_000_000
    assert data["average_qps"] == pytest.approx(5787.037037)
    assert data["peak_qps"] == pytest.approx(17361.111111)
    assert data["storage_bytes"] == 60_000_000_000_000
    assert data["cores"] == 35
    assert data["memory_bytes"] == 10_000_000_000
    assert sorted(data["inputs"]["assumed"])[0] == "memory_per_user"
    table = run(
        "capacity",
        "--users",
        "10M",
        "--requests-per-user",
        "50",
        "--growth",
        "40%/year",
        "--years",
        "3",
    ).output
    assert "Assumed (defaults):" in table
    assert "17,361/s" in table and "165 TB" in table
    assert "users × requests per user" in table


def test_dr(run):
    data = json.loads(run("dr", "--rto", "15m", "--rpo", "1m", "--format", "json").output)
    assert data["strategy"] == "warm_standby"
    assert data["cheaper_alternative"] == "pilot_light"
    text = run("dr", "--rto", "15m", "--rpo", "1m").output
    assert "Warm standby (warm_standby) is the cheapest strategy for RTO 15m and RPO 1m." in text
    assert "replication:" in text and "drills:" in text
    assert (
        json.loads(run("dr", "--rto", "24h", "--rpo", "24h", "--format", "json").output)["strategy"]
        == "backup_restore"
    )


def test_slo(run):
    text = run("slo", "--target", "99.9", "--window", "30d").output
    assert "SLO 99.9% over 30d: error budget 0.1% = 43m 12s of full outage." in text
    assert "14.4" in text and "1.44%" in text
    data = json.loads(run("slo", "--target", "99.9", "--requests", "1M", "--format", "json").output)
    assert data["error_budget"]["requests"] == 1000
    assert [a["burn_rate"] for a in data["alerts"]] == [14.4, 6.0, 1.0]
