"""Interview practice: attempts and other preparation activities.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practice_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scenario_id", sa.String(100), nullable=False),
        sa.Column("level", sa.String(4), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("phase_seconds", sa.JSON, nullable=False),
        sa.Column("pillar_scores", sa.JSON, nullable=False),
        sa.Column("rubric_scores", sa.JSON, nullable=False),
    )
    op.create_table(
        "practice_activities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(500)),
    )


def downgrade() -> None:
    op.drop_table("practice_activities")
    op.drop_table("practice_attempts")
