"""Back-of-the-envelope capacity: traffic, bandwidth, storage, cores and memory.

The usual interview estimate, made exact and explained: every figure comes with the formula
and the numbers that produced it, so a reader can check (or challenge) each step.

    daily requests = users × requests per user
    average QPS    = daily requests ÷ 86,400 s
    peak QPS       = average QPS × peak factor              (typically 2–5)
    reads / writes = peak QPS split by the read:write ratio
    bandwidth      = peak QPS × object size
    storage        = users × storage per user × replication × (1 + growth)^years
    cores          = ⌈peak QPS ÷ requests per core⌉         (typically 100–1,000 per core)
    memory         = users × memory per user

Example:
    >>> plan = estimate(CapacityInputs(users=10e6, requests_per_user=50))
    >>> round(plan.average_qps, 2), round(plan.peak_qps, 1), plan.cores
    (5787.04, 17361.1, 35)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from wellarch.calc.errors import CalcInputError
from wellarch.calc.units import (
    DAY,
    format_count,
    format_number,
    format_size,
    parse_count,
    parse_growth,
    parse_number,
    parse_ratio,
    parse_size,
)

__all__ = [
    "DEFAULTS",
    "LABELS",
    "CapacityInputs",
    "CapacityLine",
    "CapacityPlan",
    "estimate",
    "parse_inputs",
]


@dataclass(frozen=True)
class CapacityInputs:
    """What the estimate starts from; sizes in bytes, growth as a yearly fraction."""

    users: float
    requests_per_user: float
    peak_factor: float = 3.0
    object_size: float = 2e3
    storage_per_user: float = 2e6
    replication: float = 3.0
    requests_per_core: float = 500.0
    memory_per_user: float = 1e3
    read_share: tuple[float, float] = (9.0, 1.0)
    growth: float = 0.0
    years: float = 0.0
    #: Names of the fields the user did not give (shown as assumptions).
    assumed: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        positive = ("users", "requests_per_user", "requests_per_core")
        for name in positive:
            if not getattr(self, name) > 0:
                raise CalcInputError(f"{_option(name)} must be more than zero")
        for name in ("object_size", "storage_per_user", "memory_per_user", "years"):
            if getattr(self, name) < 0:
                raise CalcInputError(f"{_option(name)} must be zero or more")
        if self.peak_factor < 1:
            raise CalcInputError("--peak-factor must be 1 or more: a peak is never below average")
        if self.replication < 1:
            raise CalcInputError("--replication must be 1 or more (1 = a single copy)")
        if self.growth <= -1:
            raise CalcInputError("--growth must be above -100%")


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


#: The default of every optional input, as the CLI shows it.
DEFAULTS: dict[str, str] = {
    "peak_factor": "3",
    "object_size": "2KB",
    "storage_per_user": "2MB",
    "replication": "3",
    "requests_per_core": "500",
    "memory_per_user": "1KB",
    "read_write": "9:1",
}


#: How each optional input reads in a sentence ("Assumed (defaults): peak factor 3, …").
LABELS: dict[str, str] = {
    "peak_factor": "peak factor",
    "object_size": "object size",
    "storage_per_user": "storage per user",
    "replication": "replication",
    "requests_per_core": "requests per core",
    "memory_per_user": "memory per user",
    "read_write": "read:write",
}

_PARSERS: dict[str, Callable[..., float]] = {
    "peak_factor": parse_number,
    "object_size": parse_size,
    "storage_per_user": parse_size,
    "replication": parse_number,
    "requests_per_core": parse_count,
    "memory_per_user": parse_size,
}


def parse_inputs(options: Mapping[str, str | None]) -> CapacityInputs:
    """The inputs from text as a person typed it, keyed by field name (``users``,
    ``requests_per_user``, ``peak_factor``, ``read_write``, ``growth``, ``years``, …).

    A missing (``None``) optional input takes its default from :data:`DEFAULTS` and is
    recorded in ``assumed``. Errors name the input as the command line's option
    (``--peak-factor: cannot read 'x' as a number``).
    """
    values: dict[str, Any] = {
        "users": parse_count(options.get("users") or "", what="--users"),
        "requests_per_user": parse_count(
            options.get("requests_per_user") or "", what="--requests-per-user"
        ),
    }
    assumed = set()
    for name, parse in _PARSERS.items():
        raw = options.get(name)
        if raw is None:
            assumed.add(name)
            raw = DEFAULTS[name]
        values[name] = parse(raw, what=_option(name))
    ratio = options.get("read_write")
    if ratio is None:
        assumed.add("read_write")
    values["read_share"] = parse_ratio(ratio or DEFAULTS["read_write"], what="--read-write")
    growth, years = options.get("growth"), options.get("years")
    if growth is not None and years is None:
        raise CalcInputError("--growth needs --years: how many years of growth to plan for")
    values["growth"] = 0.0 if growth is None else parse_growth(growth, what="--growth")
    values["years"] = 0.0 if years is None else parse_number(years, what="--years")
    return CapacityInputs(**values, assumed=frozenset(assumed))


@dataclass(frozen=True)
class CapacityLine:
    """One figure of the estimate: its key, value, how it reads, and how it was computed."""

    key: str
    label: str
    value: float
    display: str
    formula: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "display": self.display,
            "formula": self.formula,
        }


@dataclass(frozen=True)
class CapacityPlan:
    inputs: CapacityInputs
    lines: tuple[CapacityLine, ...]

    def value(self, key: str) -> float:
        return next(line.value for line in self.lines if line.key == key)

    @property
    def average_qps(self) -> float:
        return self.value("average_qps")

    @property
    def peak_qps(self) -> float:
        return self.value("peak_qps")

    @property
    def cores(self) -> int:
        return int(self.value("cores"))

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: every figure by key, plus ``inputs`` and the explained lines."""
        data: dict[str, Any] = {line.key: _json_number(line.value) for line in self.lines}
        inputs = {f.name: getattr(self.inputs, f.name) for f in fields(self.inputs)}
        inputs["read_share"] = list(self.inputs.read_share)
        inputs["assumed"] = sorted(self.inputs.assumed)
        data["inputs"] = inputs
        data["lines"] = [line.to_dict() for line in self.lines]
        return data


def _json_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else round(value, 6)


def _rate(value: float) -> str:
    return f"{format_number(value)}/s"


def _bandwidth(bytes_per_second: float) -> str:
    return f"{format_size(bytes_per_second, suffix='/s')} ({_bits(bytes_per_second * 8)})"


def _bits(bits_per_second: float) -> str:
    return format_size(bits_per_second, suffix="/s").replace("B/s", "bit/s")


def estimate(inputs: CapacityInputs) -> CapacityPlan:
    """Every figure of the estimate, each with its formula."""
    i = inputs
    reads, writes = i.read_share
    read_fraction = reads / (reads + writes)
    daily = i.users * i.requests_per_user
    average = daily / DAY
    peak = average * i.peak_factor
    users, rpu = format_count(i.users), format_number(i.requests_per_user)
    ratio = f"{format_number(reads)}:{format_number(writes)}"
    growth_factor = (1 + i.growth) ** i.years
    base_storage = i.users * i.storage_per_user
    replicated = base_storage * i.replication
    lines = [
        CapacityLine(
            "daily_requests",
            "Requests per day",
            daily,
            f"{format_count(daily)} ({daily:,.0f})",
            f"users × requests per user = {users} × {rpu}",
        ),
        CapacityLine(
            "average_qps",
            "Average QPS",
            average,
            _rate(average),
            f"daily requests ÷ 86,400 s = {format_count(daily)} ÷ 86,400",
        ),
        CapacityLine(
            "peak_qps",
            "Peak QPS",
            peak,
            _rate(peak),
            f"average QPS × peak factor = {format_number(average)} × "
            f"{format_number(i.peak_factor)}",
        ),
        CapacityLine(
            "read_qps",
            "Peak reads",
            peak * read_fraction,
            _rate(peak * read_fraction),
            f"peak QPS × {format_number(reads)}/({ratio.replace(':', '+')}) (read:write {ratio})",
        ),
        CapacityLine(
            "write_qps",
            "Peak writes",
            peak * (1 - read_fraction),
            _rate(peak * (1 - read_fraction)),
            f"peak QPS × {format_number(writes)}/({ratio.replace(':', '+')})",
        ),
        CapacityLine(
            "peak_bandwidth_bytes",
            "Peak bandwidth",
            peak * i.object_size,
            _bandwidth(peak * i.object_size),
            f"peak QPS × object size = {format_number(peak)} × {format_size(i.object_size)}",
        ),
        CapacityLine(
            "daily_transfer_bytes",
            "Data served per day",
            daily * i.object_size,
            format_size(daily * i.object_size),
            f"daily requests × object size = {format_count(daily)} × {format_size(i.object_size)}",
        ),
        CapacityLine(
            "storage_bytes_raw",
            "Storage, one copy",
            base_storage,
            format_size(base_storage),
            f"users × storage per user = {users} × {format_size(i.storage_per_user)}",
        ),
        CapacityLine(
            "storage_bytes_replicated",
            "Storage, replicated",
            replicated,
            format_size(replicated),
            f"one copy × replication = {format_size(base_storage)} × "
            f"{format_number(i.replication)}",
        ),
        CapacityLine(
            "storage_bytes",
            "Storage to plan for",
            replicated * growth_factor,
            format_size(replicated * growth_factor),
            f"replicated × (1 + growth)^years = {format_size(replicated)} × "
            f"(1 + {format_number(i.growth * 100)}%)^{format_number(i.years)} "
            f"= × {format_number(growth_factor)}",
        ),
        CapacityLine(
            "cores",
            "CPU cores at peak",
            float(math.ceil(peak / i.requests_per_core)),
            f"{math.ceil(peak / i.requests_per_core):,}",
            f"⌈peak QPS ÷ requests per core⌉ = ⌈{format_number(peak)} ÷ "
            f"{format_number(i.requests_per_core)}⌉",
        ),
        CapacityLine(
            "memory_bytes",
            "Memory",
            i.users * i.memory_per_user,
            format_size(i.users * i.memory_per_user),
            f"users × memory per user = {users} × {format_size(i.memory_per_user)}",
        ),
    ]
    return CapacityPlan(inputs, tuple(lines))
