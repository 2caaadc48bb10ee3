"""Maximising an acquisition function over an :class:`EncodedSpace`.

1. Sweep: evaluate the acquisition at a scrambled Sobol set (categories drawn uniformly,
   discrete columns snapped to their lattice).
2. Starts: the best points of the sweep plus the given extra points (the incumbent).
3. Gradient step: L-BFGS-B in the unit cube over the numeric columns (discrete ones relaxed),
   all starts at once by minimising the sum of their negated acquisitions, whose gradient
   separates by start (the batching trick of BoTorch's ``gen_candidates_scipy``); categorical
   columns stay fixed.
4. Snap discrete columns to the lattice, then local search: move to the best neighbour (one
   lattice step in one discrete column, or another category in one categorical column) while
   that improves the acquisition; if it moved, polish the continuous columns again.

Points in ``exclude`` (trials already evaluated or running) score ``-inf`` outside the gradient
step, so the search never proposes an exact repeat while another point is left: with noise in
the model, expected improvement at the incumbent stays positive, and in small discrete spaces
it would otherwise propose the same configuration again and again.

``eligible`` (optional; off in the default sampler) restricts the answer further: points for
which it is False also score ``-inf`` outside the gradient step, a gradient step that ends on
one falls back to its own start, and only if no eligible point is found at all is the search
repeated without the restriction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import scipy.optimize

from hyperscout.samplers.gp._space import CONTINUOUS, EncodedSpace

__all__ = ["maximize_acquisition"]

ValueFn = Callable[[np.ndarray], np.ndarray]
ValueGradFn = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def _lbfgs(
    value_and_grad: ValueGradFn, starts: np.ndarray, free: np.ndarray, maxiter: int
) -> np.ndarray:
    """Maximise each row of ``starts`` over the columns in ``free`` (bounds [0, 1])."""
    if not free.any() or len(starts) == 0:
        return starts
    base = starts.copy()
    b, k = len(starts), int(free.sum())

    def fun(flat: np.ndarray) -> tuple[float, np.ndarray]:
        x = base.copy()
        x[:, free] = flat.reshape(b, k)
        value, grad = value_and_grad(x)
        return -float(np.sum(value)), -grad[:, free].ravel()

    res = scipy.optimize.minimize(
        fun,
        base[:, free].ravel(),
        jac=True,
        method="L-BFGS-B",
        bounds=[(0.0, 1.0)] * (b * k),
        options={"maxiter": maxiter, "ftol": 1e-7, "gtol": 1e-4},
    )
    out = base.copy()
    out[:, free] = np.clip(np.asarray(res.x).reshape(b, k), 0.0, 1.0)
    return out


class _Excluding:
    """The acquisition, with ``-inf`` at excluded points (rows equal within 1e-9)."""

    def __init__(self, value: ValueFn, exclude: np.ndarray) -> None:
        self.value = value
        self.exclude = exclude
        # A random projection sorts the excluded rows once; a query row can only match rows
        # whose projection is within tolerance of its own, checked exactly afterwards.
        self.w = np.random.RandomState(0).rand(exclude.shape[1]) + 0.5
        proj = exclude @ self.w
        self.order = np.argsort(proj)
        self.proj = proj[self.order]
        self.tol = 1e-9 * (float(np.abs(self.w).sum()) + 1.0)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        out = np.asarray(self.value(x), dtype=float)
        if len(self.exclude) == 0:
            return out
        q = x @ self.w
        lo = np.searchsorted(self.proj, q - self.tol, side="left")
        hi = np.searchsorted(self.proj, q + self.tol, side="right")
        for i in np.flatnonzero(hi > lo):
            rows = self.exclude[self.order[lo[i] : hi[i]]]
            if np.any(np.all(np.abs(rows - x[i]) <= 1e-9, axis=1)):
                out[i] = -np.inf
        return out


class _Restricted:
    """The acquisition, with ``-inf`` where ``eligible`` is False."""

    def __init__(self, value: ValueFn, eligible: Callable[[np.ndarray], np.ndarray]) -> None:
        self.value = value
        self.eligible = eligible

    def __call__(self, x: np.ndarray) -> np.ndarray:
        out = np.asarray(self.value(x), dtype=float)
        return np.where(self.eligible(x), out, -np.inf)


def _local_search(
    value: ValueFn, space: EncodedSpace, x: np.ndarray, fx: float, max_rounds: int
) -> tuple[np.ndarray, float, bool]:
    moved = False
    for _ in range(max_rounds):
        nbrs = space.neighbours(x)
        if len(nbrs) == 0:
            break
        vals = value(nbrs)
        i = int(np.argmax(vals))
        improves = vals[i] > fx if not np.isfinite(fx) else vals[i] > fx + 1e-12 * max(1.0, abs(fx))
        if not improves:
            break
        x, fx, moved = nbrs[i], float(vals[i]), True
    return x, fx, moved


def maximize_acquisition(
    value: ValueFn,
    value_and_grad: ValueGradFn,
    space: EncodedSpace,
    rng: np.random.RandomState,
    *,
    extra_starts: np.ndarray,
    exclude: np.ndarray,
    n_candidates: int,
    n_starts: int,
    maxiter: int = 40,
    max_local_rounds: int = 10,
    info: dict[str, bool] | None = None,
    eligible: Callable[[np.ndarray], np.ndarray] | None = None,
    pull: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """The best point found (unit coordinates, snapped), avoiding ``exclude`` if possible.

    ``extra_starts`` (e.g. the incumbent) always start a local search, whatever their value.
    ``info``, if given, gets ``"from_sweep"``: whether the point is the sweep's best because no
    local search beat it (every start converged to an excluded point, or lower).
    ``eligible``: rows -> bool mask; see the module docstring. ``pull`` (with ``eligible``):
    rows -> rows, moves the sweep's points into the eligible region before they are scored.
    """
    search = functools.partial(
        _maximize,
        value_and_grad=value_and_grad,
        space=space,
        rng=rng,
        extra_starts=extra_starts,
        exclude=exclude,
        n_candidates=n_candidates,
        n_starts=n_starts,
        maxiter=maxiter,
        max_local_rounds=max_local_rounds,
        info=info,
    )
    if eligible is not None:
        state = rng.get_state()
        x = search(_Restricted(value, eligible), fall_back_to_start=True, pull=pull)
        if x is not None:
            return x
        # Nothing eligible: the unrestricted search, from the same random state.
        rng.set_state(state)
    x = search(value)
    assert x is not None
    return x


def _maximize(
    value: ValueFn,
    value_and_grad: ValueGradFn,
    space: EncodedSpace,
    rng: np.random.RandomState,
    extra_starts: np.ndarray,
    exclude: np.ndarray,
    n_candidates: int,
    n_starts: int,
    maxiter: int,
    max_local_rounds: int,
    *,
    fall_back_to_start: bool = False,
    pull: Callable[[np.ndarray], np.ndarray] | None = None,
    info: dict[str, bool] | None = None,
) -> np.ndarray | None:
    """:func:`maximize_acquisition`'s search. ``fall_back_to_start``: a gradient step that ends
    where ``value`` is ``-inf`` is replaced by its start, and ``None`` is returned when no
    point with a finite value was found."""
    value = _Excluding(value, space.snap(exclude))
    cand = space.sample(rng, n_candidates)
    if pull is not None:
        cand = space.snap(pull(cand))
    cand_vals = value(cand)
    order = np.argsort(-cand_vals, kind="stable")
    starts = np.vstack([space.snap(extra_starts), cand[order[:n_starts]]])
    starts = np.unique(starts, axis=0)

    continuous = space.kinds == CONTINUOUS
    refined = space.snap(_lbfgs(value_and_grad, starts, space.is_numeric, maxiter))
    ref_vals = value(refined)

    if fall_back_to_start:
        lost = ~np.isfinite(ref_vals)
        if lost.any():
            refined[lost] = starts[lost]
            ref_vals = np.where(lost, value(starts), ref_vals)

    best_x, best_v = cand[order[0]], float(cand_vals[order[0]])
    if info is not None:
        info["from_sweep"] = True
    has_lattice = bool(space.is_discrete.any() or space.is_cat.any())
    for i in range(len(refined)):
        x, fx = refined[i], float(ref_vals[i])
        if has_lattice:
            x, fx, moved = _local_search(value, space, x, fx, max_local_rounds)
            if moved and continuous.any():
                polished = space.snap(_lbfgs(value_and_grad, x[None, :], continuous, maxiter))
                fp = float(value(polished)[0])
                if fp > fx:
                    x, fx = polished[0], fp
        if fx > best_v:
            best_x, best_v = x, fx
            if info is not None:
                info["from_sweep"] = False
    if fall_back_to_start and not np.isfinite(best_v):
        return None
    return best_x
