"""XGBoost: a training callback that reports an evaluation metric every boosting round."""

from __future__ import annotations

from typing import Any

from hyperscout.exceptions import InvalidArgumentError, MissingDependencyError, TrialPruned
from hyperscout.integration._patience import Patience
from hyperscout.study._direction import StudyDirection
from hyperscout.trial._trial import BaseTrial

__all__ = ["XGBoostPruningCallback"]

try:
    from xgboost.callback import TrainingCallback as _Base

    _HAVE_XGBOOST = True
except ImportError:  # the class still imports; constructing it explains what to install
    _Base = object  # type: ignore[assignment,misc]
    _HAVE_XGBOOST = False


class XGBoostPruningCallback(_Base):
    """Report ``observation_key`` after each boosting round and prune on request.

    Pass it in ``callbacks=[...]`` to ``xgboost.train``/``xgboost.cv``, or to the constructor of
    an ``XGBClassifier``/``XGBRegressor``. The round index (0-based) is the step.

    - ``trial``: the running trial.
    - ``observation_key``: ``"<evaluation set>-<metric>"`` as XGBoost logs it, e.g.
      ``"validation-logloss"`` for ``evals=[(dvalid, "validation")]`` or
      ``"validation_0-logloss"`` for the first ``eval_set`` of the scikit-learn API.
    - ``patience``: optional plain early stopping: stop boosting (the trial completes; the
      booster's ``best_iteration`` is set) after this many rounds without improvement in
      the study's direction.
    - ``min_delta``: the least change that counts as an improvement for ``patience``.
    """

    def __init__(
        self,
        trial: BaseTrial,
        observation_key: str,
        *,
        patience: int | None = None,
        min_delta: float = 0.0,
    ) -> None:
        if not _HAVE_XGBOOST:
            raise MissingDependencyError(
                'XGBoostPruningCallback needs XGBoost: pip install "hyperscout[xgboost]"'
            )
        super().__init__()
        if not isinstance(observation_key, str) or "-" not in observation_key:
            raise InvalidArgumentError(
                "observation_key must be '<evaluation set>-<metric>' such as "
                f"'validation-logloss', got observation_key={observation_key!r}"
            )
        self._trial = trial
        self._key = observation_key
        study = getattr(trial, "study", None)
        maximize = study is not None and study.directions == [StudyDirection.MAXIMIZE]
        self._patience = Patience(patience, min_delta, maximize=maximize)

    def _value(self, evals_log: Any) -> float:
        for data, metrics in evals_log.items():
            prefix = f"{data}-"
            if self._key.startswith(prefix) and self._key[len(prefix) :] in metrics:
                last = metrics[self._key[len(prefix) :]][-1]
                # xgboost.cv logs (mean, std) pairs.
                return float(last[0] if isinstance(last, tuple) else last)
        logged = [f"{d}-{m}" for d, ms in evals_log.items() for m in ms]
        raise InvalidArgumentError(
            f"XGBoost logged no {self._key!r}; it logged {logged!r}: pass one of these as "
            "observation_key, and an evaluation set in evals/eval_set"
        )

    def after_iteration(self, model: Any, epoch: int, evals_log: Any) -> bool:
        value = self._value(evals_log)
        self._trial.report(value, epoch)
        if self._trial.should_prune():
            raise TrialPruned(f"pruned at boosting round {epoch} ({self._key}={value:.6g})")
        if self._patience.update(epoch, value):
            if hasattr(model, "set_attr"):  # a Booster (xgboost.cv passes a list of them)
                model.set_attr(
                    best_iteration=str(self._patience.best_step),
                    best_score=str(self._patience.best_value),
                )
            return True
        return False
