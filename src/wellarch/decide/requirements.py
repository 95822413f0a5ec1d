"""Requirements of each shipped domain, from the text a person typed.

The CLI (and any other front end) passes options as strings; these functions parse them with
:mod:`wellarch.calc.units` and derive the figures the criteria compare: a database's peak
reads and writes from its QPS and read:write ratio, and its read/write mix.

Example:
    >>> database_requirements(qps="100k", latency_ms="10", consistency="eventual",
    ...                       access="key-value", read_write="9:1")["read_qps"]
    90000.0
"""

from __future__ import annotations

import math
from typing import Any

from wellarch.calc.errors import CalcInputError
from wellarch.calc.units import parse_count, parse_duration, parse_ratio, parse_size

__all__ = [
    "cache_requirements",
    "compute_requirements",
    "database_requirements",
    "messaging_requirements",
    "parse_milliseconds",
    "read_write_mix",
]


def parse_milliseconds(text: str, *, what: str) -> float:
    """A latency in milliseconds: ``10``, ``10ms``, ``0.5ms`` or a duration such as ``1s``."""
    stripped = text.strip().lower().removesuffix("ms")
    try:
        value = float(stripped)
    except ValueError:
        return parse_duration(text, what=what) * 1000
    if not math.isfinite(value) or value < 0:
        raise CalcInputError(f"{what}: {text!r} must be a latency of zero or more milliseconds")
    return value


def read_write_mix(reads: float, writes: float) -> str:
    """``read-heavy`` (≥ 75 % reads), ``write-heavy`` (≤ 25 %) or ``balanced``."""
    share = reads / (reads + writes)
    if share >= 0.75:
        return "read-heavy"
    if share <= 0.25:
        return "write-heavy"
    return "balanced"


def _optional(text: str | None, parse: Any, what: str) -> Any:
    return None if text is None else parse(text, what=what)


def database_requirements(
    *,
    qps: str,
    latency_ms: str | None = None,
    consistency: str | None = None,
    access: str | None = None,
    read_write: str = "9:1",
    item_size: str | None = None,
    durable: bool = True,
) -> dict[str, Any]:
    total = parse_count(qps, what="--qps")
    reads, writes = parse_ratio(read_write, what="--read-write")
    share = reads / (reads + writes)
    return {
        "qps": total,
        "read_qps": total * share,
        "write_qps": total * (1 - share),
        "latency_ms": _optional(latency_ms, parse_milliseconds, "--latency-ms"),
        "consistency": consistency,
        "access": access,
        "mix": read_write_mix(reads, writes),
        "item_size": _optional(item_size, parse_size, "--item-size"),
        "durable": durable,
    }


def messaging_requirements(
    *,
    throughput: str | None = None,
    pattern: str | None = None,
    ordering: str | None = None,
    delivery: str | None = None,
    replay: bool = False,
    latency_ms: str | None = None,
    protocol: str | None = None,
) -> dict[str, Any]:
    return {
        "throughput": _optional(throughput, parse_count, "--throughput"),
        "pattern": pattern,
        "ordering": ordering,
        "delivery": delivery,
        "replay": replay,
        "latency_ms": _optional(latency_ms, parse_milliseconds, "--latency-ms"),
        "protocol": protocol,
    }


def compute_requirements(
    *,
    traffic: str | None = None,
    duration: str | None = None,
    latency_ms: str | None = None,
    memory: str | None = None,
    vcpus: str | None = None,
    gpu: bool = False,
) -> dict[str, Any]:
    return {
        "traffic": traffic,
        "duration": _optional(duration, parse_duration, "--duration"),
        "latency_ms": _optional(latency_ms, parse_milliseconds, "--latency-ms"),
        "memory": _optional(memory, parse_size, "--memory"),
        "vcpus": _optional(vcpus, parse_count, "--vcpus"),
        "gpu": gpu,
    }


def cache_requirements(
    *, content: str | None = None, staleness: str | None = None
) -> dict[str, Any]:
    return {
        "content": content,
        "staleness": _optional(staleness, parse_duration, "--staleness"),
    }
