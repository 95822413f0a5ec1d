"""What the practice pages show about an answer: feedback (pillar coverage with evidence and
missed questions by title, the rubric, follow-ups), a stored attempt's scores, and a
scenario's reference material, shaped for the templates.

Scenario sections are Markdown; they are rendered with markdown-it with raw HTML disabled
(``<script>`` in a scenario file comes out as text), so the result is safe to mark up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

from wellarch.lens.catalog import BuiltinLensSource, LensEntry
from wellarch.practice.feedback import COVERED_AT, RUBRIC
from wellarch.practice.progress import Attempt, ProgressRepository
from wellarch.practice.scenario import Scenario
from wellarch.practice.session import Session

__all__ = [
    "LEVELS",
    "RUBRIC_LABELS",
    "attempt_from",
    "clock",
    "feedback_view",
    "find_attempt",
    "interview_lens",
    "markdown",
    "pillar_names",
    "reference_view",
    "scores_view",
]

LEVELS = ("L6", "L7")
RUBRIC_LABELS = {
    "requirements": "Requirements",
    "estimation": "Estimation",
    "architecture": "Architecture",
    "deep_dive_and_trade_offs": "Deep dive and trade-offs",
    "scale_and_reliability": "Scale and reliability",
    "operations_and_cost": "Operations and cost",
    "communication": "Communication",
}
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def markdown(text: str) -> Markup:
    """``text`` (Markdown) as HTML; raw HTML in it is escaped, unsafe links are dropped."""
    return Markup(_MARKDOWN.render(text))


@cache
def interview_lens() -> LensEntry:
    """The built-in ``interview`` lens, whose questions feedback refers to by id."""
    entry = BuiltinLensSource().get("interview")
    assert entry is not None, "the interview lens ships with wellarch"
    return entry


def pillar_names() -> dict[str, str]:
    """Pillar id → name, in the lens's order."""
    return {p.id: p.name for p in interview_lens().lens.pillars}


def clock(seconds: float) -> str:
    """``mm:ss`` (``-mm:ss`` when over), as the terminal's session shows it."""
    sign = "-" if seconds < 0 else ""
    whole = abs(int(seconds))
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"


def _question_title(question_id: str) -> str:
    question = interview_lens().lens.question(question_id)
    return question.title if question is not None else question_id


def _rubric_rows(scores: Mapping[str, int], whys: Mapping[str, str] | None = None) -> list[Any]:
    rows = []
    for dimension, score in scores.items():
        score = max(1, min(4, int(score)))
        why = (whys or {}).get(dimension) or RUBRIC.get(dimension, ("",) * 4)[score - 1]
        rows.append(
            {
                "id": dimension,
                "label": RUBRIC_LABELS.get(dimension, dimension.replace("_", " ").capitalize()),
                "score": score,
                "why": why,
            }
        )
    return rows


def feedback_view(feedback: Mapping[str, Any]) -> dict[str, Any]:
    """The feedback JSON contract as pillar rows (names, percent, evidence, missed question
    titles), rubric rows with labels, and the follow-ups with pillar names."""
    names = pillar_names()
    pillars = []
    for pillar_id, result in feedback["pillars"].items():
        pillars.append(
            {
                "id": pillar_id,
                "name": names.get(pillar_id, pillar_id),
                "covered": bool(result["covered"]),
                "percent": round(100 * float(result["score"])),
                "evidence": list(result["evidence"]),
                "missed": [(q, _question_title(q)) for q in result["missed"]],
            }
        )
    rubric = feedback["rubric"]
    return {
        "level": feedback["level"],
        "pillars": pillars,
        "covered": sum(1 for p in pillars if p["covered"]),
        "rubric": _rubric_rows(
            {k: v["score"] for k, v in rubric.items()}, {k: v["why"] for k, v in rubric.items()}
        ),
        "follow_ups": [
            {**item, "pillar_name": names.get(item["pillar"], "") if item["pillar"] else ""}
            for item in feedback["follow_ups"]
        ],
        "detailed": True,
    }


def scores_view(attempt: Attempt) -> dict[str, Any]:
    """What a stored attempt still tells without its answer: scores per pillar and rubric."""
    names = pillar_names()
    order = [p for p in names if p in attempt.pillar_scores]
    order += [p for p in attempt.pillar_scores if p not in names]
    pillars = [
        {
            "id": pillar_id,
            "name": names.get(pillar_id, pillar_id),
            "covered": attempt.pillar_scores[pillar_id] >= COVERED_AT,
            "percent": round(100 * attempt.pillar_scores[pillar_id]),
            "evidence": [],
            "missed": [],
        }
        for pillar_id in order
    ]
    return {
        "level": attempt.level,
        "pillars": pillars,
        "covered": sum(1 for p in pillars if p["covered"]),
        "rubric": _rubric_rows(attempt.rubric_scores),
        "follow_ups": [],
        "detailed": False,
    }


def reference_view(scenario: Scenario) -> dict[str, Any]:
    """The material kept back until an attempt: reference design, L6 vs L7 expectations,
    strong points per pillar (with the interview question each answers), follow-up
    questions with strong answers, and the common pitfalls."""
    names = pillar_names()
    points = [
        {
            "name": names.get(pillar_id, pillar_id),
            "points": [(_question_title(q) if q else "", text) for q, text in items],
        }
        for pillar_id, items in scenario.pillar_points.items()
    ]
    return {
        "design": markdown(scenario.sections.get("Reference design", "")),
        "levels": markdown(scenario.sections.get("L6 vs L7", "")),
        "points": points,
        "follow_ups": [
            {"question": f.question, "answer": markdown(f.answer)} for f in scenario.follow_ups
        ],
        "pitfalls": [markdown(item) for item in scenario.bullets("Common pitfalls")],
    }


def find_attempt(attempts: ProgressRepository, attempt_id: int) -> Attempt | None:
    """The stored attempt with this id, if any."""
    return next((a for a in attempts.attempts() if a.id == attempt_id), None)


def attempt_from(
    session: Session, feedback: Mapping[str, Any], *, finished_at: datetime | None = None
) -> Attempt:
    """The attempt a finished session records (as ``wellarch practice start`` does)."""
    return Attempt(
        scenario_id=session.scenario_id,
        level=session.level,
        finished_at=finished_at or datetime.now(UTC),
        minutes=session.minutes,
        phase_seconds={p.name: round(p.used_seconds, 1) for p in session.phases},
        pillar_scores={k: v["score"] for k, v in feedback["pillars"].items()},
        rubric_scores={k: v["score"] for k, v in feedback["rubric"].items()},
    )
