"""Crash recovery: heartbeats, fail_stale_trials and RetryFailedTrialCallback on real databases.

The crash tests SIGKILL a real worker process; the others make a heartbeat old by writing an old
time into the heartbeat table (a worker that died long ago), so they need no waiting.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select, text

import hyperscout
from hyperscout.exceptions import TrialPruned
from hyperscout.samplers import GridSampler
from hyperscout.storages import (
    InMemoryStorage,
    RDBStorage,
    RetryFailedTrialCallback,
    RetryHeartbeatStaleTrialCallback,
    fail_stale_trials,
)
from hyperscout.storages._rdb import _models as m
from hyperscout.study import Study
from hyperscout.testing import make_storage, postgres_unavailable_reason
from hyperscout.testing.storages import POSTGRES_URL
from hyperscout.trial import FrozenTrial, Trial, TrialState

_PG_REASON = postgres_unavailable_reason()
_BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(_PG_REASON is not None, reason=_PG_REASON or ""),
        ],
    ),
]


@pytest.fixture(params=_BACKENDS)
def url(request, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """The URL of a real database of each SQL kind (the conftest's storages, without heartbeats)."""
    storage = make_storage(request.param, str(tmp_path))
    assert isinstance(storage, RDBStorage)
    storage.close()
    return storage.url


@pytest.fixture
def open_storages() -> Iterator[list[RDBStorage]]:
    opened: list[RDBStorage] = []
    yield opened
    for storage in opened:
        storage.close()


@pytest.fixture
def open_storage(open_storages: list[RDBStorage]) -> Callable[..., RDBStorage]:
    def opener(url: str, **kwargs: Any) -> RDBStorage:
        storage = RDBStorage(url, **kwargs)
        open_storages.append(storage)
        return storage

    return opener


def _name() -> str:
    return f"heartbeat-{uuid.uuid4().hex[:12]}"


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


def _heartbeat_count(storage: RDBStorage, trial_id: int) -> int:
    with storage._read() as conn:
        return int(
            conn.execute(
                select(func.count()).where(m.trial_heartbeats.c.trial_id == trial_id)
            ).scalar_one()
        )


def _age_heartbeats(storage: RDBStorage, trial_ids: list[int]) -> None:
    """Make these trials' last heartbeat very old: their worker died long ago."""
    with storage._write() as conn:
        for trial_id in trial_ids:
            conn.execute(
                text(
                    "UPDATE hs_trial_heartbeats SET heartbeat = '2000-01-01 00:00:00'"
                    " WHERE trial_id = :tid"
                ),
                {"tid": trial_id},
            )


def _started_dead_trial(study: Study) -> Trial:
    """A RUNNING trial with parameters and a heartbeat long past (its worker died)."""
    trial = study.ask()
    trial.suggest_float("x", -1.0, 1.0)
    trial.suggest_int("n", 1, 100)
    storage = study._storage
    assert isinstance(storage, RDBStorage)
    storage.record_heartbeat(trial._trial_id)
    _age_heartbeats(storage, [trial._trial_id])
    return trial


class _Recorder:
    """A failed-trial callback that remembers what it was called with, then delegates."""

    def __init__(self, then: Callable[[Study, FrozenTrial], None] | None = None) -> None:
        self.calls: list[FrozenTrial] = []
        self._then = then
        self._lock = threading.Lock()

    def __call__(self, study: Study, trial: FrozenTrial) -> None:
        with self._lock:
            self.calls.append(trial)
        if self._then is not None:
            self._then(study, trial)


# --- a real crash -------------------------------------------------------------------------------
_WORKER = """
import sys, time
import hyperscout
from hyperscout.storages import RDBStorage

hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
storage = RDBStorage(sys.argv[1], heartbeat_interval=1)
study = hyperscout.load_study(study_name=sys.argv[2], storage=storage)

def objective(trial):
    trial.suggest_float("x", -1.0, 1.0)
    trial.suggest_categorical("kind", ["a", "b", "c"])
    while True:
        time.sleep(60)

study.optimize(objective, n_trials=1)
"""


def _crash_a_worker(url: str, study_name: str, storage: RDBStorage) -> FrozenTrial:
    """Run a worker process until its trial is RUNNING with parameters and a heartbeat, then
    SIGKILL it. Returns the orphaned trial."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WORKER, url, study_name],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    study_id = storage.get_study_id_from_name(study_name)
    try:

        def trial_is_running() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"the worker exited early: {proc.stderr.read()!r}")  # type: ignore[union-attr]
            trials = storage.get_all_trials(study_id)
            return (
                len(trials) == 1
                and trials[0].state == TrialState.RUNNING
                and set(trials[0].params) == {"x", "kind"}
                and _heartbeat_count(storage, trials[0].trial_id) == 1
            )

        _wait_for(trial_is_running, "the worker's trial to run with a heartbeat")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        assert proc.stderr is not None
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    (orphan,) = storage.get_all_trials(study_id)
    assert orphan.state == TrialState.RUNNING  # nobody told the storage
    return orphan


def test_a_killed_worker_trial_is_failed_and_retried_with_its_params(
    url: str, open_storage: Callable[..., RDBStorage]
) -> None:
    name = _name()
    plain = open_storage(url)
    hyperscout.create_study(study_name=name, storage=plain)
    orphan = _crash_a_worker(url, name, plain)

    recorder = _Recorder(then=RetryFailedTrialCallback())
    storage = open_storage(
        url, heartbeat_interval=1, grace_period=2, failed_trial_callback=recorder
    )
    study = hyperscout.load_study(study_name=name, storage=storage)
    # The dead worker's last heartbeat becomes older than grace_period.
    _wait_for(
        lambda: storage._get_stale_trial_ids(study._study_id) == [orphan.trial_id],
        "the orphaned trial to become stale",
    )
    seen: list[dict[str, Any]] = []

    def objective(trial: Trial) -> float:
        x = trial.suggest_float("x", -1.0, 1.0)
        kind = trial.suggest_categorical("kind", ["a", "b", "c"])
        seen.append({"x": x, "kind": kind})
        return x

    study.optimize(objective, n_trials=1)

    failed, retried = study.get_trials()
    assert failed.number == orphan.number and failed.state == TrialState.FAIL
    assert "heartbeat" in failed.system_attrs["fail_reason"]
    assert [(t.number, t.state) for t in recorder.calls] == [(orphan.number, TrialState.FAIL)]
    assert recorder.calls[0].params == orphan.params
    assert retried.state == TrialState.COMPLETE
    assert seen == [orphan.params] and retried.params == orphan.params
    assert RetryFailedTrialCallback.retried_trial_number(retried) == orphan.number
    assert RetryFailedTrialCallback.retry_history(retried) == [orphan.number]
    assert "fail_reason" not in retried.system_attrs


# --- who fails what ------------------------------------------------------------------------------
def test_a_live_trial_with_fresh_heartbeats_is_not_failed(
    url: str, open_storage: Callable[..., RDBStorage]
) -> None:
    name = _name()
    worker = open_storage(url, heartbeat_interval=0.1, grace_period=1.0)
    study = hyperscout.create_study(study_name=name, storage=worker)
    release = threading.Event()
    running = threading.Event()

    def objective(trial: Trial) -> float:
        running.set()
        assert release.wait(60)
        return 1.0

    thread = threading.Thread(target=study.optimize, args=(objective,), kwargs={"n_trials": 1})
    thread.start()
    try:
        assert running.wait(60)
        recorder = _Recorder()
        other = open_storage(
            url, heartbeat_interval=0.1, grace_period=1.0, failed_trial_callback=recorder
        )
        other_study = hyperscout.load_study(study_name=name, storage=other)
        (trial,) = other_study.get_trials()
        _wait_for(lambda: _heartbeat_count(other, trial.trial_id) == 1, "the first heartbeat")
        # Live for longer than the grace period: only its heartbeats keep it from being stale.
        time.sleep(2.0)
        fail_stale_trials(other_study)
        assert other.get_trial(trial.trial_id).state == TrialState.RUNNING
        assert recorder.calls == []
    finally:
        release.set()
        thread.join(60)
    assert [t.state for t in study.get_trials()] == [TrialState.COMPLETE]


def test_only_trials_with_an_old_heartbeat_are_failed(
    url: str, open_storage: Callable[..., RDBStorage]
) -> None:
    name = _name()
    storage = open_storage(url, heartbeat_interval=1, grace_period=2)
    study = hyperscout.create_study(study_name=name, storage=storage)
    dead = _started_dead_trial(study)
    fresh = study.ask()
    storage.record_heartbeat(fresh._trial_id)
    # Started by a worker without heartbeats: no row, never judged.
    no_heartbeat = study.ask()
    finished = _started_dead_trial(study)
    study.tell(finished, 1.0)

    assert storage._get_stale_trial_ids(study._study_id) == [dead._trial_id]
    fail_stale_trials(study)
    states = {t.trial_id: t.state for t in study.get_trials()}
    assert states == {
        dead._trial_id: TrialState.FAIL,
        fresh._trial_id: TrialState.RUNNING,
        no_heartbeat._trial_id: TrialState.RUNNING,
        finished._trial_id: TrialState.COMPLETE,
    }
    # A heartbeat for a finished trial is not stored (its thread may beat once after the end).
    storage.record_heartbeat(dead._trial_id)
    _age_heartbeats(storage, [fresh._trial_id])
    assert storage._get_stale_trial_ids(study._study_id) == [fresh._trial_id]


def test_racing_workers_fail_each_stale_trial_once(
    url: str, open_storage: Callable[..., RDBStorage]
) -> None:
    name = _name()
    setup = open_storage(url, heartbeat_interval=1)
    study = hyperscout.create_study(study_name=name, storage=setup)
    dead = [_started_dead_trial(study) for _ in range(6)]

    recorder = _Recorder(then=RetryFailedTrialCallback())
    workers = [
        open_storage(url, heartbeat_interval=1, failed_trial_callback=recorder) for _ in range(2)
    ]
    # Both workers list every stale trial before either fails one: the worst interleaving.
    barrier = threading.Barrier(2, timeout=60)
    for worker in workers:
        listed = worker._get_stale_trial_ids

        def list_then_wait(study_id: int, listed: Callable[[int], list[int]] = listed) -> list[int]:
            ids = listed(study_id)
            barrier.wait()
            return ids

        worker._get_stale_trial_ids = list_then_wait  # type: ignore[method-assign]
    studies = [hyperscout.load_study(study_name=name, storage=w) for w in workers]
    errors: list[BaseException] = []

    def run(s: Study) -> None:
        try:
            fail_stale_trials(s)
        except BaseException as err:  # reported below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(s,)) for s in studies]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []

    numbers = sorted(t.number for t in recorder.calls)
    assert numbers == sorted(t.number for t in dead)
    trials = study.get_trials()
    assert [t.state for t in trials[:6]] == [TrialState.FAIL] * 6
    retries = trials[6:]
    assert [t.state for t in retries] == [TrialState.WAITING] * 6  # one retry each
    retried = [RetryFailedTrialCallback.retried_trial_number(t) for t in retries]
    assert sorted(n for n in retried if n is not None) == numbers


# --- the heartbeat thread ------------------------------------------------------------------------
def _heartbeat_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("hyperscout-heartbeat-")]


class _CountingStorage(RDBStorage):
    """Counts record_heartbeat calls per trial id."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.beats: dict[int, int] = {}

    def record_heartbeat(self, trial_id: int) -> None:
        super().record_heartbeat(trial_id)
        self.beats[trial_id] = self.beats.get(trial_id, 0) + 1


@pytest.mark.parametrize("ending", ["complete", "pruned", "raised", "interrupted"])
def test_the_heartbeat_thread_beats_while_the_objective_runs_and_stops_after(
    url: str, open_storages: list[RDBStorage], ending: str
) -> None:
    storage = _CountingStorage(url, heartbeat_interval=0.05)
    open_storages.append(storage)
    study = hyperscout.create_study(storage=storage)
    before = _heartbeat_threads()

    def objective(trial: Trial) -> float:
        assert len(_heartbeat_threads()) == len(before) + 1
        # Several beats, one per interval, while the objective runs.
        _wait_for(lambda: storage.beats.get(trial._trial_id, 0) >= 3, "three heartbeats")
        if ending == "pruned":
            raise TrialPruned()
        if ending == "raised":
            raise ValueError("objective failed")
        if ending == "interrupted":
            raise KeyboardInterrupt
        return 1.0

    if ending == "interrupted":
        with pytest.raises(KeyboardInterrupt):
            study.optimize(objective, n_trials=1)
    else:
        study.optimize(objective, n_trials=1, catch=(ValueError,))
    expected = {
        "complete": TrialState.COMPLETE,
        "pruned": TrialState.PRUNED,
        "raised": TrialState.FAIL,
        "interrupted": TrialState.FAIL,
    }[ending]
    (trial,) = study.get_trials()
    assert trial.state == expected
    assert _heartbeat_threads() == before  # stopped and joined, not left behind
    beats = storage.beats[trial.trial_id]
    time.sleep(0.2)  # four intervals: a thread left running would beat again
    assert storage.beats[trial.trial_id] == beats


def test_heartbeats_with_worker_threads(url: str, open_storages: list[RDBStorage]) -> None:
    storage = _CountingStorage(url, heartbeat_interval=0.05)
    open_storages.append(storage)
    study = hyperscout.create_study(storage=storage)
    before = _heartbeat_threads()

    def objective(trial: Trial) -> float:
        _wait_for(lambda: storage.beats.get(trial._trial_id, 0) >= 2, "two heartbeats")
        return trial.suggest_float("x", 0.0, 1.0)

    study.optimize(objective, n_trials=6, n_jobs=2)
    trials = study.get_trials()
    assert [t.state for t in trials] == [TrialState.COMPLETE] * 6
    assert all(storage.beats[t.trial_id] >= 2 for t in trials)
    assert _heartbeat_threads() == before


# --- GridSampler ---------------------------------------------------------------------------------
@pytest.mark.parametrize("retry", [True, False])
def test_a_crashed_grid_point_runs_once_more_only_when_retried(
    url: str, open_storage: Callable[..., RDBStorage], retry: bool
) -> None:
    """GridSampler does not rerun a failed point by itself; RetryFailedTrialCallback enqueues it,
    and then it runs exactly once more."""
    space = {"x": [1, 2, 3], "y": ["a", "b"]}
    name = _name()
    crashed_storage = open_storage(url, heartbeat_interval=1)
    crashed = hyperscout.create_study(
        study_name=name, storage=crashed_storage, sampler=GridSampler(space, seed=0)
    )
    trial = crashed.ask()  # claims a grid point, then its worker dies
    point = (trial.suggest_categorical("x", [1, 2, 3]), trial.suggest_categorical("y", ["a", "b"]))
    crashed_storage.record_heartbeat(trial._trial_id)
    _age_heartbeats(crashed_storage, [trial._trial_id])

    callback = RetryFailedTrialCallback() if retry else None
    storage = open_storage(url, heartbeat_interval=1, failed_trial_callback=callback)
    study = hyperscout.load_study(study_name=name, storage=storage, sampler=GridSampler(space, 0))
    runs: list[tuple[int, str]] = []

    def objective(t: Trial) -> float:
        runs.append((t.suggest_categorical("x", [1, 2, 3]), t.suggest_categorical("y", ["a", "b"])))
        return 0.0

    study.optimize(objective, n_trials=20)  # stops when the grid is used up

    trials = study.get_trials()
    assert trials[0].state == TrialState.FAIL
    all_points = {(x, y) for x in space["x"] for y in space["y"]}
    if retry:
        assert runs[0] == point  # the retry is the first trial the new worker asks for
        assert sorted(runs) == sorted(all_points)  # each point once, the crashed one included
        assert len(trials) == 7
    else:
        assert point not in runs
        assert sorted(runs) == sorted(all_points - {point})
        assert len(trials) == 6


# --- storage details ---------------------------------------------------------------------------
def test_heartbeat_settings_survive_pickling(url: str, open_storages: list[RDBStorage]) -> None:
    storage = RDBStorage(
        url,
        heartbeat_interval=3,
        grace_period=10,
        failed_trial_callback=RetryFailedTrialCallback(2),
    )
    copy = pickle.loads(pickle.dumps(storage))
    open_storages.extend([storage, copy])
    assert copy.get_heartbeat_interval() == 3
    assert copy.grace_period == 10
    assert isinstance(copy.get_failed_trial_callback(), RetryFailedTrialCallback)


def test_deleting_a_study_deletes_its_heartbeats(
    url: str, open_storage: Callable[..., RDBStorage]
) -> None:
    storage = open_storage(url, heartbeat_interval=1)
    study = hyperscout.create_study(study_name=_name(), storage=storage)
    trial = _started_dead_trial(study)
    hyperscout.delete_study(study_name=study.study_name, storage=storage)
    assert _heartbeat_count(storage, trial._trial_id) == 0


@pytest.mark.postgres
@pytest.mark.skipif(_PG_REASON is not None, reason=_PG_REASON or "")
def test_postgres_workers_in_other_time_zones_agree_on_heartbeat_age(
    open_storage: Callable[..., RDBStorage],
) -> None:
    url = POSTGRES_URL

    def in_zone(zone: str) -> RDBStorage:
        kwargs = {"connect_args": {"options": f"-c TimeZone={zone}"}}
        return open_storage(url, engine_kwargs=kwargs, heartbeat_interval=1, grace_period=60)

    east, west = in_zone("Pacific/Kiritimati"), in_zone("Pacific/Pago_Pago")  # UTC+14, UTC-11
    study = hyperscout.create_study(study_name=_name(), storage=east)
    trial = study.ask()
    east.record_heartbeat(trial._trial_id)
    assert west._get_stale_trial_ids(study._study_id) == []
    assert east._get_stale_trial_ids(study._study_id) == []
    west.record_heartbeat(trial._trial_id)
    assert east._get_stale_trial_ids(study._study_id) == []


# --- storages without heartbeats -----------------------------------------------------------------
def test_in_memory_storage_has_no_heartbeats() -> None:
    storage = InMemoryStorage()
    assert storage.get_heartbeat_interval() is None
    assert storage.get_failed_trial_callback() is None
    with pytest.raises(NotImplementedError, match="InMemoryStorage does not record heartbeats"):
        storage.record_heartbeat(0)
    study = hyperscout.create_study(storage=storage)
    running = study.ask()
    fail_stale_trials(study)  # a no-op, as in Optuna
    assert study.get_trials()[0].state == TrialState.RUNNING

    def objective(trial: Trial) -> float:
        assert _heartbeat_threads() == []
        return trial.suggest_float("x", 0, 1)

    study.tell(running, 0.5)
    study.optimize(objective, n_trials=3)
    assert [t.state for t in study.get_trials()] == [TrialState.COMPLETE] * 4


def test_sql_storage_without_heartbeat_interval_fails_nothing(
    url: str, open_storage: Callable[..., RDBStorage]
) -> None:
    storage = open_storage(url)
    assert storage.get_heartbeat_interval() is None
    study = hyperscout.create_study(study_name=_name(), storage=storage)
    _started_dead_trial(study)  # an old heartbeat, but this storage does not judge them
    assert storage._get_stale_trial_ids(study._study_id) == []
    fail_stale_trials(study)
    assert study.get_trials()[0].state == TrialState.RUNNING


# --- arguments -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"heartbeat_interval": 0},
            ValueError,
            "heartbeat_interval must be .* > 0, got heartbeat_interval=0$",
        ),
        ({"heartbeat_interval": -1.5}, ValueError, r"got heartbeat_interval=-1\.5$"),
        ({"heartbeat_interval": True}, ValueError, "got heartbeat_interval=True$"),
        ({"heartbeat_interval": "60"}, ValueError, "got heartbeat_interval='60'$"),
        ({"heartbeat_interval": float("nan")}, ValueError, "got heartbeat_interval=nan$"),
        ({"heartbeat_interval": float("inf")}, ValueError, "got heartbeat_interval=inf$"),
        (
            {"heartbeat_interval": 1, "grace_period": 0},
            ValueError,
            "grace_period must be .* > 0, got grace_period=0$",
        ),
        ({"heartbeat_interval": 1, "grace_period": -3}, ValueError, "got grace_period=-3$"),
        (
            {"heartbeat_interval": 10, "grace_period": 10},
            ValueError,
            "grace_period must be greater than heartbeat_interval .* got grace_period=10 and heartbeat_interval=10",
        ),
        (
            {"heartbeat_interval": 1, "failed_trial_callback": 3},
            TypeError,
            "failed_trial_callback must be None or a callable .* got failed_trial_callback=3$",
        ),
        (
            {
                "heartbeat_interval": 1,
                "failed_trial_callback": RetryFailedTrialCallback(),
                "heartbeat_stale_trial_callback": RetryFailedTrialCallback(),
            },
            ValueError,
            "not both",
        ),
        (
            {"heartbeat_interval": 1, "read_only": True},
            ValueError,
            "read_only storage cannot record heartbeats",
        ),
    ],
)
def test_bad_heartbeat_arguments_are_refused(tmp_path, kwargs, error, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        RDBStorage(f"sqlite:///{tmp_path / 'bad.db'}", **kwargs)
    assert not (tmp_path / "bad.db").exists()  # refused before anything was created


def test_grace_period_without_heartbeat_interval_warns(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.warns(UserWarning, match="do nothing without heartbeat_interval"):
        storage = RDBStorage(f"sqlite:///{tmp_path / 'a.db'}", grace_period=10)
    storage.close()


def test_optuna_names_and_defaults(tmp_path) -> None:  # type: ignore[no-untyped-def]
    callback = RetryHeartbeatStaleTrialCallback(max_retry=1)
    assert isinstance(callback, RetryFailedTrialCallback)
    storage = RDBStorage(
        f"sqlite:///{tmp_path / 'a.db'}",
        heartbeat_interval=2,
        heartbeat_stale_trial_callback=callback,
    )
    try:
        assert storage.get_failed_trial_callback() is callback
        assert storage.get_heartbeat_stale_trial_callback() is callback
        assert storage.grace_period is None  # 2 * heartbeat_interval, as in Optuna
    finally:
        storage.close()
    with pytest.raises(ValueError, match="max_retry must be None or an int >= 0, got max_retry=-1"):
        RetryFailedTrialCallback(max_retry=-1)


# --- RetryFailedTrialCallback --------------------------------------------------------------------
def test_retry_callback_follows_optuna(url: str, open_storage: Callable[..., RDBStorage]) -> None:
    storage = open_storage(url, heartbeat_interval=1)
    study = hyperscout.create_study(study_name=_name(), storage=storage)
    first = study.ask()
    first.suggest_float("x", 0.0, 1.0)
    first.set_user_attr("owner", "me")
    first.report(0.5, step=1)
    study.tell(first, state=TrialState.FAIL)
    callback = RetryFailedTrialCallback(max_retry=2, inherit_intermediate_values=True)

    failed = study.get_trials()[0]
    numbers = [failed.number]
    for _ in range(3):
        callback(study, failed)
        waiting = study.get_trials(states=(TrialState.WAITING,))
        if not waiting:
            break
        (retry,) = waiting
        assert retry.params == failed.params
        assert retry.user_attrs == {"owner": "me"}
        assert retry.intermediate_values == {1: 0.5}
        assert RetryFailedTrialCallback.retried_trial_number(retry) == 0
        assert RetryFailedTrialCallback.retry_history(retry) == numbers
        # The retry runs and fails in its turn.
        live = study.ask()
        assert live.number == retry.number
        study.tell(live, state=TrialState.FAIL)
        failed = study.get_trials()[-1]
        numbers.append(failed.number)
    # max_retry=2: the original and two retries, then no more.
    assert numbers == [0, 1, 2]
    assert study.get_trials(states=(TrialState.WAITING,)) == []
    assert RetryFailedTrialCallback.retried_trial_number(study.get_trials()[0]) is None
    assert RetryFailedTrialCallback.retry_history(study.get_trials()[0]) == []
