"""Expected hypervolume improvement (EHVI) of independent Gaussian posteriors, in log space.

All objectives are losses (minimised). The region that a new point ``y`` can add to the
hypervolume is the part of the box ``(-inf, ref]`` that the current front does not dominate;
:func:`box_decomposition` splits it into disjoint axis-aligned boxes ``[l_k, u_k)`` (lower
bounds may be ``-inf``). The improvement of ``y`` is then
``HVI(y) = sum_k prod_j (u_kj - max(l_kj, y_j))^+``, and when the ``y_j`` are independent,
``Y_j ~ N(mu_j, sigma_j^2)``, the expectation factorises per box and objective:

    E[(u - max(l, Y))^+] = E[(u - Y)^+] - E[(l - Y)^+] = sigma (h(z_u) - h(z_l)),

with ``z_b = (b - mu) / sigma`` and ``h(z) = phi(z) + z Phi(z)`` (``h(-inf) = 0``). So
``EHVI = sum_k prod_j sigma_j (h(z_ukj) - h(z_lkj))``, exact. It is evaluated as
``log EHVI = logsumexp_k sum_j [log sigma_j + log h(z_u) + log(1 - exp(log h(z_l) - log h(z_u)))]``
with the stable ``log h`` of :mod:`._acquisition`, so it stays finite (and its gradient
informative) far from the front, where EHVI itself underflows to 0 (the argument of Ament et
al. 2023 for log EI carries over). The box with every lower bound at ``-inf`` always exists,
so the log is never ``-inf``.

Derivatives, with ``psi = sigma (h(z_u) - h(z_l))``: ``d psi / d mu = -(Phi(z_u) - Phi(z_l))``
and ``d psi / d sigma = phi(z_u) - phi(z_l)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.special import log_ndtr

from hyperscout.samplers.gp._acquisition import _log1mexp, log_h
from hyperscout.samplers.gp._gp import GPModel

__all__ = ["LogEHVI", "box_decomposition"]

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
# Candidates x boxes x objectives evaluated in one block (bounds the temporaries' memory).
_BLOCK = 200_000


def _front(points: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """The distinct points strictly better than ``ref`` in every objective that no other
    point weakly dominates."""
    pts = points[np.all(points < ref, axis=1)]
    if len(pts) == 0:
        return pts
    pts = np.unique(pts, axis=0)
    dominated = np.zeros(len(pts), dtype=bool)
    for i in range(len(pts)):
        le = np.all(pts <= pts[i], axis=1)
        le[i] = False
        dominated[i] = bool(le.any())
    return pts[~dominated]


def box_decomposition(points: np.ndarray, ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Disjoint boxes ``[lower_k, upper_k)`` whose union is the part of ``(-inf, ref]`` that no
    row of ``points`` weakly dominates (losses). ``lower`` may hold ``-inf``.

    Exact for any number of objectives ``m``: the first ``m - 1`` coordinates are cut into the
    grid of the front's coordinates (plus ``-inf`` and ``ref``); in each grid cell with lower
    corner ``c`` the non-dominated part is ``z_m < min{p_m : p_{1..m-1} <= c}`` (or ``ref_m``),
    one box per cell. Neighbouring cells along coordinate ``m - 1`` with the same upper bound
    are merged. For ``m = 2`` this is the staircase of the sorted front (``n + 1`` boxes for
    ``n`` points); for ``m = 3`` at most ``(n + 1)^2`` before merging, about ``n^2 / 2`` after.
    The cost grows as ``n^(m-1)``, so callers cap ``n`` for ``m > 3``.
    """
    ref = np.asarray(ref, dtype=float)
    m = len(ref)
    front = _front(np.asarray(points, dtype=float).reshape(-1, m), ref)
    if len(front) == 0:
        return np.full((1, m), -np.inf), ref[None, :].copy()
    # Grid lines per cut coordinate: -inf, the front's distinct values, ref.
    grids = [np.concatenate([[-np.inf], np.unique(front[:, j]), [ref[j]]]) for j in range(m - 1)]
    shape = tuple(len(g) - 1 for g in grids)
    lowers = np.stack(np.meshgrid(*[g[:-1] for g in grids], indexing="ij"), axis=-1)
    uppers = np.stack(np.meshgrid(*[g[1:] for g in grids], indexing="ij"), axis=-1)
    lowers = lowers.reshape(-1, m - 1)
    uppers = uppers.reshape(-1, m - 1)
    # Upper bound in the last coordinate per cell: the lowest last coordinate of the points
    # whose first m-1 coordinates are all <= the cell's lower corner.
    top = np.full(len(lowers), ref[m - 1])
    for chunk in range(0, len(lowers), 4096):
        lo = lowers[chunk : chunk + 4096]
        covers = np.all(front[None, :, : m - 1] <= lo[:, None, :], axis=2)
        last = np.where(covers, front[None, :, m - 1], np.inf).min(axis=1)
        top[chunk : chunk + 4096] = np.minimum(ref[m - 1], last)
    # Merge runs of equal ``top`` along the last cut coordinate.
    lowers = lowers.reshape(*shape, m - 1)
    uppers = uppers.reshape(*shape, m - 1)
    top = top.reshape(shape)
    out_lo: list[np.ndarray] = []
    out_hi: list[np.ndarray] = []
    run = shape[-1]
    lo2 = lowers.reshape(-1, run, m - 1)
    hi2 = uppers.reshape(-1, run, m - 1)
    top2 = top.reshape(-1, run)
    for r in range(lo2.shape[0]):
        t = top2[r]
        starts = np.flatnonzero(np.concatenate([[True], t[1:] != t[:-1]]))
        ends = np.concatenate([starts[1:], [run]]) - 1
        lo_b = lo2[r, starts].copy()
        hi_b = hi2[r, ends].copy()
        out_lo.append(np.column_stack([lo_b, np.full(len(starts), -np.inf)]))
        out_hi.append(np.column_stack([hi_b, t[starts]]))
    lower = np.vstack(out_lo)
    upper = np.vstack(out_hi)
    keep = np.all(upper > lower, axis=1)
    return lower[keep], upper[keep]


def _log_psi(
    mu: np.ndarray, sigma: np.ndarray, lower: np.ndarray, upper: np.ndarray, grad: bool
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """``log psi`` for candidates (rows of ``mu``, ``sigma``: shape (n,)) and boxes' bounds in
    one objective (shape (k,)); with ``grad``, also ``d log psi / d mu`` and ``/ d sigma``."""
    s = sigma[:, None]
    zu = (upper[None, :] - mu[:, None]) / s
    lhu, _ = log_h(zu)
    finite = np.isfinite(lower)
    log_hdiff = lhu.copy()
    zl = np.full_like(zu, -np.inf)
    if finite.any():
        zl[:, finite] = (lower[None, finite] - mu[:, None]) / s
        lhl, _ = log_h(zl[:, finite])
        d = np.minimum(lhl - lhu[:, finite], 0.0)
        log_hdiff[:, finite] = lhu[:, finite] + _log1mexp(d)
    value = np.log(s) + log_hdiff
    if not grad:
        return value, None, None
    # Ratios to (h(z_u) - h(z_l)); psi = sigma * that difference.
    phi_u = np.exp(np.minimum(-0.5 * zu * zu - _LOG_SQRT_2PI - log_hdiff, 700.0))
    cdf_u = np.exp(np.minimum(log_ndtr(zu) - log_hdiff, 700.0))
    phi_l = np.zeros_like(zu)
    cdf_l = np.zeros_like(zu)
    if finite.any():
        zf = zl[:, finite]
        ld = log_hdiff[:, finite]
        phi_l[:, finite] = np.exp(np.minimum(-0.5 * zf * zf - _LOG_SQRT_2PI - ld, 700.0))
        cdf_l[:, finite] = np.exp(np.minimum(log_ndtr(zf) - ld, 700.0))
    d_mu = -(cdf_u - cdf_l) / s
    d_sigma = (phi_u - phi_l) / s
    return value, d_mu, d_sigma


def log_ehvi(
    mu: np.ndarray, sigma: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``log EHVI`` of independent normals ``N(mu[i, j], sigma[i, j]^2)`` (candidates ``i``,
    objectives ``j``, losses) over the boxes ``[lower_k, upper_k)``, and its derivatives in
    ``mu`` and ``sigma`` (same shape as ``mu``)."""
    n, m = mu.shape
    k = len(lower)
    value = np.empty(n)
    d_mu = np.empty((n, m))
    d_sigma = np.empty((n, m))
    step = max(1, _BLOCK // max(1, k * m))
    for a in range(0, n, step):
        b = min(n, a + step)
        terms = np.zeros((b - a, k))
        parts = []
        for j in range(m):
            lp, gm, gs = _log_psi(mu[a:b, j], sigma[a:b, j], lower[:, j], upper[:, j], True)
            terms += lp
            parts.append((gm, gs))
        top = terms.max(axis=1, keepdims=True)
        w = np.exp(terms - top)
        total = w.sum(axis=1, keepdims=True)
        value[a:b] = top[:, 0] + np.log(total[:, 0])
        w /= total
        for j, (gm, gs) in enumerate(parts):
            assert gm is not None and gs is not None
            d_mu[a:b, j] = (w * gm).sum(axis=1)
            d_sigma[a:b, j] = (w * gs).sum(axis=1)
    return value, d_mu, d_sigma


class LogEHVI:
    """``log EHVI`` at inputs ``xs`` under one GP per objective (each on a standardised loss),
    over the boxes of :func:`box_decomposition` on the same scale. To be maximised."""

    def __init__(self, models: Sequence[GPModel], lower: np.ndarray, upper: np.ndarray) -> None:
        self.models = list(models)
        self.lower, self.upper = lower, upper

    def __call__(self, xs: np.ndarray) -> np.ndarray:
        mus, sigmas = [], []
        for model in self.models:
            mean, var = model.predict(xs)
            mus.append(mean)
            sigmas.append(np.sqrt(var))
        return log_ehvi(np.column_stack(mus), np.column_stack(sigmas), self.lower, self.upper)[0]

    def value_and_grad(self, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        preds = [model.predict_with_grad(xs) for model in self.models]
        mu = np.column_stack([p[0] for p in preds])
        sigma = np.sqrt(np.column_stack([p[1] for p in preds]))
        value, g_mu, g_sigma = log_ehvi(mu, sigma, self.lower, self.upper)
        grad = np.zeros_like(xs, dtype=float)
        for j, (_, _, d_mean, d_var) in enumerate(preds):
            d_sig = d_var / (2.0 * sigma[:, j])[:, None]
            grad += g_mu[:, j, None] * d_mean + g_sigma[:, j, None] * d_sig
        return value, grad
