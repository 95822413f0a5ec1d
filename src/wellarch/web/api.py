"""The JSON API under ``/api/``: the same operations as the pages, for scripts and the CLI.

Described by the OpenAPI document at ``/api/openapi.json``. Every error has the
:class:`~wellarch.web.schemas.ErrorOut` shape; a stale ``expected_version`` is ``409`` with
the newer saved answer in ``current``, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

import wellarch
from wellarch.errors import Conflict, InputError
from wellarch.lens.export import lens_to_document
from wellarch.review.answer import AnswerUpdate
from wellarch.review.risk import QuestionReview, count
from wellarch.review.service import Reviews
from wellarch.web.lanes import PageRoute, run_long
from wellarch.web.lenses import MAX_UPLOAD, import_lens_document
from wellarch.web.rendering import ReviewsDep, reviews_of
from wellarch.web.review import lens_review
from wellarch.web.schemas import (
    AnswerIn,
    AnswerOut,
    ConflictOut,
    DiffOut,
    ErrorOut,
    LensOut,
    MilestoneIn,
    MilestoneOut,
    WorkloadIn,
    WorkloadOut,
    WorkloadPatch,
    WorkloadSummaryOut,
)

__all__ = ["router"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "A body that cannot be parsed"},
    413: {"model": ErrorOut, "description": "A body larger than the server accepts (about 1 MiB)"},
    404: {"model": ErrorOut, "description": "Unknown workload, lens, question or milestone"},
    422: {"model": ErrorOut, "description": "Input the domain or the schema refuses"},
}
router = APIRouter(route_class=PageRoute, prefix="/api", responses=_ERRORS)
WORKLOAD = "/workloads/{name:path}"


@router.get("/health", tags=["meta"], responses={})
def health() -> dict[str, str]:
    """Liveness: always ``{"status": "ok"}`` with the wellarch version."""
    return {"status": "ok", "version": wellarch.__version__}


# -- answers ---------------------------------------------------------------------------------
@router.get(WORKLOAD + "/lenses/{lens}/answers", tags=["answers"])
def list_answers(name: str, lens: str, reviews: ReviewsDep) -> list[AnswerOut]:
    """Every question of the lens with its answer, risk and version."""
    review = lens_review(reviews, reviews.workload(name), lens)
    return [AnswerOut.of(lens, p.pillar.id, q) for p, q in review.questions()]


def _one_answer(reviews: Reviews, name: str, lens: str, question_id: str) -> AnswerOut:
    review = lens_review(reviews, reviews.workload(name), lens)
    for pillar, item in review.questions():
        if item.question.id == question_id:
            return AnswerOut.of(lens, pillar.pillar.id, item)
    reviews.locate(reviews.workload(name), question_id, lens)  # raises NotFound
    raise AssertionError("unreachable")  # pragma: no cover


@router.get(WORKLOAD + "/lenses/{lens}/answers/{question_id}", tags=["answers"])
def get_answer(name: str, lens: str, question_id: str, reviews: ReviewsDep) -> AnswerOut:
    return _one_answer(reviews, name, lens, question_id)


@router.put(
    WORKLOAD + "/lenses/{lens}/answers/{question_id}",
    tags=["answers"],
    responses={409: {"model": ConflictOut, "description": "expected_version is stale"}},
)
def put_answer(
    name: str,
    lens: str,
    question_id: str,
    body: AnswerIn,
    reviews: ReviewsDep,
) -> Any:
    """Replace the answer; refused with ``409`` when ``expected_version`` is not the saved one."""
    update = AnswerUpdate(
        selected=None if body.none_of_these else tuple(body.selected),
        none_of_these=body.none_of_these,
        not_applicable=body.not_applicable.domain() if body.not_applicable else None,
        applicable=body.not_applicable is None,
        choice_not_applicable={k: v.domain() for k, v in body.choice_not_applicable.items()},
        notes=body.notes or "",
        expected_version=body.expected_version,
    )
    if body.none_of_these and body.selected:
        raise InputError("none_of_these cannot be combined with selected choices")
    workload = reviews.workload(name)
    try:
        saved, risk = reviews.answer(workload, question_id, update, lens=lens)
    except Conflict as exc:
        current = _one_answer(reviews, name, lens, question_id)
        conflict = ConflictOut(detail=str(exc), type="conflict", current=current)
        return JSONResponse(conflict.model_dump(mode="json"), status_code=409)
    entry, question = reviews.locate(workload, question_id, lens)
    pillar = entry.lens.pillar_of(question_id)
    assert pillar is not None  # the question was found in this lens
    return AnswerOut.of(lens, pillar.id, QuestionReview(question, saved, risk))


# -- results and milestones ------------------------------------------------------------------
@router.get(WORKLOAD + "/report", tags=["results"])
def get_report(name: str, reviews: ReviewsDep) -> dict[str, Any]:
    """The review report: the JSON of ``wellarch report --format json``."""
    return reviews.report(name)


@router.get(WORKLOAD + "/plan", tags=["results"])
def get_plan(name: str, reviews: ReviewsDep) -> list[dict[str, Any]]:
    """The improvement plan: HIGH then MEDIUM questions with the practices not yet met."""
    return [item.to_dict() for item in reviews.plan(reviews.workload(name))]


@router.get(WORKLOAD + "/milestones", tags=["milestones"])
def list_milestones(name: str, reviews: ReviewsDep) -> list[MilestoneOut]:
    return [MilestoneOut.of(m) for m in reviews.milestones(name)]


@router.post(
    WORKLOAD + "/milestones",
    status_code=201,
    tags=["milestones"],
    responses={409: {"model": ErrorOut, "description": "A milestone with this name exists"}},
)
def create_milestone(name: str, body: MilestoneIn, reviews: ReviewsDep) -> MilestoneOut:
    return MilestoneOut.of(reviews.create_milestone(name, body.name))


@router.get(WORKLOAD + "/diff", tags=["milestones"], response_model_by_alias=True)
def diff(
    name: str,
    reviews: ReviewsDep,
    before: int = Query(..., alias="from", ge=1, le=100, description="Milestone number"),
    after: int | None = Query(None, alias="to", ge=1, le=100, description="Default: now"),
) -> DiffOut:
    """What changed from one milestone to another (or to now): risks and choices."""
    return DiffOut.of(reviews.diff(name, before, after))


# -- workloads -------------------------------------------------------------------------------
def _workload_out(reviews: Reviews, name: str) -> WorkloadOut:
    workload = reviews.workload(name)
    risks = [q.risk for r in reviews.lens_reviews(workload) for _, q in r.questions()]
    return WorkloadOut.of(workload, count(risks))


@router.get("/workloads", tags=["workloads"])
def list_workloads(
    reviews: ReviewsDep,
    q: str = Query("", max_length=200, description="Words to find in name, owner or lenses"),
) -> list[WorkloadSummaryOut]:
    return [WorkloadSummaryOut.of(s) for s in reviews.workload_page(q).summaries]


@router.post(
    "/workloads",
    status_code=201,
    tags=["workloads"],
    responses={409: {"model": ErrorOut, "description": "A workload with this name exists"}},
)
def create_workload(body: WorkloadIn, reviews: ReviewsDep) -> WorkloadOut:
    fields = body.model_dump(mode="json", exclude={"name"})
    created = reviews.create_workload(body.name, **fields)
    return _workload_out(reviews, created.name)


@router.get(WORKLOAD, tags=["workloads"])
def get_workload(name: str, reviews: ReviewsDep) -> WorkloadOut:
    return _workload_out(reviews, name)


@router.patch(
    WORKLOAD,
    tags=["workloads"],
    responses={409: {"model": ErrorOut, "description": "The new name is taken"}},
)
def update_workload(name: str, body: WorkloadPatch, reviews: ReviewsDep) -> WorkloadOut:
    updated = reviews.update_workload(name, **body.model_dump(mode="json", exclude_none=True))
    return _workload_out(reviews, updated.name)


@router.delete(WORKLOAD, status_code=204, tags=["workloads"])
def delete_workload(name: str, reviews: ReviewsDep) -> Response:
    """Delete the workload with its answers, milestones and evidence."""
    reviews.delete_workload(name)
    return Response(status_code=204)


# -- lenses ----------------------------------------------------------------------------------
@router.get("/lenses", tags=["lenses"])
def list_lenses(reviews: ReviewsDep) -> list[LensOut]:
    return [LensOut.of(entry) for entry in reviews.catalog.entries()]


@router.post(
    "/lenses",
    status_code=201,
    tags=["lenses"],
    responses={
        409: {"model": ErrorOut, "description": "The alias is taken (set replace=true)"},
        413: {"model": ErrorOut, "description": f"Larger than {MAX_UPLOAD:,} bytes"},
        415: {"model": ErrorOut, "description": "The body is not application/json"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "A lens in the AWS custom-lens JSON format",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
async def import_lens(
    request: Request,
    alias: str = Query(..., min_length=3, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]+$"),
    replace: bool = Query(False, description="Replace a custom lens with this alias"),
    lenient: bool = Query(False, description="Accept published lenses' known deviations"),
) -> Any:
    """Import a custom lens; a lens that does not validate is ``422`` with every problem."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        body = {"detail": "send the lens as application/json", "type": "request", "problems": []}
        return JSONResponse(body, status_code=415)
    data = await request.body()
    if len(data) > MAX_UPLOAD:
        detail = f"the lens is {len(data):,} bytes; uploads may have at most {MAX_UPLOAD:,}"
        return JSONResponse({"detail": detail, "type": "request", "problems": []}, 413)
    reviews = await reviews_of(request)
    entry, warnings = await run_long(  # parsing a large lens takes a while
        import_lens_document,
        reviews,
        data,
        alias=alias,
        source=f"<upload {alias}>",
        replace=replace,
        lenient=lenient,
    )
    return JSONResponse(LensOut.of(entry, warnings).model_dump(mode="json"), status_code=201)


@router.get("/lenses/{alias}", tags=["lenses"])
def get_lens(alias: str, reviews: ReviewsDep) -> dict[str, Any]:
    """The lens as AWS custom-lens JSON (the document an export writes)."""
    return lens_to_document(reviews.catalog.get(alias).lens)
