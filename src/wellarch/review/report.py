"""The review report: one JSON-able dict that every renderer (Markdown, HTML, JSON) reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from wellarch.review.plan import PlanItem
from wellarch.review.risk import LensReview
from wellarch.review.workload import Workload

__all__ = ["build_report"]


def build_report(
    workload: Workload,
    reviews: Sequence[LensReview],
    plan: Sequence[PlanItem],
    *,
    evidence: Mapping[str, Mapping[str, list[dict[str, Any]]]] | None = None,
    generated_at: datetime | None = None,
) -> dict[str, Any]:
    """The report in the documented JSON shape (see ``wellarch report --help``)."""
    lenses = []
    for review in reviews:
        pillars = []
        for pillar_review in review.pillars:
            questions = []
            for q in pillar_review.questions:
                answer = q.answer
                selected = [
                    {"id": c.id, "title": c.title}
                    for c in q.question.choices
                    if answer and c.id in answer.selected
                ]
                questions.append(
                    {
                        "id": q.question.id,
                        "title": q.question.title,
                        "risk": q.risk.value,
                        "selected": selected,
                        "not_applicable": answer.not_applicable.to_dict()
                        if answer and answer.not_applicable
                        else None,
                        "notes": answer.notes if answer else None,
                        "source": answer.source.value if answer and answer.answered else None,
                        "evidence": list(
                            (evidence or {}).get(review.alias, {}).get(q.question.id, [])
                        ),
                    }
                )
            pillars.append(
                {
                    "id": pillar_review.pillar.id,
                    "name": pillar_review.pillar.name,
                    "risk_counts": pillar_review.risk_counts,
                    "questions": questions,
                }
            )
        lenses.append(
            {
                "alias": review.alias,
                "name": review.entry.lens.name,
                "risk_counts": review.risk_counts,
                "pillars": pillars,
            }
        )
    return {
        "workload": workload.to_dict(),
        "generated_at": (generated_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "lenses": lenses,
        "improvement_plan": [item.to_dict() for item in plan],
    }
