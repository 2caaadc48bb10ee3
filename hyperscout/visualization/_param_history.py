"""Parameter history: each parameter's value against the trial number (the guide's "parameter
search" view over time), one panel per parameter; colour: the trial's value.

Shows where a sampler looked as the study went on: a Bayesian sampler narrows in, random search
keeps spreading, a grid walks its points. Every finished trial with the parameter is drawn
(failed and pruned ones too, as hollow markers, since where they looked matters as well).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.trial import TrialState
from hyperscout.visualization import _utils
from hyperscout.visualization._utils import ParamAxis, TargetType

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "ParamHistory",
    "ParamHistoryRecord",
    "compute_param_history",
    "plot_param_history",
    "plotly_param_history",
]

TITLE = "Parameter History"


@dataclass(frozen=True, eq=False)
class ParamHistory:
    axis: ParamAxis
    numbers: np.ndarray  # trial number (x)
    values: np.ndarray  # parameter value (a categorical: index into axis.categories)
    scores: np.ndarray  # the trial's target value; NaN when it has none (failed, pruned)


@dataclass(frozen=True, eq=False)
class ParamHistoryRecord:
    target_name: str
    params: tuple[ParamHistory, ...]

    @property
    def is_empty(self) -> bool:
        return len(self.params) == 0


def compute_param_history(
    study: Study,
    params: Sequence[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> ParamHistoryRecord:
    study = _utils.as_study(study)
    _utils.check_study(study)
    _utils.check_target(study, target, target_name)
    target_name = _utils.target_label(study, target, target_name)
    trials = [
        t
        for t in study.get_trials(deepcopy=False)
        if t.state in (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL) and t.params
    ]
    names = _utils.select_params(trials, params, plot="parameter history") if trials else []
    if not names:
        _utils.warn(
            f"parameter history: study {study.study_name!r} has no finished trial with parameters"
        )
        return ParamHistoryRecord(target_name, ())
    scores = []
    for t in trials:
        if t.state == TrialState.COMPLETE and t.values is not None:
            scores.append(_utils.target_value(t, target))
        else:
            scores.append(np.nan)
    score_arr = np.asarray(scores, dtype=float)
    numbers = np.asarray([t.number for t in trials], dtype=int)
    out = []
    for name in names:
        axis = _utils.param_axis(name, trials)
        idx, x = _utils.param_values(axis, trials)
        out.append(ParamHistory(axis, numbers[idx], x, score_arr[idx]))
    return ParamHistoryRecord(target_name, tuple(out))


def plotly_param_history(record: ParamHistoryRecord) -> Any:
    go = _utils.import_plotly()
    from plotly.subplots import make_subplots

    if record.is_empty:
        fig = go.Figure()
        fig.update_layout(title=TITLE)
        return fig
    n = len(record.params)
    fig = make_subplots(
        rows=n, cols=1, shared_xaxes=True, vertical_spacing=min(0.06, 0.3 / max(1, n - 1))
    )
    labels = _utils.short_names([p.axis.name for p in record.params])
    finite_scores = np.concatenate([p.scores[np.isfinite(p.scores)] for p in record.params])
    color_range: dict[str, float] = (
        {"cmin": float(finite_scores.min()), "cmax": float(finite_scores.max())}
        if finite_scores.size
        else {}
    )
    for row, p in enumerate(record.params, start=1):
        done = np.isfinite(p.scores)
        fig.add_trace(
            go.Scatter(
                x=p.numbers[done],
                y=p.values[done],
                mode="markers",
                name=p.axis.name,
                marker={
                    "color": p.scores[done],
                    "colorscale": "Blues",
                    **color_range,
                    "showscale": row == 1,
                    "colorbar": {"title": {"text": record.target_name}},
                    "line": {"color": "grey", "width": 0.5},
                },
                customdata=p.scores[done],
                hovertemplate=(
                    f"trial %{{x}}<br>{labels[row - 1]}: %{{y}}<br>"
                    f"{record.target_name}: %{{customdata:.4g}}<extra></extra>"
                ),
                showlegend=False,
            ),
            row=row,
            col=1,
        )
        if (~done).any():
            fig.add_trace(
                go.Scatter(
                    x=p.numbers[~done],
                    y=p.values[~done],
                    mode="markers",
                    marker={"symbol": "circle-open", "color": "grey"},
                    name="failed or pruned",
                    hovertemplate="trial %{x} (failed or pruned)<br>%{y}<extra></extra>",
                    showlegend=False,
                ),
                row=row,
                col=1,
            )
        yaxis: dict[str, Any] = {"title": {"text": labels[row - 1]}}
        if p.axis.log:
            yaxis["type"] = "log"
            finite = p.values[np.isfinite(p.values)]
            low = min(p.axis.low, float(finite.min())) if finite.size else p.axis.low
            high = max(p.axis.high, float(finite.max())) if finite.size else p.axis.high
            tickvals, ticktext = _utils.log_ticks(low, high)
            if tickvals:
                yaxis.update(tickvals=tickvals, ticktext=ticktext)
        if p.axis.categorical:
            yaxis.update(
                tickvals=list(range(len(p.axis.categories))), ticktext=list(p.axis.categories)
            )
        fig.update_yaxes(row=row, col=1, **yaxis)
    fig.update_xaxes(title_text="Trial", row=n, col=1)
    fig.update_layout(title=TITLE, height=max(320, 60 + 190 * n))
    return fig


def plot_param_history(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Plot each parameter's value against the trial number (colour: the trial's value).

    Takes a study or a fitted ``*SearchCV``. Returns a ``plotly.graph_objects.Figure``.
    """
    _utils.import_plotly()
    return plotly_param_history(
        compute_param_history(study, params, target=target, target_name=target_name)
    )
