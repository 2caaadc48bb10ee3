"""Rank plot: the trials over pairs of parameters, coloured by the rank of their target value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.visualization import _utils
from hyperscout.visualization._utils import ParamAxis, TargetType

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["RankPanel", "RankRecord", "compute_rank", "plot_rank", "plotly_rank"]

COLORMAP = "RdYlBu_r"  # low rank (best for minimisation) blue, high rank red, as Optuna
TICK_FRACTIONS = (0.0, 0.25, 0.5, 0.75, 1.0)
TICK_NAMES = ("min.", "25%", "50%", "75%", "max.")


def title(target_name: str) -> str:
    return f"Rank ({target_name})"


@dataclass(frozen=True, eq=False)
class RankPanel:
    """One scatter: ``x_axis`` against ``y_axis`` (``None``: against the target value)."""

    x_axis: ParamAxis
    y_axis: ParamAxis | None
    rows: np.ndarray  # indices into the record's per-trial arrays of the trials drawn here
    x: np.ndarray  # parameter values (a categorical: index into the axis' categories)
    y: np.ndarray


@dataclass(frozen=True, eq=False)
class RankRecord:
    target_name: str
    params: tuple[str, ...]
    numbers: np.ndarray  # per trial (COMPLETE, finite target), oldest first
    values: np.ndarray  # target values
    color: np.ndarray  # rank of the value scaled to [0, 1] (ties share their mean rank)
    texts: tuple[str, ...]  # one description per trial: "Trial 3", "x: 0.5", ..., target
    # One panel for one or two parameters; for n >= 3 an n x n grid, panels[row][col] with the
    # row's parameter on y and the column's on x (as Optuna).
    panels: tuple[tuple[RankPanel, ...], ...]

    @property
    def is_empty(self) -> bool:
        return len(self.panels) == 0

    def ticks(self) -> tuple[tuple[float, ...], tuple[str, ...]]:
        """Colour-bar ticks: positions in [0, 1] and labels with the value quantiles."""
        if self.values.size == 0:
            return (), ()
        q = np.quantile(self.values, TICK_FRACTIONS)
        return TICK_FRACTIONS, tuple(f"{n} ({v:.3g})" for n, v in zip(TICK_NAMES, q))


def rank_fraction(values: np.ndarray) -> np.ndarray:
    """0-based rank of each value (ties: their mean rank) divided by ``n - 1``; 0.5 for n = 1."""
    n = values.size
    if n == 0:
        return np.empty(0)
    if n == 1:
        return np.array([0.5])
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    first = np.cumsum(counts) - counts  # rank of the first of each group of equal values
    mean_rank = first + (counts - 1) / 2.0
    return mean_rank[inverse.ravel()] / (n - 1)


def compute_rank(
    study: Study,
    params: Sequence[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> RankRecord:
    study = _utils.as_study(study)
    _utils.check_study(study)
    _utils.check_target(study, target, target_name)
    target_name = _utils.target_label(study, target, target_name)
    trials, values = _utils.values_of(_utils.complete_trials(study), target)
    names = _utils.select_params(trials, params, plot="rank plot")
    if not trials or not names:
        _utils.warn(
            f"rank plot: study {study.study_name!r} has no COMPLETE trial with parameters and a "
            "finite value; the plot is empty"
        )
        empty = np.empty(0)
        return RankRecord(target_name, tuple(names), empty.astype(int), empty, empty, (), ())
    n = len(trials)
    axes: dict[str, ParamAxis] = {}
    columns: dict[str, np.ndarray] = {}
    for name in names:
        axis = _utils.param_axis(name, trials)
        idx, vals = _utils.param_values(axis, trials)
        col = np.full(n, np.nan)
        col[idx] = vals
        axes[name], columns[name] = axis, col

    def panel(x_name: str, y_name: str | None) -> RankPanel:
        x = columns[x_name]
        y = values if y_name is None else columns[y_name]
        rows = np.flatnonzero(~np.isnan(x) & ~np.isnan(y))
        return RankPanel(
            axes[x_name], None if y_name is None else axes[y_name], rows, x[rows], y[rows]
        )

    if len(names) == 1:
        panels: tuple[tuple[RankPanel, ...], ...] = ((panel(names[0], None),),)
    elif len(names) == 2:
        panels = ((panel(names[0], names[1]),),)
    else:
        panels = tuple(tuple(panel(x, y) for x in names) for y in names)
    texts = tuple(
        "\n".join(
            [f"Trial {t.number}"]
            + [f"{k}: {t.params[k]}" for k in names if k in t.params]
            + [f"{target_name}: {v:.6g}"]
        )
        for t, v in zip(trials, values)
    )
    return RankRecord(
        target_name,
        tuple(names),
        np.asarray([t.number for t in trials], dtype=int),
        values,
        rank_fraction(values),
        texts,
        panels,
    )


def _plotly_axis(axis: ParamAxis | None) -> dict[str, Any]:
    if axis is None:
        return {}
    out: dict[str, Any] = {}
    if axis.log:
        out["type"] = "log"
    if axis.categorical:
        out.update(
            tickvals=list(range(len(axis.categories))),
            ticktext=list(axis.categories),
            range=[axis.low, axis.high],
        )
    return out


def plotly_rank(record: RankRecord) -> Any:
    go = _utils.import_plotly()
    if record.is_empty:
        return _utils.empty_plotly(title(record.target_name))
    from plotly.subplots import make_subplots

    size = len(record.panels)
    fig = make_subplots(
        rows=size,
        cols=size,
        horizontal_spacing=0.08 / size,
        vertical_spacing=0.08 / size,
    )
    hover = np.asarray([t.replace("\n", "<br>") for t in record.texts], dtype=object)
    for r, row in enumerate(record.panels):
        for c, p in enumerate(row):
            fig.add_trace(
                go.Scatter(
                    x=p.x,
                    y=p.y,
                    mode="markers",
                    showlegend=False,
                    marker={
                        "color": record.color[p.rows],
                        "colorscale": COLORMAP,
                        "cmin": 0.0,
                        "cmax": 1.0,
                        "line": {"width": 0.5, "color": "Grey"},
                    },
                    hovertext=hover[p.rows],
                    hovertemplate="%{hovertext}<extra></extra>",
                ),
                row=r + 1,
                col=c + 1,
            )
            fig.update_xaxes(row=r + 1, col=c + 1, **_plotly_axis(p.x_axis))
            fig.update_yaxes(row=r + 1, col=c + 1, **_plotly_axis(p.y_axis))
            if r == size - 1:
                fig.update_xaxes(row=r + 1, col=c + 1, title={"text": p.x_axis.name})
            if c == 0:
                y_title = record.target_name if p.y_axis is None else p.y_axis.name
                fig.update_yaxes(row=r + 1, col=c + 1, title={"text": y_title})
    tickvals, ticktext = record.ticks()
    fig.add_trace(  # an invisible trace that carries the colour bar
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            showlegend=False,
            hoverinfo="none",
            marker={
                "colorscale": COLORMAP,
                "cmin": 0.0,
                "cmax": 1.0,
                "showscale": True,
                "colorbar": {
                    "thickness": 10,
                    "tickvals": list(tickvals),
                    "ticktext": list(ticktext),
                },
            },
        )
    )
    fig.update_layout(title={"text": title(record.target_name)})
    if size > 3:
        fig.update_layout(width=250 * size, height=250 * size)
    return fig


def plot_rank(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Plot the COMPLETE trials over each pair of parameters, coloured by the rank of the target.

    Two parameters: one scatter; three or more: a scatter matrix (every ordered pair, as Optuna);
    one parameter: the parameter against the target value. Log-scaled parameters get a log axis,
    categorical ones a labelled axis. Returns a ``plotly.graph_objects.Figure``.
    """
    _utils.import_plotly()
    return plotly_rank(compute_rank(study, params, target=target, target_name=target_name))
