"""The practice JSON API: the scenario catalog (the JSON of ``wellarch practice list --format
json``) and feedback on an answer (the JSON contract of ``wellarch practice score --format
json``, see :mod:`wellarch.practice.feedback`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from wellarch.errors import InputError
from wellarch.practice import get_scenario, load_scenarios, score_answer
from wellarch.web.lanes import PageRoute, long_work
from wellarch.web.schemas import ErrorOut

__all__ = ["FeedbackOut", "ScenarioOut", "ScoreIn", "router"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "A body that cannot be parsed"},
    413: {"model": ErrorOut, "description": "A body larger than the server accepts (about 1 MiB)"},
    404: {"model": ErrorOut, "description": "Unknown scenario"},
    422: {"model": ErrorOut, "description": "Input the schema or the scorer refuses"},
}
router = APIRouter(
    route_class=PageRoute, prefix="/api/practice", tags=["practice"], responses=_ERRORS
)
Level = Literal["L6", "L7"]


class ScenarioOut(BaseModel):
    """One scenario of the catalog."""

    id: str
    title: str
    level: str
    tags: list[str]


class ScoreIn(BaseModel):
    """An answer to score against a scenario."""

    model_config = ConfigDict(extra="forbid")
    scenario: str = Field(
        max_length=100, description="Scenario id (see GET /api/practice/scenarios)"
    )
    answer: str = Field(
        min_length=1, max_length=200_000, description="The answer, text or Markdown"
    )
    level: Level | None = Field(None, description="Level to judge at (default: the scenario's)")


class PillarOut(BaseModel):
    covered: bool = Field(description="At least half of the pillar's key questions addressed")
    score: float = Field(ge=0, le=1, description="Share of the pillar's key questions addressed")
    evidence: list[str] = Field(description="Sentences of the answer that address them")
    missed: list[str] = Field(description="Interview-lens question ids not addressed")


class RubricOut(BaseModel):
    score: int = Field(ge=1, le=4)
    why: str


class FollowUpOut(BaseModel):
    question: str
    strong_answer: str
    pillar: str | None


class FeedbackOut(BaseModel):
    """Feedback on an answer: pillar coverage, the rubric and follow-up questions."""

    scenario: str
    level: str
    pillars: dict[str, PillarOut]
    rubric: dict[str, RubricOut]
    follow_ups: list[FollowUpOut]


@router.get("/scenarios")
def list_scenarios(
    level: Annotated[Level | None, Query(description="Only scenarios of this level")] = None,
    tag: Annotated[
        str | None, Query(max_length=80, description="Only scenarios with this tag")
    ] = None,
) -> list[ScenarioOut]:
    """The scenario catalog, filtered by level and topic tag."""
    return [
        ScenarioOut(**s.to_summary())
        for s in load_scenarios()
        if (level is None or s.level == level) and (tag is None or tag in s.tags)
    ]


@router.post("/score")
@long_work
def score(body: ScoreIn) -> FeedbackOut:
    """Feedback on ``answer`` as an answer to ``scenario``; nothing is recorded."""
    scenario = get_scenario(body.scenario)
    if not body.answer.strip():
        raise InputError("the answer is empty")
    return FeedbackOut.model_validate(score_answer(scenario, body.answer, level=body.level))
