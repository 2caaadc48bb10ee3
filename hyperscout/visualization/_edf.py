"""Empirical distribution function of the target values, one curve per study."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._optimization_history import _as_studies
from hyperscout.visualization._utils import TargetType

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["EDFCurve", "EDFRecord", "compute_edf", "plot_edf", "plotly_edf"]

TITLE = "Empirical Distribution Function Plot"


@dataclass(frozen=True, eq=False)
class EDFCurve:
    label: str
    x: np.ndarray  # sorted target values
    y: np.ndarray  # fraction of trials with a value <= x: (i + 1) / n


@dataclass(frozen=True, eq=False)
class EDFRecord:
    target_name: str
    curves: tuple[EDFCurve, ...]

    @property
    def is_empty(self) -> bool:
        return all(c.x.size == 0 for c in self.curves)


def compute_edf(
    study: Study | Sequence[Study],
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> EDFRecord:
    studies = _as_studies(study)
    curves = []
    for s in studies:
        _utils.check_target(s, target, target_name)
        target_name = _utils.target_label(s, target, target_name)
        _, values = _utils.values_of(_utils.complete_trials(s), target)
        x = np.sort(values)
        curves.append(EDFCurve(s.study_name, x, np.arange(1, x.size + 1) / max(x.size, 1)))
    record = EDFRecord(target_name, tuple(curves))
    if record.is_empty:
        _utils.warn(
            "EDF plot: no COMPLETE trial with a finite value in "
            f"{[s.study_name for s in studies]}; the plot is empty"
        )
    return record


def plotly_edf(record: EDFRecord) -> Any:
    go = _utils.import_plotly()
    fig = go.Figure()
    for i, c in enumerate(record.curves):
        if c.x.size == 0:
            continue
        fig.add_trace(
            go.Scatter(
                x=c.x,
                y=c.y,
                mode="lines",
                name=c.label,
                line={"shape": "hv", "color": _utils.COLORS[i % len(_utils.COLORS)]},
            )
        )
    fig.update_layout(
        title={"text": TITLE},
        xaxis={"title": {"text": record.target_name}},
        yaxis={"title": {"text": "Cumulative Probability"}, "range": [0, 1.02]},
    )
    return fig


def plot_edf(
    study: Study | Sequence[Study],
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Plot the empirical distribution of the COMPLETE trials' values, one curve per study.

    Returns a ``plotly.graph_objects.Figure``.
    """
    _utils.import_plotly()
    return plotly_edf(compute_edf(study, target=target, target_name=target_name))
