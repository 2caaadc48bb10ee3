"""The importance-evaluator seam and the data every evaluator starts from.

An evaluator gets the study, the parameter names to rate and an optional target, and returns
``{name: importance}``. :func:`prepare` turns the COMPLETE trials into a matrix in the space the
evaluators model: a log-scaled parameter as ``log(value)``, an integer as its value on
``[low - 0.5, high + 0.5]`` (so every integer has the same width), a categorical as the index of
its choice on ``[-0.5, k - 0.5]``.
"""

from __future__ import annotations

import abc
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.trial import FrozenTrial, TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["BaseImportanceEvaluator", "DataImportanceEvaluator", "ImportanceData", "prepare"]


class BaseImportanceEvaluator(abc.ABC):
    """Rates how much each parameter explains the variation of the objective.

    ``evaluate`` is called once per :func:`get_param_importances` call, with ``params`` already
    checked (present, with one distribution, in every COMPLETE trial). It returns raw,
    non-negative importances; normalising and ordering is the caller's job.
    """

    @abc.abstractmethod
    def evaluate(
        self,
        study: Study,
        params: list[str] | None = None,
        *,
        target: Callable[[FrozenTrial], float] | None = None,
    ) -> dict[str, float]:
        raise NotImplementedError


class DataImportanceEvaluator(BaseImportanceEvaluator):
    """An evaluator that works on the prepared trial matrix (:class:`ImportanceData`) alone.

    ``rates_pareto_front``: whether it can rate a multi-objective study without a target (on
    non-domination ranks); the others need ``target``, as in Optuna.
    """

    rates_pareto_front = False

    def evaluate(
        self,
        study: Study,
        params: list[str] | None = None,
        *,
        target: Callable[[FrozenTrial], float] | None = None,
    ) -> dict[str, float]:
        return self.evaluate_data(
            prepare(
                study,
                params,
                target,
                pareto=self.rates_pareto_front,
                evaluator=type(self).__name__,
            )
        )

    @abc.abstractmethod
    def evaluate_data(self, data: ImportanceData) -> dict[str, float]:
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class ImportanceData:
    names: tuple[str, ...]  # the parameters with more than one possible value, in order
    constant: tuple[str, ...]  # requested parameters with a single possible value (importance 0)
    x: np.ndarray  # (n_trials, n_params), in the modelled space (see module docstring)
    bounds: np.ndarray  # (n_params, 2) lower and upper bound of each column
    categorical: np.ndarray  # (n_params,) bool
    n_choices: np.ndarray  # (n_params,) number of choices of a categorical, else 0
    y: np.ndarray  # (n_trials,) target values
    direction: str  # "minimize" or "maximize": which end of y is good


def _column(dist: BaseDistribution, values: np.ndarray) -> tuple[np.ndarray, float, float]:
    if isinstance(dist, CategoricalDistribution):
        return values, -0.5, len(dist.choices) - 0.5
    if isinstance(dist, FloatDistribution | IntDistribution):
        if dist.log:
            return np.log(values), math.log(dist.low), math.log(dist.high)
        if isinstance(dist, IntDistribution):
            half = 0.5 * dist.step
            return values, dist.low - half, dist.high + half
        return values, dist.low, dist.high
    raise InvalidTypeError(f"unsupported distribution {dist!r}")


def _space(trials: Sequence[FrozenTrial]) -> dict[str, BaseDistribution]:
    space: dict[str, BaseDistribution] | None = None
    for t in trials:
        if space is None:
            space = dict(t.distributions)
        else:
            space = {k: d for k, d in space.items() if t.distributions.get(k) == d}
    return dict(sorted((space or {}).items()))


MULTI_OBJECTIVE_NEEDS_TARGET = (
    "study {name!r} has {n} objectives, so {evaluator} needs a target to rate, e.g. "
    "target=lambda t: t.values[0] for the first objective (PedAnovaImportanceEvaluator rates "
    "reaching the Pareto front without one)"
)


def pareto_ranks(values: np.ndarray) -> np.ndarray:
    """Non-domination rank of each row of ``values`` (every column to minimise): 0 for the
    Pareto front, 1 for the front of what is left, and so on."""
    from hyperscout._multi_objective import non_dominated

    ranks = np.full(values.shape[0], -1, dtype=int)
    left = np.arange(values.shape[0])
    rank = 0
    while left.size:
        front = non_dominated(values[left])
        ranks[left[front]] = rank
        left = left[~front]
        rank += 1
    return ranks


def rated_trials(
    study: Study,
    params: Sequence[str] | None,
    target: Callable[[FrozenTrial], float] | None,
    *,
    pareto: bool = False,
    evaluator: str = "this evaluator",
) -> tuple[list[FrozenTrial], list[float]]:
    """The COMPLETE trials with a finite target (and, when ``params`` is given, with all of
    ``params``: a conditional parameter is rated on the trials that have it, as in Optuna).

    A multi-objective study without ``target`` is rated, with ``pareto=True``, on each trial's
    non-domination rank (lower is better: reaching the Pareto front), and otherwise raises, as
    Optuna's fANOVA and mean-decrease-impurity evaluators do."""
    from hyperscout.study import Study

    if not isinstance(study, Study):
        raise InvalidTypeError(
            f"expected a hyperscout Study, got {type(study).__name__}: {study!r}"
        )
    if target is not None and not callable(target):
        raise InvalidTypeError(f"target must be a callable FrozenTrial -> float, got {target!r}")
    if params is not None and isinstance(params, str):
        raise InvalidTypeError(f"params must be a list of parameter names, got params={params!r}")
    n_obj = len(study.directions)
    if target is None and n_obj > 1 and not pareto:
        raise InvalidArgumentError(
            MULTI_OBJECTIVE_NEEDS_TARGET.format(name=study.study_name, n=n_obj, evaluator=evaluator)
        )
    trials = []
    ys = []
    for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        if params is not None and not all(p in t.distributions for p in params):
            continue
        if target is None and n_obj > 1:
            values = t.values or ()
            if all(math.isfinite(float(v)) for v in values):
                trials.append(t)
            continue
        v = float(t.values[0]) if target is None else float(target(t))  # type: ignore[index]
        if math.isfinite(v):
            trials.append(t)
            ys.append(v)
    if target is None and n_obj > 1:
        signs = np.array([-1.0 if d.name == "MAXIMIZE" else 1.0 for d in study.directions])
        loss = np.array([t.values for t in trials], dtype=float).reshape(len(trials), n_obj)
        ys = [float(r) for r in pareto_ranks(loss * signs)]
    return trials, ys


def prepare(
    study: Study,
    params: Sequence[str] | None,
    target: Callable[[FrozenTrial], float] | None,
    *,
    pareto: bool = False,
    evaluator: str = "this evaluator",
) -> ImportanceData:
    """Check the request and build the modelled data (errors state the rule and the values).
    ``pareto``: a multi-objective study without ``target`` is rated on non-domination ranks
    (see :func:`rated_trials`); otherwise it raises."""
    trials, ys = rated_trials(study, params, target, pareto=pareto, evaluator=evaluator)
    if len(trials) < 2:
        raise InvalidArgumentError(
            "parameter importances need at least 2 COMPLETE trials with a finite value, study "
            f"{study.study_name!r} has {len(trials)}"
        )
    space = _space(trials)
    if params is None:
        names = list(space)
        if not names:
            raise InvalidArgumentError(
                f"study {study.study_name!r} has no parameter that every COMPLETE trial "
                "suggested with the same distribution, so there is nothing to rate"
            )
    else:
        names = list(dict.fromkeys(params))
        missing = [p for p in names if p not in space]
        if missing:
            raise InvalidArgumentError(
                f"parameter(s) {missing!r} are not in every COMPLETE trial with one distribution; "
                f"parameters that can be rated: {list(space)!r}"
            )
    varying = [n for n in names if not space[n].single()]
    constant = [n for n in names if space[n].single()]
    cols, bounds, cat, n_choices = [], [], [], []
    for n in varying:
        dist = space[n]
        raw = np.asarray([t.internal_params[n] for t in trials], dtype=float)
        col, lo, hi = _column(dist, raw)
        cols.append(col)
        bounds.append((lo, hi))
        cat.append(isinstance(dist, CategoricalDistribution))
        n_choices.append(len(dist.choices) if isinstance(dist, CategoricalDistribution) else 0)
    x = np.column_stack(cols) if cols else np.empty((len(trials), 0))
    multi = len(study.directions) > 1
    direction = "minimize" if target is not None or multi else study.directions[0].name.lower()
    return ImportanceData(
        names=tuple(varying),
        constant=tuple(constant),
        x=x,
        bounds=np.asarray(bounds, dtype=float).reshape(-1, 2),
        categorical=np.asarray(cat, dtype=bool),
        n_choices=np.asarray(n_choices, dtype=int),
        y=np.asarray(ys, dtype=float),
        direction=direction,
    )
