"""Tables of the wellarch database (SQLAlchemy Core; portable across SQLite and PostgreSQL).

Alembic migrations in ``migrations/versions`` create and change these; this module is what the
repository code queries.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

metadata = MetaData()


class UtcDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that writes every time in UTC.

    SQLite keeps no zone: it would store 09:00-05:00 as 09:00, read back as 09:00 UTC.
    PostgreSQL keeps the instant, but would read a time without a zone in the server's
    TimeZone; here such a time is UTC, as SQLite (and an export from SQLite) means it.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


lenses = Table(
    "lenses",
    metadata,
    Column("alias", String(64), primary_key=True),
    Column("name", String(128), nullable=False),
    Column("document", Text, nullable=False),
    Column("imported_at", UtcDateTime, nullable=False),
)

workloads = Table(
    "workloads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("environment", String(20), nullable=False),
    Column("description", Text),
    Column("owner", String(255)),
    Column("regions", JSON, nullable=False),
    Column("industry", String(255)),
    Column("architectural_design", String(2048)),
    Column("notes", Text),
    Column("tags", JSON, nullable=False),
    Column("lenses", JSON, nullable=False),
    Column("pillar_priorities", JSON, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # Saved answers by risk, kept in step with the answers table by every write (migration
    # 0005): workload lists read these instead of counting thousands of answers.
    Column("risk_high", Integer, nullable=False, server_default="0"),
    Column("risk_medium", Integer, nullable=False, server_default="0"),
    Column("risk_none", Integer, nullable=False, server_default="0"),
    Column("risk_na", Integer, nullable=False, server_default="0"),
)

#: Risk value → the workloads column that counts it.
RISK_COUNT_COLUMNS = {
    "HIGH": "risk_high",
    "MEDIUM": "risk_medium",
    "NONE": "risk_none",
    "NOT_APPLICABLE": "risk_na",
}

answers = Table(
    "answers",
    metadata,
    Column(
        "workload_id", Integer, ForeignKey("workloads.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("lens", String(64), primary_key=True),
    Column("question_id", String(128), primary_key=True),
    Column("selected", JSON, nullable=False),
    Column("na_reason", String(32)),
    Column("na_details", String(250)),
    Column("choice_na", JSON, nullable=False),
    Column("notes", Text),
    Column("source", String(16), nullable=False),
    #: The risk at the time of saving, kept so that lists of workloads count without the lens.
    Column("risk", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

milestones = Table(
    "milestones",
    metadata,
    Column(
        "workload_id", Integer, ForeignKey("workloads.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("name", String(100), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("snapshot", JSON, nullable=False),
    UniqueConstraint("workload_id", "name", name="uq_milestones_workload_name"),
)

review_progress = Table(
    "review_progress",
    metadata,
    Column(
        "workload_id", Integer, ForeignKey("workloads.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("lens", String(64), primary_key=True),
    Column("question_id", String(128), nullable=False),
)

evidence = Table(
    "evidence",
    metadata,
    Column(
        "workload_id", Integer, ForeignKey("workloads.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("lens", String(64), primary_key=True),
    Column("question_id", String(128), primary_key=True),
    #: [{"choice_id", "rule_id", "status", "file", "line", "resource", "message"}]
    Column("citations", JSON, nullable=False),
    Column("scanned_at", UtcDateTime, nullable=False),
)

practice_attempts = Table(
    "practice_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scenario_id", String(100), nullable=False),
    Column("level", String(4), nullable=False),
    Column("finished_at", UtcDateTime, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("phase_seconds", JSON, nullable=False),
    Column("pillar_scores", JSON, nullable=False),
    Column("rubric_scores", JSON, nullable=False),
)

practice_activities = Table(
    "practice_activities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("note", String(500)),
)

card_progress = Table(
    "card_progress",
    metadata,
    Column("card_id", String(200), primary_key=True),
    Column("repetitions", Integer, nullable=False),
    Column("interval", Integer, nullable=False),
    Column("easiness", Float, nullable=False),
    Column("due", Date),
    Column("last_review", Date),
    Column("reviews", Integer, nullable=False),
    Column("lapses", Integer, nullable=False),
)

#: Practice sessions not yet finished (a finished one becomes a practice_attempts row).
practice_sessions = Table(
    "practice_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scenario_id", String(100), nullable=False),
    Column("level", String(4), nullable=False),
    #: Session.to_dict()
    Column("state", JSON, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
