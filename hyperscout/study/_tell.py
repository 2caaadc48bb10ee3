"""Finishing a trial: validate values, let the sampler see the result, write it in one step."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hyperscout import _warnings
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError, UpdateFinishedTrialError
from hyperscout.logging import get_logger
from hyperscout.study._values import check_objective_values
from hyperscout.trial import FrozenTrial, Trial, TrialState

if TYPE_CHECKING:
    from hyperscout.study._study import Study

_logger = get_logger("hyperscout.study")


def _trial_id_of(study: Study, trial: Trial | int) -> tuple[int, Trial | None]:
    if isinstance(trial, Trial):
        if trial.study._study_id != study._study_id:
            raise InvalidArgumentError("this trial belongs to another study")
        return trial._trial_id, trial
    if isinstance(trial, bool) or not isinstance(trial, int):
        raise InvalidTypeError(f"tell takes a Trial or a trial number, got {trial!r}")
    return study._storage.get_trial_id_from_study_id_trial_number(study._study_id, trial), None


def tell(
    study: Study,
    trial: Trial | int,
    values: float | Sequence[float] | None,
    state: TrialState | None,
    skip_if_finished: bool,
    *,
    system_attrs: dict[str, Any] | None = None,
) -> FrozenTrial:
    trial_id, _ = _trial_id_of(study, trial)
    frozen = study._storage.get_trial(trial_id)
    if frozen.state.is_finished():
        if skip_if_finished:
            _logger.info(f"Trial {frozen.number} is already finished; tell skipped.")
            return frozen
        raise UpdateFinishedTrialError(
            f"trial {frozen.number} is already finished with state {frozen.state.name}"
        )
    if state is None:
        if values is None:
            raise InvalidArgumentError(
                "tell needs values, or a state (PRUNED or FAIL), got neither"
            )
        state = TrialState.COMPLETE
    if state not in (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL):
        raise InvalidArgumentError(f"tell takes COMPLETE, PRUNED or FAIL, got state={state!r}")

    attrs = dict(system_attrs or {})
    final: tuple[float, ...] | None = None
    if state == TrialState.COMPLETE:
        if values is None:
            raise InvalidArgumentError("a COMPLETE trial needs values, got values=None")
        checked, problem = check_objective_values(values, len(study.directions))
        if problem is not None:
            # As Optuna does: the trial fails with a warning, rather than staying RUNNING.
            _warnings.warn(f"trial {frozen.number} failed: {problem}")
            state = TrialState.FAIL
            attrs.setdefault("fail_reason", problem)
        else:
            final = checked
    elif state == TrialState.PRUNED:
        if values is not None:
            raise InvalidArgumentError(
                "a PRUNED trial takes no values; they come from its last report"
            )
        last = frozen.last_step
        if last is not None and len(study.directions) == 1:
            v = frozen.intermediate_values[last]
            if math.isfinite(v):
                final = (v,)
    elif values is not None:
        raise InvalidArgumentError(f"a FAIL trial takes no values, got values={values!r}")

    study.sampler.after_trial(study, frozen, state, final)
    study._storage.set_trial_state_values(trial_id, state, final, system_attrs=attrs or None)
    result = study._storage.get_trial(trial_id)
    _log_finished(study, result)
    return result


def _log_finished(study: Study, trial: FrozenTrial) -> None:
    if not _logger.isEnabledFor(20):
        return
    if trial.state == TrialState.COMPLETE:
        if len(study.directions) == 1:
            try:
                best = study.best_trial
                best_text = f" Best is trial {best.number} with value: {best.value}."
            except ValueError:
                best_text = ""
            _logger.info(
                f"Trial {trial.number} finished with value: {trial.value} and parameters: "
                f"{dict(trial.params)}.{best_text}"
            )
        else:
            _logger.info(
                f"Trial {trial.number} finished with values: {list(trial.values or ())} and "
                f"parameters: {dict(trial.params)}."
            )
    elif trial.state == TrialState.PRUNED:
        _logger.info(f"Trial {trial.number} pruned.")
    else:
        reason = trial.system_attrs.get("fail_reason", "")
        _logger.warning(
            f"Trial {trial.number} failed with parameters: {dict(trial.params)} because of: "
            f"{reason}"
        )
