"""Wilcoxon pruning: stop a trial once a paired test says it is worse than the best trial.

For objectives that average a score over many instances (folds, problems, questions): each
``report(value, step)`` is the score on instance ``step``, and the trial is compared with the best
trial on the instances both have seen.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from hyperscout import _warnings
from hyperscout._checks import check_int, check_probability
from hyperscout.pruners._base import BasePruner
from hyperscout.study._direction import StudyDirection

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["WilcoxonPruner"]


class WilcoxonPruner(BasePruner):
    """Prune when a one-sided Wilcoxon signed-rank test on the paired reports finds the trial
    worse than the best trial with p-value below ``p_threshold`` (Optuna's ``WilcoxonPruner``).

    Reports are paired by step (the instance id; any order). No decision before
    ``max(2, n_startup_steps)`` shared steps. For safety the trial is kept while the mean of its
    own reports is at least as good as the mean of the best trial's reports. Trials with an
    infinite or NaN report, or a best trial without reports, are never pruned (with a warning).
    With tied or zero differences the p-value is the normal approximation (Optuna's call to
    scipy then runs a randomised permutation test). Needs scipy.
    """

    def __init__(self, *, p_threshold: float = 0.1, n_startup_steps: int = 2) -> None:
        self._p_threshold: float = check_probability("p_threshold", p_threshold)
        self._n_startup_steps = check_int("n_startup_steps", n_startup_steps, minimum=0)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        mine = dict(trial.intermediate_values)
        if not mine:
            return False
        if not all(math.isfinite(v) for v in mine.values()):
            _warnings.warn(
                f"trial {trial.number} reported an infinite or NaN value; WilcoxonPruner does "
                "not prune it"
            )
            return False
        try:
            best = study.best_trial
        except ValueError:
            return False
        theirs = dict(best.intermediate_values)
        if not theirs:
            _warnings.warn(
                f"the best trial {best.number} has no reports, so WilcoxonPruner cannot compare "
                "with it (give intermediate_values to create_trial when adding trials)"
            )
            return False
        if not all(math.isfinite(v) for v in theirs.values()):
            return False
        shared = sorted(set(mine) & set(theirs))
        if len(shared) < max(2, self._n_startup_steps):
            return False
        minimize = study.direction != StudyDirection.MAXIMIZE
        sign = 1.0 if minimize else -1.0
        # Positive differences: this trial is worse on that instance.
        diffs = [sign * (mine[s] - theirs[s]) for s in shared]
        mean_mine = sign * sum(mine.values()) / len(mine)
        mean_best = sign * sum(theirs.values()) / len(theirs)
        if mean_mine <= mean_best:
            return False  # as good as the best on average so far: keep it

        from scipy.stats import wilcoxon

        # Without ties or zeros scipy's exact distribution (what Optuna gets too); with them
        # the normal approximation with tie correction, where scipy's default would run a
        # randomised permutation test (seconds per call, and not reproducible).
        exact = 0.0 not in diffs and len(set(diffs)) == len(diffs)
        p_value = float(
            wilcoxon(
                diffs,
                alternative="greater",
                zero_method="zsplit",
                method="auto" if exact else "approx",
            ).pvalue
        )
        return p_value < self._p_threshold

    def __repr__(self) -> str:
        return (
            f"WilcoxonPruner(p_threshold={self._p_threshold!r}, "
            f"n_startup_steps={self._n_startup_steps})"
        )
