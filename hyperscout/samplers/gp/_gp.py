"""Gaussian-process regression with a Matérn-5/2 ARD kernel, on numpy and scipy only.

Kernel (Rasmussen & Williams 2006, eq. 4.17), with a Hamming distance for categorical columns::

    r^2 = sum_numeric (x_j - x'_j)^2 / l_j^2 + sum_categorical [x_j != x'_j] / l_j^2
    k(x, x') = s^2 (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r)

Hyperparameters ``theta = [log l_1 .. log l_d, log s^2, log(noise - noise_floor)]`` are fitted by
maximising the log marginal likelihood plus log priors (MAP) with L-BFGS-B and the analytic
gradient ``d/dtheta = 1/2 tr((a a^T - K^-1) dK/dtheta)`` (R&W eq. 5.9). Priors:

- ``log l_j ~ Normal(-1 + log(d / 5) / 2, 1)``: inputs live in the unit cube, so a median
  lengthscale of about 0.37 at five dimensions (95% within [0.05, 2.6]), growing like
  ``sqrt(d)`` as Hvarfner, Hellsten & Nardi ("Vanilla Bayesian optimization performs great in
  high dimensions", ICML 2024) argue it should. Their own centre (``sqrt2 + log(d)/2``, i.e.
  lengthscales near 10 in six dimensions) over-smoothed at the small budgets typical of
  hyperparameter tuning: median best on Hartmann-6 after 50 trials -3.01 against -3.32 with
  this prior, and worse on Ackley-5, Rosenbrock-4 and Styblinski-Tang-5 too (5 seeds each).
  Categorical columns are centred at ``log l = 0``: one mismatch then keeps a correlation of
  about 0.5, so what is learnt for one category informs the others;
- ``log s^2 ~ Normal(0, 1)``: outputs are standardised, so the signal variance is near 1;
- ``log(noise excess) ~ Normal(-4, 1)``: small noise is likely, but noisy scores (cross-validation)
  can raise it. The noise never goes below ``noise_floor``; a deterministic objective pins it
  there and it is not fitted.

The training targets are standardised by the caller; the prior mean is zero.

Input warping (off unless asked for, ``fit_kernel_params(..., warp=True)``; ``GPSampler`` asks for
it from 30 observations on and keeps it only on evidence, see its docstring): each numeric column
``x_j`` enters the kernel as ``w_j(x_j) = 1 - (1 - x_j^a_j)^b_j``, the cumulative distribution
function of a Kumaraswamy distribution on [0, 1] (Snoek, Swersky, Zemel & Adams, "Input warping
for Bayesian optimization of non-stationary functions", ICML 2014, with the Kumaraswamy CDF in
place of their Beta CDF because it has a closed form and closed-form derivatives). ``a_j = b_j =
1`` is the identity; ``a < 1`` stretches the region near 0 (a function that changes fast near
the lower bound, as a loss often does in a parameter that is already log-scaled), ``b < 1``
the region near 1. ``theta`` then ends with ``log a`` and ``log b`` of every numeric column,
fitted jointly with the kernel by MAP. Prior ``Normal(0, 0.75^2)`` on each: centred at the
identity, so without evidence of non-stationarity the kernel is the unwarped one, and 95 % of
its mass within ``a, b`` in [0.23, 4.3], about the bounds [0.2, 5] (BoTorch's ``Warp``
transform uses a log-normal prior of the same centre and a similar width). A stationary
function should not pay for the warp: a warp whose only gain is a few marginal-likelihood
units stays near 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.optimize
from scipy.linalg import lapack, solve_triangular

__all__ = [
    "GPModel",
    "default_theta",
    "fit_kernel_params",
    "irrelevant_inputs",
    "long_ls_prior_centres",
    "kumaraswamy_warp",
    "ls_prior_centres",
    "matern52",
    "n_warp_params",
    "neg_log_posterior",
    "neg_log_posterior_warped",
    "pairwise_sq_diffs",
    "warp_inputs",
    "warp_is_supported",
]

_SQRT5 = math.sqrt(5.0)
_LOG_LS_BOUNDS = (math.log(5e-3), math.log(2e2))
_LOG_SIGNAL_BOUNDS = (math.log(1e-3), math.log(1e2))
_LOG_NOISE_BOUNDS = (math.log(1e-9), math.log(2.0))
_NOISE_PRIOR = (-4.0, 1.0)
_SIGNAL_PRIOR = (0.0, 1.0)
# Input warping (see the module docstring): bounds and prior of log a, log b, and the clip that
# keeps x^a and (1 - x^a)^b and their derivatives finite at the ends of [0, 1].
_LOG_WARP_BOUNDS = (math.log(0.2), math.log(5.0))
_WARP_PRIOR_SD = 0.75
_WARP_EPS = 1e-6


def matern52(r2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Matérn-5/2 correlation of squared scaled distance ``r2`` and its derivative in ``r2``."""
    r = np.sqrt(np.maximum(r2, 0.0))
    e = np.exp(-_SQRT5 * r)
    value = (1.0 + _SQRT5 * r + (5.0 / 3.0) * r2) * e
    d_r2 = -(5.0 / 6.0) * (1.0 + _SQRT5 * r) * e
    return value, d_r2


def matern52_value(r2: np.ndarray) -> np.ndarray:
    """:func:`matern52` without the derivative, computed in place (``r2`` is consumed)."""
    r = np.sqrt(np.maximum(r2, 0.0, out=r2), out=r2)
    r *= _SQRT5  # now sqrt5 r
    e = np.exp(-r)
    out = r * r
    out *= 1.0 / 3.0  # 5/3 r^2
    out += r
    out += 1.0
    out *= e
    return out


def pairwise_sq_diffs(a: np.ndarray, b: np.ndarray, is_cat: np.ndarray) -> np.ndarray:
    """Per-column squared differences (numeric) and mismatch indicators (categorical).

    Shape ``(d, len(a), len(b))``: one contiguous matrix per column, so that contracting with
    the inverse squared lengthscales is a single matrix-vector product.
    """
    diff = a.T[:, :, None] - b.T[:, None, :]
    return np.where(is_cat[:, None, None], (diff != 0.0).astype(float), diff * diff)


_CAT_LS_CENTRE = 0.0
_LS_SD = 1.0


def ls_prior_centres(is_cat: np.ndarray) -> np.ndarray:
    """Centre of the log-lengthscale prior for each column (see the module docstring)."""
    d = len(is_cat)
    numeric = -1.0 + 0.5 * math.log(max(d, 1) / 5.0)
    return np.where(is_cat, _CAT_LS_CENTRE, numeric)


def long_ls_prior_centres(is_cat: np.ndarray) -> np.ndarray:
    """Hvarfner, Hellsten & Nardi (2024)'s centre for numeric columns, ``sqrt2 + log(d)/2``
    (lengthscales near 13 at ten dimensions; categorical columns as
    :func:`ls_prior_centres`), with the same spread. Not the default: the per-objective models
    of several objectives use it only under the private ablation switch
    ``GPAblation.objective_ls_prior="long"`` (``benchmarks/results/multi_objective.md``,
    ablation9), where an input an objective does not depend on should get a lengthscale long
    enough that moving along it leaves the posterior variance near the noise's."""
    d = len(is_cat)
    numeric = math.sqrt(2.0) + 0.5 * math.log(max(d, 1))
    return np.where(is_cat, _CAT_LS_CENTRE, numeric)


# How far above its prior's centre, in prior standard deviations, a fitted log-lengthscale must
# lie for :func:`irrelevant_inputs` to call the input irrelevant. Three, not two: a fit has d
# lengthscales per objective and is redone every few trials, and at two sds (the prior's 97.7%
# quantile) one of 36 lengthscales (12 inputs, 3 objectives) would cross by the prior alone in
# more than half of the fits; at three (99.87%) in about 5%. In the unit cube, three sds above
# the default centre is a lengthscale of about 10 at ten inputs, where moving the input across
# its whole range keeps the Matern-5/2 correlation above 0.99.
IRRELEVANT_LS_SDS = 3.0


def irrelevant_inputs(
    theta: np.ndarray, is_cat: np.ndarray, ls_centres: np.ndarray | None = None
) -> np.ndarray:
    """The columns whose fitted lengthscale in ``theta`` lies more than
    :data:`IRRELEVANT_LS_SDS` prior standard deviations above its prior's centre
    (``ls_centres``, default :func:`ls_prior_centres`): inputs the data, against the prior,
    mark as hardly mattering. The private ablation switch
    ``objective_ls_prior="one-sided-irrelevant"`` refits with the prior one-sided on them only."""
    d = len(is_cat)
    centres = ls_prior_centres(is_cat) if ls_centres is None else np.asarray(ls_centres, float)
    return np.asarray(theta[:d] > centres + IRRELEVANT_LS_SDS * _LS_SD, dtype=bool)


def default_theta(is_cat: np.ndarray, ls_centres: np.ndarray | None = None) -> np.ndarray:
    """The starting point of a fit without a previous one: the priors' centres
    (``ls_centres`` for the lengthscales when given, :func:`ls_prior_centres` otherwise)."""
    centres = ls_prior_centres(is_cat) if ls_centres is None else ls_centres
    return np.concatenate([centres, [_SIGNAL_PRIOR[0], _NOISE_PRIOR[0]]])


def _bounds(d: int) -> list[tuple[float, float]]:
    return [_LOG_LS_BOUNDS] * d + [_LOG_SIGNAL_BOUNDS, _LOG_NOISE_BOUNDS]


def _cholesky(k: np.ndarray) -> np.ndarray:
    """Lower Cholesky factor, adding jitter if ``k`` is numerically not positive definite."""
    jitter = 0.0
    n = len(k)
    scale = float(np.mean(np.diag(k))) if n else 1.0
    for _ in range(8):
        kk = k if jitter == 0.0 else k + jitter * np.eye(n)
        chol, info = lapack.dpotrf(kk, lower=1, clean=1)
        if info == 0:
            return chol
        jitter = scale * (1e-8 if jitter == 0.0 else jitter * 10.0)
    raise np.linalg.LinAlgError("kernel matrix is not positive definite even with jitter")


def neg_log_posterior(
    theta: np.ndarray,
    sq: np.ndarray,
    y: np.ndarray,
    noise_floor: float,
    fit_noise: bool,
    ls_centres: np.ndarray,
    ls_one_sided: bool | np.ndarray = False,
    out: dict[str, np.ndarray] | None = None,
) -> tuple[float, np.ndarray]:
    """Negative (log marginal likelihood + log prior) and its gradient in ``theta``.

    ``sq`` is :func:`pairwise_sq_diffs` of the training inputs with themselves;
    ``ls_centres`` is :func:`ls_prior_centres` of the columns. ``ls_one_sided``: the
    log-lengthscale prior keeps its lower half only (flat above its centre, so that it never
    pulls a lengthscale shorter; the private ablation switch ``objective_ls_prior="one-sided"``);
    a boolean array instead: only on the columns it marks (``"one-sided-irrelevant"``).
    ``out``, if given, receives
    ``"g"``: ``(a a^T - K^-1) * s^2 m'(r2)`` elementwise, from which the gradient in the inputs
    themselves follows (:func:`neg_log_posterior_warped`); not set when ``K`` is not positive
    definite.
    """
    d, n, _ = sq.shape
    sq_flat = sq.reshape(d, n * n)
    inv_l2 = np.exp(-2.0 * theta[:d])
    signal = math.exp(theta[d])
    noise_excess = math.exp(theta[d + 1]) if fit_noise else 0.0
    r2 = (inv_l2 @ sq_flat).reshape(n, n)
    m, dm = matern52(r2)
    kf = signal * m
    k = kf.copy()
    k[np.diag_indices(n)] += noise_floor + noise_excess
    try:
        chol = _cholesky(k)
    except np.linalg.LinAlgError:
        return 1e10, np.zeros_like(theta)
    z = solve_triangular(chol, y, lower=True, check_finite=False)
    alpha = solve_triangular(chol, z, lower=True, trans=1, check_finite=False)
    lml = -0.5 * float(z @ z) - float(np.log(np.diag(chol)).sum()) - 0.5 * n * math.log(2 * math.pi)
    k_inv, info = lapack.dpotri(chol, lower=1)
    if info != 0:
        return 1e10, np.zeros_like(theta)
    k_inv = np.tril(k_inv) + np.tril(k_inv, -1).T
    w = np.outer(alpha, alpha) - k_inv
    grad = np.zeros_like(theta)
    # dK/dlog l_j = s^2 m'(r2) * (-2 sq_j / l_j^2)
    g = w * (signal * dm)
    if out is not None:
        out["g"] = g
    grad[:d] = -(sq_flat @ g.ravel()) * inv_l2
    grad[d] = 0.5 * float(np.sum(w * kf))
    if fit_noise:
        grad[d + 1] = 0.5 * float(np.trace(w)) * noise_excess
    # Log priors (Normal in theta) and their gradients.
    mu_l, sd_l = ls_centres, _LS_SD
    if np.any(ls_one_sided):
        # Above its centre the prior is flat (on the marked columns only, given an array).
        mu_l = np.where(ls_one_sided, np.maximum(mu_l, theta[:d]), mu_l)
    lp = -0.5 * float(np.sum(((theta[:d] - mu_l) / sd_l) ** 2))
    grad[:d] -= (theta[:d] - mu_l) / sd_l**2
    lp -= 0.5 * float((theta[d] - _SIGNAL_PRIOR[0]) / _SIGNAL_PRIOR[1]) ** 2
    grad[d] -= (theta[d] - _SIGNAL_PRIOR[0]) / _SIGNAL_PRIOR[1] ** 2
    if fit_noise:
        lp -= 0.5 * float((theta[d + 1] - _NOISE_PRIOR[0]) / _NOISE_PRIOR[1]) ** 2
        grad[d + 1] -= (theta[d + 1] - _NOISE_PRIOR[0]) / _NOISE_PRIOR[1] ** 2
    return -(lml + lp), -grad


def n_warp_params(is_cat: np.ndarray) -> int:
    """How many warp parameters ``theta`` holds with input warping: ``log a`` and ``log b`` of
    every numeric column."""
    return 2 * int(np.count_nonzero(~is_cat))


def kumaraswamy_warp(
    x: np.ndarray, log_a: np.ndarray, log_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``w = 1 - (1 - x^a)^b`` of columns ``x`` (one ``a``, ``b`` per column) and its
    derivatives in ``x``, ``log a`` and ``log b``.

    ``x`` is clipped into ``[eps, 1 - eps]`` first; the derivative in ``x`` is the slope at the
    clipped point, so that a search sitting on a bound of the cube still sees which way is up.
    """
    a, b = np.exp(log_a), np.exp(log_b)
    xc = np.clip(x, _WARP_EPS, 1.0 - _WARP_EPS)
    log_x = np.log(xc)
    xa = np.exp(a * log_x)  # x^a
    one_m = np.maximum(1.0 - xa, 1e-300)  # 1 - x^a
    log_one_m = np.log(one_m)
    pow_b = np.exp(b * log_one_m)  # (1 - x^a)^b
    pow_b1 = pow_b / one_m  # (1 - x^a)^(b - 1)
    w = 1.0 - pow_b
    d_x = a * b * (xa / xc) * pow_b1
    d_log_a = a * b * xa * log_x * pow_b1
    d_log_b = -b * pow_b * log_one_m
    return w, d_x, d_log_a, d_log_b


def warp_inputs(x: np.ndarray, is_cat: np.ndarray, warp: np.ndarray) -> np.ndarray:
    """``x`` with its numeric columns warped by ``warp = [log a.., log b..]`` (categorical columns
    unchanged)."""
    num = ~is_cat
    k = int(num.sum())
    out = np.array(x, dtype=float, copy=True)
    out[:, num] = kumaraswamy_warp(x[:, num], warp[:k], warp[k:])[0]
    return out


def neg_log_posterior_warped(
    theta: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    is_cat: np.ndarray,
    noise_floor: float,
    fit_noise: bool,
    ls_centres: np.ndarray,
) -> tuple[float, np.ndarray]:
    """:func:`neg_log_posterior` with input warping: ``theta`` is the kernel's, then ``log a``
    and ``log b`` of the numeric columns (:func:`n_warp_params`), and ``x`` are the raw inputs.

    The gradient in the warp parameters goes through the warped inputs ``u``: with ``g`` from
    :func:`neg_log_posterior`, the log marginal likelihood's derivative in ``u_ij`` is
    ``2 / l_j^2 * (u_ij sum_k g_ik - sum_k g_ik u_kj)``, times ``du_ij / dlog a_j`` (or ``b_j``)
    summed over rows.
    """
    d = x.shape[1]
    num = np.flatnonzero(~is_cat)
    k = len(num)
    kern, log_a, log_b = theta[: d + 2], theta[d + 2 : d + 2 + k], theta[d + 2 + k :]
    u, _, du_a, du_b = kumaraswamy_warp(x[:, num], log_a, log_b)
    xw = np.array(x, dtype=float, copy=True)
    xw[:, num] = u
    out: dict[str, np.ndarray] = {}
    value, grad_kern = neg_log_posterior(
        kern, pairwise_sq_diffs(xw, xw, is_cat), y, noise_floor, fit_noise, ls_centres, out=out
    )
    grad = np.zeros_like(theta)
    if "g" not in out:
        return value, grad
    grad[: d + 2] = grad_kern
    g = out["g"]
    inv_l2 = np.exp(-2.0 * kern[num])
    d_u = 2.0 * inv_l2 * (u * g.sum(axis=1)[:, None] - g @ u)  # d lml / d u
    warp = theta[d + 2 :]
    grad[d + 2 : d + 2 + k] = -np.sum(d_u * du_a, axis=0)
    grad[d + 2 + k :] = -np.sum(d_u * du_b, axis=0)
    grad[d + 2 :] += warp / _WARP_PRIOR_SD**2
    value += 0.5 * float(np.sum((warp / _WARP_PRIOR_SD) ** 2))
    return value, grad


def fit_kernel_params(
    x: np.ndarray,
    y: np.ndarray,
    is_cat: np.ndarray,
    *,
    noise_floor: float,
    fit_noise: bool,
    theta0: np.ndarray | None,
    maxiter: int = 200,
    ls_centres: np.ndarray | None = None,
    ls_one_sided: bool | np.ndarray = False,
    warp: bool = False,
) -> np.ndarray:
    """MAP kernel hyperparameters, starting from ``theta0`` (a previous fit) when given.

    A warm start that ends worse than the neutral start is replaced by a fit from the neutral
    start, so one bad fit cannot stick. ``ls_centres`` overrides the centres of the
    log-lengthscale priors (default :func:`ls_prior_centres`); the neutral start is then at
    them. ``ls_one_sided``: that prior is flat above its centre (on every column, or on those a
    boolean array marks; see :func:`neg_log_posterior`). ``warp``: with input warping (see the
    module docstring; with the default lengthscale prior only); ``theta`` then ends with the
    warp parameters, whose neutral start is the identity (0).
    """
    if warp:
        return _fit_warped(x, y, is_cat, noise_floor, fit_noise, theta0, maxiter)
    d = x.shape[1]
    centres = ls_prior_centres(is_cat) if ls_centres is None else np.asarray(ls_centres, float)
    sq = pairwise_sq_diffs(x, x, is_cat)
    return _map_fit(
        neg_log_posterior,
        (sq, y, noise_floor, fit_noise, centres, ls_one_sided),
        _bounds(d),
        d,
        fit_noise,
        theta0,
        default_theta(is_cat, centres),
        maxiter,
    )


def _map_fit(
    objective: Callable[..., tuple[float, np.ndarray]],
    args: tuple[Any, ...],
    bounds: list[tuple[float, float]],
    d: int,
    fit_noise: bool,
    theta0: np.ndarray | None,
    neutral: np.ndarray,
    maxiter: int,
) -> np.ndarray:
    """Minimise ``objective(theta, *args)`` (value and gradient) by L-BFGS-B within ``bounds``,
    from ``theta0`` when it has the right length, and from ``neutral`` when there is none or the
    warm start ends non-finite or huge; without ``fit_noise`` the noise (entry ``d + 1``) stays at
    its lower bound."""
    lo = np.array([b[0] for b in bounds])
    hi = np.array([b[1] for b in bounds])

    def run(start: np.ndarray) -> tuple[np.ndarray, float]:
        start = np.clip(start, lo, hi)
        if not fit_noise:
            start[d + 1] = lo[d + 1]
        res = scipy.optimize.minimize(
            objective,
            start,
            args=args,
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            options={"maxiter": maxiter, "ftol": 1e-7, "gtol": 1e-4},
        )
        return np.asarray(res.x, dtype=float), float(res.fun)

    if theta0 is not None and len(theta0) == len(bounds):
        theta, value = run(np.array(theta0, dtype=float))
        if np.isfinite(value) and value < 1e9:
            return theta
    theta, _ = run(neutral)
    return theta


def warp_is_supported(
    x: np.ndarray,
    y: np.ndarray,
    is_cat: np.ndarray,
    theta_plain: np.ndarray,
    theta_warped: np.ndarray,
    noise_floor: float,
    fit_noise: bool,
) -> bool:
    """Whether the warped fit ``theta_warped`` beats the plain one ``theta_plain`` on ``(x, y)``
    by more than BIC's price of its extra parameters: its log posterior must be higher by
    ``k/2 log n`` (``k`` warp parameters, ``n`` rows). A warp that only bends the inputs to
    pass closer to a few points costs more than it gains; one that a steep end of a range calls
    for gains much more."""
    centres = ls_prior_centres(is_cat)
    plain = neg_log_posterior(
        theta_plain, pairwise_sq_diffs(x, x, is_cat), y, noise_floor, fit_noise, centres
    )[0]
    warped = neg_log_posterior_warped(theta_warped, x, y, is_cat, noise_floor, fit_noise, centres)[
        0
    ]
    price = 0.5 * n_warp_params(is_cat) * math.log(max(len(y), 2))
    return bool(plain - warped > price)


def _fit_warped(
    x: np.ndarray,
    y: np.ndarray,
    is_cat: np.ndarray,
    noise_floor: float,
    fit_noise: bool,
    theta0: np.ndarray | None,
    maxiter: int,
) -> np.ndarray:
    """:func:`fit_kernel_params` with input warping (the same warm start and fallback)."""
    d = x.shape[1]
    n_warp = n_warp_params(is_cat)
    return _map_fit(
        neg_log_posterior_warped,
        (x, y, is_cat, noise_floor, fit_noise, ls_prior_centres(is_cat)),
        _bounds(d) + [_LOG_WARP_BOUNDS] * n_warp,
        d,
        fit_noise,
        theta0,
        np.concatenate([default_theta(is_cat), np.zeros(n_warp)]),
        maxiter,
    )


@dataclass
class GPModel:
    """A GP conditioned on ``(x, y)`` with fixed hyperparameters ``theta``.

    A ``theta`` longer than the kernel's ``d + 2`` carries input warping (its last
    :func:`n_warp_params` entries): ``x`` stays the raw inputs, and every distance, prediction
    and gradient in the inputs goes through the warp (the gradient by the chain rule, times
    ``dw/dx``).
    """

    x: np.ndarray
    y: np.ndarray
    is_cat: np.ndarray
    theta: np.ndarray
    noise_floor: float
    fit_noise: bool

    def __post_init__(self) -> None:
        d = self.x.shape[1]
        self.inv_l2 = np.exp(-2.0 * self.theta[:d])
        self.signal = math.exp(self.theta[d])
        self.noise = self.noise_floor + (math.exp(self.theta[d + 1]) if self.fit_noise else 0.0)
        self._num = ~self.is_cat
        # Input warping: [log a.., log b..] of the numeric columns, or None (the plain kernel).
        self.warp: np.ndarray | None = self.theta[d + 2 :] if len(self.theta) > d + 2 else None
        # The training side of every distance, once per model: the warped inputs and their
        # scaled numeric columns with squared norms. A prediction then warps and scales only
        # its query rows (at 300 trials with the warp in use, re-warping the training inputs on
        # every call of the acquisition search was a fifth of a suggestion's time).
        self._xw = self._warped(self.x)
        self._scale = np.sqrt(self.inv_l2[self._num])
        self._xn = self._xw[:, self._num] * self._scale
        self._xn_sq = (self._xn * self._xn).sum(1)
        self._factor()

    def _factor(self) -> None:
        n = len(self.x)
        k = self.signal * matern52_value(self._r2_to_train(self._xw))
        k[np.diag_indices(n)] += self.noise
        self.chol = _cholesky(k)
        self.alpha = lapack.dpotrs(self.chol, self.y, lower=1)[0]
        # The inverse Cholesky factor, once per model: a prediction is then matrix products,
        # which for a few query points cost far less than triangular solves (about 10x here).
        # It is the factor, not K^-1: its error grows with sqrt(cond K), not cond K.
        linv, info = lapack.dtrtri(self.chol, lower=1)
        if info != 0:
            raise np.linalg.LinAlgError(f"Cholesky factor is singular (dtrtri info={info})")
        self.linv = np.ascontiguousarray(np.tril(linv))

    def condition_on(self, x_new: np.ndarray, y_new: np.ndarray) -> GPModel:
        """The same kernel with extra observations (used for pending trials' believed values)."""
        return GPModel(
            np.vstack([self.x, x_new]),
            np.concatenate([self.y, y_new]),
            self.is_cat,
            self.theta,
            self.noise_floor,
            self.fit_noise,
        )

    def blind_to(self, columns: np.ndarray) -> GPModel:
        """The same data and kernel with the lengthscales of ``columns`` (a boolean mask over
        the inputs) made infinite: the model no longer tells points apart that differ only
        there, so moving away from the data in those inputs adds no posterior variance. Used
        by the private ablation switch ``parego_dead_blind`` with :func:`irrelevant_inputs`;
        with no column masked it is this model."""
        columns = np.asarray(columns, dtype=bool)
        if not columns.any():
            return self
        theta = np.array(self.theta, dtype=float)
        theta[: len(columns)][columns] = np.inf
        return GPModel(self.x, self.y, self.is_cat, theta, self.noise_floor, self.fit_noise)

    def _warped(self, x: np.ndarray) -> np.ndarray:
        """``x`` through the input warp (``x`` itself without one)."""
        return x if self.warp is None else warp_inputs(x, self.is_cat, self.warp)

    def _r2(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Scaled squared distances between raw rows; numeric part by the
        ``|a|^2 + |b|^2 - 2ab`` expansion."""
        if b is self.x:
            return self._r2_to_train(self._warped(a))
        a, b = self._warped(a), self._warped(b)
        bn = b[:, self._num] * self._scale
        return self._r2_warped(a, b, bn, (bn * bn).sum(1))

    def _r2_to_train(self, aw: np.ndarray) -> np.ndarray:
        """:meth:`_r2` from already warped rows ``aw`` to the training inputs (cached side)."""
        return self._r2_warped(aw, self._xw, self._xn, self._xn_sq)

    def _r2_warped(
        self, a: np.ndarray, b: np.ndarray, bn: np.ndarray, bn_sq: np.ndarray
    ) -> np.ndarray:
        """Distances between warped rows, ``b``'s scaled numeric columns ``bn`` and their
        squared norms ``bn_sq`` given."""
        an = a[:, self._num] * self._scale
        r2 = (an * an).sum(1)[:, None] + bn_sq[None, :] - 2.0 * an @ bn.T
        np.maximum(r2, 0.0, out=r2)
        for j in np.flatnonzero(self.is_cat):
            r2 += (a[:, j][:, None] != b[:, j][None, :]) * self.inv_l2[j]
        return r2

    def fitted_mean(self) -> np.ndarray:
        """Posterior mean at the training inputs: ``K_f a = y - noise * a``."""
        return self.y - self.noise * self.alpha

    def predict(self, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and variance of the latent function at rows of ``xs``."""
        ks = matern52_value(self._r2(xs, self.x))
        ks *= self.signal
        mean = ks @ self.alpha
        # v = L^-1 k_*, through the inverse factor, not K^-1: the variance is a difference of
        # nearly equal numbers near observed points, and K^-1 would lose the digits there.
        v = self.linv @ ks.T
        var = self.signal - np.einsum("ij,ij->j", v, v)
        return mean, np.maximum(var, 1e-12)

    def predict_with_grad(
        self, xs: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Mean, variance and their gradients in ``xs`` (zero in categorical columns).

        With ``c_i`` a weight per training row, ``sum_i c_i dk_i/dx`` is
        ``2 / l^2 * (x sum_i c_i - sum_i c_i x_i)`` times ``s^2 m'(r2_i)`` folded into ``c``: two
        matrix products instead of a (points, rows, columns) tensor.
        """
        if self.warp is None:
            us, jac = xs, None
        else:
            k = int(self._num.sum())
            w, d_w = kumaraswamy_warp(xs[:, self._num], self.warp[:k], self.warp[k:])[:2]
            us = np.array(xs, dtype=float, copy=True)
            us[:, self._num] = w
            jac = np.ones_like(us)
            jac[:, self._num] = d_w
        r2 = self._r2_to_train(us)
        m, dm = matern52(r2)
        ks = self.signal * m
        mean = ks @ self.alpha
        v = self.linv @ ks.T
        var = self.signal - np.einsum("ij,ij->j", v, v)
        kinv_k = v.T @ self.linv  # (K^-1 k_*)^T = (L^-T v)^T
        sdm = self.signal * dm
        scale = 2.0 * self.inv_l2 * self._num
        c_mean = sdm * self.alpha
        c_var = sdm * kinv_k
        d_mean = (us * c_mean.sum(axis=1)[:, None] - c_mean @ self._xw) * scale
        d_var = (us * c_var.sum(axis=1)[:, None] - c_var @ self._xw) * (-2.0 * scale)
        if jac is not None:
            # The gradient in the warped inputs, times dw/dx of each numeric column.
            d_mean *= jac
            d_var *= jac
        clipped = var < 1e-12
        var = np.maximum(var, 1e-12)
        d_var[clipped] = 0.0
        return mean, var, d_mean, d_var
