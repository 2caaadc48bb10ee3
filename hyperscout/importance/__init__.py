"""Parameter importances: which hyperparameters explain the variation of the objective.

``get_param_importances(study)`` follows Optuna's function of the same name. The default
evaluator is fANOVA over a random forest (:class:`FanovaImportanceEvaluator`); PED-ANOVA
(:class:`PedAnovaImportanceEvaluator`) is a fast, forest-free alternative for large studies, and
:class:`MeanDecreaseImpurityImportanceEvaluator` the forest's own impurity-based importances.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from hyperscout.importance._base import BaseImportanceEvaluator
from hyperscout.importance._fanova import FanovaImportanceEvaluator
from hyperscout.importance._mean_decrease_impurity import MeanDecreaseImpurityImportanceEvaluator
from hyperscout.importance._ped_anova import PedAnovaImportanceEvaluator
from hyperscout.trial import FrozenTrial

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "BaseImportanceEvaluator",
    "FanovaImportanceEvaluator",
    "MeanDecreaseImpurityImportanceEvaluator",
    "PedAnovaImportanceEvaluator",
    "get_param_importances",
]


def get_param_importances(
    study: Study,
    *,
    evaluator: BaseImportanceEvaluator | None = None,
    params: list[str] | None = None,
    target: Callable[[FrozenTrial], float] | None = None,
    normalize: bool = True,
) -> dict[str, float]:
    """Importance of each parameter, most important first.

    ``params`` defaults to every parameter that all COMPLETE trials suggested with the same
    distribution. With ``normalize=True`` the importances sum to 1 (when the objective does not
    vary at all, every parameter gets the same share). ``evaluator`` defaults to
    ``FanovaImportanceEvaluator(seed=0)``, so repeated calls agree.
    """
    if evaluator is None:
        evaluator = FanovaImportanceEvaluator(seed=0)
    if not isinstance(evaluator, BaseImportanceEvaluator):
        raise TypeError(
            f"evaluator must be a BaseImportanceEvaluator, got {type(evaluator).__name__}"
        )
    raw = evaluator.evaluate(study, params=params, target=target)
    for name, value in raw.items():
        if not (math.isfinite(value) and value >= 0.0):
            raise ValueError(
                f"{type(evaluator).__name__} returned an invalid importance for {name!r}: {value!r}"
            )
    if normalize:
        total = sum(raw.values())
        if total > 0.0:
            raw = {k: v / total for k, v in raw.items()}
        elif raw:
            raw = {k: 1.0 / len(raw) for k in raw}
    return dict(sorted(raw.items(), key=lambda kv: -kv[1]))
