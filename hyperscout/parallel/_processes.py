"""Run the trials of one study in several processes on one machine.

Each worker process opens the study from its SQL storage and runs ``Study.optimize`` with one
job; the storage is the only thing the workers share for the trials themselves. A small shared
counter (the *budget*) hands out one ticket per trial, so that ``n_trials`` is a total across
workers and is never exceeded: a worker takes a ticket before its first trial and after each
trial (in a callback that runs after the user's callbacks), and stops when it gets none.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from hyperscout.parallel._threads import cpu_count, limit_native_threads, threads_per_worker

if TYPE_CHECKING:
    from hyperscout.pruners import BasePruner
    from hyperscout.samplers import BaseSampler
    from hyperscout.storages import BaseStorage
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["optimize_in_processes"]

# Seconds the workers get to store their running trials as FAIL after a KeyboardInterrupt,
# before they are killed.
_INTERRUPT_GRACE = 10.0
_NATIVE_THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class Budget(Protocol):
    """Trial tickets shared by the workers of one call."""

    def take(self, *, first_only: bool = False) -> bool:
        """One ticket for one more trial; ``False`` when the budget is spent or halted.
        ``first_only``: grant it only if no ticket was taken yet in this call (past the
        deadline, the call still runs its first trial)."""

    def halt(self) -> None:
        """Hand out no more tickets (the workers end after their running trial)."""


class _SharedCounter:
    """A :class:`Budget` in shared memory, for the processes of one pool.

    ``values[0]`` counts the tickets taken, ``values[1]`` is 1 once halted; ``limit`` is
    ``n_trials`` (``None``: no limit). The array's lock makes take/halt atomic.
    """

    def __init__(self, values: Any, limit: int | None) -> None:
        self._values = values
        self._limit = limit

    def take(self, *, first_only: bool = False) -> bool:
        with self._values.get_lock():
            if self._values[1] or (self._limit is not None and self._values[0] >= self._limit):
                return False
            if first_only and self._values[0] > 0:
                return False
            self._values[0] += 1
            return True

    def halt(self) -> None:
        with self._values.get_lock():
            self._values[1] = 1


@dataclass(frozen=True)
class WorkerSpec:
    """What every worker needs to open the study and run its part (pickled to each worker)."""

    study_name: str
    storage: BaseStorage
    sampler: BaseSampler
    pruner: BasePruner
    func: Callable[..., Any]
    deadline: float | None  # time.time() at which to stop, for the whole call
    catch: tuple[type[Exception], ...]
    callbacks: tuple[Callable[[Study, FrozenTrial], None], ...]
    verbosity: int  # hyperscout's log level in the calling process, applied in each worker


def take_ticket(budget: Budget, deadline: float | None) -> bool:
    """A ticket for the next trial. The timeout is checked here, between trials, as Optuna
    checks it: past the deadline no trial starts, except the first one of the whole call (so a
    call whose workers took longer than the timeout to start still runs one trial)."""
    late = deadline is not None and time.time() >= deadline
    return budget.take(first_only=late)


class _TakeTicket:
    """The last callback of a worker: take the ticket of the next trial, or stop."""

    def __init__(self, budget: Budget, deadline: float | None) -> None:
        self._budget = budget
        self._deadline = deadline

    def __call__(self, study: Study, trial: FrozenTrial) -> None:
        if study._stop_flag:  # a user callback stopped the study: do not take a ticket
            return
        if not take_ticket(self._budget, self._deadline):
            study.stop()


def run_worker(
    spec: WorkerSpec, index: int, budget: Budget, n_local_workers: int, *, own_process: bool
) -> int:
    """Run trials of ``spec`` in this process until the budget, the deadline or the sampler
    ends; return how many trials this worker ran. ``index`` picks the sampler's stream.
    ``own_process``: the process is ours (a pool worker), so its environment and log level
    may be set for good (not in a Dask worker, which outlives the task)."""
    import hyperscout
    from hyperscout.samplers._base import reseed_sampler

    limit = threads_per_worker(n_local_workers)
    if own_process:
        hyperscout.logging.set_verbosity(spec.verbosity)
        if limit is not None and n_local_workers > 1:
            for name in _NATIVE_THREAD_ENV:  # for native libraries the objective loads later
                os.environ.setdefault(name, str(limit))
    sampler = spec.sampler
    reseed_sampler(sampler, index)
    study = hyperscout.load_study(
        study_name=spec.study_name, storage=spec.storage, sampler=sampler, pruner=spec.pruner
    )
    if not take_ticket(budget, spec.deadline):
        return 0
    ran = [0]

    def count(study: Study, trial: FrozenTrial) -> None:
        ran[0] += 1

    with limit_native_threads(n_local_workers):
        study.optimize(
            spec.func,
            n_trials=None,
            timeout=None,  # checked by take_ticket, against the deadline of the whole call
            n_jobs=1,
            catch=spec.catch,
            callbacks=[*spec.callbacks, count, _TakeTicket(budget, spec.deadline)],
        )
    return ran[0]


# --- the pool's side of each worker process ------------------------------------------------------
_process_budget: Budget | None = None


def _init_process(values: Any, limit: int | None) -> None:
    global _process_budget
    _process_budget = _SharedCounter(values, limit)


def _process_main(spec: WorkerSpec, index: int, n_workers: int) -> int:
    assert _process_budget is not None, "the pool initializer did not run"
    return run_worker(spec, index, _process_budget, n_workers, own_process=True)


# --- checks shared with optimize_with_dask -------------------------------------------------------
def check_call(
    caller: str,
    study: Study,
    func: Any,
    n_trials: Any,
    timeout: Any,
    catch: Any,
    callbacks: Iterable[Callable[[Study, FrozenTrial], None]] | None,
    dumps: Callable[[Any], bytes] = pickle.dumps,
) -> WorkerSpec:
    """Validate the arguments (before any process starts) and build the workers' spec;
    ``dumps`` is the serialiser the workers' transport uses."""
    from hyperscout.logging import get_verbosity
    from hyperscout.storages import RDBStorage
    from hyperscout.study import Study
    from hyperscout.study._optimize import _check_arguments

    if not isinstance(study, Study):
        raise TypeError(f"{caller} needs a hyperscout Study, got {study!r}")
    storage = study._storage
    shareable = False
    if isinstance(storage, RDBStorage) and not storage.read_only:
        from sqlalchemy.engine import make_url

        url = make_url(storage.url)
        dialect = url.get_backend_name()
        in_memory = dialect == "sqlite" and url.database in (None, "", ":memory:")
        shareable = dialect in ("sqlite", "postgresql") and not in_memory
    if not shareable:
        described = storage.url if isinstance(storage, RDBStorage) else type(storage).__name__
        raise ValueError(
            f"{caller} needs a study in a SQL storage that every worker process can open and "
            "write (an SQLite file such as 'sqlite:///tuning.db' or PostgreSQL); an in-memory or "
            f"read-only storage cannot be shared, got storage {described!r}"
        )
    if not callable(func):
        raise TypeError(f"the objective must be callable, got {func!r}")
    _check_arguments(n_trials, timeout, 1, catch)
    catch_tuple = (catch,) if isinstance(catch, type) else tuple(catch)
    callback_tuple = tuple(callbacks or ())
    module_level = "; define it at module level in an importable module"
    _check_picklable(
        dumps,
        func,
        "the objective",
        "; lambdas, closures and functions defined in __main__ of an interactive session "
        "cannot be sent to other processes: define the objective as a function at module level "
        "in an importable module",
    )
    _check_picklable(dumps, study.sampler, "the study's sampler", "")
    _check_picklable(dumps, study.pruner, "the study's pruner", "")
    _check_picklable(dumps, storage, "the study's storage", "")
    _check_picklable(dumps, callback_tuple, "callbacks", module_level)
    _check_picklable(dumps, catch_tuple, "catch", "")
    return WorkerSpec(
        study_name=study.study_name,
        storage=storage,
        sampler=study.sampler,
        pruner=study.pruner,
        func=func,
        deadline=None if timeout is None else time.time() + float(timeout),
        catch=catch_tuple,
        callbacks=callback_tuple,
        verbosity=get_verbosity(),
    )


def _check_picklable(dumps: Callable[[Any], bytes], value: Any, what: str, hint: str) -> None:
    try:
        dumps(value)
    except Exception as err:
        raise ValueError(
            f"{what} must be picklable to run in worker processes, got {value!r} "
            f"({type(err).__name__}: {err}){hint}"
        ) from None


def check_n_workers(n_workers: Any, *, allow_none: bool) -> None:
    if n_workers is None and allow_none:
        return
    if (
        isinstance(n_workers, bool)
        or not isinstance(n_workers, int)
        or n_workers == 0
        or n_workers < -1
    ):
        allowed = "None, -1 (all cores) or an int >= 1" if allow_none else "-1 or an int >= 1"
        raise ValueError(f"n_workers must be {allowed}, got n_workers={n_workers!r}")


def first_error(futures: Sequence[Any]) -> BaseException | None:
    for f in futures:
        error = f.exception()
        if error is not None:
            return error
    return None


# --- the front door ------------------------------------------------------------------------------
def optimize_in_processes(
    study: Study,
    func: Callable[..., Any],
    *,
    n_trials: int | None = None,
    timeout: float | None = None,
    n_workers: int = -1,
    catch: Iterable[type[Exception]] | type[Exception] = (),
    callbacks: Iterable[Callable[[Study, FrozenTrial], None]] | None = None,
    start_method: str | None = None,
) -> None:
    """Run trials of ``func`` in ``n_workers`` processes; returns when they all stopped.

    ``Study.optimize(n_jobs=k)`` runs threads, which a CPU-bound pure-Python objective cannot
    use in parallel (the GIL); this runs processes instead. Afterwards ``study`` sees every trial.

    - The study must be in a SQL storage every process can open: an SQLite file or PostgreSQL
      (``ValueError`` otherwise). ``func``, the study's sampler and pruner, and ``callbacks``
      are pickled to the workers, so they must be defined at module level in an importable
      module (not lambdas, closures or functions of an interactive ``__main__``). Callbacks run
      in the workers, on each worker's own ``Study`` object.
    - Worker ``i`` (``0 <= i < n_workers``) loads the study with a copy of the sampler on which
      it calls ``reseed_rng(stream=i)``: a seeded sampler gives each worker its own
      reproducible stream (child ``i`` of ``numpy.random.SeedSequence(seed)``), so workers do not
      propose the same points; an unseeded one draws fresh entropy.
    - ``n_trials`` is the total over all workers: exactly that many trials run unless the
      timeout, a finite sampler (a grid) or an error ends the call first. Each trial needs a
      ticket from a counter shared by the workers, so the total never exceeds it.
      ``timeout`` (seconds) counts from this call, for the whole call, and is checked between
      trials, as in Optuna: no trial starts after it, except the first trial of the call, which
      always runs (in total, not per worker: a worker that starts after the timeout runs none),
      so a call whose workers were slow to start still returns a result. With neither, the
      workers run until the sampler has nothing left or a callback calls ``study.stop()``
      (which stops only that worker).
    - ``n_workers=-1`` means one worker per core (:func:`cpu_count`); never more workers than
      ``n_trials``. Each worker limits OpenMP/BLAS threads to ``cores // n_workers`` (see
      :func:`limit_native_threads`) and runs with this process's hyperscout log level.
    - An exception in ``catch`` fails the trial and the worker goes on. Any other exception
      fails the trial (stored as FAIL) and ends that worker; the others are stopped - each
      finishes its running trial and starts no new one - and the exception is then re-raised
      here with its type (the worker's traceback chained as its cause).
    - ``KeyboardInterrupt`` here stops the workers: they get SIGINT, so an objective that is
      running sees a ``KeyboardInterrupt`` and its trial is stored as FAIL; a worker that has not
      ended ``10`` seconds later is killed, and a trial it was running stays RUNNING (a storage
      with heartbeats fails it later). The interrupt is then re-raised.
    - ``start_method`` is the multiprocessing start method, ``"spawn"`` by default: safe with
      threads and database connections in this process, at about a second of start-up per
      worker; each worker imports the main module, so a script must make this call under
      ``if __name__ == "__main__":``. ``"fork"`` starts faster on Linux (unsafe if this process
      runs other threads); each worker opens its own database connections either way.

    Example::

        study = hyperscout.create_study(storage="sqlite:///tuning.db", study_name="svm")
        hyperscout.parallel.optimize_in_processes(study, objective, n_trials=100, n_workers=4)
    """
    spec = check_call("optimize_in_processes", study, func, n_trials, timeout, catch, callbacks)
    check_n_workers(n_workers, allow_none=False)
    if start_method is None:
        start_method = "spawn"
    methods = multiprocessing.get_all_start_methods()
    if start_method not in methods:
        raise ValueError(
            f"start_method must be None or one of {methods}, got start_method={start_method!r}"
        )
    if n_workers == -1:
        n_workers = cpu_count()
    if n_trials == 0:
        return
    if n_trials is not None:
        n_workers = min(n_workers, n_trials)
    context = multiprocessing.get_context(start_method)
    values = context.Array("q", 2)  # tickets taken, halted
    budget = _SharedCounter(values, n_trials)
    pool = ProcessPoolExecutor(
        max_workers=n_workers,
        mp_context=context,
        initializer=_init_process,
        initargs=(values, n_trials),
    )
    futures: list[Future[int]] = []
    try:
        futures = [pool.submit(_process_main, spec, i, n_workers) for i in range(n_workers)]
        done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        if first_error(list(done)) is not None:
            budget.halt()  # the others finish their running trial and stop
        wait(futures)
    except KeyboardInterrupt:
        budget.halt()
        _interrupt_workers(pool, futures)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    error = first_error(futures)
    if isinstance(error, BrokenProcessPool):
        raise BrokenProcessPool(
            f"{error} A worker process died (killed, out of memory, or failed to start); with "
            f"start_method={start_method!r} each worker imports the main module, so a script "
            "must call optimize_in_processes under `if __name__ == '__main__':`"
        ) from error
    if error is not None:
        raise error


def _interrupt_workers(pool: ProcessPoolExecutor, futures: list[Future[int]]) -> None:
    # The standard library (before 3.14) has no public way to signal a pool's processes.
    processes = list(getattr(pool, "_processes", {}).values())
    for p in processes:
        if p.is_alive() and p.pid is not None:
            try:
                os.kill(p.pid, signal.SIGINT)
            except ProcessLookupError:
                pass
    # Wait in a thread-safe way even if a second Ctrl-C comes: at most the grace period.
    waiter = threading.Thread(target=wait, args=(futures, _INTERRUPT_GRACE), daemon=True)
    waiter.start()
    waiter.join(_INTERRUPT_GRACE)
    for p in processes:
        if p.is_alive():
            p.kill()
