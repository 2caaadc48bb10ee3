"""Parameter importances as horizontal bars, the most important on top."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._utils import TargetType

if TYPE_CHECKING:
    from hyperscout.importance import BaseImportanceEvaluator
    from hyperscout.study import Study

__all__ = [
    "ParamImportancesRecord",
    "compute_param_importances",
    "plot_param_importances",
    "plotly_param_importances",
    "plotly_param_importances_panels",
]

TITLE = "Hyperparameter Importances"


@dataclass(frozen=True, eq=False)
class ParamImportancesRecord:
    target_name: str
    evaluator: str  # the evaluator's class name
    names: tuple[str, ...]  # most important first
    importances: np.ndarray  # normalised, summing to 1

    @property
    def is_empty(self) -> bool:
        return len(self.names) == 0


def compute_param_importances(
    study: Study,
    evaluator: BaseImportanceEvaluator | None = None,
    params: Sequence[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> ParamImportancesRecord:
    from hyperscout.importance import FanovaImportanceEvaluator, get_param_importances

    study = _utils.as_study(study)
    _utils.check_study(study)
    _utils.check_target(study, target, target_name)
    target_name = _utils.target_label(study, target, target_name)
    if evaluator is None:
        evaluator = FanovaImportanceEvaluator(seed=0)
    name = type(evaluator).__name__
    _, values = _utils.values_of(_utils.complete_trials(study), target)
    if values.size < 2:
        _utils.warn(
            f"parameter importances: study {study.study_name!r} has {values.size} COMPLETE "
            "trial(s) with a finite value and needs at least 2; the plot is empty"
        )
        return ParamImportancesRecord(target_name, name, (), np.empty(0))
    importances = get_param_importances(
        study, evaluator=evaluator, params=None if params is None else list(params), target=target
    )
    return ParamImportancesRecord(
        target_name, name, tuple(importances), np.asarray(list(importances.values()), dtype=float)
    )


def plotly_param_importances(record: ParamImportancesRecord) -> Any:
    go = _utils.import_plotly()
    if record.is_empty:
        return _utils.empty_plotly(TITLE)
    names = list(record.names)[::-1]  # plotly draws the first bar at the bottom
    vals = record.importances[::-1]
    fig = go.Figure(
        go.Bar(
            x=vals,
            y=names,
            orientation="h",
            text=[f"{v:.2f}" if v >= 0.01 else "<0.01" for v in vals],
            textposition="outside",
            marker={"color": _utils.COLORS[0]},
            hovertemplate="%{y}: %{x:.4f}<extra></extra>",
            name=record.target_name,
        )
    )
    fig.update_layout(
        title={"text": TITLE},
        xaxis={
            "title": {"text": f"Importance for {record.target_name}"},
            "range": [0, max(1.0, float(vals.max()) * 1.15)],
        },
        yaxis={"title": {"text": "Hyperparameter"}},
        showlegend=False,
    )
    return fig


def plotly_param_importances_panels(records: Sequence[ParamImportancesRecord]) -> Any:
    """Several records side by side, one panel each, titled by its target (a study's
    objectives, in the report and the dashboard)."""
    go = _utils.import_plotly()
    from plotly.subplots import make_subplots

    n = len(records)
    cols = min(n, 3)
    rows = -(-n // cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[r.target_name for r in records],
        horizontal_spacing=0.18,
    )
    for k, record in enumerate(records):
        if record.is_empty:
            continue
        names = list(record.names)[::-1]
        vals = record.importances[::-1]
        fig.add_trace(
            go.Bar(
                x=vals,
                y=names,
                orientation="h",
                marker={"color": _utils.COLORS[k % len(_utils.COLORS)]},
                hovertemplate="%{y}: %{x:.4f}<extra></extra>",
                name=record.target_name,
            ),
            row=k // cols + 1,
            col=k % cols + 1,
        )
        fig.update_xaxes(range=[0, 1], row=k // cols + 1, col=k % cols + 1)
    fig.update_layout(title={"text": TITLE}, showlegend=False, height=max(320, 300 * rows))
    return fig


def plot_param_importances(
    study: Study,
    evaluator: BaseImportanceEvaluator | None = None,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Plot :func:`hyperscout.importance.get_param_importances` as bars (fANOVA by default).

    Returns a ``plotly.graph_objects.Figure``.
    """
    _utils.import_plotly()
    return plotly_param_importances(
        compute_param_importances(study, evaluator, params, target=target, target_name=target_name)
    )
