"""Samplers propose parameter values; see :mod:`hyperscout.samplers._base` for the seam."""

from hyperscout.samplers._base import BaseSampler
from hyperscout.samplers._grid import GridSampler
from hyperscout.samplers._qmc import QMCSampler
from hyperscout.samplers._random import RandomSampler
from hyperscout.samplers._search_space import IntersectionSearchSpace

__all__ = [
    "BaseSampler",
    "GridSampler",
    "IntersectionSearchSpace",
    "QMCSampler",
    "RandomSampler",
    "default_sampler",
]


def default_sampler(n_objectives: int = 1, seed: int | None = None) -> BaseSampler:
    """The sampler ``create_study()`` uses when none is given.

    Random search until the Bayesian samplers land (issue 3 replaces this).
    """
    return RandomSampler(seed=seed)
