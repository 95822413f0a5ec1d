"""Flashcard schedules and practice sessions in progress move into the store.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_progress",
        sa.Column("card_id", sa.String(200), primary_key=True),
        sa.Column("repetitions", sa.Integer, nullable=False),
        sa.Column("interval", sa.Integer, nullable=False),
        sa.Column("easiness", sa.Float, nullable=False),
        sa.Column("due", sa.Date),
        sa.Column("last_review", sa.Date),
        sa.Column("reviews", sa.Integer, nullable=False),
        sa.Column("lapses", sa.Integer, nullable=False),
    )
    op.create_table(
        "practice_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scenario_id", sa.String(100), nullable=False),
        sa.Column("level", sa.String(4), nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("practice_sessions")
    op.drop_table("card_progress")
