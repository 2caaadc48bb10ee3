"""Contour plot, drawn with matplotlib."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._contour import TITLE, ContourRecord, compute_contour, oriented_pair
from hyperscout.visualization._utils import TargetType
from hyperscout.visualization.matplotlib._utils import new_axes, set_param_axis

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["mpl_contour", "plot_contour"]


def mpl_contour(record: ContourRecord) -> Any:
    """One Axes for two parameters, else an n x n array of Axes (diagonal left blank)."""
    plt = _utils.import_pyplot()
    if record.is_empty:
        return new_axes(TITLE)
    names = record.params
    n = len(names)
    zs = np.concatenate([p.z.ravel() for p in record.pairs])
    vmin, vmax = float(np.nanmin(zs)), float(np.nanmax(zs))
    cmap = "Blues_r" if record.direction == "minimize" else "Blues"
    size = 5.0 if n == 2 else 2.6 * n
    fig, axes = plt.subplots(
        1 if n == 2 else n, 1 if n == 2 else n, figsize=(size + 1.0, size), squeeze=False
    )
    cs = None
    pairs = (
        [(0, 0, names[0], names[1])]
        if n == 2
        else [(r, c, names[c], names[r]) for r in range(n) for c in range(n)]
    )
    for r, c, x, y in pairs:
        ax = axes[r, c]
        if x == y:
            ax.axis("off")
            continue
        p = oriented_pair(record, x, y)
        if p.x_grid.size > 1 and p.y_grid.size > 1:
            cs = ax.contourf(p.x_grid, p.y_grid, p.z, levels=15, cmap=cmap, vmin=vmin, vmax=vmax)
        # One colour: a Line2D of markers draws much faster than a scatter collection.
        ax.plot(
            p.x_points,
            p.y_points,
            "o",
            ms=2.5 if p.values.size <= 2000 else 1.0,
            color="black",
            mec="white",
            mew=0.3 if p.values.size <= 2000 else 0.0,
        )
        # Labels on the outer panels only: the bottom one of each column, the leftmost of each
        # row (the diagonal is blank, so the last column's bottom panel is in row n - 2).
        bottom = n == 2 or r == n - 1 or (c == n - 1 and r == n - 2)
        left = n == 2 or c == 0 or (r == 0 and c == 1)
        set_param_axis(ax, p.x_axis, "x", label=bottom, pad=False)
        set_param_axis(ax, p.y_axis, "y", label=left, pad=False)
        if n > 2:  # a grid: no minor ticks (slow to draw), small labels
            ax.minorticks_off()
            ax.tick_params(labelbottom=bottom, labelleft=left, labelsize=7)
    fig.suptitle(TITLE)
    if cs is not None:
        fig.colorbar(cs, ax=axes.ravel().tolist(), label=record.target_name, pad=0.02)
    return axes[0, 0] if n == 2 else axes


def plot_contour(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_contour`."""
    _utils.import_pyplot()
    return mpl_contour(compute_contour(study, params, target=target, target_name=target_name))
