"""The JSON API's request and response bodies (pydantic models, and so the OpenAPI schemas).

Field names and shapes follow the domain's ``to_dict`` methods and the CLI's JSON output, so a
script can switch between ``wellarch ... --format json`` and the API without renaming.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from wellarch.errors import Problem
from wellarch.lens.catalog import LensEntry
from wellarch.review.answer import Answer, NotApplicable, Reason, Source
from wellarch.review.milestone import Milestone, MilestoneDiff
from wellarch.review.repository import WorkloadSummary
from wellarch.review.risk import QuestionReview, Risk
from wellarch.review.workload import Environment, Workload

__all__ = [
    "AnswerIn",
    "AnswerOut",
    "ConflictOut",
    "DiffOut",
    "ErrorOut",
    "LensOut",
    "MilestoneIn",
    "MilestoneOut",
    "NotApplicableBody",
    "WorkloadIn",
    "WorkloadOut",
    "WorkloadPatch",
    "WorkloadSummaryOut",
]

_STRICT = ConfigDict(extra="forbid")


class ProblemOut(BaseModel):
    path: str = Field(description="Where the problem is: a JSON path such as $.pillars[0].id")
    message: str

    @classmethod
    def of(cls, problem: Problem) -> ProblemOut:
        return cls(path=problem.path, message=problem.message)


class ErrorOut(BaseModel):
    """Every error the API returns: a message for a person, a type for a program."""

    detail: str
    type: str = Field(description="input | not_found | conflict | store | request | validation")
    problems: list[ProblemOut] = Field(default_factory=list)


class NotApplicableBody(BaseModel):
    model_config = _STRICT
    reason: Reason = Reason.OUT_OF_SCOPE
    details: str | None = Field(None, max_length=250)

    def domain(self) -> NotApplicable:
        return NotApplicable(self.reason, self.details or None)

    @classmethod
    def of(cls, value: NotApplicable | None) -> NotApplicableBody | None:
        return None if value is None else cls(reason=value.reason, details=value.details)


class WorkloadIn(BaseModel):
    model_config = _STRICT
    name: str = Field(min_length=3, max_length=100, examples=["web-shop"])
    description: str | None = Field(None, max_length=2048)
    environment: Environment = Environment.PRODUCTION
    owner: str | None = Field(None, max_length=255)
    regions: list[str] = Field(default_factory=list, max_length=50)
    industry: str | None = Field(None, max_length=255)
    architectural_design: str | None = Field(None, max_length=2048, description="http(s) URL")
    notes: str | None = Field(None, max_length=2084)
    tags: dict[str, str] = Field(default_factory=dict, max_length=50)
    lenses: list[str] = Field(default_factory=list, max_length=20, examples=[["wellarchitected"]])
    pillar_priorities: list[str] = Field(default_factory=list, max_length=50)


class WorkloadPatch(BaseModel):
    """A change to a workload: fields left out (or null) keep their value; ``name`` renames."""

    model_config = _STRICT
    name: str | None = Field(None, min_length=3, max_length=100)
    description: str | None = Field(None, max_length=2048)
    environment: Environment | None = None
    owner: str | None = Field(None, max_length=255)
    regions: list[str] | None = Field(None, max_length=50)
    industry: str | None = Field(None, max_length=255)
    architectural_design: str | None = Field(None, max_length=2048)
    notes: str | None = Field(None, max_length=2084)
    tags: dict[str, str] | None = Field(None, max_length=50)
    lenses: list[str] | None = Field(None, max_length=20)
    pillar_priorities: list[str] | None = Field(None, max_length=50)


class WorkloadSummaryOut(BaseModel):
    name: str
    environment: str
    owner: str | None
    lenses: list[str]
    updated_at: str | None
    answered: int
    high: int
    medium: int

    @classmethod
    def of(cls, summary: WorkloadSummary) -> WorkloadSummaryOut:
        return cls.model_validate(summary.to_dict())


class WorkloadOut(BaseModel):
    name: str
    description: str | None
    environment: str
    owner: str | None
    regions: list[str]
    industry: str | None
    architectural_design: str | None
    notes: str | None
    tags: dict[str, str]
    lenses: list[str]
    pillar_priorities: list[str]
    created_at: str | None
    updated_at: str | None
    risk_counts: dict[str, int] = Field(description="Questions per risk level, all lenses")

    @classmethod
    def of(cls, workload: Workload, risk_counts: dict[str, int]) -> WorkloadOut:
        return cls.model_validate({**workload.to_dict(), "risk_counts": risk_counts})


class AnswerIn(BaseModel):
    """The whole answer to one question, based on the version the client read."""

    model_config = _STRICT
    selected: list[str] = Field(default_factory=list, max_length=100)
    none_of_these: bool = False
    not_applicable: NotApplicableBody | None = None
    choice_not_applicable: dict[str, NotApplicableBody] = Field(default_factory=dict)
    notes: str | None = Field(None, max_length=2084)
    expected_version: int = Field(
        ge=0, le=1_000_000_000, description="Version read (0 for a question never answered)"
    )


class AnswerOut(BaseModel):
    lens: str
    question_id: str
    pillar: str
    title: str
    risk: Risk
    selected: list[str]
    not_applicable: NotApplicableBody | None
    choice_not_applicable: dict[str, NotApplicableBody]
    notes: str | None
    source: Source | None
    version: int
    updated_at: str | None

    @classmethod
    def of(cls, lens: str, pillar: str, item: QuestionReview) -> AnswerOut:
        answer = item.answer or Answer(lens, item.question.id)
        return cls(
            lens=lens,
            question_id=item.question.id,
            pillar=pillar,
            title=item.question.title,
            risk=item.risk,
            selected=list(answer.selected),
            not_applicable=NotApplicableBody.of(answer.not_applicable),
            choice_not_applicable={
                cid: NotApplicableBody(reason=na.reason, details=na.details)
                for cid, na in answer.choice_not_applicable.items()
            },
            notes=answer.notes,
            source=answer.source if answer.answered else None,
            version=answer.version,
            updated_at=answer.updated_at.isoformat() if answer.updated_at else None,
        )


class ConflictOut(ErrorOut):
    current: AnswerOut | None = Field(None, description="The saved answer that is newer")


class MilestoneIn(BaseModel):
    model_config = _STRICT
    name: str = Field(min_length=1, max_length=100, examples=["first review"])


class MilestoneOut(BaseModel):
    number: int
    name: str
    created_at: str
    risk_counts: dict[str, int]

    @classmethod
    def of(cls, milestone: Milestone) -> MilestoneOut:
        return cls(
            number=milestone.number,
            name=milestone.name,
            created_at=milestone.created_at.isoformat(),
            risk_counts=milestone.risk_counts(),
        )


class ChangeOut(BaseModel):
    lens: str
    question_id: str
    pillar: str
    title: str
    risk_before: str
    risk_after: str
    choices_added: list[str]
    choices_removed: list[str]


class DiffOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: str = Field(alias="from")
    to: str
    totals: dict[str, int]
    changes: list[ChangeOut]

    @classmethod
    def of(cls, diff: MilestoneDiff) -> DiffOut:
        return cls.model_validate(diff.to_dict())


class LensOut(BaseModel):
    alias: str
    name: str
    description: str | None
    builtin: bool
    pillars: int
    questions: int
    warnings: list[ProblemOut] = Field(default_factory=list)

    @classmethod
    def of(cls, entry: LensEntry, warnings: list[Problem] | None = None) -> LensOut:
        return cls(
            alias=entry.alias,
            name=entry.lens.name,
            description=entry.lens.description,
            builtin=entry.builtin,
            pillars=len(entry.lens.pillars),
            questions=entry.lens.question_count,
            warnings=[ProblemOut.of(w) for w in warnings or []],
        )


def error_body(detail: str, kind: str, problems: list[Problem] | None = None) -> dict[str, Any]:
    return ErrorOut(
        detail=detail, type=kind, problems=[ProblemOut.of(p) for p in problems or []]
    ).model_dump()
