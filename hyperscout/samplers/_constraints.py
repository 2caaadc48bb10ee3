"""Constraints of a trial, as Optuna names them.

A sampler given ``constraints_func`` calls it on every COMPLETE or PRUNED trial (with the final
values in place) in ``after_trial`` and stores the result, a tuple of floats, in the trial's
system attribute ``"constraints"`` (:data:`hyperscout.trial.CONSTRAINTS_KEY`, Optuna's key), so
that every process and every later session sees it (``FrozenTrial.constraints``). A trial is
feasible when every value is ``<= 0``; its violation is the sum of the positive values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.trial import FrozenTrial, TrialState
from hyperscout.trial._frozen import CONSTRAINTS_KEY

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "ConstraintsFunc",
    "check_constraints_func",
    "is_feasible",
    "store_constraints",
    "stored_constraints",
    "violation",
]

ConstraintsFunc = Callable[[FrozenTrial], Sequence[float]]


def check_constraints_func(constraints_func: Any) -> ConstraintsFunc | None:
    if constraints_func is not None and not callable(constraints_func):
        raise InvalidTypeError(
            "constraints_func must be None or a callable FrozenTrial -> sequence of floats, got "
            f"constraints_func={constraints_func!r}"
        )
    return constraints_func


def stored_constraints(trial: FrozenTrial) -> tuple[float, ...]:
    """A ``constraints_func`` that reads the constraints already stored on the trial: for a
    front door that measures them itself (the budgets of the ``*SearchCV`` estimators and of the
    Keras tuners) and hands its sampler the same numbers."""
    return tuple(trial.constraints or ())


def store_constraints(
    constraints_func: ConstraintsFunc,
    study: Study,
    trial: FrozenTrial,
    state: TrialState,
    values: Sequence[float] | None,
) -> None:
    """Evaluate ``constraints_func`` on the finished trial and store the result on it."""
    if state not in (TrialState.COMPLETE, TrialState.PRUNED):
        return
    finished = trial._evolve(state=state, values=None if values is None else tuple(values))
    raw = constraints_func(finished)
    try:
        out = tuple(float(c) for c in raw)
    except TypeError:
        raise InvalidTypeError(
            f"constraints_func must return a sequence of floats, got {raw!r} for trial "
            f"{trial.number}"
        ) from None
    if any(math.isnan(c) for c in out):
        raise InvalidArgumentError(
            f"constraints_func must not return NaN, got {list(out)!r} for trial {trial.number}"
        )
    study.storage.set_trial_system_attr(trial.trial_id, CONSTRAINTS_KEY, list(out))


def violation(trial: FrozenTrial) -> float:
    """Sum of the positive constraint values; ``inf`` when the trial has none stored (a trial
    evaluated without the constraints ranks below every one evaluated with them)."""
    constraints = trial.constraints
    if constraints is None:
        return math.inf
    return float(sum(c for c in constraints if c > 0.0))


def is_feasible(trial: FrozenTrial) -> bool:
    """Every stored constraint ``<= 0``; a trial without stored constraints counts as feasible
    (as in Optuna's ``best_trial``)."""
    constraints = trial.constraints
    return constraints is None or all(c <= 0.0 for c in constraints)
