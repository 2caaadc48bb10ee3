"""Optimisation history, drawn with matplotlib."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._optimization_history import (
    TITLE,
    OptimizationHistoryRecord,
    compute_optimization_history,
)
from hyperscout.visualization._utils import TargetType
from hyperscout.visualization.matplotlib._utils import add_legend, new_axes

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["mpl_optimization_history", "plot_optimization_history"]


def mpl_optimization_history(record: OptimizationHistoryRecord) -> Any:
    ax = new_axes(TITLE)
    ax.set_xlabel("Trial")
    ax.set_ylabel(record.target_name)
    several = len(record.series) > 1
    for i, s in enumerate(record.series):
        color = _utils.COLORS[i % len(_utils.COLORS)]
        suffix = f" ({s.label})" if several else ""
        if s.values_std is not None:
            ax.errorbar(
                s.numbers,
                s.values,
                yerr=s.values_std,
                fmt="o",
                ms=4,
                color=color,
                alpha=0.7,
                label=record.target_name + suffix,
            )
        else:
            ok = np.ones(s.numbers.size, dtype=bool) if s.feasible is None else s.feasible
            ax.scatter(
                s.numbers[ok],
                s.values[ok],
                s=14,
                color=color,
                alpha=0.7,
                label=record.target_name + suffix,
            )
            if not ok.all():
                ax.scatter(
                    s.numbers[~ok],
                    s.values[~ok],
                    s=14,
                    color=_utils.INFEASIBLE_COLOR,
                    alpha=0.7,
                    label="Infeasible Trial" + suffix,
                )
        if s.best is not None:
            ax.step(
                s.numbers,
                s.best,
                where="post",
                color=color if several else "#d62728",
                label="Best Value" + suffix,
            )
            if s.best_std is not None:
                ax.fill_between(
                    s.numbers,
                    s.best - s.best_std,
                    s.best + s.best_std,
                    step="post",
                    color="#d62728",
                    alpha=0.2,
                )
    if not record.is_empty:
        add_legend(ax, sum(s.numbers.size for s in record.series))
    return ax


def plot_optimization_history(
    study: Study | Sequence[Study],
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
    error_bar: bool = False,
) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_optimization_history`."""
    _utils.import_pyplot()
    return mpl_optimization_history(
        compute_optimization_history(
            study, target=target, target_name=target_name, error_bar=error_bar
        )
    )
