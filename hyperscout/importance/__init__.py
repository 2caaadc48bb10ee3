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

from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.importance._base import (
    BaseImportanceEvaluator,
    DataImportanceEvaluator,
    rated_trials,
)
from hyperscout.importance._fanova import FanovaImportanceEvaluator
from hyperscout.importance._mean_decrease_impurity import MeanDecreaseImpurityImportanceEvaluator
from hyperscout.importance._ped_anova import PedAnovaImportanceEvaluator
from hyperscout.trial import FrozenTrial, TrialState

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
    distribution; given, the trials that have every one of ``params`` are rated (so a
    conditional parameter can be named). A study with no COMPLETE trial gives ``{}``, one with a
    single trial an equal share per parameter. With ``normalize=True`` the importances sum to
    1 (when the objective does not vary at all, every parameter gets the same share).
    ``evaluator`` defaults to ``FanovaImportanceEvaluator(seed=0)``, so repeated calls agree.

    Several objectives, as in Optuna 5: ``target=lambda t: t.values[i]`` rates objective ``i``
    with any evaluator. Without ``target``, fANOVA and mean decrease in impurity raise
    (they need one number per trial), and :class:`PedAnovaImportanceEvaluator` rates how much
    each parameter matters for reaching the Pareto front; so ``evaluator=None`` on such a study
    means ``PedAnovaImportanceEvaluator()``, Optuna 5's default.
    """
    if evaluator is None:
        if target is None and len(study.directions) > 1:
            evaluator = PedAnovaImportanceEvaluator()
        else:
            evaluator = FanovaImportanceEvaluator(seed=0)
    if not isinstance(evaluator, BaseImportanceEvaluator):
        raise InvalidTypeError(
            f"evaluator must be a BaseImportanceEvaluator, got {type(evaluator).__name__}"
        )
    pareto = not isinstance(evaluator, DataImportanceEvaluator) or evaluator.rates_pareto_front
    trials, _ = rated_trials(
        study, params, target, pareto=pareto, evaluator=type(evaluator).__name__
    )
    if params is not None and not trials:
        complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        known = {n for t in complete for n in t.distributions}
        missing = [p for p in params if p not in known]
        if complete and missing:
            raise InvalidArgumentError(
                f"parameter(s) {missing!r} are in no COMPLETE trial of study "
                f"{study.study_name!r}; parameters that can be rated: {sorted(known)!r}"
            )
    if len(trials) < 2:
        # As Optuna: nothing to rate ({}) without trials; with one, every parameter gets an
        # equal share, since one point cannot tell the parameters apart.
        if not trials:
            return {}
        names = list(params) if params is not None else list(trials[0].distributions)
        share = 1.0 / len(names) if normalize and names else 0.0
        return dict.fromkeys(names, share)
    raw = evaluator.evaluate(study, params=params, target=target)
    for name, value in raw.items():
        if not (math.isfinite(value) and value >= 0.0):
            raise InvalidArgumentError(
                f"{type(evaluator).__name__} returned an invalid importance for {name!r}: {value!r}"
            )
    if normalize:
        total = sum(raw.values())
        if total > 0.0:
            raw = {k: v / total for k, v in raw.items()}
        elif raw:
            raw = {k: 1.0 / len(raw) for k in raw}
    return dict(sorted(raw.items(), key=lambda kv: -kv[1]))
