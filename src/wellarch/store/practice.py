"""The SQL implementations of the practice repositories: attempts and activities
(:class:`~wellarch.practice.progress.ProgressRepository`) and sessions in progress
(:class:`~wellarch.practice.session.SessionRepository`)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from wellarch.errors import NotFound
from wellarch.practice.progress import Activity, ActivityKind, Attempt
from wellarch.practice.session import Session
from wellarch.store import schema
from wellarch.store.database import Database

__all__ = ["SqlProgress", "SqlSessions"]


def _utc(value: datetime) -> datetime:
    """A time as read from the database, in UTC (SQLite keeps no zone: its times are UTC)."""
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


class SqlProgress:
    """Practice attempts and activities in the wellarch database."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.engine = database.engine

    def add_attempt(self, attempt: Attempt) -> Attempt:
        with self.database.write() as conn:
            result = conn.execute(
                schema.practice_attempts.insert().values(
                    scenario_id=attempt.scenario_id,
                    level=attempt.level,
                    finished_at=attempt.finished_at,
                    minutes=attempt.minutes,
                    phase_seconds=dict(attempt.phase_seconds),
                    pillar_scores=dict(attempt.pillar_scores),
                    rubric_scores=dict(attempt.rubric_scores),
                )
            )
            (new_id,) = result.inserted_primary_key or (None,)
        return Attempt(**{**attempt.__dict__, "id": new_id})

    def attempts(self) -> list[Attempt]:
        t = schema.practice_attempts
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t).order_by(t.c.finished_at, t.c.id)).all()
        return [
            Attempt(
                id=r.id,
                scenario_id=r.scenario_id,
                level=r.level,
                finished_at=_utc(r.finished_at),
                minutes=r.minutes,
                phase_seconds=r.phase_seconds,
                pillar_scores=r.pillar_scores,
                rubric_scores=r.rubric_scores,
            )
            for r in rows
        ]

    def add_activity(self, activity: Activity) -> Activity:
        with self.database.write() as conn:
            result = conn.execute(
                schema.practice_activities.insert().values(
                    kind=activity.kind.value, at=activity.at, note=activity.note
                )
            )
            (new_id,) = result.inserted_primary_key or (None,)
        return Activity(activity.kind, activity.at, activity.note, new_id)

    def activities(self) -> list[Activity]:
        t = schema.practice_activities
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t).order_by(t.c.at, t.c.id)).all()
        return [Activity(ActivityKind(r.kind), _utc(r.at), r.note, r.id) for r in rows]


class SqlSessions:
    """Practice sessions in progress in the wellarch database."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.engine = database.engine

    def save(self, session: Session, session_id: int | None = None) -> int:
        t = schema.practice_sessions
        values = {
            "scenario_id": session.scenario_id,
            "level": session.level,
            "state": session.to_dict(),
            "updated_at": datetime.now(UTC),
        }
        with self.database.write() as conn:
            if session_id is None:
                result = conn.execute(t.insert().values(**values))
                assert result.inserted_primary_key is not None
                return int(result.inserted_primary_key[0])
            updated = conn.execute(t.update().where(t.c.id == session_id).values(**values))
            if updated.rowcount == 0:
                raise NotFound(f"no practice session {session_id}")
        return session_id

    def get(self, session_id: int) -> Session:
        t = schema.practice_sessions
        with self.engine.connect() as conn:
            state = conn.execute(sa.select(t.c.state).where(t.c.id == session_id)).scalar()
        if state is None:
            raise NotFound(f"no practice session {session_id}")
        return Session.from_dict(state)

    def open_sessions(self) -> list[tuple[int, Session]]:
        t = schema.practice_sessions
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.c.id, t.c.state)).all()
        found = [(row.id, Session.from_dict(row.state)) for row in rows]
        return sorted(found, key=lambda item: (item[1].started_at, item[0]), reverse=True)

    def delete(self, session_id: int) -> None:
        t = schema.practice_sessions
        with self.database.write() as conn:
            conn.execute(t.delete().where(t.c.id == session_id))
