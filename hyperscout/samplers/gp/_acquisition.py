"""Acquisition functions (for maximisation) and their gradients in the inputs.

- ``logei``: log expected improvement, computed stably even where EI underflows to 0 in floating
  point (Ament, Daulton, Eriksson, Balandat & Bakshy, "Unexpected improvements to expected
  improvement for Bayesian optimization", NeurIPS 2023). With ``z = (mu - best) / sigma``,
  ``EI = sigma h(z)``, ``h(z) = phi(z) + z Phi(z)``, and ``log h`` is evaluated in three regimes:
  directly for ``z > -1``; through ``erfcx`` and ``log1mexp`` for moderate negative ``z``; by its
  asymptote ``-z^2/2 - log(2 pi)/2 - 2 log|z|`` below ``-1/sqrt(eps)``.
- ``pi``: log probability of improvement, ``log Phi(z)`` via ``log_ndtr``.
- ``ucb``: upper confidence bound ``mu + sqrt(beta) sigma`` (Srinivas et al., 2010).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import erfcx, log_ndtr, ndtr

from hyperscout.exceptions import InvalidArgumentError
from hyperscout.samplers.gp._gp import GPModel

__all__ = ["ACQUISITIONS", "Acquisition", "log_ei_from_z", "log_h"]

ACQUISITIONS = ("logei", "ucb", "pi")

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


def log_ei_from_z(z: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    return np.log(sigma) + log_h(z)[0]


class Acquisition:
    """An acquisition function of a fitted :class:`GPModel`, to be maximised.

    ``best`` is the incumbent on the model's (standardised, maximised) scale.
    """

    def __init__(self, kind: str, model: GPModel, best: float, beta: float = 2.0) -> None:
        if kind not in ACQUISITIONS:
            raise InvalidArgumentError(f"acquisition must be one of {ACQUISITIONS}, got {kind!r}")
        self.kind, self.model, self.best, self.sqrt_beta = kind, model, best, math.sqrt(beta)

    def __call__(self, xs: np.ndarray) -> np.ndarray:
        mean, var = self.model.predict(xs)
        sigma = np.sqrt(var)
        if self.kind == "ucb":
            return mean + self.sqrt_beta * sigma
        z = (mean - self.best) / sigma
        if self.kind == "pi":
            return log_ndtr(z)
        return np.log(sigma) + log_h(z)[0]

    def value_and_grad(self, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mean, var, d_mean, d_var = self.model.predict_with_grad(xs)
        sigma = np.sqrt(var)
        d_sigma = d_var / (2.0 * sigma)[:, None]
        if self.kind == "ucb":
            return mean + self.sqrt_beta * sigma, d_mean + self.sqrt_beta * d_sigma
        z = (mean - self.best) / sigma
        d_z = (d_mean - z[:, None] * d_sigma) / sigma[:, None]
        if self.kind == "pi":
            lp = log_ndtr(z)
            ratio = np.exp(-0.5 * z * z - _LOG_SQRT_2PI - lp)
            return lp, ratio[:, None] * d_z
        lh, d_lh = log_h(z)
        value = np.log(sigma) + lh
        grad = d_sigma / sigma[:, None] + d_lh[:, None] * d_z
        return value, grad
