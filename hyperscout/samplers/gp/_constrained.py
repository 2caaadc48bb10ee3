"""Constrained Bayesian optimisation: acquisition x probability of feasibility.

Each constraint ``c_k(x) <= 0`` gets its own GP (same kernel and fitting as the objective's);
the proposal maximises ``log acq(x) + sum_k log P(c_k(x) <= 0)`` (Gardner, Kusner, Xu,
Weinberger and Cunningham 2014, "Bayesian optimization with inequality constraints"; Gelbart,
Snoek and Adams 2014), with ``P(c_k <= 0) = Phi((t_k - mu_k(x)) / sigma_k(x))`` where ``t_k`` is 0
on the GP's standardised scale. The incumbent of the expected improvement is the best feasible
trial; while no trial is feasible, the proposal maximises the probability of feasibility alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy.special import log_ndtr

from hyperscout.samplers.gp._acquisition import log_ndtr_and_slope
from hyperscout.samplers.gp._gp import GPModel

__all__ = ["FeasibilityWeighted"]

ValueGrad = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


class FeasibilityWeighted:
    """``base`` (a log-scale acquisition, or ``None`` for none) plus the log probability that
    every constraint model is at or below its threshold."""

    def __init__(
        self,
        base: Callable[[np.ndarray], np.ndarray] | None,
        base_grad: ValueGrad | None,
        models: Sequence[GPModel],
        thresholds: Sequence[float],
    ) -> None:
        self.base, self.base_grad = base, base_grad
        self.models, self.thresholds = list(models), [float(t) for t in thresholds]

    def __call__(self, xs: np.ndarray) -> np.ndarray:
        out = self.base(xs) if self.base is not None else np.zeros(len(xs))
        for model, t in zip(self.models, self.thresholds):
            mean, var = model.predict(xs)
            out = out + log_ndtr((t - mean) / np.sqrt(var))
        return out

    def value_and_grad(self, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.base_grad is not None:
            value, grad = self.base_grad(xs)
        else:
            value, grad = np.zeros(len(xs)), np.zeros_like(xs)
        for model, t in zip(self.models, self.thresholds):
            mean, var, d_mean, d_var = model.predict_with_grad(xs)
            sigma = np.sqrt(var)
            z = (t - mean) / sigma
            d_z = (-d_mean - z[:, None] * (d_var / (2.0 * sigma)[:, None])) / sigma[:, None]
            lp, ratio = log_ndtr_and_slope(z)
            value = value + lp
            grad = grad + ratio[:, None] * d_z
        return value, grad
