"""The cheapest disaster-recovery strategy that meets a recovery time and point objective.

The strategies (backup and restore, pilot light, warm standby, multi-site active/active) and
their typical ranges are data: ``calc/data/dr.yaml``, with its sources. A strategy *meets* an
objective when the slow end of its typical range is within it, and *could stretch* to it when
only the fast end is. The recommendation is the cheapest strategy that meets both objectives;
a cheaper strategy that could stretch to them is named as an alternative, with the caveat.

Example:
    >>> choice = recommend(rto=15 * 60, rpo=60)
    >>> choice.strategy.id, choice.alternative.id if choice.alternative else None
    ('warm_standby', 'pilot_light')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from wellarch.calc.datafile import load_package_yaml
from wellarch.calc.errors import CalcInputError
from wellarch.calc.units import format_duration, parse_duration

__all__ = ["DrChoice", "DrStrategy", "Verdict", "recommend", "strategies"]

_FILE = "data/dr.yaml"
_REQUIREMENTS = ("replication", "infrastructure", "runbooks", "drills")


@dataclass(frozen=True)
class DrStrategy:
    id: str
    name: str
    cost: int
    rto: tuple[float, float]
    rpo: tuple[float, float]
    summary: str
    requires: dict[str, str]

    def range_text(self, which: str) -> str:
        low, high = self.rto if which == "rto" else self.rpo
        return f"{format_duration(low)} – {format_duration(high)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "relative_cost": self.cost,
            "typical_rto_seconds": list(self.rto),
            "typical_rpo_seconds": list(self.rpo),
            "summary": self.summary,
            "requires": dict(self.requires),
        }


@dataclass(frozen=True)
class Verdict:
    """How one strategy fares against the objectives."""

    strategy: DrStrategy
    #: ``meets`` (slow end within both objectives), ``stretch`` (only the fast end), or
    #: ``too_slow``.
    fit: str
    reason: str


@dataclass(frozen=True)
class DrChoice:
    rto: float
    rpo: float
    strategy: DrStrategy
    #: True when even the chosen strategy only meets the objectives at its fast end.
    at_the_edge: bool
    alternative: DrStrategy | None
    verdicts: tuple[Verdict, ...]
    sources: tuple[dict[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: ``{"strategy": "warm_standby", ...}``."""
        chosen = self.strategy.to_dict()
        return {
            "strategy": self.strategy.id,
            "name": self.strategy.name,
            "rto_seconds": self.rto,
            "rpo_seconds": self.rpo,
            "at_the_edge": self.at_the_edge,
            "relative_cost": self.strategy.cost,
            "typical_rto_seconds": chosen["typical_rto_seconds"],
            "typical_rpo_seconds": chosen["typical_rpo_seconds"],
            "summary": self.strategy.summary,
            "requires": chosen["requires"],
            "cheaper_alternative": self.alternative.id if self.alternative else None,
            "strategies": [
                {**v.strategy.to_dict(), "fit": v.fit, "reason": v.reason} for v in self.verdicts
            ],
            "sources": list(self.sources),
        }


def _range(raw: Any, where: str) -> tuple[float, float]:
    if not isinstance(raw, list) or len(raw) != 2:
        raise CalcInputError("expected [fast, slow] durations", file=_FILE, path=where)
    low, high = (parse_duration(str(value), what=f"{_FILE} {where}") for value in raw)
    if low > high:
        raise CalcInputError("the fast end is slower than the slow end", file=_FILE, path=where)
    return low, high


@cache
def _load() -> tuple[tuple[DrStrategy, ...], tuple[dict[str, str], ...]]:
    document = load_package_yaml("wellarch.calc", _FILE)
    result = []
    for index, raw in enumerate(document.get("strategies") or []):
        where = f"$.strategies[{index}]"
        requires = raw.get("requires") or {}
        if sorted(requires) != sorted(_REQUIREMENTS):
            raise CalcInputError(
                f"requires needs {', '.join(_REQUIREMENTS)}", file=_FILE, path=where
            )
        result.append(
            DrStrategy(
                id=str(raw["id"]),
                name=str(raw["name"]),
                cost=int(raw["cost"]),
                rto=_range(raw.get("rto"), f"{where}.rto"),
                rpo=_range(raw.get("rpo"), f"{where}.rpo"),
                summary=str(raw["summary"]),
                requires={key: str(requires[key]) for key in _REQUIREMENTS},
            )
        )
    sources = tuple(
        {"title": str(s["title"]), "url": str(s["url"])} for s in document.get("sources") or []
    )
    if not result or not sources:
        raise CalcInputError("needs strategies and sources", file=_FILE)
    return tuple(sorted(result, key=lambda s: s.cost)), sources


def strategies() -> tuple[DrStrategy, ...]:
    """The strategies, cheapest first."""
    return _load()[0]


def _verdict(strategy: DrStrategy, rto: float, rpo: float) -> Verdict:
    if strategy.rto[1] <= rto and strategy.rpo[1] <= rpo:
        return Verdict(strategy, "meets", "both objectives are within its typical range")
    if strategy.rto[0] <= rto and strategy.rpo[0] <= rpo:
        slow = [
            f"{name} {strategy.range_text(name.lower())}"
            for name, (_, high), goal in (("RTO", strategy.rto, rto), ("RPO", strategy.rpo, rpo))
            if high > goal
        ]
        return Verdict(
            strategy, "stretch", f"only at the fast end of its range ({', '.join(slow)})"
        )
    slow = [
        f"{name} at best {format_duration(low)}"
        for name, (low, _), goal in (("RTO", strategy.rto, rto), ("RPO", strategy.rpo, rpo))
        if low > goal
    ]
    return Verdict(strategy, "too_slow", "; ".join(slow))


def recommend(rto: float, rpo: float) -> DrChoice:
    """The cheapest strategy meeting ``rto`` and ``rpo`` (both in seconds)."""
    if rto < 0 or rpo < 0:
        raise CalcInputError("RTO and RPO must be zero or more")
    verdicts = tuple(_verdict(strategy, rto, rpo) for strategy in strategies())
    meeting = [v.strategy for v in verdicts if v.fit == "meets"]
    stretching = [v.strategy for v in verdicts if v.fit == "stretch"]
    if meeting:
        chosen, edge = meeting[0], False
        cheaper = [s for s in stretching if s.cost < chosen.cost]
        alternative = cheaper[-1] if cheaper else None
    elif stretching:
        chosen, edge, alternative = stretching[-1], True, None
    else:
        chosen, edge, alternative = strategies()[-1], True, None
    return DrChoice(rto, rpo, chosen, edge, alternative, verdicts, _load()[1])
