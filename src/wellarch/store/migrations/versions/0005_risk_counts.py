"""Risk counts kept on each workload, so that lists of thousands of workloads need no scan of
their answers.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: column → the answers' risk value it counts
COUNTS = {
    "risk_high": "HIGH",
    "risk_medium": "MEDIUM",
    "risk_none": "NONE",
    "risk_na": "NOT_APPLICABLE",
}


def upgrade() -> None:
    for column in COUNTS:
        op.add_column(
            "workloads", sa.Column(column, sa.Integer, nullable=False, server_default="0")
        )
    for column, risk in COUNTS.items():
        op.execute(
            f"UPDATE workloads SET {column} = (SELECT count(*) FROM answers "
            f"WHERE answers.workload_id = workloads.id AND answers.risk = '{risk}')"
        )


def downgrade() -> None:
    with op.batch_alter_table("workloads") as batch:
        for column in COUNTS:
            batch.drop_column(column)
