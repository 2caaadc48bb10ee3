"""SQL storage through SQLAlchemy 2 Core: SQLite (the embedded default) and PostgreSQL.

This module holds the reads and writes; ``_engine.py`` turns the URL into engines (SQLite
settings, read-only, fork safety), ``_cache.py`` is the per-process cache and its rules,
``_statements.py`` the SQL text of hot paths, ``_rows.py`` turns rows into records, and
``_faults.py`` handles a dropped connection and a full disk.

- On PostgreSQL, creating a trial locks its study's row, so trial numbers stay gap-free and
  unique with many workers.
- Finished trials never change, so each process caches them; a read fetches only trials that
  were unfinished (or unknown) at the previous read. Unfinished trials are never served older
  than the database (see ``_cache.py``).
"""

from __future__ import annotations

import datetime
import json
import threading
import weakref
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    and_,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from hyperscout._records import StudyDirection
from hyperscout._url import redact_text, redact_url
from hyperscout.distributions import (
    BaseDistribution,
    check_distribution_compatibility,
    distribution_to_json,
)
from hyperscout.exceptions import (
    DuplicatedClaimError,
    DuplicatedStudyError,
    HyperscoutError,
    InvalidArgumentError,
    StudyNotFoundError,
    TrialNotFoundError,
)
from hyperscout.logging import get_logger
from hyperscout.storages._base import BaseStorage, FrozenStudy
from hyperscout.storages._common import (
    check_json_value,
    check_name_length,
    check_values_for_directions,
    new_study_name,
)
from hyperscout.storages._heartbeat import check_heartbeat_arguments, first_beat_requested
from hyperscout.storages._rdb import _models as m
from hyperscout.storages._rdb import _statements as sql
from hyperscout.storages._rdb._cache import OwnTrial, TrialCache, new_study_uid
from hyperscout.storages._rdb._engine import make_engines, parse_url
from hyperscout.storages._rdb._faults import DiskFullTrials, retry_dropped_connection
from hyperscout.storages._rdb._migrate import check_revision, create_at_head, schema_revision
from hyperscout.storages._rdb._rows import (
    directions_of,
    dumps,
    insert_children,
    load_trials,
    nan_to_none,
    parse_distribution,
    upsert,
)
from hyperscout.trial import FrozenTrial, TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["RDBStorage"]

_logger = get_logger("hyperscout.storages")


class RDBStorage(BaseStorage):
    """A storage in a SQL database given by a SQLAlchemy URL.

    ``"sqlite:///tuning.db"`` (a file next to you), ``"sqlite:///:memory:"``, or
    ``"postgresql://user@host:5432/db"`` (needs ``pip install "hyperscout[postgresql]"``).

    The arguments are Optuna's: ``skip_compatibility_check`` skips the schema version check;
    ``skip_table_creation`` leaves table creation to you; ``read_only`` opens the database for
    reading only (SQLite with ``mode=ro``).

    Crash recovery: with ``heartbeat_interval`` (seconds), :meth:`Study.optimize` records a
    heartbeat of each running trial every interval, and before starting a trial fails the
    RUNNING trials whose last heartbeat is older than ``grace_period`` (default twice the
    interval; it must exceed the interval), then calls ``failed_trial_callback(study, trial)``
    for each, for example :class:`~hyperscout.storages.RetryFailedTrialCallback` to run them
    again. ``heartbeat_stale_trial_callback`` is Optuna 4.9's name for ``failed_trial_callback``
    (give one of the two). Heartbeats need SQLite or PostgreSQL.
    """

    def __init__(
        self,
        url: str,
        engine_kwargs: dict[str, Any] | None = None,
        skip_compatibility_check: bool = False,
        *,
        heartbeat_interval: float | None = None,
        grace_period: float | None = None,
        failed_trial_callback: Callable[[Study, FrozenTrial], None] | None = None,
        heartbeat_stale_trial_callback: Callable[[Study, FrozenTrial], None] | None = None,
        skip_table_creation: bool = False,
        read_only: bool = False,
    ) -> None:
        parsed = parse_url(url)
        if failed_trial_callback is not None and heartbeat_stale_trial_callback is not None:
            raise InvalidArgumentError(
                "give failed_trial_callback or heartbeat_stale_trial_callback (the same "
                f"argument under Optuna 4.9's name), not both; got {failed_trial_callback!r} "
                f"and {heartbeat_stale_trial_callback!r}"
            )
        if failed_trial_callback is None:
            failed_trial_callback = heartbeat_stale_trial_callback
        check_heartbeat_arguments(heartbeat_interval, grace_period, failed_trial_callback)
        dialect = parsed.get_backend_name()
        if heartbeat_interval is not None and dialect not in sql.HEARTBEAT_BY_DIALECT:
            raise InvalidArgumentError(
                "heartbeats need SQLite or PostgreSQL, got a database of dialect "
                f"{dialect!r} with heartbeat_interval={heartbeat_interval!r}"
            )
        if heartbeat_interval is not None and read_only:
            raise InvalidArgumentError(
                "a read_only storage cannot record heartbeats, got read_only=True and "
                f"heartbeat_interval={heartbeat_interval!r}"
            )
        self.url = url
        self._engine_kwargs = dict(engine_kwargs or {})
        self._skip_table_creation = skip_table_creation or read_only
        self.skip_compatibility_check = bool(skip_compatibility_check)
        # A read-only storage (dashboards, reports) opens SQLite with mode=ro: it can neither
        # write nor take a write lock, so it never blocks a running study.
        self.read_only = read_only
        self.heartbeat_interval = heartbeat_interval
        self.grace_period = grace_period
        self.failed_trial_callback = failed_trial_callback
        self.heartbeat_stale_trial_callback = failed_trial_callback
        self._setup()

    # --- connections ---------------------------------------------------------------------------
    def _setup(self) -> None:
        self._cache = TrialCache()
        self._disk_full = DiskFullTrials()
        # The connection of the transaction this thread has open, so that a read inside a write
        # joins it (an in-memory database has one connection, which cannot begin twice).
        self._local = threading.local()
        self._engines = make_engines(self.url, self._engine_kwargs, read_only=self.read_only)
        # A storage dropped without close() closes its connections when it is collected (a
        # driver such as psycopg warns about connections garbage-collected while open).
        weakref.finalize(self, self._engines.dispose_if_owner)
        self._dialect = self._engines.dialect
        if not self._skip_table_creation:
            self._create_tables()
        if not self.skip_compatibility_check:
            self._check_version()

    def __getstate__(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "_engine_kwargs": self._engine_kwargs,
            "_skip_table_creation": True,
            "skip_compatibility_check": self.skip_compatibility_check,
            "read_only": self.read_only,
            "heartbeat_interval": self.heartbeat_interval,
            "grace_period": self.grace_period,
            "failed_trial_callback": self.failed_trial_callback,
            "heartbeat_stale_trial_callback": self.failed_trial_callback,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._setup()

    def _after_fork(self) -> None:
        if self._engines.after_fork():
            # Connections and locks inherited from the parent must not be used here.
            self._cache = TrialCache()
            self._local = threading.local()
            self._disk_full.after_fork()

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[Connection]:
        current: Connection | None = getattr(self._local, "conn", None)
        if current is not None:  # nested: join the transaction this thread already has open
            yield current
            return
        self._after_fork()
        engine = self._engines.write if write else self._engines.read
        lock = self._engines.memory_lock
        if lock is not None:
            lock.acquire()
        self._local.committing = False
        try:
            with engine.begin() as conn:
                self._local.conn = conn
                try:
                    yield conn
                finally:
                    self._local.conn = None
                self._local.committing = True  # from here a lost connection is ambiguous
        finally:
            if lock is not None:
                lock.release()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        if self.read_only:
            raise HyperscoutError(
                f"this storage of {redact_url(self.url)!r} was opened read-only"
            )
        with self._transaction(write=True) as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._transaction(write=False) as conn:
            yield conn

    def _create_tables(self) -> None:
        # Several processes may open a new database at once: each creates it inside a write
        # transaction, and whoever loses the race (PostgreSQL) retries and finds it made.
        for attempt in range(5):
            try:
                with self._write() as conn:
                    if schema_revision(conn) is None:
                        create_at_head(conn)
                return
            except (OperationalError, ProgrammingError, IntegrityError):
                if attempt == 4:
                    raise

    def _check_version(self) -> None:
        with self._read() as conn:
            revision = schema_revision(conn)
        check_revision(revision, self.url)

    def close(self) -> None:
        self._engines.dispose()

    # --- studies -------------------------------------------------------------------------------
    def create_new_study(
        self, directions: Sequence[StudyDirection], study_name: str | None = None
    ) -> int:
        if study_name is None:
            study_name = new_study_name()
        check_name_length("study name", study_name)
        text = ",".join(d.name for d in directions)
        try:
            with self._write() as conn:
                result = conn.execute(
                    insert(m.studies).values(
                        study_name=study_name,
                        study_uid=new_study_uid(),
                        directions=text,
                        created_at=datetime.datetime.now(),
                    )
                )
                key = result.inserted_primary_key
                assert key is not None
                return int(key[0])
        except IntegrityError:
            raise DuplicatedStudyError(
                f"a study named {study_name!r} already exists in {redact_url(self.url)!r}; pass "
                "load_if_exists=True to resume it, or choose another study_name"
            ) from None

    def delete_study(self, study_id: int) -> None:
        with self._write() as conn:
            self._require_study(conn, study_id)
            ids = select(m.trials.c.trial_id).where(m.trials.c.study_id == study_id)
            for table in (m.trial_params, m.trial_values, m.trial_intermediate, m.trial_attrs):
                conn.execute(delete(table).where(table.c.trial_id.in_(ids)))
            conn.execute(delete(m.trials).where(m.trials.c.study_id == study_id))
            conn.execute(delete(m.study_attrs).where(m.study_attrs.c.study_id == study_id))
            conn.execute(delete(m.studies).where(m.studies.c.study_id == study_id))
        self._cache.forget_study(study_id)

    @staticmethod
    def _require_study(conn: Connection, study_id: int, lock: bool = False) -> None:
        query = select(m.studies.c.study_id).where(m.studies.c.study_id == study_id)
        if lock:
            query = query.with_for_update()
        if conn.execute(query).first() is None:
            raise StudyNotFoundError(f"no study with id {study_id}")

    def _set_study_attr(self, study_id: int, kind: int, key: str, value: Any) -> None:
        check_json_value(key, value)
        with self._write() as conn:
            self._require_study(conn, study_id)
            upsert(
                conn,
                m.study_attrs,
                {"study_id": study_id, "kind": kind, "key": key},
                {"value_json": dumps(value)},
            )

    def set_study_user_attr(self, study_id: int, key: str, value: Any) -> None:
        self._set_study_attr(study_id, m.USER, key, value)

    def set_study_system_attr(self, study_id: int, key: str, value: Any) -> None:
        self._set_study_attr(study_id, m.SYSTEM, key, value)

    def set_study_system_attr_if_absent(self, study_id: int, key: str, value: Any) -> Any:
        check_json_value(key, value)
        text = dumps(value)
        where = and_(
            m.study_attrs.c.study_id == study_id,
            m.study_attrs.c.kind == m.SYSTEM,
            m.study_attrs.c.key == key,
        )
        try:
            with self._write() as conn:
                self._require_study(conn, study_id)
                stored = conn.execute(select(m.study_attrs.c.value_json).where(where)).first()
                if stored is not None:
                    return json.loads(stored[0])
                conn.execute(
                    insert(m.study_attrs).values(
                        study_id=study_id, kind=m.SYSTEM, key=key, value_json=text
                    )
                )
        except IntegrityError:
            # PostgreSQL: another process inserted the key between this transaction's read and
            # its insert (SQLite's write transactions are serial and cannot get here); the
            # primary key refused the second value, so the first is the one to return.
            with self._read() as conn:
                stored = conn.execute(select(m.study_attrs.c.value_json).where(where)).first()
            if stored is None:  # the study was deleted in between
                raise StudyNotFoundError(f"no study with id {study_id}") from None
            return json.loads(stored[0])
        return json.loads(text)

    def get_study_id_from_name(self, study_name: str) -> int:
        with self._read() as conn:
            row = conn.execute(
                select(m.studies.c.study_id).where(m.studies.c.study_name == study_name)
            ).first()
        if row is None:
            raise StudyNotFoundError(
                f"no study named {study_name!r} in {redact_url(self.url)!r}"
            )
        return int(row[0])

    def get_study_name_from_id(self, study_id: int) -> str:
        with self._read() as conn:
            row = conn.execute(
                select(m.studies.c.study_name).where(m.studies.c.study_id == study_id)
            ).first()
        if row is None:
            raise StudyNotFoundError(f"no study with id {study_id}")
        return str(row[0])

    def get_study_directions(self, study_id: int) -> list[StudyDirection]:
        with self._read() as conn:
            row = conn.execute(
                select(m.studies.c.directions).where(m.studies.c.study_id == study_id)
            ).first()
        if row is None:
            raise StudyNotFoundError(f"no study with id {study_id}")
        return [StudyDirection[d] for d in row[0].split(",")]

    def _get_study_attrs(self, study_id: int, kind: int) -> dict[str, Any]:
        with self._read() as conn:
            self._require_study(conn, study_id)
            rows = conn.execute(
                select(m.study_attrs.c.key, m.study_attrs.c.value_json).where(
                    and_(m.study_attrs.c.study_id == study_id, m.study_attrs.c.kind == kind)
                )
            ).all()
        return {k: json.loads(v) for k, v in rows}

    def get_study_user_attrs(self, study_id: int) -> dict[str, Any]:
        return self._get_study_attrs(study_id, m.USER)

    def get_study_system_attrs(self, study_id: int) -> dict[str, Any]:
        return self._get_study_attrs(study_id, m.SYSTEM)

    def get_all_studies(self) -> list[FrozenStudy]:
        with self._read() as conn:
            rows = conn.execute(
                select(
                    m.studies.c.study_id,
                    m.studies.c.study_name,
                    m.studies.c.directions,
                    m.studies.c.created_at,
                ).order_by(m.studies.c.study_id)
            ).all()
            attrs = conn.execute(select(m.study_attrs)).all()
        by_study: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
        for a in attrs:
            user, system = by_study.setdefault(a.study_id, ({}, {}))
            (user if a.kind == m.USER else system)[a.key] = json.loads(a.value_json)
        return [
            FrozenStudy(
                study_id=r.study_id,
                study_name=r.study_name,
                directions=tuple(StudyDirection[d] for d in r.directions.split(",")),
                user_attrs=by_study.get(r.study_id, ({}, {}))[0],
                system_attrs=by_study.get(r.study_id, ({}, {}))[1],
                datetime_start=r.created_at,
            )
            for r in rows
        ]

    # --- trials: writes ------------------------------------------------------------------------
    # Hot paths use statements written once as text (SQLAlchemy's statement building costs more
    # than SQLite's work here), and each process keeps its own running trials in its cache so that
    # reading them back costs nothing. Every write re-checks the trial's state in the database.
    def create_new_trial(
        self,
        study_id: int,
        template_trial: FrozenTrial | None = None,
        *,
        claim_key: str | None = None,
    ) -> int:
        now = datetime.datetime.now()
        if template_trial is not None:
            for name in template_trial.params:
                check_name_length("parameter name", name)
            for k, v in template_trial.system_attrs.items():
                check_json_value(k, v)
            for k, v in template_trial.user_attrs.items():
                check_json_value(k, v)
        start: datetime.datetime | None
        if template_trial is None:
            state, start, complete = TrialState.RUNNING, now, None
        else:
            state = template_trial.state
            start = template_trial.datetime_start
            complete = template_trial.datetime_complete
        try:
            with self._write() as conn:
                # On PostgreSQL this row lock serialises numbering; SQLite's BEGIN IMMEDIATE
                # already did.
                lock = sql.LOCK_STUDY if self._dialect == "postgresql" else sql.STUDY_KEY
                key = conn.execute(lock, {"sid": study_id}).first()
                if key is None:
                    raise StudyNotFoundError(f"no study with id {study_id}")
                uid, directions = str(key[0]), directions_of(key[1])
                if template_trial is not None:
                    for name, dist in template_trial.distributions.items():
                        self._check_distribution(conn, study_id, uid, name, dist)
                number = conn.execute(sql.NEXT_NUMBER, {"sid": study_id}).scalar_one()
                trial_id = int(
                    conn.execute(
                        sql.INSERT_TRIAL,
                        {
                            "sid": study_id,
                            "number": number,
                            "state": int(state),
                            "claim": claim_key,
                            "start": start,
                            "complete": complete,
                        },
                    ).scalar_one()
                )
                if state == TrialState.RUNNING and self._first_beat():
                    conn.execute(sql.HEARTBEAT_BY_DIALECT[self._dialect], {"tid": trial_id})
                system_attrs: dict[str, Any] = {}
                if template_trial is not None:
                    insert_children(conn, trial_id, template_trial)
                    system_attrs.update(template_trial.system_attrs)
                if claim_key is not None:
                    system_attrs["hyperscout:claim"] = claim_key
                if system_attrs:
                    conn.execute(
                        insert(m.trial_attrs),
                        [
                            {
                                "trial_id": trial_id,
                                "kind": m.SYSTEM,
                                "key": k,
                                "value_json": dumps(v),
                            }
                            for k, v in system_attrs.items()
                        ],
                    )
        except IntegrityError as err:
            if claim_key is not None:
                raise DuplicatedClaimError(f"claim {claim_key!r} is already taken") from None
            raise HyperscoutError(
                f"could not create a trial in study {study_id}: "
                + redact_text(str(err), self.url)
            ) from None
        if template_trial is None:
            frozen = FrozenTrial(
                number=number,
                state=state,
                values=None,
                datetime_start=start,
                datetime_complete=None,
                params={},
                distributions={},
                system_attrs=system_attrs,
                trial_id=trial_id,
            )
        else:
            frozen = template_trial._evolve(
                number=number, trial_id=trial_id, system_attrs=system_attrs
            )
        if state == TrialState.RUNNING:  # a WAITING trial may be started by another process
            self._cache.set_own(trial_id, OwnTrial(study_id, uid, directions, frozen))
        elif state.is_finished():
            self._cache.study(study_id, uid).add_finished(frozen)
        return trial_id

    def get_claimed_keys(self, study_id: int) -> set[str]:
        with self._read() as conn:
            rows = conn.execute(sql.CLAIMS, {"sid": study_id}).all()
        return {r[0] for r in rows}

    def get_waiting_trial_ids(self, study_id: int) -> list[int]:
        with self._read() as conn:
            rows = conn.execute(sql.WAITING, {"sid": study_id}).all()
        return [int(r[0]) for r in rows]

    def _start_waiting(self, trial_id: int, now: datetime.datetime) -> bool:
        """Hand an enqueued trial to exactly one worker (a conditional update)."""
        with self._write() as conn:
            started = conn.execute(sql.START_WAITING, {"tid": trial_id, "now": now}).rowcount == 1
            if not started:
                return False
            if self._first_beat():
                conn.execute(sql.HEARTBEAT_BY_DIALECT[self._dialect], {"tid": trial_id})
            key = conn.execute(sql.TRIAL_KEY, {"tid": trial_id}).one()
            loaded = load_trials(conn, m.trials.c.trial_id == trial_id)[0]
        own = OwnTrial(int(key[0]), str(key[1]), directions_of(key[2]), loaded)
        self._cache.set_own(trial_id, own)
        return True

    def _key_of(
        self, conn: Connection, trial_id: int
    ) -> tuple[int, str, tuple[StudyDirection, ...]]:
        """The study id, study uid and directions of a trial (this process's own: no query)."""
        own = self._cache.get_own(trial_id)
        if own is not None:
            return own.study_id, own.study_uid, own.directions
        row = conn.execute(sql.TRIAL_KEY, {"tid": trial_id}).first()
        if row is None:
            raise TrialNotFoundError(f"no trial with id {trial_id}")
        return int(row[0]), str(row[1]), directions_of(row[2])

    def _refuse(self, conn: Connection, trial_id: int) -> None:
        """A conditional write touched no row: say why (unknown trial, or finished)."""
        row = conn.execute(sql.TRIAL_STATE, {"tid": trial_id}).first()
        self._cache.pop_own(trial_id)
        if row is None:
            raise TrialNotFoundError(f"no trial with id {trial_id}")
        self.check_trial_is_updatable(trial_id, TrialState(row[1]))
        raise HyperscoutError(f"trial {trial_id} could not be updated")  # not reached

    def _update_own(self, trial_id: int, **changes: Any) -> None:
        own = self._cache.get_own(trial_id)
        if own is not None:
            self._cache.update_own(trial_id, own.record._evolve(**changes))

    def _check_distribution(
        self, conn: Connection, study_id: int, uid: str, name: str, dist: BaseDistribution
    ) -> None:
        cache = self._cache.study(study_id, uid)
        with self._cache.lock:
            known = cache.distributions.get(name)
        if known is None:
            row = conn.execute(sql.KNOWN_DIST, {"sid": study_id, "name": name}).first()
            if row is None:
                return
            known = parse_distribution(row[0])
            with self._cache.lock:
                cache.distributions[name] = known
        check_distribution_compatibility(known, dist)

    def set_trial_param(
        self, trial_id: int, param_name: str, internal_value: float, distribution: BaseDistribution
    ) -> None:
        check_name_length("parameter name", param_name)
        dist_json = distribution_to_json(distribution)
        with self._write() as conn:
            study_id, uid, _ = self._key_of(conn, trial_id)
            self._check_distribution(conn, study_id, uid, param_name, distribution)
            result = conn.execute(
                sql.INSERT_PARAM,
                {
                    "tid": trial_id,
                    "name": param_name,
                    "value": float(internal_value),
                    "dist": dist_json,
                },
            )
            if result.rowcount != 1:
                self._refuse(conn, trial_id)
        cache = self._cache.study(study_id, uid)
        with self._cache.lock:
            cache.distributions.setdefault(param_name, distribution)
            own = self._cache.get_own(trial_id)
            if own is not None:
                t = own.record
                self._cache.update_own(
                    trial_id,
                    t._evolve(
                        params={
                            **t.params,
                            param_name: distribution.to_external_repr(internal_value),
                        },
                        distributions={**t.distributions, param_name: distribution},
                        internal_params={**t.internal_params, param_name: float(internal_value)},
                    ),
                )

    def set_trial_state_values(
        self,
        trial_id: int,
        state: TrialState,
        values: Sequence[float] | None = None,
        *,
        system_attrs: Mapping[str, Any] | None = None,
    ) -> bool:
        for k, v in (system_attrs or {}).items():
            check_json_value(k, v)
        now = datetime.datetime.now()
        if state == TrialState.RUNNING:
            return self._start_waiting(trial_id, now)
        if state == TrialState.WAITING:
            raise InvalidArgumentError("a trial cannot go back to WAITING")
        with self._write() as conn:
            _, _, directions = self._key_of(conn, trial_id)
            check_values_for_directions(values, list(directions))
            if system_attrs:  # before the state changes: attribute writes need a live trial
                conn.execute(
                    sql.UPSERT_TRIAL_ATTR,
                    [
                        {"tid": trial_id, "kind": m.SYSTEM, "key": k, "value": dumps(v)}
                        for k, v in system_attrs.items()
                    ],
                )
            result = conn.execute(sql.FINISH, {"tid": trial_id, "state": int(state), "now": now})
            if result.rowcount != 1:
                self._refuse(conn, trial_id)
            if values is not None:
                conn.execute(
                    insert(m.trial_values),
                    [
                        {"trial_id": trial_id, "objective": i, "value": float(v)}
                        for i, v in enumerate(values)
                    ],
                )
        own = self._cache.get_own(trial_id)
        if own is not None:
            t = own.record
            done = t._evolve(
                state=state,
                values=None if values is None else tuple(float(v) for v in values),
                datetime_complete=now,
                system_attrs={**t.system_attrs, **json.loads(dumps(system_attrs or {}))},
            )
            self._cache.finish_own(trial_id, done)
        return True

    def set_trial_intermediate_value(self, trial_id: int, step: int, value: float) -> None:
        stored = nan_to_none(float(value))
        with self._write() as conn:
            result = conn.execute(
                sql.UPSERT_INTERMEDIATE, {"tid": trial_id, "step": int(step), "value": stored}
            )
            if result.rowcount != 1:
                self._refuse(conn, trial_id)
        own = self._cache.get_own(trial_id)
        if own is not None:
            self._update_own(
                trial_id,
                intermediate_values=dict(
                    sorted({**own.record.intermediate_values, int(step): float(value)}.items())
                ),
            )

    def _set_trial_attr(self, trial_id: int, kind: int, key: str, value: Any) -> None:
        check_json_value(key, value)
        with self._write() as conn:
            result = conn.execute(
                sql.UPSERT_TRIAL_ATTR,
                {"tid": trial_id, "kind": kind, "key": key, "value": dumps(value)},
            )
            if result.rowcount != 1:
                self._refuse(conn, trial_id)
        own = self._cache.get_own(trial_id)
        if own is not None:
            field_name = "user_attrs" if kind == m.USER else "system_attrs"
            attrs = {**getattr(own.record, field_name), key: json.loads(dumps(value))}
            self._update_own(trial_id, **{field_name: attrs})

    def set_trial_user_attr(self, trial_id: int, key: str, value: Any) -> None:
        self._set_trial_attr(trial_id, m.USER, key, value)

    def set_trial_system_attr(self, trial_id: int, key: str, value: Any) -> None:
        self._set_trial_attr(trial_id, m.SYSTEM, key, value)

    # --- heartbeats ----------------------------------------------------------------------------
    def get_heartbeat_interval(self) -> float | None:
        return self.heartbeat_interval

    def get_failed_trial_callback(self) -> Callable[[Study, FrozenTrial], None] | None:
        return self.failed_trial_callback

    def record_heartbeat(self, trial_id: int) -> None:
        """Store the database's current time (UTC) as the heartbeat of a RUNNING trial; a finished
        trial gets none."""
        with self._write() as conn:
            conn.execute(sql.HEARTBEAT_BY_DIALECT[self._dialect], {"tid": trial_id})

    def _first_beat(self) -> bool:
        return self.heartbeat_interval is not None and first_beat_requested()

    def _get_stale_trial_ids(self, study_id: int) -> list[int]:
        if self.heartbeat_interval is None:
            return []
        grace = self.grace_period if self.grace_period is not None else 2 * self.heartbeat_interval
        with self._read() as conn:
            rows = conn.execute(
                sql.STALE_BY_DIALECT[self._dialect], {"sid": study_id, "grace": float(grace)}
            ).all()
        return [int(r[0]) for r in rows]

    # --- trials: reads -------------------------------------------------------------------------
    def get_trial(self, trial_id: int) -> FrozenTrial:
        # One indexed query decides whether a cached record may be served (see _cache.py).
        fresh = self._cache.take_fresh(trial_id)
        if fresh is not None:
            return fresh
        with self._read() as conn:
            key = conn.execute(sql.TRIAL_KEY, {"tid": trial_id}).first()
            if key is None:
                self._cache.pop_own(trial_id)
                raise TrialNotFoundError(f"no trial with id {trial_id}")
            study_id, uid, state = int(key[0]), str(key[1]), TrialState(key[3])
            own = self._cache.get_own(trial_id)
            if own is not None:
                if own.study_uid == uid and own.record.state == state:
                    return own.record
                self._cache.pop_own(trial_id)  # told, failed or deleted elsewhere
            if state.is_finished():
                hit = self._cache.finished_trial(study_id, uid, trial_id)
                if hit is not None:
                    return hit
            trials = load_trials(conn, m.trials.c.trial_id == trial_id)
        if not trials:
            raise TrialNotFoundError(f"no trial with id {trial_id}")
        trial = trials[0]
        if trial.state.is_finished():
            cache = self._cache.study(study_id, uid)
            with self._cache.lock:
                cache.add_finished(trial)
        return trial

    def get_best_trial(self, study_id: int) -> FrozenTrial | None:
        # One indexed query instead of reading every trial; the record comes from the cache
        # while its study is the same.
        with self._read() as conn:
            row = conn.execute(sql.STUDY_KEY, {"sid": study_id}).first()
            if row is None:
                raise StudyNotFoundError(f"no study with id {study_id}")
            directions = directions_of(row[1])
            if len(directions) > 1:
                return None
            query = (
                sql.BEST_MIN if directions[0] == StudyDirection.MINIMIZE else sql.BEST_MAX
            )
            best = conn.execute(query, {"sid": study_id}).first()
            if best is None:
                return None
            return self.get_trial(int(best[0]))

    def get_trial_id_from_study_id_trial_number(self, study_id: int, trial_number: int) -> int:
        with self._read() as conn:
            row = conn.execute(
                select(m.trials.c.trial_id).where(
                    and_(m.trials.c.study_id == study_id, m.trials.c.number == trial_number)
                )
            ).first()
        if row is None:
            raise TrialNotFoundError(f"no trial number {trial_number} in study {study_id}")
        return int(row[0])

    def get_n_trials(self, study_id: int, states: Container[TrialState] | None = None) -> int:
        if states is None:
            with self._read() as conn:
                return int(
                    conn.execute(
                        select(func.count()).where(m.trials.c.study_id == study_id)
                    ).scalar_one()
                )
        return super().get_n_trials(study_id, states)

    def get_all_trials(
        self,
        study_id: int,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
    ) -> list[FrozenTrial]:
        with self._read() as conn:
            row = conn.execute(sql.STUDY_KEY, {"sid": study_id}).first()
            if row is None:
                raise StudyNotFoundError(f"no study with id {study_id}")
            cache = self._cache.study(study_id, str(row[0]))
            with self._cache.lock:
                watermark = cache.watermark
                # A snapshot: another thread's advance may move entries out of the live dict.
                finished = dict(cache.finished_above)
            tail = load_trials(
                conn,
                and_(m.trials.c.study_id == study_id, m.trials.c.trial_id >= watermark),
                skip=set(finished),
                cached=finished,
            )
        with self._cache.lock:
            if cache.watermark == watermark:  # no other thread moved it meanwhile
                cache.advance(tail)
            trials = cache.prefix + [t for t in tail if t.trial_id >= cache.watermark]
        if states is None:
            return trials
        return [t for t in trials if t.state in states]


for _name in (
    "create_new_study",
    "delete_study",
    "set_study_user_attr",
    "set_study_system_attr",
    "set_study_system_attr_if_absent",
    "get_study_id_from_name",
    "get_study_name_from_id",
    "get_study_directions",
    "get_study_user_attrs",
    "get_study_system_attrs",
    "get_all_studies",
    "create_new_trial",
    "get_claimed_keys",
    "get_waiting_trial_ids",
    "set_trial_param",
    "set_trial_state_values",
    "set_trial_intermediate_value",
    "set_trial_user_attr",
    "set_trial_system_attr",
    "record_heartbeat",
    "_get_stale_trial_ids",
    "get_trial",
    "get_best_trial",
    "get_trial_id_from_study_id_trial_number",
    "get_n_trials",
    "get_all_trials",
):
    setattr(RDBStorage, _name, retry_dropped_connection(getattr(RDBStorage, _name)))
del _name
