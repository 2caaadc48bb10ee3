"""optimize_in_processes / optimize_with_dask: trials in worker processes on one SQL storage."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator

import pytest

import hyperscout
from hyperscout.parallel import optimize_in_processes, optimize_with_dask
from hyperscout.parallel._processes import _SharedCounter
from hyperscout.samplers import GridSampler, RandomSampler
from hyperscout.testing import POSTGRES_URL, postgres_unavailable_reason
from hyperscout.testing import _objectives as objectives
from hyperscout.trial import TrialState

_PG_REASON = postgres_unavailable_reason()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(_PG_REASON is not None, reason=_PG_REASON or ""),
            ],
        ),
    ]
)
def url(request, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A database URL every process can open: an SQLite file, or the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tuning.db'}"
    else:
        yield POSTGRES_URL


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite:///{tmp_path / 'tuning.db'}"


def _new_study(url: str, sampler: hyperscout.samplers.BaseSampler | None = None):  # type: ignore[no-untyped-def]
    name = f"processes-{uuid.uuid4().hex[:12]}"
    return hyperscout.create_study(study_name=name, storage=url, sampler=sampler)


def _cleanup(study) -> None:  # type: ignore[no-untyped-def]
    hyperscout.delete_study(study_name=study.study_name, storage=study._storage)


def test_two_workers_run_exactly_n_trials_with_distinct_streams(url: str) -> None:
    study = _new_study(url, RandomSampler(seed=0))
    try:
        optimize_in_processes(study, objectives.quadratic_with_pid, n_trials=12, n_workers=2)
        trials = study.trials
        assert len(trials) == 12
        assert all(t.state == TrialState.COMPLETE for t in trials)
        pids = {t.user_attrs["pid"] for t in trials}
        assert len(pids) == 2
        assert os.getpid() not in pids
        # Same seed in both workers, but each on its own stream: no point proposed twice.
        assert len({(t.params["x"], t.params["n"]) for t in trials}) == 12
    finally:
        _cleanup(study)


def test_total_never_exceeds_n_trials_with_fast_objective(sqlite_url: str) -> None:
    study = _new_study(sqlite_url)
    optimize_in_processes(study, objectives.fast, n_trials=30, n_workers=3)
    assert len(study.trials) == 30
    assert {t.number for t in study.trials} == set(range(30))
    assert all(t.state == TrialState.COMPLETE for t in study.trials)


def test_fork_start_method_runs_the_trials(sqlite_url: str) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("this platform has no fork start method")
    study = _new_study(sqlite_url)
    study.optimize(objectives.fast, n_trials=2)  # the parent's engine exists before the fork
    optimize_in_processes(study, objectives.fast, n_trials=6, n_workers=2, start_method="fork")
    assert len(study.trials) == 8
    assert all(t.state == TrialState.COMPLETE for t in study.trials)


def test_shared_counter_hands_out_exactly_limit_tickets_to_racing_threads() -> None:
    budget = _SharedCounter(multiprocessing.get_context("spawn").Array("q", 2), limit=50)
    granted: list[bool] = []
    lock = threading.Lock()

    def grab() -> None:
        mine = [budget.take() for _ in range(40)]
        with lock:
            granted.extend(mine)

    threads = [threading.Thread(target=grab) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(granted) == 50
    budget.halt()
    assert _SharedCounter(budget._values, limit=None).take() is False


def test_workers_limit_blas_threads_to_their_share(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test runs with OMP_NUM_THREADS=1, so BLAS starts with 1 thread; the worker's limit is
    # what sets it to the share (forced here to 3 by the documented override).
    monkeypatch.setenv("HYPERSCOUT_NATIVE_THREADS", "3")
    study = _new_study(sqlite_url)
    optimize_in_processes(study, objectives.records_native_threads, n_trials=4, n_workers=2)
    assert [t.user_attrs["blas_threads"] for t in study.trials] == [[3]] * 4


def test_grid_runs_each_point_once_across_workers(sqlite_url: str) -> None:
    sampler = GridSampler({"a": [0, 1, 2], "b": [0, 1, 2, 3]}, seed=1)
    study = _new_study(sqlite_url, sampler)
    optimize_in_processes(study, objectives.grid_point, n_workers=2)
    trials = study.trials
    assert len(trials) == 12
    assert {(t.params["a"], t.params["b"]) for t in trials} == {
        (a, b) for a in range(3) for b in range(4)
    }
    assert all(t.state == TrialState.COMPLETE for t in trials)


def test_timeout_stops_the_workers(sqlite_url: str) -> None:
    # No n_trials: only the timeout can end this call. However slow the workers are to start
    # (a loaded machine), the call runs at least one trial and leaves none running.
    study = _new_study(sqlite_url)
    optimize_in_processes(study, objectives.sleepy, timeout=1.0, n_workers=2)
    trials = study.trials
    assert len(trials) >= 1
    assert all(t.state == TrialState.COMPLETE for t in trials)  # none left RUNNING


def test_a_timeout_shorter_than_the_start_up_runs_exactly_one_trial(sqlite_url: str) -> None:
    # Starting a spawned worker takes far longer than a millisecond on any machine, so every
    # ticket is asked for past the deadline: only the first trial of the call may run.
    study = _new_study(sqlite_url)
    optimize_in_processes(study, objectives.sleepy, timeout=0.001, n_workers=2)
    trials = study.trials
    assert len(trials) == 1
    assert trials[0].state == TrialState.COMPLETE


def test_shared_counter_past_the_deadline_grants_only_the_first_ticket() -> None:
    budget = _SharedCounter(multiprocessing.get_context("spawn").Array("q", 2), limit=None)
    assert budget.take(first_only=True) is True
    assert budget.take(first_only=True) is False
    assert budget.take() is True


def test_caught_exceptions_fail_the_trial_and_the_workers_go_on(sqlite_url: str) -> None:
    study = _new_study(sqlite_url, RandomSampler(seed=5))
    optimize_in_processes(
        study, objectives.fails_below_half, n_trials=10, n_workers=2, catch=(ValueError,)
    )
    trials = study.trials
    assert len(trials) == 10
    for t in trials:
        expected = TrialState.FAIL if t.params["x"] < 0.5 else TrialState.COMPLETE
        assert t.state == expected


def test_uncaught_exception_is_stored_as_fail_and_reraised(sqlite_url: str) -> None:
    study = _new_study(sqlite_url)
    with pytest.raises(objectives.ObjectiveError, match="trial 2 fails on purpose"):
        optimize_in_processes(study, objectives.fails_on_third, n_trials=20, n_workers=2)
    trials = study.trials
    failed = [t for t in trials if t.state == TrialState.FAIL]
    assert [t.number for t in failed] == [2]
    assert "ObjectiveError" in failed[0].system_attrs["fail_reason"]
    # The other worker finished its running trial and stopped: nothing left running, and the
    # budget was not used up.
    assert all(t.state != TrialState.RUNNING for t in trials)
    assert len(trials) < 20


def test_keyboard_interrupt_stops_the_workers_and_fails_their_trials(sqlite_url: str) -> None:
    # When the test run itself was started as a background job, SIGINT is ignored in this
    # process; at a terminal a Ctrl-C raises KeyboardInterrupt, so give the test that handler.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        study = _new_study(sqlite_url)

        def interrupt_when_both_run() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if len(study.get_trials(states=(TrialState.RUNNING,))) == 2:
                    os.kill(os.getpid(), signal.SIGINT)  # this process only, as a Ctrl-C would
                    return
                time.sleep(0.05)

        threading.Thread(target=interrupt_when_both_run, daemon=True).start()
        with pytest.raises(KeyboardInterrupt):
            optimize_in_processes(study, objectives.sleeps_long, n_trials=4, n_workers=2)
        trials = study.trials
        assert len(trials) == 2
        assert all(t.state == TrialState.FAIL for t in trials)
        assert {t.system_attrs["fail_reason"] for t in trials} == {"interrupted by KeyboardInterrupt"}
    finally:
        signal.signal(signal.SIGINT, previous)


def _kill_a_worker_when_both_run(study, killed: list[int]) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL the worker of one running trial once both workers are in the middle of one."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        running = study.get_trials(states=(TrialState.RUNNING,))
        pids = [t.user_attrs.get("pid") for t in running]
        if len(running) == 2 and all(pids):
            killed.append(pids[0])
            os.kill(pids[0], signal.SIGKILL)
            return
        time.sleep(0.05)


def test_a_killed_worker_fails_its_trial_and_the_others_go_on(sqlite_url: str) -> None:
    study = _new_study(sqlite_url)
    killed: list[int] = []
    watcher = threading.Thread(target=_kill_a_worker_when_both_run, args=(study, killed))
    watcher.start()
    with pytest.warns(
        UserWarning, match=r"killed by signal 9 \(SIGKILL\) while running trial"
    ) as got:
        optimize_in_processes(study, objectives.records_pid_and_sleeps, n_trials=6, n_workers=2)
    assert any("a new worker process took its place" in str(w.message) for w in got)
    watcher.join()
    assert len(killed) == 1
    trials = study.trials
    assert len(trials) == 6  # the budget was used up: the dead worker was replaced
    failed = [t for t in trials if t.state != TrialState.COMPLETE]
    assert len(failed) == 1  # the trial the killed worker was running
    dead = failed[0]
    assert dead.state == TrialState.FAIL and dead.user_attrs["pid"] == killed[0]
    assert "killed by signal 9 (SIGKILL)" in dead.system_attrs["fail_reason"]
    assert "__main__" not in dead.system_attrs["fail_reason"]
    # Every other trial, including the one the survivor was running at the kill, completed.


def test_a_worker_that_cannot_start_names_the_main_guard(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A script without `if __name__ == "__main__":`: each spawned worker re-runs it and dies
    # while starting; the error says why.
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import hyperscout\n"
        "from hyperscout.parallel import optimize_in_processes\n"
        "from hyperscout.testing._objectives import fast\n"
        f"study = hyperscout.create_study(storage='sqlite:///{tmp_path / 'u.db'}',\n"
        "                                 study_name='u', load_if_exists=True)\n"
        "optimize_in_processes(study, fast, n_trials=2, n_workers=1)\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "BrokenProcessPool" in done.stderr
    assert "__name__ == '__main__'" in done.stderr


def test_in_memory_storage_is_rejected_with_the_rule() -> None:
    study = hyperscout.create_study()
    with pytest.raises(ValueError, match=r"SQL storage.*InMemoryStorage"):
        optimize_in_processes(study, objectives.fast, n_trials=2)
    study = hyperscout.create_study(storage="sqlite:///:memory:")
    with pytest.raises(ValueError, match=r"sqlite:///:memory:"):
        optimize_in_processes(study, objectives.fast, n_trials=2)


def test_unpicklable_objective_is_rejected_before_any_process_starts(sqlite_url: str) -> None:
    study = _new_study(sqlite_url)
    with pytest.raises(ValueError, match="lambdas, closures.*module level"):
        optimize_in_processes(study, lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    assert study.trials == []


@pytest.mark.parametrize("n_workers", [0, -2, 1.5, True])
def test_bad_n_workers_is_echoed(sqlite_url: str, n_workers: object) -> None:
    study = _new_study(sqlite_url)
    with pytest.raises(ValueError, match=f"n_workers={n_workers!r}"):
        optimize_in_processes(study, objectives.fast, n_trials=2, n_workers=n_workers)  # type: ignore[arg-type]


def test_bad_start_method_and_n_trials_are_echoed(sqlite_url: str) -> None:
    study = _new_study(sqlite_url)
    with pytest.raises(ValueError, match="start_method='thread'"):
        optimize_in_processes(study, objectives.fast, n_trials=2, start_method="thread")
    with pytest.raises(ValueError, match="n_trials=-1"):
        optimize_in_processes(study, objectives.fast, n_trials=-1)


@pytest.fixture(scope="module")
def dask_client():  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip(
        "distributed", reason='Dask is not installed (pip install "hyperscout[dask]")'
    )
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_dask_local_cluster_runs_exactly_n_trials(sqlite_url: str, dask_client) -> None:  # type: ignore[no-untyped-def]
    study = _new_study(sqlite_url, RandomSampler(seed=0))
    optimize_with_dask(study, objectives.quadratic_with_pid, dask_client, n_trials=12)
    trials = study.trials
    assert len(trials) == 12
    assert all(t.state == TrialState.COMPLETE for t in trials)
    assert len({t.user_attrs["pid"] for t in trials}) == 2
    assert len({(t.params["x"], t.params["n"]) for t in trials}) == 12


def test_dask_reraises_an_uncaught_exception_with_its_type(sqlite_url: str, dask_client) -> None:  # type: ignore[no-untyped-def]
    study = _new_study(sqlite_url)
    with pytest.raises(objectives.ObjectiveError, match="trial 2 fails on purpose"):
        optimize_with_dask(study, objectives.fails_on_third, dask_client, n_trials=20)
    trials = study.trials
    assert [t.number for t in trials if t.state == TrialState.FAIL] == [2]
    assert all(t.state != TrialState.RUNNING for t in trials)
    assert len(trials) < 20


def test_dask_accepts_a_lambda_and_checks_the_storage(sqlite_url: str, dask_client) -> None:  # type: ignore[no-untyped-def]
    study = _new_study(sqlite_url)
    optimize_with_dask(study, lambda t: t.suggest_float("x", 0, 1), dask_client, n_trials=3)
    assert len(study.trials) == 3
    with pytest.raises(ValueError, match="InMemoryStorage"):
        optimize_with_dask(hyperscout.create_study(), objectives.fast, dask_client, n_trials=3)
    with pytest.raises(ValueError, match="n_workers=0"):
        optimize_with_dask(study, objectives.fast, dask_client, n_trials=3, n_workers=0)


@pytest.mark.timeout(240)
def test_dask_tasks_do_not_outlive_a_failed_call(sqlite_url: str) -> None:
    # After a call that raised, kill the Dask worker that holds the result of the task that
    # finished, while the caller still holds the error (as a notebook or pytest.raises does).
    # A task that outlived its call would be recomputed on the other worker and block there
    # on the call's deleted counter, and the next call would hang (the timeout mark fails it).
    distributed = pytest.importorskip(
        "distributed", reason='Dask is not installed (pip install "hyperscout[dask]")'
    )
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        study = _new_study(sqlite_url)
        with pytest.raises(objectives.ObjectiveError) as failed_call:
            optimize_with_dask(study, objectives.fails_on_third, client, n_trials=20)
        failed = [t for t in study.trials if t.state == TrialState.FAIL]
        failed_pid = int(failed[0].system_attrs["hyperscout:worker"].split(":")[1])
        pids = set(client.run(os.getpid).values())
        assert failed_pid in pids and len(pids) == 2
        before = len(study.trials)
        holder = (pids - {failed_pid}).pop()  # ran the task that finished without error
        os.kill(holder, signal.SIGKILL)
        while len(client.nthreads()) != 1:  # the scheduler notices the death
            time.sleep(0.1)
        time.sleep(1.0)  # time to reschedule whatever it still wants to compute
        optimize_with_dask(study, objectives.fast, client, n_trials=4)
        assert failed_call.value is not None  # the error (and its traceback) were kept alive
        trials = study.trials
        assert len(trials) == before + 4
        assert all(t.state != TrialState.RUNNING for t in trials)


def test_sigterm_to_one_worker_fails_its_trial_and_the_others_go_on(sqlite_url: str) -> None:
    study = _new_study(sqlite_url)
    terminated: list[int] = []

    def terminate_one() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            running = study.get_trials(states=(TrialState.RUNNING,))
            pids = [t.user_attrs.get("pid") for t in running]
            if len(running) == 2 and all(pids):
                terminated.append(pids[0])
                os.kill(pids[0], signal.SIGTERM)
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=terminate_one)
    watcher.start()
    with pytest.warns(UserWarning, match="was terminated by SIGTERM"):
        optimize_in_processes(study, objectives.records_pid_and_sleeps, n_trials=4, n_workers=2)
    watcher.join()
    trials = study.trials
    failed = [t for t in trials if t.state != TrialState.COMPLETE]
    assert len(failed) == 1  # the trial the terminated worker was running; the rest completed
    assert failed[0].state == TrialState.FAIL and failed[0].user_attrs["pid"] == terminated[0]
    assert failed[0].system_attrs["fail_reason"] == "interrupted by SIGTERM"
    assert len(trials) == 4  # the other worker used the rest of the budget
