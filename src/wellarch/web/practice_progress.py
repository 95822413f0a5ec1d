"""The practice progress page: pillar strength over weeks (a server-side SVG line chart), weak
areas, the streak, this week's plan with progress bars, recent attempts, and a form to log
preparation done elsewhere (as ``wellarch practice log`` does)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from wellarch.practice import load_scenarios
from wellarch.practice.chart import strength_chart_svg
from wellarch.practice.progress import Activity, ActivityKind, summarise
from wellarch.web.csrf import CheckedForm
from wellarch.web.forms import form_text
from wellarch.web.lanes import PageRoute
from wellarch.web.practice_feedback import pillar_names
from wellarch.web.rendering import AttemptsDep, redirect, render

__all__ = ["KINDS", "MAX_NOTE", "router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)
#: The longest note on a logged activity (characters).
MAX_NOTE = 200
#: Activity kind → (label on the plan, what the log form calls it, a logged one's tag).
KINDS: dict[str, tuple[str, str, str]] = {
    ActivityKind.DESIGN.value: ("System designs", "A system design (done elsewhere)", "design"),
    ActivityKind.CODING.value: ("Coding problems", "A coding problem", "coding problem"),
    ActivityKind.STORY.value: ("STAR stories", "A STAR story", "STAR story"),
    ActivityKind.MOCK.value: ("Mock interviews", "A mock interview", "mock interview"),
}
RECENT = 10


def _progress_page(
    request: Request,
    attempts: AttemptsDep,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    stored = attempts.attempts()
    activities = attempts.activities()
    summary = summarise(stored, activities)
    names = pillar_names()
    titles = {s.id: s.title for s in load_scenarios()}
    plan = [
        {
            "kind": kind,
            "label": KINDS[kind][0],
            **item,
            "percent": min(100, round(100 * item["done"] / item["target"])),
        }
        for kind, item in summary["plan"].items()
    ]
    recent: list[dict[str, Any]] = [
        {
            "attempt": a,
            "title": titles.get(a.scenario_id, a.scenario_id),
            "average": round(100 * sum(a.pillar_scores.values()) / len(a.pillar_scores))
            if a.pillar_scores
            else 0,
        }
        for a in reversed(stored[-RECENT:])
    ]
    weak = [
        {"id": p, "name": names.get(p, p), "percent": round(100 * summary["average"][p])}
        for p in summary["weak_areas"]
    ]
    return render(
        request,
        "practice_progress.html",
        {
            "section": "practice",
            "summary": summary,
            "chart": Markup(
                strength_chart_svg(
                    summary["strength_by_week"], names, title="Pillar strength by week"
                )
            ),
            "averages": [
                {"name": names.get(p, p), "percent": round(100 * v)}
                for p, v in sorted(
                    summary["average"].items(),
                    key=lambda item: list(names).index(item[0]) if item[0] in names else 99,
                )
            ],
            "weak": weak,
            "weeks": len({w for by_week in summary["strength_by_week"].values() for w in by_week}),
            "plan": plan,
            "recent": recent,
            "logged": list(reversed(activities[-RECENT:])),
            "kinds": KINDS,
            "form": form or {"kind": ActivityKind.CODING.value, "note": ""},
            "errors": errors or {},
            "max_note": MAX_NOTE,
        },
        status_code=status_code,
    )


@router.get("/practice/progress", response_class=HTMLResponse)
def progress_page(request: Request, attempts: AttemptsDep) -> HTMLResponse:
    return _progress_page(request, attempts)


@router.post("/practice/progress/log", response_class=HTMLResponse)
def log_activity(request: Request, form: CheckedForm, attempts: AttemptsDep) -> Response:
    values = {"kind": form_text(form, "kind"), "note": form_text(form, "note")}
    errors: dict[str, str] = {}
    if values["kind"] not in KINDS:
        errors["kind"] = "Choose what you did: a coding problem, a STAR story, a mock or a design."
    if len(values["note"]) > MAX_NOTE:
        errors["note"] = f"Keep the note under {MAX_NOTE} characters ({len(values['note'])} sent)."
    if errors:
        return _progress_page(request, attempts, form=values, errors=errors, status_code=422)
    kind = ActivityKind(values["kind"])
    attempts.add_activity(Activity(kind, datetime.now(UTC), values["note"] or None))
    note = f": {values['note']}" if values["note"] else ""
    return redirect(request, "/practice/progress#log", f"Logged a {KINDS[kind.value][2]}{note}.")
