"""Hypervolume history, drawn with matplotlib."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._hypervolume_history import (
    TITLE,
    HypervolumeHistoryRecord,
    compute_hypervolume_history,
)
from hyperscout.visualization.matplotlib._utils import new_axes

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["mpl_hypervolume_history", "plot_hypervolume_history"]


def mpl_hypervolume_history(record: HypervolumeHistoryRecord) -> Any:
    ax = new_axes(TITLE)
    ax.set_xlabel("Trial")
    ax.set_ylabel("Hypervolume")
    if not record.is_empty:
        ax.plot(record.numbers, record.values, marker="o", markersize=3, label="Hypervolume")
        bad = ~record.feasible if record.feasible is not None else None
        if bad is not None and bad.any():
            ax.scatter(
                record.numbers[bad],
                record.values[bad],
                s=30,
                color=_utils.INFEASIBLE_COLOR,
                zorder=3,
                label="Infeasible Trial",
            )
            ax.legend()
    return ax


def plot_hypervolume_history(study: Study, reference_point: Sequence[float] | np.ndarray) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_hypervolume_history`."""
    _utils.import_pyplot()
    return mpl_hypervolume_history(compute_hypervolume_history(study, reference_point))
