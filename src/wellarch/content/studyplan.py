"""A week-by-week study plan until an interview date: fundamentals → deep dives → practice →
mock interviews, with the hours per area.

The budget per area starts from typical preparation totals (L6: system design 100 h, coding
80 h, behavioural stories 60 h, mock interviews 40 h; L7: 150, 40, 80 and 60 h). A readiness
assessment scales each area between half and one and a half times that budget by the share
of its questions below the bar. The weeks are split 2 : 2 : 1 : 1 between the four phases
(as in a six-month plan: two months each of fundamentals and deep dives, a month of practice,
a month of mocks); shorter runways drop phases from the front. Every week gets the same
number of hours; within a phase the areas follow the phase's emphasis (no mock interviews
during fundamentals, mostly mocks at the end), balanced so that each area still receives its
budget. When the hours do not fit in ``max_hours_per_week``, every area is scaled down and
the plan says so.

Example:
    >>> from datetime import date
    >>> plan = build_plan("L6", date(2025, 1, 6), date(2025, 7, 7))
    >>> len(plan.weeks), [p for p, _ in plan.phase_weeks()], round(plan.total_hours)
    (26, ['fundamentals', 'deep dives', 'practice', 'mocks'], 280)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from wellarch.content.readiness import Readiness
from wellarch.errors import InputError

__all__ = ["AREAS", "BASE_HOURS", "PHASES", "StudyPlan", "StudyWeek", "build_plan"]

Level = Literal["L6", "L7"]
AREAS = ("system_design", "coding", "behavioral", "mock_interviews")
AREA_NAMES = {
    "system_design": "system design",
    "coding": "coding",
    "behavioral": "behavioural stories",
    "mock_interviews": "mock interviews",
}
BASE_HOURS: dict[str, dict[str, float]] = {
    "L6": {"system_design": 100, "coding": 80, "behavioral": 60, "mock_interviews": 40},
    "L7": {"system_design": 150, "coding": 40, "behavioral": 80, "mock_interviews": 60},
}
PHASES = ("fundamentals", "deep dives", "practice", "mocks")
_PHASE_WEIGHT = (2, 2, 1, 1)
#: How each area's hours spread over the four phases.
_SPLIT = {
    "system_design": (0.30, 0.35, 0.25, 0.10),
    "coding": (0.35, 0.30, 0.25, 0.10),
    "behavioral": (0.25, 0.30, 0.30, 0.15),
    "mock_interviews": (0.0, 0.0, 0.30, 0.70),
}
#: Knowledge-base topics and activities for each phase.
FOCUS = {
    "fundamentals": [
        "wellarch learn framework-overview and the six pillar pages",
        "wellarch learn reliability-metrics, availability-nines, l6-vs-l7",
        "write three STAR stories a week",
    ],
    "deep dives": [
        "wellarch learn resilience-patterns, caching-layers, data-store-choices",
        "wellarch learn disaster-recovery, defense-in-depth, capacity-estimation",
        "ten coding problems a week, timed",
    ],
    "practice": [
        "wellarch learn interview-questions; answer aloud, then compare",
        "wellarch study cards every day",
        "five timed design problems a week",
    ],
    "mocks": [
        "two or more mock interviews a week, with feedback",
        "wellarch study assess again; close the remaining gaps",
    ],
}
DEFAULT_MAX_HOURS_PER_WEEK = 15.0


@dataclass(frozen=True)
class StudyWeek:
    number: int
    start: date
    phase: str
    hours: dict[str, float]
    focus: tuple[str, ...]

    @property
    def total(self) -> float:
        return sum(self.hours.values())


@dataclass(frozen=True)
class StudyPlan:
    level: Level
    start: date
    interview: date
    weeks: tuple[StudyWeek, ...]
    #: Hours per area over the whole plan.
    totals: dict[str, float]
    notes: tuple[str, ...] = field(default=())

    @property
    def total_hours(self) -> float:
        return sum(self.totals.values())

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data (hours rounded to a tenth)."""
        return {
            "level": self.level,
            "start": self.start.isoformat(),
            "interview": self.interview.isoformat(),
            "totals": {area: round(hours, 1) for area, hours in self.totals.items()},
            "notes": list(self.notes),
            "weeks": [
                {
                    "week": week.number,
                    "start": week.start.isoformat(),
                    "phase": week.phase,
                    "hours": {area: round(hours, 1) for area, hours in week.hours.items()},
                    "focus": list(week.focus),
                }
                for week in self.weeks
            ],
        }

    def phase_weeks(self) -> Iterator[tuple[str, int]]:
        """(phase, number of weeks) in order, for the phases the plan has."""
        for phase in PHASES:
            count = sum(1 for week in self.weeks if week.phase == phase)
            if count:
                yield phase, count


def _phase_lengths(weeks: int) -> list[int]:
    """Weeks per phase: 2:2:1:1 by largest remainder, every phase at least one week."""
    if weeks < len(PHASES):
        return [0] * (len(PHASES) - weeks) + [1] * weeks
    total = sum(_PHASE_WEIGHT)
    exact = [weeks * w / total for w in _PHASE_WEIGHT]
    lengths = [max(1, int(x)) for x in exact]
    order = sorted(range(len(PHASES)), key=lambda i: exact[i] - lengths[i], reverse=True)
    index = 0
    while sum(lengths) < weeks:
        lengths[order[index % len(order)]] += 1
        index += 1
    while sum(lengths) > weeks:
        longest = max(range(len(PHASES)), key=lambda i: lengths[i])
        lengths[longest] -= 1
    return lengths


def _balance(
    seed: list[list[float]], rows: list[float], columns: list[float], rounds: int = 200
) -> list[list[float]]:
    """Scale ``seed`` so that its rows sum to ``rows`` and its columns (nearly) to ``columns``.

    Iterative proportional fitting; it ends on the rows, so that row sums are exact.
    """
    matrix = [list(row) for row in seed]
    for _ in range(rounds):
        for j, target in enumerate(columns):
            column = sum(row[j] for row in matrix)
            for row in matrix:
                row[j] = row[j] * target / column if column else 0.0
        for i, target in enumerate(rows):
            current = sum(matrix[i])
            matrix[i] = [x * target / current if current else 0.0 for x in matrix[i]]
    return matrix


def _area_hours(level: Level, readiness: Readiness | None) -> dict[str, float]:
    hours = dict(BASE_HOURS[level])
    if readiness is None:
        return hours
    gaps = {area: readiness.gap_share(area) for area in AREAS if area != "mock_interviews"}
    gaps["mock_interviews"] = 1 - readiness.met / readiness.total if readiness.total else 0.0
    return {area: hours[area] * (0.5 + gaps[area]) for area in AREAS}


def build_plan(
    level: Level,
    start: date,
    interview: date,
    *,
    readiness: Readiness | None = None,
    max_hours_per_week: float = DEFAULT_MAX_HOURS_PER_WEEK,
) -> StudyPlan:
    """The plan from ``start`` to the week before ``interview``."""
    if max_hours_per_week <= 0:
        raise InputError("hours per week must be more than 0")
    weeks = (interview - start).days // 7
    if weeks < 1:
        raise InputError(
            f"the interview ({interview.isoformat()}) must be at least a week after "
            f"{start.isoformat()} to plan for it"
        )
    notes: list[str] = []
    totals = _area_hours(level, readiness)
    needed = sum(totals.values())
    available = weeks * max_hours_per_week
    if needed > available:
        factor = available / needed
        totals = {area: hours * factor for area, hours in totals.items()}
        notes.append(
            f"{needed:.0f} h are needed but {weeks} week(s) at {max_hours_per_week:g} h allow "
            f"{available:.0f} h: every area is scaled to {factor:.0%}; prioritise the gaps"
        )
    lengths = _phase_lengths(weeks)
    if weeks < len(PHASES):
        dropped = ", ".join(PHASES[: len(PHASES) - weeks])
        notes.append(f"only {weeks} week(s): no time for {dropped}")
    active = [i for i, n in enumerate(lengths) if n]
    total = sum(totals.values())
    seed = [[totals[area] * _SPLIT[area][i] for area in AREAS] for i in active]
    phase_hours = [total * lengths[i] / weeks for i in active]
    matrix = _balance(seed, phase_hours, [totals[area] for area in AREAS])
    plan_weeks: list[StudyWeek] = []
    for row, phase_index in zip(matrix, active, strict=True):
        phase = PHASES[phase_index]
        for _ in range(lengths[phase_index]):
            hours = {area: row[j] / lengths[phase_index] for j, area in enumerate(AREAS)}
            day = start + timedelta(weeks=len(plan_weeks))
            plan_weeks.append(
                StudyWeek(len(plan_weeks) + 1, day, phase, hours, tuple(FOCUS[phase]))
            )
    totals = {area: sum(row[j] for row in matrix) for j, area in enumerate(AREAS)}
    return StudyPlan(level, start, interview, tuple(plan_weeks), totals, tuple(notes))
