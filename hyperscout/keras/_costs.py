"""Score against cost for the Keras tuners: ``budgets=`` and :meth:`Tuner.get_pareto_front`.

Every trial records what its model costs (user attributes written while it trains):

- ``"n_params"``: the model's parameter count (``model.count_params()``), known once it is built;
- ``"latency_per_1k"``: seconds to predict 1,000 rows, from one timed ``predict_on_batch`` on up
  to 256 training inputs after a warm-up (stored per sample as ``predict_seconds_per_sample``).

The names and the rules are those of the ``*SearchCV`` estimators' ``objectives=`` and
``budgets=`` (:mod:`hyperscout.sklearn`), so both front doors trade a score against a cost the
same way:

- ``budgets={cost: upper bound}`` makes a trial whose cost exceeds a bound infeasible: the
  excess (cost minus bound, ``<= 0`` is within budget) is stored as the trial's constraints
  (``FrozenTrial.constraints``), the Bayesian and Hyperband tuners' own samplers model them,
  and the best trials (``get_best_hyperparameters``, ``get_best_models``, ``results_summary``)
  are the best-scoring ones within every budget, then the others; when none is within budget,
  the least relative excess first, with a warning. The search itself still optimises the score
  alone (KerasTuner's single objective), so pruning and Hyperband work unchanged.
- The Pareto front of score against the costs is the set of completed trials no other beats on
  the score and on every cost (among those within budget when some are), best score first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from hyperscout import _warnings
from hyperscout._multi_objective import non_dominated
from hyperscout.exceptions import InvalidArgumentError
from hyperscout.trial import FrozenTrial

__all__ = ["COSTS", "LATENCY_KEY", "N_PARAMS_KEY", "excess", "order_best", "pareto_front"]

N_PARAMS_KEY = "n_params"  # user attribute: the model's parameter count
LATENCY_KEY = "predict_seconds_per_sample"  # user attribute: seconds per predicted row
COSTS = ("n_params", "latency_per_1k")
# An unmeasured cost is stored as this excess (constraints must be finite numbers).
_UNMEASURED = 1e300


def trial_costs(frozen: FrozenTrial) -> dict[str, float]:
    """The costs a trial recorded (NaN where it did not get that far)."""
    attrs = frozen.user_attrs
    n_params = attrs.get(N_PARAMS_KEY)
    per_sample = attrs.get(LATENCY_KEY)
    return {
        "n_params": math.nan if n_params is None else float(n_params),
        "latency_per_1k": math.nan if per_sample is None else 1000.0 * float(per_sample),
    }


def excess(frozen: FrozenTrial, budgets: Mapping[str, float]) -> list[float]:
    """Cost minus bound per budget, in the budgets' order; an unmeasured cost is infeasible."""
    costs = trial_costs(frozen)
    return [
        _UNMEASURED if math.isnan(costs[name]) else costs[name] - bound
        for name, bound in budgets.items()
    ]


def _within(frozen: FrozenTrial, budgets: Mapping[str, float]) -> bool:
    return all(c <= 0 for c in excess(frozen, budgets))


def order_best(
    done: list[FrozenTrial], budgets: Mapping[str, float], maximize: bool
) -> list[FrozenTrial]:
    """Completed trials best first: by score within every budget, then the others by score;
    with no trial within budget, by relative excess (a warning says so)."""
    sign = -1.0 if maximize else 1.0
    by_score = sorted(done, key=lambda t: sign * float(t.value))  # type: ignore[arg-type]
    if not budgets or not by_score:
        return by_score
    inside = [t for t in by_score if _within(t, budgets)]
    if inside:
        return inside + [t for t in by_score if not _within(t, budgets)]

    def relative(t: FrozenTrial) -> float:
        over = zip(excess(t, budgets), budgets.values())
        return sum(max(c, 0.0) / max(bound, 1e-300) for c, bound in over)

    _warnings.warn(
        f"no completed trial is within budgets={dict(budgets)!r}; the best trials are those "
        "that exceed them least"
    )
    return sorted(by_score, key=relative)


def check_costs(costs: Any) -> list[str]:
    names = [costs] if isinstance(costs, str) else costs
    if (
        not isinstance(names, Sequence)
        or not names
        or any(n not in COSTS for n in names)
        or len(set(names)) != len(names)
    ):
        raise InvalidArgumentError(
            f"costs must be distinct names from {list(COSTS)!r}, got costs={costs!r}"
        )
    return list(names)


def pareto_front(
    done: list[FrozenTrial], costs: Sequence[str], budgets: Mapping[str, float], maximize: bool
) -> list[FrozenTrial]:
    """The completed trials on the front of the score against ``costs``, best score first
    (ties by the costs in order); among those within every budget when some are."""
    rows = []
    for t in done:
        c = trial_costs(t)
        rows.append([(-1.0 if maximize else 1.0) * float(t.value), *(c[n] for n in costs)])  # type: ignore[arg-type]
    loss = np.array(rows, dtype=float).reshape(len(done), 1 + len(costs))
    usable = np.isfinite(loss).all(axis=1)
    if budgets:
        feasible = usable & np.array([_within(t, budgets) for t in done], dtype=bool)
        if feasible.any():
            usable = feasible
    idx = np.flatnonzero(usable)
    if not idx.size:
        return []
    on = idx[non_dominated(loss[idx])]
    order = on[np.lexsort(loss[on].T[::-1])]
    return [done[i] for i in order]
