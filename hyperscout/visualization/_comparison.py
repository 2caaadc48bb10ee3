"""Compare optimisers: best-so-far curves of several groups of studies on one axis.

Each group (e.g. "grid", "random", "TPE") holds runs of the same problem with different seeds;
the plot shows each group's median best-so-far and the band between its 25th and 75th
percentiles, against the number of trials or against wall-clock seconds since the run started.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.exceptions import InvalidArgumentError
from hyperscout.trial import TrialState
from hyperscout.visualization import _utils
from hyperscout.visualization._utils import TargetType

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "ComparisonGroup",
    "ComparisonRecord",
    "compute_comparison",
    "plot_comparison",
    "plotly_comparison",
]

TITLE = "Optimizer Comparison"
N_TIME_POINTS = 200
_DASHES = ("solid", "dash", "dashdot", "dot")  # overlapping curves stay distinguishable


@dataclass(frozen=True, eq=False)
class ComparisonGroup:
    label: str
    x: np.ndarray  # trials run (1, 2, ...) or seconds since the run's first trial started
    runs: np.ndarray  # (n_runs, x.size) best so far of each run; NaN before its first result
    median: np.ndarray  # NaN where some run has no result yet
    q25: np.ndarray
    q75: np.ndarray

    @property
    def n_runs(self) -> int:
        return int(self.runs.shape[0])


@dataclass(frozen=True, eq=False)
class ComparisonRecord:
    x_kind: str  # "trials" or "seconds"
    direction: str
    target_name: str
    groups: tuple[ComparisonGroup, ...]

    @property
    def is_empty(self) -> bool:
        return all(g.x.size == 0 for g in self.groups)


def _groups(
    studies: Sequence[Study] | Mapping[str, Sequence[Study] | Study],
) -> dict[str, list[Study]]:
    from hyperscout.study import Study

    studies = _utils.as_study(studies)
    if isinstance(studies, Study):
        studies = [studies]
    groups: dict[str, list[Study]] = {}
    if isinstance(studies, Mapping):
        for label, runs in studies.items():
            runs = _utils.as_study(runs)
            group = [runs] if isinstance(runs, Study) else [_utils.as_study(r) for r in runs]
            if not group:
                raise InvalidArgumentError(
                    f"group {label!r} has no study; give at least one per group"
                )
            groups[str(label)] = group
    else:
        for s in map(_utils.as_study, studies):  # a plain list: one group per study
            groups.setdefault(getattr(s, "study_name", repr(s)), []).append(s)
    if not groups:
        raise InvalidArgumentError(
            "give at least one study (a list of studies or {name: [studies]})"
        )
    for group in groups.values():
        for s in group:
            _utils.check_study(s)
    return groups


def _run_by_trials(study: Study, target: TargetType | None, direction: str) -> np.ndarray:
    trials = study.get_trials(deepcopy=False)
    n = max((t.number for t in trials), default=-1) + 1
    vals = np.full(n, np.nan)
    for t in trials:
        if t.state == TrialState.COMPLETE:
            vals[t.number] = _utils.target_value(t, target)
    vals[~np.isfinite(vals)] = np.nan
    return _utils.best_so_far(vals, direction)


def _run_by_seconds(
    study: Study, target: TargetType | None, direction: str
) -> tuple[np.ndarray, np.ndarray, float]:
    """(completion seconds, best so far at each, end of the run) since its first start."""
    trials = [t for t in study.get_trials(deepcopy=False) if t.datetime_start is not None]
    if not trials:
        return np.empty(0), np.empty(0), 0.0
    t0 = min(t.datetime_start for t in trials if t.datetime_start is not None)
    done = [t for t in trials if t.state == TrialState.COMPLETE and t.datetime_complete is not None]
    done.sort(key=lambda t: t.datetime_complete)  # type: ignore[arg-type, return-value]
    secs = np.asarray([(t.datetime_complete - t0).total_seconds() for t in done])  # type: ignore[operator]
    vals = np.asarray([_utils.target_value(t, target) for t in done], dtype=float)
    vals[~np.isfinite(vals)] = np.nan
    ends = [t.datetime_complete for t in trials if t.datetime_complete is not None]
    end = max((e - t0).total_seconds() for e in ends) if ends else 0.0
    return secs, _utils.best_so_far(vals, direction), end


def _bands(runs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ok = ~np.any(np.isnan(runs), axis=0)
    med = np.full(runs.shape[1], np.nan)
    q25, q75 = med.copy(), med.copy()
    if ok.any():
        q25[ok], med[ok], q75[ok] = np.percentile(runs[:, ok], [25, 50, 75], axis=0)
    return med, q25, q75


def compute_comparison(
    studies: Sequence[Study] | Mapping[str, Sequence[Study] | Study],
    *,
    x: str = "trials",
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> ComparisonRecord:
    if x not in ("trials", "seconds"):
        raise InvalidArgumentError(f"x must be 'trials' or 'seconds', got x={x!r}")
    groups = _groups(studies)
    all_studies = [s for g in groups.values() for s in g]
    for s in all_studies:
        _utils.check_target(s, target, target_name)
        target_name = _utils.target_label(s, target, target_name)
    directions = {_utils.direction_name(s) for s in all_studies}
    if len(directions) > 1:
        raise InvalidArgumentError(
            "studies compared on one axis must share a direction, got "
            + ", ".join(f"{s.study_name!r}: {_utils.direction_name(s)}" for s in all_studies)
        )
    direction = directions.pop()
    out = []
    for label, group in groups.items():
        if x == "trials":
            curves = [_run_by_trials(s, target, direction) for s in group]
            length = min(c.size for c in curves)  # the band covers what every run reached
            runs = np.vstack([c[:length] for c in curves]) if length else np.empty((len(group), 0))
            xs = np.arange(1, length + 1, dtype=float)
        else:
            data = [_run_by_seconds(s, target, direction) for s in group]
            horizon = max((d[2] for d in data), default=0.0)
            xs = np.linspace(0.0, horizon, N_TIME_POINTS) if horizon > 0 else np.empty(0)
            runs = np.full((len(group), xs.size), np.nan)
            for i, (secs, best, _) in enumerate(data):
                if secs.size == 0:
                    continue
                idx = np.searchsorted(secs, xs, side="right") - 1
                has = idx >= 0
                runs[i, has] = best[idx[has]]
        med, q25, q75 = _bands(runs)
        out.append(ComparisonGroup(label, xs, runs, med, q25, q75))
    record = ComparisonRecord(x, direction, target_name, tuple(out))
    if all(np.all(np.isnan(g.median)) for g in out):
        _utils.warn(
            "comparison plot: no group has a COMPLETE trial in every run; the plot is empty"
        )
    return record


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def plotly_comparison(record: ComparisonRecord) -> Any:
    go = _utils.import_plotly()
    fig = go.Figure()
    for i, g in enumerate(record.groups):
        color = _utils.COLORS[i % len(_utils.COLORS)]
        ok = ~np.isnan(g.median)
        if not ok.any():
            continue
        x = g.x[ok]
        if g.n_runs > 1:
            fig.add_trace(
                go.Scatter(
                    x=np.concatenate([x, x[::-1]]),
                    y=np.concatenate([g.q75[ok], g.q25[ok][::-1]]),
                    fill="toself",
                    fillcolor=_rgba(color, 0.2),
                    line={"width": 0, "shape": "hv"},
                    mode="lines",
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=g.label,
                    name=f"{g.label} 25-75%",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=g.median[ok],
                mode="lines",
                line={"color": color, "shape": "hv", "width": 2, "dash": _DASHES[i % len(_DASHES)]},
                name=f"{g.label} (median of {g.n_runs})" if g.n_runs > 1 else g.label,
                legendgroup=g.label,
            )
        )
    xlabel = "Trials" if record.x_kind == "trials" else "Wall-clock time (s)"
    fig.update_layout(
        title={"text": TITLE},
        xaxis={"title": {"text": xlabel}},
        yaxis={"title": {"text": f"Best {record.target_name} so far"}},
    )
    return fig


def plot_comparison(
    studies: Sequence[Study] | Mapping[str, Sequence[Study] | Study],
    *,
    x: str = "trials",
    target: TargetType | None = None,
    target_name: str = "Objective Value",
) -> Any:
    """Plot best-so-far curves of several optimisers on one axis.

    ``studies`` is a list of studies (one curve each) or ``{"random": [study_seed0, ...], ...}``
    (one median curve per group with a 25-75% band across its runs). ``x="trials"`` plots against
    the number of trials run (up to the shortest run of each group), ``x="seconds"`` against
    wall-clock seconds since each run's first trial started. Returns a plotly Figure.
    """
    _utils.import_plotly()
    return plotly_comparison(
        compute_comparison(studies, x=x, target=target, target_name=target_name)
    )
