"""How one criterion judges one option against one requirement.

Each criterion has a *kind*; an option's field may carry a note as ``{value: X, note: "..."}``.

============  ==========================================  ==================================
kind          option field                                judgement
============  ==========================================  ==================================
``fit``       ``{value: {score: 0–3, note}}`` per choice  score ÷ 3; 0 excludes the option
``supports``  list of values, or ``{value: note}``        excluded unless the value is there
``latency``   ``[typical, slow end]`` in ms               excluded if typical > target; partial
                                                          when only the slow end misses it
``ceiling``   maximum (``10M``, ``400KB``); absent = none  excluded above it; more headroom
                                                          scores higher (1.0 from 10×)
``limit``     maximum; absent = no limit                  excluded above it; no score
``floor``     minimum (``1s``)                            excluded below it; no score
``flag``      true or false                               asked for but false excludes
``rating``    a value scored by the criterion's scores    always scored; never excludes
============  ==========================================  ==================================

Example:
    >>> from wellarch.decide.model import load_domain
    >>> domain = load_domain("database")
    >>> latency = next(c for c in domain.criteria if c.kind == "latency")
    >>> assess(latency, [1, 9], 10).score
    1.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wellarch.calc.errors import CalcInputError
from wellarch.calc.units import (
    format_count,
    format_duration,
    format_number,
    format_size,
    parse_count,
    parse_duration,
    parse_size,
)

if TYPE_CHECKING:
    from wellarch.decide.model import Criterion

__all__ = ["Assessment", "assess", "check_field", "field_value"]


@dataclass(frozen=True)
class Assessment:
    """The judgement of one criterion on one option."""

    criterion: str
    label: str
    weight: float
    #: Between 0 and 1; ``None`` for a check that passes without a score (limits, floors).
    score: float | None
    excluded: bool
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "label": self.label,
            "weight": self.weight,
            "score": None if self.score is None else round(self.score, 4),
            "excluded": self.excluded,
            "note": self.note,
        }


def field_value(raw: Any) -> tuple[Any, str]:
    """``(value, note)`` of a field written as ``X`` or ``{value: X, note: "..."}``."""
    if isinstance(raw, dict) and "value" in raw:
        return raw["value"], str(raw.get("note", "")).strip()
    return raw, ""


_PARSERS: dict[str, Callable[..., float]] = {
    "count": parse_count,
    "bytes": parse_size,
    "seconds": parse_duration,
}
_FORMATS: dict[str, Callable[[float], str]] = {
    "count": format_count,
    "bytes": format_size,
    "seconds": format_duration,
}


def _quantity(value: Any, unit: str) -> float:
    if isinstance(value, bool):
        raise CalcInputError("expected a quantity, not true/false")
    if isinstance(value, int | float) and unit != "seconds":
        return float(value)
    parse = _PARSERS.get(unit)
    return parse(str(value)) if parse else float(value)


def _show(value: float, unit: str) -> str:
    return _FORMATS.get(unit, format_number)(value)


def check_field(criterion: Criterion, raw: Any, choices: tuple[str, ...]) -> str | None:
    """What is wrong with an option's field for ``criterion``, or ``None``."""
    value, _ = field_value(raw)
    kind = criterion.kind
    try:
        if kind == "fit":
            if not isinstance(value, dict):
                return "expected a mapping of each choice to {score, note}"
            missing = [choice for choice in choices if choice not in value]
            if missing:
                return f"no fit given for {', '.join(missing)}"
            for choice, entry in value.items():
                score = entry.get("score") if isinstance(entry, dict) else None
                if score not in (0, 1, 2, 3) or not str(entry.get("note", "")).strip():
                    return f"{choice}: expected {{score: 0-3, note: text}}"
        elif kind == "supports":
            if not isinstance(value, list | dict) or any(v not in choices for v in value):
                return f"expected a list of values among {', '.join(choices)}"
        elif kind == "latency":
            if not (isinstance(value, list) and len(value) == 2) or not 0 <= value[0] <= value[1]:
                return "expected [typical, slow end] in milliseconds"
        elif kind in ("ceiling", "limit", "floor"):
            if value is not None:
                _quantity(value, criterion.unit)
        elif kind == "flag":
            if not isinstance(value, bool):
                return "expected true or false"
        elif kind == "rating" and value not in criterion.scores:
            return f"expected one of {', '.join(criterion.scores)}"
    except (CalcInputError, ValueError, TypeError, AttributeError) as exc:
        return str(exc)
    return None


def _result(
    criterion: Criterion, score: float | None, note: str, *, excluded: bool = False, extra: str = ""
) -> Assessment:
    text = f"{note}; {extra}" if extra else note
    return Assessment(criterion.id, criterion.label, criterion.weight, score, excluded, text)


def assess(criterion: Criterion, raw: Any, wanted: Any) -> Assessment | None:
    """Judge a field (``raw``) against the requirement (``wanted``); ``None`` = not asked."""
    value, note = field_value(raw)
    kind = criterion.kind
    if kind == "rating":
        return _result(criterion, criterion.scores[value], f"{value}", extra=note)
    if wanted is None or (kind == "flag" and wanted is False):
        return None
    if kind == "fit":
        entry: Mapping[str, Any] = value[wanted]
        points = int(entry["score"])
        text = f"{wanted}: {entry['note']}"
        return _result(criterion, points / 3, text, excluded=points == 0)
    if kind == "supports":
        if wanted in value:
            detail = value[wanted] if isinstance(value, dict) else ""
            return _result(criterion, 1.0, f"{wanted}: supported", extra=str(detail or note))
        offered = ", ".join(value) or "nothing"
        return _result(criterion, 0.0, f"no {wanted} (offers {offered})", excluded=True, extra=note)
    if kind == "flag":
        if value:
            return _result(criterion, 1.0, "yes", extra=note)
        return _result(criterion, 0.0, "no", excluded=True, extra=note)
    if kind == "latency":
        return _latency(criterion, float(value[0]), float(value[1]), float(wanted), note)
    if value is None:
        if kind == "ceiling":
            return _result(criterion, 1.0, "no practical ceiling", extra=note)
        return None
    limit = _quantity(value, criterion.unit)
    shown, needed = _show(limit, criterion.unit), _show(float(wanted), criterion.unit)
    if kind == "floor":
        if float(wanted) < limit:
            return _result(
                criterion,
                None,
                f"needs at least {shown}, asked for {needed}",
                excluded=True,
                extra=note,
            )
        return _result(criterion, None, f"{needed} is within its minimum of {shown}", extra=note)
    if float(wanted) > limit:
        return _result(
            criterion, 0.0, f"{needed} needed, at most {shown}", excluded=True, extra=note
        )
    if kind == "limit":
        return _result(criterion, None, f"{needed} is within its limit of {shown}", extra=note)
    headroom = math.inf if float(wanted) == 0 else limit / float(wanted)
    score = 1.0 if headroom >= 10 else 0.5 + 0.5 * math.log10(headroom)
    room = "ample" if math.isinf(headroom) else f"{format_number(headroom)}x headroom"
    return _result(
        criterion, score, f"{needed} needed, about {shown} possible ({room})", extra=note
    )


def _latency(
    criterion: Criterion, typical: float, slow: float, target: float, note: str
) -> Assessment:
    shown = f"typically {format_number(typical)} ms, up to {format_number(slow)} ms"
    if typical > target:
        return _result(
            criterion, 0.0, f"{shown}: misses {format_number(target)} ms", excluded=True, extra=note
        )
    if slow <= target:
        return _result(criterion, 1.0, f"{shown}: within {format_number(target)} ms", extra=note)
    score = 1 - 0.5 * (slow - target) / (slow - typical)
    return _result(
        criterion, score, f"{shown}: the slow end can miss {format_number(target)} ms", extra=note
    )
