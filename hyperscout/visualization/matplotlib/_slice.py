"""Slice plot, drawn with matplotlib."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._slice import TITLE, SliceRecord, compute_slice
from hyperscout.visualization._utils import TargetType
from hyperscout.visualization.matplotlib._utils import new_axes, set_param_axis

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["mpl_slice", "plot_slice"]


def mpl_slice(record: SliceRecord) -> Any:
    """One Axes for one parameter, else an array of Axes (one per parameter), as Optuna."""
    plt = _utils.import_pyplot()
    if record.is_empty:
        return new_axes(TITLE)
    n = len(record.params)
    fig, axes = plt.subplots(1, n, sharey=True, figsize=(max(6.4, 3.2 * n), 4.2), squeeze=False)
    axes = axes[0]
    numbers = np.concatenate([p.numbers for p in record.params])
    vmin, vmax = float(numbers.min()), float(numbers.max())
    sc = None
    small = numbers.size <= 2000
    for ax, p in zip(axes, record.params):
        sc = ax.scatter(
            p.x,
            p.y,
            c=p.numbers,
            cmap="Blues",
            vmin=vmin,
            vmax=vmax,
            s=18 if small else 6,
            edgecolors="grey",
            linewidths=0.4 if small else 0.0,  # edges are slow to draw on 10,000 points
        )
        set_param_axis(ax, p.axis, "x")
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel(record.target_name)
    fig.suptitle(TITLE)
    if sc is not None:
        fig.colorbar(sc, ax=list(axes), label="Trial", pad=0.02)
    return axes[0] if n == 1 else axes


def plot_slice(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_slice`."""
    _utils.import_pyplot()
    return mpl_slice(compute_slice(study, params, target=target, target_name=target_name))
