"""Helpers the pruners share: the interval rule and a minimise-frame view.

Every comparison is made in a "minimise frame": a value is negated for a maximised study and a NaN
report becomes ``+inf``, so NaN is the worst value in both directions and one ``<`` serves both.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from hyperscout.exceptions import InvalidArgumentError
from hyperscout.study._direction import StudyDirection

__all__ = [
    "is_first_in_interval",
    "oriented",
    "percentile",
]


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
