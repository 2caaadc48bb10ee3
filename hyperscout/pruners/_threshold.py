"""Threshold pruning: stop a trial whose latest report leaves a fixed band (or is NaN)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from hyperscout._checks import check_int, check_real
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.pruners._base import BasePruner
from hyperscout.pruners._common import is_first_in_interval

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["ThresholdPruner"]


class ThresholdPruner(BasePruner):
    """Prune when the latest intermediate value is below ``lower``, above ``upper``, or NaN.

    Only the trial's own reports matter, so the study's direction and other trials do not.
    ``n_warmup_steps`` and ``interval_steps`` mean what they mean for :class:`PercentilePruner`.
    """

    def __init__(
        self,
        lower: float | None = None,
        upper: float | None = None,
        n_warmup_steps: int = 0,
        interval_steps: int = 1,
    ) -> None:
        if lower is None and upper is None:
            raise InvalidTypeError("ThresholdPruner needs lower or upper (or both), got neither")
        self._lower: float | None = check_real("lower", lower, allow_none=True)
        self._upper: float | None = check_real("upper", upper, allow_none=True)
        if self._lower is not None and self._upper is not None and self._lower > self._upper:
            raise InvalidArgumentError(
                f"lower must be <= upper, got lower={lower!r}, upper={upper!r}"
            )
        self._n_warmup_steps = check_int("n_warmup_steps", n_warmup_steps, minimum=0)
        self._interval_steps = check_int("interval_steps", interval_steps, minimum=1)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        step = trial.last_step
        if step is None or step < self._n_warmup_steps:
            return False
        if not is_first_in_interval(
            step, trial.intermediate_values, self._n_warmup_steps, self._interval_steps
        ):
            return False
        latest = trial.intermediate_values[step]
        if math.isnan(latest):
            return True
        if self._lower is not None and latest < self._lower:
            return True
        return self._upper is not None and latest > self._upper

    def __repr__(self) -> str:
        return (
            f"ThresholdPruner(lower={self._lower!r}, upper={self._upper!r}, "
            f"n_warmup_steps={self._n_warmup_steps}, interval_steps={self._interval_steps})"
        )
