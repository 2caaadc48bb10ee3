"""Samplers propose parameter values; see :mod:`hyperscout.samplers._base` for the seam."""

from typing import TYPE_CHECKING, Any

from hyperscout.samplers._base import BaseSampler
from hyperscout.samplers._brute_force import BruteForceSampler
from hyperscout.samplers._grid import GridSampler
from hyperscout.samplers._partial_fixed import PartialFixedSampler
from hyperscout.samplers._qmc import QMCSampler
from hyperscout.samplers._random import RandomSampler
from hyperscout.samplers._search_space import IntersectionSearchSpace

__all__ = [
    "BaseSampler",
    "BruteForceSampler",
    "GPSampler",
    "GridSampler",
    "IntersectionSearchSpace",
    "NSGAIIISampler",
    "NSGAIISampler",
    "PartialFixedSampler",
    "QMCSampler",
    "RandomSampler",
    "TPESampler",
    "default_sampler",
]

# The Bayesian samplers import scipy's optimisers and statistics; load them on first use so that
# ``import hyperscout`` stays fast.
_LAZY = {
    "GPSampler": "hyperscout.samplers.gp",
    "TPESampler": "hyperscout.samplers.tpe",
    "NSGAIISampler": "hyperscout.samplers.nsga",
    "NSGAIIISampler": "hyperscout.samplers.nsga",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'hyperscout.samplers' has no attribute {name!r}")


if TYPE_CHECKING:
    from hyperscout.samplers.gp import GPSampler
    from hyperscout.samplers.nsga import NSGAIIISampler, NSGAIISampler
    from hyperscout.samplers.tpe import TPESampler


def default_sampler(n_objectives: int = 1, seed: int | None = None) -> BaseSampler:
    """The sampler ``create_study()`` uses when none is given: a Bayesian one.

    For one objective, ``GPSampler`` whose independent sampler (for parameters that only some
    trials have, i.e. conditional ones) is a ``TPESampler``, which covers what a fixed-space GP
    cannot model. On the benchmark suite (``benchmarks/results/bbo/summary.md``: 39 problems,
    Optuna 5, scikit-optimize and hyperopt side by side) the GP has the highest mean normalised
    score of all contenders at 20 and 50 evaluations; at 100 it is within 2 points of the best
    on the synthetic and mixed problems, and on the scikit-learn problems ``TPESampler`` is
    ahead, so the TPE is the better choice for long studies of noisy cross-validation scores.
    Its cost per suggestion is tens of milliseconds and stays bounded in long studies (the
    model keeps at most 200 trials) — negligible next to fitting a model, but for objectives
    that take microseconds prefer ``TPESampler`` (milliseconds per suggestion).

    For several objectives, the same ``GPSampler``, which then models a random Chebyshev
    scalarisation of the objectives per proposal (ParEGO). On
    ``benchmarks/results/multi_objective.md`` its final fronts have a larger median hypervolume
    than every TPE and NSGA-II contender, ours and Optuna 5's, on ZDT1-3, DTLZ2 and C2-DTLZ2 at
    100 and 300 trials (by 0.2% on DTLZ2 at 300); Optuna's GP (expected hypervolume
    improvement) is 0.1% ahead on ZDT1 at 100 trials, level on ZDT3 and behind on the others,
    at over ten times our CPU cost.
    For objectives that take microseconds, or studies of thousands of trials, prefer
    ``NSGAIISampler`` (well under a millisecond per suggestion).
    """
    from hyperscout.samplers.tpe import TPESampler

    tpe = TPESampler(multivariate=True, group=True, constant_liar=True, seed=seed)
    from hyperscout.samplers.gp import GPSampler

    return GPSampler(seed=seed, independent_sampler=tpe, warn_independent_sampling=False)
