"""Patience: allow pruning only after a trial stopped improving for a number of steps."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from hyperscout._checks import check_int, check_real
from hyperscout.exceptions import InvalidTypeError
from hyperscout.pruners._base import BasePruner
from hyperscout.pruners._common import oriented

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["PatientPruner"]


class PatientPruner(BasePruner):
    """Let ``wrapped_pruner`` decide only once the trial has stopped improving (Optuna's rule).

    With the trial's reports in step order, the last ``patience + 1`` of them form the window and
    the earlier ones the history. The trial *has stagnated* when the best value in the window is
    worse than the best in the history by more than ``min_delta`` (``min_delta`` is the tolerated
    slack, as in Optuna; an unchanged best is not stagnation). Until then, or with fewer than
    ``patience + 2`` reports, the trial is kept; afterwards ``wrapped_pruner`` decides, or, when
    it is ``None``, the trial is pruned. NaN reports are skipped; a side with only NaN reports
    never prunes.
    """

    def __init__(
        self, wrapped_pruner: BasePruner | None, patience: int, min_delta: float = 0.0
    ) -> None:
        if wrapped_pruner is not None and not isinstance(wrapped_pruner, BasePruner):
            raise InvalidTypeError(
                "wrapped_pruner must be a BasePruner or None, got "
                f"wrapped_pruner={wrapped_pruner!r}"
            )
        self._wrapped_pruner = wrapped_pruner
        self._patience = check_int("patience", patience, minimum=0)
        delta: float = check_real("min_delta", min_delta, low=0, finite=True)
        self._min_delta = delta

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        steps = sorted(trial.intermediate_values)
        if len(steps) <= self._patience + 1:
            return False
        direction = study.direction
        raw = [trial.intermediate_values[s] for s in steps]
        values = [math.nan if math.isnan(v) else oriented(v, direction) for v in raw]
        split = len(values) - self._patience - 1
        before = [v for v in values[:split] if not math.isnan(v)]
        window = [v for v in values[split:] if not math.isnan(v)]
        if not before or not window:
            return False
        if not min(window) > min(before) + self._min_delta:
            return False
        if self._wrapped_pruner is None:
            return True
        return self._wrapped_pruner.prune(study, trial)

    def __repr__(self) -> str:
        return (
            f"PatientPruner(wrapped_pruner={self._wrapped_pruner!r}, patience={self._patience}, "
            f"min_delta={self._min_delta!r})"
        )
