"""Acquisitions for a proposal made while other trials are still running (their points known,
their values not).

- :class:`FantasyLogEI`: log of the expected improvement averaged over Monte-Carlo draws of
  the running trials' values from the GP posterior (jointly, latent function). Each draw
  conditions the GP on the running points at the drawn values and raises the incumbent to the
  best of the observed and the drawn values, so the average is the expected improvement over
  what the running trials will have found: a Monte-Carlo q-EI with the running points fixed
  (Ginsbourger, Le Riche & Carraro 2010; Snoek, Larochelle & Adams 2012 for the pending-point
  average). All draws share the augmented kernel matrix, so one factorisation serves them all
  and only the weight vectors differ.
- :class:`PenalisedLogEI`: local penalisation (González, Dai, Hennig & Lawrence 2016): log EI
  of the GP without the running points, plus ``log Phi((L r_j(x) - M + mu_j) / sigma_j)`` per
  running point ``j``, where ``r_j`` is the kernel's scaled distance to it, ``mu_j`` and
  ``sigma_j`` the posterior at it, ``M`` the incumbent and ``L`` an estimate of the Lipschitz
  constant of the posterior mean (the largest gradient norm over the given points).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import lapack
from scipy.special import log_ndtr, logsumexp

from hyperscout.samplers.gp._acquisition import Acquisition, log_h, log_ndtr_and_slope
from hyperscout.samplers.gp._gp import GPModel, matern52, matern52_value

__all__ = ["FantasyLogEI", "PenalisedLogEI", "posterior_cov"]


def posterior_cov(model: GPModel, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and joint covariance of the latent function at the rows of ``xs``."""
    ks = model.signal * matern52_value(model._r2(xs, model.x))
    mean = ks @ model.alpha
    v = model.linv @ ks.T
    cov = model.signal * matern52_value(model._r2(xs, xs)) - v.T @ v
    return mean, 0.5 * (cov + cov.T)


class FantasyLogEI:
    """See the module docstring. ``model`` has no running points; ``pending`` are their
    encoded points; ``best`` the incumbent (model scale, maximised); ``z`` standard normal
    draws of shape ``(n_fantasies, len(pending))``."""

    def __init__(self, model: GPModel, pending: np.ndarray, best: float, z: np.ndarray) -> None:
        mean_p, cov_p = posterior_cov(model, pending)
        # A square root of the covariance through its eigendecomposition, negative eigenvalues
        # (rounding, for running points close to observed ones or to each other) set to 0.
        w, v = np.linalg.eigh(cov_p)
        root = v * np.sqrt(np.maximum(w, 0.0))[None, :]
        fant = mean_p[None, :] + z @ root.T  # (K, p): latent values at the running points
        self.cond = model.condition_on(pending, mean_p)
        y_aug = np.vstack([np.repeat(model.y[:, None], len(z), axis=1), fant.T])  # (n+p, K)
        self.alpha = lapack.dpotrs(self.cond.chol, y_aug, lower=1)[0]
        self.best = np.maximum(best, fant.max(axis=1))  # (K,)
        self.log_k = math.log(len(z))

    def _log_ei(
        self, mean: np.ndarray, sigma: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Log EI per draw ``(b, K)``, its ``z`` and ``d log h / dz``."""
        z = (mean - self.best[None, :]) / sigma[:, None]
        lh, d_lh = log_h(z)
        return np.log(sigma)[:, None] + lh, z, d_lh

    def __call__(self, xs: np.ndarray) -> np.ndarray:
        c = self.cond
        ks = c.signal * matern52_value(c._r2(xs, c.x))
        mean = ks @ self.alpha
        v = c.linv @ ks.T
        var = np.maximum(c.signal - np.einsum("ij,ij->j", v, v), 1e-12)
        log_ei = self._log_ei(mean, np.sqrt(var))[0]
        return logsumexp(log_ei, axis=1) - self.log_k

    def value_and_grad(self, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        c = self.cond
        r2 = c._r2(xs, c.x)
        m, dm = matern52(r2)
        ks = c.signal * m
        mean = ks @ self.alpha  # (b, K)
        v = c.linv @ ks.T
        var = c.signal - np.einsum("ij,ij->j", v, v)
        kinv_k = v.T @ c.linv
        sdm = c.signal * dm  # (b, n)
        scale = 2.0 * c.inv_l2 * c._num
        # d mean_k / dx = scale * (x sum_i c_ik - sum_i c_ik x_i), c_ik = sdm_i alpha_ik
        sum_c = sdm @ self.alpha  # (b, K)
        cx = np.einsum("bn,nk,nd->bdk", sdm, self.alpha, c.x)
        d_mean = (xs[:, :, None] * sum_c[:, None, :] - cx) * scale[None, :, None]
        c_var = sdm * kinv_k
        d_var = (xs * c_var.sum(axis=1)[:, None] - c_var @ c.x) * (-2.0 * scale)
        clipped = var < 1e-12
        var = np.maximum(var, 1e-12)
        d_var[clipped] = 0.0
        sigma = np.sqrt(var)
        d_sigma = d_var / (2.0 * sigma)[:, None]  # (b, d)
        log_ei, z, d_lh = self._log_ei(mean, sigma)
        # d log EI_k = d_sigma / sigma + d_lh_k * (d_mean_k - z_k d_sigma) / sigma
        d_z = (d_mean - z[:, None, :] * d_sigma[:, :, None]) / sigma[:, None, None]
        grad_k = (d_sigma / sigma[:, None])[:, :, None] + d_lh[:, None, :] * d_z
        value = logsumexp(log_ei, axis=1)
        w = np.exp(log_ei - value[:, None])  # softmax weights of the draws
        return value - self.log_k, np.einsum("bdk,bk->bd", grad_k, w)


class PenalisedLogEI:
    """See the module docstring. ``model`` has no running points; ``lipschitz_points``: where
    the gradient norm of the posterior mean is taken for ``L`` (e.g. the acquisition's sweep
    and the observed points)."""

    def __init__(
        self,
        model: GPModel,
        pending: np.ndarray,
        best: float,
        lipschitz_points: np.ndarray,
    ) -> None:
        self.model, self.pending, self.best = model, pending, best
        self._log_ei = Acquisition("logei", model, best)
        mean_p, var_p = model.predict(pending)
        self.mu_p, self.sigma_p = mean_p, np.sqrt(var_p)
        # Gradient in the kernel's scaled coordinates (x_j / l_j), where distances are r.
        d_mean = model.predict_with_grad(lipschitz_points)[2]
        ls = np.exp(model.theta[: model.x.shape[1]])
        lip = float(np.max(np.linalg.norm(d_mean * ls[None, :], axis=1), initial=0.0))
        self.lipschitz = lip if lip > 1e-7 else 10.0

    def _penalty(self, xs: np.ndarray, grad: bool) -> tuple[np.ndarray, np.ndarray | None]:
        m = self.model
        r2 = m._r2(xs, self.pending)  # (b, p)
        r = np.sqrt(r2)
        t = (self.lipschitz * r - self.best + self.mu_p[None, :]) / self.sigma_p[None, :]
        if not grad:
            return log_ndtr(t).sum(axis=1), None
        # d log Phi(t) / dt = phi(t) / Phi(t); dt/dx = L / sigma * dr/dx (numeric columns).
        lp, ratio = log_ndtr_and_slope(t)
        value = lp.sum(axis=1)
        coef = ratio * self.lipschitz / (self.sigma_p[None, :] * np.maximum(r, 1e-12))
        coef = np.where(r > 1e-12, coef, 0.0)
        w = m.inv_l2 * m._num  # dr/dx = w (x - x_j) / r
        diff = xs[:, None, :] - self.pending[None, :, :]  # (b, p, d)
        g = np.einsum("bp,bpd->bd", coef, diff) * w[None, :]
        return value, g

    def __call__(self, xs: np.ndarray) -> np.ndarray:
        return self._log_ei(xs) + self._penalty(xs, False)[0]

    def value_and_grad(self, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        v1, g1 = self._log_ei.value_and_grad(xs)
        v2, g2 = self._penalty(xs, True)
        assert g2 is not None
        return v1 + v2, g1 + g2
