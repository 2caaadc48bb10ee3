"""The SQL schema (SQLAlchemy Core tables): one row per fact, no JSON blobs two writers race on.

Trial numbers are unique per study, and so are claim keys (``NULL`` for unclaimed trials): the
database itself refuses a second trial for one grid point.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 2

metadata = MetaData()

version_info = Table(
    "hs_version_info",
    metadata,
    Column("version_info_id", Integer, primary_key=True, autoincrement=False),
    Column("schema_version", Integer, nullable=False),
    Column("library_version", String(32), nullable=False),
)

studies = Table(
    "hs_studies",
    metadata,
    Column("study_id", Integer, primary_key=True, autoincrement=True),
    Column("study_name", String(512), nullable=False, unique=True),
    # Random, written once: tells this study apart from an earlier one that had its row id (see
    # _cache.py). Nullable only because revision 3 adds it to existing tables.
    Column("study_uid", String(32), nullable=True),
    Column("directions", String(256), nullable=False),
    Column("created_at", DateTime, nullable=True),
)

# kind: 0 = user attribute, 1 = system attribute
study_attrs = Table(
    "hs_study_attrs",
    metadata,
    Column(
        "study_id",
        Integer,
        ForeignKey("hs_studies.study_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("kind", SmallInteger, primary_key=True),
    Column("key", String(512), primary_key=True),
    Column("value_json", Text, nullable=False),
)

trials = Table(
    "hs_trials",
    metadata,
    Column("trial_id", Integer, primary_key=True, autoincrement=True),
    Column(
        "study_id",
        Integer,
        ForeignKey("hs_studies.study_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("number", Integer, nullable=False),
    Column("state", SmallInteger, nullable=False),
    Column("claim_key", String(256), nullable=True),
    Column("datetime_start", DateTime, nullable=True),
    Column("datetime_complete", DateTime, nullable=True),
    UniqueConstraint("study_id", "number", name="uq_hs_trials_study_number"),
    UniqueConstraint("study_id", "claim_key", name="uq_hs_trials_study_claim"),
    Index("ix_hs_trials_study_state", "study_id", "state"),
)

trial_params = Table(
    "hs_trial_params",
    metadata,
    Column(
        "trial_id", Integer, ForeignKey("hs_trials.trial_id", ondelete="CASCADE"), primary_key=True
    ),
    Column("name", String(512), primary_key=True),
    Column("value", Double, nullable=False),
    Column("distribution_json", Text, nullable=False),
)

trial_values = Table(
    "hs_trial_values",
    metadata,
    Column(
        "trial_id", Integer, ForeignKey("hs_trials.trial_id", ondelete="CASCADE"), primary_key=True
    ),
    Column("objective", Integer, primary_key=True),
    Column("value", Double, nullable=False),
)

trial_intermediate = Table(
    "hs_trial_intermediate_values",
    metadata,
    Column(
        "trial_id", Integer, ForeignKey("hs_trials.trial_id", ondelete="CASCADE"), primary_key=True
    ),
    Column("step", Integer, primary_key=True),
    Column("value", Double, nullable=True),  # NULL stands for NaN (SQLite cannot hold NaN)
)

trial_attrs = Table(
    "hs_trial_attrs",
    metadata,
    Column(
        "trial_id", Integer, ForeignKey("hs_trials.trial_id", ondelete="CASCADE"), primary_key=True
    ),
    Column("kind", SmallInteger, primary_key=True),
    Column("key", String(512), primary_key=True),
    Column("value_json", Text, nullable=False),
)

# The last sign of life of a RUNNING trial whose worker records heartbeats (one row per trial,
# overwritten; no row: the worker records none, and the trial is never failed as stale). The time
# is the database's clock in UTC, written and compared inside SQL (see RDBStorage.record_heartbeat).
#
# Added without a schema version change: the table is only ever added, never required by older
# readers, and ``create_all`` (idempotent) creates it when a writer opens a database made before
# it existed. A database without it still opens; only heartbeats need it.
trial_heartbeats = Table(
    "hs_trial_heartbeats",
    metadata,
    Column(
        "trial_id", Integer, ForeignKey("hs_trials.trial_id", ondelete="CASCADE"), primary_key=True
    ),
    Column("heartbeat", DateTime, nullable=False),
)

USER, SYSTEM = 0, 1
