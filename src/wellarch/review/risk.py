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
    def evaluate(
        cls, entry: LensEntry, answers: Mapping[str, Answer], previous: LensReview | None = None
    ) -> LensReview:
        """Review of one lens from the answers by question id.

        ``previous``, an earlier review of the same lens entry, lends every question review
        whose answer is the very same object (answers are immutable), and every pillar whose
        questions all came from it: after one save, one question is evaluated again.
        """
        known: dict[str, QuestionReview] = {}
        pillars_before: dict[str, PillarReview] = {}
        if previous is not None and previous.entry is entry:
            pillars_before = {p.pillar.id: p for p in previous.pillars}
            known = {q.question.id: q for p in previous.pillars for q in p.questions}
        pillars = []
        for pillar in entry.lens.pillars:
            reviews = []
            for question in pillar.questions:
                answer = answers.get(question.id)
                old = known.get(question.id)
                if old is not None and old.answer is answer:
                    reviews.append(old)
                else:
                    reviews.append(
                        QuestionReview(question, answer, question_risk(question, answer))
                    )
            before = pillars_before.get(pillar.id)
            if before is not None and all(
                a is b for a, b in zip(before.questions, reviews, strict=True)
            ):
                pillars.append(before)
            else:
                pillars.append(PillarReview(pillar, tuple(reviews)))
        return cls(entry, tuple(pillars))
