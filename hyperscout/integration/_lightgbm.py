"""LightGBM: a callback that reports a validation metric every boosting round."""

from __future__ import annotations

from typing import Any

from hyperscout._checks import check_int
from hyperscout.exceptions import (
    InvalidArgumentError,
    InvalidTypeError,
    MissingDependencyError,
    TrialPruned,
)
from hyperscout.integration._patience import Patience
from hyperscout.study._direction import StudyDirection
from hyperscout.trial._trial import BaseTrial

__all__ = ["LightGBMPruningCallback"]

_TRAIN_NAMES = ("training", "train")


def _import_lightgbm() -> Any:
    try:
        import lightgbm
    except ImportError as exc:
        raise MissingDependencyError(
            'LightGBMPruningCallback needs LightGBM: pip install "hyperscout[lightgbm]"'
        ) from exc
    return lightgbm


class LightGBMPruningCallback:
    """Report ``metric`` on ``valid_name`` after each boosting round and prune on request.

    Pass it in ``callbacks=[...]`` to ``lightgbm.train``, ``lightgbm.cv`` or ``LGBMModel.fit``.
    The round index (0-based) is the step.

    - ``trial``: the running trial.
    - ``metric``: the metric name as LightGBM logs it (e.g. ``"binary_logloss"``, ``"auc"``).
    - ``valid_name``: the validation set's name (``"valid_0"`` by default in ``train``/``fit``,
      ``"valid"`` in ``cv``); ``None`` takes the first set that is not the training set.
    - ``report_interval``: report and check every this many rounds.
    - ``patience``: optional plain early stopping: stop boosting (the trial completes, the
      booster's ``best_iteration`` is set) after this many rounds without improvement.
    - ``min_delta``: the least change that counts as an improvement for ``patience``.
    """

    order = 30  # LightGBM sorts callbacks by ``order``; after its own evaluation logging.

    def __init__(
        self,
        trial: BaseTrial,
        metric: str,
        valid_name: str | None = None,
        report_interval: int = 1,
        *,
        patience: int | None = None,
        min_delta: float = 0.0,
    ) -> None:
        self._lgb = _import_lightgbm()
        if not isinstance(metric, str) or not metric:
            raise InvalidTypeError(f"metric must be a non-empty str, got metric={metric!r}")
        if valid_name is not None and not isinstance(valid_name, str):
            raise InvalidTypeError(
                f"valid_name must be a str or None, got valid_name={valid_name!r}"
            )
        self._trial = trial
        self._metric = metric
        self._valid_name = valid_name
        self._report_interval = check_int("report_interval", report_interval, minimum=1)
        self._patience_args = (patience, min_delta)
        self._patience: Patience | None = None
        Patience(patience, min_delta, maximize=False)  # validate now, not at the first round

    def _find(self, results: list[Any]) -> tuple[float, bool]:
        names = [(r[0], r[1]) for r in results]
        for r in results:
            data, metric = r[0], r[1]
            if metric != self._metric:
                continue
            if self._valid_name is None and data in _TRAIN_NAMES:
                continue
            if self._valid_name is not None and data != self._valid_name:
                continue
            return float(r[2]), bool(r[3])
        want = self._valid_name if self._valid_name is not None else "a validation set"
        raise InvalidArgumentError(
            f"LightGBM logged no metric {self._metric!r} on {want}; it logged "
            f"(dataset, metric) pairs {names!r}: pass metric= and valid_name= from these, and a "
            "validation set in valid_sets/eval_set"
        )

    def __call__(self, env: Any) -> None:
        results = env.evaluation_result_list
        if not results:
            raise InvalidArgumentError(
                "LightGBM evaluated no validation set: give valid_sets= to lightgbm.train or "
                "eval_set= to fit, so LightGBMPruningCallback has a metric to report"
            )
        step = int(env.iteration)
        if (step - env.begin_iteration + 1) % self._report_interval != 0:
            return
        value, higher_is_better = self._find(results)
        if self._patience is None:
            self._check_direction(higher_is_better)
            self._patience = Patience(*self._patience_args, maximize=higher_is_better)
        self._trial.report(value, step)
        if self._trial.should_prune():
            raise TrialPruned(f"pruned at boosting round {step} ({self._metric}={value:.6g})")
        if self._patience.update(step, value, list(results)):
            assert self._patience.best_step is not None
            raise self._lgb.callback.EarlyStopException(
                self._patience.best_step, self._patience.best_info
            )

    def _check_direction(self, higher_is_better: bool) -> None:
        study = getattr(self._trial, "study", None)
        if study is None or len(study.directions) != 1:
            return
        maximize = study.direction == StudyDirection.MAXIMIZE
        if maximize != higher_is_better:
            raise InvalidArgumentError(
                f"metric {self._metric!r} is {'higher' if higher_is_better else 'lower'}-is-"
                f"better but the study direction is {study.direction.name.lower()}: create the "
                f"study with direction={'maximize' if higher_is_better else 'minimize'!r}"
            )
