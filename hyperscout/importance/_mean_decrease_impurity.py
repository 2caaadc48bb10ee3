"""Mean decrease in impurity of a random forest (Breiman, 2001): a fast, rough importance."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from hyperscout._checks import check_int
from hyperscout.importance._base import DataImportanceEvaluator, ImportanceData

if TYPE_CHECKING:
    pass

__all__ = ["MeanDecreaseImpurityImportanceEvaluator"]


class MeanDecreaseImpurityImportanceEvaluator(DataImportanceEvaluator):
    """How much the forest's splits on each parameter reduce the squared error, on average.

    Biased towards parameters with many distinct values; prefer fANOVA when it matters.
    """

    def __init__(self, *, n_trees: int = 64, max_depth: int = 64, seed: int | None = None) -> None:
        check_int("n_trees", n_trees, minimum=1)
        check_int("max_depth", max_depth, minimum=1)
        self.n_trees = n_trees
        self.max_depth = max_depth
        self.seed = seed

    def evaluate_data(self, data: ImportanceData) -> dict[str, float]:
        out = dict.fromkeys(data.names, 0.0)
        out.update(dict.fromkeys(data.constant, 0.0))
        if not data.names or np.ptp(data.y) == 0.0:
            return out
        from sklearn.ensemble import RandomForestRegressor

        forest = RandomForestRegressor(
            n_estimators=self.n_trees, max_depth=self.max_depth, random_state=self.seed, n_jobs=1
        )
        forest.fit(data.x, data.y)
        for name, value in zip(data.names, forest.feature_importances_):
            out[name] = float(value)
        return out
