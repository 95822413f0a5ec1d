"""Card schedules and practice sessions in the store (migration 0004)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from alembic import command

from tests.conftest import BACKENDS, Databases
from wellarch.content.progress import JsonProgressFile
from wellarch.content.repetition import CardState
from wellarch.errors import InputError, NotFound
from wellarch.practice.progress import Activity, ActivityKind, Attempt
from wellarch.practice.session import InMemorySessions, SessionRepository, new_session
from wellarch.store import SchemaState
from wellarch.store.cards import SqlCardProgress
from wellarch.store.practice import SqlProgress, SqlSessions


def test_card_schedules_round_trip(database):
    store = SqlCardProgress(database)
    assert store.get("a") is None
    first = CardState(repetitions=1, interval=1, due=date(2026, 1, 2), last_review=date(2026, 1, 1))
    store.put("a", first)
    assert store.get("a") == first
    later = CardState(repetitions=2, interval=6, easiness=2.6, due=date(2026, 1, 8), reviews=2)
    store.put("a", later)
    store.put("b", CardState())
    assert SqlCardProgress(database).all() == {"a": later, "b": CardState()}


def test_legacy_json_file_is_adopted_once_and_kept_renamed(database, tmp_path):
    legacy = tmp_path / "cards.json"
    old = JsonProgressFile(legacy)
    old.put("a", CardState(repetitions=3, interval=15, due=date(2026, 2, 1), reviews=3))
    old.put("b", CardState(repetitions=1, interval=1, due=date(2026, 1, 2), reviews=1))
    store = SqlCardProgress(database)
    newer = CardState(repetitions=4, interval=40, due=date(2026, 3, 1), reviews=4)
    store.put("a", newer)  # reviewed in the store already: the store wins

    assert store.adopt_file(legacy) == 1
    assert store.get("a") == newer
    assert store.get("b") == old.get("b")
    assert not legacy.exists()
    assert (tmp_path / "cards.json.imported").exists()
    assert store.adopt_file(legacy) == 0


def test_malformed_legacy_file_is_reported_and_left_alone(database, tmp_path):
    legacy = tmp_path / "cards.json"
    legacy.write_text(json.dumps({"format": 1, "cards": {"a": {"due": "soon"}}}))
    with pytest.raises(InputError, match=r"\$\.cards\.a"):
        SqlCardProgress(database).adopt_file(legacy)
    assert legacy.exists()
    assert SqlCardProgress(database).all() == {}


@pytest.fixture(params=["memory", *BACKENDS])
def sessions(request, tmp_path) -> Iterator[SessionRepository]:
    if request.param == "memory":
        yield InMemorySessions()
        return
    databases = Databases(request.param, tmp_path)
    yield SqlSessions(databases.open())
    databases.close()


def test_sessions_keep_notes_times_and_a_running_clock(sessions):
    now = [1000.0]
    session = new_session("url-shortener", "L6", 45, clock=lambda: now[0])
    session.start_phase()
    now[0] += 120
    session.finish_phase("Who uses it? Read/write ratio 100:1.")
    session.start_phase()  # the second phase is running when saved
    number = sessions.save(session)

    again = sessions.get(number)
    again.clock = lambda: now[0] + 30
    assert again.running
    assert again.phases[0].notes == "Who uses it? Read/write ratio 100:1."
    assert again.phases[0].used_seconds == pytest.approx(120)
    assert again.phase_remaining() == pytest.approx(10 * 60 - 30)
    again.pause()
    assert sessions.save(again, number) == number
    assert not sessions.get(number).running
    assert sessions.get(number).phases[1].used_seconds == pytest.approx(30)


def test_sessions_list_newest_first_and_delete(sessions):
    first = sessions.save(new_session("chat", "L6", 45))
    second = sessions.save(new_session("rate-limiter", "L7", 60))
    assert [number for number, _ in sessions.open_sessions()] == [second, first]
    sessions.delete(first)
    sessions.delete(first)  # already gone: nothing happens
    assert [s.scenario_id for _, s in sessions.open_sessions()] == ["rate-limiter"]
    with pytest.raises(NotFound, match=f"no practice session {first}"):
        sessions.get(first)
    with pytest.raises(NotFound):
        sessions.save(new_session("chat", "L6", 45), first)


def test_upgrade_from_0003_keeps_practice_attempts(databases):
    database = databases.open(ready=False)
    with database.engine.begin() as conn:
        command.upgrade(database._config(conn), "0003")
        conn.exec_driver_sql(
            "INSERT INTO practice_activities (kind, at, note) VALUES ('coding', '2026-01-01', 'x')"
        )
    assert database.state() is SchemaState.OUTDATED
    database.upgrade()
    assert database.state() is SchemaState.CURRENT
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT note FROM practice_activities").scalar() == "x"
        assert conn.exec_driver_sql("SELECT count(*) FROM card_progress").scalar() == 0


def test_practice_attempts_and_activities_keep_their_times(database):
    progress = SqlProgress(database)
    later = datetime(2026, 3, 1, 18, 30, 15, 250000, tzinfo=UTC)
    earlier = datetime(2026, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=-5)))  # 14:00 UTC
    first = progress.add_attempt(
        Attempt("chat", "L6", later, 45, {"requirements": 300.5}, {"reliability": 3.5}, {"a": 2})
    )
    second = progress.add_attempt(Attempt("url-shortener", "L7", earlier, 60, {}, {}, {}))
    assert first.id is not None and second.id is not None and first.id != second.id
    assert [(a.id, a.finished_at) for a in progress.attempts()] == [
        (second.id, earlier),
        (first.id, later),
    ]
    assert progress.attempts()[1].phase_seconds == {"requirements": 300.5}
    assert all(a.finished_at.utcoffset() == timedelta(0) for a in progress.attempts())
    progress.add_activity(Activity(ActivityKind.MOCK, later, "with a friend"))
    progress.add_activity(Activity(ActivityKind.CODING, earlier))
    assert [(a.kind, a.at, a.note) for a in progress.activities()] == [
        (ActivityKind.CODING, earlier, None),
        (ActivityKind.MOCK, later, "with a friend"),
    ]
