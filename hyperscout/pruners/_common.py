"""Helpers the pruners share: argument checks, the interval rule, and a minimise-frame view.

Every comparison is made in a "minimise frame": a value is negated for a maximised study and a NaN
report becomes ``+inf``, so NaN is the worst value in both directions and one ``<`` serves both.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from numbers import Real
from typing import Any

from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.study._direction import StudyDirection

__all__ = [
    "check_int",
    "check_real",
    "is_first_in_interval",
    "oriented",
    "percentile",
]


def check_int(name: str, value: Any, minimum: int) -> int:
    """Return ``value`` if it is an int (not a bool) ``>= minimum``; raise otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(f"{name} must be an int >= {minimum}, got {name}={value!r}")
    if value < minimum:
        raise InvalidArgumentError(f"{name} must be an int >= {minimum}, got {name}={value!r}")
    return value


def check_real(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is a real number other than NaN or a bool."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InvalidTypeError(f"{name} must be a number, got {name}={value!r}")
    out = float(value)
    if math.isnan(out):
        raise InvalidArgumentError(f"{name} must not be NaN, got {name}={value!r}")
    return out


def oriented(value: float, direction: StudyDirection) -> float:
    """``value`` in the minimise frame: negated when maximising, NaN mapped to ``+inf``."""
    if math.isnan(value):
        return math.inf
    return -value if direction == StudyDirection.MAXIMIZE else value


def is_first_in_interval(
    step: int, reported_steps: Iterable[int], n_warmup_steps: int, interval_steps: int
) -> bool:
    """Whether ``step`` is the first report at or after the latest pruning checkpoint.

    Checkpoints are ``n_warmup_steps + k * interval_steps``. Reports may skip steps (uneven step
    counts), so the rule is: the last report *before* ``step`` came before the checkpoint that
    ``step`` has reached. A trial is thus checked once per interval however it reports.
    """
    checkpoint = n_warmup_steps + (step - n_warmup_steps) // interval_steps * interval_steps
    previous = max((s for s in reported_steps if s < step), default=-1)
    return previous < checkpoint


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (linear interpolation) of ascending values that may hold ``inf``.

    ``numpy.percentile`` turns ``inf - inf`` into NaN; here an interpolation that touches an
    infinite end takes that end, so a NaN report (``+inf`` in the minimise frame) stays the worst.
    """
    n = len(sorted_values)
    if n == 0:
        raise InvalidArgumentError("percentile of no values")
    position = q / 100.0 * (n - 1)
    lo = math.floor(position)
    hi = min(lo + 1, n - 1)
    frac = position - lo
    a, b = sorted_values[lo], sorted_values[hi]
    if frac == 0.0 or a == b:
        return a
    if math.isinf(a):
        return a
    if math.isinf(b):
        return b
    return a + (b - a) * frac
