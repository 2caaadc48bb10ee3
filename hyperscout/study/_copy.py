"""Copying a study between storages, and a callback that caps a study's trials."""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING

from hyperscout._checks import check_int
from hyperscout.study._study import create_study, load_study
from hyperscout.trial import FrozenTrial, TrialState

if TYPE_CHECKING:
    from hyperscout.storages import BaseStorage
    from hyperscout.study._study import Study

__all__ = ["MaxTrialsCallback", "copy_study"]


def copy_study(
    *,
    from_study_name: str,
    from_storage: str | BaseStorage,
    to_storage: str | BaseStorage,
    to_study_name: str | None = None,
) -> None:
    """Copy a study, its attributes and all its trials (any state) into ``to_storage`` under
    ``to_study_name`` (default: the same name), which must not exist there yet (Optuna's
    ``copy_study``). Trial numbers follow the source order; trial ids are the target's."""
    source = load_study(study_name=from_study_name, storage=from_storage)
    target = create_study(
        study_name=to_study_name if to_study_name is not None else from_study_name,
        storage=to_storage,
        directions=source.directions,
    )
    for key, value in source.system_attrs.items():
        target.set_system_attr(key, value)
    for key, value in source.user_attrs.items():
        target.set_user_attr(key, value)
    target.add_trials(source.get_trials(deepcopy=False))


class MaxTrialsCallback:
    """Stop :meth:`Study.optimize` once the study has ``n_trials`` trials in ``states``
    (default: COMPLETE; ``None`` counts every trial), counting trials from every worker and
    earlier runs (Optuna's ``MaxTrialsCallback``)."""

    def __init__(
        self, n_trials: int, states: Container[TrialState] | None = (TrialState.COMPLETE,)
    ) -> None:
        self._n_trials: int = check_int("n_trials", n_trials, minimum=0)
        self._states = states

    def __call__(self, study: Study, trial: FrozenTrial) -> None:
        if len(study.get_trials(deepcopy=False, states=self._states)) >= self._n_trials:
            study.stop()
