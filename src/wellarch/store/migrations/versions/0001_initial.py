"""Initial schema: lenses, workloads, answers, milestones, review progress.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    tz = sa.DateTime(timezone=True)
    op.create_table(
        "lenses",
        sa.Column("alias", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("imported_at", tz, nullable=False),
    )
    op.create_table(
        "workloads",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("environment", sa.String(20), nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("owner", sa.String(255)),
        sa.Column("regions", sa.JSON, nullable=False),
        sa.Column("industry", sa.String(255)),
        sa.Column("architectural_design", sa.String(2048)),
        sa.Column("notes", sa.Text),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("lenses", sa.JSON, nullable=False),
        sa.Column("pillar_priorities", sa.JSON, nullable=False),
        sa.Column("created_at", tz, nullable=False),
        sa.Column("updated_at", tz, nullable=False),
    )
    op.create_table(
        "answers",
        sa.Column(
            "workload_id",
            sa.Integer,
            sa.ForeignKey("workloads.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("lens", sa.String(64), primary_key=True),
        sa.Column("question_id", sa.String(128), primary_key=True),
        sa.Column("selected", sa.JSON, nullable=False),
        sa.Column("na_reason", sa.String(32)),
        sa.Column("na_details", sa.String(250)),
        sa.Column("choice_na", sa.JSON, nullable=False),
        sa.Column("notes", sa.Text),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("risk", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", tz, nullable=False),
    )
    op.create_table(
        "milestones",
        sa.Column(
            "workload_id",
            sa.Integer,
            sa.ForeignKey("workloads.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", tz, nullable=False),
        sa.Column("snapshot", sa.JSON, nullable=False),
        sa.UniqueConstraint("workload_id", "name", name="uq_milestones_workload_name"),
    )
    op.create_table(
        "review_progress",
        sa.Column(
            "workload_id",
            sa.Integer,
            sa.ForeignKey("workloads.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("lens", sa.String(64), primary_key=True),
        sa.Column("question_id", sa.String(128), nullable=False),
    )


def downgrade() -> None:
    for table in ("review_progress", "milestones", "answers", "workloads", "lenses"):
        op.drop_table(table)
