"""The workload dashboard: risk chart per lens, improvement plan, milestones and their compare
view, and the report downloads.

The chart is the report's own inline SVG (:func:`wellarch.report.risk_chart_svg`), so the
dashboard and the printed report show the same picture.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from wellarch.errors import Conflict, InputError
from wellarch.report import risk_chart_svg
from wellarch.report.text import RISK_LEVELS
from wellarch.review.milestone import MilestoneDiff
from wellarch.review.service import Reviews
from wellarch.web.csrf import CheckedForm
from wellarch.web.downloads import FORMATS, headers, report_download
from wellarch.web.forms import form_text
from wellarch.web.lanes import PageRoute, run_long
from wellarch.web.rendering import ReviewsDep, redirect, render, workload_url

__all__ = ["router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _next_questions(report: dict[str, Any]) -> dict[str, str | None]:
    """Per lens alias, the first unanswered question (``None`` when all are answered)."""
    result: dict[str, str | None] = {}
    for lens in report["lenses"]:
        result[lens["alias"]] = next(
            (q["id"] for p in lens["pillars"] for q in p["questions"] if q["risk"] == "UNANSWERED"),
            None,
        )
    return result


@router.post("/workloads/{name:path}/milestones", response_class=HTMLResponse)
def create_milestone(
    request: Request,
    name: str,
    form: CheckedForm,
    reviews: ReviewsDep,
) -> Response:
    url = workload_url(name) + "#milestones"
    try:
        milestone = reviews.create_milestone(name, form_text(form, "milestone"))
    except (InputError, Conflict) as exc:
        return redirect(request, url, f"Milestone not saved: {exc}", kind="error")
    counts = milestone.risk_counts()
    message = (
        f"Saved milestone {milestone.number} “{milestone.name}”: {counts['HIGH']} high and "
        f"{counts['MEDIUM']} medium risks."
    )
    return redirect(request, url, message)


def _names(reviews: Reviews, diff: MilestoneDiff) -> dict[tuple[str, str], str]:
    """Display names by (lens, id) of the pillars and choices a diff mentions."""
    names: dict[tuple[str, str], str] = {}
    for alias in {change.lens for change in diff.changes}:
        entry = reviews.catalog.find(alias)
        if entry is None:
            continue
        for pillar, question in entry.lens.questions():
            names[(alias, pillar.id)] = pillar.name
            for choice in question.choices:
                names[(alias, choice.id)] = choice.title
    return names


@router.get("/workloads/{name:path}/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    name: str,
    reviews: ReviewsDep,
    before: int = Query(..., ge=1, le=100, alias="from"),
    after: str = Query("now", alias="to", max_length=8),
) -> HTMLResponse:
    workload = reviews.workload(name)
    if after != "now" and not after.isdigit():
        raise InputError(f"compare to {after!r}: expected a milestone number or 'now'")
    target = None if after == "now" else int(after)
    diff = reviews.diff(name, before, target)
    changes = sorted(
        diff.changes, key=lambda c: (not c.improved, c.risk_after == c.risk_before, c.question_id)
    )
    return render(
        request,
        "compare.html",
        {
            "section": "workloads",
            "workload": workload,
            "diff": diff,
            "changes": changes,
            "totals": diff.totals(),
            "titles": (names := _names(reviews, diff)),
            "pillar_names": names,
            "milestones": reviews.milestones(name),
            "before": before,
            "after": after,
        },
    )


@router.get("/workloads/{name:path}/report.{fmt}")
async def download_report(name: str, fmt: str, reviews: ReviewsDep) -> Response:
    """The report as a file; made in the long-work lane (a PDF takes a second or more)."""
    download = await run_long(lambda: report_download(reviews.report(name), fmt, name))
    return Response(
        download.content, media_type=download.media_type, headers=headers(download, name, fmt)
    )


@router.get("/workloads/{name:path}", response_class=HTMLResponse)
def dashboard(request: Request, name: str, reviews: ReviewsDep) -> HTMLResponse:
    workload = reviews.workload(name)
    report = reviews.report(name)
    totals = dict.fromkeys(RISK_LEVELS, 0)
    for index, lens in enumerate(report["lenses"]):
        for level, count in lens["risk_counts"].items():
            totals[level] += count
        lens["chart"] = Markup(
            risk_chart_svg(
                lens["pillars"], title=f"Risk by pillar — {lens['name']}", id_prefix=f"c{index}"
            )
        )
    questions = sum(totals.values())
    answered = questions - totals["UNANSWERED"]
    milestones = reviews.milestones(name)
    return render(
        request,
        "dashboard.html",
        {
            "section": "workloads",
            "workload": workload,
            "report": report,
            "totals": totals,
            "questions": questions,
            "answered": answered,
            "percent": round(100 * answered / questions) if questions else 0,
            "plan": report["improvement_plan"],
            "practices": sum(len(item["missing"]) for item in report["improvement_plan"]),
            "next_questions": _next_questions(report),
            "milestones": list(reversed(milestones)),
            "milestone_counts": {m.number: m.risk_counts() for m in milestones},
            "formats": FORMATS,
        },
    )
