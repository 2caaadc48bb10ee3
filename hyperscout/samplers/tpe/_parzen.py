"""Parzen estimators: weighted mixtures of kernels over one or several parameters.

A mixture has one kernel per observation plus, optionally, a *prior* kernel (a broad kernel at
the centre of the space, Bergstra et al. 2011). A kernel is a product over the dimensions of

- a Gaussian truncated to the parameter's range (in log space for ``log=True``) for floats and
  ints; a discrete value (``step`` or an int) gets the kernel's mass over its rounding bin, so the
  density ratio compares probabilities of values that can actually be proposed;
- an Aitchison–Aitken kernel for categoricals: probability ``1 - b`` on the observed choice and
  ``b / (C - 1)`` on each other one (Aitchison and Aitken 1976; Watanabe 2023, section 3).

Everything is vectorised over kernels, dimensions and candidates; nothing here loops over
observations.

A mixture keeps at most :data:`MAX_KERNELS` observation kernels. Beyond that, :func:`thin` picks
that many by systematic resampling of the weights (Kitagawa 1996; Douc, Cappé and Moulines 2005),
in age order: each kept kernel carries an equal share of the total weight, so the thinned mixture
is an unbiased, deterministic estimate of the full one, and the cost of fitting and evaluating
it stops growing with the number of trials. In TPE this only concerns the bad group ``g(x)``
once it holds more than ``MAX_KERNELS`` observations (several hundred trials); its kernels are
then at the bandwidth floor (the magic clip) in both mixtures, so thinning changes their
number, not their shape. ``benchmarks/results/tpe_quality.md`` measures what it costs in search
quality.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.exceptions import InvalidTypeError

__all__ = [
    "MAX_KERNELS",
    "ParzenEstimator",
    "Dimension",
    "Dimensions",
    "dimension_of",
    "thin",
    "thin_rows",
]

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
# Smallest probability mass a kernel may give a value, so that log densities stay finite.
_TINY = 1e-300
# Below this, exp() is exactly 0.0 (see ``_exp``).
_EXP_UNDERFLOW = -746.0
# Relative floor on bandwidths when the magic clip is off (a zero bandwidth has no density).
_MIN_REL_SIGMA = 1e-12
# Most observation kernels one mixture keeps (see the module docstring). At 256 the bandwidth
# floor of the magic clip (range / 100) is unchanged, and fitting plus evaluating a mixture
# costs about what it costs at 250 trials.
MAX_KERNELS = 256


@dataclass(frozen=True)
class Dimension:
    """How one parameter is modelled: its kind, support and rounding grid."""

    dist: BaseDistribution
    categorical: bool
    n_choices: int  # categoricals only
    log: bool
    half: float  # half width of a value's rounding bin in the internal scale; 0 if continuous
    low: float  # internal bounds of the parameter's values
    high: float
    a: float  # bounds of the continuous support, transformed (log if ``log``)
    b: float

    def transform(self, x: np.ndarray) -> np.ndarray:
        return np.log(x) if self.log else x

    def untransform(self, t: np.ndarray) -> np.ndarray:
        return np.exp(t) if self.log else t

    def snap(self, x: np.ndarray) -> np.ndarray:
        """Round internal values onto the parameter's grid and clip them into its range."""
        if self.half > 0.0:
            step = 2.0 * self.half
            x = self.low + np.round((x - self.low) / step) * step
        return np.minimum(np.maximum(x, self.low), self.high)

    def contains(self, x: np.ndarray) -> np.ndarray:
        """Which internal values (NaN = missing) this dimension can model."""
        if self.categorical:
            return (x >= 0) & (x < self.n_choices)
        return (x >= self.low) & (x <= self.high)


class Dimensions:
    """The dimensions of a mixture, with what every mixture over them shares: the numeric ones'
    bounds as arrays, which are log-scaled, continuous or on a grid. Built once per search space
    by the sampler and passed to each :class:`ParzenEstimator` (a plain sequence of
    :class:`Dimension` works too, at the cost of building this each time)."""

    def __init__(self, dims: Sequence[Dimension]) -> None:
        self.dims = list(dims)
        self.num = [j for j, dim in enumerate(self.dims) if not dim.categorical]
        num_dims = [self.dims[j] for j in self.num]
        self.all_numeric = len(self.num) == len(self.dims)
        # Rows of the numeric dimensions (in ``num`` order) that are log-scaled, continuous, or
        # on a grid (a step or an int).
        self.logs = [row for row, dim in enumerate(num_dims) if dim.log]
        self.smooth = [row for row, dim in enumerate(num_dims) if dim.half == 0.0]
        self.steps = [row for row, dim in enumerate(num_dims) if dim.half > 0.0]
        self.a = np.array([dim.a for dim in num_dims])
        self.b = np.array([dim.b for dim in num_dims])
        self.width = self.b - self.a
        self.mid = 0.5 * (self.a + self.b)
        self.a_col = self.a[:, None]
        self.b_col = self.b[:, None]
        self.step = np.array([[2.0 * num_dims[row].half] for row in self.steps])
        self.step_low = np.array([[num_dims[row].low] for row in self.steps])
        self.low = np.array([[dim.low] for dim in num_dims])
        self.high = np.array([[dim.high] for dim in num_dims])

    def snap(self, t: np.ndarray) -> np.ndarray:
        """:meth:`Dimension.snap` of :meth:`Dimension.untransform` of transformed values ``t``,
        one row per numeric dimension: the same operations on each value as the
        per-dimension calls. Overwrites ``t``."""
        if self.logs:
            t[self.logs] = np.exp(t[self.logs])
        if self.steps:
            low = self.step_low
            t[self.steps] = low + np.round((t[self.steps] - low) / self.step) * self.step
        np.maximum(t, self.low, out=t)
        np.minimum(t, self.high, out=t)
        return t


def dimension_of(dist: BaseDistribution) -> Dimension:
    if isinstance(dist, CategoricalDistribution):
        c = len(dist.choices)
        return Dimension(dist, True, c, False, 0.0, 0.0, c - 1.0, 0.0, 0.0)
    if isinstance(dist, IntDistribution):
        half = 0.5 * dist.step
        low, high = float(dist.low), float(dist.high)
        if dist.log:
            a, b = math.log(low - half), math.log(high + half)
        else:
            a, b = low - half, high + half
        return Dimension(dist, False, 0, dist.log, half, low, high, a, b)
    if isinstance(dist, FloatDistribution):
        low, high = dist.low, dist.high
        if dist.step is not None:
            half = 0.5 * dist.step
            return Dimension(dist, False, 0, False, half, low, high, low - half, high + half)
        if dist.log:
            return Dimension(dist, False, 0, True, 0.0, low, high, math.log(low), math.log(high))
        return Dimension(dist, False, 0, False, 0.0, low, high, low, high)
    raise InvalidTypeError(f"TPESampler cannot model the distribution {dist!r}")


def _log_gauss_mass(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``log(Phi(hi) - Phi(lo))`` for standardised bounds ``lo <= hi``, accurate in both tails."""
    from scipy.special import ndtr

    flip = lo > 0.0  # mass above the mean: use the symmetric lower tail, where ndtr is accurate
    upper = np.where(flip, -lo, hi)
    lower = np.where(flip, -hi, lo)
    mass = ndtr(upper) - ndtr(lower)
    return np.log(np.maximum(mass, _TINY))


def _exp(x: np.ndarray) -> np.ndarray:
    """``np.exp(x)``, computed only where it is not certain to be 0.0.

    Below -746 the exponential underflows to exactly 0.0 (the smallest subnormal number is
    ``exp(-744.4)``), and the C library takes a slow path to say so: about 15 ns a value
    against 5 here. Far kernels of a narrow mixture are mostly such values (93 % of the bad
    group's terms in the 5-D overhead benchmark at 1,000 trials), so they are set to 0.0 without
    calling it. The result is the same array, bit for bit. Overwrites ``x``.
    """
    under = x < _EXP_UNDERFLOW
    if not under.any():
        return np.exp(x, out=x)
    out = np.zeros_like(x)
    np.exp(x, out=out, where=~under)  # NaN is not below the bound: it stays NaN
    return out


def thin(
    obs: np.ndarray, weights: np.ndarray, max_kernels: int
) -> tuple[np.ndarray, np.ndarray]:
    """At most ``max_kernels`` rows of ``obs`` and their weights, with the same total weight.

    Systematic resampling: ``max_kernels`` evenly spaced points along the cumulative weights
    (rows in their given order), each selecting the row whose weight interval holds it; a row
    selected ``c`` times weighs ``c`` shares of ``total / max_kernels``. A row heavier than one
    share is always kept, and every row's expected weight is its own. No random numbers are
    drawn, so the result depends only on its inputs. Rows keep their order.
    """
    if obs.shape[0] <= max_kernels:
        return obs, weights
    rows, kept = thin_rows(weights, max_kernels)
    return obs[rows], kept


def thin_rows(weights: np.ndarray, max_kernels: int) -> tuple[np.ndarray, np.ndarray]:
    """The rows :func:`thin` keeps (ascending) and their weights, for more than
    ``max_kernels`` weights; callers can then read only those rows."""
    n = weights.shape[0]
    cum = np.cumsum(weights)
    total = float(cum[-1])
    if not total > 0.0:
        return thin_rows(np.ones(n), max_kernels)
    share = total / max_kernels
    points = (np.arange(max_kernels) + 0.5) * share
    picked = np.minimum(np.searchsorted(cum, points, side="right"), n - 1)
    # ``picked`` ascends (the points do), so each distinct row is a run: its first position
    # and the run's length are what ``np.unique(picked, return_counts=True)`` returns.
    starts = np.flatnonzero(picked[1:] != picked[:-1]) + 1
    bounds = np.empty(starts.shape[0] + 2, dtype=np.int64)
    bounds[0] = 0
    bounds[1:-1] = starts
    bounds[-1] = max_kernels
    return picked[bounds[:-1]], np.diff(bounds) * share


def _log_kernel_norm(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``log(Phi(hi) - Phi(lo))`` for kernels centred inside their range (``lo <= 0 <= hi``).

    The mass is one minus the two tails; a tail beyond 9 standard deviations is below 1e-18
    and is skipped, so only kernels near an end of the range cost an ``ndtr``.
    """
    from scipy.special import ndtr

    tails = np.zeros(lo.shape)
    near_low = lo > -9.0
    tails[near_low] += ndtr(lo[near_low])
    near_high = hi < 9.0
    tails[near_high] += ndtr(-hi[near_high])
    return np.log1p(-np.minimum(tails, 1.0 - 1e-16))


def _sample_truncated(
    rng: np.random.RandomState,
    mu: np.ndarray,
    sigma: np.ndarray,
    a: float | np.ndarray,
    b: float | np.ndarray,
) -> np.ndarray:
    """One draw of each N(mu, sigma) truncated to [a, b], by inverting the CDF.

    ``mu`` and ``sigma`` may be (dimensions, draws) arrays with ``a`` and ``b`` as columns:
    the uniforms are then drawn row after row, the same numbers as one call per row.
    """
    from scipy.special import ndtr, ndtri

    lo = (a - mu) / sigma
    hi = (b - mu) / sigma
    flip = lo > 0.0
    lo2 = np.where(flip, -hi, lo)
    hi2 = np.where(flip, -lo, hi)
    p_lo, p_hi = ndtr(lo2), ndtr(hi2)
    u = rng.uniform(size=mu.shape)
    z = ndtri(np.minimum(np.maximum(p_lo + u * (p_hi - p_lo), _TINY), 1.0 - 1e-16))
    z = np.minimum(np.maximum(z, lo2), hi2)
    z = np.where(flip, -z, z)
    return np.minimum(np.maximum(mu + sigma * z, a), b)


def _neighbour_bandwidths(
    mus: np.ndarray, a: np.ndarray, b: np.ndarray, consider_endpoints: bool
) -> np.ndarray:
    """Bergstra et al. (2011): each kernel is as wide as the larger gap to its sorted neighbours.

    ``mus`` holds one row of kernel centres per dimension; ``a`` and ``b`` the rows' bounds.
    """
    d, n = mus.shape
    if n == 1:
        return (b - a)[:, None].copy()
    # Sort each row; flat indices avoid take_along_axis, which costs more than the sort here.
    flat = np.argsort(mus, axis=1, kind="stable")
    flat += (np.arange(d) * n)[:, None]
    s = mus.ravel()[flat]
    gaps = s[:, 1:] - s[:, :-1]
    wide = np.empty_like(s)
    np.maximum(gaps[:, :-1], gaps[:, 1:], out=wide[:, 1:-1])
    if consider_endpoints:
        wide[:, 0] = np.maximum(s[:, 0] - a, gaps[:, 0])
        wide[:, -1] = np.maximum(gaps[:, -1], b - s[:, -1])
    else:
        wide[:, 0] = gaps[:, 0]
        wide[:, -1] = gaps[:, -1]
    out = np.empty_like(mus)
    out.ravel()[flat] = wide
    return out


class ParzenEstimator:
    """A weighted kernel mixture over ``dims``, fitted to observations ``obs`` (internal values).

    ``obs`` has one row per observation and one column per dimension (no missing values);
    ``weights`` one non-negative weight per row. With several dimensions each kernel is a
    product over them (a joint model); every dimension sizes its kernels with the neighbour
    heuristic of Bergstra et al. (2011), computed on that dimension's values. Optuna 4.x/5 does
    the same for its joint TPE (the ablation in Watanabe 2023 motivated it); we first used
    Scott's rule, one bandwidth per dimension from the spread of the observations, and it
    trailed on our suite at small budgets because its kernels are too wide when the good group
    holds two or three points (``benchmarks/results/bbo/tpe_bandwidth.md``).

    ``prior_as_neighbour`` (private, for the ablation in ``benchmarks/results/bbo/ablation.md``):
    with the prior on, whether its centre counts as a neighbour when sizing the observation
    kernels (True, hyperopt's rule and the default) or the observation kernels are sized from
    the observations alone and the prior kernel is added afterwards (False; one observation then
    has no neighbour and gets the whole range, before the clips). The prior's own kernel and
    its weight are the same either way.
    """

    def __init__(
        self,
        obs: np.ndarray,
        weights: np.ndarray,
        dims: Sequence[Dimension] | Dimensions,
        *,
        prior_weight: float,
        consider_prior: bool,
        consider_magic_clip: bool,
        consider_endpoints: bool,
        max_kernels: int | None = MAX_KERNELS,
        prior_as_neighbour: bool = True,
    ) -> None:
        w = np.asarray(weights, dtype=float)
        if max_kernels is not None and obs.shape[0] > max_kernels:
            obs, w = thin(obs, w, max_kernels)
        n = obs.shape[0]
        # Without observations the prior is all there is, whatever consider_prior says.
        use_prior = consider_prior or n == 0
        if use_prior:
            with_prior = np.empty(n + 1)
            with_prior[:n] = w
            with_prior[n] = prior_weight
            w = with_prior
        total = w.sum()
        if not total > 0.0:  # all weights zero: fall back to equal weights
            w = np.ones_like(w)
            total = w.sum()
        self._weights = w / total
        # A zero weight gets a log of about -690: its kernel then never counts.
        self._log_weights = np.log(np.maximum(self._weights, _TINY))
        self._cum_weights = np.cumsum(self._weights)
        self._cum_weights /= self._cum_weights[-1]
        layout = dims if isinstance(dims, Dimensions) else Dimensions(dims)
        self._layout = layout
        self._dims = layout.dims
        k = self._n_kernels = w.shape[0]
        d = len(self._dims)
        # Per-dimension kernel parameters (empty arrays where they do not apply). Numeric
        # dimensions are fitted together, one row per dimension of (dimensions, kernels) arrays.
        empty = np.empty(0)
        self._all_numeric: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        self._mu: list[np.ndarray] = [empty] * d
        self._sigma: list[np.ndarray] = [empty] * d
        self._inv_sigma: list[np.ndarray] = [empty] * d
        self._cats: list[np.ndarray] = [empty] * d
        self._log_same: list[np.ndarray] = [empty] * d
        self._log_other: list[np.ndarray] = [empty] * d
        const_total = self._log_weights.copy()
        for j, dim in enumerate(self._dims):
            if not dim.categorical:
                continue
            c = dim.n_choices
            cats = obs[:, j].astype(np.int64)
            # Bandwidth: share of mass moved off the observed choice. It shrinks as
            # observations accumulate, as a continuous bandwidth does.
            bw = (c - 1.0) / c / (1.0 + n)
            log_same = np.full(n, math.log1p(-bw))
            log_other = np.full(n, math.log(bw / (c - 1.0)))
            if use_prior:  # the prior is uniform over the choices
                cats = np.concatenate((cats, [-1]))
                log_same = np.concatenate((log_same, [-math.log(c)]))
                log_other = np.concatenate((log_other, [-math.log(c)]))
            self._cats[j] = cats
            self._log_same[j] = log_same
            self._log_other[j] = log_other
        # With every dimension numeric and continuous (the common case), ``log_pdf`` works on
        # whole (dimensions, candidates, kernels) arrays; see ``_smooth_terms``.
        self._smooth: tuple[np.ndarray, np.ndarray, list[int]] | None = None
        num = layout.num
        root_half = math.sqrt(0.5)
        half_inv = half_mu_inv = empty
        if num:
            a, b, width = layout.a, layout.b, layout.width
            mus = np.empty((len(num), k))
            if n:
                # Rows of centres, one per numeric dimension (log ones in log space).
                mus[:, :n] = (obs if len(num) == d else obs[:, num]).T
                logs = layout.logs
                if logs:
                    mus[logs, :n] = np.log(mus[logs, :n])
            if use_prior:
                mus[:, -1] = layout.mid
            if use_prior and n and not prior_as_neighbour:
                # Observation kernels sized by the observations alone; the prior joins after.
                sigma = np.empty_like(mus)
                sigma[:, :n] = _neighbour_bandwidths(mus[:, :n], a, b, consider_endpoints)
            else:
                sigma = _neighbour_bandwidths(mus, a, b, consider_endpoints)
            if use_prior:
                sigma[:, -1] = width
            if consider_magic_clip:
                # hyperopt's clip: the range over one plus the number of kernels (prior included).
                min_sigma = width / min(100.0, 1.0 + k)
            else:
                min_sigma = width * _MIN_REL_SIGMA
            np.maximum(sigma, min_sigma[:, None], out=sigma)
            np.minimum(sigma, width[:, None], out=sigma)
            inv = 1.0 / sigma
            a_col, b_col = layout.a_col, layout.b_col
            const = _log_kernel_norm((a_col - mus) * inv, (b_col - mus) * inv)
            np.negative(const, out=const)
            smooth = layout.smooth
            if len(smooth) == len(num):
                const -= np.log(sigma) + _LOG_SQRT_2PI
            elif smooth:
                const[smooth] -= np.log(sigma[smooth]) + _LOG_SQRT_2PI
            const_total += const.sum(axis=0)
            half_inv = inv * root_half
            half_mu_inv = mus * half_inv
            for row, j in enumerate(num):
                self._mu[j] = mus[row]
                self._sigma[j] = sigma[row]
                self._inv_sigma[j] = inv[row]
            if len(num) == d:  # all numeric: sample every dimension in one call
                self._all_numeric = (mus, sigma, a_col, b_col)
                if len(smooth) == d:
                    self._smooth = (half_inv, half_mu_inv, layout.logs)
        self._const_total = const_total
        top = float(const_total.max())
        if math.isfinite(top):
            self._shift = top
        else:
            finite = const_total[np.isfinite(const_total)]
            self._shift = float(finite.max()) if finite.size else 0.0
        self._shifted_const = const_total - self._shift
        self._half_inv: list[np.ndarray] = [empty] * d
        self._half_mu_inv: list[np.ndarray] = [empty] * d
        for row, j in enumerate(num):
            self._half_inv[j] = half_inv[row]
            self._half_mu_inv[j] = half_mu_inv[row]

    @property
    def n_kernels(self) -> int:
        return self._n_kernels

    def sample(self, rng: np.random.RandomState, m: int) -> np.ndarray:
        """``m`` draws from the mixture, as internal values of shape ``(m, d)``."""
        comp = np.searchsorted(self._cum_weights, rng.uniform(size=m), side="right")
        comp = np.minimum(comp, self._n_kernels - 1)
        out = np.empty((m, len(self._dims)))
        if self._all_numeric is not None:
            mus, sigmas, a, b = self._all_numeric
            t_all = _sample_truncated(rng, mus[:, comp], sigmas[:, comp], a, b)
            out[:] = self._layout.snap(t_all).T
            return out
        for j, dim in enumerate(self._dims):
            if dim.categorical:
                c = dim.n_choices
                cats = self._cats[j][comp]
                keep = rng.uniform(size=m) < np.exp(self._log_same[j][comp])
                other = rng.randint(c - 1, size=m) if c > 1 else np.zeros(m, dtype=np.int64)
                other = other + (other >= cats)  # a uniform pick among the other choices
                uniform = rng.randint(c, size=m)
                val = np.where(cats < 0, uniform, np.where(keep, cats, other))
                out[:, j] = val
                continue
            t = _sample_truncated(rng, self._mu[j][comp], self._sigma[j][comp], dim.a, dim.b)
            out[:, j] = dim.snap(dim.untransform(t))
        return out

    def log_pdf(self, x: np.ndarray) -> np.ndarray:
        """Log density (log probability for discrete parts) of the rows of ``x``."""
        terms = _exp(self._log_terms(x, self._shifted_const))
        total = terms.sum(axis=1)
        out = np.log(np.maximum(total, _TINY)) + self._shift
        # Every kernel's term is at most its constant, so ``shift`` (the largest constant) keeps
        # exp() from overflowing; rows where it underflowed everywhere get an exact logsumexp.
        lost = ~(total > 1e-250)
        if lost.any():
            exact = self._log_terms(x[lost], self._const_total)
            top = exact.max(axis=1)
            top = np.where(np.isfinite(top), top, 0.0)
            exact -= top[:, None]
            np.exp(exact, out=exact)
            out[lost] = np.log(np.maximum(exact.sum(axis=1), _TINY)) + top
        return out

    def _log_terms(self, x: np.ndarray, const: np.ndarray) -> np.ndarray:
        """``const_i`` plus the log kernel ``i`` at each row of ``x``, as an (m, K) matrix."""
        if self._smooth is not None:
            return self._smooth_terms(x, const, *self._smooth)
        m = x.shape[0]
        out = np.empty((m, self._n_kernels))
        out[:] = const
        buf = np.empty_like(out)
        for j, dim in enumerate(self._dims):
            col = x[:, j]
            if dim.categorical:
                same = col[:, None] == self._cats[j][None, :]
                out += np.where(same, self._log_same[j], self._log_other[j])
            elif dim.half > 0.0:
                out += self._discrete_log_mass(dim, col, self._mu[j], self._inv_sigma[j])
            else:
                # 0.5 z^2 with z = (t - mu) / sigma, in three passes over the matrix.
                np.multiply.outer(dim.transform(col), self._half_inv[j], out=buf)
                buf -= self._half_mu_inv[j]
                buf *= buf
                out -= buf
        return out

    @staticmethod
    def _smooth_terms(
        x: np.ndarray,
        const: np.ndarray,
        half_inv: np.ndarray,
        half_mu_inv: np.ndarray,
        logs: list[int],
    ) -> np.ndarray:
        """:meth:`_log_terms` when every dimension is continuous: ``0.5 z^2`` of all dimensions
        in one (dimensions, m, K) array, subtracted from ``const`` one dimension after the other
        (the same operations in the same order as the loop, with fewer calls)."""
        t = x.T
        if logs:
            t = t.copy()
            t[logs] = np.log(t[logs])
        buf = t[:, :, None] * half_inv[:, None, :]
        buf -= half_mu_inv[:, None, :]
        buf *= buf
        out = const - buf[0]
        for j in range(1, buf.shape[0]):
            out -= buf[j]
        return out

    @staticmethod
    def _discrete_log_mass(
        dim: Dimension, col: np.ndarray, mu: np.ndarray, inv: np.ndarray
    ) -> np.ndarray:
        # Candidates repeat on a grid: evaluate each distinct value once.
        values, back = np.unique(col, return_inverse=True)
        lo = (dim.transform(np.maximum(values - dim.half, dim.low - dim.half))[:, None] - mu) * inv
        hi = (dim.transform(values + dim.half)[:, None] - mu) * inv
        return _log_gauss_mass(lo, hi)[back.reshape(-1)]
