"""Answers: what a workload does for one question of one lens, with optimistic versioning.

Rules (as in the AWS Well-Architected Tool):

- "None of these" is exclusive: an update naming it with other choices is refused; the
  :func:`toggle` helper used by interactive front ends makes selecting it clear the others and
  selecting another choice clear it.
- A question may be marked not applicable with a reason; a choice may be marked not applicable
  too, and then counts as met when risk is evaluated.
- Every saved answer carries a version; an update must carry the version it was based on, and a
  stale one is refused with :class:`~wellarch.errors.Conflict` without changing anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from wellarch.errors import Conflict, InputError, NotFound
from wellarch.lens.model import Question
from wellarch.storable import storable

__all__ = [
    "NOTES_MAX",
    "Answer",
    "AnswerUpdate",
    "NotApplicable",
    "Reason",
    "Source",
    "apply_update",
    "toggle",
]

NOTES_MAX = 2084


class Reason(StrEnum):
    OUT_OF_SCOPE = "OUT_OF_SCOPE"
    BUSINESS_PRIORITIES = "BUSINESS_PRIORITIES"
    ARCHITECTURE_CONSTRAINTS = "ARCHITECTURE_CONSTRAINTS"
    OTHER = "OTHER"


class Source(StrEnum):
    MANUAL = "manual"
    EVIDENCE = "evidence"
    SUGGESTED = "suggested"


@dataclass(frozen=True)
class NotApplicable:
    reason: Reason
    details: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"reason": self.reason.value, "details": self.details}


@dataclass(frozen=True)
class Answer:
    lens: str
    question_id: str
    selected: tuple[str, ...] = ()
    not_applicable: NotApplicable | None = None
    choice_not_applicable: Mapping[str, NotApplicable] = field(default_factory=dict)
    notes: str | None = None
    source: Source = Source.MANUAL
    #: 0 for a question never answered; each save adds 1.
    version: int = 0
    updated_at: datetime | None = None

    @property
    def answered(self) -> bool:
        return bool(self.selected) or self.not_applicable is not None

    def met(self) -> set[str]:
        """Choice ids that count as met: selected, or marked not applicable."""
        return set(self.selected) | set(self.choice_not_applicable)


@dataclass(frozen=True)
class AnswerUpdate:
    """A change to one answer. ``None`` fields are left as they are."""

    selected: tuple[str, ...] | None = None
    none_of_these: bool = False
    not_applicable: NotApplicable | None = None
    applicable: bool = False  # clears a question-level not-applicable
    choice_not_applicable: Mapping[str, NotApplicable] | None = None
    notes: str | None = None
    source: Source = Source.MANUAL
    #: The version this update is based on; ``None`` skips the check (scripts, imports).
    expected_version: int | None = None


def _check_choices(question: Question, ids: Iterable[str], lens: str) -> None:
    for choice_id in ids:
        if question.choice(choice_id) is None:
            known = ", ".join(c.id for c in question.choices)
            raise NotFound(
                f"question {question.id} of lens {lens!r} has no choice {choice_id!r} "
                f"(its choices: {known})"
            )


def apply_update(question: Question, current: Answer, update: AnswerUpdate) -> Answer:
    """The answer after ``update``; raises on a stale version, unknown choices or bad input."""
    if update.expected_version is not None and update.expected_version != current.version:
        raise Conflict(
            f"answer to {question.id} changed since you read it (you have version "
            f"{update.expected_version}, the saved one is version {current.version}); "
            "reload it and apply your change again"
        )
    selected = current.selected
    none = question.none_choice
    if update.none_of_these:
        if none is None:
            raise InputError(f"question {question.id} has no 'None of these' choice")
        if update.selected:
            raise InputError("'None of these' cannot be combined with other choices")
        selected = (none.id,)
    elif update.selected is not None:
        ids = tuple(dict.fromkeys(update.selected))
        _check_choices(question, ids, current.lens)
        if none is not None and none.id in ids and len(ids) > 1:
            raise InputError(f"'None of these' ({none.id}) cannot be combined with other choices")
        order = {c.id: i for i, c in enumerate(question.choices)}
        selected = tuple(sorted(ids, key=order.__getitem__))
    not_applicable = current.not_applicable
    if update.not_applicable is not None:
        not_applicable = update.not_applicable
    elif update.applicable or update.selected is not None or update.none_of_these:
        not_applicable = None
    choice_na = current.choice_not_applicable
    if update.choice_not_applicable is not None:
        _check_choices(question, update.choice_not_applicable, current.lens)
        choice_na = dict(update.choice_not_applicable)
    notes = current.notes if update.notes is None else (update.notes or None)
    if notes is not None and len(notes) > NOTES_MAX:
        raise InputError(f"notes are {len(notes)} characters; the limit is {NOTES_MAX}")
    if notes is not None:
        storable(notes, "notes")
    for na in [not_applicable, *choice_na.values()]:
        if na is not None and na.details and len(na.details) > 250:
            raise InputError(
                f"not-applicable details are {len(na.details)} characters; the limit is 250"
            )
        if na is not None and na.details:
            storable(na.details, "not-applicable details")
    return Answer(
        lens=current.lens,
        question_id=question.id,
        selected=selected,
        not_applicable=not_applicable,
        choice_not_applicable=choice_na,
        notes=notes,
        source=update.source,
        version=current.version + 1,
    )


def toggle(question: Question, selected: Iterable[str], choice_id: str) -> tuple[str, ...]:
    """Selection after clicking ``choice_id``: "None of these" and the others exclude each other."""
    current = list(selected)
    choice = question.choice(choice_id)
    if choice is None:
        raise NotFound(f"question {question.id} has no choice {choice_id!r}")
    if choice_id in current:
        return tuple(c for c in current if c != choice_id)
    if choice.none_of_these:
        return (choice_id,)
    kept = [c for c in current if not (question.choice(c) and question.choice(c).none_of_these)]  # type: ignore[union-attr]
    order = {c.id: i for i, c in enumerate(question.choices)}
    return tuple(sorted([*kept, choice_id], key=order.__getitem__))
