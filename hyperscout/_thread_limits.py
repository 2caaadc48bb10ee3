"""Native thread limits for parallel workers.

A multithreaded estimator (LightGBM, XGBoost, BLAS) inside ``k`` parallel workers would start
``k x cores`` threads and slow everything down by an order of magnitude. Each worker therefore
runs its trials under ``threadpoolctl`` limits of ``cores // k`` threads (at least 1), unless the
user opts out with ``HYPERSCOUT_NATIVE_THREADS=unlimited``.

A bottom-layer module (no hyperscout imports): the optimize loop's worker threads, the process
and Dask runners and the scikit-learn front door all use it. The public names are re-exported
by :mod:`hyperscout.parallel`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from typing import Any

from hyperscout.exceptions import InvalidArgumentError

_ENV = "HYPERSCOUT_NATIVE_THREADS"


def cpu_count() -> int:
    """Cores this process may use (affinity-aware)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def threads_per_worker(n_workers: int) -> int | None:
    """Native threads each of ``n_workers`` workers may start; ``None`` means no limit."""
    setting = os.environ.get(_ENV, "").strip().lower()
    if setting == "unlimited":
        return None
    if setting:
        try:
            value = int(setting)
        except ValueError:
            raise InvalidArgumentError(
                f"{_ENV} must be a positive integer or 'unlimited', got {setting!r}"
            ) from None
        if value < 1:
            raise InvalidArgumentError(f"{_ENV} must be >= 1, got {value}")
        return value
    return max(1, cpu_count() // max(1, n_workers))


_controller_lock = threading.Lock()
_controller: Any = None
_controller_modules = -1


def _threadpool_controller() -> Any:
    """One ``threadpoolctl.ThreadpoolController`` per process, found again only when modules
    were imported since (an import is how a native library such as LightGBM's gets loaded).

    Finding the thread pools walks every loaded library and took about 6 ms; a fold job of the
    scikit-learn front door sets two limits, so a new controller per job cost a worker about a
    tenth of a 100 ms fit.
    """
    global _controller, _controller_modules
    with _controller_lock:
        if _controller is None or len(sys.modules) != _controller_modules:
            from threadpoolctl import ThreadpoolController

            _controller = ThreadpoolController()
            _controller_modules = len(sys.modules)
        return _controller


_blas_lock = threading.Lock()
_blas_users = 0
_blas_limiter: Any = None


@contextlib.contextmanager
def limit_native_threads(n_workers: int) -> Iterator[None]:
    """Limit OpenMP and BLAS threads while one of ``n_workers`` workers runs a trial.

    OpenMP's limit belongs to the calling thread, so each worker thread sets its own. BLAS pools
    are process-wide: the first worker to enter limits them and the last to leave restores the
    original sizes (a per-thread enter/restore would let overlapping workers undo each other's
    limit, and could leave BLAS limited after the run).
    """
    global _blas_users, _blas_limiter
    limit = threads_per_worker(n_workers)
    if limit is None or n_workers <= 1:
        yield
        return
    controller = _threadpool_controller()
    with _blas_lock:
        if _blas_users == 0:
            _blas_limiter = controller.limit(limits=limit, user_api="blas")
        _blas_users += 1
    try:
        with controller.limit(limits=limit, user_api="openmp"):
            yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            if _blas_users == 0 and _blas_limiter is not None:
                _blas_limiter.restore_original_limits()
                _blas_limiter = None
