"""A storage in the process's memory: the fastest, lost when the process ends."""

from __future__ import annotations

import copy
import datetime
import threading
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hyperscout._records import StudyDirection
from hyperscout.distributions import BaseDistribution, check_distribution_compatibility
from hyperscout.exceptions import (
    DuplicatedClaimError,
    DuplicatedStudyError,
    StudyNotFoundError,
    TrialNotFoundError,
)
from hyperscout.storages._base import BaseStorage, FrozenStudy
from hyperscout.storages._common import (
    check_json_value,
    check_name_length,
    check_state_transition,
    check_values_for_directions,
    is_better,
    new_study_name,
)
from hyperscout.trial import FrozenTrial, TrialState

__all__ = ["InMemoryStorage"]


@dataclass
class _StudyRecord:
    name: str
    directions: list[StudyDirection]
    user_attrs: dict[str, Any] = field(default_factory=dict)
    system_attrs: dict[str, Any] = field(default_factory=dict)
    trials: list[FrozenTrial] = field(default_factory=list)
    param_distributions: dict[str, BaseDistribution] = field(default_factory=dict)
    claims: set[str] = field(default_factory=set)
    waiting: dict[int, None] = field(default_factory=dict)  # ordered set of WAITING trial ids
    best_index: int | None = None  # index in ``trials`` of the best COMPLETE trial (1 objective)

    def note_finished(self, index: int) -> None:
        trial = self.trials[index]
        if trial.state != TrialState.COMPLETE or trial.values is None or len(self.directions) > 1:
            return
        if self.best_index is None:
            self.best_index = index
            return
        best = self.trials[self.best_index].values
        assert best is not None
        if is_better(trial.values[0], best[0], self.directions[0]):
            self.best_index = index
    created: datetime.datetime = field(default_factory=datetime.datetime.now)


class InMemoryStorage(BaseStorage):
    """Keeps everything in dictionaries guarded by one lock (safe for ``n_jobs`` threads)."""

    def __init__(self) -> None:
        self._studies: dict[int, _StudyRecord] = {}
        self._name_to_id: dict[str, int] = {}
        # trial_id -> (study_id, index in the study's list)
        self._trial_index: dict[int, tuple[int, int]] = {}
        self._next_study_id = 0
        self._next_trial_id = 0
        self._lock = threading.RLock()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()

    # --- studies -------------------------------------------------------------------------------
    def create_new_study(
        self, directions: Sequence[StudyDirection], study_name: str | None = None
    ) -> int:
        if study_name is not None:
            check_name_length("study name", study_name)
        with self._lock:
            if study_name is None:
                study_name = new_study_name()
            if study_name in self._name_to_id:
                raise DuplicatedStudyError(
                    f"a study named {study_name!r} already exists; pass load_if_exists=True to "
                    "resume it, or choose another study_name"
                )
            study_id = self._next_study_id
            self._next_study_id += 1
            self._studies[study_id] = _StudyRecord(name=study_name, directions=list(directions))
            self._name_to_id[study_name] = study_id
            return study_id

    def _study(self, study_id: int) -> _StudyRecord:
        try:
            return self._studies[study_id]
        except KeyError:
            raise StudyNotFoundError(f"no study with id {study_id}") from None

    def delete_study(self, study_id: int) -> None:
        with self._lock:
            record = self._study(study_id)
            for trial in record.trials:
                del self._trial_index[trial.trial_id]
            del self._name_to_id[record.name]
            del self._studies[study_id]

    def set_study_user_attr(self, study_id: int, key: str, value: Any) -> None:
        check_json_value(key, value)
        with self._lock:
            self._study(study_id).user_attrs[key] = _copy(value)

    def set_study_system_attr(self, study_id: int, key: str, value: Any) -> None:
        check_json_value(key, value)
        with self._lock:
            self._study(study_id).system_attrs[key] = _copy(value)

    def set_study_system_attr_if_absent(self, study_id: int, key: str, value: Any) -> Any:
        check_json_value(key, value)
        with self._lock:
            attrs = self._study(study_id).system_attrs
            if key not in attrs:
                attrs[key] = _copy(value)
            return _copy(attrs[key])

    def get_study_id_from_name(self, study_name: str) -> int:
        with self._lock:
            if study_name not in self._name_to_id:
                raise StudyNotFoundError(f"no study named {study_name!r} in this storage")
            return self._name_to_id[study_name]

    def get_study_name_from_id(self, study_id: int) -> str:
        with self._lock:
            return self._study(study_id).name

    def get_study_directions(self, study_id: int) -> list[StudyDirection]:
        with self._lock:
            return list(self._study(study_id).directions)

    def get_study_user_attrs(self, study_id: int) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._study(study_id).user_attrs)

    def get_study_system_attrs(self, study_id: int) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._study(study_id).system_attrs)

    def get_all_studies(self) -> list[FrozenStudy]:
        with self._lock:
            return [
                FrozenStudy(
                    study_id=sid,
                    study_name=r.name,
                    directions=tuple(r.directions),
                    user_attrs=copy.deepcopy(r.user_attrs),
                    system_attrs=copy.deepcopy(r.system_attrs),
                    datetime_start=r.trials[0].datetime_start if r.trials else None,
                )
                for sid, r in self._studies.items()
            ]

    # --- trials --------------------------------------------------------------------------------
    def create_new_trial(
        self,
        study_id: int,
        template_trial: FrozenTrial | None = None,
        *,
        claim_key: str | None = None,
    ) -> int:
        if template_trial is not None:
            for name in template_trial.params:
                check_name_length("parameter name", name)
            for key in (*template_trial.user_attrs, *template_trial.system_attrs):
                check_name_length("attribute key", key)
        with self._lock:
            record = self._study(study_id)
            if claim_key is not None:
                if claim_key in record.claims:
                    raise DuplicatedClaimError(f"claim {claim_key!r} is already taken")
                record.claims.add(claim_key)
            trial_id = self._next_trial_id
            self._next_trial_id += 1
            number = len(record.trials)
            if template_trial is None:
                trial = FrozenTrial(
                    number=number,
                    state=TrialState.RUNNING,
                    values=None,
                    datetime_start=datetime.datetime.now(),
                    datetime_complete=None,
                    params={},
                    distributions={},
                    trial_id=trial_id,
                )
            else:
                for name, dist in template_trial.distributions.items():
                    self._check_distribution(record, name, dist)
                trial = template_trial._evolve(number=number, trial_id=trial_id)
            if claim_key is not None:
                trial = trial._evolve(
                    system_attrs={**trial.system_attrs, "hyperscout:claim": claim_key}
                )
            record.trials.append(trial)
            record.note_finished(number)
            if trial.state == TrialState.WAITING:
                record.waiting[trial_id] = None
            self._trial_index[trial_id] = (study_id, number)
            return trial_id

    def get_best_trial(self, study_id: int) -> FrozenTrial | None:
        with self._lock:
            record = self._study(study_id)
            return None if record.best_index is None else record.trials[record.best_index]

    def get_waiting_trial_ids(self, study_id: int) -> list[int]:
        with self._lock:
            return list(self._study(study_id).waiting)

    def get_claimed_keys(self, study_id: int) -> set[str]:
        with self._lock:
            return set(self._study(study_id).claims)

    def _locate(self, trial_id: int) -> tuple[_StudyRecord, int]:
        try:
            study_id, index = self._trial_index[trial_id]
        except KeyError:
            raise TrialNotFoundError(f"no trial with id {trial_id}") from None
        return self._studies[study_id], index

    def _updatable(self, trial_id: int) -> tuple[_StudyRecord, int, FrozenTrial]:
        record, index = self._locate(trial_id)
        trial = record.trials[index]
        self.check_trial_is_updatable(trial_id, trial.state)
        return record, index, trial

    @staticmethod
    def _check_distribution(record: _StudyRecord, name: str, dist: BaseDistribution) -> None:
        known = record.param_distributions.get(name)
        if known is None:
            record.param_distributions[name] = dist
        else:
            check_distribution_compatibility(known, dist)

    def set_trial_param(
        self, trial_id: int, param_name: str, internal_value: float, distribution: BaseDistribution
    ) -> None:
        check_name_length("parameter name", param_name)
        with self._lock:
            record, index, trial = self._updatable(trial_id)
            self._check_distribution(record, param_name, distribution)
            record.trials[index] = trial._evolve(
                params={
                    **trial.params,
                    param_name: distribution.to_external_repr(internal_value),
                },
                distributions={**trial.distributions, param_name: distribution},
                internal_params={**trial.internal_params, param_name: float(internal_value)},
            )

    def set_trial_state_values(
        self,
        trial_id: int,
        state: TrialState,
        values: Sequence[float] | None = None,
        *,
        system_attrs: Mapping[str, Any] | None = None,
    ) -> bool:
        with self._lock:
            record, index, trial = self._updatable(trial_id)
            if not check_state_transition(trial.state, state):
                return False
            record.waiting.pop(trial_id, None)
            check_values_for_directions(values, record.directions)
            changes: dict[str, Any] = {"state": state}
            if values is not None:
                changes["values"] = tuple(float(v) for v in values)
            if system_attrs:
                for key, value in system_attrs.items():
                    check_json_value(key, value)
                changes["system_attrs"] = {
                    **trial.system_attrs,
                    **{k: _copy(v) for k, v in system_attrs.items()},
                }
            now = datetime.datetime.now()
            if state == TrialState.RUNNING:
                changes["datetime_start"] = now
            if state.is_finished():
                changes["datetime_complete"] = now
            record.trials[index] = trial._evolve(**changes)
            record.note_finished(index)
            return True

    def set_trial_intermediate_value(self, trial_id: int, step: int, value: float) -> None:
        with self._lock:
            record, index, trial = self._updatable(trial_id)
            record.trials[index] = trial._evolve(
                intermediate_values={**trial.intermediate_values, step: float(value)}
            )

    def set_trial_user_attr(self, trial_id: int, key: str, value: Any) -> None:
        check_json_value(key, value)
        with self._lock:
            record, index, trial = self._updatable(trial_id)
            record.trials[index] = trial._evolve(user_attrs={**trial.user_attrs, key: _copy(value)})

    def set_trial_system_attr(self, trial_id: int, key: str, value: Any) -> None:
        check_json_value(key, value)
        with self._lock:
            record, index, trial = self._updatable(trial_id)
            record.trials[index] = trial._evolve(
                system_attrs={**trial.system_attrs, key: _copy(value)}
            )

    def get_trial(self, trial_id: int) -> FrozenTrial:
        with self._lock:
            record, index = self._locate(trial_id)
            return record.trials[index]

    def get_all_trials(
        self,
        study_id: int,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
    ) -> list[FrozenTrial]:
        with self._lock:
            trials = self._study(study_id).trials
            if states is None:
                return list(trials)
            return [t for t in trials if t.state in states]

    def get_trial_id_from_study_id_trial_number(self, study_id: int, trial_number: int) -> int:
        with self._lock:
            trials = self._study(study_id).trials
            if not 0 <= trial_number < len(trials):
                raise TrialNotFoundError(
                    f"no trial number {trial_number} in study {study_id} (it has {len(trials)})"
                )
            return trials[trial_number].trial_id


def _copy(value: Any) -> Any:
    """Stored attributes must not change when the caller later mutates its object."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return copy.deepcopy(value)
