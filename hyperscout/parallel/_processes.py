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
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as connection_wait
from typing import TYPE_CHECKING, Any, Protocol

from hyperscout import _warnings
from hyperscout._checks import check_optimize_arguments
from hyperscout._signals import Terminated, sigterm_stops
from hyperscout._thread_limits import cpu_count, limit_native_threads, threads_per_worker
from hyperscout._url import redact_url
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError, UpdateFinishedTrialError

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
_TERMINATED = "hyperscout: terminated by SIGTERM; the workers' running trials were stored as FAIL"
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
        if study.stop_requested:  # a user callback stopped the study: do not take a ticket
            return
        if not take_ticket(self._budget, self._deadline):
            study.stop()


class _Announced:
    """The objective, wrapped to tell ``on_start`` which trial this worker is about to run."""

    def __init__(self, func: Callable[..., Any], on_start: Callable[[Any], None]) -> None:
        self._func = func
        self._on_start = on_start

    def __call__(self, trial: Any) -> Any:
        self._on_start(trial)
        return self._func(trial)


def run_worker(
    spec: WorkerSpec,
    index: int,
    budget: Budget,
    n_local_workers: int,
    *,
    own_process: bool,
    on_start: Callable[[Any], None] | None = None,
) -> int:
    """Run trials of ``spec`` in this process until the budget, the deadline or the sampler
    ends; return how many trials this worker ran. ``index`` picks the sampler's stream.
    ``own_process``: the process is ours (a pool worker), so its environment and log level
    may be set for good (not in a Dask worker, which outlives the task). ``on_start`` is
    called with each trial just before the objective runs it."""
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
            spec.func if on_start is None else _Announced(spec.func, on_start),
            n_trials=None,
            timeout=None,  # checked by take_ticket, against the deadline of the whole call
            n_jobs=1,
            catch=spec.catch,
            callbacks=[*spec.callbacks, count, _TakeTicket(budget, spec.deadline)],
        )
    return ran[0]


# --- the pool's side of each worker process ------------------------------------------------------
# Each worker process has a slot in a shared array of ``_SLOT`` integers: the id and number of
# the trial it runs (or last ran), -1 before its first, and how many trials it started. The
# parent reads it when the process dies, to fail that trial at once (heartbeats or not).
_SLOT = 3


class _SlotWriter:
    def __init__(self, slots: Any, slot: int) -> None:
        self._slots = slots
        self._slot = slot

    def __call__(self, trial: Any) -> None:
        self._slots[_SLOT * self._slot] = trial._trial_id
        self._slots[_SLOT * self._slot + 1] = trial.number
        self._slots[_SLOT * self._slot + 2] += 1


def _process_main(
    spec: WorkerSpec,
    stream: int,
    slot: int,
    n_workers: int,
    values: Any,
    limit: int | None,
    slots: Any,
    conn: Connection,
) -> None:
    """A worker process: say it started, run trials, send back ("done", n) or ("error", ...)."""
    budget = _SharedCounter(values, limit)
    try:
        conn.send(("started",))
        ran = run_worker(
            spec, stream, budget, n_workers, own_process=True, on_start=_SlotWriter(slots, slot)
        )
        conn.send(("done", ran))
    except Terminated:  # SIGTERM to this worker: its trial is stored as FAIL; it ends alone
        conn.send(("terminated",))
    except BaseException as exc:
        budget.halt()  # the others finish their running trial and stop
        trace = traceback.format_exc()
        try:
            conn.send(("error", exc, trace))
        except Exception:  # an exception that cannot be pickled: send its text
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}"), trace))
    finally:
        conn.close()


class _WorkerTraceback(Exception):
    """The traceback of an exception raised in a worker process (chained as its cause)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f'\n"""\n{self.text}"""'


@dataclass
class _Worker:
    slot: int
    process: Any  # multiprocessing.process.BaseProcess
    conn: Connection
    started: bool = False
    eof: bool = False
    result: tuple[Any, ...] | None = None

    def drain(self) -> None:
        while not self.eof and self.conn.poll():
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                self.eof = True
                break
            except Exception as err:  # an exception the parent cannot unpickle
                message = ("error", RuntimeError(f"a worker's error could not be read: {err}"), "")
            if message[0] == "started":
                self.started = True
            else:
                self.result = message


def _describe_exit(process: Any) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return f"worker process {process.pid} was killed by signal {-code} ({name})"
    return f"worker process {process.pid} exited with code {code} without finishing its work"


class _Pool:
    """``n_workers`` processes that each run :func:`run_worker`; a worker that dies (``kill -9``,
    out of memory) has its running trial stored as FAIL and is replaced, while the others go on
    (a ``ProcessPoolExecutor`` would kill them all)."""

    def __init__(
        self,
        study: Study,
        spec: WorkerSpec,
        n_workers: int,
        n_trials: int | None,
        context: Any,
        start_method: str,
    ) -> None:
        self.study = study
        self.spec = spec
        self.n_workers = n_workers
        self.n_trials = n_trials
        self.context = context
        self.start_method = start_method
        self.values = context.Array("q", 2)  # tickets taken, halted
        self.budget = _SharedCounter(self.values, n_trials)
        self.slots = context.RawArray("q", [-1] * (_SLOT * n_workers))
        self.workers: dict[int, _Worker] = {}
        self.next_stream = n_workers  # streams 0..n_workers-1 first, then fresh ones
        self.fruitless_deaths = 0  # deaths in a row of workers that finished no trial
        self.error: BaseException | None = None

    def start(self, slot: int, stream: int) -> None:
        self.slots[_SLOT * slot] = -1
        self.slots[_SLOT * slot + 1] = -1
        self.slots[_SLOT * slot + 2] = 0
        reader, writer = self.context.Pipe(duplex=False)
        process = self.context.Process(
            target=_process_main,
            args=(
                self.spec,
                stream,
                slot,
                self.n_workers,
                self.values,
                self.n_trials,
                self.slots,
                writer,
            ),
            name=f"hyperscout-worker-{slot}",
        )
        process.start()
        writer.close()  # the child holds the write end: EOF here once it is gone
        self.workers[slot] = _Worker(slot, process, reader)

    def run(self) -> None:
        for slot in range(self.n_workers):
            self.start(slot, slot)
        while self.workers:
            waitables: list[Any] = [w.process.sentinel for w in self.workers.values()]
            waitables += [w.conn for w in self.workers.values() if not w.eof]
            connection_wait(waitables)
            for worker in list(self.workers.values()):
                worker.drain()
                if worker.process.exitcode is None:
                    continue
                worker.process.join()
                worker.drain()
                worker.conn.close()
                del self.workers[worker.slot]
                self._ended(worker)

    def _ended(self, worker: _Worker) -> None:
        result = worker.result
        if result is not None and result[0] == "done":
            if result[1] > 0:
                self.fruitless_deaths = 0
            return
        if result is not None and result[0] == "terminated":
            _warnings.warn(
                f"worker process {worker.process.pid} was terminated by SIGTERM; its running "
                "trial was stored as FAIL and the other workers go on"
            )
            return
        if result is not None and result[0] == "error":
            if self.error is None:
                error, trace = result[1], result[2]
                if trace:
                    error.__cause__ = _WorkerTraceback(trace)
                self.error = error
                self.budget.halt()  # the others finish their running trial and stop
            return
        # The process died without a word.
        what = _describe_exit(worker.process)
        if not worker.started and worker.process.exitcode > 0:
            self.budget.halt()
            if self.error is None:
                self.error = BrokenProcessPool(
                    f"{what} before it could start: with start_method={self.start_method!r} "
                    "each worker imports the main module, so a script must call "
                    "optimize_in_processes under `if __name__ == '__main__':`"
                )
            return
        failed = self.fail_trial_of(worker, what)
        if failed is not None:
            self.fruitless_deaths = 0 if failed[1] else self.fruitless_deaths + 1
        else:
            self.fruitless_deaths += 1
        trial_part = f" while running trial {failed[0]} (stored as FAIL)" if failed else ""
        if self.fruitless_deaths >= max(3, self.n_workers):
            self.budget.halt()
            if self.error is None:
                self.error = BrokenProcessPool(
                    f"{what}{trial_part}; {self.fruitless_deaths} worker processes in a row "
                    "died before finishing a trial, so no new one was started"
                )
            return
        if self._budget_left():
            self.start(worker.slot, self.next_stream)
            self.next_stream += 1
            _warnings.warn(f"{what}{trial_part}; a new worker process took its place")
        else:
            _warnings.warn(f"{what}{trial_part}")

    def _budget_left(self) -> bool:
        with self.values.get_lock():
            taken, halted = self.values[0], self.values[1]
        if halted or (self.n_trials is not None and taken >= self.n_trials):
            return False
        late = self.spec.deadline is not None and time.time() >= self.spec.deadline
        return not (late and taken > 0)

    def fail_trial_of(self, worker: _Worker, what: str) -> tuple[int, bool] | None:
        """Store the trial a dead worker was running as FAIL; return (its number, whether the
        worker had finished an earlier trial), or ``None`` when it ran none or it had ended."""
        from hyperscout._records import FAIL_REASON_KEY
        from hyperscout.trial import TrialState

        trial_id = self.slots[_SLOT * worker.slot]
        number = self.slots[_SLOT * worker.slot + 1]
        if trial_id < 0:
            return None
        storage = self.study.storage
        try:
            if storage.get_trial(trial_id).state != TrialState.RUNNING:
                return None
            storage.set_trial_state_values(
                trial_id,
                TrialState.FAIL,
                system_attrs={FAIL_REASON_KEY: f"{what} while running this trial"},
            )
        except UpdateFinishedTrialError:
            return None
        return number, self.slots[_SLOT * worker.slot + 2] > 1

    def interrupt(self) -> None:
        """After a KeyboardInterrupt here: SIGINT every worker (its running trial is stored as
        FAIL), wait a grace period, kill those still running and fail their trials."""
        self.budget.halt()
        for worker in self.workers.values():
            if worker.process.is_alive() and worker.process.pid is not None:
                try:
                    os.kill(worker.process.pid, signal.SIGINT)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + _INTERRUPT_GRACE
        for worker in list(self.workers.values()):
            worker.process.join(max(0.0, deadline - time.monotonic()))
        for worker in list(self.workers.values()):
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
                self.fail_trial_of(worker, "killed after a KeyboardInterrupt")
            worker.conn.close()
        self.workers.clear()


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

    if not isinstance(study, Study):
        raise InvalidTypeError(f"{caller} needs a hyperscout Study, got {study!r}")
    storage = study.storage
    shareable = False
    if isinstance(storage, RDBStorage) and not storage.read_only:
        from sqlalchemy.engine import make_url

        url = make_url(storage.url)
        dialect = url.get_backend_name()
        in_memory = dialect == "sqlite" and url.database in (None, "", ":memory:")
        shareable = dialect in ("sqlite", "postgresql") and not in_memory
    if not shareable:
        described = (
            redact_url(storage.url) if isinstance(storage, RDBStorage) else type(storage).__name__
        )
        raise InvalidArgumentError(
            f"{caller} needs a study in a SQL storage that every worker process can open and "
            "write (an SQLite file such as 'sqlite:///tuning.db' or PostgreSQL); an in-memory or "
            f"read-only storage cannot be shared, got storage {described!r}"
        )
    if not callable(func):
        raise InvalidTypeError(f"the objective must be callable, got {func!r}")
    check_optimize_arguments(n_trials, timeout, 1, catch)
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
        raise InvalidArgumentError(
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
        raise InvalidArgumentError(f"n_workers must be {allowed}, got n_workers={n_workers!r}")


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
      ended ``10`` seconds later is killed and its running trial stored as FAIL. The interrupt
      is then re-raised.
    - SIGTERM to this process is handled as ``KeyboardInterrupt`` is, then ends it (exit status
      1, one line on stderr); SIGTERM to one worker fails its running trial and ends that
      worker only (with a warning here). Only when SIGTERM had its default action.
    - A worker process that dies (``kill -9``, the out-of-memory killer) has the trial it was
      running stored as FAIL with the cause (``worker process 123 was killed by signal 9
      (SIGKILL)``), with or without heartbeats; a warning says so, and a new worker takes its
      place while the others go on with the budget. After ``max(3, n_workers)`` workers in a
      row died without finishing a trial, none is replaced and ``BrokenProcessPool`` is raised
      once the others stopped; so it is when a worker cannot start at all.
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
        raise InvalidArgumentError(
            f"start_method must be None or one of {methods}, got start_method={start_method!r}"
        )
    if n_workers == -1:
        n_workers = cpu_count()
    if n_trials == 0:
        return
    if n_trials is not None:
        n_workers = min(n_workers, n_trials)
    context = multiprocessing.get_context(start_method)
    pool = _Pool(study, spec, n_workers, n_trials, context, start_method)
    try:
        with sigterm_stops(_TERMINATED):
            pool.run()
    except BaseException:  # KeyboardInterrupt, or SIGTERM (Terminated), while waiting
        pool.interrupt()
        raise
    if pool.error is not None:
        raise pool.error
