"""Schema revisions of the SQL storage, with Alembic.

The scripts live in ``migrations/versions`` inside the package and run programmatically (no
``alembic.ini``). The revision of a database is kept in the table ``hs_alembic_version`` (not
Alembic's default name, so that hyperscout's tables can share a database with an application's
own migrations). A database made by hyperscout 0.1.0 has no such table: it is at revision 2 when
it has the heartbeats table, else at revision 1.

- A new (empty) database is created at the head revision directly.
- A database at an older revision is refused with an error naming
  ``hyperscout storage upgrade --storage URL``, which runs :func:`upgrade`.
- Opening a storage never imports Alembic: the head revision is a constant here, and a test
  checks it against the scripts.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Column, Connection, MetaData, String, Table, insert, inspect, select

from hyperscout._url import redact_url
from hyperscout._version import __version__
from hyperscout.exceptions import HyperscoutError, MissingDependencyError
from hyperscout.storages._rdb import _models as m

__all__ = [
    "HEAD",
    "REVISIONS",
    "SchemaVersionError",
    "check_revision",
    "create_at_head",
    "schema_revision",
    "upgrade",
    "upgrade_storage",
]

REVISIONS = ("0001", "0002", "0003")
HEAD = REVISIONS[-1]
VERSION_TABLE = "hs_alembic_version"
LIBRARY_VERSION = __version__
UPGRADE_COMMAND = "hyperscout storage upgrade --storage URL"

_version_metadata = MetaData()
_version_table = Table(
    VERSION_TABLE,
    _version_metadata,
    Column("version_num", String(32), primary_key=True),  # Alembic's own layout
)


class SchemaVersionError(HyperscoutError):
    """The database's schema revision is not the one this hyperscout reads."""


def scripts_folder() -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")


def schema_revision(conn: Connection) -> str | None:
    """The database's revision; ``None`` for a database without hyperscout's tables."""
    inspector = inspect(conn)
    if inspector.has_table(VERSION_TABLE):
        row = conn.execute(select(_version_table.c.version_num)).first()
        if row is not None:
            return str(row[0])
    if not inspector.has_table(m.studies.name):
        return None
    # Made by 0.1.0, before revisions were recorded.
    return "0002" if inspector.has_table(m.trial_heartbeats.name) else "0001"


def check_revision(revision: str | None, url: str) -> None:
    """Raise :class:`SchemaVersionError` unless ``revision`` is the head (or no schema yet)."""
    if revision is None or revision == HEAD:
        return
    where = redact_url(url)
    if revision in REVISIONS:
        raise SchemaVersionError(
            f"the database {where!r} has hyperscout schema revision {revision}, this hyperscout "
            f"reads revision {HEAD}: back it up, then run `{UPGRADE_COMMAND}` with this URL"
        )
    raise SchemaVersionError(
        f"the database {where!r} has hyperscout schema revision {revision!r}, unknown to this "
        f"hyperscout (which reads revision {HEAD}): it was made by a newer hyperscout; upgrade "
        "hyperscout"
    )


def create_at_head(conn: Connection) -> None:
    """Create every table of an empty database, recorded as the head revision."""
    m.metadata.create_all(conn)
    _version_metadata.create_all(conn)
    conn.execute(
        insert(m.version_info).values(
            version_info_id=1,
            schema_version=m.SCHEMA_VERSION,
            library_version=LIBRARY_VERSION,
        )
    )
    conn.execute(insert(_version_table).values(version_num=HEAD))


def upgrade_storage(
    url: str, engine_kwargs: dict[str, Any] | None = None
) -> tuple[str | None, str]:
    """Bring the database at ``url`` to the head revision in one transaction; see :func:`upgrade`.

    Stop the studies that use the database first, and back it up.
    """
    from hyperscout.storages._rdb._engine import make_engines

    engines = make_engines(url, dict(engine_kwargs or {}), read_only=False)
    try:
        with engines.write.begin() as conn:
            return upgrade(conn, url)
    finally:
        engines.dispose()


def upgrade(conn: Connection, url: str) -> tuple[str | None, str]:
    """Bring the database of ``conn`` to the head revision, in the caller's transaction.

    Returns ``(revision before, revision after)``; an empty database is created at the head.
    """
    before = schema_revision(conn)
    if before is None:
        create_at_head(conn)
        return None, HEAD
    if before == HEAD:
        return before, HEAD
    if before not in REVISIONS:
        check_revision(before, url)  # raises: made by a newer hyperscout
    if not inspect(conn).has_table(VERSION_TABLE):  # 0.1.0: record where it stands
        _version_metadata.create_all(conn)
        conn.execute(insert(_version_table).values(version_num=before))
    _run_alembic(conn)
    return before, schema_revision(conn) or HEAD


def _run_alembic(conn: Connection, target: str = HEAD) -> None:
    try:
        from alembic.config import Config
        from alembic.runtime.environment import EnvironmentContext
        from alembic.script import ScriptDirectory
    except ImportError as err:  # a runtime dependency: only a broken install lacks it
        raise MissingDependencyError(
            "upgrading a storage needs alembic: pip install --upgrade hyperscout"
        ) from err

    config = Config()
    config.set_main_option("script_location", scripts_folder())
    script = ScriptDirectory.from_config(config)

    def steps(revision: Any, context: Any) -> Any:
        return script._upgrade_revs(target, revision)

    with EnvironmentContext(config, script, fn=steps, destination_rev=target) as env:
        env.configure(connection=conn, version_table=VERSION_TABLE)
        with env.begin_transaction():
            env.run_migrations()
