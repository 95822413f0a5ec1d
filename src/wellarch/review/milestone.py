"""Milestones: immutable snapshots of a workload's answers and risks, and the diff of two.

A snapshot is plain JSON data, so it survives lens changes and database round trips: for every
lens, every question's pillar, title, risk and answer at the time it was taken.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wellarch.errors import InputError
from wellarch.review.risk import LensReview, Risk

__all__ = [
    "MAX_MILESTONES",
    "Milestone",
    "MilestoneDiff",
    "QuestionChange",
    "diff_snapshots",
    "take_snapshot",
]

MAX_MILESTONES = 100
_RANK = {"HIGH": 0, "MEDIUM": 1, "NONE": 2, "NOT_APPLICABLE": 3, "UNANSWERED": 4}


@dataclass(frozen=True)
class Milestone:
    number: int
    name: str
    created_at: datetime
    snapshot: Mapping[str, Any]

    def risk_counts(self) -> dict[str, int]:
        counts = dict.fromkeys((r.value for r in Risk), 0)
        for lens in self.snapshot.get("lenses", {}).values():
            for question in lens["questions"].values():
                counts[question["risk"]] += 1
        return counts


def check_milestone_number(number: int) -> int:
    if not 1 <= number <= MAX_MILESTONES:
        raise InputError(f"milestone number {number} is out of range 1–{MAX_MILESTONES}")
    return number


def take_snapshot(reviews: Sequence[LensReview]) -> dict[str, Any]:
    """The JSON-able snapshot of these lens reviews."""
    lenses: dict[str, Any] = {}
    for review in reviews:
        questions: dict[str, Any] = {}
        for pillar_review, q in review.questions():
            answer = q.answer
            questions[q.question.id] = {
                "pillar": pillar_review.pillar.id,
                "title": q.question.title,
                "risk": q.risk.value,
                "selected": list(answer.selected) if answer else [],
                "not_applicable": answer.not_applicable.to_dict()
                if answer and answer.not_applicable
                else None,
                "notes": answer.notes if answer else None,
            }
        lenses[review.alias] = {"name": review.entry.lens.name, "questions": questions}
    return {"lenses": lenses}


@dataclass(frozen=True)
class QuestionChange:
    lens: str
    question_id: str
    pillar: str
    title: str
    risk_before: str
    risk_after: str
    added: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def improved(self) -> bool:
        return _RANK[self.risk_after] > _RANK[self.risk_before]

    def to_dict(self) -> dict[str, Any]:
        return {
            "lens": self.lens,
            "question_id": self.question_id,
            "pillar": self.pillar,
            "title": self.title,
            "risk_before": self.risk_before,
            "risk_after": self.risk_after,
            "choices_added": list(self.added),
            "choices_removed": list(self.removed),
        }


@dataclass(frozen=True)
class MilestoneDiff:
    before: str
    after: str
    changes: tuple[QuestionChange, ...]

    def totals(self) -> dict[str, int]:
        def moved(into: str, before: bool) -> int:
            return sum(
                1
                for c in self.changes
                if (c.risk_before == into) == before and (c.risk_after == into) != before
            )

        return {
            "questions_changed": len(self.changes),
            "hris_fixed": moved("HIGH", True),
            "hris_new": moved("HIGH", False),
            "mris_fixed": moved("MEDIUM", True),
            "mris_new": moved("MEDIUM", False),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.before,
            "to": self.after,
            "totals": self.totals(),
            "changes": [c.to_dict() for c in self.changes],
        }


def diff_snapshots(
    before: Mapping[str, Any], after: Mapping[str, Any], *, before_name: str, after_name: str
) -> MilestoneDiff:
    """Per question: risk before → after and choices added/removed (unchanged ones omitted)."""
    changes: list[QuestionChange] = []
    old_lenses = before.get("lenses", {})
    new_lenses = after.get("lenses", {})
    for alias in dict.fromkeys([*old_lenses, *new_lenses]):
        old_q = old_lenses.get(alias, {}).get("questions", {})
        new_q = new_lenses.get(alias, {}).get("questions", {})
        for qid in dict.fromkeys([*old_q, *new_q]):
            o, n = old_q.get(qid), new_q.get(qid)
            base = n or o
            risk_before = o["risk"] if o else "UNANSWERED"
            risk_after = n["risk"] if n else "UNANSWERED"
            sel_before = o["selected"] if o else []
            sel_after = n["selected"] if n else []
            added = tuple(c for c in sel_after if c not in sel_before)
            removed = tuple(c for c in sel_before if c not in sel_after)
            if risk_before == risk_after and not added and not removed:
                continue
            changes.append(
                QuestionChange(
                    alias,
                    qid,
                    base["pillar"],
                    base["title"],
                    risk_before,
                    risk_after,
                    added,
                    removed,
                )
            )
    return MilestoneDiff(before_name, after_name, tuple(changes))
