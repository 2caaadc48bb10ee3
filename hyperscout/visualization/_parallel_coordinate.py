"""Parallel coordinates: one vertical axis per parameter plus the target, one line per trial."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._utils import ParamAxis, TargetType

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "ParallelCoordinateRecord",
    "ParallelDim",
    "compute_parallel_coordinate",
    "plot_parallel_coordinate",
    "plotly_parallel_coordinate",
]

TITLE = "Parallel Coordinate Plot"


@dataclass(frozen=True, eq=False)
class ParallelDim:
    axis: ParamAxis
    values: np.ndarray  # one per trial line; categorical: index into axis.categories

    def drawn(self) -> np.ndarray:
        """The values as placed on the axis: log10 on a log axis."""
        return np.log10(self.values) if self.axis.log else self.values

    def ticks(self) -> tuple[list[float], list[str]]:
        """Tick positions (in drawn units) and labels."""
        if self.axis.categorical:
            return list(range(len(self.axis.categories))), list(self.axis.categories)
        if self.values.size == 0:
            return [], []
        if self.axis.log:
            first = math.floor(float(np.log10(self.values.min())))
            last = math.ceil(float(np.log10(self.values.max())))
            pos = [float(p) for p in range(first, last + 1)]
            return pos, [f"{10.0**p:g}" for p in pos]
        lo, hi = float(self.values.min()), float(self.values.max())
        pos = list(np.linspace(lo, hi, 5)) if hi > lo else [lo]
        return [float(p) for p in pos], [f"{p:.3g}" for p in pos]


@dataclass(frozen=True, eq=False)
class ParallelCoordinateRecord:
    target_name: str
    direction: str
    values: np.ndarray  # target value of each line
    numbers: np.ndarray  # trial number of each line
    dims: tuple[ParallelDim, ...]  # parameters, in order (the target axis comes first when drawn)
    n_skipped: int  # COMPLETE trials left out because they lack one of the parameters

    @property
    def is_empty(self) -> bool:
        return self.values.size == 0 or len(self.dims) == 0


def compute_parallel_coordinate(
    study: Study,
    params: Sequence[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> ParallelCoordinateRecord:
    study = _utils.as_study(study)
    _utils.check_study(study)
    _utils.check_target(study, target, target_name)
    target_name = _utils.target_label(study, target, target_name)
    trials, values = _utils.values_of(_utils.complete_trials(study), target)
    names = _utils.select_params(trials, params, plot="parallel coordinate plot")
    direction = _utils.direction_name(study)
    keep = [i for i, t in enumerate(trials) if all(n in t.params for n in names)]
    kept = [trials[i] for i in keep]
    empty = ParallelCoordinateRecord(
        target_name, direction, np.empty(0), np.empty(0, dtype=int), (), len(trials)
    )
    if not names or not kept:
        _utils.warn(
            f"parallel coordinate plot: study {study.study_name!r} has no COMPLETE trial with a "
            f"finite value and all of the parameters {names!r}; the plot is empty"
        )
        return empty
    dims = []
    for n in names:
        axis = _utils.param_axis(n, kept)
        _, v = _utils.param_values(axis, kept)
        dims.append(ParallelDim(axis, v))
    numbers = np.asarray([t.number for t in kept], dtype=int)
    return ParallelCoordinateRecord(
        target_name, direction, values[keep], numbers, tuple(dims), len(trials) - len(kept)
    )


def plotly_parallel_coordinate(record: ParallelCoordinateRecord) -> Any:
    go = _utils.import_plotly()
    if record.is_empty:
        return _utils.empty_plotly(TITLE)
    dims: list[dict[str, Any]] = [
        {
            "label": record.target_name,
            "values": record.values,
            "range": [float(record.values.min()), float(record.values.max())],
        }
    ]
    labels = _utils.short_names([d.axis.name for d in record.dims])
    for d, label in zip(record.dims, labels):
        vals = d.drawn()
        tickvals, ticktext = d.ticks()
        dim: dict[str, Any] = {"label": label, "values": vals}
        if d.axis.categorical or d.axis.log:
            dim["tickvals"] = tickvals
            dim["ticktext"] = ticktext
        if d.axis.categorical:
            dim["range"] = [0, max(len(d.axis.categories) - 1, 1)]
        else:
            dim["range"] = [float(vals.min()), float(vals.max())]
        dims.append(dim)
    fig = go.Figure(
        data=go.Parcoords(
            dimensions=dims,
            line={
                "color": record.values,
                "colorscale": "Blues",
                "reversescale": record.direction == "minimize",
                "showscale": True,
                "colorbar": {"title": {"text": record.target_name}},
            },
            # Horizontal labels above the axes: rotated ones at the bottom were cut off.
            labelangle=0,
            labelside="top",
        )
    )
    fig.update_layout(title={"text": TITLE}, margin={"t": 110, "l": 90, "r": 60})
    return fig


def plot_parallel_coordinate(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Plot each COMPLETE trial as a line through its target and parameter values.

    Lines are coloured by the target (dark = best). Log-scaled parameters get a log axis.
    Returns a ``plotly.graph_objects.Figure``.
    """
    _utils.import_plotly()
    return plotly_parallel_coordinate(
        compute_parallel_coordinate(study, params, target=target, target_name=target_name)
    )
