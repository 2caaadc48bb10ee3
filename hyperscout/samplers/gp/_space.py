"""Encoding a search space for the GP: one column per parameter.

- Continuous floats: ``u = (t - lo) / (hi - lo)`` in [0, 1], with ``t`` the value, or its log for
  log-scaled parameters (they are modelled in log space).
- Integers and stepped floats ("discrete"): the same map, with the bounds widened by half a step
  (half an integer before taking the log for log-scaled integers), so each lattice point owns an
  equal share of [0, 1]. The optimiser works on this continuous relaxation; :meth:`snap` rounds
  to the nearest lattice point.
- Categoricals: the column holds the choice index; the kernel compares indices with a Hamming
  (equal / not equal) distance and the optimiser only moves them by local search.

Single-valued distributions are not encoded; the sampler returns their one value.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy.stats import qmc

from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.exceptions import InvalidTypeError

__all__ = ["CONTINUOUS", "CATEGORICAL", "DISCRETE", "EncodedSpace"]

CONTINUOUS, DISCRETE, CATEGORICAL = 0, 1, 2


class EncodedSpace:
    """The columns of the GP's input matrix for ``space`` (names in the given order)."""

    def __init__(self, space: Mapping[str, BaseDistribution]) -> None:
        self.names = list(space)
        self.dists = [space[n] for n in self.names]
        d = len(self.names)
        self.kinds = np.zeros(d, dtype=np.int64)
        self.log = np.zeros(d, dtype=bool)
        self.tlo = np.zeros(d)
        self.thi = np.ones(d)
        self.low = np.zeros(d)
        self.high = np.zeros(d)
        self.step = np.ones(d)
        self.n_choices = np.zeros(d, dtype=np.int64)
        for j, dist in enumerate(self.dists):
            if isinstance(dist, CategoricalDistribution):
                self.kinds[j] = CATEGORICAL
                self.n_choices[j] = len(dist.choices)
                continue
            if not isinstance(dist, FloatDistribution | IntDistribution):
                raise InvalidTypeError(f"unknown distribution {dist!r}")
            self.low[j], self.high[j], self.log[j] = dist.low, dist.high, dist.log
            step = dist.step
            if step is None:
                self.kinds[j] = CONTINUOUS
                lo, hi = float(dist.low), float(dist.high)
            else:
                self.kinds[j] = DISCRETE
                self.step[j] = float(step)
                half = 0.5 * float(step)
                lo, hi = dist.low - half, dist.high + half
            if dist.log:
                lo, hi = np.log(lo), np.log(hi)
            self.tlo[j], self.thi[j] = lo, hi
        self.is_cat = self.kinds == CATEGORICAL
        self.is_discrete = self.kinds == DISCRETE
        self.is_numeric = ~self.is_cat
        self._span = self.thi - self.tlo

    @property
    def dim(self) -> int:
        return len(self.names)

    def signature(self) -> tuple[Any, ...]:
        """What a cached kernel fit must match to be reused as a warm start."""
        return tuple(zip(self.names, self.kinds.tolist()))

    # -- values <-> unit coordinates ---------------------------------------------------------

    def encode(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Internal parameter values (categorical = index), one mapping per row, to a matrix of
        unit coordinates."""
        names = self.names
        values = np.array([[r[n] for n in names] for r in rows], dtype=float)
        return self._to_unit(values.reshape(len(rows), self.dim))

    def _to_unit(self, values: np.ndarray) -> np.ndarray:
        values = np.asarray(values, dtype=float)
        num = self.is_numeric
        out = values.copy()
        t = np.where(self.log & num, np.log(np.where(self.log & num, values, 1.0)), values)
        out[..., num] = ((t - self.tlo) / self._span)[..., num]
        return out

    def _to_values(self, u: np.ndarray) -> np.ndarray:
        """Unit coordinates to internal values (continuous, unsnapped for discrete columns)."""
        u = np.asarray(u, dtype=float)
        t = self.tlo + u * self._span
        values = np.where(self.log, np.exp(np.where(self.log, t, 0.0)), t)
        return np.where(self.is_cat, u, values)

    def snap(self, u: np.ndarray) -> np.ndarray:
        """Round discrete columns of ``u`` (shape (..., d)) to their lattice; clip to [0, 1]."""
        u = np.array(u, dtype=float)
        num = self.is_numeric
        u[..., num] = np.clip(u[..., num], 0.0, 1.0)
        if not self.is_discrete.any():
            return u
        values = self._to_values(u)
        k = np.round((values - self.low) / self.step)
        k = np.clip(k, 0.0, np.round((self.high - self.low) / self.step))
        snapped = np.minimum(self.low + k * self.step, self.high)
        disc = self.is_discrete
        u[..., disc] = self._to_unit(np.where(disc, snapped, 1.0))[..., disc]
        return u

    def decode(self, u: np.ndarray) -> dict[str, Any]:
        """One row of unit coordinates to external parameter values inside the distributions."""
        u = self.snap(u)
        values = self._to_values(u)
        out: dict[str, Any] = {}
        for j, (name, dist) in enumerate(zip(self.names, self.dists)):
            v = float(values[j])
            if self.kinds[j] == CATEGORICAL:
                v = float(min(max(round(v), 0), int(self.n_choices[j]) - 1))
            elif self.kinds[j] == DISCRETE:
                k = round((v - self.low[j]) / self.step[j])
                v = min(self.low[j] + k * self.step[j], self.high[j])
            else:
                v = min(max(v, self.low[j]), self.high[j])
            out[name] = dist.to_external_repr(v)
        return out

    # -- candidates ----------------------------------------------------------------------------

    def sample(self, rng: np.random.RandomState, n: int) -> np.ndarray:
        """``n`` points: scrambled Sobol over numeric columns, uniform categories; snapped."""
        u = np.zeros((n, self.dim))
        n_num = int(self.is_numeric.sum())
        if n_num > 0:
            engine = qmc.Sobol(d=n_num, scramble=True, seed=rng.randint(2**31 - 1))
            with warnings.catch_warnings():
                # Sobol's balance warning for sizes that are not powers of two: harmless here.
                warnings.simplefilter("ignore", UserWarning)
                u[:, self.is_numeric] = engine.random(n)
        for j in np.flatnonzero(self.is_cat):
            u[:, j] = rng.randint(int(self.n_choices[j]), size=n)
        return self.snap(u)

    def neighbours(self, u: np.ndarray) -> np.ndarray:
        """Points one lattice step (discrete) or one category (categorical) away from ``u``."""
        rows: list[np.ndarray] = []
        values = self._to_values(u)
        for j in np.flatnonzero(self.is_discrete):
            for delta in (-self.step[j], self.step[j]):
                v = values[j] + delta
                if self.low[j] - 1e-9 <= v <= self.high[j] + 1e-9:
                    moved = values.copy()
                    moved[j] = v
                    rows.append(self._to_unit(moved))
        for j in np.flatnonzero(self.is_cat):
            for c in range(int(self.n_choices[j])):
                if c != int(u[j]):
                    moved_u = u.copy()
                    moved_u[j] = c
                    rows.append(moved_u)
        if not rows:
            return np.zeros((0, self.dim))
        return self.snap(np.array(rows))
