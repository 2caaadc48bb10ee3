"""Revision 3: a random uid per study, the key of every process's cache (a recreated study may
get its predecessor's row id). Schema version 2: releases that read version 1 refuse the
database instead of writing studies without a uid.

Revision ID: 0003
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("hs_studies", sa.Column("study_uid", sa.String(32), nullable=True))
    conn = op.get_bind()
    ids = [row[0] for row in conn.execute(sa.text("SELECT study_id FROM hs_studies"))]
    if ids:
        conn.execute(
            sa.text("UPDATE hs_studies SET study_uid = :uid WHERE study_id = :sid"),
            [{"uid": uuid.uuid4().hex, "sid": sid} for sid in ids],
        )
    conn.execute(sa.text("UPDATE hs_version_info SET schema_version = 2"))
