"""Form input: the workload form and the answer form, turned into domain calls.

A *draft* holds what the person typed, as text, so that a form refused by the domain (a bad
URL, "None of these" with another choice) or a save that hit a newer version can be shown
again exactly as it was sent. ``fields()`` and ``update()`` turn a draft into the arguments
of :class:`wellarch.review.service.Reviews`; every check beyond "is this a number" is the
domain's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from wellarch.errors import InputError
from wellarch.lens.model import Question
from wellarch.review.answer import Answer, AnswerUpdate, NotApplicable, Reason
from wellarch.review.workload import DEFAULT_LENS, Workload

__all__ = ["AnswerDraft", "WorkloadDraft", "form_int", "form_text"]


def form_text(form: FormData, key: str, *, strip: bool = True) -> str:
    """The text of field ``key`` ("" when missing or a file)."""
    value = form.get(key)
    if not isinstance(value, str):
        return ""
    return value.strip() if strip else value.replace("\r\n", "\n")


def form_list(form: FormData, key: str) -> list[str]:
    """Every non-empty value of field ``key``, in order, without repeats."""
    values = (v.strip() for v in form.getlist(key) if isinstance(v, str))
    return list(dict.fromkeys(v for v in values if v))


def form_int(form: FormData, key: str, what: str) -> int:
    text = form_text(form, key)
    if not text.isdigit() or len(text) > 9:
        raise InputError(f"{what} {text!r} is not a number")
    return int(text)


def _tags(text: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise InputError(f"tag on line {number} ({line!r}) must look like key=value")
        tags[key.strip()] = value.strip()
    return tags


@dataclass
class WorkloadDraft:
    """The workload form's fields as text."""

    name: str = ""
    description: str = ""
    environment: str = "production"
    owner: str = ""
    regions: str = ""
    industry: str = ""
    architectural_design: str = ""
    notes: str = ""
    tags: str = ""
    lenses: list[str] = field(default_factory=lambda: [DEFAULT_LENS])
    priorities: list[str] = field(default_factory=list)

    @classmethod
    def from_workload(cls, workload: Workload) -> WorkloadDraft:
        return cls(
            name=workload.name,
            description=workload.description or "",
            environment=workload.environment.value,
            owner=workload.owner or "",
            regions=", ".join(workload.regions),
            industry=workload.industry or "",
            architectural_design=workload.architectural_design or "",
            notes=workload.notes or "",
            tags="\n".join(f"{k}={v}" for k, v in workload.tags.items()),
            lenses=list(workload.lenses),
            priorities=list(workload.pillar_priorities),
        )

    @classmethod
    def from_form(cls, form: FormData) -> WorkloadDraft:
        slots = sorted(
            (int(key.removeprefix("priority_")), key)
            for key in form
            if re.fullmatch(r"priority_\d{1,2}", key)
        )
        priorities = [form_text(form, key) for _, key in slots]
        return cls(
            name=form_text(form, "name"),
            description=form_text(form, "description", strip=False).strip(),
            environment=form_text(form, "environment") or "production",
            owner=form_text(form, "owner"),
            regions=form_text(form, "regions"),
            industry=form_text(form, "industry"),
            architectural_design=form_text(form, "architectural_design"),
            notes=form_text(form, "notes", strip=False).strip(),
            tags=form_text(form, "tags", strip=False),
            lenses=form_list(form, "lenses"),
            priorities=list(dict.fromkeys(p for p in priorities if p)),
        )

    def fields(self) -> dict[str, Any]:
        """Keyword arguments of ``Reviews.create_workload`` / ``update_workload`` (no name)."""
        return {
            "description": self.description,
            "environment": self.environment,
            "owner": self.owner,
            "regions": [r for r in re.split(r"[\s,]+", self.regions) if r],
            "industry": self.industry,
            "architectural_design": self.architectural_design,
            "notes": self.notes,
            "tags": _tags(self.tags),
            "lenses": self.lenses,
            "pillar_priorities": self.priorities,
        }


def _reason(value: str) -> Reason:
    try:
        return Reason(value or Reason.OUT_OF_SCOPE.value)
    except ValueError:
        known = ", ".join(r.value for r in Reason)
        raise InputError(f"not-applicable reason {value!r} must be one of {known}") from None


@dataclass
class AnswerDraft:
    """The answer form's state: choices ticked, not-applicable flags and reasons, notes."""

    selected: list[str] = field(default_factory=list)
    not_applicable: bool = False
    reason: str = ""
    details: str = ""
    #: Choice id → (reason, details) for the choices marked not applicable.
    choice_na: dict[str, tuple[str, str]] = field(default_factory=dict)
    notes: str = ""

    @classmethod
    def from_answer(cls, answer: Answer | None) -> AnswerDraft:
        if answer is None:
            return cls()
        na = answer.not_applicable
        return cls(
            selected=list(answer.selected),
            not_applicable=na is not None,
            reason=na.reason.value if na else "",
            details=(na.details or "") if na else "",
            choice_na={
                cid: (value.reason.value, value.details or "")
                for cid, value in answer.choice_not_applicable.items()
            },
            notes=answer.notes or "",
        )

    @classmethod
    def from_form(cls, form: FormData) -> AnswerDraft:
        return cls(
            selected=form_list(form, "choice"),
            not_applicable=form_text(form, "na") == "on",
            reason=form_text(form, "na_reason"),
            details=form_text(form, "na_details"),
            choice_na={
                cid: (form_text(form, f"na_reason:{cid}"), form_text(form, f"na_details:{cid}"))
                for cid in form_list(form, "choice_na")
            },
            notes=form_text(form, "notes", strip=False).strip(),
        )

    def key(self) -> tuple[object, ...]:
        """What the answer would hold: equal keys mean saving would change nothing."""
        default = Reason.OUT_OF_SCOPE.value
        return (
            tuple(sorted(self.selected)),
            (self.reason or default, self.details) if self.not_applicable else None,
            tuple(sorted((cid, r or default, d) for cid, (r, d) in self.choice_na.items())),
            self.notes,
        )

    def update(self, question: Question, expected_version: int | None) -> AnswerUpdate:
        """The domain update this draft asks for (the whole answer, as the form shows it)."""
        none = question.none_choice
        choice_na = {
            cid: NotApplicable(_reason(reason), details or None)
            for cid, (reason, details) in self.choice_na.items()
            if none is None or cid != none.id
        }
        common: dict[str, Any] = {
            "choice_not_applicable": choice_na,
            "notes": self.notes,
            "expected_version": expected_version,
        }
        if self.not_applicable:
            na = NotApplicable(_reason(self.reason), self.details or None)
            return AnswerUpdate(selected=tuple(self.selected), not_applicable=na, **common)
        if none is not None and none.id in self.selected:
            if len(self.selected) > 1:
                raise InputError(
                    f"“{none.title}” cannot be combined with other choices: clear it, or clear "
                    "the others"
                )
            return AnswerUpdate(none_of_these=True, **common)
        return AnswerUpdate(selected=tuple(self.selected), applicable=True, **common)
