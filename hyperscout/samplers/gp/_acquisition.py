"""Acquisition functions (for maximisation) and their gradients in the inputs.

- ``logei``: log expected improvement, computed stably even where EI underflows to 0 in floating
  point (Ament, Daulton, Eriksson, Balandat & Bakshy, "Unexpected improvements to expected
  improvement for Bayesian optimization", NeurIPS 2023). With ``z = (mu - best) / sigma``,
  ``EI = sigma h(z)``, ``h(z) = phi(z) + z Phi(z)``, and ``log h`` is evaluated in three regimes:
  directly for ``z > -1``; through ``erfcx`` and ``log1mexp`` for moderate negative ``z``; by its
  asymptote ``-z^2/2 - log(2 pi)/2 - 2 log|z|`` below ``-1/sqrt(eps)``.
- ``pi``: log probability of improvement, ``log Phi(z)`` via ``log_ndtr``.
- ``ucb``: upper confidence bound ``mu + sqrt(beta) sigma`` (Srinivas et al., 2010).

:class:`AugmentedLogEI` (``GPSampler(acquisition="augmented_ei")``): log EI plus
``log(1 - sqrt(noise / (var + noise)))``, the augmented expected improvement of Huang, Allen,
Notz & Zeng ("Global optimization of stochastic black-box systems via sequential kriging
meta-models", J. Global Optim. 2006). The factor is near 1 where the latent variance is well
above the fitted noise and goes to 0 where it has fallen to the noise level, so points next to
trials already evaluated stop looking worth another evaluation once the model's own noise
estimate says a new one would teach it little.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import erfcx, log_ndtr, ndtr

from hyperscout.exceptions import InvalidArgumentError
from hyperscout.samplers.gp._gp import GPModel

__all__ = [
    "ACQUISITIONS",
    "Acquisition",
    "AugmentedLogEI",
    "log_ei_from_z",
    "log_h",
    "log_ndtr_and_slope",
]

# What Acquisition computes; the sampler also accepts "augmented_ei" (AugmentedLogEI, which
# needs the sampler's own incumbent, so it is not a kind of Acquisition).
_KINDS = ("logei", "ucb", "pi")
#: Every ``GPSampler(acquisition=...)``.
ACQUISITIONS = (*_KINDS, "augmented_ei")

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_LOG_SQRT_PI_2 = 0.5 * math.log(0.5 * math.pi)
_INV_SQRT_EPS = 1.0 / math.sqrt(np.finfo(float).eps)


def _log1mexp(a: np.ndarray) -> np.ndarray:
    """``log(1 - exp(a))`` for ``a < 0``, accurate at both ends (Mächler 2012)."""
    return np.where(
        a > -math.log(2.0),
        np.log(-np.expm1(np.minimum(a, -1e-300))),
        np.log1p(-np.exp(np.minimum(a, 0.0))),
    )


def log_h(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``log(phi(z) + z Phi(z))`` and its derivative ``Phi(z) / h(z)``."""
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    upper = z > -1.0
    far = z <= -_INV_SQRT_EPS
    mid = ~upper & ~far
    zu = z[upper]
    out[upper] = np.log(np.exp(-0.5 * zu * zu) / math.sqrt(2 * math.pi) + zu * ndtr(zu))
    zm = z[mid]
    out[mid] = (
        -0.5 * zm * zm
        - _LOG_SQRT_2PI
        + _log1mexp(np.log(erfcx(-zm / math.sqrt(2.0)) * np.abs(zm)) + _LOG_SQRT_PI_2)
    )
    zf = z[far]
    out[far] = -0.5 * zf * zf - _LOG_SQRT_2PI - 2.0 * np.log(np.abs(zf))
    return out, np.exp(log_ndtr(z) - out)


def log_ndtr_and_slope(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``log Phi(z)`` and its derivative ``phi(z) / Phi(z)``."""
    lp = log_ndtr(z)
    return lp, np.exp(-0.5 * z * z - _LOG_SQRT_2PI - lp)


def log_ei_from_z(z: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    return np.log(sigma) + log_h(z)[0]


class Acquisition:
    """An acquisition function of a fitted :class:`GPModel`, to be maximised.

    ``best`` is the incumbent on the model's (standardised, maximised) scale.
    """

    def __init__(self, kind: str, model: GPModel, best: float, beta: float = 2.0) -> None:
        if kind not in _KINDS:
            raise InvalidArgumentError(f"acquisition must be one of {_KINDS}, got {kind!r}")
        self.kind, self.model, self.best, self.sqrt_beta = kind, model, best, math.sqrt(beta)

    def __call__(self, xs: np.ndarray) -> np.ndarray:
        return self._value(*self.model.predict(xs))

    def _value(self, mean: np.ndarray, var: np.ndarray) -> np.ndarray:
        sigma = np.sqrt(var)
        if self.kind == "ucb":
            return mean + self.sqrt_beta * sigma
        z = (mean - self.best) / sigma
        if self.kind == "pi":
            return log_ndtr(z)
        return np.log(sigma) + log_h(z)[0]

    def value_and_grad(self, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._value_and_grad(*self.model.predict_with_grad(xs))

    def _value_and_grad(
        self, mean: np.ndarray, var: np.ndarray, d_mean: np.ndarray, d_var: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        sigma = np.sqrt(var)
        d_sigma = d_var / (2.0 * sigma)[:, None]
        if self.kind == "ucb":
            return mean + self.sqrt_beta * sigma, d_mean + self.sqrt_beta * d_sigma
        z = (mean - self.best) / sigma
        d_z = (d_mean - z[:, None] * d_sigma) / sigma[:, None]
        if self.kind == "pi":
            lp, ratio = log_ndtr_and_slope(z)
            return lp, ratio[:, None] * d_z
        lh, d_lh = log_h(z)
        value = np.log(sigma) + lh
        grad = d_sigma / sigma[:, None] + d_lh[:, None] * d_z
        return value, grad


class AugmentedLogEI(Acquisition):
    """Log augmented EI (Huang et al. 2006, see the module docstring) of a noisy model."""

    def __init__(self, model: GPModel, best: float) -> None:
        super().__init__("logei", model, best)
        self.noise = float(model.noise)

    def _log_factor(self, var: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``log(1 - sqrt(noise / (var + noise)))`` and its derivative in ``var``."""
        s2 = var + self.noise
        ratio = np.sqrt(self.noise / s2)
        factor = np.maximum(1.0 - ratio, 1e-300)
        d_var = 0.5 * ratio / s2 / factor
        return np.log(factor), d_var

    def _value(self, mean: np.ndarray, var: np.ndarray) -> np.ndarray:
        return super()._value(mean, var) + self._log_factor(var)[0]

    def _value_and_grad(
        self, mean: np.ndarray, var: np.ndarray, d_mean: np.ndarray, d_var: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        value, grad = super()._value_and_grad(mean, var, d_mean, d_var)
        log_f, d_log_f = self._log_factor(var)
        return value + log_f, grad + d_log_f[:, None] * d_var
