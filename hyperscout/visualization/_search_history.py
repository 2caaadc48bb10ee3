"""History of a scikit-learn style search (``*SearchCV.cv_results_``): the mean CV score of each
candidate with its std band, and the best score so far.

Works for hyperscout's ``*SearchCV`` and scikit-learn's ``GridSearchCV`` / ``RandomizedSearchCV``
alike: only the documented ``cv_results_`` keys (``mean_test_<metric>``, ``std_test_<metric>``)
are read. Scores are greater-is-better, as scikit-learn's scorers are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.visualization import _utils

__all__ = [
    "SearchHistoryRecord",
    "compute_search_history",
    "plot_search_history",
    "plotly_search_history",
]

TITLE = "Search History"


@dataclass(frozen=True, eq=False)
class SearchHistoryRecord:
    metric: str
    iterations: np.ndarray  # candidate index, in the order the search evaluated them
    mean: np.ndarray  # mean test score (NaN for a failed fit)
    std: np.ndarray
    best: np.ndarray  # best mean score so far
    best_index: int  # -1 if every candidate failed
    label: str = ""  # the metric's display name (e.g. "ROC AUC"), when the search's study has one

    @property
    def metric_label(self) -> str:
        return self.label or self.metric

    @property
    def is_empty(self) -> bool:
        return self.iterations.size == 0


def _cv_results(cv_results_or_search: Any) -> Mapping[str, Any]:
    if isinstance(cv_results_or_search, Mapping):
        return cv_results_or_search
    results = getattr(cv_results_or_search, "cv_results_", None)
    if results is None:
        raise InvalidTypeError(
            "plot_search_history takes a fitted *SearchCV (with cv_results_) or its cv_results_ "
            f"dict, got {type(cv_results_or_search).__name__}"
            + (" that is not fitted yet" if hasattr(cv_results_or_search, "fit") else "")
        )
    return results


def compute_search_history(
    cv_results_or_search: Any, *, metric: str | None = None
) -> SearchHistoryRecord:
    results = _cv_results(cv_results_or_search)
    metrics = sorted(k[len("mean_test_") :] for k in results if k.startswith("mean_test_"))
    if metric is None:
        if "score" in metrics:
            metric = "score"
        elif len(metrics) == 1:
            metric = metrics[0]
        else:
            raise InvalidArgumentError(
                "cv_results_ has several metrics; choose one with metric=..., got metrics "
                f"{metrics!r}"
            )
    if metric not in metrics:
        raise InvalidArgumentError(
            f"cv_results_ has no key 'mean_test_{metric}'; metrics present: {metrics!r}"
        )
    mean = np.asarray(results[f"mean_test_{metric}"], dtype=float)
    std_key = f"std_test_{metric}"
    std = np.asarray(results[std_key], dtype=float) if std_key in results else np.zeros_like(mean)
    best = _utils.best_so_far(mean, "maximize")
    finite = np.isfinite(mean)
    best_index = int(np.nanargmax(np.where(finite, mean, np.nan))) if finite.any() else -1
    if mean.size == 0:
        _utils.warn("search history: cv_results_ has no candidate; the plot is empty")
    elif best_index < 0:
        _utils.warn("search history: every candidate's score is NaN (all fits failed)")
    label = ""
    study = getattr(cv_results_or_search, "study_", None)
    names = getattr(study, "metric_names", None) if study is not None else None
    if metric == "score" and names:
        label = str(names[0])
    return SearchHistoryRecord(metric, np.arange(mean.size), mean, std, best, best_index, label)


def plotly_search_history(record: SearchHistoryRecord) -> Any:
    go = _utils.import_plotly()
    fig = go.Figure()
    if not record.is_empty:
        it = record.iterations
        ok = np.isfinite(record.mean)
        fig.add_trace(
            go.Scatter(
                x=np.concatenate([it[ok], it[ok][::-1]]),
                y=np.concatenate(
                    [(record.mean + record.std)[ok], (record.mean - record.std)[ok][::-1]]
                ),
                fill="toself",
                fillcolor="rgba(31,119,180,0.2)",
                line={"width": 0},
                mode="lines",
                hoverinfo="skip",
                name="± 1 std across folds",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=it,
                y=record.mean,
                mode="lines+markers",
                line={"color": _utils.COLORS[0], "width": 1},
                marker={"size": 5},
                name=f"mean CV {record.metric_label}",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=it,
                y=record.best,
                mode="lines",
                line={"color": _utils.COLORS[3], "shape": "hv", "width": 2},
                name="best so far",
            )
        )
    fig.update_layout(
        title={"text": TITLE},
        xaxis={"title": {"text": "Iteration (candidate)"}},
        yaxis={"title": {"text": f"Mean CV {record.metric_label}"}},
    )
    return fig


def plot_search_history(cv_results_or_search: Any, *, metric: str | None = None) -> Any:
    """Plot a search's mean CV score per candidate (std band) and the best score so far.

    Takes a fitted ``*SearchCV`` or its ``cv_results_``; ``metric`` picks one of several
    scorers (default ``"score"``). Returns a ``plotly.graph_objects.Figure``.
    """
    _utils.import_plotly()
    return plotly_search_history(compute_search_history(cv_results_or_search, metric=metric))
