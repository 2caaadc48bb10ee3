"""Gaussian-process Bayesian optimisation; see :class:`GPSampler`."""

from hyperscout.samplers.gp._sampler import GPSampler

__all__ = ["GPSampler"]
