"""Run the trials of one study on the workers of a Dask cluster."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError, MissingDependencyError
from hyperscout.parallel._processes import (
    WorkerSpec,
    check_call,
    check_n_workers,
    first_error,
    run_worker,
)

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["optimize_with_dask"]

# Seconds a task waits for the scheduler's budget lock or variables before it gives up.
_WAIT = 30.0


class _DaskBudget:
    """A budget kept on the Dask scheduler: a lock and two variables, found by name.

    Only the names are pickled; each process binds them to its own Dask client when used.
    """

    def __init__(self, name: str, limit: int | None) -> None:
        self._name = name
        self._limit = limit

    def start(self, client: Any) -> None:
        from distributed import Variable

        Variable(f"{self._name}-taken", client=client).set(0)
        Variable(f"{self._name}-halted", client=client).set(False)

    def take(self, *, first_only: bool = False) -> bool:
        """As :meth:`Budget.take`; never blocks for long: a budget whose call has ended (its
        variables deleted, e.g. for a task Dask recomputes after a worker died) gives no
        ticket after ``_WAIT`` seconds instead of waiting for ever."""
        from distributed import Lock, Variable

        lock = Lock(f"{self._name}-lock")
        if not lock.acquire(timeout=_WAIT):
            return False
        try:
            if Variable(f"{self._name}-halted").get(timeout=_WAIT):
                return False
            taken = Variable(f"{self._name}-taken")
            count = int(taken.get(timeout=_WAIT))
            if self._limit is not None and count >= self._limit:
                return False
            if first_only and count > 0:
                return False
            taken.set(count + 1)
            return True
        except TimeoutError:  # the variables are gone: the call this task belonged to ended
            return False
        finally:
            lock.release()

    def halt(self, client: Any = None) -> None:
        from distributed import Variable

        Variable(f"{self._name}-halted", client=client).set(True)

    def delete(self, client: Any) -> None:
        from distributed import Variable

        for suffix in ("taken", "halted"):
            Variable(f"{self._name}-{suffix}", client=client).delete()


def _dask_main(spec: WorkerSpec, index: int, budget: _DaskBudget, n_local_workers: int) -> int:
    return run_worker(spec, index, budget, n_local_workers, own_process=False)


def _host(address: str) -> str:
    return address.split("://")[-1].rsplit(":", 1)[0]


def optimize_with_dask(
    study: Study,
    func: Callable[..., Any],
    client: Any,
    *,
    n_trials: int | None = None,
    timeout: float | None = None,
    n_workers: int | None = None,
    catch: Iterable[type[Exception]] | type[Exception] = (),
    callbacks: Iterable[Callable[[Study, FrozenTrial], None]] | None = None,
) -> None:
    """Run trials of ``func`` as ``n_workers`` long tasks on a Dask cluster (``client``).

    The rules of :func:`optimize_in_processes` apply, with these differences:

    - Needs ``pip install "hyperscout[dask]"``. Every Dask worker must reach the storage:
      PostgreSQL, or an SQLite file given by an absolute path when all workers share its disk.
    - ``n_workers=None`` (the default) runs one task per Dask worker (``-1``: the same);
      task ``i`` is placed on worker ``i mod workers`` (moved if that worker leaves) and limits
      native threads to ``cores of its host // tasks on that host``.
    - Tasks are sent with cloudpickle, so a lambda objective works.
    - The shared ticket counter lives on the Dask scheduler (a ``distributed.Lock`` and
      ``Variable``); ``timeout`` is measured against this machine's clock.
    - On an error, or a ``KeyboardInterrupt`` here, the tasks are asked to stop after their
      running trial; Dask cannot interrupt a running task, so the call waits for them after an
      error, and after an interrupt cancels them and returns at once (their running trials
      finish on the cluster). However the call ends, it releases all its tasks, so none is
      recomputed later (when a worker holding a result dies); a task never waits more than
      30 seconds for the shared counter.

    Example::

        from distributed import Client
        client = Client("tcp://scheduler:8786")
        study = hyperscout.create_study(storage="postgresql://user@db/tuning", study_name="svm")
        hyperscout.parallel.optimize_with_dask(study, objective, client, n_trials=200)
    """
    try:
        import cloudpickle
        import distributed
    except ImportError as err:
        raise MissingDependencyError(
            "optimize_with_dask needs Dask's distributed scheduler: "
            f'pip install "hyperscout[dask]" ({err})'
        ) from err
    spec = check_call(
        "optimize_with_dask", study, func, n_trials, timeout, catch, callbacks, cloudpickle.dumps
    )
    check_n_workers(n_workers, allow_none=True)
    if not isinstance(client, distributed.Client):
        raise InvalidTypeError(f"client must be a distributed.Client, got {client!r}")
    if n_trials == 0:
        return
    addresses = sorted(client.nthreads())
    if not addresses:
        raise InvalidArgumentError(f"the Dask cluster of {client!r} has no workers")
    if n_workers is None or n_workers == -1:
        n_workers = len(addresses)
    if n_trials is not None:
        n_workers = min(n_workers, n_trials)
    placed = [addresses[i % len(addresses)] for i in range(n_workers)]
    per_host = Counter(_host(a) for a in placed)

    budget = _DaskBudget(f"hyperscout-{uuid.uuid4().hex}", n_trials)
    budget.start(client)
    futures: list[Any] = []
    try:
        futures = [
            client.submit(
                _dask_main,
                spec,
                i,
                budget,
                per_host[_host(address)],
                pure=False,
                workers=[address],
                allow_other_workers=True,
                key=f"hyperscout-worker-{i}-{uuid.uuid4().hex}",
            )
            for i, address in enumerate(placed)
        ]
        halted = False
        for future in distributed.as_completed(futures):
            if future.status == "error" and not halted:
                budget.halt(client)  # the others finish their running trial and stop
                halted = True
        error = first_error(futures)
    except BaseException:  # KeyboardInterrupt: stop the tasks, return at once
        budget.halt(client)
        raise
    finally:
        # No task may outlive its call: release every future (finished ones too), so that
        # Dask never recomputes one after a worker that holds its result dies.
        try:
            client.cancel(futures, force=True)
        except Exception:  # a closed client: the scheduler forgets the tasks with it
            pass
        futures.clear()
        try:
            budget.delete(client)
        except Exception:  # a closed client: the scheduler drops the variables with it
            pass
    if error is not None:
        raise error
