"""Native thread limits for parallel workers.

A multithreaded estimator (LightGBM, XGBoost, BLAS) inside ``k`` parallel workers would start
``k x cores`` threads and slow everything down by an order of magnitude. Each worker therefore
runs its trials under ``threadpoolctl`` limits of ``cores // k`` threads (at least 1), unless the
user opts out with ``HYPERSCOUT_NATIVE_THREADS=unlimited``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

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
            raise ValueError(
                f"{_ENV} must be a positive integer or 'unlimited', got {setting!r}"
            ) from None
        if value < 1:
            raise ValueError(f"{_ENV} must be >= 1, got {value}")
        return value
    return max(1, cpu_count() // max(1, n_workers))


@contextlib.contextmanager
def limit_native_threads(n_workers: int) -> Iterator[None]:
    """Limit OpenMP/BLAS threads in the calling thread (and process-wide BLAS pools).

    OpenMP's limit is per calling thread, so each worker thread enters this itself.
    """
    limit = threads_per_worker(n_workers)
    if limit is None or n_workers <= 1:
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=limit):
        yield
