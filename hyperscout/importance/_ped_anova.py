"""PED-ANOVA: importance as a Pearson divergence between 1-D densities (Watanabe et al., 2023).

For a quantile ``gamma'`` (``target_quantile``) inside a region quantile ``gamma``
(``region_quantile``), the importance of parameter ``d`` is
``(gamma' / gamma)^2 * D_PE(p_d^{gamma'} || p_d^{gamma})`` with the Pearson divergence
``D_PE(p || q) = integral q(x) (p(x) / q(x) - 1)^2 dx``: how differently the best trials are
spread along ``d`` compared with the region. ``p_d^gamma`` is a 1-D kernel density of the
region's trials (or the uniform density when ``evaluate_on_local=False``); a parameter whose
good values are spread like all values is unimportant. Deterministic: no randomness at all.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from hyperscout.exceptions import InvalidArgumentError
from hyperscout.importance._base import DataImportanceEvaluator, ImportanceData

if TYPE_CHECKING:
    pass

__all__ = ["PedAnovaImportanceEvaluator"]

_N_GRID = 128


def _density(
    values: np.ndarray, lo: float, hi: float, n_choices: int, grid: np.ndarray
) -> np.ndarray:
    """A density over ``grid`` (summing to 1): smoothed frequencies for a categorical, a
    Gaussian kernel density (Scott's bandwidth, at least 1% of the range) otherwise."""
    if n_choices > 0:
        counts = np.bincount(np.rint(values).astype(int), minlength=n_choices).astype(float)
        p = counts + 1.0 / n_choices  # a small prior so an unseen choice has some mass
        return p / p.sum()
    span = hi - lo
    n = values.size
    std = float(np.std(values)) if n > 1 else span
    bw = max(1.06 * std * n ** (-0.2), 0.01 * span)
    z = (grid[:, None] - values[None, :]) / bw
    p = np.exp(-0.5 * z * z).sum(axis=1)
    return p / p.sum()


class PedAnovaImportanceEvaluator(DataImportanceEvaluator):
    """PED-ANOVA importances of the top ``target_quantile`` of trials within the top
    ``region_quantile`` (1.0: all COMPLETE trials).

    A multi-objective study without ``target`` is rated, as in Optuna 5, on how much each
    parameter matters for reaching the Pareto front: the trials are ordered by non-domination
    rank (ties in trial order, where Optuna breaks them by hypervolume contribution).
    """

    rates_pareto_front = True

    def __init__(
        self,
        *,
        target_quantile: float = 0.1,
        region_quantile: float = 1.0,
        evaluate_on_local: bool = True,
    ) -> None:
        if not 0.0 < target_quantile < region_quantile <= 1.0:
            raise InvalidArgumentError(
                "quantiles must satisfy 0 < target_quantile < region_quantile <= 1, got "
                f"target_quantile={target_quantile!r}, region_quantile={region_quantile!r}"
            )
        self.target_quantile = target_quantile
        self.region_quantile = region_quantile
        self.evaluate_on_local = evaluate_on_local

    def evaluate_data(self, data: ImportanceData) -> dict[str, float]:
        out = dict.fromkeys(data.names, 0.0)
        out.update(dict.fromkeys(data.constant, 0.0))
        n = data.y.size
        order = np.argsort(data.y if data.direction == "minimize" else -data.y, kind="stable")
        n_region = max(2, math.ceil(self.region_quantile * n))
        n_top = min(max(1, math.ceil(self.target_quantile * n)), n_region - 1)
        top, region = order[:n_top], order[:n_region]
        ratio = (n_top / n_region) ** 2
        for j, name in enumerate(data.names):
            lo, hi = data.bounds[j]
            k = int(data.n_choices[j])
            grid = np.arange(k, dtype=float) if k > 0 else np.linspace(lo, hi, _N_GRID)
            col = data.x[:, j]
            p_top = _density(col[top], lo, hi, k, grid)
            if self.evaluate_on_local:
                p_region = _density(col[region], lo, hi, k, grid)
            else:
                p_region = np.full(grid.size, 1.0 / grid.size)
            out[name] = float(ratio * np.sum(p_region * (p_top / p_region - 1.0) ** 2))
        return out
