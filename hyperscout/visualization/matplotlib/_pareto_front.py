"""Pareto-front plot, drawn with matplotlib (3-D axes for 3 targets)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hyperscout.visualization import _utils
from hyperscout.visualization._pareto_front import (
    TITLE,
    ConstraintsType,
    ParetoFrontRecord,
    TargetsType,
    compute_pareto_front,
)
from hyperscout.visualization.matplotlib._utils import add_legend

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["mpl_pareto_front", "plot_pareto_front"]

_BEST = _utils.COLORS[3]  # red, as the plotly "Best Trial" scale
_DOMINATED = _utils.COLORS[0]  # blue
_INFEASIBLE = _utils.INFEASIBLE_COLOR


def mpl_pareto_front(record: ParetoFrontRecord) -> Any:
    plt = _utils.import_pyplot()
    fig = plt.figure()
    three_d = record.n_targets == 3
    if three_d:
        from mpl_toolkits.mplot3d import Axes3D  # noqa: F401  (registers the projection)

        ax = fig.add_subplot(projection="3d")
    else:
        ax = fig.add_subplot()
        ax.grid(True, alpha=0.3)
    ax.set_title(TITLE)
    names = record.axis_names
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    if three_d:
        ax.set_zlabel(names[2])
    total = record.best.size + record.dominated.size + record.infeasible.size
    small = total <= 2000
    groups = [
        (record.infeasible, "Infeasible Trial", _INFEASIBLE),
        (record.dominated, "Feasible Trial" if record.has_constraints else "Trial", _DOMINATED),
        (record.best, "Best Trial", _BEST),
    ]
    for points, label, color in groups:
        if points.size == 0:
            continue
        xyz = record.on_axes(points)
        ax.scatter(
            *(xyz[:, i] for i in range(record.n_targets)),
            color=color,
            label=label,
            s=18 if small else 6,
            edgecolors="grey",
            linewidths=0.4 if small else 0.0,  # edges are slow to draw on 10,000 points
        )
    if total:
        add_legend(ax, total)
    return ax


def plot_pareto_front(
    study: Study,
    *,
    target_names: list[str] | None = None,
    include_dominated_trials: bool = True,
    axis_order: list[int] | None = None,
    constraints_func: ConstraintsType | None = None,
    targets: TargetsType | None = None,
) -> Any:
    """Matplotlib twin of :func:`hyperscout.visualization.plot_pareto_front`."""
    _utils.import_pyplot()
    return mpl_pareto_front(
        compute_pareto_front(
            study,
            target_names=target_names,
            include_dominated_trials=include_dominated_trials,
            axis_order=axis_order,
            constraints_func=constraints_func,
            targets=targets,
        )
    )
