"""Plateaus of step-like objectives: ties between configurations, and whether a single-objective
study is stalled on one.

Cross-validation scores of trees, counts and accuracies are step functions: many
configurations share one value. On such an objective the GP can re-measure the plateau it
believes best for tens of trials (``benchmarks/results/bbo/ablation.md``: on ``dt-friedman1`` 7
of 10 runs sat on one value from trial 20-50 to 100), while a TPE fitted to the same trials
leaves it. :func:`has_plateau_ties` and :func:`plateau_members` find the ties (the GP's own
plateau tests use them too). :func:`stalled_on_plateau` is the evidence the benchmark's stall
hand-overs act on (``hs-stall-tpe``, ``hs-stall-tpe-incumbent``, ``hs-stall-alternate``), and
``GPSampler`` acts on it by default (its switch ``stall_turns``), as ``hs-stall-alternate`` does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.study._direction import StudyDirection
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "STALL_TRIALS",
    "finished_history",
    "has_plateau_ties",
    "plateau_members",
    "stalled_on_plateau",
]


def has_plateau_ties(x: np.ndarray, y: np.ndarray) -> bool:
    """Whether two different rows of ``x`` have exactly the same value in ``y``.

    A real-valued objective that is smooth gives such ties with probability 0; a step function
    (a cross-validation score of a tree, a count, an accuracy) gives them whenever two
    configurations fall on the same plateau.
    """
    return bool(plateau_members(x, y).any())


def plateau_members(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mask of the rows of ``x`` whose value in ``y`` is exactly that of another, different
    row: evaluated points on a plateau (see :func:`has_plateau_ties`)."""
    out = np.zeros(len(y), dtype=bool)
    if len(y) < 2:
        return out
    order = np.argsort(y, kind="stable")
    ys, xs = y[order], x[order]
    tied = (ys[1:] == ys[:-1]) & np.any(xs[1:] != xs[:-1], axis=1)
    # A tie between neighbours in the sorted order marks its whole run of equal values.
    start = np.concatenate([[True], ys[1:] != ys[:-1]])
    run = np.cumsum(start) - 1
    runs_tied = np.zeros(int(run[-1]) + 1, dtype=bool)
    runs_tied[run[1:][tied]] = True
    out[order] = runs_tied[run]
    return out


# Finished trials without a new best that make a stall: the size of the random start.
STALL_TRIALS = 10


def stalled_on_plateau(
    history: Sequence[tuple[tuple[Any, ...], float]],
    n_startup: int,
    stall: int = STALL_TRIALS,
    *,
    incumbent: bool = False,
) -> bool:
    """Whether a study with these finished trials (``(configuration, loss)`` in trial order,
    losses finite) is stalled on a step-like objective.

    Stalled: none of the last ``stall`` trials found a new lowest loss, and all of them came
    after the ``n_startup`` random ones (so the model-based proposals have had ``stall`` trials
    to improve; with the defaults no study is stalled before its 21st trial). Step-like: two
    *different* configurations have exactly the same loss, the GP's own test
    (``has_plateau_ties``). With ``incumbent``, only a tie on the lowest loss counts: the study
    is stalled on the incumbent's own plateau.
    """
    if len(history) < n_startup + stall:
        return False
    losses = np.array([loss for _, loss in history], dtype=float)
    last_new_best = int(np.argmin(losses))  # the first trial to reach the lowest loss
    if len(history) - 1 - last_new_best < stall:
        return False
    # One number per distinct configuration, so that "different rows" means different ones.
    ids: dict[tuple[Any, ...], int] = {}
    rows = np.array([[ids.setdefault(config, len(ids))] for config, _ in history], dtype=float)
    if incumbent:
        on_best = losses == losses[last_new_best]
        rows, losses = rows[on_best], losses[on_best]
    return has_plateau_ties(rows, losses)


def finished_history(study: Study, before: int) -> list[tuple[tuple[Any, ...], float]]:
    """The history :func:`stalled_on_plateau` reads: the study's complete trials numbered below
    ``before``, in trial order, as ``(configuration, loss)`` with the loss to be minimised
    (a maximised value negated); trials without a finite value are left out. Single objective."""
    sign = -1.0 if study.directions[0] == StudyDirection.MAXIMIZE else 1.0
    return [
        (tuple(sorted(t.params.items())), sign * float(t.values[0]))
        for t in sorted(
            study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)),
            key=lambda t: t.number,
        )
        if t.number < before and t.values is not None and math.isfinite(t.values[0])
    ]
