"""A weighted decision matrix with sensitivity analysis.

The matrix is a YAML file: criteria with weights, options with a score per criterion::

    title: Monitoring - build or buy
    context: Five engineers, three months to production, 99.9 % uptime target.
    criteria:
      - {name: time to market, weight: 3}
      - {name: cost over 3 years, weight: 2}
      - {name: customisation, weight: 1}
    options:
      - name: Build on Prometheus and Grafana
        scores: {time to market: 2, cost over 3 years: 4, customisation: 5}
        cons: [Team learning curve, ongoing maintenance]
      - name: Buy a SaaS product
        scores: {time to market: 5, cost over 3 years: 2, customisation: 3}

An option's total is the weighted mean of its scores. Sensitivity analysis asks, for each
criterion, how far its weight alone must move before another option wins: the totals are
linear in each weight, so the point where a challenger catches up is exact. A decision that a
small change of one weight overturns deserves a second look at that weight.

Example:
    >>> matrix = parse_matrix({"criteria": {"speed": 2, "cost": 1}, "options": [
    ...     {"name": "A", "scores": {"speed": 5, "cost": 1}},
    ...     {"name": "B", "scores": {"speed": 2, "cost": 5}}]}, file="m.yaml")
    >>> result = evaluate(matrix)
    >>> result.winner.name, result.flips[0].describe()
    ('A', "lowering the weight of 'speed' from 2 to below 1.33 makes 'B' win")
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wellarch.calc.datafile import load_yaml_file
from wellarch.calc.errors import CalcInputError
from wellarch.calc.units import format_number

__all__ = [
    "Flip",
    "Matrix",
    "MatrixCriterion",
    "MatrixOption",
    "MatrixResult",
    "evaluate",
    "load_matrix",
    "parse_matrix",
]


@dataclass(frozen=True)
class MatrixCriterion:
    name: str
    weight: float
    description: str = ""


@dataclass(frozen=True)
class MatrixOption:
    name: str
    scores: Mapping[str, float]
    pros: tuple[str, ...] = ()
    cons: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class Matrix:
    title: str
    context: str
    criteria: tuple[MatrixCriterion, ...]
    options: tuple[MatrixOption, ...]


@dataclass(frozen=True)
class Flip:
    """The weight of ``criterion`` at which ``winner`` would lose to ``challenger``."""

    criterion: str
    weight: float
    threshold: float
    challenger: str

    @property
    def change(self) -> float:
        return self.threshold - self.weight

    def describe(self) -> str:
        verb = "raising" if self.change > 0 else "lowering"
        sign = "above" if self.change > 0 else "below"
        return (
            f"{verb} the weight of {self.criterion!r} from {format_number(self.weight)} to "
            f"{sign} {format_number(self.threshold)} makes {self.challenger!r} win"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "weight": self.weight,
            "threshold": round(self.threshold, 6),
            "challenger": self.challenger,
            "description": self.describe(),
        }


@dataclass(frozen=True)
class Ranked:
    option: MatrixOption
    total: float


@dataclass(frozen=True)
class MatrixResult:
    matrix: Matrix
    ranking: tuple[Ranked, ...]
    flips: tuple[Flip, ...]
    #: Criteria whose weight alone cannot change the winner.
    stable: tuple[str, ...] = field(default=())

    @property
    def winner(self) -> MatrixOption:
        return self.ranking[0].option

    @property
    def tie(self) -> bool:
        return len(self.ranking) > 1 and abs(self.ranking[0].total - self.ranking[1].total) < 1e-9

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.matrix.title,
            "winner": self.winner.name,
            "tie": self.tie,
            "criteria": [{"name": c.name, "weight": c.weight} for c in self.matrix.criteria],
            "ranking": [
                {"name": r.option.name, "total": round(r.total, 6), "scores": dict(r.option.scores)}
                for r in self.ranking
            ],
            "sensitivity": [flip.to_dict() for flip in self.flips],
            "stable_criteria": list(self.stable),
        }


def _number(value: Any, *, file: str, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CalcInputError("expected a number", file=file, path=path)
    return float(value)


def _texts(value: Any, *, file: str, path: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CalcInputError("expected a list of texts", file=file, path=path)
    return tuple(value)


def _criteria(raw: Any, file: str) -> tuple[MatrixCriterion, ...]:
    if isinstance(raw, dict):
        raw = [{"name": name, "weight": weight} for name, weight in raw.items()]
    if not isinstance(raw, list) or not raw:
        raise CalcInputError(
            "expected a list of criteria with weights", file=file, path="$.criteria"
        )
    result = []
    for index, item in enumerate(raw):
        where = f"$.criteria[{index}]"
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            raise CalcInputError("expected {name, weight}", file=file, path=where)
        weight = _number(item.get("weight", 1), file=file, path=f"{where}.weight")
        if weight < 0:
            raise CalcInputError("weights must be zero or more", file=file, path=f"{where}.weight")
        result.append(
            MatrixCriterion(str(item["name"]).strip(), weight, str(item.get("description", "")))
        )
    names = [c.name for c in result]
    if len(set(names)) != len(names):
        raise CalcInputError("criterion names must be unique", file=file, path="$.criteria")
    if sum(c.weight for c in result) <= 0:
        raise CalcInputError("at least one weight must be above zero", file=file, path="$.criteria")
    return tuple(result)


def _option(
    item: Any, index: int, criteria: tuple[MatrixCriterion, ...], file: str
) -> MatrixOption:
    where = f"$.options[{index}]"
    if not isinstance(item, dict) or not str(item.get("name", "")).strip():
        raise CalcInputError("expected {name, scores}", file=file, path=where)
    scores = item.get("scores")
    if not isinstance(scores, dict):
        raise CalcInputError(
            "expected a score for each criterion", file=file, path=f"{where}.scores"
        )
    names = {c.name for c in criteria}
    for name in scores:
        if name not in names:
            raise CalcInputError(f"{name!r} is not a criterion", file=file, path=f"{where}.scores")
    parsed = {}
    for criterion in criteria:
        if criterion.name not in scores:
            raise CalcInputError(
                f"no score for {criterion.name!r}", file=file, path=f"{where}.scores"
            )
        parsed[criterion.name] = _number(
            scores[criterion.name], file=file, path=f"{where}.scores.{criterion.name}"
        )
    return MatrixOption(
        name=str(item["name"]).strip(),
        scores=parsed,
        pros=_texts(item.get("pros"), file=file, path=f"{where}.pros"),
        cons=_texts(item.get("cons"), file=file, path=f"{where}.cons"),
        notes=str(item.get("notes", "")),
    )


def parse_matrix(document: Mapping[str, Any], *, file: str) -> Matrix:
    """A matrix from a parsed YAML document; problems name the file and JSON path."""
    criteria = _criteria(document.get("criteria"), file)
    raw_options = document.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        raise CalcInputError("expected at least two options", file=file, path="$.options")
    options = tuple(_option(item, i, criteria, file) for i, item in enumerate(raw_options))
    names = [o.name for o in options]
    if len(set(names)) != len(names):
        raise CalcInputError("option names must be unique", file=file, path="$.options")
    return Matrix(
        title=str(document.get("title") or Path(file).stem),
        context=str(document.get("context") or "").strip(),
        criteria=criteria,
        options=options,
    )


def load_matrix(path: str | Path) -> Matrix:
    return parse_matrix(load_yaml_file(path), file=str(path))


def _total(option: MatrixOption, weights: Mapping[str, float]) -> float:
    total_weight = sum(weights.values())
    return sum(weights[name] * option.scores[name] for name in weights) / total_weight


def evaluate(matrix: Matrix) -> MatrixResult:
    """Rank the options and find, per criterion, the weight that changes the winner."""
    weights = {c.name: c.weight for c in matrix.criteria}
    ranking = sorted(
        (Ranked(option, _total(option, weights)) for option in matrix.options),
        key=lambda r: -r.total,
    )
    winner = ranking[0].option
    flips, stable = [], []
    for criterion in matrix.criteria:
        best: Flip | None = None
        for challenger in matrix.options:
            if challenger is winner:
                continue
            # Σ w·(challenger − winner) ≤ 0 now; it grows by δ·gap when this weight moves by δ.
            lead = sum(weights[n] * (challenger.scores[n] - winner.scores[n]) for n in weights)
            gap = challenger.scores[criterion.name] - winner.scores[criterion.name]
            if gap == 0:
                continue
            threshold = criterion.weight - lead / gap
            if gap < 0 and threshold <= 0:
                continue  # the weight would have to go below zero
            candidate = Flip(criterion.name, criterion.weight, threshold, challenger.name)
            if best is None or abs(candidate.change) < abs(best.change):
                best = candidate
        if best is None:
            stable.append(criterion.name)
        else:
            flips.append(best)
    flips.sort(key=lambda flip: abs(flip.change) / max(flip.weight, 1e-9))
    return MatrixResult(matrix, tuple(ranking), tuple(flips), tuple(stable))
