"""Answers in the AWS Well-Architected Tool's API shapes (ListAnswers / GetAnswer).

Exported answers load into scripts written for the AWS API; answers exported from the AWS
console or CLI load here, matched by choice id (the built-in lens uses the AWS choice ids), so
a review can move between the two tools in either direction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from wellarch.errors import InputError
from wellarch.lens.model import Lens, Question
from wellarch.review.answer import (
    Answer,
    AnswerUpdate,
    NotApplicable,
    Reason,
    Source,
    apply_update,
)
from wellarch.review.risk import LensReview
from wellarch.review.service import Reviews
from wellarch.review.workload import Workload

__all__ = ["export_answers", "import_answers"]


def export_answers(workload: Workload, review: LensReview) -> dict[str, Any]:
    """ListAnswers-shaped JSON; each summary also carries GetAnswer's ChoiceAnswers and Notes."""
    summaries = []
    for pillar_review, q in review.questions():
        answer = q.answer
        selected = list(answer.selected) if answer else []
        choice_answers = []
        for choice in q.question.choices:
            if answer and choice.id in answer.choice_not_applicable:
                na = answer.choice_not_applicable[choice.id]
                choice_answers.append(
                    {"ChoiceId": choice.id, "Status": "NOT_APPLICABLE", "Reason": na.reason.value}
                )
            elif choice.id in selected:
                choice_answers.append({"ChoiceId": choice.id, "Status": "SELECTED"})
        na_question = answer.not_applicable if answer else None
        summary: dict[str, Any] = {
            "QuestionId": q.question.id,
            "PillarId": pillar_review.pillar.id,
            "QuestionTitle": q.question.title,
            "Choices": [{"ChoiceId": c.id, "Title": c.title} for c in q.question.choices],
            "SelectedChoices": selected,
            "ChoiceAnswerSummaries": choice_answers,
            "ChoiceAnswers": choice_answers,
            "IsApplicable": na_question is None,
            "Risk": q.risk.value,
            "Notes": (answer.notes if answer else None) or "",
        }
        if na_question is not None:
            summary["Reason"] = na_question.reason.value
        summaries.append(summary)
    return {
        "WorkloadName": workload.name,
        "LensAlias": review.alias,
        "LensName": review.entry.lens.name,
        "AnswerSummaries": summaries,
    }


def _answer_objects(data: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _answer_objects(item)
    elif isinstance(data, dict):
        if "AnswerSummaries" in data:
            yield from _answer_objects(data["AnswerSummaries"])
        elif "Answer" in data:
            yield from _answer_objects(data["Answer"])
        elif "QuestionId" in data:
            yield data
        else:
            raise InputError("expected ListAnswers or GetAnswer JSON (no AnswerSummaries/Answer)")
    else:
        raise InputError("expected ListAnswers or GetAnswer JSON")


def _ids(obj: Mapping[str, Any]) -> list[str]:
    ids: list[Any] = list(obj.get("SelectedChoices") or [])
    for key in ("ChoiceAnswers", "ChoiceAnswerSummaries", "Choices"):
        ids += [c.get("ChoiceId") for c in obj.get(key) or [] if isinstance(c, dict)]
    return [i for i in ids if isinstance(i, str)]


def _question_for(lens: Lens, obj: Mapping[str, Any]) -> Question | None:
    question = lens.question(str(obj.get("QuestionId")))
    if question is not None:
        return question
    for choice_id in _ids(obj):
        for _, candidate in lens.questions():
            if candidate.choice(choice_id) and not candidate.choice(choice_id).none_of_these:  # type: ignore[union-attr]
                return candidate
    return None


def _reason(value: Any) -> Reason:
    try:
        return Reason(value)
    except ValueError:
        return Reason.OTHER


def _update(question: Question, obj: Mapping[str, Any], where: str) -> AnswerUpdate | None:
    none = question.none_choice
    selected: list[str] = []
    for choice_id in obj.get("SelectedChoices") or []:
        if question.choice(choice_id):
            selected.append(choice_id)
        elif none is not None and str(choice_id).endswith("_no"):
            selected.append(none.id)  # the AWS lens's own "None of these" id
        else:
            raise InputError(f"{where}: question {question.id} has no choice {choice_id!r}")
    choice_na = {}
    for item in obj.get("ChoiceAnswers") or obj.get("ChoiceAnswerSummaries") or []:
        if isinstance(item, dict) and item.get("Status") == "NOT_APPLICABLE":
            cid = item.get("ChoiceId")
            if question.choice(str(cid)) is None:
                raise InputError(f"{where}: question {question.id} has no choice {cid!r}")
            choice_na[str(cid)] = NotApplicable(_reason(item.get("Reason")), item.get("Notes"))
    notes = obj.get("Notes") or None
    if obj.get("IsApplicable") is False:
        return AnswerUpdate(
            not_applicable=NotApplicable(_reason(obj.get("Reason"))),
            notes=notes,
            choice_not_applicable=choice_na,
        )
    if not selected and not notes and not choice_na:
        return None
    none_only = none is not None and selected == [none.id]
    return AnswerUpdate(
        selected=None if none_only else tuple(dict.fromkeys(selected)),
        none_of_these=none_only,
        notes=notes,
        choice_not_applicable=choice_na,
    )


def import_answers(
    reviews: Reviews, workload_name: str, data: Any, *, lens: str | None = None, source: str = "-"
) -> int:
    """Check every answer in ``data``, then save them all; returns how many were saved."""
    workload = reviews.workload(workload_name)
    alias = lens or (data.get("LensAlias") if isinstance(data, dict) else None)
    if alias not in workload.lenses:
        alias = lens or workload.lenses[0]
    entry = reviews.catalog.get(alias)
    current = reviews.repository.answers(workload, alias)
    planned = []
    for i, obj in enumerate(_answer_objects(data)):
        where = f"{source}: answer {i + 1} ({obj.get('QuestionId')})"
        question = _question_for(entry.lens, obj)
        if question is None:
            raise InputError(f"{where}: no question of lens {alias!r} matches its choices")
        update = _update(question, obj, where)
        if update is None:
            continue
        base = current.get(question.id) or Answer(alias, question.id)
        apply_update(question, base, update)  # validate before anything is saved
        planned.append((question.id, AnswerUpdate(**{**update.__dict__, "source": Source.MANUAL})))
    for question_id, update in planned:
        reviews.answer(workload_name, question_id, update, lens=alias)
    return len(planned)
