"""The lens model: pillars → questions → choices, with risk rules (AWS custom-lens semantics).

Objects are immutable; build them with :func:`wellarch.lens.validation.validate_document` (which
checks every AWS limit) rather than by hand.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from enum import StrEnum

from wellarch.lens.condition import Condition, Default

SCHEMA_VERSION = "2021-11-01"


class RuleRisk(StrEnum):
    """The risk a rule assigns, as spelled in the AWS lens format."""

    HIGH_RISK = "HIGH_RISK"
    MEDIUM_RISK = "MEDIUM_RISK"
    NO_RISK = "NO_RISK"

    @property
    def rank(self) -> int:
        """2 for HIGH, 1 for MEDIUM, 0 for NO risk: larger is worse."""
        return {"HIGH_RISK": 2, "MEDIUM_RISK": 1, "NO_RISK": 0}[self.value]


@dataclass(frozen=True, slots=True)
class Resource:
    """A text with an optional link: ``helpfulResource`` and ``improvementPlan``."""

    display_text: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class AdditionalResources:
    """``additionalResources[]``: up to 5 links of one type."""

    type: str  # HELPFUL_RESOURCE | IMPROVEMENT_PLAN
    content: tuple[Resource, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    title: str
    helpful_resource: Resource | None = None
    improvement_plan: Resource | None = None
    additional_resources: tuple[AdditionalResources, ...] = ()
    #: The exclusive "None of these" choice (an id ending in ``_no``).
    none_of_these: bool = False


@dataclass(frozen=True, slots=True)
class RiskRule:
    condition: str
    risk: RuleRisk
    parsed: Condition = field(compare=False, repr=False, default_factory=Default)

    @property
    def is_default(self) -> bool:
        return isinstance(self.parsed, Default)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    title: str
    choices: tuple[Choice, ...]
    risk_rules: tuple[RiskRule, ...]
    description: str | None = None
    helpful_resource: Resource | None = None

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    @property
    def none_choice(self) -> Choice | None:
        return next((c for c in self.choices if c.none_of_these), None)

    @property
    def practices(self) -> tuple[Choice, ...]:
        """Every choice except "None of these"."""
        return tuple(c for c in self.choices if not c.none_of_these)

    @property
    def worst_risk(self) -> RuleRisk:
        """The risk of the ``default`` rule (HIGH_RISK when a lenient lens has none)."""
        default = next((r for r in self.risk_rules if r.is_default), None)
        return default.risk if default else RuleRisk.HIGH_RISK

    def risk_for(self, selected: Set[str]) -> RuleRisk:
        """The risk of an answer: rules in order, the first whose condition holds wins."""
        for rule in self.risk_rules:
            if rule.parsed.evaluate(selected):
                return rule.risk
        return RuleRisk.HIGH_RISK


@dataclass(frozen=True, slots=True)
class Pillar:
    id: str
    name: str
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Lens:
    name: str
    pillars: tuple[Pillar, ...]
    description: str | None = None
    schema_version: str = SCHEMA_VERSION
    _questions: dict[str, tuple[Pillar, Question]] = field(
        init=False, compare=False, repr=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for pillar in self.pillars:
            for question in pillar.questions:
                self._questions[question.id] = (pillar, question)

    def questions(self) -> Iterator[tuple[Pillar, Question]]:
        """Every (pillar, question), in lens order."""
        for pillar in self.pillars:
            for question in pillar.questions:
                yield pillar, question

    def question(self, question_id: str) -> Question | None:
        found = self._questions.get(question_id)
        return found[1] if found else None

    def pillar_of(self, question_id: str) -> Pillar | None:
        found = self._questions.get(question_id)
        return found[0] if found else None

    def pillar(self, pillar_id: str) -> Pillar | None:
        return next((p for p in self.pillars if p.id == pillar_id), None)

    @property
    def question_count(self) -> int:
        return len(self._questions)
