from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from wellarch.cli import cli
from wellarch.cli import decide as decide_cli
from wellarch.decide import load_domain


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, ["decide", *args])

    return invoke


SEED = (
    "database",
    "--qps",
    "100000",
    "--latency-ms",
    "10",
    "--consistency",
    "eventual",
    "--access",
    "key-value",
    "--read-write",
    "9:1",
    "--item-size",
    "4KB",
)


def test_database_report(run):
    result = run(*SEED)
    assert result.exit_code == 0, result.output
    assert "Recommendation: Amazon DynamoDB (score 92.5 of 100)" in result.output
    assert "Excluded Amazon ElastiCache (Valkey, Redis OSS, Memcached): Durability: no" in (
        result.output
    )
    assert "Q: What if you need complex queries later?" in result.output


def test_database_json(run):
    data = json.loads(run(*SEED, "--format", "json").output)
    assert data["recommendation"] == "dynamodb"
    assert data["requirements"]["read_qps"] == 90000
    assert [e["id"] for e in data["excluded"]] == ["elasticache", "opensearch", "timestream"]


def test_adr_file(run, tmp_path):
    target = tmp_path / "0001-database.md"
    result = run(*SEED, "--adr", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ADR: Database - Amazon DynamoDB\n")
    assert "## Consequences" in text
    printed = run("cache", "--content", "static", "--adr", "-")
    assert printed.output.startswith("# ADR: Caching tier - ")


def test_adr_to_an_unwritable_place(run, tmp_path):
    result = run(*SEED, "--adr", str(tmp_path / "missing" / "adr.md"))
    assert result.exit_code == 2
    assert result.output.startswith("error: --adr: cannot write")


def test_other_domains(run):
    messaging = json.loads(
        run(
            "messaging",
            "--pattern",
            "stream",
            "--ordering",
            "per-key",
            "--replay",
            "--throughput",
            "50k",
            "--format",
            "json",
        ).output
    )
    assert messaging["recommendation"] == "kinesis"
    compute = json.loads(
        run("compute", "--traffic", "batch", "--duration", "3h", "--gpu", "--format", "json").output
    )
    assert compute["recommendation"] == "batch"
    cache = run("cache", "--content", "dynamic", "--staleness", "5m")
    assert cache.exit_code == 0
    assert "TTL of 5m" in cache.output


def test_matrix(run, fixtures):
    path = str(fixtures / "decide" / "build-vs-buy.yaml")
    result = run("matrix", path)
    assert result.exit_code == 0, result.output
    assert "winner: Buy a SaaS product" in result.output
    assert "lowering the weight of 'time to market' from 3 to below 1" in result.output
    data = json.loads(run("matrix", path, "--format", "json").output)
    assert data["winner"] == "Buy a SaaS product"
    assert data["stable_criteria"] == ["team focus"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("database", "--qps", "-5"), "error: --qps: '-5' is negative\n"),
        (("database", "--qps", "lots"), "error: --qps: cannot read 'lots' as a number"),
        (("database", "--qps", "1k", "--read-write", "9"), "error: --read-write: cannot read"),
        (("compute", "--duration", "long"), "error: --duration: cannot read 'long' as a duration"),
        (("matrix", "nowhere.yaml"), "error: nowhere.yaml: no such file\n"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(run, args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.output == message or (
        result.output.startswith(message) and result.output.count("\n") == 1
    )


def test_missing_score_in_a_matrix(run, fixtures):
    result = run("matrix", str(fixtures / "decide" / "missing-score.yaml"))
    assert result.exit_code == 2
    assert result.output.endswith("$.options[1].scores: no score for 'team skills'\n")


@pytest.mark.parametrize(
    ("command", "option", "requirement", "domain"),
    [
        ("database", "consistency", "consistency", "database"),
        ("database", "access", "access", "database"),
        ("messaging", "pattern", "pattern", "messaging"),
        ("messaging", "ordering", "ordering", "messaging"),
        ("messaging", "delivery", "delivery", "messaging"),
        ("messaging", "protocol", "protocol", "messaging"),
        ("compute", "traffic", "traffic", "compute"),
        ("cache", "content", "content", "cache"),
    ],
)
def test_cli_choices_match_the_options_files(command, option, requirement, domain):
    params = {p.name: p for p in decide_cli.decide.commands[command].params}
    choice = params[option].type
    assert isinstance(choice, click.Choice)
    assert list(choice.choices) == list(load_domain(domain).requirements[requirement].values)
