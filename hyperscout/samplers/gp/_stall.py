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
    from hyperscout.trial import FrozenTrial

__all__ = [
    "STALL_TRIALS",
    "finished_history",
    "has_plateau_ties",
    "plateau_members",
    "stalled_on_incumbent_plateau",
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
    losses = np.array([loss for _, loss in history], dtype=float)
    if not _no_new_best_for(losses, n_startup, stall):
        return False
    configs = [config for config, _ in history]
    if incumbent:
        on_best = np.flatnonzero(losses == losses.min())
        configs, losses = [configs[i] for i in on_best], losses[on_best]
    return _different_configurations_tie(configs, losses)


def _no_new_best_for(losses: np.ndarray, n_startup: int, stall: int) -> bool:
    """The first half of :func:`stalled_on_plateau`, on the losses alone: the last ``stall``
    of them found no new lowest loss, and all came after the ``n_startup`` random ones."""
    if len(losses) < n_startup + stall:
        return False
    # argmin is the first trial to reach the lowest loss.
    return len(losses) - 1 - int(np.argmin(losses)) >= stall


def _different_configurations_tie(configs: Sequence[tuple[Any, ...]], losses: np.ndarray) -> bool:
    """The second half: :func:`has_plateau_ties` with one number per distinct configuration,
    so that "different rows" means different configurations."""
    ids: dict[tuple[Any, ...], int] = {}
    rows = np.array([[ids.setdefault(config, len(ids))] for config in configs], dtype=float)
    return has_plateau_ties(rows, losses)


def _configuration(trial: FrozenTrial) -> tuple[Any, ...]:
    return tuple(sorted(trial.params.items()))


def _finished(study: Study, before: int) -> tuple[list[FrozenTrial], np.ndarray]:
    """The trials :func:`finished_history` keeps, in trial order, and their losses."""
    sign = -1.0 if study.directions[0] == StudyDirection.MAXIMIZE else 1.0
    pairs = [
        (t, sign * float(t.values[0]))
        for t in sorted(
            study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)),
            key=lambda t: t.number,
        )
        if t.number < before and t.values is not None and math.isfinite(t.values[0])
    ]
    return [t for t, _ in pairs], np.array([loss for _, loss in pairs], dtype=float)


def finished_history(study: Study, before: int) -> list[tuple[tuple[Any, ...], float]]:
    """The history :func:`stalled_on_plateau` reads: the study's complete trials numbered below
    ``before``, in trial order, as ``(configuration, loss)`` with the loss to be minimised
    (a maximised value negated); trials without a finite value are left out. Single objective."""
    kept, losses = _finished(study, before)
    return [(_configuration(t), float(loss)) for t, loss in zip(kept, losses)]


def stalled_on_incumbent_plateau(study: Study, before: int, n_startup: int) -> bool:
    """``stalled_on_plateau(finished_history(study, before), n_startup, incumbent=True)``,
    building only the configurations of the trials on the lowest loss: the others cannot tie on
    it, and building every trial's costs a few microseconds per trial on each suggestion asked
    for (1-6 ms at 300 trials on a slow machine)."""
    kept, losses = _finished(study, before)
    if not _no_new_best_for(losses, n_startup, STALL_TRIALS):
        return False
    on_best = np.flatnonzero(losses == losses.min())
    return _different_configurations_tie(
        [_configuration(kept[i]) for i in on_best], losses[on_best]
    )
