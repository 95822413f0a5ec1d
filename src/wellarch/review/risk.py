"""Risk of every question of a lens review, and counts per pillar, lens and workload."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from wellarch.lens.catalog import LensEntry
from wellarch.lens.model import Pillar, Question, RuleRisk
from wellarch.review.answer import Answer

__all__ = ["LensReview", "PillarReview", "QuestionReview", "Risk", "count", "question_risk"]


class Risk(StrEnum):
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    NONE = "NONE"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    UNANSWERED = "UNANSWERED"

    @classmethod
    def from_rule(cls, risk: RuleRisk) -> Risk:
        return {
            RuleRisk.HIGH_RISK: cls.HIGH,
            RuleRisk.MEDIUM_RISK: cls.MEDIUM,
            RuleRisk.NO_RISK: cls.NONE,
        }[risk]


def question_risk(question: Question, answer: Answer | None) -> Risk:
    """UNANSWERED, NOT_APPLICABLE, or the lens rules' risk for the choices met."""
    if answer is None or not answer.answered:
        return Risk.UNANSWERED
    if answer.not_applicable is not None:
        return Risk.NOT_APPLICABLE
    return Risk.from_rule(question.risk_for(answer.met()))


def count(risks: Iterable[Risk]) -> dict[str, int]:
    """Counts of every risk level, zeros included, in a fixed order."""
    counter = Counter(risks)
    return {risk.value: counter.get(risk, 0) for risk in Risk}


@dataclass(frozen=True)
class QuestionReview:
    question: Question
    answer: Answer | None
    risk: Risk


@dataclass(frozen=True)
class PillarReview:
    pillar: Pillar
    questions: tuple[QuestionReview, ...]

    @property
    def risk_counts(self) -> dict[str, int]:
        return count(q.risk for q in self.questions)


@dataclass(frozen=True)
class LensReview:
    entry: LensEntry
    pillars: tuple[PillarReview, ...]

    @property
    def alias(self) -> str:
        return self.entry.alias

    @property
    def risk_counts(self) -> dict[str, int]:
        return count(q.risk for p in self.pillars for q in p.questions)

    def questions(self) -> Iterable[tuple[PillarReview, QuestionReview]]:
        for pillar in self.pillars:
            for question in pillar.questions:
                yield pillar, question

    @classmethod
    def evaluate(cls, entry: LensEntry, answers: Mapping[str, Answer]) -> LensReview:
        """Review of one lens from the answers by question id."""
        pillars = []
        for pillar in entry.lens.pillars:
            reviews = []
            for question in pillar.questions:
                answer = answers.get(question.id)
                reviews.append(QuestionReview(question, answer, question_risk(question, answer)))
            pillars.append(PillarReview(pillar, tuple(reviews)))
        return cls(entry, tuple(pillars))
