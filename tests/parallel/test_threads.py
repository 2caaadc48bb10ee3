"""Native thread limits for parallel workers: applied while workers run, restored after,
and never undone by one worker while another still runs."""

from __future__ import annotations

import pytest
from threadpoolctl import threadpool_info

from hyperscout.parallel import threads_per_worker


def _blas_threads() -> list[int]:
    return sorted(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")


def test_threads_per_worker_divides_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hyperscout._thread_limits.cpu_count", lambda: 8)
    assert threads_per_worker(2) == 4
    assert threads_per_worker(16) == 1
    monkeypatch.setenv("HYPERSCOUT_NATIVE_THREADS", "unlimited")
    assert threads_per_worker(2) is None
    monkeypatch.setenv("HYPERSCOUT_NATIVE_THREADS", "3")
    assert threads_per_worker(2) == 3
    monkeypatch.setenv("HYPERSCOUT_NATIVE_THREADS", "zero")
    with pytest.raises(ValueError, match="got 'zero'"):
        threads_per_worker(2)


_OVERLAP_SCRIPT = """
import threading
import numpy as np
from threadpoolctl import threadpool_info
import hyperscout._thread_limits as limits
from hyperscout.parallel import limit_native_threads


def blas_threads():
    return sorted(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")


np.dot(np.ones((4, 4)), np.ones((4, 4)))  # make sure BLAS is loaded
before = blas_threads()
if not before:
    raise SystemExit(77)
limits.cpu_count = lambda: 4
a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
seen = {}


def worker_a():
    with limit_native_threads(4):
        a_in.set()
        b_in.wait(10)
    a_out.set()


def worker_b():
    a_in.wait(10)
    with limit_native_threads(4):
        b_in.set()
        a_out.wait(10)
        seen["after a left"] = blas_threads()  # A left first: B's limit must hold


threads = [threading.Thread(target=worker_a), threading.Thread(target=worker_b)]
for t in threads:
    t.start()
for t in threads:
    t.join(20)
assert all(n == 1 for n in seen["after a left"]), seen
assert blas_threads() == before, (blas_threads(), before)
"""


def test_overlapping_workers_keep_the_blas_limit_and_restore_it_after() -> None:
    # BLAS pools are process-wide: run in a fresh interpreter, so that libraries other tests
    # loaded (and limits they set) cannot change what this test sees.
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _OVERLAP_SCRIPT], capture_output=True, text=True, timeout=120
    )
    if done.returncode == 77:
        pytest.skip("no BLAS library visible to threadpoolctl")
    assert done.returncode == 0, done.stderr


def test_the_optimize_loop_does_not_load_the_runners_and_the_dashboard_has_no_cycle() -> None:
    # Layers point down: study/ uses the low thread-limits module, not the parallel package
    # (whose runners import study/); the dashboard's page does not import its server.
    import subprocess
    import sys

    code = (
        "import sys, hyperscout, hyperscout.study\n"
        "loaded = [m for m in sys.modules if m.startswith('hyperscout.parallel')]\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    import inspect

    import hyperscout.dashboard._page as page

    assert "_server" not in inspect.getsource(page)
