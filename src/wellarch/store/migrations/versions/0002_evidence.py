"""Evidence from IaC scans, per workload, lens and question.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence",
        sa.Column(
            "workload_id",
            sa.Integer,
            sa.ForeignKey("workloads.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("lens", sa.String(64), primary_key=True),
        sa.Column("question_id", sa.String(128), primary_key=True),
        sa.Column("citations", sa.JSON, nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("evidence")
