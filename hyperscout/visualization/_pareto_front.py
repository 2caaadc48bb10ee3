"""Pareto-front plot: the trials of a 2- or 3-objective study in objective space, the
non-dominated ones highlighted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout._multi_objective import non_dominated
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.study._direction import StudyDirection
from hyperscout.trial import FrozenTrial
from hyperscout.visualization import _utils

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "ParetoFrontRecord",
    "ParetoPoints",
    "compute_pareto_front",
    "plot_pareto_front",
    "plotly_pareto_front",
]

TITLE = "Pareto-front Plot"

TargetsType = Callable[[FrozenTrial], Sequence[float]]
ConstraintsType = Callable[[FrozenTrial], Sequence[float]]


@dataclass(frozen=True, eq=False)
class ParetoPoints:
    """One group of trials (best, dominated or infeasible), oldest first."""

    numbers: np.ndarray  # (k,) trial numbers
    values: np.ndarray  # (k, n_targets) target values, in target order (not axis order)
    texts: tuple[str, ...]  # one description per trial: lines "Trial 3", "x: 0.5", ...

    @property
    def size(self) -> int:
        return int(self.numbers.size)


@dataclass(frozen=True, eq=False)
class ParetoFrontRecord:
    n_targets: int  # 2 or 3
    target_names: tuple[str, ...]  # in target order
    axis_order: tuple[int, ...]  # axis i shows target axis_order[i]
    best: ParetoPoints  # feasible, non-dominated
    dominated: ParetoPoints  # feasible, dominated (empty unless include_dominated_trials)
    infeasible: ParetoPoints  # violate a constraint (stored on the trial, or constraints_func)
    include_dominated_trials: bool
    has_constraints: bool

    @property
    def is_empty(self) -> bool:
        return self.best.size + self.dominated.size + self.infeasible.size == 0

    @property
    def axis_names(self) -> tuple[str, ...]:
        return tuple(self.target_names[i] for i in self.axis_order)

    def on_axes(self, points: ParetoPoints) -> np.ndarray:
        """The points' coordinates, one column per axis (targets reordered by ``axis_order``)."""
        return points.values[:, list(self.axis_order)]


def _points(
    trials: Sequence[FrozenTrial], values: np.ndarray, rows: np.ndarray, n_targets: int
) -> ParetoPoints:
    picked = [trials[i] for i in rows]
    texts = tuple(
        "\n".join(
            [f"Trial {t.number}", f"values: {[float(v) for v in t.values or ()]}"]
            + [f"{k}: {v}" for k, v in t.params.items()]
        )
        for t in picked
    )
    return ParetoPoints(
        np.asarray([t.number for t in picked], dtype=int),
        values[rows].reshape(len(picked), n_targets),
        texts,
    )


def _check_names(target_names: Sequence[str] | None) -> None:
    if target_names is None:
        return
    if isinstance(target_names, str) or not all(isinstance(n, str) for n in target_names):
        raise InvalidTypeError(
            f"target_names must be a list of str, got target_names={target_names!r}"
        )


def _target_values(
    trials: Sequence[FrozenTrial], targets: TargetsType | None
) -> tuple[np.ndarray, int | None]:
    """(n, n_targets) values of ``targets`` (or the trials' values), and their width."""
    if not trials:
        return np.empty((0, 0)), None
    rows: list[Sequence[float]] = []
    width: int | None = None
    for t in trials:
        v = t.values if targets is None else targets(t)
        if isinstance(v, str) or not isinstance(v, Sequence | np.ndarray):
            raise InvalidArgumentError(
                "targets must return a sequence of 2 or 3 floats per trial; "
                f"trial {t.number} gave {v!r}"
            )
        if width is None:
            width = len(v)
        elif len(v) != width:
            raise InvalidArgumentError(
                "targets must return the same number of values for every trial; trial "
                f"{trials[0].number} gave {width} and trial {t.number} gave {len(v)}: {v!r}"
            )
        rows.append(v)
    return np.asarray(rows, dtype=float).reshape(len(trials), width or 0), width


def compute_pareto_front(
    study: Study,
    *,
    target_names: list[str] | None = None,
    include_dominated_trials: bool = True,
    axis_order: list[int] | None = None,
    constraints_func: ConstraintsType | None = None,
    targets: TargetsType | None = None,
) -> ParetoFrontRecord:
    _utils.check_study(study)
    _check_names(target_names)
    if targets is not None and not callable(targets):
        raise InvalidTypeError(
            f"targets must be a callable FrozenTrial -> sequence, got {targets!r}"
        )
    if constraints_func is not None and not callable(constraints_func):
        raise InvalidTypeError(
            f"constraints_func must be a callable FrozenTrial -> sequence, got {constraints_func!r}"
        )
    n_obj = len(study.directions)
    if targets is None and n_obj not in (2, 3):
        raise InvalidArgumentError(
            "plot_pareto_front draws 2 or 3 objectives; study "
            f"{study.study_name!r} has {n_obj} objective(s), so give "
            "targets=lambda t: (t.values[0], t.values[1]) to choose 2 or 3 values to plot"
        )

    # Trials whose objectives and targets are all finite; infeasible ones aside.
    trials = _utils.complete_trials(study)
    loss, _ = _target_values(trials, None)
    shown, width = _target_values(trials, targets)
    finite = np.all(np.isfinite(loss), axis=1) & np.all(np.isfinite(shown), axis=1)
    # Constraints stored on the trials (FrozenTrial.constraints), unless constraints_func is
    # given, which then decides for every trial.
    if constraints_func is not None:
        feasible = np.array(
            [all(float(c) <= 0.0 for c in constraints_func(t)) for t in trials], dtype=bool
        )
        has_constraints = True
    else:
        feasible = np.array([_utils.is_feasible(t) for t in trials], dtype=bool)
        has_constraints = any(t.constraints is not None for t in trials)

    if width is None:  # no COMPLETE trial: the dimension comes from the names or the study
        if target_names is not None:
            width = len(target_names)
        elif targets is None:
            width = n_obj
        else:
            width = 2
    if width not in (2, 3):
        given = (
            f"targets returned {width} values (trial {trials[0].number}: {shown[0].tolist()!r})"
            if trials
            else f"target_names has {width} names: target_names={target_names!r}"
        )
        raise InvalidArgumentError(f"plot_pareto_front draws 2 or 3 targets; {given}")
    if target_names is None:
        metric_names = study.metric_names if targets is None else None
        names = tuple(metric_names or [f"Objective {i}" for i in range(width)])
    else:
        if len(target_names) != width:
            raise InvalidArgumentError(
                f"target_names must have one name per plotted target ({width}), got "
                f"{len(target_names)}: target_names={target_names!r}"
            )
        names = tuple(target_names)
    if axis_order is None:
        order = tuple(range(width))
    else:
        is_int = all(
            isinstance(i, int | np.integer) and not isinstance(i, bool) for i in axis_order
        )
        if not is_int or sorted(int(i) for i in axis_order) != list(range(width)):
            raise InvalidArgumentError(
                f"axis_order must be a permutation of {list(range(width))} (one axis per "
                f"target), got axis_order={axis_order!r}"
            )
        order = tuple(int(i) for i in axis_order)

    # Domination by the study's objectives and directions, among the feasible trials.
    signs = np.array([1.0 if d == StudyDirection.MINIMIZE else -1.0 for d in study.directions])
    candidates = np.flatnonzero(finite & feasible)
    is_best = np.zeros(len(trials), dtype=bool)
    if candidates.size:
        is_best[candidates[non_dominated(loss[candidates] * signs)]] = True
    best_rows = np.flatnonzero(is_best)
    dom_rows = np.flatnonzero(finite & feasible & ~is_best)
    if not include_dominated_trials:
        dom_rows = dom_rows[:0]
    bad_rows = np.flatnonzero(finite & ~feasible)

    record = ParetoFrontRecord(
        n_targets=width,
        target_names=names,
        axis_order=order,
        best=_points(trials, shown, best_rows, width),
        dominated=_points(trials, shown, dom_rows, width),
        infeasible=_points(trials, shown, bad_rows, width),
        include_dominated_trials=include_dominated_trials,
        has_constraints=has_constraints,
    )
    if not np.any(finite):
        _utils.warn(
            f"Pareto-front plot: study {study.study_name!r} has no COMPLETE trial with finite "
            "values; the plot is empty"
        )
    elif best_rows.size == 0:
        _utils.warn(
            f"Pareto-front plot: study {study.study_name!r} has no feasible COMPLETE trial; "
            "only infeasible trials are drawn"
        )
    return record


def _hover(texts: Sequence[str]) -> list[str]:
    return [t.replace("\n", "<br>") for t in texts]


def plotly_pareto_front(record: ParetoFrontRecord) -> Any:
    go = _utils.import_plotly()
    three_d = record.n_targets == 3
    groups: list[tuple[ParetoPoints, str, dict[str, Any]]] = []
    if record.has_constraints:
        groups.append((record.infeasible, "Infeasible Trial", {"color": _utils.INFEASIBLE_COLOR}))
    dominated_name = "Feasible Trial" if record.has_constraints else "Trial"
    groups.append(
        (
            record.dominated,
            dominated_name,
            {"colorscale": "Blues", "colorbar": {"title": {"text": dominated_name}}},
        )
    )
    groups.append(
        (
            record.best,
            "Best Trial",
            {
                "colorscale": "Reds",
                "colorbar": {
                    "title": {"text": "Best Trial"},
                    "x": 1.1 if record.dominated.size else 1.0,
                    "xpad": 40,
                },
            },
        )
    )
    fig = go.Figure()
    for points, name, style in groups:
        if points.size == 0:
            continue
        xyz = record.on_axes(points)
        marker: dict[str, Any] = {"line": {"width": 0.5, "color": "Grey"}}
        if "colorscale" in style:
            marker.update(style, color=points.numbers)
        else:
            marker.update(style)
        coords = {"x": xyz[:, 0], "y": xyz[:, 1]}
        if three_d:
            coords["z"] = xyz[:, 2]
        fig.add_trace(
            (go.Scatter3d if three_d else go.Scatter)(
                **coords,
                mode="markers",
                name=name,
                showlegend=False,
                marker=marker,
                text=_hover(points.texts),
                hovertemplate=f"%{{text}}<extra>{name}</extra>",
            )
        )
    names = record.axis_names
    if three_d:
        fig.update_layout(
            scene={
                "xaxis": {"title": {"text": names[0]}},
                "yaxis": {"title": {"text": names[1]}},
                "zaxis": {"title": {"text": names[2]}},
            }
        )
    else:
        fig.update_layout(xaxis={"title": {"text": names[0]}}, yaxis={"title": {"text": names[1]}})
    fig.update_layout(title={"text": TITLE})
    return fig


def plot_pareto_front(
    study: Study,
    *,
    target_names: list[str] | None = None,
    include_dominated_trials: bool = True,
    axis_order: list[int] | None = None,
    constraints_func: ConstraintsType | None = None,
    targets: TargetsType | None = None,
) -> Any:
    """Plot the COMPLETE trials of a 2- or 3-objective study in objective space.

    The Pareto-optimal trials ("Best Trial", by the study's directions) are drawn in reds, the
    dominated ones ("Trial") in blues, both coloured by trial number; ``targets`` maps a trial to
    the 2 or 3 values to draw (needed for a study with 1 or more than 3 objectives);
    ``axis_order`` permutes the targets over the axes. Trials that violate a constraint stored
    on them (``FrozenTrial.constraints``, a value > 0; set by a sampler's ``constraints_func``, by
    ``create_trial(constraints=...)`` or by a search's ``budgets``) are grey ("Infeasible
    Trial") and excluded from the front, with no argument needed; ``constraints_func``, when
    given, decides instead of the stored constraints. Returns a
    ``plotly.graph_objects.Figure`` (3-D scatter for 3 targets).
    """
    _utils.import_plotly()
    return plotly_pareto_front(
        compute_pareto_front(
            study,
            target_names=target_names,
            include_dominated_trials=include_dominated_trials,
            axis_order=axis_order,
            constraints_func=constraints_func,
            targets=targets,
        )
    )
