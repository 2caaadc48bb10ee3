"""The heartbeat gap: a worker killed before its heartbeat thread's first beat (on the objective's
first line) leaves a trial that the next worker fails, because the optimize loop writes the
first beat in the same transaction as the trial's creation. Real processes, SQLite and
PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest

import hyperscout
from hyperscout.storages import RDBStorage
from hyperscout.testing import make_storage, postgres_unavailable_reason
from hyperscout.trial import TrialState

_PG_REASON = postgres_unavailable_reason()

_WORKER = """
import os, sys
import hyperscout
from hyperscout.storages import RDBStorage

storage = RDBStorage(sys.argv[1], heartbeat_interval=0.5, grace_period=1.0)
study = hyperscout.load_study(study_name=sys.argv[2], storage=storage)

def objective(trial):
    os.kill(os.getpid(), 9)
    return trial.suggest_float("x", 0, 1)

study.optimize(objective, n_trials=1)
"""


@pytest.mark.parametrize(
    "kind",
    [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(_PG_REASON is not None, reason=_PG_REASON or ""),
            ],
        ),
    ],
)
def test_a_worker_killed_on_the_objectives_first_line_has_its_trial_failed(
    kind: str, tmp_path  # type: ignore[no-untyped-def]
) -> None:
    made = make_storage(kind, str(tmp_path))
    assert isinstance(made, RDBStorage)
    made.close()
    url, name = made.url, f"gap-{uuid.uuid4().hex[:10]}"
    storage = RDBStorage(url, heartbeat_interval=0.5, grace_period=1.0)
    try:
        study = hyperscout.create_study(study_name=name, storage=storage)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        done = subprocess.run(
            [sys.executable, "-c", _WORKER, url, name], env=env, timeout=120, check=False
        )
        assert done.returncode == -9
        assert [t.state for t in study.trials] == [TrialState.RUNNING]
        with storage._read() as conn:
            from sqlalchemy import text

            beats = conn.execute(text("SELECT COUNT(*) FROM hs_trial_heartbeats")).scalar_one()
        assert beats >= 1  # written with the trial, before the objective ran
        time.sleep(1.5)  # longer than the grace period
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
        states = [t.state for t in study.trials]
        assert states == [TrialState.FAIL, TrialState.COMPLETE]
        assert "heartbeat" in study.trials[0].system_attrs["fail_reason"]
    finally:
        storage.close()


def test_a_bare_ask_gets_no_heartbeat_and_is_never_failed_as_stale(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'ask.db'}"
    storage = RDBStorage(url, heartbeat_interval=0.5, grace_period=1.0)
    try:
        study = hyperscout.create_study(storage=storage)
        asked = study.ask()
        time.sleep(1.5)
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
        assert study.trials[0].state == TrialState.RUNNING
        study.tell(asked, 1.0)
    finally:
        storage.close()
