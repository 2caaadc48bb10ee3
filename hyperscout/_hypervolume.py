"""Exact hypervolume of a set of points, every coordinate to minimise.

The hypervolume of ``points`` with respect to ``reference_point`` is the volume of the union of
the boxes ``[p, reference_point]``: the part of objective space that the points dominate and
that dominates the reference point. It is the usual single-number quality of a Pareto front
(Zitzler and Thiele 1998): larger is better, and it grows whenever the front improves.

Algorithms, by number of objectives ``m`` (after dropping points that do not dominate the
reference point, duplicates and dominated points, none of which change the volume):

- ``m = 1``: the distance from the best point to the reference point.
- ``m = 2``: sort by the first objective; the front is a staircase, summed in O(n log n).
- ``m = 3``: a sweep along the third objective (Beume et al. 2009, "On the complexity of
  computing the hypervolume indicator"): points enter in increasing order of it, a 2-D staircase
  of the points seen so far keeps its area up to date as each point enters (O(log n) search,
  then only the points it covers are removed), and the volume is the sum of area x slab height.
- ``m >= 4``: WFG (While, Bradstreet and Barone 2012, "A fast way of calculating exact
  hypervolumes"): with the points sorted by the last objective, worst first, the volume is the
  sum of each point's exclusive contribution against the points after it, and that contribution
  is the point's box minus the hypervolume of the later points "limited" to the box. Because the
  later points are no worse in the last objective, the limited set is flat in it and the
  recursion drops one dimension, ending in the 3-D sweep.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

import numpy as np

from hyperscout._multi_objective import non_dominated
from hyperscout.exceptions import InvalidArgumentError

__all__ = ["hypervolume"]


def hypervolume(
    points: np.ndarray | Sequence[Sequence[float]], reference_point: np.ndarray | Sequence[float]
) -> float:
    """Exact hypervolume of ``points`` (``n`` rows, ``m`` objectives) against
    ``reference_point`` (``m`` values), every objective minimised.

    Points that do not strictly dominate the reference point in every objective add no volume
    and are ignored (Optuna's ``compute_hypervolume`` raises on them instead). Negate the
    columns of objectives that are maximised before calling. An infinite reference point gives
    ``inf`` as soon as one point counts.

    >>> hypervolume([[1.0, 2.0], [2.0, 1.0]], [3.0, 3.0])
    3.0
    """
    ref = np.asarray(reference_point, dtype=float)
    if ref.ndim != 1 or ref.size == 0:
        raise InvalidArgumentError(
            "reference_point must be a non-empty 1-D sequence of numbers, got "
            f"reference_point={reference_point!r}"
        )
    pts = np.asarray(points, dtype=float)
    if pts.size == 0:
        return 0.0
    if pts.ndim != 2 or pts.shape[1] != ref.size:
        raise InvalidArgumentError(
            f"points must be a 2-D array with one column per objective ({ref.size}, the length "
            f"of reference_point), got shape {pts.shape}"
        )
    if np.isnan(pts).any() or np.isnan(ref).any():
        raise InvalidArgumentError("points and reference_point must not contain NaN")
    pts = pts[np.all(pts < ref, axis=1)]
    if pts.shape[0] == 0:
        return 0.0
    if not np.all(np.isfinite(ref)):
        return float("inf")
    if np.isinf(pts).any():  # -inf in some coordinate of a counted point
        return float("inf")
    return float(_hv(_front(pts), ref))


def _front(pts: np.ndarray) -> np.ndarray:
    """The distinct non-dominated rows of ``pts``."""
    pts = np.unique(pts, axis=0)  # lexicographically sorted
    if pts.shape[1] == 2:  # on the front iff y is below every y to its left
        prev_min = np.minimum.accumulate(np.concatenate(([np.inf], pts[:-1, 1])))
        return pts[pts[:, 1] < prev_min]
    return pts[non_dominated(pts)]


def _hv(front: np.ndarray, ref: np.ndarray) -> float:
    n, m = front.shape
    if n == 0:
        return 0.0
    if n == 1:
        return float(np.prod(ref - front[0]))
    if m == 1:
        return float(ref[0] - front[:, 0].min())
    if m == 2:
        return _hv2(front, ref)
    if m == 3:
        return _hv3(front, ref)
    return _wfg(front, ref)


def _hv2(front: np.ndarray, ref: np.ndarray) -> float:
    """A 2-D non-dominated set: sorted by x, y decreases; sum the staircase's columns."""
    order = np.argsort(front[:, 0], kind="stable")
    x, y = front[order, 0], front[order, 1]
    right = np.append(x[1:], ref[0])
    return float(np.dot(right - x, ref[1] - y))


def _hv3(front: np.ndarray, ref: np.ndarray) -> float:
    """Sweep along z; keep the (x, y) staircase of the points seen so far and its area."""
    order = np.argsort(front[:, 2], kind="stable")
    rx, ry, rz = float(ref[0]), float(ref[1]), float(ref[2])
    xs: list[float] = []  # increasing
    ys: list[float] = []  # decreasing
    area = 0.0
    volume = 0.0
    z_prev = 0.0
    for k, idx in enumerate(order):
        px, py, pz = (float(v) for v in front[idx])
        if k:
            volume += area * (pz - z_prev)
        z_prev = pz
        i = bisect_left(xs, px)
        if i < len(xs) and xs[i] == px and ys[i] <= py:
            continue  # covered in (x, y) by a point with the same x
        if i > 0 and ys[i - 1] <= py:
            continue  # covered by the point to its left
        top = ys[i - 1] if i > 0 else ry
        j = i
        covered = 0.0  # area already dominated inside [px, right] x [py, top]
        while j < len(xs) and ys[j] >= py:
            nxt = xs[j + 1] if j + 1 < len(xs) else rx
            covered += (nxt - xs[j]) * (top - ys[j])
            j += 1
        right = xs[j] if j < len(xs) else rx
        area += (right - px) * (top - py) - covered
        xs[i:j] = [px]
        ys[i:j] = [py]
    volume += area * (rz - z_prev)
    return volume


def _wfg(front: np.ndarray, ref: np.ndarray) -> float:
    """WFG with dimension reduction: points sorted by the last objective, worst first."""
    m = front.shape[1]
    order = np.argsort(-front[:, m - 1], kind="stable")
    pts = front[order]
    head, ref_head = pts[:, : m - 1], ref[: m - 1]
    total = 0.0
    n = pts.shape[0]
    for k in range(n):
        height = ref[m - 1] - pts[k, m - 1]
        box = float(np.prod(ref_head - head[k]))
        if k + 1 < n:
            limited = np.maximum(head[k + 1 :], head[k])
            limited = limited[np.all(limited < ref_head, axis=1)]
            if limited.shape[0]:
                box -= _hv(_front(limited), ref_head)
        total += height * box
    return total
