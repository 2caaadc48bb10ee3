"""Elite selection: constrained non-dominated ranks, crowding distance (NSGA-II) and reference
point niching (NSGA-III). Everything works on a loss matrix (rows: trials, columns: objectives
to minimise) and a violation vector (0 for feasible rows)."""

from __future__ import annotations

import itertools
import math

import numpy as np

from hyperscout._multi_objective import non_dominated

__all__ = ["crowding_distance", "das_dennis", "fronts", "select_nsga2", "select_nsga3"]


def fronts(loss: np.ndarray, violation: np.ndarray) -> list[np.ndarray]:
    """Row indices by constrained-domination rank, best first (Deb et al. 2002): feasible rows
    in non-dominated fronts, then infeasible rows, each level of total violation its own front,
    least violation first."""
    out: list[np.ndarray] = []
    left = np.flatnonzero(violation <= 0.0)
    while left.size:
        on = non_dominated(loss[left])
        out.append(left[on])
        left = left[~on]
    bad = np.flatnonzero(violation > 0.0)
    if bad.size:
        levels, inverse = np.unique(violation[bad], return_inverse=True)
        for k in range(levels.size):
            out.append(bad[inverse == k])
    return out


def crowding_distance(loss: np.ndarray) -> np.ndarray:
    """NSGA-II crowding distance of each row; the ends of each objective are infinite."""
    n, m = loss.shape
    out = np.zeros(n)
    if n <= 2:
        out[:] = np.inf
        return out
    for j in range(m):
        order = np.argsort(loss[:, j], kind="stable")
        v = loss[order, j]
        out[order[0]] = out[order[-1]] = np.inf
        span = v[-1] - v[0]
        if span > 0 and np.isfinite(span):
            out[order[1:-1]] += (v[2:] - v[:-2]) / span
    return out


def select_nsga2(loss: np.ndarray, violation: np.ndarray, size: int) -> np.ndarray:
    """``size`` rows: whole fronts, best first; the front that does not fit is cut by largest
    crowding distance (ties: earlier row first)."""
    chosen: list[np.ndarray] = []
    need = size
    for front in fronts(loss, violation):
        if need <= 0:
            break
        if front.size > need:
            cd = crowding_distance(loss[front])
            front = front[np.argsort(-cd, kind="stable")[:need]]
        chosen.append(front)
        need -= front.size
    return np.concatenate(chosen) if chosen else np.empty(0, dtype=np.int64)


def das_dennis(n_objectives: int, divisions: int) -> np.ndarray:
    """Das and Dennis 1998 points: every vector of ``k / divisions`` (``k`` integers) summing to
    one; ``comb(divisions + m - 1, m - 1)`` rows."""
    rows = []
    for bars in itertools.combinations(range(divisions + n_objectives - 1), n_objectives - 1):
        parts = np.diff(np.concatenate(([-1], bars, [divisions + n_objectives - 1]))) - 1
        rows.append(parts / divisions)
    return np.array(rows, dtype=float)


def _normalise(loss: np.ndarray, first_front: np.ndarray) -> np.ndarray:
    """Translate by the ideal point and scale by the nadir of the first front (the worst value
    of each objective on it; the whole set's range where the front is flat in an objective)."""
    ideal = loss.min(axis=0)
    shifted = loss - ideal
    scale = shifted[first_front].max(axis=0)
    wide = shifted.max(axis=0)
    scale = np.where(scale > 1e-12, scale, np.where(wide > 1e-12, wide, 1.0))
    return shifted / scale


def select_nsga3(
    loss: np.ndarray,
    violation: np.ndarray,
    size: int,
    reference_points: np.ndarray,
    rng: np.random.RandomState,
) -> np.ndarray:
    """``size`` rows: whole fronts, best first; the last front is filled by niching around the
    reference points (Deb and Jain 2014): each row is associated with the reference direction
    nearest to it (perpendicular distance, objectives normalised), and rows are taken one at a
    time for the least crowded direction, the nearest row when that direction has none yet."""
    all_fronts = fronts(loss, violation)
    chosen: list[int] = []
    last: np.ndarray | None = None
    for front in all_fronts:
        if len(chosen) + front.size <= size:
            chosen.extend(front.tolist())
            if len(chosen) == size:
                break
        else:
            last = front
            break
    if last is None:
        return np.array(chosen, dtype=np.int64)
    pool = np.array(chosen + last.tolist(), dtype=np.int64)
    feasible_first = all_fronts[0] if violation[all_fronts[0][0]] <= 0.0 else pool
    in_pool = np.isin(pool, feasible_first)
    norm = _normalise(
        loss[pool], np.flatnonzero(in_pool) if in_pool.any() else np.arange(pool.size)
    )
    refs = reference_points / np.linalg.norm(reference_points, axis=1, keepdims=True)
    proj = norm @ refs.T  # (rows, refs)
    dist2 = np.maximum((norm * norm).sum(axis=1)[:, None] - proj * proj, 0.0)
    assoc = np.argmin(dist2, axis=1)
    d = np.sqrt(dist2[np.arange(pool.size), assoc])
    n_chosen = len(chosen)
    niche = np.bincount(assoc[:n_chosen], minlength=refs.shape[0]).astype(float)
    candidates: dict[int, list[int]] = {j: [] for j in range(refs.shape[0])}
    for i in range(n_chosen, pool.size):
        candidates[int(assoc[i])].append(i)
    need = size - n_chosen
    active = np.ones(refs.shape[0], dtype=bool)
    while need > 0:
        counts = np.where(active, niche, math.inf)
        lowest = np.flatnonzero(counts == counts.min())
        j = int(lowest[rng.randint(lowest.size)])
        members = candidates[j]
        if not members:
            active[j] = False
            continue
        if niche[j] == 0:
            pick = min(members, key=lambda i: (d[i], i))
        else:
            pick = members[rng.randint(len(members))]
        members.remove(pick)
        chosen.append(int(pool[pick]))
        niche[j] += 1
        need -= 1
    return np.array(chosen, dtype=np.int64)
