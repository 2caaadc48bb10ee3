"""Hypervolume of the feasible COMPLETE trials so far, after each trial (several objectives)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout._hypervolume import hypervolume
from hyperscout.exceptions import InvalidArgumentError
from hyperscout.study._direction import StudyDirection
from hyperscout.trial import TrialState
from hyperscout.visualization import _utils

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "HypervolumeHistoryRecord",
    "compute_hypervolume_history",
    "plot_hypervolume_history",
    "plotly_hypervolume_history",
]

TITLE = "Hypervolume History Plot"


@dataclass(frozen=True, eq=False)
class HypervolumeHistoryRecord(_utils.MarksInfeasible):
    numbers: np.ndarray  # trial numbers of the COMPLETE trials, in order
    values: np.ndarray  # hypervolume after each of them
    # Per trial: within the constraints stored on it (an infeasible trial adds no volume and is
    # drawn apart).
    feasible: np.ndarray | None = None

    @property
    def is_empty(self) -> bool:
        return self.numbers.size == 0


def compute_hypervolume_history(
    study: Study, reference_point: Sequence[float] | np.ndarray
) -> HypervolumeHistoryRecord:
    """After each COMPLETE trial (in number order), the hypervolume of the feasible ones so far
    (trials whose stored constraints are all ``<= 0``, or that have none) with respect to
    ``reference_point``, given in the objectives' own directions (Optuna's convention)."""
    _utils.check_study(study)
    directions = study.directions
    if len(directions) < 2:
        raise InvalidArgumentError(
            "the hypervolume history plot needs a study with several objectives, got "
            f"{len(directions)} objective"
        )
    ref = np.asarray(reference_point, dtype=float)
    if ref.shape != (len(directions),) or not np.all(np.isfinite(ref)):
        raise InvalidArgumentError(
            f"reference_point must be {len(directions)} finite numbers (one per objective), got "
            f"reference_point={reference_point!r}"
        )
    signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in directions])
    ref_loss = ref * signs
    numbers: list[int] = []
    values: list[float] = []
    feasibility: list[bool] = []
    front = np.empty((0, len(directions)))
    current = 0.0
    for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        assert t.values is not None
        point = np.asarray(t.values, dtype=float) * signs
        feasible = _utils.is_feasible(t)
        if feasible and np.all(point < ref_loss):
            dominated = front.size and np.any(np.all(front <= point, axis=1))
            if not dominated:  # the front moves: drop what the point dominates, recompute
                keep = ~np.all(point <= front, axis=1)
                front = np.vstack([front[keep], point])
                current = hypervolume(front, ref_loss)
        numbers.append(t.number)
        values.append(current)
        feasibility.append(feasible)
    if not numbers:
        _utils.warn(
            f"hypervolume history plot: study {study.study_name!r} has no COMPLETE trial; the "
            "plot is empty"
        )
    return HypervolumeHistoryRecord(
        np.asarray(numbers, dtype=int), np.asarray(values), np.asarray(feasibility, dtype=bool)
    )


def plotly_hypervolume_history(record: HypervolumeHistoryRecord) -> Any:
    go = _utils.import_plotly()
    fig = go.Figure()
    if not record.is_empty:
        fig.add_trace(
            go.Scatter(x=record.numbers, y=record.values, mode="lines+markers", name="Hypervolume")
        )
        bad = ~record.feasible if record.feasible is not None else None
        if bad is not None and bad.any():
            fig.add_trace(
                go.Scatter(
                    x=record.numbers[bad],
                    y=record.values[bad],
                    mode="markers",
                    name="Infeasible Trial",
                    marker={"color": _utils.INFEASIBLE_COLOR, "size": 8},
                )
            )
    fig.update_layout(
        title={"text": TITLE},
        xaxis={"title": {"text": "Trial"}},
        yaxis={"title": {"text": "Hypervolume"}},
    )
    return fig


def plot_hypervolume_history(study: Study, reference_point: Sequence[float] | np.ndarray) -> Any:
    """Plot the hypervolume of the feasible trials after each COMPLETE trial (plotly).

    ``reference_point`` has one value per objective, in the objectives' own directions (for a
    maximised objective, a value below every trial's), as in Optuna.
    """
    _utils.import_plotly()
    return plotly_hypervolume_history(compute_hypervolume_history(study, reference_point))
