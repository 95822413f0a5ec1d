"""Progress over weeks: attempts, other preparation activities, and the weekly plan.

The plan's targets: 5 system designs, 10 coding problems and 3 STAR stories a week, and 2 mock
interviews a month. A repository protocol keeps this pure; the store implements it on the
database and :class:`InMemoryProgress` is the fake.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from wellarch.errors import InputError
from wellarch.storable import storable

__all__ = [
    "NOTE_MAX",
    "TARGETS",
    "Activity",
    "ActivityKind",
    "Attempt",
    "InMemoryProgress",
    "ProgressRepository",
    "summarise",
]


class ActivityKind(StrEnum):
    DESIGN = "design"
    CODING = "coding"
    STORY = "story"
    MOCK = "mock"


#: kind → (target, period in days)
TARGETS: dict[ActivityKind, tuple[int, int]] = {
    ActivityKind.DESIGN: (5, 7),
    ActivityKind.CODING: (10, 7),
    ActivityKind.STORY: (3, 7),
    ActivityKind.MOCK: (2, 30),
}


@dataclass(frozen=True)
class Attempt:
    scenario_id: str
    level: str
    finished_at: datetime
    minutes: int
    phase_seconds: Mapping[str, float]
    pillar_scores: Mapping[str, float]
    rubric_scores: Mapping[str, int]
    id: int | None = None


#: The longest note an activity keeps (the database column's width).
NOTE_MAX = 500


@dataclass(frozen=True)
class Activity:
    kind: ActivityKind
    at: datetime
    note: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if self.note is not None:
            if len(self.note) > NOTE_MAX:
                raise InputError(f"note is {len(self.note)} characters; the limit is {NOTE_MAX}")
            storable(self.note, "note")


class ProgressRepository(Protocol):
    def add_attempt(self, attempt: Attempt) -> Attempt: ...
    def attempts(self) -> list[Attempt]: ...
    def add_activity(self, activity: Activity) -> Activity: ...
    def activities(self) -> list[Activity]: ...


@dataclass
class InMemoryProgress:
    _attempts: list[Attempt] = field(default_factory=list)
    _activities: list[Activity] = field(default_factory=list)

    def add_attempt(self, attempt: Attempt) -> Attempt:
        """Keep ``attempt``, numbered from 1 like the database's rows."""
        attempt = replace(attempt, id=len(self._attempts) + 1)
        self._attempts.append(attempt)
        return attempt

    def attempts(self) -> list[Attempt]:
        return sorted(self._attempts, key=lambda a: a.finished_at)

    def add_activity(self, activity: Activity) -> Activity:
        """Keep ``activity``, numbered from 1 like the database's rows."""
        activity = replace(activity, id=len(self._activities) + 1)
        self._activities.append(activity)
        return activity

    def activities(self) -> list[Activity]:
        return sorted(self._activities, key=lambda a: a.at)


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def summarise(
    attempts: Sequence[Attempt], activities: Sequence[Activity], *, now: datetime | None = None
) -> dict[str, Any]:
    """Per-pillar strength by week, weak areas, the current streak and the plan's progress."""
    now = now or datetime.now(UTC)
    weekly: dict[str, dict[str, list[float]]] = {}
    for attempt in attempts:
        week = _week(attempt.finished_at.date()).isoformat()
        for pillar, score in attempt.pillar_scores.items():
            weekly.setdefault(pillar, {}).setdefault(week, []).append(score)
    strength = {
        pillar: {week: round(sum(v) / len(v), 2) for week, v in sorted(weeks.items())}
        for pillar, weeks in weekly.items()
    }
    recent = [a for a in attempts if a.finished_at >= now - timedelta(days=28)] or list(attempts)
    averages = (
        {
            pillar: round(sum(a.pillar_scores.get(pillar, 0.0) for a in recent) / len(recent), 2)
            for pillar in weekly
        }
        if recent
        else {}
    )
    weak = sorted(averages, key=lambda p: (averages[p], p))[:2]
    days = {a.finished_at.date() for a in attempts} | {a.at.date() for a in activities}
    streak, day = 0, now.date()
    if day not in days:
        day -= timedelta(days=1)  # a streak survives until the end of today
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    plan = {}
    for kind, (target, period) in TARGETS.items():
        since = (
            now - timedelta(days=period)
            if period == 30
            else datetime.combine(_week(now.date()), datetime.min.time(), tzinfo=UTC)
        )
        done = sum(1 for a in activities if a.kind is kind and a.at >= since)
        if kind is ActivityKind.DESIGN:
            done += sum(1 for a in attempts if a.finished_at >= since)
        plan[kind.value] = {
            "target": target,
            "period": "week" if period == 7 else "month",
            "done": done,
        }
    return {
        "attempts": len(attempts),
        "strength_by_week": strength,
        "average": averages,
        "weak_areas": weak,
        "streak_days": streak,
        "plan": plan,
    }
