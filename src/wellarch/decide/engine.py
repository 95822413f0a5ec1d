"""Requirements in, ranked advice out.

Every option of a domain is judged by every criterion whose requirement was given (ratings
always). An option that violates a hard requirement is excluded with the reason; the others
are ranked by the weighted mean of their scores, and each score keeps its explanation. The
answer ends with the questions a reviewer or interviewer is likely to ask next, with good
answers, from the winner's data and the domain's.

Example:
    >>> decision = decide(load_domain("database"), {"qps": 100_000, "latency_ms": 10,
    ...     "consistency": "eventual", "access": "key-value"})
    >>> decision.winner.option.id
    'dynamodb'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wellarch.calc.errors import CalcInputError
from wellarch.calc.units import format_count, format_duration, format_number, format_size
from wellarch.decide.criteria import Assessment, assess
from wellarch.decide.model import Domain, FollowUp, Option, Requirement, load_domain

__all__ = ["Decision", "Evaluation", "decide", "describe_requirement", "load_domain"]


@dataclass(frozen=True)
class Evaluation:
    """One option judged against the requirements."""

    option: Option
    assessments: tuple[Assessment, ...]
    guidance: str | None = None

    @property
    def excluded(self) -> bool:
        return any(a.excluded for a in self.assessments)

    @property
    def reasons(self) -> list[str]:
        """Why the option is excluded: one line per violated requirement."""
        return [f"{a.label}: {a.note}" for a in self.assessments if a.excluded]

    @property
    def score(self) -> float:
        """Weighted mean of the scores, between 0 and 1 (0 when excluded)."""
        if self.excluded:
            return 0.0
        scored = [a for a in self.assessments if a.score is not None and a.weight > 0]
        total = sum(a.weight for a in scored)
        return sum(a.weight * (a.score or 0.0) for a in scored) / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = self.option.to_dict()
        data["score"] = round(self.score * 100, 1)
        data["excluded"] = self.excluded
        data["reasons"] = self.reasons
        data["criteria"] = [a.to_dict() for a in self.assessments]
        if self.guidance:
            data["guidance"] = self.guidance
        return data


@dataclass(frozen=True)
class Decision:
    domain: Domain
    requirements: Mapping[str, Any]
    ranked: tuple[Evaluation, ...]
    excluded: tuple[Evaluation, ...]

    @property
    def winner(self) -> Evaluation | None:
        return self.ranked[0] if self.ranked else None

    @property
    def margin(self) -> float | None:
        """Points (of 100) between the first and the second option."""
        if len(self.ranked) < 2:
            return None
        return round((self.ranked[0].score - self.ranked[1].score) * 100, 1)

    def follow_ups(self) -> tuple[FollowUp, ...]:
        own = self.winner.option.follow_ups if self.winner else ()
        return own + self.domain.follow_ups

    def context(self) -> list[tuple[str, str]]:
        """The requirements asked for, as ``(label, value)`` pairs in the domain's order."""
        return [
            (requirement.label, describe_requirement(requirement, self.requirements[key]))
            for key, requirement in self.domain.requirements.items()
            if self.requirements.get(key) not in (None, False)
        ]

    def to_dict(self) -> dict[str, Any]:
        winner = self.winner
        return {
            "domain": self.domain.id,
            "question": self.domain.question,
            "requirements": {k: v for k, v in self.requirements.items() if v is not None},
            "recommendation": winner.option.id if winner else None,
            "margin": self.margin,
            "ranked": [e.to_dict() for e in self.ranked],
            "excluded": [e.to_dict() for e in self.excluded],
            "follow_ups": [f.to_dict() for f in self.follow_ups()],
            "sources": [s.to_dict() for s in self.domain.sources],
        }


def describe_requirement(requirement: Requirement, value: Any) -> str:
    """A requirement's value for people: ``100k/s``, ``10 ms``, ``4 KB``, ``yes``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        unit = requirement.unit
        if unit == "count":
            return format_count(value)
        if unit == "bytes":
            return format_size(value)
        if unit == "seconds":
            return format_duration(value)
        if unit == "ms":
            return f"{format_number(value)} ms"
        return format_number(value)
    return str(value)


def _check(domain: Domain, requirements: Mapping[str, Any]) -> None:
    for key, value in requirements.items():
        if key not in domain.requirements:
            raise CalcInputError(f"{domain.id}: unknown requirement {key!r}")
        choices = domain.requirements[key].values
        if value is not None and choices and value not in choices:
            raise CalcInputError(f"{key}: {value!r} is not one of {', '.join(choices)}")
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            raise CalcInputError(f"{domain.requirements[key].label}: must be zero or more")


def _fill(text: str, domain: Domain, requirements: Mapping[str, Any]) -> str:
    """Replace ``{requirement}`` placeholders with the values asked for."""

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if requirements.get(key) is None or key not in domain.requirements:
            return "your tolerance"
        return describe_requirement(domain.requirements[key], requirements[key])

    return re.sub(r"\{(\w+)\}", value, text)


def decide(domain: Domain, requirements: Mapping[str, Any]) -> Decision:
    """Rank the domain's options for ``requirements`` (a mapping of requirement id → value)."""
    _check(domain, requirements)
    evaluations = []
    guidance_key = requirements.get(domain.guidance_by) if domain.guidance_by else None
    for option in domain.options:
        assessments = []
        for criterion in domain.criteria:
            wanted = requirements.get(criterion.requirement) if criterion.requirement else None
            result = assess(criterion, option.fields.get(criterion.field), wanted)
            if result is not None:
                assessments.append(result)
        guidance = option.guidance.get(str(guidance_key)) if guidance_key is not None else None
        if guidance is not None:
            guidance = _fill(guidance, domain, requirements)
        evaluations.append(Evaluation(option, tuple(assessments), guidance))
    ranked = sorted((e for e in evaluations if not e.excluded), key=lambda e: -e.score)
    excluded = tuple(e for e in evaluations if e.excluded)
    return Decision(domain, dict(requirements), tuple(ranked), excluded)
