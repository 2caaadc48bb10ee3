"""Search history of a *SearchCV, drawn with matplotlib."""

from __future__ import annotations

from typing import Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._search_history import (
    TITLE,
    SearchHistoryRecord,
    compute_search_history,
)
from hyperscout.visualization.matplotlib._utils import add_legend, new_axes

__all__ = ["mpl_search_history", "plot_search_history"]


def mpl_search_history(record: SearchHistoryRecord) -> Any:
    ax = new_axes(TITLE)
    ax.set_xlabel("Iteration (candidate)")
    ax.set_ylabel(f"Mean CV {record.metric_label}")
    if record.is_empty:
        return ax
    it = record.iterations
    ok = np.isfinite(record.mean)
    ax.fill_between(
        it[ok],
        (record.mean - record.std)[ok],
        (record.mean + record.std)[ok],
        color=_utils.COLORS[0],
        alpha=0.2,
        lw=0,
        label="± 1 std across folds",
    )
    ax.plot(
        it,
        record.mean,
        "o-",
        ms=3,
        lw=1,
        color=_utils.COLORS[0],
        label=f"mean CV {record.metric_label}",
    )
    ax.step(it, record.best, where="post", color=_utils.COLORS[3], lw=2, label="best so far")
    add_legend(ax, record.iterations.size)
    return ax


def plot_search_history(cv_results_or_search: Any, *, metric: str | None = None) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_search_history`."""
    _utils.import_pyplot()
    return mpl_search_history(compute_search_history(cv_results_or_search, metric=metric))
