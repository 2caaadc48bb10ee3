"""Learning curves: the values each trial reported with ``trial.report``, per step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.trial import TrialState
from hyperscout.visualization import _utils

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "IntermediateValuesRecord",
    "compute_intermediate_values",
    "plot_intermediate_values",
    "plotly_intermediate_values",
]

TITLE = "Intermediate Values Plot"


@dataclass(frozen=True, eq=False)
class IntermediateValuesRecord:
    numbers: np.ndarray  # trial number of each curve
    states: tuple[str, ...]  # "COMPLETE", "PRUNED", "RUNNING" or "FAIL"
    steps: tuple[np.ndarray, ...]  # the steps of each curve, sorted
    values: tuple[np.ndarray, ...]

    @property
    def is_empty(self) -> bool:
        return self.numbers.size == 0

    def joined(self, state: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All curves of one state as one polyline broken by NaNs: (steps, values, numbers)."""
        xs: list[np.ndarray] = []
        ys: list[np.ndarray] = []
        ns: list[np.ndarray] = []
        for n, s, x, y in zip(self.numbers, self.states, self.steps, self.values):
            if s != state:
                continue
            xs += [x.astype(float), np.array([np.nan])]
            ys += [y, np.array([np.nan])]
            ns += [np.full(x.size + 1, n)]
        if not xs:
            return np.empty(0), np.empty(0), np.empty(0, dtype=int)
        return np.concatenate(xs), np.concatenate(ys), np.concatenate(ns)


_SHOWN = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING, TrialState.FAIL)


def compute_intermediate_values(study: Study) -> IntermediateValuesRecord:
    study = _utils.as_study(study)
    _utils.check_study(study)
    numbers, states, steps, values = [], [], [], []
    for t in study.get_trials(deepcopy=False, states=_SHOWN):
        if not t.intermediate_values:
            continue
        items = sorted(t.intermediate_values.items())
        numbers.append(t.number)
        states.append(t.state.name)
        steps.append(np.asarray([k for k, _ in items], dtype=int))
        values.append(np.asarray([v for _, v in items], dtype=float))
    if not numbers:
        _utils.warn(
            f"intermediate values plot: no trial of study {study.study_name!r} reported an "
            "intermediate value (call trial.report(value, step) in the objective); the plot "
            "is empty"
        )
    return IntermediateValuesRecord(
        np.asarray(numbers, dtype=int), tuple(states), tuple(steps), tuple(values)
    )


def plotly_intermediate_values(record: IntermediateValuesRecord) -> Any:
    go = _utils.import_plotly()
    fig = go.Figure()
    # One trace per state (curves separated by gaps), so 10,000 trials stay one quick figure.
    for state in ("COMPLETE", "PRUNED", "FAIL", "RUNNING"):
        x, y, n = record.joined(state)
        if x.size == 0:
            continue
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines+markers" if record.numbers.size <= 100 else "lines",
                name=state.capitalize(),
                line={"color": _utils.STATE_COLORS[state], "width": 1},
                marker={"size": 4},
                opacity=0.6 if state == "PRUNED" else 0.9,
                customdata=n,
                hovertemplate="trial %{customdata}<br>step %{x}<br>%{y}<extra></extra>",
                connectgaps=False,
            )
        )
    fig.update_layout(
        title={"text": TITLE},
        xaxis={"title": {"text": "Step"}},
        yaxis={"title": {"text": "Intermediate Value"}},
    )
    return fig


def plot_intermediate_values(study: Study) -> Any:
    """Plot the learning curves (``trial.report`` values per step) of all trials.

    Complete, pruned, failed and running trials are drawn in different colours. Returns a
    ``plotly.graph_objects.Figure``.
    """
    _utils.import_plotly()
    return plotly_intermediate_values(compute_intermediate_values(study))
