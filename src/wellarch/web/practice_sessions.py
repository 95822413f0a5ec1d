"""Timed practice sessions in the browser, and the feedback on a finished one.

A session is stored (``SessionsDep``) after every action, so the clock, the phase and the
notes survive a reload, a closed tab and a server restart. The page shows the remaining time
as the server computes it; ``practice.js`` only makes it tick. Notes are saved by every
button (and, with JavaScript, automatically), and a post made for a phase that has since
finished — a second tab — is refused with the typed text shown again, never merged silently.

When the last phase finishes, the whole answer is scored, the attempt recorded
(``AttemptsDep``) and the finished session kept *as the attempt's notes*: the attempt page
re-scores them to show the full feedback (evidence quotes, missed questions) for as long as
the candidate keeps them; "Delete my notes" drops them and leaves the scores in the progress.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from wellarch.errors import NotFound
from wellarch.practice import get_scenario, score_answer
from wellarch.practice.scenario import Scenario
from wellarch.practice.session import PHASES, Session, SessionRepository
from wellarch.web.csrf import CheckedForm
from wellarch.web.downloads import content_disposition
from wellarch.web.forms import form_text
from wellarch.web.lanes import PageRoute, long_work
from wellarch.web.practice_feedback import (
    attempt_from,
    clock,
    feedback_view,
    find_attempt,
    markdown,
    reference_view,
    scores_view,
)
from wellarch.web.rendering import AttemptsDep, SessionsDep, redirect, render

__all__ = ["MAX_NOTES", "router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)
#: The longest notes one phase may hold (characters).
MAX_NOTES = 50_000
ACTIONS = ("start", "pause", "save", "finish")
AUTOSAVE_HEADER = "x-autosave"
SessionNumber = Annotated[int, Path(ge=1, le=2**31 - 1)]
AttemptNumber = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _scenario_or_none(scenario_id: str) -> Scenario | None:
    try:
        return get_scenario(scenario_id)
    except NotFound:
        return None


def _session_page(
    request: Request,
    number: int,
    session: Session,
    *,
    notes: str | None = None,
    error: str | None = None,
    stale: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    scenario = _scenario_or_none(session.scenario_id)
    current = session.current
    index = session.phases.index(current) if current is not None else len(session.phases)
    phases = [
        {
            "number": i + 1,
            "phase": phase,
            "state": "done" if phase.done else ("current" if i == index else "next"),
            "budget": clock(phase.budget_seconds),
            "used": clock(phase.used_seconds),
            "notes": phase.notes,
        }
        for i, phase in enumerate(session.phases)
    ]
    return render(
        request,
        "practice_session.html",
        {
            "section": "practice",
            "number": number,
            "session": session,
            "scenario": scenario,
            "title": scenario.title if scenario else session.scenario_id,
            "prompt": markdown(scenario.prompt) if scenario else None,
            "scale": [markdown(b) for b in scenario.bullets("Scale")] if scenario else [],
            "constraints": [markdown(b) for b in scenario.bullets("Constraints")]
            if scenario
            else [],
            "phases": phases,
            "index": index,
            "current": current,
            "last": index == len(session.phases) - 1,
            "notes": current.notes if notes is None and current is not None else (notes or ""),
            "phase_left": session.phase_remaining(),
            "total_left": session.remaining_seconds,
            "clock": clock,
            "error": error,
            "stale": stale,
            "max_notes": MAX_NOTES,
        },
        status_code=status_code,
    )


def _finished_url(session: Session) -> str:
    return f"/practice/attempts/{session.attempt_id}" if session.attempt_id else "/practice"


@router.get("/practice/sessions/{number}", response_class=HTMLResponse)
def session_page(request: Request, sessions: SessionsDep, number: SessionNumber) -> Response:
    session = sessions.get(number)
    if session.finished:
        return RedirectResponse(_finished_url(session), status_code=303)
    return _session_page(request, number, session)


@router.post("/practice/sessions/{number}", response_class=HTMLResponse)
@long_work
def session_action(
    request: Request,
    form: CheckedForm,
    sessions: SessionsDep,
    attempts: AttemptsDep,
    number: SessionNumber,
) -> Response:
    session = sessions.get(number)
    autosave = request.headers.get(AUTOSAVE_HEADER) == "1"
    notes = form_text(form, "notes", strip=False)
    action = form_text(form, "action")
    if session.finished:
        if autosave:
            return Response(status_code=409)
        return redirect(request, _finished_url(session), "This session has finished.", "info")
    current = session.current
    assert current is not None
    index = session.phases.index(current)
    if form_text(form, "phase") != str(index):
        if autosave:
            return Response(status_code=409)
        message = (
            f"This session has moved on to “{current.name}” (in another tab or window), so "
            "the notes you sent were not saved. They are below: copy what you need."
        )
        return _session_page(request, number, session, stale=notes, error=message, status_code=409)
    if action not in ACTIONS:
        action = "save"
    if len(notes) > MAX_NOTES:
        if autosave:
            return Response(status_code=422)
        message = (
            f"The notes of a phase may have at most {MAX_NOTES:,} characters "
            f"({len(notes):,} sent); nothing was saved. Shorten them and save again."
        )
        return _session_page(request, number, session, notes=notes, error=message, status_code=422)
    if "notes" in form:  # a post without the field (not from this page) keeps the notes
        current.notes = notes.strip("\n")
    if action == "finish":
        return _finish_phase(request, number, session, sessions, attempts)
    done = {"start": "Clock running.", "pause": "Paused: the clock is stopped."}
    if action == "start":
        session.start_phase()
    elif action == "pause":
        session.pause()
    sessions.save(session, number)
    if autosave:
        return Response(status_code=204)
    return redirect(request, f"/practice/sessions/{number}", done.get(action, "Notes saved."))


def _finish_phase(
    request: Request,
    number: int,
    session: Session,
    sessions: SessionRepository,
    attempts: AttemptsDep,
) -> Response:
    current = session.current
    assert current is not None
    last = current is session.phases[-1]
    if last and not any(p.notes.strip() for p in session.phases):
        sessions.save(session, number)
        message = (
            "There is nothing to score yet: write your answer in the notes (any phase) "
            "before finishing the interview."
        )
        return _session_page(request, number, session, error=message, status_code=422)
    running = session.running
    session.finish_phase("")
    if not last:
        if running:
            session.start_phase()
        sessions.save(session, number)
        assert session.current is not None
        return redirect(
            request,
            f"/practice/sessions/{number}",
            f"{current.name} done in {clock(current.used_seconds)} of "
            f"{clock(current.budget_seconds)}. Next: {session.current.name}.",
        )
    scenario = get_scenario(session.scenario_id)
    feedback = score_answer(scenario, session.answer_text(), level=session.level)
    attempt = attempts.add_attempt(attempt_from(session, feedback))
    session.attempt_id = attempt.id
    sessions.save(session, number)
    covered = sum(1 for p in feedback["pillars"].values() if p["covered"])
    return redirect(
        request,
        f"/practice/attempts/{attempt.id}",
        f"Interview finished in {clock(session.used_seconds)}: {covered} of "
        f"{len(feedback['pillars'])} pillars covered. Your attempt is recorded.",
    )


@router.post("/practice/sessions/{number}/abandon", response_class=HTMLResponse)
def abandon(
    request: Request, form: CheckedForm, sessions: SessionsDep, number: SessionNumber
) -> Response:
    session = sessions.get(number)
    if session.finished:
        return redirect(request, _finished_url(session), "This session has finished.", "info")
    sessions.delete(number)
    return redirect(
        request, "/practice", f"Abandoned practice session {number}; its notes are deleted."
    )


def _notes_of(sessions: SessionRepository, attempt_id: int) -> tuple[int, Session] | None:
    return next(
        ((n, s) for n, s in sessions.open_sessions() if s.finished and s.attempt_id == attempt_id),
        None,
    )


def _phase_rows(attempt_phase_seconds: dict[str, float], minutes: int) -> list[dict[str, Any]]:
    rows = []
    for name, share, _ in PHASES:
        if name in attempt_phase_seconds:
            used, budget = attempt_phase_seconds[name], minutes * 60 * share
            rows.append(
                {"name": name, "used": clock(used), "budget": clock(budget), "over": used > budget}
            )
    return rows


@router.get("/practice/attempts/{attempt_id}", response_class=HTMLResponse)
@long_work
def attempt_page(
    request: Request,
    attempts: AttemptsDep,
    sessions: SessionsDep,
    attempt_id: AttemptNumber,
) -> HTMLResponse:
    attempt = find_attempt(attempts, attempt_id)
    if attempt is None:
        raise NotFound(f"no practice attempt {attempt_id}")
    scenario = _scenario_or_none(attempt.scenario_id)
    kept = _notes_of(sessions, attempt_id)
    if kept is not None and scenario is not None:
        feedback = feedback_view(score_answer(scenario, kept[1].answer_text(), level=attempt.level))
    else:
        feedback = scores_view(attempt)
    return render(
        request,
        "practice_attempt.html",
        {
            "section": "practice",
            "attempt": attempt,
            "scenario": scenario,
            "title": scenario.title if scenario else attempt.scenario_id,
            "feedback": feedback,
            "reference": reference_view(scenario) if scenario else None,
            "notes": [p for p in kept[1].phases if p.notes] if kept else [],
            "kept": kept is not None,
            "phase_rows": _phase_rows(dict(attempt.phase_seconds), attempt.minutes),
            "used": clock(sum(attempt.phase_seconds.values())) if attempt.phase_seconds else None,
        },
    )


@router.get("/practice/attempts/{attempt_id}/notes.md")
def attempt_notes(
    attempts: AttemptsDep, sessions: SessionsDep, attempt_id: AttemptNumber
) -> Response:
    attempt = find_attempt(attempts, attempt_id)
    kept = _notes_of(sessions, attempt_id)
    if attempt is None or kept is None:
        raise NotFound(f"practice attempt {attempt_id} has no notes kept")
    session = kept[1]
    name = re.sub(r"[^a-z0-9-]+", "-", f"{attempt.scenario_id}-attempt-{attempt_id}").strip("-")
    head = f"# {attempt.scenario_id} ({attempt.level}, {attempt.finished_at:%Y-%m-%d})\n\n"
    return PlainTextResponse(
        head + session.answer_text() + "\n",
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": content_disposition(f"{name}.md", f"{name}.md")},
    )


@router.post("/practice/attempts/{attempt_id}/notes/delete", response_class=HTMLResponse)
def delete_notes(
    request: Request,
    form: CheckedForm,
    attempts: AttemptsDep,
    sessions: SessionsDep,
    attempt_id: AttemptNumber,
) -> Response:
    if find_attempt(attempts, attempt_id) is None:
        raise NotFound(f"no practice attempt {attempt_id}")
    kept = _notes_of(sessions, attempt_id)
    if kept is not None:
        sessions.delete(kept[0])
    return redirect(
        request,
        f"/practice/attempts/{attempt_id}",
        "Your notes are deleted; the attempt's scores stay in your progress.",
    )
