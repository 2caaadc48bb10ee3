"""Optimisation history: each COMPLETE trial's value against its number, and the best so far."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.exceptions import InvalidArgumentError
from hyperscout.visualization import _utils
from hyperscout.visualization._utils import TargetType

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "HistorySeries",
    "OptimizationHistoryRecord",
    "compute_optimization_history",
    "plot_optimization_history",
    "plotly_optimization_history",
]

TITLE = "Optimization History Plot"


@dataclass(frozen=True, eq=False)
class HistorySeries(_utils.MarksInfeasible):
    """One study's history (or, with ``error_bar``, the mean and std over several)."""

    label: str
    numbers: np.ndarray  # trial numbers (x)
    values: np.ndarray  # target value of each trial (mean over studies with error_bar)
    best: np.ndarray | None  # best so far at each trial; None when a custom target is plotted
    values_std: np.ndarray | None = None  # only with error_bar
    best_std: np.ndarray | None = None
    # Per point: within the constraints stored on the trial (None with error_bar). Infeasible
    # trials are drawn apart and never count as the best so far.
    feasible: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class OptimizationHistoryRecord:
    target_name: str
    direction: str  # "minimize" or "maximize"
    series: tuple[HistorySeries, ...]
    error_bar: bool

    @property
    def is_empty(self) -> bool:
        return all(s.numbers.size == 0 for s in self.series)


def _as_studies(study: Study | Sequence[Study]) -> list[Study]:
    from hyperscout.study import Study

    study = _utils.as_study(study)
    if isinstance(study, Study):
        return [study]
    studies = [_utils.as_study(s) for s in study]
    if not studies:
        raise InvalidArgumentError("give at least one study, got an empty sequence")
    for s in studies:
        _utils.check_study(s)
    return studies


def compute_optimization_history(
    study: Study | Sequence[Study],
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
    error_bar: bool = False,
) -> OptimizationHistoryRecord:
    studies = _as_studies(study)
    for s in studies:
        _utils.check_target(s, target, target_name)
        target_name = _utils.target_label(s, target, target_name)
    directions = {_utils.direction_name(s) for s in studies}
    if target is None and len(directions) > 1:
        raise InvalidArgumentError(
            "all studies in one history plot must share a direction, got "
            f"{sorted(directions)} for {[s.study_name for s in studies]}"
        )
    direction = directions.pop() if len(directions) == 1 else "minimize"
    series: list[HistorySeries] = []
    for s in studies:
        trials, values = _utils.values_of(_utils.complete_trials(s), target)
        numbers = np.asarray([t.number for t in trials], dtype=int)
        feasible = np.array([_utils.is_feasible(t) for t in trials], dtype=bool)
        best = None
        if target is None:
            best = _utils.best_so_far(np.where(feasible, values, np.nan), direction)
        series.append(HistorySeries(s.study_name, numbers, values, best, feasible=feasible))
    if error_bar and len(series) > 0:
        series = [_mean_std(series, direction, target is None)]
    if all(s.numbers.size == 0 for s in series):
        _utils.warn(
            "optimization history: no COMPLETE trial with a finite value in "
            f"{[s.study_name for s in studies]}; the plot is empty"
        )
    return OptimizationHistoryRecord(target_name, direction, tuple(series), error_bar)


def _mean_std(series: list[HistorySeries], direction: str, with_best: bool) -> HistorySeries:
    n = max((int(s.numbers.max()) + 1 for s in series if s.numbers.size), default=0)
    vals = np.full((len(series), n), np.nan)
    feasible_vals = np.full((len(series), n), np.nan)
    for i, s in enumerate(series):
        vals[i, s.numbers] = s.values
        ok = np.ones(s.numbers.size, dtype=bool) if s.feasible is None else s.feasible
        feasible_vals[i, s.numbers[ok]] = s.values[ok]
    have = ~np.all(np.isnan(vals), axis=0)
    numbers = np.flatnonzero(have)
    with warnings.catch_warnings():  # all-NaN columns are expected before a study's first trial
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(vals[:, have], axis=0)
        std = np.nanstd(vals[:, have], axis=0)
        best = best_std = None
        if with_best:
            running = np.vstack([_utils.best_so_far(row, direction) for row in feasible_vals])
            best = np.nanmean(running[:, have], axis=0)
            best_std = np.nanstd(running[:, have], axis=0)
    return HistorySeries("mean of studies", numbers, mean, best, std, best_std)


def plotly_optimization_history(record: OptimizationHistoryRecord) -> Any:
    go = _utils.import_plotly()
    fig = go.Figure()
    several = len(record.series) > 1
    for i, s in enumerate(record.series):
        color = _utils.COLORS[i % len(_utils.COLORS)]
        suffix = f" ({s.label})" if several else ""
        err = None
        if s.values_std is not None:
            err = {"type": "data", "array": s.values_std, "visible": True}
        ok = np.ones(s.numbers.size, dtype=bool) if s.feasible is None else s.feasible
        fig.add_trace(
            go.Scatter(
                x=s.numbers[ok],
                y=s.values[ok],
                mode="markers",
                name=record.target_name + suffix,
                marker={"color": color, "size": 6},
                error_y=err,
            )
        )
        if not ok.all():
            fig.add_trace(
                go.Scatter(
                    x=s.numbers[~ok],
                    y=s.values[~ok],
                    mode="markers",
                    name="Infeasible Trial" + suffix,
                    marker={"color": _utils.INFEASIBLE_COLOR, "size": 6},
                )
            )
        if s.best is not None:
            fig.add_trace(
                go.Scatter(
                    x=s.numbers,
                    y=s.best,
                    mode="lines",
                    name="Best Value" + suffix,
                    line={"color": color, "shape": "hv"},
                )
            )
            if s.best_std is not None:
                fig.add_trace(
                    go.Scatter(
                        x=np.concatenate([s.numbers, s.numbers[::-1]]),
                        y=np.concatenate([s.best + s.best_std, (s.best - s.best_std)[::-1]]),
                        fill="toself",
                        mode="none",
                        fillcolor="rgba(31,119,180,0.2)",
                        name="Best Value ± std",
                        hoverinfo="skip",
                    )
                )
    fig.update_layout(
        title={"text": TITLE},
        xaxis={"title": {"text": "Trial"}},
        yaxis={"title": {"text": record.target_name}},
    )
    return fig


def plot_optimization_history(
    study: Study | Sequence[Study],
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
    error_bar: bool = False,
) -> Any:
    """Plot each COMPLETE trial's value and the best value so far against the trial number.

    Several studies are drawn on one axis; ``error_bar=True`` draws their mean and std instead.
    Trials that violate a constraint stored on them (``FrozenTrial.constraints``) are grey
    ("Infeasible Trial") and never the best value so far, as in Optuna. Returns a
    ``plotly.graph_objects.Figure``.
    """
    _utils.import_plotly()
    record = compute_optimization_history(
        study, target=target, target_name=target_name, error_bar=error_bar
    )
    return plotly_optimization_history(record)
