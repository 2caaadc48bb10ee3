"""A PostgreSQL connection terminated mid-transaction (``pg_terminate_backend`` from another
connection) is retried with back-off, and nothing is written twice."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import OperationalError

import hyperscout
from hyperscout.storages import RDBStorage
from hyperscout.testing import postgres_unavailable_reason
from hyperscout.testing.storages import POSTGRES_URL
from hyperscout.trial import TrialState

_PG_REASON = postgres_unavailable_reason()
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(_PG_REASON is not None, reason=_PG_REASON or ""),
]


@pytest.fixture
def storage() -> Iterator[RDBStorage]:
    backend = RDBStorage(POSTGRES_URL)
    yield backend
    backend.close()


Terminator = Callable[[RDBStorage, str, int], list[int]]


@pytest.fixture
def terminator() -> Iterator[Terminator]:
    """``terminate(storage, statement_start, times)``: terminate the storage's own backend, from
    another connection, just before the next ``times`` statements starting with
    ``statement_start`` run; returns the kill log. The other connections close after the test."""
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"))

    def terminate(storage: RDBStorage, statement_start: str, times: int) -> list[int]:
        killed: list[int] = []

        def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if len(killed) < times and statement.lstrip().startswith(statement_start):
                pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
                with admin.connect() as other:
                    other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                killed.append(pid)

        event.listen(storage._engines.write, "before_cursor_execute", before)
        return killed

    yield terminate
    admin.dispose()


def test_a_terminated_backend_mid_trial_is_retried_and_nothing_is_written_twice(
    storage: RDBStorage, terminator: Terminator
) -> None:
    study = hyperscout.create_study(study_name=f"drop-{uuid.uuid4().hex[:8]}", storage=storage)
    killed = terminator(storage, "INSERT INTO hs_trials", 1)
    trial = study.ask()  # the INSERT's connection dies once; the retry creates the trial
    assert len(killed) == 1
    killed_tell = terminator(storage, "UPDATE hs_trials SET state", 1)
    trial.suggest_float("x", 0, 1)
    study.tell(trial, 0.5)
    assert len(killed_tell) == 1
    trials = study.trials
    assert [(t.number, t.state, t.values) for t in trials] == [(0, TrialState.COMPLETE, (0.5,))]
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    assert [t.number for t in study.trials] == [0, 1, 2]


def test_a_connection_that_keeps_dropping_gives_up_after_the_retries(
    storage: RDBStorage, terminator: Terminator
) -> None:
    study = hyperscout.create_study(study_name=f"drop-{uuid.uuid4().hex[:8]}", storage=storage)
    killed = terminator(storage, "INSERT INTO hs_trials", 100)
    with pytest.raises(OperationalError):
        study.ask()
    assert len(killed) == 4  # the first attempt and three retries
    assert study.trials == []
