"""Sample data: the web shop that `make demo` reviews (and that a new user can explore)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from wellarch.lens.model import Question
from wellarch.review.answer import AnswerUpdate, NotApplicable, Reason
from wellarch.review.milestone import Milestone
from wellarch.review.service import Reviews

__all__ = ["load_webshop", "webshop_data", "webshop_template"]


def webshop_template() -> Path:
    """The sample web shop's CloudFormation template (for scanning)."""
    return Path(str(resources.files("wellarch.samples") / "webshop" / "template.yaml"))


def webshop_data() -> dict[str, Any]:
    text = (resources.files("wellarch.samples") / "webshop.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _update(question: Question, value: Any, notes: str | None) -> AnswerUpdate:
    if value == 0:
        return AnswerUpdate(none_of_these=True, notes=notes)
    if isinstance(value, dict):
        na = NotApplicable(Reason(value["na"]), value.get("details"))
        return AnswerUpdate(not_applicable=na, notes=notes)
    practices = question.practices
    return AnswerUpdate(selected=tuple(practices[i - 1].id for i in value), notes=notes)


def _review(reviews: Reviews, name: str, stage: dict[str, Any]) -> Milestone:
    lens = reviews.catalog.get("wellarchitected").lens
    for question_id, value in stage["answers"].items():
        question = lens.question(question_id)
        assert question is not None, question_id
        notes = stage.get("notes", {}).get(question_id)
        reviews.answer(name, question_id, _update(question, value, notes))
    return reviews.create_milestone(name, stage["milestone"])


def load_webshop(reviews: Reviews, *, name: str | None = None) -> list[Milestone]:
    """Create the sample web shop, review it twice, and save a milestone after each pass."""
    data = webshop_data()
    fields = dict(data["workload"])
    workload_name = name or fields.pop("name")
    fields.pop("name", None)
    reviews.create_workload(workload_name, **fields)
    return [_review(reviews, workload_name, data[key]) for key in ("first_review", "second_review")]
