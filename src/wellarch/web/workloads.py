"""Workload pages: the list with risk counts and search, create, edit, delete with confirmation.

Workload names may hold any character, ``/`` included, so routes take the name as a ``path``
parameter and the routes with a suffix (``/edit``, ``/delete`` …) are registered before the
dashboard's bare ``/workloads/{name}`` (see :mod:`wellarch.web.app`).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from wellarch.errors import Conflict, InputError
from wellarch.report import text
from wellarch.review.repository import WorkloadSummary
from wellarch.review.service import Reviews
from wellarch.review.workload import Environment
from wellarch.web.csrf import CheckedForm
from wellarch.web.forms import WorkloadDraft
from wellarch.web.lanes import PageRoute
from wellarch.web.rendering import ReviewsDep, redirect, render, workload_url

__all__ = ["PAGE_SIZE", "router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PAGE_SIZE = 50


class _Row(NamedTuple):
    """One row of the workload table, every value ready to print: the template only looks
    them up (filters, macros and calls in its 50-row loop were half of the page's time)."""

    name: str
    url: str
    review_url: str
    owner: str
    environment: str
    lenses: tuple[str, ...]
    answered: int
    progress: str
    #: The progress meter's maximum: the lenses' questions, at least 1.
    meter_max: int
    percent: str
    high: int
    high_class: str
    medium: int
    medium_class: str
    updated: str | None
    updated_on: str


def _questions_of(reviews: Reviews, summaries: list[WorkloadSummary]) -> dict[str, int]:
    """Questions per lens alias on this page (0 for an unknown alias): looking up only these
    spares loading every custom lens document from the store."""
    aliases = {alias for s in summaries for alias in s.lenses}
    entries = {alias: reviews.catalog.find(alias) for alias in aliases}
    return {a: e.lens.question_count if e is not None else 0 for a, e in entries.items()}


def _rows(reviews: Reviews, summaries: list[WorkloadSummary]) -> list[_Row]:
    questions_of = _questions_of(reviews, summaries)
    rows = []
    for s in summaries:
        questions = sum([questions_of[alias] for alias in s.lenses])
        percent = round(100 * s.answered / questions) if questions else 0
        high, medium = s.risks.get("HIGH", 0), s.risks.get("MEDIUM", 0)
        updated = s.updated_at.isoformat() if s.updated_at else None
        url = workload_url(s.name)
        rows.append(
            _Row(
                name=s.name,
                url=url,
                review_url=f"{url}/review",  # workload_url(s.name, "review")
                owner=s.owner or "No owner",
                environment=text.environment_label(s.environment),
                lenses=s.lenses,
                answered=s.answered,
                progress=f"{s.answered} of {questions} answered",
                meter_max=questions or 1,
                percent=f"{percent}%",
                high=high,
                high_class="count-high" if high else "count-zero",  # as ui.count gives them
                medium=medium,
                medium_class="count-medium" if medium else "count-zero",
                updated=updated,
                updated_on=text.format_date(updated) if updated else "",
            )
        )
    return rows


@router.get("/", response_class=RedirectResponse)
def home() -> RedirectResponse:
    return RedirectResponse("/workloads", status_code=302)


@router.get("/workloads", response_class=HTMLResponse)
def workload_list(
    request: Request,
    reviews: ReviewsDep,
    q: str = Query("", max_length=200),
    page: int = Query(1, ge=1, le=1_000_000),
) -> HTMLResponse:
    query = q.strip()
    listed = reviews.workload_page(query, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    pages = max(1, math.ceil(listed.matched / PAGE_SIZE))
    if page > pages:  # past the end: show the last page
        page = pages
        listed = reviews.workload_page(query, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    return render(
        request,
        "workloads.html",
        {
            "section": "workloads",
            "rows": _rows(reviews, listed.summaries),
            "query": query,
            "page": page,
            "pages": pages,
            "matched": listed.matched,
            "everything": listed.total,
            "high_total": listed.risks.get("HIGH", 0),
            "medium_total": listed.risks.get("MEDIUM", 0),
        },
    )


def _form_context(reviews: Reviews, draft: WorkloadDraft) -> dict[str, Any]:
    entries = reviews.catalog.entries()
    pillars: dict[str, str] = {}
    for entry in entries:
        for pillar in entry.lens.pillars:
            pillars.setdefault(pillar.id, pillar.name)
    slots = min(max(6, len(draft.priorities)), max(len(pillars), len(draft.priorities)))
    return {
        "section": "workloads",
        "draft": draft,
        "lenses": entries,
        "pillars": pillars,
        "slots": slots,
        "environments": [e.value for e in Environment],
    }


def _form_page(
    request: Request,
    reviews: Reviews,
    draft: WorkloadDraft,
    *,
    original: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = _form_context(reviews, draft)
    context.update(original=original, error=error)
    return render(request, "workload_form.html", context, status_code=status_code)


@router.get("/new-workload", response_class=HTMLResponse)
def new_workload(request: Request, reviews: ReviewsDep) -> HTMLResponse:
    return _form_page(request, reviews, WorkloadDraft())


@router.post("/workloads", response_class=HTMLResponse)
def create_workload(
    request: Request,
    form: CheckedForm,
    reviews: ReviewsDep,
) -> Response:
    draft = WorkloadDraft.from_form(form)
    try:
        created = reviews.create_workload(draft.name, **draft.fields())
    except (InputError, Conflict) as exc:
        status = 409 if isinstance(exc, Conflict) else 422
        return _form_page(request, reviews, draft, error=str(exc), status_code=status)
    message = f"Created workload “{created.name}”. Start the review when you are ready."
    return redirect(request, workload_url(created.name), message)


@router.get("/workloads/{name:path}/edit", response_class=HTMLResponse)
def edit_workload(request: Request, name: str, reviews: ReviewsDep) -> HTMLResponse:
    workload = reviews.workload(name)
    return _form_page(request, reviews, WorkloadDraft.from_workload(workload), original=name)


@router.post("/workloads/{name:path}/edit", response_class=HTMLResponse)
def update_workload(
    request: Request,
    name: str,
    form: CheckedForm,
    reviews: ReviewsDep,
) -> Response:
    reviews.workload(name)  # 404 before anything else
    draft = WorkloadDraft.from_form(form)
    if not draft.name.strip():  # a form without the name field keeps the name
        draft.name = name
    try:
        updated = reviews.update_workload(name, name=draft.name, **draft.fields())
    except (InputError, Conflict) as exc:
        status = 409 if isinstance(exc, Conflict) else 422
        return _form_page(
            request, reviews, draft, original=name, error=str(exc), status_code=status
        )
    message = f"Saved workload “{updated.name}”."
    if updated.name != name:
        message = f"Renamed workload “{name}” to “{updated.name}” and saved it."
    return redirect(request, workload_url(updated.name), message)


@router.get("/workloads/{name:path}/delete", response_class=HTMLResponse)
def confirm_delete(request: Request, name: str, reviews: ReviewsDep) -> HTMLResponse:
    workload = reviews.workload(name)
    summary = next((s for s in reviews.workloads() if s.name == name), None)
    return render(
        request,
        "workload_delete.html",
        {
            "section": "workloads",
            "workload": workload,
            "answered": summary.answered if summary else 0,
            "milestones": len(reviews.milestones(name)),
        },
    )


@router.post("/workloads/{name:path}/delete", response_class=HTMLResponse)
def delete_workload(
    request: Request,
    name: str,
    form: CheckedForm,
    reviews: ReviewsDep,
) -> Response:
    reviews.delete_workload(name)
    return redirect(request, "/workloads", f"Deleted workload “{name}” and its review.")
