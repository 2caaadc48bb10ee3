"""From a storage URL to SQLAlchemy engines: driver choice, SQLite settings, the read-only engine,
the shared connection of an in-memory database, and fork safety.

- SQLite runs in WAL mode with ``synchronous=NORMAL``: a commit is durable against a crash of
  the process (not of the machine's power), readers never block the writer, and a write
  transaction costs no fsync. Write transactions start with ``BEGIN IMMEDIATE`` so two writers
  serialise up front instead of deadlocking on a lock upgrade.
- ``sqlite:///:memory:`` is one database per connection, so every read and write goes through
  one shared connection (``StaticPool``) under one lock.
- A read-only SQLite storage opens the file with ``mode=ro``: it can neither write nor take a
  write lock, so a dashboard never blocks a running study. A read-only PostgreSQL storage sets
  ``default_transaction_read_only``.
- Connections inherited through ``fork`` are never used by the child: :meth:`Engines.after_fork`
  drops them (without closing the parent's sockets).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import QueuePool, StaticPool

from hyperscout._url import redact_url
from hyperscout.exceptions import InvalidArgumentError, MissingDependencyError

__all__ = ["Engines", "make_engines", "parse_url"]

SQLITE_TIMEOUT = 120.0


@dataclass
class Engines:
    """The engines of one storage: ``write`` and ``read`` (the same engine unless SQLite on disk).

    ``memory_lock`` is set for an in-memory SQLite database, whose one connection every thread
    shares.
    """

    dialect: str
    write: Engine
    read: Engine
    memory_lock: threading.RLock | None
    pid: int

    def after_fork(self) -> bool:
        """In a child process, forget the parent's connections; ``True`` when it did."""
        if os.getpid() == self.pid:
            return False
        self.write.dispose(close=False)
        if self.read is not self.write:
            self.read.dispose(close=False)
        self.pid = os.getpid()
        return True

    def dispose(self) -> None:
        self.write.dispose()
        if self.read is not self.write:
            self.read.dispose()

    def dispose_if_owner(self) -> None:
        """Close the pooled connections, but only in the process that opened them (a forked
        child's copies belong to its parent until it has used them)."""
        if os.getpid() == self.pid:
            self.dispose()


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL of a storage URL, with an error naming a misspelt dialect."""
    if not isinstance(url, str) or "://" not in url:
        raise InvalidArgumentError(
            "storage must be a database URL such as 'sqlite:///tuning.db' or "
            f"'postgresql://user@host/db', got {redact_url(url)!r}"
        )
    try:
        parsed = make_url(url)
    except Exception as err:  # SQLAlchemy's ArgumentError and ValueError
        raise InvalidArgumentError(f"storage URL could not be parsed: {redact_url(url)!r}") from err
    if parsed.get_backend_name() == "postgres":
        raise InvalidArgumentError(
            "write 'postgresql://...' (SQLAlchemy's name for PostgreSQL), not 'postgres://...', "
            f"got {redact_url(url)!r}"
        )
    return parsed


def make_engines(url: str, engine_kwargs: dict[str, Any], *, read_only: bool) -> Engines:
    parsed = parse_url(url)
    dialect = parsed.get_backend_name()
    if dialect == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername=_postgres_driver())
    kwargs = dict(engine_kwargs)
    if dialect == "sqlite":
        return _sqlite_engines(url, parsed, kwargs, read_only=read_only)
    kwargs.setdefault("pool_pre_ping", True)
    if read_only and dialect == "postgresql":
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args.setdefault("options", "-c default_transaction_read_only=on")
        kwargs["connect_args"] = connect_args
    try:
        engine = create_engine(parsed, **kwargs)
    except ImportError as err:
        raise MissingDependencyError(
            f'the driver for {dialect} is missing: pip install "hyperscout[postgresql]"'
        ) from err
    return Engines(dialect, engine, engine, None, os.getpid())


def _sqlite_engines(
    url: str, parsed: URL, kwargs: dict[str, Any], *, read_only: bool
) -> Engines:
    memory = parsed.database in (None, "", ":memory:")
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args.setdefault("timeout", SQLITE_TIMEOUT)
    connect_args.setdefault("check_same_thread", False)
    if memory:
        kwargs.setdefault("poolclass", StaticPool)
        engine = create_engine(parsed, connect_args=connect_args, **kwargs)
        _sqlite_events(engine, immediate=True, wal=False)
        return Engines("sqlite", engine, engine, threading.RLock(), os.getpid())
    path = str(parsed.database)
    if read_only and not os.path.isfile(path):
        raise InvalidArgumentError(f"no SQLite database at {os.path.abspath(path)!r}")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise InvalidArgumentError(
            f"the folder of the SQLite file does not exist: {folder!r} (from {redact_url(url)!r})"
        )
    write = create_engine(parsed, connect_args=connect_args, **kwargs)
    _sqlite_events(write, immediate=True, wal=True)
    if read_only:
        read = _read_only_sqlite_engine(path, connect_args)
    else:
        read = create_engine(parsed, connect_args=connect_args, **kwargs)
        _sqlite_events(read, immediate=False, wal=True)
    return Engines("sqlite", write, read, None, os.getpid())


def _postgres_driver() -> str:
    try:
        import psycopg  # noqa: F401

        return "postgresql+psycopg"
    except ImportError:
        pass
    try:
        import psycopg2  # noqa: F401

        return "postgresql+psycopg2"
    except ImportError:
        raise MissingDependencyError(
            'PostgreSQL storage needs a driver: pip install "hyperscout[postgresql]"'
        ) from None


def _read_only_sqlite_engine(path: str, connect_args: dict[str, Any]) -> Engine:
    uri = "file:" + os.path.abspath(path) + "?mode=ro"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(
            uri,
            uri=True,
            timeout=float(connect_args.get("timeout", SQLITE_TIMEOUT)),
            check_same_thread=False,
        )
        conn.isolation_level = None
        return conn

    # A "sqlite://" URL would get SingletonThreadPool, which closes the connections of other
    # threads beyond its size while they are in use (a segfault under a threaded web server).
    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def _sqlite_events(engine: Engine, *, immediate: bool, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: Any) -> None:
        # Take transaction control away from the sqlite3 module so BEGIN is ours.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if wal:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    begin_sql = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin_sql)
