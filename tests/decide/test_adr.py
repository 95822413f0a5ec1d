from __future__ import annotations

from wellarch.decide import adr_for_decision, adr_for_matrix, decide, load_domain, render_adr
from wellarch.decide.matrix import evaluate, load_matrix
from wellarch.decide.requirements import compute_requirements, database_requirements


def test_database_adr_has_every_section():
    decision = decide(
        load_domain("database"),
        database_requirements(
            qps="100k", latency_ms="10", consistency="eventual", access="key-value"
        ),
    )
    text = render_adr(adr_for_decision(decision, date="2026-01-31"))
    lines = text.splitlines()
    assert lines[0] == "# ADR: Database - Amazon DynamoDB"
    for heading in (
        "## Context",
        "## Options considered",
        "## Decision",
        "## Consequences",
        "## Follow-up questions",
        "## Sources",
    ):
        assert heading in lines
    assert "- Date: 2026-01-31" in lines
    assert "- Latency target (p99): 10 ms" in lines
    assert "We will use **Amazon DynamoDB**." in text
    assert "close call" in text  # DynamoDB with DAX is within a point
    assert "- **Amazon ElastiCache (Valkey, Redis OSS, Memcached)**: Durability: no" in text
    assert "**What if you need complex queries later?**" in lines
    assert "| Amazon DynamoDB | 92.5 | access pattern 100, latency 100," in text
    assert (
        "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html)"
        in text
    )
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_adr_without_a_winner():
    decision = decide(load_domain("compute"), compute_requirements(gpu=True, memory="50TB"))
    text = render_adr(adr_for_decision(decision, date="2026-01-31"))
    assert "No option meets every hard requirement" in text
    assert "- **AWS Lambda**: Memory: 50 TB needed, at most 10.7 GB" in text


def test_matrix_adr(fixtures):
    result = evaluate(load_matrix(fixtures / "decide" / "build-vs-buy.yaml"))
    text = render_adr(adr_for_matrix(result, date="2026-01-31"))
    assert text.startswith("# ADR: Monitoring and alerting - build or buy\n")
    assert "We will go with **Buy a SaaS product** (weighted score 4, ahead of" in text
    assert "- time to market: 3 (in production within three months)" in text
    assert "- time to market: 5 against 4 (weight 3)" in text
    assert "Sensitivity:" in text
    assert "- no change of the weight of team focus alone changes it" in text
    assert "- Subscription cost grows with hosts and metrics" in text
