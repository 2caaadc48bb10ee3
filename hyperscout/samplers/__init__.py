"""Samplers propose parameter values; see :mod:`hyperscout.samplers._base` for the seam."""

from typing import TYPE_CHECKING, Any

from hyperscout.samplers._base import BaseSampler
from hyperscout.samplers._grid import GridSampler
from hyperscout.samplers._qmc import QMCSampler
from hyperscout.samplers._random import RandomSampler
from hyperscout.samplers._search_space import IntersectionSearchSpace

__all__ = [
    "BaseSampler",
    "GPSampler",
    "GridSampler",
    "IntersectionSearchSpace",
    "QMCSampler",
    "RandomSampler",
    "TPESampler",
    "default_sampler",
]

# The Bayesian samplers import scipy's optimisers and statistics; load them on first use so that
# ``import hyperscout`` stays fast.
_LAZY = {"GPSampler": "hyperscout.samplers.gp", "TPESampler": "hyperscout.samplers.tpe"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'hyperscout.samplers' has no attribute {name!r}")


if TYPE_CHECKING:
    from hyperscout.samplers.gp import GPSampler
    from hyperscout.samplers.tpe import TPESampler


def default_sampler(n_objectives: int = 1, seed: int | None = None) -> BaseSampler:
    """The sampler ``create_study()`` uses when none is given: a Bayesian one.

    ``TPESampler(multivariate=True, group=True, constant_liar=True)``, because it

    - learns from every earlier trial at a cost per suggestion that stays in milliseconds for
      thousands of trials (see ``benchmarks/results/tpe_overhead.md``),
    - models parameters jointly, which beats independent per-parameter models on the benchmark
      suite (Watanabe 2023 reaches the same conclusion),
    - handles everything a define-by-run objective can do: integers, steps, log scales,
      categoricals and conditional parameters (``group=True`` models each set of parameters
      that occur together), and several objectives,
    - keeps parallel workers apart (``constant_liar=True``: running trials count as bad).

    ``GPSampler`` can be more sample-efficient on small, all-numeric spaces with costly
    objectives; choose it explicitly there.
    """
    from hyperscout.samplers.tpe import TPESampler

    return TPESampler(multivariate=True, group=True, constant_liar=True, seed=seed)
