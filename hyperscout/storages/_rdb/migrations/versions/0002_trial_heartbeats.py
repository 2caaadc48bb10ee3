"""Revision 2: the heartbeats of running trials (added in 0.1.0 without a version change).

Revision ID: 0002
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
        "hs_trial_heartbeats",
        sa.Column(
            "trial_id",
            sa.Integer,
            sa.ForeignKey("hs_trials.trial_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("heartbeat", sa.DateTime, nullable=False),
    )
