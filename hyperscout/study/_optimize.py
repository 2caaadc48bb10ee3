"""The optimize loop: run trials sequentially or on worker threads, never losing a result."""

from __future__ import annotations

import gc
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any

from hyperscout import _warnings
from hyperscout._checks import check_optimize_arguments
from hyperscout._progress import progress_bar
from hyperscout._signals import Terminated, sigterm_stops
from hyperscout._thread_limits import limit_native_threads
from hyperscout.exceptions import (
    InvalidTypeError,
    InvalidUsageError,
    SearchSpaceExhausted,
    TrialPruned,
    UpdateFinishedTrialError,
)
from hyperscout.logging import get_logger
from hyperscout.storages._heartbeat import (
    fail_stale_trials,
    first_beat_on_creation,
    is_heartbeat_enabled,
)
from hyperscout.study._heartbeat import heartbeat
from hyperscout.study._tell import tell
from hyperscout.study._values import (
    FAIL_REASON_KEY,
    OBJECTIVE_SECONDS_KEY,
    SAMPLER_SECONDS_KEY,
    STORAGE_SECONDS_KEY,
    WORKER_KEY,
    check_objective_values,
)
from hyperscout.trial import FrozenTrial, Trial, TrialState

if TYPE_CHECKING:
    from hyperscout.study._study import ObjectiveFuncType, Study

_logger = get_logger("hyperscout.study")
_HOST = socket.gethostname()


_TERMINATED = "hyperscout: terminated by SIGTERM; the running trials were stored as FAIL"


def _interrupt_reason(exc: BaseException) -> str:
    if isinstance(exc, Terminated):
        return "interrupted by SIGTERM"
    return "interrupted by KeyboardInterrupt"


class _Budget:
    """Hands out trial slots to workers until n_trials, timeout or a stop."""

    def __init__(self, study: Study, n_trials: int | None, timeout: float | None) -> None:
        self._study = study
        self._remaining = n_trials
        self._deadline = None if timeout is None else time.monotonic() + float(timeout)
        self._lock = threading.Lock()
        self.exhausted = False

    def take(self) -> bool:
        with self._lock:
            if self._study._stop_flag or self.exhausted:
                return False
            if self._deadline is not None and time.monotonic() >= self._deadline:
                return False
            if self._remaining is not None:
                if self._remaining <= 0:
                    return False
                self._remaining -= 1
            return True


def run_optimize(
    study: Study,
    func: ObjectiveFuncType,
    *,
    n_trials: int | None,
    timeout: float | None,
    n_jobs: int,
    catch: Iterable[type[Exception]] | type[Exception],
    callbacks: Iterable[Callable[[Study, FrozenTrial], None]] | None,
    gc_after_trial: bool,
    show_progress_bar: bool,
) -> None:
    if not callable(func):
        raise InvalidTypeError(f"the objective must be callable, got {func!r}")
    n_jobs, catch_tuple = check_optimize_arguments(n_trials, timeout, n_jobs, catch)
    if study._optimizing:
        raise InvalidUsageError("Study.optimize cannot be called again from inside an objective")
    callback_list = list(callbacks or [])
    budget = _Budget(study, n_trials, timeout)
    bar = progress_bar(show_progress_bar, n_trials, timeout)
    running: dict[int, Trial] = {}
    running_lock = threading.Lock()
    study._stop_flag = False
    study._optimizing = True

    def one_trial(worker: str) -> None:
        trial = _run_trial(study, func, catch_tuple, worker, running, running_lock, budget)
        if trial is None:
            return
        for callback in callback_list:
            callback(study, trial)
        if bar is not None:
            bar.update(1)
            if trial.state == TrialState.COMPLETE and len(study.directions) == 1:
                try:
                    bar.set_postfix_str(f"best {study.best_value:.6g}", refresh=False)
                except ValueError:
                    pass
        if gc_after_trial:
            gc.collect()

    try:
        with sigterm_stops(_TERMINATED):
            if n_jobs == 1:
                worker = f"{_HOST}:{os.getpid()}:0"
                try:
                    while budget.take():
                        one_trial(worker)
                except (KeyboardInterrupt, Terminated) as exc:
                    # Interrupted outside the objective (sampler, storage): fail the trial too.
                    _fail_running(study, running, running_lock, _interrupt_reason(exc))
                    raise
            else:
                _run_threads(n_jobs, budget, one_trial, study, running, running_lock)
    finally:
        study._optimizing = False
        study._stop_flag = False
        if bar is not None:
            bar.close()


def _run_threads(
    n_jobs: int,
    budget: _Budget,
    one_trial: Callable[[str], None],
    study: Study,
    running: dict[int, Trial],
    running_lock: threading.Lock,
) -> None:
    def worker_loop(index: int) -> None:
        worker = f"{_HOST}:{os.getpid()}:{index}"
        with limit_native_threads(n_jobs):
            while budget.take():
                one_trial(worker)

    pool = ThreadPoolExecutor(max_workers=n_jobs, thread_name_prefix="hyperscout")
    futures = [pool.submit(worker_loop, i) for i in range(n_jobs)]
    try:
        done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        for f in done:
            if f.exception() is not None:
                study._stop_flag = True  # the others finish their trial and stop
        wait(futures)
        for f in futures:
            f.result()  # re-raise the first error
    except (KeyboardInterrupt, Terminated) as exc:
        study._stop_flag = True
        _fail_running(study, running, running_lock, _interrupt_reason(exc))
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _fail_running(
    study: Study, running: dict[int, Trial], lock: threading.Lock, reason: str
) -> None:
    with lock:
        trials = list(running.values())
    for trial in trials:
        try:
            study._storage.set_trial_state_values(
                trial._trial_id, TrialState.FAIL, system_attrs={FAIL_REASON_KEY: reason}
            )
        except UpdateFinishedTrialError:
            pass


def _run_trial(
    study: Study,
    func: ObjectiveFuncType,
    catch: tuple[type[BaseException], ...],
    worker: str,
    running: dict[int, Trial],
    running_lock: threading.Lock,
    budget: _Budget,
) -> FrozenTrial | None:
    if is_heartbeat_enabled(study._storage):
        # Trials of dead workers are failed (and maybe enqueued again) before we ask for ours.
        fail_stale_trials(study)
    try:
        with first_beat_on_creation():  # no gap before the heartbeat thread's first beat
            trial = study.ask()
    except SearchSpaceExhausted:
        budget.exhausted = True
        return None
    with running_lock:
        running[trial._trial_id] = trial

    state = TrialState.FAIL
    values: Any = None
    reason: str | None = None
    error: BaseException | None = None
    library_before = trial._sampler_seconds + trial._storage_seconds
    start = time.perf_counter()
    try:
        # The heartbeat thread is stopped and joined when the objective ends, however it ends.
        with heartbeat(study, trial._trial_id):
            raw = func(trial)
    except TrialPruned as exc:
        state = TrialState.PRUNED
        reason = str(exc) or None
    except Exception as exc:
        error = exc
        reason = f"{type(exc).__name__}: {exc}"
    except (KeyboardInterrupt, Terminated) as exc:
        error = exc
        reason = _interrupt_reason(exc)
    else:
        values, problem = check_objective_values(raw, len(study.directions))
        if problem is None:
            state = TrialState.COMPLETE
        else:
            _warnings.warn(f"trial {trial.number} failed: {problem}")
            reason = problem
    # The objective's own time: what remains after the library's share inside its suggest calls.
    library_during = trial._sampler_seconds + trial._storage_seconds - library_before
    objective_seconds = time.perf_counter() - start - library_during

    attrs: dict[str, Any] = {
        OBJECTIVE_SECONDS_KEY: max(0.0, objective_seconds),
        WORKER_KEY: worker,
    }
    if reason is not None and state == TrialState.FAIL:
        attrs[FAIL_REASON_KEY] = reason
    try:
        attrs[SAMPLER_SECONDS_KEY] = trial._sampler_seconds
        attrs[STORAGE_SECONDS_KEY] = trial._storage_seconds
        frozen = tell(
            study,
            trial,
            values if state == TrialState.COMPLETE else None,
            state,
            skip_if_finished=True,
            system_attrs=attrs,
        )
    finally:
        with running_lock:
            running.pop(trial._trial_id, None)

    if error is not None:
        if isinstance(error, (KeyboardInterrupt, Terminated)) or not isinstance(error, catch):
            raise error
        _logger.warning(
            f"Trial {frozen.number} failed because of {reason}; the study goes on (caught)."
        )
    return frozen
