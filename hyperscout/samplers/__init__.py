"""Samplers propose parameter values; see :mod:`hyperscout.samplers._base` for the seam."""

from typing import TYPE_CHECKING, Any

from hyperscout.samplers._base import BaseSampler
from hyperscout.samplers._brute_force import BruteForceSampler
from hyperscout.samplers._by_name import SAMPLER_NAMES, default_sampler, sampler_from_name
from hyperscout.samplers._grid import GridSampler
from hyperscout.samplers._partial_fixed import PartialFixedSampler
from hyperscout.samplers._qmc import QMCSampler
from hyperscout.samplers._random import RandomSampler
from hyperscout.samplers._search_space import IntersectionSearchSpace

__all__ = [
    "SAMPLER_NAMES",
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
    "sampler_from_name",
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
