"""What a trial's values and timing records are: the system-attribute keys every trial gets and
the check that turns an objective's return value into values (or a reason to fail).

Shared by the study, the optimize loop and ask/tell; it imports none of them, so the three form
no import cycle.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from hyperscout import _records, _warnings

__all__ = [
    "FAIL_REASON_KEY",
    "OBJECTIVE_SECONDS_KEY",
    "SAMPLER_SECONDS_KEY",
    "STORAGE_SECONDS_KEY",
    "WORKER_KEY",
    "check_objective_values",
]

# System attributes every trial gets, for profiling where tuning time goes.
SAMPLER_SECONDS_KEY = "hyperscout:sampler_seconds"
STORAGE_SECONDS_KEY = "hyperscout:storage_seconds"
OBJECTIVE_SECONDS_KEY = "hyperscout:objective_seconds"
WORKER_KEY = "hyperscout:worker"
FAIL_REASON_KEY = _records.FAIL_REASON_KEY


def check_objective_values(
    raw: Any, n_objectives: int
) -> tuple[tuple[float, ...] | None, str | None]:
    """Turn what an objective returned (or a user told) into values, or a reason to fail.

    A number is anything ``float()`` accepts except a string (``"0.5"`` fails the trial: a
    string is a bug, not a score). ``inf`` and ``-inf`` are values, as in Optuna; NaN fails. A
    bool is kept as 1.0/0.0, as in Optuna, with a warning, since ``return accuracy > 0.9`` is
    more often a bug than a score.
    """
    items: list[Any] = [raw]
    if not isinstance(raw, str | bytes) and isinstance(raw, Sequence | _ndarray()):
        items = list(raw)  # type: ignore[call-overload]
    if len(items) != n_objectives:
        return None, (
            f"the objective returned {len(items)} value(s) for a study with {n_objectives} "
            f"objective(s): {raw!r}"
        )
    values = []
    for item in items:
        if isinstance(item, str | bytes):
            return None, f"the objective must return a number, got {raw!r}"
        if isinstance(item, bool) or type(item).__name__ in ("bool", "bool_"):
            _warnings.warn(
                f"the objective returned a bool ({item!r}); it is stored as {float(item)!r}. "
                "Return a number (e.g. the accuracy itself, not accuracy > 0.9)"
            )
        try:
            value = float(item)
        except (TypeError, ValueError):
            return None, f"the objective must return a number, got {raw!r}"
        if math.isnan(value):
            return None, f"the objective returned {value!r}, which is not a number"
        values.append(value)
    return tuple(values), None


def _ndarray() -> type:
    """numpy's array type if numpy is loaded (an objective may return an array of values)."""
    import sys

    numpy = sys.modules.get("numpy")
    return tuple if numpy is None else numpy.ndarray
