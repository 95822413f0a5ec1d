from __future__ import annotations

import pytest

from wellarch.calc.errors import CalcInputError
from wellarch.decide import decide, load_domain
from wellarch.decide.requirements import (
    cache_requirements,
    compute_requirements,
    database_requirements,
    messaging_requirements,
    parse_milliseconds,
    read_write_mix,
)


def database(**options):
    return decide(load_domain("database"), database_requirements(**options))


def ranked(decision):
    return [e.option.id for e in decision.ranked]


def excluded(decision):
    return {e.option.id: e.reasons for e in decision.excluded}


def test_hundred_thousand_qps_single_digit_ms_key_value():
    decision = database(
        qps="100000",
        latency_ms="10",
        consistency="eventual",
        access="key-value",
        read_write="9:1",
        item_size="4KB",
    )
    assert ranked(decision)[:2] == ["dynamodb", "dynamodb_dax"]
    winner = decision.winner
    assert winner is not None and winner.score == pytest.approx(0.925, abs=0.001)
    notes = {a.criterion: a.note for a in winner.assessments}
    assert notes["latency"].startswith("typically 1 ms, up to 9 ms: within 10 ms")
    assert notes["reads"].startswith("90k needed, about 10M possible (111x headroom)")
    # excluded with the reason, not silently dropped
    reasons = excluded(decision)
    assert reasons["elasticache"][0].startswith("Durability: no")
    assert reasons["opensearch"] == [
        "Read throughput: 90k needed, at most 50k; "
        "search throughput grows with data nodes and replicas"
    ]
    assert "Access pattern: key-value: no point lookups by arbitrary key" in reasons["timestream"]
    questions = [f.question for f in decision.follow_ups()]
    assert "What if you need complex queries later?" in questions
    answer = decision.follow_ups()[0].answer
    assert "OpenSearch" in answer and "Streams" in answer


def test_strong_consistency_excludes_the_cache_in_front():
    decision = database(qps="100k", latency_ms="10", consistency="strong", access="key-value")
    assert "dynamodb_dax" in excluded(decision)
    assert excluded(decision)["dynamodb_dax"] == ["Consistency: no strong (offers eventual)"]
    assert ranked(decision)[0] == "dynamodb"


def test_ephemeral_data_lets_in_memory_stores_compete():
    decision = database(qps="200k", latency_ms="1", access="key-value", durable=False)
    assert ranked(decision)[0] == "elasticache"


@pytest.mark.parametrize(
    ("access", "first"),
    [("relational", {"aurora", "rds"}), ("graph", {"neptune"}), ("search", {"opensearch"})],
)
def test_access_patterns_pick_the_purpose_built_store(access, first):
    top = ranked(database(qps="5000", latency_ms="100", access=access))[: len(first)]
    assert set(top) == first


def test_write_heavy_time_series_is_timestream():
    decision = database(qps="50k", access="time-series", read_write="1:99")
    assert ranked(decision)[0] == "timestream"
    busy = database(qps="50k", access="time-series", read_write="1:9")
    assert excluded(busy)["timestream"][0].startswith("Read throughput: 5k needed, at most 1k")
    assert decision.requirements["mix"] == "write-heavy"


def test_large_items_exclude_dynamodb():
    decision = database(qps="1000", access="key-value", item_size="500KB")
    assert excluded(decision)["dynamodb"] == [
        "Item size: 500 KB needed, at most 400 KB; "
        "larger objects go to S3 with a pointer in the item"
    ]


def test_messaging():
    domain = load_domain("messaging")
    stream = decide(
        domain,
        messaging_requirements(pattern="stream", throughput="50k", ordering="per-key", replay=True),
    )
    assert ranked(stream) == ["kinesis", "msk"]
    assert "Replay: no" in excluded(stream)["sqs"]
    routing = decide(domain, messaging_requirements(pattern="routing"))
    assert ranked(routing)[0] == "eventbridge"
    amqp = decide(domain, messaging_requirements(protocol="amqp"))
    assert ranked(amqp) == ["mq"]
    once = decide(domain, messaging_requirements(pattern="queue", delivery="exactly-once"))
    assert ranked(once)[0] == "sqs_fifo"
    fan_out = decide(domain, messaging_requirements(pattern="fan-out"))
    assert ranked(fan_out)[0] == "sns"


def test_compute():
    domain = load_domain("compute")
    spiky = decide(domain, compute_requirements(traffic="spiky", duration="30s", latency_ms="200"))
    assert ranked(spiky)[0] == "lambda"
    gpu = decide(domain, compute_requirements(traffic="steady", gpu=True))
    assert {"lambda", "fargate"} <= set(excluded(gpu))
    assert ranked(gpu)[0] == "ecs_ec2"
    long = decide(domain, compute_requirements(traffic="batch", duration="2h"))
    assert ranked(long)[0] == "batch"
    assert excluded(long)["lambda"][0].startswith("Run time: 2h needed, at most 15m")
    big = decide(domain, compute_requirements(memory="64GB"))
    assert "lambda" in excluded(big) and "fargate" not in excluded(big)


def test_cache_guidance_uses_the_staleness():
    domain = load_domain("cache")
    dynamic = decide(domain, cache_requirements(content="dynamic", staleness="5m"))
    guidance = {e.option.id: e.guidance for e in dynamic.ranked}
    assert "TTL of 5m" in guidance["elasticache"]
    assert "max-age no longer than 5m" in guidance["client"]
    fresh = decide(domain, cache_requirements(content="dynamic", staleness="0s"))
    assert ranked(fresh) == ["elasticache"]
    session = decide(domain, cache_requirements(content="session"))
    assert ranked(session)[0] == "elasticache"
    assert {"client", "cdn"} <= set(excluded(session))
    static = decide(domain, cache_requirements(content="static"))
    assert set(ranked(static)[:2]) == {"client", "cdn"}
    assert "your tolerance" not in (static.winner.guidance or "")


def test_no_option_left():
    decision = decide(load_domain("compute"), compute_requirements(gpu=True, memory="50TB"))
    assert decision.winner is None
    assert decision.to_dict()["recommendation"] is None


def test_bad_requirements():
    domain = load_domain("database")
    with pytest.raises(CalcInputError, match="unknown requirement 'colour'"):
        decide(domain, {"colour": "blue"})
    with pytest.raises(CalcInputError, match="'ledger' is not one of"):
        decide(domain, {"access": "ledger"})
    with pytest.raises(CalcInputError, match="zero or more"):
        decide(domain, {"qps": -1})
    with pytest.raises(CalcInputError, match="--qps: '-5' is negative"):
        database_requirements(qps="-5")
    with pytest.raises(CalcInputError, match="--latency-ms"):
        parse_milliseconds("fast", what="--latency-ms")


def test_requirement_helpers():
    assert parse_milliseconds("10", what="x") == 10
    assert parse_milliseconds("0.5ms", what="x") == 0.5
    assert parse_milliseconds("1s", what="x") == 1000
    assert read_write_mix(9, 1) == "read-heavy"
    assert read_write_mix(1, 1) == "balanced"
    assert read_write_mix(1, 9) == "write-heavy"


def test_json_shape():
    data = database(qps="100k", access="key-value").to_dict()
    assert data["recommendation"] == "dynamodb"
    assert {"ranked", "excluded", "follow_ups", "requirements", "sources"} <= set(data)
    first = data["ranked"][0]
    assert {"score", "criteria", "sources", "limits"} <= set(first)
