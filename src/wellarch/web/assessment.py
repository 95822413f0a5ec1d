"""The L6/L7 readiness self-assessment and the study plan, as pages.

Both only compute — nothing is stored — so both are ``GET`` forms: a result has an address
that can be bookmarked, and the assessment's answers travel to the plan in the query (one
parameter per question, named by its id, holding the ticked choice ids, as
``wellarch study assess --save`` writes them). Every problem is shown beside the field that
caused it, with status 422.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any, Literal, cast
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape
from starlette.datastructures import QueryParams

from wellarch.content.readiness import Readiness, assess, core_choices, readiness_lens
from wellarch.content.studyplan import AREA_NAMES, AREAS, FOCUS, StudyPlan, build_plan
from wellarch.errors import InputError
from wellarch.lens import Lens, RuleRisk
from wellarch.report.stacked_chart import Bar, Series, stacked_bar_svg
from wellarch.web.lanes import PageRoute
from wellarch.web.learn import Knowledge, KnowledgeDep
from wellarch.web.rendering import render

__all__ = ["AREA_FILLS", "advice_html", "focus_html", "questionnaire", "router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)

Level = Literal["L6", "L7"]
LEVELS = ("L6", "L7")
#: Fill colours of the study areas in the plan chart and its table.
AREA_FILLS = {
    "system_design": "#175cd3",
    "coding": "#0e9384",
    "behavioral": "#7a5af8",
    "mock_interviews": "#dc6803",
}
#: Query parameters that are not answers.
_CONTROL = frozenset({"level", "interview", "hours"})
DEFAULT_HOURS = 15.0
MAX_HOURS = 80.0
#: The furthest interview date a plan is made for (days from today).
MAX_DAYS = 2 * 365
_COMMANDS = {
    "wellarch study cards": ("Flashcards", "/study/cards"),
    "wellarch study assess": ("The self-assessment", "/study/assess"),
}
_FOCUS_WORDS = re.compile(r"wellarch study (?:cards|assess)|[a-z0-9]+(?:-[a-z0-9]+)+")
_CODE = re.compile(r"`([^`]+)`")
_TAG = r"--tag (?P<tag>[a-z0-9-]+)"


@cache
def questionnaire() -> Lens:
    """The shipped readiness questionnaire, read once (lenses are immutable)."""
    return readiness_lens()


@dataclass
class Draft:
    """The assessment (and plan) form as sent: values as text, and a message per field."""

    level: str = "L6"
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    interview: str = ""
    hours: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def query(self) -> list[tuple[str, str]]:
        """The level and the answers as query pairs (what the next form carries)."""
        pairs = [("level", self.level if self.level in LEVELS else "L6")]
        return pairs + [(qid, cid) for qid, choices in self.answers.items() for cid in choices]

    @property
    def query_string(self) -> str:
        return urlencode(self.query)


def _read(params: QueryParams, lens: Lens) -> Draft:
    """The draft from a query; every unusable value gets a message under its field name
    (``form`` for parameters that belong to no field)."""
    draft = Draft(
        level=params.get("level", "L6").strip(),
        interview=params.get("interview", "").strip()[:40],
        hours=params.get("hours", "").strip()[:20],
    )
    if draft.level not in LEVELS:
        draft.errors["level"] = "Choose L6 or L7."
    for key in dict.fromkeys(params.keys()):
        if key in _CONTROL:
            continue
        question = lens.question(key)
        if question is None:
            draft.errors["form"] = f"“{key[:60]}” is not a question of the assessment."
            continue
        values = tuple(dict.fromkeys(v.strip() for v in params.getlist(key) if v.strip()))
        unknown = [v for v in values if question.choice(v) is None]
        draft.answers[key] = tuple(v for v in values if v not in unknown)
        none = question.none_choice
        if unknown:
            draft.errors[key] = f"“{unknown[0][:60]}” is not one of this question's choices."
        elif none is not None and none.id in values and len(values) > 1:
            draft.errors[key] = (
                "“None of these” cannot be combined with other choices: clear it, or clear the "
                "others."
            )
    return draft


def _readiness(draft: Draft, lens: Lens) -> Readiness:
    return assess(lens, draft.answers, level=cast(Level, draft.level))


def _form_context(draft: Draft, lens: Lens) -> dict[str, Any]:
    return {
        "section": "study",
        "lens": lens,
        "draft": draft,
        "core": {q.id: core_choices(q) for _, q in lens.questions()},
        "levels": LEVELS,
    }


@router.get("/study/assess", response_class=HTMLResponse)
def assess_form(request: Request) -> HTMLResponse:
    lens = questionnaire()
    draft = _read(request.query_params, lens)
    status = 422 if draft.errors else 200
    return render(request, "study_assess.html", _form_context(draft, lens), status_code=status)


@router.get("/study/assess/results", response_class=HTMLResponse)
def assess_results(request: Request, knowledge: KnowledgeDep) -> HTMLResponse:
    lens = questionnaire()
    draft = _read(request.query_params, lens)
    if draft.errors:
        context = _form_context(draft, lens)
        return render(request, "study_assess.html", context, status_code=422)
    result = _readiness(draft, lens)
    rows = [
        {
            "name": pillar.name,
            "high": pillar.count(RuleRisk.HIGH_RISK),
            "medium": pillar.count(RuleRisk.MEDIUM_RISK),
            "none": pillar.count(RuleRisk.NO_RISK),
            "met": pillar.met,
            "total": pillar.total,
        }
        for pillar in result.pillars
    ]
    pillar_names = {pillar.id: pillar.name for pillar in lens.pillars}
    return render(
        request,
        "study_results.html",
        {
            "section": "study",
            "draft": draft,
            "result": result,
            "rows": rows,
            "pillar_names": pillar_names,
            "advice": {gap.choice.id: advice_html(gap.plan, knowledge) for gap in result.gaps},
            "core_gaps": [gap for gap in result.gaps if gap.core],
            "l7_gaps": [gap for gap in result.gaps if not gap.core],
            "blank": sum(1 for _, q in lens.questions() if not draft.answers.get(q.id)),
            "today": date.today(),
            "default_interview": (date.today() + timedelta(weeks=12)).isoformat(),
            "max_date": (date.today() + timedelta(days=MAX_DAYS)).isoformat(),
        },
    )


def focus_html(text: str, knowledge: Knowledge) -> Markup:
    """A plan's focus line for the web: ``wellarch learn <topic>`` and ``wellarch study``
    commands become links to the pages that do the same (text escaped)."""
    text = text.replace("wellarch learn ", "read ")
    out: list[str] = []
    last = 0
    for match in _FOCUS_WORDS.finditer(text):
        word = match.group()
        if word in _COMMANDS:
            label, url = _COMMANDS[word]
        elif word in knowledge.by_slug:
            label, url = knowledge.by_slug[word].meta.title, f"/learn/{word}"
        else:
            continue
        out.append(str(escape(text[last : match.start()])))
        out.append(f'<a href="{escape(url)}">{escape(label)}</a>')
        last = match.end()
    out.append(str(escape(text[last:])))
    html = "".join(out)
    return Markup(html[:1].upper() + html[1:])


def _command_link(command: str, knowledge: Knowledge) -> tuple[str, str] | None:
    """(label, URL) of the page that does what a ``wellarch`` command in a text does."""
    if match := re.fullmatch(r"wellarch learn (?P<slug>[a-z0-9-]+)", command):
        page = knowledge.by_slug.get(match["slug"])
        return (page.meta.title, f"/learn/{page.slug}") if page else None
    if match := re.fullmatch(r"wellarch learn " + _TAG, command):
        return f"the pages tagged {match['tag']}", f"/learn?tag={match['tag']}"
    if match := re.fullmatch(r"wellarch study cards " + _TAG, command):
        return f"the {match['tag']} flashcards", f"/study/cards?tag={match['tag']}"
    if command in ("wellarch study plan", "wellarch study assess", "wellarch study cards"):
        return {"plan": "the study plan", "assess": "the self-assessment"}.get(
            command.rsplit(" ", 1)[1], "the flashcards"
        ), "/" + command.split(" ", 1)[1].replace(" ", "/")
    return None


def advice_html(text: str, knowledge: Knowledge) -> Markup:
    """Advice text (a gap's improvement plan) for the web: `code` spans become ``<code>``,
    and those naming a ``wellarch learn``/``study`` command link to the page instead."""
    out: list[str] = []
    last = 0
    for match in _CODE.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        link = _command_link(match.group(1).strip(), knowledge)
        if link is None:
            out.append(f"<code>{escape(match.group(1))}</code>")
        else:
            out.append(f'<a href="{escape(link[1])}">{escape(link[0])}</a>')
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def _validate_plan(draft: Draft, today: date) -> tuple[date | None, float | None]:
    interview: date | None = None
    hours: float | None = None
    try:
        interview = date.fromisoformat(draft.interview)
    except ValueError:
        shown = f"“{draft.interview}” is not" if draft.interview else "Enter"
        draft.errors["interview"] = f"{shown} a date such as {today + timedelta(weeks=12)}."
    if interview is not None and interview <= today:
        draft.errors["interview"] = "The interview date must be in the future."
    elif interview is not None and interview > today + timedelta(days=MAX_DAYS):
        draft.errors["interview"] = "Plans cover at most two years: choose an earlier date."
    text = draft.hours or f"{DEFAULT_HOURS:g}"
    try:
        hours = float(text)
    except ValueError:
        draft.errors["hours"] = f"“{text}” is not a number of hours."
    if hours is not None and not 1 <= hours <= MAX_HOURS:
        draft.errors["hours"] = f"Choose between 1 and {MAX_HOURS:g} hours a week."
    return interview, hours


def _chart(plan: StudyPlan) -> Markup:
    bars = [
        Bar(str(week.number), [week.hours[area] for area in AREAS], week.phase)
        for week in plan.weeks
    ]
    series = [Series(AREA_NAMES[area], AREA_FILLS[area]) for area in AREAS]
    title = f"Study hours per week until {plan.interview.isoformat()}, by area"
    return Markup(stacked_bar_svg(bars, series, title=title))


def _plan_context(plan: StudyPlan, knowledge: Knowledge) -> dict[str, Any]:
    phases: Sequence[tuple[str, int]] = list(plan.phase_weeks())
    focus: Mapping[str, list[Markup]] = {
        phase: [focus_html(item, knowledge) for item in FOCUS[phase]] for phase, _ in phases
    }
    return {
        "plan": plan,
        "chart": _chart(plan),
        "phases": phases,
        "focus": focus,
        "areas": [(area, AREA_NAMES[area], AREA_FILLS[area]) for area in AREAS],
        "per_week": plan.total_hours / len(plan.weeks) if plan.weeks else 0.0,
    }


@router.get("/study/plan", response_class=HTMLResponse)
def study_plan(request: Request, knowledge: KnowledgeDep) -> HTMLResponse:
    lens = questionnaire()
    draft = _read(request.query_params, lens)
    today = date.today()
    context: dict[str, Any] = {
        "section": "study",
        "draft": draft,
        "levels": LEVELS,
        "plan": None,
        "readiness": None,
        "today": today,
        "min_date": (today + timedelta(days=7)).isoformat(),
        "max_date": (today + timedelta(days=MAX_DAYS)).isoformat(),
        "default_hours": f"{DEFAULT_HOURS:g}",
    }
    if "interview" not in request.query_params:
        status = 422 if draft.errors else 200
        return render(request, "study_plan.html", context, status_code=status)
    interview, hours = _validate_plan(draft, today)
    if not draft.errors and interview is not None and hours is not None:
        readiness = _readiness(draft, lens) if draft.answers else None
        try:
            plan = build_plan(
                cast(Level, draft.level),
                today,
                interview,
                readiness=readiness,
                max_hours_per_week=hours,
            )
        except InputError as exc:
            draft.errors["interview"] = exc.message[:1].upper() + exc.message[1:] + "."
        else:
            context.update(_plan_context(plan, knowledge), readiness=readiness)
    status = 422 if draft.errors else 200
    return render(request, "study_plan.html", context, status_code=status)
