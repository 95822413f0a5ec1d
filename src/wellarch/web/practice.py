"""Interview practice pages: the scenario catalog, a scenario with its start form, and scoring
a pasted answer.

The timed sessions and their feedback live in :mod:`wellarch.web.practice_sessions`, the
progress page in :mod:`wellarch.web.practice_progress` and the JSON API in
:mod:`wellarch.web.practice_api`; this module's ``router`` includes them all, so the app
registers one router for the whole practice area. A scenario page never shows the reference
answer unless the candidate opens it on purpose.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from wellarch.errors import NotFound
from wellarch.practice import get_scenario, load_scenarios, score_answer
from wellarch.practice.progress import Attempt
from wellarch.practice.scenario import Scenario
from wellarch.practice.session import PHASES, new_session
from wellarch.web import practice_api, practice_progress, practice_sessions
from wellarch.web.csrf import CheckedForm
from wellarch.web.forms import form_text
from wellarch.web.lanes import PageRoute, long_work
from wellarch.web.practice_feedback import LEVELS, feedback_view, markdown, reference_view
from wellarch.web.rendering import AttemptsDep, SessionsDep, redirect, render

__all__ = ["MAX_ANSWER", "MAX_MINUTES", "MIN_MINUTES", "router"]

#: The pages of this module; ``router`` is them plus the other practice modules' routers.
pages = APIRouter(route_class=PageRoute, include_in_schema=False)
router = APIRouter(route_class=PageRoute)
#: Interview lengths a session may have (minutes), as ``wellarch practice start`` allows.
MIN_MINUTES, MAX_MINUTES = 10, 180
#: The longest answer scored (characters), as ``wellarch practice score`` allows.
MAX_ANSWER = 200_000


def _tags() -> list[tuple[str, int]]:
    counts = Counter(tag for s in load_scenarios() for tag in s.tags)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@pages.get("/practice", response_class=HTMLResponse)
def catalog(
    request: Request,
    sessions: SessionsDep,
    level: str = Query("", pattern=r"^(L6|L7)?$"),
    tag: str = Query("", max_length=80),
) -> HTMLResponse:
    scenarios = load_scenarios()
    chosen = [
        s for s in scenarios if (not level or s.level == level) and (not tag or tag in s.tags)
    ]
    titles = {s.id: s.title for s in scenarios}
    in_progress = [
        {"number": number, "session": session, "title": titles.get(session.scenario_id)}
        for number, session in sessions.open_sessions()
        if not session.finished
    ]
    return render(
        request,
        "practice_catalog.html",
        {
            "section": "practice",
            "scenarios": chosen,
            "total": len(scenarios),
            "level": level,
            "tag": tag,
            "tags": _tags(),
            "levels": LEVELS,
            "in_progress": in_progress,
        },
    )


def _scenario_page(
    request: Request,
    scenario: Scenario,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "practice_scenario.html",
        {
            "section": "practice",
            "scenario": scenario,
            "prompt": markdown(scenario.prompt),
            "scale": [markdown(item) for item in scenario.bullets("Scale")],
            "constraints": [markdown(item) for item in scenario.bullets("Constraints")],
            "clarifying": [markdown(item) for item in scenario.bullets("Clarifying questions")],
            "reference": reference_view(scenario),
            "levels": LEVELS,
            "form": form or {"level": scenario.level, "minutes": str(scenario.minutes)},
            "errors": errors or {},
            "min_minutes": MIN_MINUTES,
            "max_minutes": MAX_MINUTES,
            "phases": PHASES,
        },
        status_code=status_code,
    )


@pages.get("/practice/scenarios/{scenario_id}", response_class=HTMLResponse)
def scenario_page(request: Request, scenario_id: str) -> HTMLResponse:
    return _scenario_page(request, get_scenario(scenario_id))


@pages.post("/practice/scenarios/{scenario_id}/sessions", response_class=HTMLResponse)
def start_session(
    request: Request, scenario_id: str, form: CheckedForm, sessions: SessionsDep
) -> Response:
    scenario = get_scenario(scenario_id)
    values = {"level": form_text(form, "level"), "minutes": form_text(form, "minutes")}
    errors: dict[str, str] = {}
    if values["level"] not in LEVELS:
        errors["level"] = f"Choose a level: {' or '.join(LEVELS)}."
    minutes = int(values["minutes"]) if re.fullmatch(r"[0-9]{1,4}", values["minutes"]) else None
    if minutes is None:
        errors["minutes"] = "Enter the interview length as a whole number of minutes."
    elif not MIN_MINUTES <= minutes <= MAX_MINUTES:
        errors["minutes"] = (
            f"The interview must last between {MIN_MINUTES} and {MAX_MINUTES} minutes "
            f"(not {minutes})."
        )
    if errors or minutes is None:
        return _scenario_page(request, scenario, form=values, errors=errors, status_code=422)
    session = new_session(scenario.id, values["level"], minutes)
    session.start_phase()
    number = sessions.save(session)
    return redirect(
        request,
        f"/practice/sessions/{number}",
        f"The clock is running: {minutes} minutes, five phases. Good luck!",
    )


def _score_page(
    request: Request,
    *,
    form: dict[str, Any],
    errors: dict[str, str] | None = None,
    result: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "practice_score.html",
        {
            "section": "practice",
            "scenarios": load_scenarios(),
            "levels": LEVELS,
            "form": form,
            "errors": errors or {},
            "result": result,
            "max_answer": MAX_ANSWER,
        },
        status_code=status_code,
    )


@pages.get("/practice/score", response_class=HTMLResponse)
def score_form(request: Request, scenario: str = Query("", max_length=100)) -> HTMLResponse:
    known = {s.id for s in load_scenarios()}
    chosen = scenario if scenario in known else ""
    return _score_page(
        request, form={"scenario": chosen, "level": "", "answer": "", "record": False}
    )


@pages.post("/practice/score", response_class=HTMLResponse)
@long_work
def score_pasted(request: Request, form: CheckedForm, attempts: AttemptsDep) -> HTMLResponse:
    values: dict[str, Any] = {
        "scenario": form_text(form, "scenario"),
        "level": form_text(form, "level"),
        "answer": form_text(form, "answer", strip=False),
        "record": form_text(form, "record") == "on",
    }
    errors: dict[str, str] = {}
    scenario: Scenario | None = None
    try:
        scenario = get_scenario(values["scenario"])
    except NotFound:
        errors["scenario"] = "Choose the scenario the answer is for."
    if values["level"] and values["level"] not in LEVELS:
        errors["level"] = f"Choose a level: {' or '.join(LEVELS)}, or the scenario's own."
    if not values["answer"].strip():
        errors["answer"] = "Paste or type your answer: there is nothing to score yet."
    elif len(values["answer"]) > MAX_ANSWER:
        errors["answer"] = f"The answer is longer than {MAX_ANSWER:,} characters; shorten it."
    if errors or scenario is None:
        return _score_page(request, form=values, errors=errors, status_code=422)
    feedback = score_answer(scenario, values["answer"], level=values["level"] or None)
    recorded = None
    if values["record"]:
        recorded = attempts.add_attempt(
            Attempt(
                scenario_id=scenario.id,
                level=feedback["level"],
                finished_at=datetime.now(UTC),
                minutes=scenario.minutes,
                phase_seconds={},
                pillar_scores={k: v["score"] for k, v in feedback["pillars"].items()},
                rubric_scores={k: v["score"] for k, v in feedback["rubric"].items()},
            )
        )
    result = {
        "scenario": scenario,
        "feedback": feedback_view(feedback),
        "reference": reference_view(scenario),
        "recorded": recorded,
    }
    return _score_page(request, form=values, result=result)


router.include_router(pages)
for _module in (practice_sessions, practice_progress, practice_api):
    router.include_router(_module.router)
