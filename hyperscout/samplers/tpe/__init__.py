"""Tree-structured Parzen Estimator sampler (Bergstra et al. 2011; Watanabe 2023)."""

from hyperscout.samplers.tpe._sampler import (
    TPESampler,
    default_gamma,
    default_weights,
    hyperopt_default_gamma,
)

__all__ = ["TPESampler", "default_gamma", "default_weights", "hyperopt_default_gamma"]
