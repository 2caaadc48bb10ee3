"""Learning curves, drawn with matplotlib (one line per state, curves separated by gaps)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hyperscout.visualization import _utils
from hyperscout.visualization._intermediate_values import (
    TITLE,
    IntermediateValuesRecord,
    compute_intermediate_values,
)
from hyperscout.visualization.matplotlib._utils import add_legend, new_axes

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["mpl_intermediate_values", "plot_intermediate_values"]


def mpl_intermediate_values(record: IntermediateValuesRecord) -> Any:
    ax = new_axes(TITLE)
    ax.set_xlabel("Step")
    ax.set_ylabel("Intermediate Value")
    marker = "o" if record.numbers.size <= 100 else None
    for state in ("COMPLETE", "PRUNED", "FAIL", "RUNNING"):
        x, y, _ = record.joined(state)
        if x.size == 0:
            continue
        ax.plot(
            x,
            y,
            marker=marker,
            ms=3,
            lw=1,
            color=_utils.STATE_COLORS[state],
            alpha=0.6 if state == "PRUNED" else 0.9,
            label=state.capitalize(),
        )
    if not record.is_empty:
        add_legend(ax, sum(s.size for s in record.steps))
    return ax


def plot_intermediate_values(study: Study) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_intermediate_values`."""
    _utils.import_pyplot()
    return mpl_intermediate_values(compute_intermediate_values(study))
