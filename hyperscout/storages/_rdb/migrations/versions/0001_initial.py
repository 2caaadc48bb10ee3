"""Revision 1: the schema of hyperscout 0.1.0 before heartbeats (frozen copy of its DDL).

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _trial_fk() -> sa.Column[int]:
    return sa.Column(
        "trial_id",
        sa.Integer,
        sa.ForeignKey("hs_trials.trial_id", ondelete="CASCADE"),
        primary_key=True,
    )


def upgrade() -> None:
    op.create_table(
        "hs_version_info",
        sa.Column("version_info_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("library_version", sa.String(32), nullable=False),
    )
    op.create_table(
        "hs_studies",
        sa.Column("study_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("study_name", sa.String(512), nullable=False, unique=True),
        sa.Column("directions", sa.String(256), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "hs_study_attrs",
        sa.Column(
            "study_id",
            sa.Integer,
            sa.ForeignKey("hs_studies.study_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.SmallInteger, primary_key=True),
        sa.Column("key", sa.String(512), primary_key=True),
        sa.Column("value_json", sa.Text, nullable=False),
    )
    op.create_table(
        "hs_trials",
        sa.Column("trial_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "study_id",
            sa.Integer,
            sa.ForeignKey("hs_studies.study_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("state", sa.SmallInteger, nullable=False),
        sa.Column("claim_key", sa.String(256), nullable=True),
        sa.Column("datetime_start", sa.DateTime, nullable=True),
        sa.Column("datetime_complete", sa.DateTime, nullable=True),
        sa.UniqueConstraint("study_id", "number", name="uq_hs_trials_study_number"),
        sa.UniqueConstraint("study_id", "claim_key", name="uq_hs_trials_study_claim"),
    )
    op.create_index("ix_hs_trials_study_state", "hs_trials", ["study_id", "state"])
    op.create_table(
        "hs_trial_params",
        _trial_fk(),
        sa.Column("name", sa.String(512), primary_key=True),
        sa.Column("value", sa.Double, nullable=False),
        sa.Column("distribution_json", sa.Text, nullable=False),
    )
    op.create_table(
        "hs_trial_values",
        _trial_fk(),
        sa.Column("objective", sa.Integer, primary_key=True),
        sa.Column("value", sa.Double, nullable=False),
    )
    op.create_table(
        "hs_trial_intermediate_values",
        _trial_fk(),
        sa.Column("step", sa.Integer, primary_key=True),
        sa.Column("value", sa.Double, nullable=True),
    )
    op.create_table(
        "hs_trial_attrs",
        _trial_fk(),
        sa.Column("kind", sa.SmallInteger, primary_key=True),
        sa.Column("key", sa.String(512), primary_key=True),
        sa.Column("value_json", sa.Text, nullable=False),
    )
    op.bulk_insert(
        sa.table(
            "hs_version_info",
            sa.column("version_info_id", sa.Integer),
            sa.column("schema_version", sa.Integer),
            sa.column("library_version", sa.String),
        ),
        [{"version_info_id": 1, "schema_version": 1, "library_version": "0.1.0"}],
    )
