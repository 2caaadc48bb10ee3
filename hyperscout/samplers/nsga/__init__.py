"""Genetic samplers for several objectives: NSGA-II and NSGA-III, and their crossovers."""

from hyperscout.samplers.nsga._crossovers import (
    BaseCrossover,
    BLXAlphaCrossover,
    SBXCrossover,
    SPXCrossover,
    UNDXCrossover,
    UniformCrossover,
    VSBXCrossover,
)
from hyperscout.samplers.nsga._sampler import NSGAIIISampler, NSGAIISampler

__all__ = [
    "BLXAlphaCrossover",
    "BaseCrossover",
    "NSGAIIISampler",
    "NSGAIISampler",
    "SBXCrossover",
    "SPXCrossover",
    "UNDXCrossover",
    "UniformCrossover",
    "VSBXCrossover",
]
