"""Empirical distribution function, drawn with matplotlib."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hyperscout.visualization import _utils
from hyperscout.visualization._edf import TITLE, EDFRecord, compute_edf
from hyperscout.visualization._utils import TargetType
from hyperscout.visualization.matplotlib._utils import add_legend, new_axes

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["mpl_edf", "plot_edf"]


def mpl_edf(record: EDFRecord) -> Any:
    ax = new_axes(TITLE)
    ax.set_xlabel(record.target_name)
    ax.set_ylabel("Cumulative Probability")
    ax.set_ylim(0, 1.02)
    for i, c in enumerate(record.curves):
        if c.x.size:
            ax.step(
                c.x, c.y, where="post", color=_utils.COLORS[i % len(_utils.COLORS)], label=c.label
            )
    if not record.is_empty:
        add_legend(ax, sum(c.x.size for c in record.curves))
    return ax


def plot_edf(
    study: Study | Sequence[Study],
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_edf`."""
    _utils.import_pyplot()
    return mpl_edf(compute_edf(study, target=target, target_name=target_name))
