"""Optimizer comparison, drawn with matplotlib."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._comparison import TITLE, ComparisonRecord, compute_comparison
from hyperscout.visualization._utils import TargetType
from hyperscout.visualization.matplotlib._utils import add_legend, new_axes

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["mpl_comparison", "plot_comparison"]

_LINESTYLES = ("-", "--", "-.", ":")


def mpl_comparison(record: ComparisonRecord) -> Any:
    ax = new_axes(TITLE)
    ax.set_xlabel("Trials" if record.x_kind == "trials" else "Wall-clock time (s)")
    if record.x_kind == "trials":
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no "trial 2.5"
    ax.set_ylabel(f"Best {record.target_name} so far")
    drawn = False
    for i, g in enumerate(record.groups):
        ok = ~np.isnan(g.median)
        if not ok.any():
            continue
        color = _utils.COLORS[i % len(_utils.COLORS)]
        label = f"{g.label} (median of {g.n_runs})" if g.n_runs > 1 else g.label
        style = _LINESTYLES[i % len(_LINESTYLES)]  # overlapping curves stay distinguishable
        ax.step(g.x[ok], g.median[ok], where="post", color=color, lw=2, ls=style, label=label)
        if g.n_runs > 1:
            ax.fill_between(
                g.x[ok], g.q25[ok], g.q75[ok], step="post", color=color, alpha=0.2, lw=0
            )
        drawn = True
    if drawn:
        add_legend(ax, sum(g.x.size for g in record.groups))
    return ax


def plot_comparison(
    studies: Sequence[Study] | Mapping[str, Sequence[Study] | Study],
    *,
    x: str = "trials",
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_comparison` (the band is the
    25-75% range across each group's runs)."""
    _utils.import_pyplot()
    return mpl_comparison(compute_comparison(studies, x=x, target=target, target_name=target_name))
