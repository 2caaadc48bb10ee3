"""Rank plot, drawn with matplotlib."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hyperscout.visualization import _utils
from hyperscout.visualization._rank import COLORMAP, RankRecord, compute_rank, title
from hyperscout.visualization._utils import TargetType
from hyperscout.visualization.matplotlib._utils import new_axes, set_param_axis

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["mpl_rank", "plot_rank"]


def mpl_rank(record: RankRecord) -> Any:
    """One Axes for one or two parameters, else an n x n array of Axes, as Optuna."""
    plt = _utils.import_pyplot()
    if record.is_empty:
        return new_axes(title(record.target_name))
    size = len(record.panels)
    side = 6.4 if size == 1 else max(6.4, 2.4 * size)
    fig, axes = plt.subplots(
        size, size, figsize=(side, side * (0.75 if size == 1 else 1.0)), squeeze=False
    )
    small = record.values.size <= 2000
    sc = None
    for r, row in enumerate(record.panels):
        for c, p in enumerate(row):
            ax = axes[r, c]
            sc = ax.scatter(
                p.x,
                p.y,
                c=record.color[p.rows],
                cmap=COLORMAP,
                vmin=0.0,
                vmax=1.0,
                s=18 if small else 6,
                edgecolors="grey",
                linewidths=0.4 if small else 0.0,  # edges are slow to draw on 10,000 points
            )
            set_param_axis(ax, p.x_axis, "x", label=r == size - 1)
            if p.y_axis is None:
                ax.set_ylabel(record.target_name)
            else:
                set_param_axis(ax, p.y_axis, "y", label=c == 0)
            ax.grid(True, alpha=0.3)
    fig.suptitle(title(record.target_name))
    if sc is not None:
        ticks, labels = record.ticks()
        bar = fig.colorbar(sc, ax=list(axes.ravel()), pad=0.02)
        bar.set_ticks(list(ticks), labels=list(labels))
    return axes[0, 0] if size == 1 else axes


def plot_rank(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_rank`."""
    _utils.import_pyplot()
    return mpl_rank(compute_rank(study, params, target=target, target_name=target_name))
