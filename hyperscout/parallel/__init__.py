"""Running trials in parallel without oversubscribing the machine's cores."""

from hyperscout.parallel._threads import cpu_count, limit_native_threads, threads_per_worker

__all__ = ["cpu_count", "limit_native_threads", "threads_per_worker"]
