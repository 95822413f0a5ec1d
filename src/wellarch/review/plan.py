"""The improvement plan: every HIGH then MEDIUM question, in the workload's pillar priorities,
with the practices not yet met (high-risk practices first where the lens says so)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wellarch.lens.model import Choice
from wellarch.review.risk import LensReview, Risk
from wellarch.review.workload import Workload

__all__ = ["PlanItem", "improvement_plan"]

_LEVEL_ORDER = {"HIGH": 0, "MEDIUM": 1, "LOW": 2}


@dataclass(frozen=True)
class PlanItem:
    lens: str
    pillar_id: str
    pillar_name: str
    question_id: str
    question_title: str
    risk: Risk
    missing: tuple[Choice, ...]
    #: Risk level of each missing practice when the lens notes one (built-in lens).
    levels: tuple[str | None, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "lens": self.lens,
            "pillar": self.pillar_id,
            "pillar_name": self.pillar_name,
            "question_id": self.question_id,
            "question_title": self.question_title,
            "risk": self.risk.value,
            "missing": [
                {
                    "choice_id": c.id,
                    "title": c.title,
                    "risk_level": level,
                    "improvement_plan": c.improvement_plan.display_text
                    if c.improvement_plan
                    else None,
                    "url": (c.improvement_plan and c.improvement_plan.url)
                    or (c.helpful_resource and c.helpful_resource.url)
                    or None,
                }
                for c, level in zip(self.missing, self.levels, strict=True)
            ],
        }


def improvement_plan(workload: Workload, reviews: Sequence[LensReview]) -> list[PlanItem]:
    """Plan items for every HIGH then MEDIUM question across the workload's lenses."""
    ranked: list[tuple[tuple[int, int, int, int], PlanItem]] = []
    for lens_index, review in enumerate(reviews):
        position = 0
        for pillar_review, question_review in review.questions():
            position += 1
            if question_review.risk not in (Risk.HIGH, Risk.MEDIUM):
                continue
            answer = question_review.answer
            met = answer.met() if answer else set()
            missing = [c for c in question_review.question.practices if c.id not in met]
            levels = [review.entry.choice_notes(c.id).get("risk_level") for c in missing]
            order = sorted(range(len(missing)), key=lambda i: _LEVEL_ORDER.get(levels[i] or "", 3))
            pillar = pillar_review.pillar
            item = PlanItem(
                lens=review.alias,
                pillar_id=pillar.id,
                pillar_name=pillar.name,
                question_id=question_review.question.id,
                question_title=question_review.question.title,
                risk=question_review.risk,
                missing=tuple(missing[i] for i in order),
                levels=tuple(levels[i] for i in order),
            )
            key = (
                0 if question_review.risk is Risk.HIGH else 1,
                workload.pillar_rank(pillar.id),
                lens_index,
                position,
            )
            ranked.append((key, item))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _, item in ranked]
