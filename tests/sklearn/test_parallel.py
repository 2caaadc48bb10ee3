"""n_jobs workers limit the native threads of what they run, so they never oversubscribe."""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

import joblib
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
def test_thread_workers_run_under_a_per_thread_native_limit() -> None:
    pytest.importorskip("sklearn.utils._openmp_helpers")  # loads an OpenMP runtime
    _SEEN.clear()
    n_jobs = cpu_count()
    with joblib.parallel_config(backend="threading"):
        GridSearchCV(_ThreadProbe(), {"c": [1.0, 2.0, 3.0]}, cv=3, n_jobs=n_jobs, refit=False).fit(
            X_IRIS, Y_IRIS
        )
    workers = [(name, n) for name, n in _SEEN if name != "MainThread"]
    assert len(workers) == 9
    if _openmp_threads() is None:
        pytest.skip("no OpenMP runtime loaded")
    assert all(n == max(1, cpu_count() // n_jobs) for _, n in workers)


class _ProcessProbe(ClassifierMixin, BaseEstimator):
    """Writes, in fit, its process id and the OpenMP limit it runs under to ``log_dir``."""

    def __init__(self, log_dir: str = "", c: float = 1.0) -> None:
        self.log_dir = log_dir
        self.c = c

    def fit(self, X: Any, y: Any) -> _ProcessProbe:
        from sklearn.utils._openmp_helpers import _openmp_effective_n_threads  # noqa: F401

        path = os.path.join(self.log_dir, f"{os.getpid()}-{threading.get_ident()}-{self.c}")
        with open(path + f"-{time.monotonic_ns()}", "w") as f:
            f.write(json.dumps([os.getpid(), _openmp_threads()]))
        self.classes_ = np.unique(y)
        return self

    def predict(self, X: Any) -> Any:
        return np.full(len(X), self.classes_[0])


@pytest.mark.skipif(cpu_count() < 2, reason="needs at least two cores")
def test_n_jobs_runs_in_worker_processes_by_default(tmp_path: Any) -> None:
    import sys

    cloudpickle = pytest.importorskip("cloudpickle")

    # pytest imports this file by path, so worker processes cannot import it by name.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    grid = {"c": [1.0, 2.0, 3.0, 4.0]}
    search = GridSearchCV(_ProcessProbe(str(tmp_path)), grid, cv=3, n_jobs=2, refit=False)
    search.fit(X_IRIS, Y_IRIS)
    seen = [json.loads(p.read_text()) for p in tmp_path.iterdir()]
    assert len(seen) == 12
    pids = {pid for pid, _ in seen}
    assert os.getpid() not in pids  # loky's worker processes, as in scikit-learn
    limits = {n for _, n in seen}
    assert limits <= {None, max(1, cpu_count() // 2)}


def test_a_dask_cluster_runs_the_folds() -> None:
    distributed = pytest.importorskip("distributed")
    _SEEN.clear()
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster),
        joblib.parallel_config(backend="dask"),
    ):
        search = GridSearchCV(_ThreadProbe(), {"c": [1.0, 2.0, 3.0]}, cv=3, n_jobs=-1)
        search.fit(X_IRIS, Y_IRIS)
    on_dask = [name for name, _ in _SEEN if name != "MainThread"]
    assert len(on_dask) >= 9  # every fold on the cluster's threads (the refit runs here)
    assert len(search.cv_results_["params"]) == 3


def test_n_jobs_beyond_the_cores_uses_at_most_one_worker_per_core() -> None:
    _SEEN.clear()
    with joblib.parallel_config(backend="threading"):
        GridSearchCV(
            _ThreadProbe(), {"c": [1.0, 2.0, 3.0, 4.0]}, cv=4, n_jobs=64, refit=False
        ).fit(X_IRIS, Y_IRIS)
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


def test_verbose_shows_a_progress_bar_with_the_candidates(capsys: Any) -> None:
    GridSearchCV(_ThreadProbe(), {"c": [1.0, 2.0, 3.0]}, cv=2, verbose=1).fit(X_IRIS, Y_IRIS)
    err = capsys.readouterr().err
    assert "3/3" in err and "trial" in err
    GridSearchCV(_ThreadProbe(), {"c": [1.0, 2.0]}, cv=2).fit(X_IRIS, Y_IRIS)
    assert capsys.readouterr().err == ""


class _ThreadedModel(ClassifierMixin, BaseEstimator):
    """Stands for an estimator that picks its own thread count (``n_jobs``/``num_threads``)."""

    def __init__(self, n_jobs: int | None = None, num_threads: int = 0) -> None:
        self.n_jobs = n_jobs
        self.num_threads = num_threads


# The rule reads ``None`` as "every core" only for the packages where it means that.
_ThreadedModel.__module__ = "lightgbm.sklearn"


def test_estimator_thread_parameters_are_capped_at_a_workers_share(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from hyperscout.sklearn._evaluate import cap_estimator_threads

    monkeypatch.delenv("HYPERSCOUT_NATIVE_THREADS", raising=False)
    monkeypatch.setattr("hyperscout._thread_limits.cpu_count", lambda: 4)
    pipe = Pipeline(
        [("lr", LogisticRegression(n_jobs=None)), ("model", _ThreadedModel(num_threads=8))]
    )
    changes = cap_estimator_threads(pipe, 2)
    # LightGBM's None (every physical core) and a count above the share become the share;
    # scikit-learn's None (one job) stays.
    assert changes == {"model__n_jobs": 2, "model__num_threads": 2}
    assert pipe.get_params()["lr__n_jobs"] is None
    small = _ThreadedModel(n_jobs=1, num_threads=0)
    assert cap_estimator_threads(small, 2) == {}  # within the share, or OpenMP's default
    negative = LogisticRegression(n_jobs=-1)
    assert cap_estimator_threads(negative, 4) == {"n_jobs": 1}
    assert cap_estimator_threads(_ThreadedModel(), 1) == {}  # one worker: the whole machine
    monkeypatch.setenv("HYPERSCOUT_NATIVE_THREADS", "unlimited")
    assert cap_estimator_threads(_ThreadedModel(n_jobs=-1), 2) == {}


class _ThreadCountProbe(ClassifierMixin, BaseEstimator):
    """Scores each fold with the ``n_jobs`` it was fitted with (-1 for None: every core, as
    LightGBM reads it), so ``cv_results_`` shows what each worker ran."""

    def __init__(self, c: float = 1.0, n_jobs: int | None = None) -> None:
        self.c = c
        self.n_jobs = n_jobs

    def fit(self, X: Any, y: Any) -> _ThreadCountProbe:
        self.fitted_with_ = self.n_jobs
        return self

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        return -1.0 if self.fitted_with_ is None else float(self.fitted_with_)


# Not importable under this name, so worker processes receive the class by value.
_ThreadCountProbe.__module__ = "lightgbm.sklearn"


@pytest.mark.skipif(cpu_count() < 2, reason="needs at least two cores")
@pytest.mark.parametrize("backend", ["threading", "loky"])
def test_workers_fit_an_all_cores_estimator_with_their_share(backend: str) -> None:
    with joblib.parallel_config(backend=backend):
        search = GridSearchCV(_ThreadCountProbe(), {"c": [1.0, 2.0]}, cv=2, n_jobs=2)
        search.fit(X_IRIS, Y_IRIS)
    seen = [search.cv_results_[f"split{k}_test_score"][i] for i in range(2) for k in range(2)]
    assert seen == [max(1, cpu_count() // 2)] * 4
    assert search.best_estimator_.fitted_with_ is None  # the refit runs alone, as the user set
    one = GridSearchCV(_ThreadCountProbe(), {"c": [1.0]}, cv=2, n_jobs=1).fit(X_IRIS, Y_IRIS)
    assert list(one.cv_results_["split0_test_score"]) == [-1.0]  # one worker: left alone
