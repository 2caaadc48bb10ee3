"""Timeline per worker, drawn with matplotlib (broken_barh: one collection per lane and state)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._timeline import TITLE, TimelineRecord, compute_timeline
from hyperscout.visualization.matplotlib._utils import new_axes

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["mpl_timeline", "plot_timeline"]


def mpl_timeline(record: TimelineRecord) -> Any:
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    ax = new_axes(TITLE, figsize=(8.0, max(3.0, 0.5 * len(record.workers) + 2.0)))
    ax.set_xlabel("Datetime")
    ax.set_ylabel("Worker")
    if record.is_empty:
        return ax
    start = mdates.date2num(np.asarray(record.start, dtype="datetime64[us]"))
    width = record.seconds() / 86400.0  # matplotlib dates are in days
    width = np.maximum(width, 1e-9)
    states = np.asarray(record.states)
    handles = []
    for state in ("COMPLETE", "PRUNED", "FAIL", "RUNNING"):
        sel_state = states == state
        if not sel_state.any():
            continue
        color = _utils.STATE_COLORS[state]
        for lane in np.unique(record.lanes[sel_state]):
            sel = np.flatnonzero(sel_state & (record.lanes == lane))
            ax.broken_barh(
                list(zip(start[sel], width[sel])),
                (lane - 0.4, 0.8),
                facecolors=color,
                edgecolor="none",
                hatch="//" if state == "RUNNING" else None,
            )
        handles.append(
            Patch(
                color=color, label="Running (ongoing)" if state == "RUNNING" else state.capitalize()
            )
        )
    ax.set_yticks(range(len(record.workers)), list(record.workers))
    ax.set_ylim(-0.6, len(record.workers) - 0.4)
    ax.xaxis_date()
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # sub-second when needed
    lo = float(start.min())
    hi = float((start + width).max())
    pad = max((hi - lo) * 0.02, 1e-7)
    ax.set_xlim(lo - pad, hi + pad)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # off the bars
    return ax


def plot_timeline(study: Study, n_recent_trials: int | None = None) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_timeline`."""
    _utils.import_pyplot()
    return mpl_timeline(compute_timeline(study, n_recent_trials))
