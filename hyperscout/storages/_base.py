"""The storage seam.

A storage keeps studies and their trials. Every method is one atomic step: a crash between two
calls leaves the storage consistent, and what a call stored survives the crash.

Rules every storage follows (and the contract tests in ``tests/storages`` check):

- Trial numbers within a study are ``0, 1, 2, ...`` in creation order, without gaps or repeats,
  also with several processes creating trials at once.
- ``create_new_trial(..., claim_key=k)`` creates the trial only if no trial of the study holds
  claim ``k``; otherwise it raises :class:`~hyperscout.exceptions.DuplicatedClaimError`.
- ``set_study_system_attr_if_absent(id, k, v)`` stores ``v`` only if the study has no system
  attribute ``k`` yet, and returns the value stored under ``k`` after the call: of several
  processes racing to set ``k``, exactly one value is stored and every caller gets that one.
- A finished trial (COMPLETE, PRUNED, FAIL) never changes again: updates raise
  :class:`~hyperscout.exceptions.UpdateFinishedTrialError`.
- ``set_trial_state_values(id, RUNNING)`` on a WAITING trial succeeds for exactly one caller
  (it returns ``False`` to the others); that is how enqueued trials are handed out.
- A parameter name keeps a compatible distribution across the trials of a study.

Heartbeats (crash recovery; optional, off by default):

- ``get_heartbeat_interval()`` returns ``None`` when the storage does not record heartbeats
  (the default, and :class:`~hyperscout.storages.InMemoryStorage`: a crash loses it anyway).
  Otherwise :meth:`Study.optimize` calls, for every trial it runs:

  1. :func:`~hyperscout.storages.fail_stale_trials` before asking for the trial; it calls
     ``_get_stale_trial_ids(study_id)`` (RUNNING trials with a heartbeat older than the grace
     period; never trials without any heartbeat), fails each with
     ``set_trial_state_values(id, FAIL)`` (so of two racing workers exactly one succeeds, the
     other gets ``UpdateFinishedTrialError``), then ``get_failed_trial_callback()(study,
     trial)`` for each trial this worker failed;
  2. ``record_heartbeat(trial_id)`` from a background thread, at once and then every interval
     while the objective runs; the thread is stopped and joined when the objective ends (before
     the trial's result is stored), however it ends.
"""

from __future__ import annotations

import abc
import datetime
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hyperscout._records import StudyDirection
from hyperscout.distributions import BaseDistribution
from hyperscout.exceptions import ParamNotFoundError
from hyperscout.trial import FrozenTrial, TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["BaseStorage", "FrozenStudy"]


@dataclass(frozen=True)
class FrozenStudy:
    """A study's record: what ``get_all_studies`` lists."""

    study_id: int
    study_name: str
    directions: tuple[StudyDirection, ...]
    user_attrs: Mapping[str, Any] = field(default_factory=dict)
    system_attrs: Mapping[str, Any] = field(default_factory=dict)
    datetime_start: datetime.datetime | None = None


class BaseStorage(abc.ABC):
    # --- studies -------------------------------------------------------------------------------
    @abc.abstractmethod
    def create_new_study(
        self, directions: Sequence[StudyDirection], study_name: str | None = None
    ) -> int: ...

    @abc.abstractmethod
    def delete_study(self, study_id: int) -> None: ...

    @abc.abstractmethod
    def set_study_user_attr(self, study_id: int, key: str, value: Any) -> None: ...

    @abc.abstractmethod
    def set_study_system_attr(self, study_id: int, key: str, value: Any) -> None: ...

    @abc.abstractmethod
    def set_study_system_attr_if_absent(self, study_id: int, key: str, value: Any) -> Any:
        """Store ``value`` under ``key`` unless the study already has a system attribute
        ``key``, in one atomic step, and return the value stored under ``key`` after the call
        (``value`` itself, as stored, or the earlier one)."""

    @abc.abstractmethod
    def get_study_id_from_name(self, study_name: str) -> int: ...

    @abc.abstractmethod
    def get_study_name_from_id(self, study_id: int) -> str: ...

    @abc.abstractmethod
    def get_study_directions(self, study_id: int) -> list[StudyDirection]: ...

    @abc.abstractmethod
    def get_study_user_attrs(self, study_id: int) -> dict[str, Any]: ...

    @abc.abstractmethod
    def get_study_system_attrs(self, study_id: int) -> dict[str, Any]: ...

    @abc.abstractmethod
    def get_all_studies(self) -> list[FrozenStudy]: ...

    # --- trials --------------------------------------------------------------------------------
    @abc.abstractmethod
    def create_new_trial(
        self,
        study_id: int,
        template_trial: FrozenTrial | None = None,
        *,
        claim_key: str | None = None,
    ) -> int:
        """Create a trial (RUNNING, or as ``template_trial`` says) and return its id."""

    @abc.abstractmethod
    def get_claimed_keys(self, study_id: int) -> set[str]: ...

    @abc.abstractmethod
    def set_trial_param(
        self, trial_id: int, param_name: str, internal_value: float, distribution: BaseDistribution
    ) -> None: ...

    @abc.abstractmethod
    def set_trial_state_values(
        self,
        trial_id: int,
        state: TrialState,
        values: Sequence[float] | None = None,
        *,
        system_attrs: Mapping[str, Any] | None = None,
    ) -> bool:
        """Set the state (and values and system attributes) in one atomic step."""

    @abc.abstractmethod
    def set_trial_intermediate_value(self, trial_id: int, step: int, value: float) -> None: ...

    @abc.abstractmethod
    def set_trial_user_attr(self, trial_id: int, key: str, value: Any) -> None: ...

    @abc.abstractmethod
    def set_trial_system_attr(self, trial_id: int, key: str, value: Any) -> None: ...

    @abc.abstractmethod
    def get_trial(self, trial_id: int) -> FrozenTrial: ...

    @abc.abstractmethod
    def get_all_trials(
        self,
        study_id: int,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
    ) -> list[FrozenTrial]:
        """All trials of a study, in number order. Records are immutable; ``deepcopy`` is
        accepted for Optuna compatibility and changes nothing."""

    # --- derived, overridable for speed --------------------------------------------------------
    def get_n_trials(self, study_id: int, states: Container[TrialState] | None = None) -> int:
        return len(self.get_all_trials(study_id, deepcopy=False, states=states))

    def get_trial_id_from_study_id_trial_number(self, study_id: int, trial_number: int) -> int:
        trials = self.get_all_trials(study_id, deepcopy=False)
        if not 0 <= trial_number < len(trials):
            from hyperscout.exceptions import TrialNotFoundError

            raise TrialNotFoundError(
                f"no trial number {trial_number} in study {study_id} (it has {len(trials)})"
            )
        return trials[trial_number].trial_id

    def get_best_trial(self, study_id: int) -> FrozenTrial | None:
        """The COMPLETE trial with the best value of a single-objective study (the earliest among
        equals), or ``None``. Called after every finished trial (for the log line), so storages
        override it to avoid a scan over all trials."""
        from hyperscout.storages._common import best_of

        directions = self.get_study_directions(study_id)
        complete = self.get_all_trials(study_id, deepcopy=False, states=(TrialState.COMPLETE,))
        return best_of(complete, directions[0])

    def get_waiting_trial_ids(self, study_id: int) -> list[int]:
        """Ids of the study's WAITING (enqueued) trials, oldest first."""
        return [
            t.trial_id
            for t in self.get_all_trials(study_id, deepcopy=False, states=(TrialState.WAITING,))
        ]

    def get_trial_number_from_id(self, trial_id: int) -> int:
        return self.get_trial(trial_id).number

    def get_trial_params(self, trial_id: int) -> dict[str, Any]:
        return dict(self.get_trial(trial_id).params)

    def get_trial_param(self, trial_id: int, param_name: str) -> float:
        """The internal representation of a parameter of a trial (a categorical's index), as
        Optuna's storages return it; ``KeyError`` if the trial has no such parameter."""
        trial = self.get_trial(trial_id)
        if param_name not in trial.internal_params:
            raise ParamNotFoundError(
                f"trial {trial.number} has no parameter {param_name!r}; it has "
                f"{sorted(trial.internal_params)}"
            )
        return float(trial.internal_params[param_name])

    def get_trial_user_attrs(self, trial_id: int) -> dict[str, Any]:
        return dict(self.get_trial(trial_id).user_attrs)

    def get_trial_system_attrs(self, trial_id: int) -> dict[str, Any]:
        return dict(self.get_trial(trial_id).system_attrs)

    def check_trial_is_updatable(self, trial_id: int, state: TrialState) -> None:
        if state.is_finished():
            from hyperscout.exceptions import UpdateFinishedTrialError

            number = self.get_trial_number_from_id(trial_id)
            raise UpdateFinishedTrialError(
                f"trial {number} is already finished with state {state.name} and cannot change"
            )

    # --- heartbeats (see the module docstring); off unless a storage overrides them -------------
    def get_heartbeat_interval(self) -> float | None:
        """Seconds between two heartbeats of a running trial, or ``None``: no heartbeats."""
        return None

    def record_heartbeat(self, trial_id: int) -> None:
        """Store "trial ``trial_id`` is alive now" (only called when the interval is set)."""
        raise NotImplementedError(f"{type(self).__name__} does not record heartbeats")

    def _get_stale_trial_ids(self, study_id: int) -> list[int]:
        """RUNNING trials whose last heartbeat is older than the grace period."""
        return []

    def get_failed_trial_callback(self) -> Callable[[Study, FrozenTrial], None] | None:
        """Called with each trial that :func:`~hyperscout.storages.fail_stale_trials` failed."""
        return None

    def get_heartbeat_stale_trial_callback(self) -> Callable[[Study, FrozenTrial], None] | None:
        """Optuna 4.9's name for :meth:`get_failed_trial_callback`."""
        return self.get_failed_trial_callback()

    def close(self) -> None:  # noqa: B027 - a hook
        """Release connections; the storage may not be used afterwards."""
