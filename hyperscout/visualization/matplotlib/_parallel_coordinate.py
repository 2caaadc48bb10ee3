"""Parallel coordinates, drawn with matplotlib (one LineCollection, so 10,000 lines stay fast)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._parallel_coordinate import (
    TITLE,
    ParallelCoordinateRecord,
    compute_parallel_coordinate,
)
from hyperscout.visualization._utils import TargetType
from hyperscout.visualization.matplotlib._utils import new_axes

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["mpl_parallel_coordinate", "plot_parallel_coordinate"]


def _unit(v: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return (v - lo) / (hi - lo) if hi > lo else np.full(v.shape, 0.5)


def mpl_parallel_coordinate(record: ParallelCoordinateRecord) -> Any:
    from matplotlib.collections import LineCollection

    _utils.import_pyplot()
    n_dims = len(record.dims) + 1
    ax = new_axes(TITLE, figsize=(max(6.4, 1.6 * n_dims + 1.5), 4.8))
    if record.is_empty:
        return ax
    ax.grid(False)
    cols = [_unit(record.values, float(record.values.min()), float(record.values.max()))]
    tick_sets: list[tuple[list[float], list[str]]] = []
    lo_v, hi_v = float(record.values.min()), float(record.values.max())
    vt = list(np.linspace(lo_v, hi_v, 5)) if hi_v > lo_v else [lo_v]
    tick_sets.append(
        ([float(t) for t in _unit(np.asarray(vt), lo_v, hi_v)], [f"{t:.3g}" for t in vt])
    )
    labels = [record.target_name]
    for d in record.dims:
        drawn = d.drawn()
        if d.axis.categorical:
            lo, hi = 0.0, float(max(len(d.axis.categories) - 1, 1))
        else:
            lo, hi = float(drawn.min()), float(drawn.max())
        cols.append(_unit(drawn, lo, hi))
        pos, text = d.ticks()
        keep = [(p, t) for p, t in zip(pos, text) if lo - 1e-9 <= p <= hi + 1e-9] or list(
            zip(pos, text)
        )
        tick_sets.append(
            ([float(_unit(np.asarray([p]), lo, hi)[0]) for p, _ in keep], [t for _, t in keep])
        )
        labels.append(d.axis.name + (" (log)" if d.axis.log else ""))
    ys = np.column_stack(cols)  # (n_lines, n_dims)
    xs = np.broadcast_to(np.arange(n_dims, dtype=float), ys.shape)
    segments = np.stack([xs, ys], axis=2)
    order = np.argsort(record.values)
    if record.direction == "minimize":
        order = order[::-1]  # draw the best lines last, on top
    cmap = "Blues_r" if record.direction == "minimize" else "Blues"
    many = ys.shape[0] > 2000  # antialiasing thousands of lines doubles the drawing time
    lc = LineCollection(
        list(segments[order]), cmap=cmap, linewidths=0.8, alpha=0.7, antialiaseds=not many
    )
    lc.set_array(record.values[order])
    ax.add_collection(lc)
    for i, (pos, text) in enumerate(tick_sets):
        ax.axvline(i, color="black", linewidth=0.8)
        for p, t in zip(pos, text):
            ax.text(i + 0.03, p, t, fontsize=7, va="center", ha="left")
    ax.set_xlim(-0.2, n_dims - 0.6)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xticks(range(n_dims), labels, rotation=20)
    ax.set_yticks([])
    ax.figure.colorbar(lc, ax=ax, label=record.target_name, pad=0.02)
    return ax


def plot_parallel_coordinate(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_parallel_coordinate`."""
    _utils.import_pyplot()
    return mpl_parallel_coordinate(
        compute_parallel_coordinate(study, params, target=target, target_name=target_name)
    )
