"""Every storage kind, for contract tests: in-memory, SQLite on disk and PostgreSQL."""

from __future__ import annotations

import functools
import os
import uuid

from hyperscout.exceptions import InvalidArgumentError
from hyperscout.storages import BaseStorage, InMemoryStorage, RDBStorage

POSTGRES_URL = os.environ.get(
    "HYPERSCOUT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
STORAGE_KINDS = ("inmemory", "sqlite", "postgresql")


@functools.cache
def postgres_unavailable_reason() -> str | None:
    """Why PostgreSQL tests cannot run on this machine, or ``None`` when they can."""
    try:
        import psycopg
    except ImportError:
        return 'psycopg is not installed (pip install "hyperscout[postgresql]")'
    try:
        conninfo = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(conninfo, connect_timeout=3):
            pass
    except Exception as err:  # any connection problem means: no server to test against
        return f"no PostgreSQL server at {POSTGRES_URL}: {type(err).__name__}: {err}"
    return None


def make_storage(kind: str, folder: str) -> BaseStorage:
    """A new storage of ``kind``; SQLite files go in ``folder``."""
    if kind == "inmemory":
        return InMemoryStorage()
    if kind == "sqlite":
        return RDBStorage(f"sqlite:///{os.path.join(folder, uuid.uuid4().hex + '.db')}")
    if kind == "postgresql":
        return RDBStorage(POSTGRES_URL)
    raise InvalidArgumentError(f"kind must be one of {STORAGE_KINDS}, got {kind!r}")
