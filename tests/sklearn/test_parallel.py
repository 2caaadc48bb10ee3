"""n_jobs workers limit the native threads of what they run, so they never oversubscribe."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import load_iris

from hyperscout.parallel import cpu_count
from hyperscout.sklearn import BayesSearchCV, GridSearchCV

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
_SEEN: list[tuple[str, int | None]] = []
_LOCK = threading.Lock()


def _openmp_threads() -> int | None:
    from threadpoolctl import threadpool_info

    limits = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "openmp"]
    return min(limits) if limits else None


class _ThreadProbe(ClassifierMixin, BaseEstimator):
    """Records, in fit, the worker thread and the OpenMP limit that thread runs under."""

    def __init__(self, c: float = 1.0) -> None:
        self.c = c

    def fit(self, X: Any, y: Any) -> _ThreadProbe:
        with _LOCK:
            _SEEN.append((threading.current_thread().name, _openmp_threads()))
        self.classes_ = np.unique(y)
        return self

    def predict(self, X: Any) -> Any:
        return np.full(len(X), self.classes_[0])


@pytest.mark.skipif(cpu_count() < 2, reason="needs at least two cores")
def test_workers_run_under_a_per_thread_native_limit() -> None:
    pytest.importorskip("sklearn.utils._openmp_helpers")  # loads an OpenMP runtime
    _SEEN.clear()
    n_jobs = cpu_count()
    GridSearchCV(_ThreadProbe(), {"c": [1.0, 2.0, 3.0]}, cv=3, n_jobs=n_jobs, refit=False).fit(
        X_IRIS, Y_IRIS
    )
    workers = [(name, n) for name, n in _SEEN if name.startswith("hyperscout-sklearn")]
    assert len(workers) == 9
    if _openmp_threads() is None:
        pytest.skip("no OpenMP runtime loaded")
    assert all(n == max(1, cpu_count() // n_jobs) for _, n in workers)


def test_n_jobs_beyond_the_cores_uses_at_most_one_worker_per_core() -> None:
    _SEEN.clear()
    GridSearchCV(_ThreadProbe(), {"c": [1.0, 2.0, 3.0, 4.0]}, cv=4, n_jobs=64, refit=False).fit(
        X_IRIS, Y_IRIS
    )
    assert len({name for name, _ in _SEEN}) <= cpu_count()


def test_optimizer_kwargs_are_mapped_or_reported() -> None:
    space = {"c": (0.1, 1.0)}
    with pytest.warns(UserWarning, match="xi"):
        BayesSearchCV(
            _ThreadProbe(),
            space,
            n_iter=2,
            cv=2,
            optimizer_kwargs={"n_initial_points": 1, "acq_func": "LCB", "xi": 0.1},
        ).fit(X_IRIS, Y_IRIS)
    with pytest.raises(ValueError, match="acq_func"):
        BayesSearchCV(_ThreadProbe(), space, optimizer_kwargs={"acq_func": "foo"}).fit(
            X_IRIS, Y_IRIS
        )
