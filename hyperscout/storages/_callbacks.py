"""Callbacks for trials failed by :func:`~hyperscout.storages.fail_stale_trials`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hyperscout._checks import check_int
from hyperscout._records import FAIL_REASON_KEY
from hyperscout.trial import FrozenTrial, TrialState, create_trial

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["RetryFailedTrialCallback", "RetryHeartbeatStaleTrialCallback"]

FAILED_TRIAL_KEY = "failed_trial"  # Optuna's keys, so retried trials read the same in both
RETRY_HISTORY_KEY = "retry_history"


class RetryFailedTrialCallback:
    """Run a trial whose worker died again, with the same parameters, up to ``max_retry`` times.

    Pass it as ``RDBStorage(..., heartbeat_interval=60, failed_trial_callback=
    RetryFailedTrialCallback(max_retry=2))``. For each trial failed because its heartbeat
    stopped, it enqueues a WAITING copy (the next trial a worker asks for): same parameters and
    user attributes, the failed trial's system attributes plus ``failed_trial`` (the number of the
    first trial of the series) and ``retry_history`` (the numbers of every earlier try, oldest
    first), and the intermediate values too if ``inherit_intermediate_values``. The failed trial's
    ``fail_reason`` is not copied: it describes that run, not the retry.

    A trial that was already retried ``max_retry`` times is not enqueued again (``None``: no limit).
    Each retry is run once: it can only be enqueued by the one worker that failed its trial.
    """

    def __init__(
        self, max_retry: int | None = None, inherit_intermediate_values: bool = False
    ) -> None:
        self._max_retry: int | None = check_int("max_retry", max_retry, minimum=0, allow_none=True)
        self._inherit_intermediate_values = bool(inherit_intermediate_values)

    def __call__(self, study: Study, trial: FrozenTrial) -> None:

        history = [*self.retry_history(trial), trial.number]
        if self._max_retry is not None and len(history) > self._max_retry:
            return
        system_attrs: dict[str, Any] = {
            k: v for k, v in trial.system_attrs.items() if k != FAIL_REASON_KEY
        }
        system_attrs[FAILED_TRIAL_KEY] = system_attrs.get(FAILED_TRIAL_KEY, trial.number)
        system_attrs[RETRY_HISTORY_KEY] = history
        study.add_trial(
            create_trial(
                state=TrialState.WAITING,
                params=trial.params,
                distributions=trial.distributions,
                user_attrs=trial.user_attrs,
                system_attrs=system_attrs,
                intermediate_values=(
                    trial.intermediate_values if self._inherit_intermediate_values else None
                ),
            )
        )

    @staticmethod
    def retried_trial_number(trial: FrozenTrial) -> int | None:
        """The number of the first trial of the retry series ``trial`` belongs to, or ``None``
        when ``trial`` is not a retry."""
        number = trial.system_attrs.get(FAILED_TRIAL_KEY)
        return None if number is None else int(number)

    @staticmethod
    def retry_history(trial: FrozenTrial) -> list[int]:
        """The numbers of the earlier tries of ``trial``, oldest first (the first one is
        :meth:`retried_trial_number`); ``[]`` when ``trial`` is not a retry."""
        return [int(n) for n in trial.system_attrs.get(RETRY_HISTORY_KEY, [])]


RetryHeartbeatStaleTrialCallback = RetryFailedTrialCallback
"""Optuna 4.9's name for :class:`RetryFailedTrialCallback`."""
