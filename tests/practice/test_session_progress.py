from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wellarch.practice.progress import (
    Activity,
    ActivityKind,
    Attempt,
    InMemoryProgress,
    summarise,
)
from wellarch.practice.session import Session, new_session


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_phases_share_the_interview_like_the_response_template():
    session = new_session("url-shortener", "L6", 45)
    budgets = [(p.name, p.budget_seconds / 60) for p in session.phases]
    assert budgets == [
        ("Clarifying questions", 5),
        ("High-level approach", 10),
        ("Detailed design", 15),
        ("Scale and trade-offs", 10),
        ("Q&A and extensions", 5),
    ]
    assert round(sum(p.budget_seconds for p in new_session("x", "L7", 60).phases)) == 3600


def test_countdown_pause_and_resume_keep_the_time():
    clock = Clock()
    session = new_session("chat", "L6", 45, clock=clock)
    session.start_phase()
    clock.now = 200
    assert session.phase_remaining() == 100
    session.pause()
    saved = session.to_dict()
    clock.now = 10_000  # time while paused does not count
    resumed = Session.from_dict(saved)
    resumed.clock = clock
    resumed.start_phase()
    clock.now = 10_150
    resumed.finish_phase("Who are the users? Assume 10M DAU.")
    first = resumed.phases[0]
    assert first.done and first.used_seconds == 350 and first.over_budget
    assert resumed.current is resumed.phases[1]
    assert "Assume 10M DAU" in resumed.answer_text()


def test_summary_strength_weak_areas_streak_and_plan():
    now = datetime(2026, 11, 25, 18, tzinfo=UTC)  # a Wednesday
    store = InMemoryProgress()
    for days_ago, security in ((9, 0.2), (2, 0.4), (0, 0.6)):
        store.add_attempt(
            Attempt(
                "chat",
                "L6",
                now - timedelta(days=days_ago),
                45,
                {},
                {"security": security, "reliability": 0.8},
                {},
            )
        )
    store.add_activity(Activity(ActivityKind.CODING, now - timedelta(days=1)))
    store.add_activity(Activity(ActivityKind.MOCK, now - timedelta(days=20)))
    summary = summarise(store.attempts(), store.activities(), now=now)
    assert summary["strength_by_week"]["security"] == {"2026-11-16": 0.2, "2026-11-23": 0.5}
    assert summary["weak_areas"][0] == "security"
    assert summary["streak_days"] == 3  # today, yesterday (coding) and the day before
    assert summary["plan"]["design"] == {"target": 5, "period": "week", "done": 2}
    assert summary["plan"]["coding"]["done"] == 1
    assert summary["plan"]["mock"] == {"target": 2, "period": "month", "done": 1}


def test_in_memory_progress_numbers_attempts_and_activities_like_the_database():
    store = InMemoryProgress()
    at = datetime(2026, 11, 25, tzinfo=UTC)
    first = store.add_attempt(Attempt("chat", "L6", at, 45, {}, {}, {}))
    second = store.add_attempt(Attempt("chat", "L7", at, 45, {}, {}, {}))
    assert (first.id, second.id) == (1, 2)
    assert [a.id for a in store.attempts()] == [1, 2]
    assert store.add_activity(Activity(ActivityKind.CODING, at)).id == 1


def test_a_finished_session_remembers_its_attempt():
    session = new_session("chat", "L6", 45)
    assert Session.from_dict(session.to_dict()).attempt_id is None
    session.attempt_id = 7
    assert Session.from_dict(session.to_dict()).attempt_id == 7
    legacy = session.to_dict()
    del legacy["attempt_id"]  # sessions saved before the field existed
    assert Session.from_dict(legacy).attempt_id is None
