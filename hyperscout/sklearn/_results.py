"""``cv_results_`` in scikit-learn's format, built from per-candidate records.

Keys and their order follow ``sklearn.model_selection.GridSearchCV``: ``mean/std_fit_time``,
``mean/std_score_time``, one ``param_<name>`` masked array per parameter, ``params``, then per
metric ``split<k>_test_<metric>``, ``mean/std/rank_test_<metric>`` and, with
``return_train_score``, ``split<k>_train_<metric>`` and ``mean/std_train_<metric>``. A single
metric is called ``score``.

A pruned candidate (fold-level pruning) has NaN for every fold it did not run, a NaN mean and
std test score (so it ranks last and is never ``best_``), fit and score times averaged over the
folds it ran, and ``True`` in the extra ``pruned`` column (present only when a pruner was set).

Candidates evaluated with a resource budget (successive halving) add ``iter`` and
``n_resources`` as the first two keys, as scikit-learn's ``HalvingGridSearchCV`` does.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.ma import MaskedArray

from hyperscout import _warnings
from hyperscout.exceptions import InvalidArgumentError

__all__ = ["CandidateRecord", "format_cv_results", "rank_scores"]


@dataclass
class CandidateRecord:
    """What the search learned about one candidate (one row of ``cv_results_``)."""

    params: dict[str, Any]
    test: dict[str, list[float]]
    train: dict[str, list[float]] | None
    fit_time: list[float]
    score_time: list[float]
    pruned: bool = False
    n_failed: int = 0
    # Measured costs per fold (``objectives=``; see ``_objectives.py``), else None.
    costs: dict[str, list[float]] | None = None
    iteration: int | None = None
    n_resources: int | None = None

    def to_json(self) -> dict[str, Any]:
        def clean(xs: Sequence[float]) -> list[float | None]:
            return [None if math.isnan(x) else float(x) for x in xs]

        data: dict[str, Any] = {
            "test": {k: clean(v) for k, v in self.test.items()},
            "train": None if self.train is None else {k: clean(v) for k, v in self.train.items()},
            "fit_time": clean(self.fit_time),
            "score_time": clean(self.score_time),
            "pruned": self.pruned,
            "n_failed": self.n_failed,
        }
        if self.costs is not None:
            data["costs"] = {k: clean(v) for k, v in self.costs.items()}
        if self.iteration is not None:
            data["iter"] = self.iteration
            data["n_resources"] = self.n_resources
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], params: dict[str, Any]) -> CandidateRecord:
        def restore(xs: Sequence[float | None]) -> list[float]:
            return [math.nan if x is None else float(x) for x in xs]

        train = data.get("train")
        costs = data.get("costs")
        return cls(
            params=params,
            test={k: restore(v) for k, v in data["test"].items()},
            train=None if train is None else {k: restore(v) for k, v in train.items()},
            fit_time=restore(data["fit_time"]),
            score_time=restore(data["score_time"]),
            pruned=bool(data.get("pruned", False)),
            n_failed=int(data.get("n_failed", 0)),
            costs=None if costs is None else {k: restore(v) for k, v in costs.items()},
            iteration=None if data.get("iter") is None else int(data["iter"]),
            n_resources=None if data.get("n_resources") is None else int(data["n_resources"]),
        )


def _param_arrays(candidate_params: Sequence[dict[str, Any]]) -> dict[str, MaskedArray]:
    n = len(candidate_params)
    by_name: dict[str, dict[int, Any]] = {}
    for i, params in enumerate(candidate_params):
        for name, value in params.items():
            by_name.setdefault(f"param_{name}", {})[i] = value
    out: dict[str, MaskedArray] = {}
    for key, values in by_name.items():
        listed = list(values.values())
        try:
            probe = np.array(listed)
        except ValueError:  # ragged sequences
            dtype = np.dtype(object)
        else:
            # Strings and values that numpy would turn into a 2-D array stay objects.
            dtype = probe.dtype if probe.dtype.kind != "U" and probe.ndim == 1 else np.dtype(object)
        arr = MaskedArray(np.empty(n, dtype=dtype), mask=True)
        for i, value in values.items():
            arr[i] = value
        out[key] = arr
    return out


def rank_scores(means: np.ndarray) -> np.ndarray:
    """Rank 1 for the highest mean; NaN means tie with one another below every finite mean."""
    from scipy.stats import rankdata

    if means.size == 0 or np.isnan(means).all():
        return np.ones_like(means, dtype=np.int32)
    filled = np.where(np.isnan(means), np.nanmin(means) - 1, means)
    return rankdata(-filled, method="min").astype(np.int32, copy=False)


def _mean_std(array: np.ndarray, ignore_nan: bool) -> tuple[np.ndarray, np.ndarray]:
    if ignore_nan:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            means = np.nanmean(array, axis=1)
            stds = np.sqrt(np.nanmean((array - means[:, None]) ** 2, axis=1))
        return means, stds
    means = np.average(array, axis=1)
    stds = np.sqrt(np.average((array - means[:, None]) ** 2, axis=1))
    return means, stds


def _budget_columns(records: Sequence[CandidateRecord]) -> dict[str, Any]:
    with_budget = [r.iteration is not None for r in records]
    if not any(with_budget):
        return {}
    if not all(with_budget):
        raise InvalidArgumentError(
            "a search strategy gives a resource budget to every candidate or to none, got "
            f"{with_budget.count(True)} candidates with one and {with_budget.count(False)} "
            "without"
        )
    return {
        "iter": np.array([r.iteration for r in records], dtype=np.int64),
        "n_resources": np.array([r.n_resources for r in records], dtype=np.int64),
    }


def format_cv_results(
    records: Sequence[CandidateRecord],
    n_splits: int,
    *,
    return_train_score: bool,
    with_pruned_column: bool,
    rank_train: bool = False,
) -> dict[str, Any]:
    n = len(records)
    results: dict[str, Any] = _budget_columns(records)
    pruned = np.array([r.pruned for r in records], dtype=bool)

    for key in ("fit_time", "score_time"):
        arr = np.array([getattr(r, key) for r in records], dtype=np.float64).reshape(n, n_splits)
        means, stds = _mean_std(arr, ignore_nan=True)
        results[f"mean_{key}"] = means
        results[f"std_{key}"] = stds

    candidate_params = [r.params for r in records]
    results.update(_param_arrays(candidate_params))
    results["params"] = candidate_params

    metrics = list(records[0].test) if records else ["score"]
    for metric in metrics:
        test = np.array([r.test[metric] for r in records], dtype=np.float64).reshape(n, n_splits)
        for k in range(n_splits):
            results[f"split{k}_test_{metric}"] = test[:, k]
        means, stds = _mean_std(test, ignore_nan=False)
        results[f"mean_test_{metric}"] = means
        results[f"std_test_{metric}"] = stds
        if np.any(~np.isfinite(means[~pruned])):
            _warnings.warn(f"One or more of the test scores are non-finite: {means}", UserWarning)
        results[f"rank_test_{metric}"] = rank_scores(means)
        if return_train_score:
            train = np.array(
                [r.train[metric] if r.train is not None else [np.nan] * n_splits for r in records],
                dtype=np.float64,
            ).reshape(n, n_splits)
            for k in range(n_splits):
                results[f"split{k}_train_{metric}"] = train[:, k]
            tmeans, tstds = _mean_std(train, ignore_nan=False)
            results[f"mean_train_{metric}"] = tmeans
            results[f"std_train_{metric}"] = tstds
            if np.any(~np.isfinite(tmeans[~pruned])):
                _warnings.warn(
                    f"One or more of the train scores are non-finite: {tmeans}", UserWarning
                )
    if rank_train and return_train_score:
        for metric in metrics:
            results[f"rank_train_{metric}"] = rank_scores(results[f"mean_train_{metric}"])
    if with_pruned_column:
        results["pruned"] = pruned
    return results
