"""Crossover operators of the genetic samplers (Optuna's names and arguments).

A crossover makes one child from ``n_parents`` parents. It sees the numerical parameters only,
as rows of floats in a continuous, box-bounded space (``search_space_bounds``, one
``[low, high]`` row per parameter; log-scaled parameters are on their log, integers widened by
half a step), and returns one row. Categorical parameters always use a uniform crossover. A
child outside the box is drawn again (then clipped after a few tries) by the sampler.
"""

from __future__ import annotations

import abc
import math
from typing import TYPE_CHECKING

import numpy as np

from hyperscout._checks import check_positive, check_probability, check_real

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "BLXAlphaCrossover",
    "BaseCrossover",
    "SBXCrossover",
    "SPXCrossover",
    "UNDXCrossover",
    "UniformCrossover",
    "VSBXCrossover",
]


class BaseCrossover(abc.ABC):
    """One child from ``n_parents`` parent rows."""

    n_parents: int = 2

    def __str__(self) -> str:
        return type(self).__name__

    @abc.abstractmethod
    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.RandomState,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        """``parents_params``: ``(n_parents, n_params)``; returns ``(n_params,)``."""
        raise NotImplementedError


class UniformCrossover(BaseCrossover):
    """Each parameter from the first parent, or with probability ``swapping_prob`` from the
    second (Syswerda 1989)."""

    n_parents = 2

    def __init__(self, swapping_prob: float = 0.5) -> None:
        self._swapping_prob = check_probability("swapping_prob", swapping_prob)

    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.RandomState,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        swap = rng.rand(parents_params.shape[1]) < self._swapping_prob
        return np.where(swap, parents_params[1], parents_params[0])


class BLXAlphaCrossover(BaseCrossover):
    """Uniform in the parents' bounding box widened by ``alpha`` of its width on each side
    (Eshelman and Schaffer 1993)."""

    n_parents = 2

    def __init__(self, alpha: float = 0.5) -> None:
        self._alpha: float = check_real("alpha", alpha, low=0)

    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.RandomState,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        lo, hi = parents_params.min(axis=0), parents_params.max(axis=0)
        width = hi - lo
        return rng.uniform(lo - self._alpha * width, hi + self._alpha * width)


def _eta_for(eta: float | None, study: Study) -> float:
    if eta is not None:
        return eta
    return 20.0 if len(study.directions) > 1 else 2.0


def _pick_genes(
    c1: np.ndarray,
    c2: np.ndarray,
    p: np.ndarray,
    rng: np.random.RandomState,
    uniform_crossover_prob: float,
    use_child_gene_prob: float,
) -> np.ndarray:
    """Combine two candidate children (and the two parents) into one child, gene by gene: the
    children's gene with probability ``use_child_gene_prob`` (else the parents'), swapped
    between the pair with probability ``uniform_crossover_prob``; then one of the two."""
    n = c1.shape[0]
    use_child = rng.rand(n) < use_child_gene_prob
    swap = rng.rand(n) < uniform_crossover_prob
    a = np.where(use_child, c1, p[0])
    b = np.where(use_child, c2, p[1])
    first = np.where(swap, b, a)
    second = np.where(swap, a, b)
    return first if rng.rand() < 0.5 else second


class _SimulatedBinary(BaseCrossover):
    """What SBX and VSBX share: two parents, the distribution index ``eta`` and how children's
    genes are picked (Optuna's arguments)."""

    n_parents = 2

    def __init__(
        self,
        eta: float | None = None,
        uniform_crossover_prob: float = 0.5,
        use_child_gene_prob: float = 0.5,
    ) -> None:
        self._eta = check_positive("eta", eta, allow_none=True)
        self._uniform = check_probability("uniform_crossover_prob", uniform_crossover_prob)
        self._use_child = check_probability(
            "use_child_gene_prob", use_child_gene_prob, open_low=True
        )


class SBXCrossover(_SimulatedBinary):
    """Simulated binary crossover (Deb and Agrawal 1995), with the bounded spread of Deb and
    Goyal 1996 so that children stay in the box. ``eta`` (default 20 for several objectives, 2
    for one) is the distribution index: larger keeps children nearer their parents."""

    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.RandomState,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        eta = _eta_for(self._eta, study)
        low, high = search_space_bounds[:, 0], search_space_bounds[:, 1]
        x1, x2 = parents_params.min(axis=0), parents_params.max(axis=0)
        span = np.maximum(x2 - x1, 1e-12)
        u = rng.rand(x1.shape[0])
        betas = []
        for room in (x1 - low, high - x2):
            beta = 1.0 + 2.0 * np.maximum(room, 0.0) / span
            alpha = 2.0 - beta ** (-(eta + 1.0))
            inner = u <= 1.0 / alpha
            bq = np.where(
                inner,
                (u * alpha) ** (1.0 / (eta + 1.0)),
                (1.0 / np.maximum(2.0 - u * alpha, 1e-12)) ** (1.0 / (eta + 1.0)),
            )
            betas.append(bq)
        mid = 0.5 * (x1 + x2)
        c1 = mid - 0.5 * betas[0] * span
        c2 = mid + 0.5 * betas[1] * span
        return _pick_genes(c1, c2, parents_params, rng, self._uniform, self._use_child)


class VSBXCrossover(_SimulatedBinary):
    """SBX whose spread factor is drawn on both sides of the parents (a "vector" SBX): with
    ``u <= 1/2`` the child is a contraction between the parents, otherwise an extension
    beyond them, each with SBX's polynomial density of index ``eta``."""

    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.RandomState,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        eta = _eta_for(self._eta, study)
        x1, x2 = parents_params[0], parents_params[1]
        u = np.clip(rng.rand(x1.shape[0]), 1e-12, 1.0 - 1e-12)
        contract = u <= 0.5
        beta1 = (2.0 * u) ** (1.0 / (eta + 1.0))
        beta2 = (1.0 / (2.0 * (1.0 - u))) ** (1.0 / (eta + 1.0))
        c1 = np.where(
            contract,
            0.5 * ((1.0 + beta1) * x1 + (1.0 - beta1) * x2),
            0.5 * ((3.0 - beta2) * x1 - (1.0 - beta2) * x2),
        )
        c2 = np.where(
            contract,
            0.5 * ((1.0 - beta1) * x1 + (1.0 + beta1) * x2),
            0.5 * (-(1.0 - beta2) * x1 + (3.0 - beta2) * x2),
        )
        return _pick_genes(c1, c2, parents_params, rng, self._uniform, self._use_child)


class SPXCrossover(BaseCrossover):
    """Simplex crossover (Tsutsui, Yamamura and Higuchi 1999): the parents' simplex, expanded
    by ``epsilon`` about its centre (default ``sqrt(n_params + 2)``), sampled uniformly."""

    n_parents = 3

    def __init__(self, epsilon: float | None = None) -> None:
        self._epsilon = check_positive("epsilon", epsilon, allow_none=True)

    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.RandomState,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        k = parents_params.shape[0]
        eps = self._epsilon if self._epsilon is not None else math.sqrt(parents_params.shape[1] + 2)
        centre = parents_params.mean(axis=0)
        xs = centre + eps * (parents_params - centre)
        r = rng.rand(k - 1) ** (1.0 / (np.arange(k - 1) + 1.0))
        c = np.zeros_like(centre)
        for i in range(1, k):
            c = r[i - 1] * (xs[i - 1] - xs[i] + c)
        return xs[k - 1] + c


class UNDXCrossover(BaseCrossover):
    """Unimodal normal distribution crossover (Ono and Kobayashi 1997; Kita, Ono and Kobayashi
    1999): a normal around the midpoint of the first two parents, spread ``sigma_xi`` along the
    line joining them and ``sigma_eta`` (default ``0.35 / sqrt(n_params)``) times the third
    parent's distance to that line in the orthogonal directions."""

    n_parents = 3

    def __init__(self, sigma_xi: float = 0.5, sigma_eta: float | None = None) -> None:
        self._sigma_xi: float = check_positive("sigma_xi", sigma_xi)
        self._sigma_eta = check_positive("sigma_eta", sigma_eta, allow_none=True)

    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.RandomState,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        x1, x2, x3 = parents_params[0], parents_params[1], parents_params[2]
        n = x1.shape[0]
        sigma_eta = self._sigma_eta if self._sigma_eta is not None else 0.35 / math.sqrt(n)
        mid = 0.5 * (x1 + x2)
        d = x2 - x1
        norm = float(np.linalg.norm(d))
        child = mid + rng.normal(0.0, self._sigma_xi) * d
        if n == 1:
            return child
        if norm > 0.0:
            e = d / norm
            off = (x3 - x1) - np.dot(x3 - x1, e) * e
            basis = np.linalg.svd(np.eye(n) - np.outer(e, e))[0][:, : n - 1]
        else:
            off = x3 - x1
            basis = np.eye(n)
        dist = float(np.linalg.norm(off))
        eta = rng.normal(0.0, sigma_eta, size=basis.shape[1])
        return child + dist * (basis @ eta)
