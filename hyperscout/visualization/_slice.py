"""Slice plot: the target against each parameter, one panel per parameter, coloured by trial."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._utils import ParamAxis, TargetType

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["SliceParam", "SliceRecord", "compute_slice", "plot_slice", "plotly_slice"]

TITLE = "Slice Plot"


@dataclass(frozen=True, eq=False)
class SliceParam:
    axis: ParamAxis  # log scale, categories, range
    x: np.ndarray  # parameter value (a categorical: index into axis.categories)
    y: np.ndarray  # target value
    numbers: np.ndarray  # trial number, the colour


@dataclass(frozen=True, eq=False)
class SliceRecord:
    target_name: str
    params: tuple[SliceParam, ...]

    @property
    def is_empty(self) -> bool:
        return len(self.params) == 0


def compute_slice(
    study: Study,
    params: Sequence[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> SliceRecord:
    study = _utils.as_study(study)
    _utils.check_study(study)
    _utils.check_target(study, target, target_name)
    target_name = _utils.target_label(study, target, target_name)
    trials, values = _utils.values_of(_utils.complete_trials(study), target)
    names = _utils.select_params(trials, params, plot="slice plot")
    if not trials or not names:
        _utils.warn(
            f"slice plot: study {study.study_name!r} has no COMPLETE trial with parameters and a "
            "finite value; the plot is empty"
        )
        return SliceRecord(target_name, ())
    numbers = np.asarray([t.number for t in trials], dtype=int)
    out = []
    for name in names:
        axis = _utils.param_axis(name, trials)
        idx, x = _utils.param_values(axis, trials)
        out.append(SliceParam(axis, x, values[idx], numbers[idx]))
    return SliceRecord(target_name, tuple(out))


def plotly_slice(record: SliceRecord) -> Any:
    go = _utils.import_plotly()
    if record.is_empty:
        return _utils.empty_plotly(TITLE)
    from plotly.subplots import make_subplots

    n = len(record.params)
    # At most three panels a row, so the figure fits the page's width whatever the count.
    n_cols = min(n, 3)
    n_rows = -(-n // n_cols)
    fig = make_subplots(
        rows=n_rows,
        cols=n_cols,
        shared_yaxes=True,
        horizontal_spacing=0.06,
        vertical_spacing=min(0.25, 0.6 / n_rows),
    )
    labels = _utils.short_names([p.axis.name for p in record.params])
    all_numbers = np.concatenate([p.numbers for p in record.params])
    cmin = float(all_numbers.min()) if all_numbers.size else 0.0
    cmax = float(all_numbers.max()) if all_numbers.size else 1.0
    for i, p in enumerate(record.params):
        fig.add_trace(
            go.Scatter(
                x=p.x,
                y=p.y,
                mode="markers",
                name=p.axis.name,
                showlegend=False,
                marker={
                    "color": p.numbers,
                    "colorscale": "Blues",
                    "cmin": cmin,
                    "cmax": cmax,
                    "line": {"width": 0.5, "color": "Grey"},
                    "showscale": i == 0,
                    "colorbar": {"title": {"text": "Trial"}},
                },
                customdata=p.numbers,
                hovertemplate="trial %{customdata}<br>%{x}<br>%{y}<extra></extra>",
            ),
            row=i // n_cols + 1,
            col=i % n_cols + 1,
        )
        xaxis: dict[str, Any] = {"title": {"text": labels[i]}}
        if p.axis.log:
            xaxis["type"] = "log"
            finite = p.x[np.isfinite(p.x)]
            low = min(p.axis.low, float(finite.min())) if finite.size else p.axis.low
            high = max(p.axis.high, float(finite.max())) if finite.size else p.axis.high
            tickvals, ticktext = _utils.log_ticks(low, high)
            if tickvals:
                xaxis.update(tickvals=tickvals, ticktext=ticktext)
        if p.axis.categorical:
            xaxis.update(
                tickvals=list(range(len(p.axis.categories))),
                ticktext=list(p.axis.categories),
                range=[p.axis.low, p.axis.high],
            )
        fig.update_xaxes(row=i // n_cols + 1, col=i % n_cols + 1, **xaxis)
    for row in range(1, n_rows + 1):
        fig.update_yaxes(row=row, col=1, title={"text": record.target_name})
    fig.update_layout(title={"text": TITLE}, height=max(420, 340 * n_rows))
    return fig


def plot_slice(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Plot the target against each parameter of the COMPLETE trials (colour: trial number).

    Log-scaled parameters get a log axis, categorical ones a labelled axis. Returns a
    ``plotly.graph_objects.Figure``.
    """
    _utils.import_plotly()
    return plotly_slice(compute_slice(study, params, target=target, target_name=target_name))
