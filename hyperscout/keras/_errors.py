"""KerasTuner's error types: raise them in ``build``/``fit``/``run_trial`` to steer a search.

- :class:`FailedTrialError`: this trial fails at once (no retry).
- :class:`FatalError` (and its ``Value``/``Type``/``Runtime`` kinds): the search stops.
- Any other exception: the trial is retried up to ``max_retries_per_trial`` times.
"""

from __future__ import annotations

from hyperscout.exceptions import HyperscoutError

__all__ = [
    "FailedTrialError",
    "FatalError",
    "FatalRuntimeError",
    "FatalTypeError",
    "FatalValueError",
]


class FailedTrialError(HyperscoutError, RuntimeError):
    """The trial failed and must not be retried."""


class FatalError(HyperscoutError):
    """The search cannot go on."""


class FatalValueError(FatalError, ValueError):
    pass


class FatalTypeError(FatalError, TypeError):
    pass


class FatalRuntimeError(FatalError, RuntimeError):
    pass
