"""Percentile and median pruning: stop a trial whose best report so far lags the others."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from hyperscout._checks import check_int, check_real
from hyperscout.pruners._base import BasePruner
from hyperscout.pruners._common import is_first_in_interval, oriented
from hyperscout.pruners._common import percentile as _percentile
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["MedianPruner", "PercentilePruner"]


class PercentilePruner(BasePruner):
    """Prune a trial whose best intermediate value is outside the best ``percentile`` percent.

    At a checked step ``s`` (see below), the pruner collects the value at exactly step ``s`` of
    every COMPLETE trial that reported it, and prunes the running trial when the best value it has
    reported so far is worse than the ``percentile``-th percentile of those values (counted from
    the best end: ``percentile=25`` keeps trials in the best quarter). NaN reports count as the
    worst possible value: a trial that reported only NaN is pruned at its first checked step.

    - ``percentile``: in ``[0, 100]``; lower prunes more (``50`` is the median rule).
    - ``n_startup_trials``: no pruning until this many trials are COMPLETE.
    - ``n_warmup_steps``: no pruning of a trial before it reports this step.
    - ``interval_steps``: check at steps ``n_warmup_steps + k * interval_steps`` (the first
      report at or after each such step, so trials that skip steps are still checked
      once per interval).
    - ``n_min_trials``: no pruning at a step that fewer than this many COMPLETE trials reported.
    """

    def __init__(
        self,
        percentile: float,
        n_startup_trials: int = 5,
        n_warmup_steps: int = 0,
        interval_steps: int = 1,
        *,
        n_min_trials: int = 1,
    ) -> None:
        self._percentile: float = check_real("percentile", percentile, low=0, high=100)
        self._n_startup_trials = check_int("n_startup_trials", n_startup_trials, minimum=0)
        self._n_warmup_steps = check_int("n_warmup_steps", n_warmup_steps, minimum=0)
        self._interval_steps = check_int("interval_steps", interval_steps, minimum=1)
        self._n_min_trials = check_int("n_min_trials", n_min_trials, minimum=1)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        step = trial.last_step
        if step is None or step < self._n_warmup_steps:
            return False
        if not is_first_in_interval(
            step, trial.intermediate_values, self._n_warmup_steps, self._interval_steps
        ):
            return False
        completed = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        if len(completed) == 0 or len(completed) < self._n_startup_trials:
            return False

        direction = study.direction
        best = min(oriented(v, direction) for v in trial.intermediate_values.values())
        if all(math.isnan(v) for v in trial.intermediate_values.values()):
            return True
        others = sorted(
            oriented(t.intermediate_values[step], direction)
            for t in completed
            if step in t.intermediate_values
        )
        if len(others) < self._n_min_trials:
            return False
        return best > _percentile(others, self._percentile)

    def __repr__(self) -> str:
        return _repr(self)


class MedianPruner(PercentilePruner):
    """Prune a trial whose best intermediate value is worse than the median of the others.

    :class:`PercentilePruner` with ``percentile=50``; the arguments mean the same.
    """

    def __init__(
        self,
        n_startup_trials: int = 5,
        n_warmup_steps: int = 0,
        interval_steps: int = 1,
        *,
        n_min_trials: int = 1,
    ) -> None:
        super().__init__(
            50.0, n_startup_trials, n_warmup_steps, interval_steps, n_min_trials=n_min_trials
        )


def _repr(pruner: Any) -> str:
    fields = ", ".join(f"{k.lstrip('_')}={v!r}" for k, v in vars(pruner).items())
    return f"{type(pruner).__name__}({fields})"
