"""fANOVA: functional ANOVA over a random-forest surrogate (Hutter, Hoos & Leyton-Brown, 2014).

A regression tree is piecewise constant on axis-aligned boxes (its leaves), so its functional
ANOVA decomposition under the uniform measure on the search box is exact and cheap:

* total variance ``V = sum_l |B_l| (v_l - mean)^2`` with ``mean = sum_l |B_l| v_l`` (volumes as
  fractions of the search box);
* the marginal of parameter ``i`` -- the tree averaged over all other parameters -- is piecewise
  constant between the tree's split points on ``i``; on an interval ``I`` it is
  ``sum over leaves l covering I of v_l |B_l| / |B_l|_i`` (the leaf's volume in the other
  dimensions), and its variance ``V_i`` is the main-effect variance of ``i``.

The importance of ``i`` in one tree is ``V_i / V``; the forest's is the mean over trees whose
prediction is not constant (Hutter et al. average the per-tree fractions the same way).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout._checks import check_int
from hyperscout.exceptions import InvalidArgumentError
from hyperscout.importance._base import DataImportanceEvaluator, ImportanceData

if TYPE_CHECKING:
    pass

__all__ = ["FanovaImportanceEvaluator", "tree_main_effects"]


def _leaf_boxes(tree: Any, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lower, upper, value) of every leaf of a fitted sklearn tree, as (n_leaves, d) arrays.

    Walks the tree level by level with array operations (no Python loop over nodes).
    """
    left = tree.children_left
    right = tree.children_right
    feature = tree.feature
    threshold = tree.threshold
    n_nodes = left.shape[0]
    d = bounds.shape[0]
    lo = np.empty((n_nodes, d))
    hi = np.empty((n_nodes, d))
    lo[0] = bounds[:, 0]
    hi[0] = bounds[:, 1]
    frontier = np.array([0])
    while frontier.size:
        inner = frontier[left[frontier] != -1]
        if inner.size == 0:
            break
        f = feature[inner]
        thr = np.clip(threshold[inner], bounds[f, 0], bounds[f, 1])
        lc, rc = left[inner], right[inner]
        lo[lc] = lo[inner]
        hi[lc] = hi[inner]
        lo[rc] = lo[inner]
        hi[rc] = hi[inner]
        hi[lc, f] = thr
        lo[rc, f] = thr
        frontier = np.concatenate([lc, rc])
    leaves = np.flatnonzero(left == -1)
    values = tree.value[leaves, 0, 0].astype(float)
    return lo[leaves], hi[leaves], values


def tree_main_effects(tree: Any, bounds: np.ndarray) -> tuple[np.ndarray, float]:
    """(main-effect variance ``V_i`` of each parameter, total variance ``V``) of one tree."""
    lo, hi, v = _leaf_boxes(tree, bounds)
    width = bounds[:, 1] - bounds[:, 0]
    frac = (hi - lo) / width  # (n_leaves, d) share of each side
    size = np.prod(frac, axis=1)
    mean = float(np.sum(size * v))
    total = float(np.sum(size * (v - mean) ** 2))
    d = bounds.shape[0]
    effects = np.zeros(d)
    if total <= 0.0:
        return effects, 0.0
    for i in range(d):
        fi = frac[:, i]
        ok = fi > 0
        other = np.zeros_like(size)
        other[ok] = size[ok] / fi[ok]  # the leaf's volume in the other dimensions
        cuts = np.unique(np.concatenate([lo[:, i], hi[:, i]]))
        if cuts.size < 3:  # the tree never splits on i: a constant marginal
            continue
        acc = np.zeros(cuts.size)
        np.add.at(acc, np.searchsorted(cuts, lo[:, i]), other * v)
        np.add.at(acc, np.searchsorted(cuts, hi[:, i]), -other * v)
        marginal = np.cumsum(acc)[:-1]
        seg = np.diff(cuts) / width[i]
        effects[i] = float(np.sum(seg * (marginal - mean) ** 2))
    return effects, total


class FanovaImportanceEvaluator(DataImportanceEvaluator):
    """fANOVA main-effect importances from a random forest (scikit-learn's as the forest).

    ``n_trees`` trees of depth at most ``max_depth`` are fitted to the COMPLETE trials; the same
    ``seed`` gives the same importances. Each tree is fitted to a bootstrap sample of at most
    ``max_samples`` trials (all trials when there are fewer; ``None``: always all), which keeps
    a 10,000-trial study to a few seconds. Only main effects are rated (interactions are the
    rest of the variance), as in Hutter et al.'s parameter importance plots.
    """

    def __init__(
        self,
        *,
        n_trees: int = 64,
        max_depth: int = 64,
        seed: int | None = None,
        max_samples: int | None = 2000,
    ) -> None:
        check_int("n_trees", n_trees, minimum=1)
        check_int("max_depth", max_depth, minimum=1)
        if max_samples is not None and (
            isinstance(max_samples, bool) or not isinstance(max_samples, int) or max_samples < 2
        ):
            raise InvalidArgumentError(
                f"max_samples must be None or an int >= 2, got max_samples={max_samples!r}"
            )
        self.n_trees = n_trees
        self.max_depth = max_depth
        self.seed = seed
        self.max_samples = max_samples

    def evaluate_data(self, data: ImportanceData) -> dict[str, float]:
        out = dict.fromkeys(data.names, 0.0)
        out.update(dict.fromkeys(data.constant, 0.0))
        if not data.names or np.ptp(data.y) == 0.0:
            return out
        from sklearn.ensemble import RandomForestRegressor

        forest = RandomForestRegressor(
            n_estimators=self.n_trees,
            max_depth=self.max_depth,
            min_samples_split=2,
            min_samples_leaf=1,
            random_state=self.seed,
            n_jobs=1,
            max_samples=(
                self.max_samples
                if self.max_samples is not None and data.y.size > self.max_samples
                else None
            ),
        )
        forest.fit(data.x, data.y)
        sums = np.zeros(len(data.names))
        used = 0
        for est in forest.estimators_:
            effects, total = tree_main_effects(est.tree_, data.bounds)
            if total > 0.0:
                sums += effects / total
                used += 1
        if used:
            sums /= used
        for name, value in zip(data.names, sums):
            out[name] = float(value)
        return out
