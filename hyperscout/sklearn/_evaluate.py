"""Fitting and scoring one candidate on one fold, and the worker pool that runs those jobs.

Workers are joblib's (see :class:`WorkerPool`). Each job runs under ``threadpoolctl`` limits of
``cores // n_workers`` native threads, set in the job itself (OpenMP's limit is per calling
thread, and a library loaded by an earlier job must be limited too), whichever backend runs it.
An estimator that sets its own thread count overrides those limits (LightGBM's default
``n_jobs=None`` asks for every physical core), so the job also caps the estimator's thread
parameters (:func:`cap_estimator_threads`). Together this is what keeps a LightGBM or BLAS
estimator inside ``n_jobs=2`` from starting ``2 x cores`` threads.
"""

from __future__ import annotations

import numbers
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.parallel import cpu_count, limit_native_threads, threads_per_worker
from hyperscout.sklearn._objectives import measure_costs

__all__ = [
    "FoldResult",
    "FoldTask",
    "WorkerPool",
    "cap_estimator_threads",
    "effective_n_jobs",
    "fit_and_score_fold",
]

ScorerType = Callable[..., Any]


def effective_n_jobs(n_jobs: int | None, n_tasks_hint: int | None = None) -> int:
    """scikit-learn's ``n_jobs`` rule (None -> 1, -1 -> all cores, -2 -> all but one), capped
    at the number of cores so that workers never outnumber them."""
    if n_jobs is None:
        return 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral) or n_jobs == 0:
        raise InvalidArgumentError(
            f"n_jobs must be a non-zero integer or None, got n_jobs={n_jobs!r}"
        )
    cores = cpu_count()
    n = int(n_jobs) if n_jobs > 0 else max(1, cores + 1 + int(n_jobs))
    n = min(n, cores)
    if n_tasks_hint is not None:
        n = min(n, max(1, n_tasks_hint))
    return max(1, n)


# Parameters through which an estimator picks its own native thread count: scikit-learn's and
# LightGBM's/XGBoost's ``n_jobs``, LightGBM's ``num_threads``, XGBoost's ``nthread``, CatBoost's
# ``thread_count``.
_THREAD_PARAMS = frozenset({"n_jobs", "num_threads", "nthread", "thread_count"})
# Packages whose estimators read ``None`` as "every core" (scikit-learn reads it as one job).
_NONE_MEANS_ALL_CORES = frozenset({"lightgbm", "xgboost", "catboost"})


def _none_means_all_cores(owner: Any) -> bool:
    """Whether ``owner``'s class (or a class it derives from) comes from such a package."""
    return any(
        str(getattr(cls, "__module__", "")).partition(".")[0] in _NONE_MEANS_ALL_CORES
        for cls in type(owner).__mro__
    )


def cap_estimator_threads(estimator: Any, n_workers: int) -> dict[str, int]:
    """Cap the thread parameters of ``estimator`` and of its nested estimators (Pipeline steps,
    meta-estimators) at :func:`~hyperscout.parallel.threads_per_worker` of ``n_workers``.

    A value that asks for every core (``None`` for LightGBM, XGBoost and CatBoost, any negative
    value, joblib's convention) or for more threads than a worker's share becomes the share; a
    smaller positive value, ``0`` (the library's OpenMP default, which the job's ``threadpoolctl``
    limit already bounds) and non-integers stay. Does nothing for a single worker or when
    ``HYPERSCOUT_NATIVE_THREADS=unlimited``. Returns the parameters it set.
    """
    limit = threads_per_worker(n_workers)
    if limit is None or n_workers <= 1 or not hasattr(estimator, "get_params"):
        return {}
    params = estimator.get_params(deep=True)
    changes: dict[str, int] = {}
    for key, value in params.items():
        owner_key, _, name = key.rpartition("__")
        if name not in _THREAD_PARAMS:
            continue
        owner = params.get(owner_key, None) if owner_key else estimator
        if value is None:
            if _none_means_all_cores(owner):
                changes[key] = limit
        elif (
            isinstance(value, numbers.Integral)
            and not isinstance(value, bool)
            and (int(value) < 0 or int(value) > limit)
        ):
            changes[key] = limit
    if changes:
        estimator.set_params(**changes)
    return changes


@dataclass(frozen=True)
class FoldTask:
    """Everything one fold job needs (no study, no storage: a pure function of its inputs)."""

    estimator: Any
    params: Mapping[str, Any]
    train: np.ndarray
    test: np.ndarray
    fold: int
    measure_costs: bool = False  # objectives=: also measure the fitted model's costs


@dataclass
class FoldResult:
    fold: int
    test_scores: dict[str, float] | float
    train_scores: dict[str, float] | float | None
    fit_time: float
    score_time: float
    failed: bool = False
    error: str | None = None
    exception: BaseException | None = field(default=None, repr=False)
    score_error: str | None = None
    costs: dict[str, float] | None = None


def num_samples(x: Any) -> int:
    """The number of samples (rows) of an array, sparse matrix, DataFrame, Series or sequence.

    Our own helper: scikit-learn's ``_num_samples`` is private.
    """
    shape = getattr(x, "shape", None)
    if shape is not None:
        if len(shape) == 0:
            raise InvalidTypeError(f"expected an array-like of samples, got a 0-d array {x!r}")
        return int(shape[0])
    if isinstance(x, str | bytes) or not hasattr(x, "__len__"):
        raise InvalidTypeError(f"expected an array-like of samples, got {type(x).__name__}")
    return len(x)


def split_fit_params(
    fit_params: Mapping[str, Any], n_samples: int, indices: np.ndarray
) -> dict[str, Any]:
    """Index the fit parameters that have one entry per sample (sample_weight etc.)."""
    from sklearn.utils import _safe_indexing

    out: dict[str, Any] = {}
    for key, value in fit_params.items():
        if (
            value is not None
            and not isinstance(value, str | bytes)
            and (hasattr(value, "__len__") or hasattr(value, "shape"))
            and not np.isscalar(value)
        ):
            try:
                n = num_samples(value)
            except TypeError:
                out[key] = value
                continue
            out[key] = _safe_indexing(value, indices) if n == n_samples else value
        else:
            out[key] = value
    return out


def _split_xy(
    estimator: Any, X: Any, y: Any, train: np.ndarray, test: np.ndarray
) -> tuple[Any, Any, Any, Any]:
    from sklearn.utils import _safe_indexing, get_tags

    if get_tags(estimator).input_tags.pairwise:
        if not hasattr(X, "shape"):
            raise InvalidArgumentError(
                "a pairwise estimator (precomputed kernel or distances) needs a square X array, "
                f"got {type(X).__name__}"
            )
        X_train = X[np.ix_(train, train)]
        X_test = X[np.ix_(test, train)]
    else:
        X_train = _safe_indexing(X, train)
        X_test = _safe_indexing(X, test)
    if y is None:
        return X_train, X_test, None, None
    return X_train, X_test, _safe_indexing(y, train), _safe_indexing(y, test)


def _call_scorer(scorer: ScorerType, est: Any, X: Any, y: Any, weight: Any) -> Any:
    """Call a scorer, with ``sample_weight`` when the fit had one and the metric takes it (as
    scikit-learn >= 1.7 does); a metric without ``sample_weight`` is called without it."""
    args = (est, X, y) if y is not None else (est, X)
    if weight is None:
        return scorer(*args)
    try:
        return scorer(*args, sample_weight=weight)
    except TypeError as err:
        if "sample_weight" not in str(err):
            raise
        return scorer(*args)


def _score(
    scorer: ScorerType | Mapping[str, ScorerType], est: Any, X: Any, y: Any, weight: Any = None
) -> Any:
    if isinstance(scorer, Mapping):
        return {
            name: _check_score(name, _call_scorer(s, est, X, y, weight))
            for name, s in scorer.items()
        }
    value = _call_scorer(scorer, est, X, y, weight)
    if isinstance(value, Mapping):
        return {name: _check_score(name, v) for name, v in value.items()}
    return _check_score("score", value)


def _check_score(name: str, value: Any) -> float:
    if hasattr(value, "item"):
        try:
            value = value.item()
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        raise InvalidArgumentError(
            f"scoring must return a number, got {value!r} ({type(value).__name__}) for "
            f"metric {name!r}"
        )
    return float(value)  # type: ignore[arg-type]


def _error_scores(
    scorer: ScorerType | Mapping[str, ScorerType], error_score: float
) -> dict[str, float] | float:
    if isinstance(scorer, Mapping):
        return {name: error_score for name in scorer}
    return error_score


def fit_and_score_fold(
    task: FoldTask,
    X: Any,
    y: Any,
    fit_params: Mapping[str, Any],
    scorer: ScorerType | Mapping[str, ScorerType],
    return_train_score: bool,
    error_score: Any,
    n_workers: int,
) -> FoldResult:
    """Clone-free: ``task.estimator`` is already a fresh clone. Never raises when
    ``error_score`` is numeric; with ``error_score='raise'`` the exception is kept on the result
    and re-raised by the caller in the main thread."""
    with limit_native_threads(n_workers):
        return _fit_and_score(
            task, X, y, fit_params, scorer, return_train_score, error_score, n_workers
        )


def _fit_and_score(
    task: FoldTask,
    X: Any,
    y: Any,
    fit_params: Mapping[str, Any],
    scorer: ScorerType | Mapping[str, ScorerType],
    return_train_score: bool,
    error_score: Any,
    n_workers: int = 1,
) -> FoldResult:
    from sklearn.base import clone

    est = task.estimator
    start = time.perf_counter()
    try:
        if task.params:
            # Clone the values too: an estimator given as a parameter value must not be shared
            # (and fitted) by several folds at once.
            est.set_params(**clone(dict(task.params), safe=False))
        cap_estimator_threads(est, n_workers)
        X_train, X_test, y_train, y_test = _split_xy(est, X, y, task.train, task.test)
        fp = split_fit_params(fit_params, num_samples(X), task.train)
        if y_train is None:
            est.fit(X_train, **fp)
        else:
            est.fit(X_train, y_train, **fp)
    except Exception as exc:
        fit_time = time.perf_counter() - start
        if error_score == "raise":
            return FoldResult(task.fold, np.nan, None, fit_time, 0.0, True, _format(exc), exc)
        errs = _error_scores(scorer, float(error_score))
        return FoldResult(
            task.fold,
            errs,
            errs if return_train_score else None,
            fit_time,
            0.0,
            True,
            _format(exc),
        )
    fit_time = time.perf_counter() - start
    start = time.perf_counter()
    try:
        weights = fit_params.get("sample_weight")
        n = num_samples(X)
        w_test = None if weights is None else split_fit_params({"w": weights}, n, task.test)["w"]
        test_scores = _score(scorer, est, X_test, y_test, w_test)
        score_time = time.perf_counter() - start
        if return_train_score:
            w_train = None if weights is None else fp.get("sample_weight")
            train_scores = _score(scorer, est, X_train, y_train, w_train)
        else:
            train_scores = None
    except Exception as exc:
        score_time = time.perf_counter() - start
        if error_score == "raise":
            return FoldResult(
                task.fold, np.nan, None, fit_time, score_time, True, _format(exc), exc
            )
        # As in scikit-learn, a scoring failure is not a failed fit: the score is error_score.
        errs = _error_scores(scorer, float(error_score))
        return FoldResult(
            task.fold,
            errs,
            errs if return_train_score else None,
            fit_time,
            score_time,
            score_error=_format(exc),
        )
    result = FoldResult(task.fold, test_scores, train_scores, fit_time, score_time)
    if task.measure_costs:
        result.costs = measure_costs(est, X_test)
    return result


def _format(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


_LOCAL_BACKENDS = ("loky", "threading", "multiprocessing", "sequential")


def _backend_name(backend: Any) -> str:
    name = type(backend).__name__.lower()
    for local in _LOCAL_BACKENDS:
        if name.startswith(local):
            return local
    return name.removesuffix("backend")


class WorkerPool:
    """Runs fold jobs inline (one worker) or through joblib; results keep job order.

    The backend is joblib's active one, as in scikit-learn's own searches: processes (loky) by
    default, threads under ``joblib.parallel_config(backend="threading")``, a Dask cluster under
    ``parallel_config(backend="dask")``. ``n_jobs=None`` takes the ``n_jobs`` of an enclosing
    ``parallel_config`` (else 1). On the machine's own cores (loky, threads, multiprocessing)
    the workers are capped at one per core and each job limits native threads to
    ``cores // workers``; on a cluster each job runs one native thread (a Dask worker's cores
    are already shared by its own threads).
    """

    def __init__(self, n_jobs: int | None, pre_dispatch: int | str = "2*n_jobs") -> None:
        from joblib.parallel import get_active_backend

        backend, config_n_jobs = get_active_backend()
        self.backend = _backend_name(backend)
        if n_jobs is None and config_n_jobs is not None:
            n_jobs = int(config_n_jobs)
        if self.backend in _LOCAL_BACKENDS:
            self.n_workers = 1 if self.backend == "sequential" else effective_n_jobs(n_jobs)
            self.limit_for = self.n_workers
        else:
            import joblib

            effective_n_jobs(n_jobs)  # the same validation as on local cores
            self.n_workers = max(1, int(joblib.effective_n_jobs(1 if n_jobs is None else n_jobs)))
            self.limit_for = max(self.n_workers, cpu_count())
        self.pre_dispatch = pre_dispatch
        self._parallel: Any = None

    def map(
        self, func: Callable[..., FoldResult], jobs: Sequence[tuple[Any, ...]]
    ) -> list[FoldResult]:
        if self.n_workers <= 1 or len(jobs) <= 1:
            return [func(*job) for job in jobs]
        if self._parallel is None:
            import joblib

            self._parallel = joblib.Parallel(n_jobs=self.n_workers, pre_dispatch=self.pre_dispatch)
            self._parallel.__enter__()
        from joblib import delayed

        return list(self._parallel(delayed(func)(*job) for job in jobs))

    def close(self) -> None:
        if self._parallel is not None:
            self._parallel.__exit__(None, None, None)
            self._parallel = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
