"""Running trials in parallel: worker processes or a Dask cluster, without oversubscribing the
machine's cores."""

from hyperscout._thread_limits import cpu_count, limit_native_threads, threads_per_worker
from hyperscout.parallel._dask import optimize_with_dask
from hyperscout.parallel._processes import optimize_in_processes

__all__ = [
    "cpu_count",
    "limit_native_threads",
    "optimize_in_processes",
    "optimize_with_dask",
    "threads_per_worker",
]
