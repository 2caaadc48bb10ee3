"""Parameter history, drawn with matplotlib."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._param_history import (
    TITLE,
    ParamHistoryRecord,
    compute_param_history,
)
from hyperscout.visualization._utils import TargetType
from hyperscout.visualization.matplotlib._utils import new_axes, set_param_axis

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["mpl_param_history", "plot_param_history"]


def mpl_param_history(record: ParamHistoryRecord) -> Any:
    """One Axes for one parameter, else an array of Axes (one row per parameter)."""
    plt = _utils.import_pyplot()
    if record.is_empty:
        return new_axes(TITLE)
    n = len(record.params)
    fig, axes = plt.subplots(n, 1, sharex=True, figsize=(6.4, 1.2 + 1.8 * n), squeeze=False)
    axes = axes[:, 0]
    scores = np.concatenate([p.scores for p in record.params])
    finite = scores[np.isfinite(scores)]
    vmin, vmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    sc = None
    for ax, p in zip(axes, record.params):
        done = np.isfinite(p.scores)
        sc = ax.scatter(
            p.numbers[done],
            p.values[done],
            c=p.scores[done],
            cmap="Blues",
            vmin=vmin,
            vmax=vmax,
            s=18,
            edgecolors="grey",
            linewidths=0.4,
        )
        if (~done).any():
            ax.scatter(
                p.numbers[~done], p.values[~done], s=18, facecolors="none", edgecolors="grey"
            )
        set_param_axis(ax, p.axis, "y")
        ax.grid(True, alpha=0.3)
    axes[-1].set_xlabel("Trial")
    fig.suptitle(TITLE)
    if sc is not None:
        fig.colorbar(sc, ax=list(axes), label=record.target_name, pad=0.02)
    return axes[0] if n == 1 else axes


def plot_param_history(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_param_history`."""
    _utils.import_pyplot()
    return mpl_param_history(
        compute_param_history(study, params, target=target, target_name=target_name)
    )
