"""Shared helpers for the plots: optional imports, trial selection, targets and parameter axes.

Every plot module computes a small frozen record from a study with these helpers, and each
renderer (plotly here, matplotlib in :mod:`hyperscout.visualization.matplotlib`) only draws it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout import _warnings
from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError, MissingDependencyError
from hyperscout.samplers._constraints import is_feasible as is_feasible  # shared by the plots
from hyperscout.trial import FrozenTrial, TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study

TargetType = Callable[[FrozenTrial], float]


class MarksInfeasible:
    """For a plot record with trial ``numbers`` and, per trial, whether it is within the
    constraints stored on it (``feasible``; None when nothing was stored)."""

    numbers: np.ndarray
    feasible: np.ndarray | None

    @property
    def infeasible_numbers(self) -> np.ndarray:
        if self.feasible is None:
            return self.numbers[:0]
        return self.numbers[~self.feasible]

_INSTALL_HINT = 'pip install "hyperscout[plot]"'

# One palette for both backends, so a plot looks the same in a notebook and in a report.
COLORS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
INFEASIBLE_COLOR = "#cccccc"  # trials that violate a stored constraint, on every plot
STATE_COLORS = {
    "COMPLETE": "#1f77b4",
    "PRUNED": "#ff7f0e",
    "FAIL": "#d62728",
    "RUNNING": "#2ca02c",
    "WAITING": "#7f7f7f",
}


def import_plotly() -> Any:
    """``plotly.graph_objects``, or an ImportError naming the extra to install."""
    try:
        import plotly.graph_objects as go
    except ImportError as err:
        raise MissingDependencyError(
            f"plotly is needed for hyperscout.visualization; install it with {_INSTALL_HINT} "
            "(or use hyperscout.visualization.matplotlib)"
        ) from err
    return go


def import_pyplot() -> Any:
    """``matplotlib.pyplot``, or an ImportError naming the extra to install."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise MissingDependencyError(
            "matplotlib is needed for hyperscout.visualization.matplotlib; install it with "
            f"{_INSTALL_HINT}"
        ) from err
    return plt


def is_plotly_available() -> bool:
    try:
        import plotly  # noqa: F401
    except ImportError:
        return False
    return True


def is_matplotlib_available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def warn(message: str) -> None:
    _warnings.warn(message)


DEFAULT_TARGET_NAME = "Objective Value"


def short_names(names: Sequence[str]) -> list[str]:
    """Pipeline parameter names without their step prefix (``lgbmclassifier__learning_rate``
    -> ``learning_rate``) when the short names stay distinct; else the names as given."""
    short = [n.rsplit("__", 1)[-1] for n in names]
    return short if len(set(short)) == len(short) else list(names)


def log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Readable ticks for a log axis from ``low`` to ``high``: 1-2-5 per decade over a few
    decades, decades only over more; labelled with plain numbers (no "2 5 2 5" minor labels)."""
    import math

    if not (low > 0 and high > 0 and math.isfinite(low) and math.isfinite(high)):
        return [], []
    lo, hi = math.floor(math.log10(low)), math.ceil(math.log10(high))
    steps = (1.0,) if hi - lo > 3 else (1.0, 2.0, 5.0)
    vals = [m * 10.0**k for k in range(lo, hi + 1) for m in steps]
    inside = [v for v in vals if low * (1 - 1e-9) <= v <= high * (1 + 1e-9)]
    if len(inside) < 2:
        inside = [low, high]
    return inside, [f"{v:g}" for v in inside]


def as_study(obj: Any) -> Any:
    """A fitted ``*SearchCV`` (hyperscout's, with ``study_``) stands for its study."""
    from hyperscout.study import Study

    if not isinstance(obj, Study) and hasattr(obj, "fit"):
        study = getattr(obj, "study_", None)
        if study is None:
            raise InvalidTypeError(
                f"a {type(obj).__name__} can be plotted once it is fitted (it then has study_)"
            )
        return study
    return obj


def target_label(study: Study, target: TargetType | None, target_name: str) -> str:
    """The axis label: ``target_name`` if the caller gave one, else the study's metric name
    (``study.set_metric_names``, set by the scikit-learn front door from ``scoring``)."""
    if target is None and target_name == DEFAULT_TARGET_NAME and len(study.directions) == 1:
        names = study.metric_names
        if names:
            return str(names[0])
    return target_name


def check_study(study: Any) -> None:
    from hyperscout.study import Study

    if not isinstance(study, Study):
        raise InvalidTypeError(
            f"expected a hyperscout Study, got {type(study).__name__}: {study!r}"
        )


def check_target(study: Study, target: TargetType | None, target_name: str) -> None:
    """A multi-objective study needs ``target`` to say which number to plot."""
    if target is not None and not callable(target):
        raise InvalidTypeError(f"target must be a callable FrozenTrial -> float, got {target!r}")
    if target is None and len(study.directions) > 1:
        raise InvalidArgumentError(
            f"study {study.study_name!r} has {len(study.directions)} objectives; give "
            "target=lambda t: t.values[0] (and target_name) to choose the one to plot"
        )
    if not isinstance(target_name, str):
        raise InvalidTypeError(f"target_name must be a str, got {target_name!r}")


def target_value(trial: FrozenTrial, target: TargetType | None) -> float:
    if target is None:
        assert trial.values is not None
        return float(trial.values[0])
    return float(target(trial))


def complete_trials(study: Study) -> list[FrozenTrial]:
    return study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))


def values_of(
    trials: Sequence[FrozenTrial], target: TargetType | None
) -> tuple[list[FrozenTrial], np.ndarray]:
    """The trials whose target is finite, and those targets (non-finite ones are skipped)."""
    kept: list[FrozenTrial] = []
    values: list[float] = []
    for t in trials:
        v = target_value(t, target)
        if math.isfinite(v):
            kept.append(t)
            values.append(v)
    return kept, np.asarray(values, dtype=float)


def direction_name(study: Study) -> str:
    return study.directions[0].name.lower()


def select_params(
    trials: Sequence[FrozenTrial], params: Sequence[str] | None, *, plot: str
) -> list[str]:
    """Parameter names to plot: all seen in ``trials`` (sorted), or ``params`` after a check."""
    seen: set[str] = set()
    for t in trials:
        seen.update(t.params)
    if params is None:
        return sorted(seen)
    if isinstance(params, str):
        raise InvalidTypeError(f"params must be a list of parameter names, got params={params!r}")
    unknown = [p for p in params if p not in seen]
    if unknown:
        raise InvalidArgumentError(
            f"{plot}: parameter(s) {unknown!r} do not appear in any COMPLETE trial; "
            f"known parameters are {sorted(seen)!r}"
        )
    return list(dict.fromkeys(params))


@dataclass(frozen=True)
class ParamAxis:
    """How to draw one parameter on an axis."""

    name: str
    log: bool
    categorical: bool
    categories: tuple[str, ...]  # labels of the choices, for a categorical parameter
    low: float  # axis range in external units (indices for a categorical)
    high: float


def _label(choice: Any) -> str:
    return str(choice)


def param_axis(name: str, trials: Sequence[FrozenTrial]) -> ParamAxis:
    """One axis for a parameter, from the distributions the trials used for it.

    Log scale when every trial used a log-scaled Float/Int distribution; categorical when any used
    a CategoricalDistribution (then the union of choices in first-seen order).
    """
    dists: list[BaseDistribution] = [
        t.distributions[name] for t in trials if name in t.distributions
    ]
    categorical = any(isinstance(d, CategoricalDistribution) for d in dists)
    if categorical:
        labels: dict[str, None] = {}
        for d in dists:
            if isinstance(d, CategoricalDistribution):
                for c in d.choices:
                    labels.setdefault(_label(c), None)
        # A numeric value that some trial used under the same name becomes a category too.
        for t in trials:
            if name in t.params:
                labels.setdefault(_label(t.params[name]), None)
        cats = tuple(labels)
        return ParamAxis(name, False, True, cats, -0.5, len(cats) - 0.5)
    log = len(dists) > 0 and all(
        isinstance(d, FloatDistribution | IntDistribution) and d.log for d in dists
    )
    lows = [d.low for d in dists if isinstance(d, FloatDistribution | IntDistribution)]
    highs = [d.high for d in dists if isinstance(d, FloatDistribution | IntDistribution)]
    low = float(min(lows)) if lows else 0.0
    high = float(max(highs)) if highs else 1.0
    return ParamAxis(name, log, False, (), low, high)


def param_values(axis: ParamAxis, trials: Sequence[FrozenTrial]) -> tuple[np.ndarray, np.ndarray]:
    """(indices of the trials that have the parameter, their values as floats on the axis).

    A categorical value becomes the index of its label on the axis.
    """
    idx: list[int] = []
    vals: list[float] = []
    if axis.categorical:
        pos = {c: i for i, c in enumerate(axis.categories)}
        for i, t in enumerate(trials):
            if axis.name in t.params:
                idx.append(i)
                vals.append(float(pos[_label(t.params[axis.name])]))
    else:
        for i, t in enumerate(trials):
            if axis.name in t.params:
                idx.append(i)
                vals.append(float(t.params[axis.name]))
    return np.asarray(idx, dtype=int), np.asarray(vals, dtype=float)


def best_so_far(values: np.ndarray, direction: str) -> np.ndarray:
    """Running minimum (``minimize``) or maximum (``maximize``); NaNs are ignored."""
    if values.size == 0:
        return values.copy()
    if direction == "minimize":
        filled = np.where(np.isnan(values), np.inf, values)
        out = np.minimum.accumulate(filled)
        out[np.isinf(out)] = np.nan
    else:
        filled = np.where(np.isnan(values), -np.inf, values)
        out = np.maximum.accumulate(filled)
        out[np.isinf(out)] = np.nan
    return out


def empty_plotly(title: str) -> Any:
    go = import_plotly()
    return go.Figure(layout={"title": {"text": title}})


def new_axes(title: str) -> Any:
    plt = import_pyplot()
    _, ax = plt.subplots()
    ax.set_title(title)
    return ax
