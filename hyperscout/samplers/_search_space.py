"""The search space shared by all finished trials so far, updated incrementally."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hyperscout.distributions import BaseDistribution
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study

_FINISHED = (TrialState.COMPLETE, TrialState.PRUNED)


class IntersectionSearchSpace:
    """Parameters (with identical distributions) present in every COMPLETE/PRUNED trial.

    Finished trials never change, so only trials not seen before are looked at on each call.
    """

    def __init__(self) -> None:
        self._space: dict[str, BaseDistribution] | None = None
        self._seen: set[int] = set()
        self._study_id: int | None = None

    def calculate(self, study: Study) -> dict[str, BaseDistribution]:
        if self._study_id != study.study_id:
            self._space, self._seen, self._study_id = None, set(), study.study_id
        for trial in study.get_trials(deepcopy=False, states=_FINISHED):
            if trial.trial_id in self._seen:
                continue
            self._seen.add(trial.trial_id)
            if self._space is None:
                self._space = dict(trial.distributions)
                continue
            self._space = {
                name: dist
                for name, dist in self._space.items()
                if trial.distributions.get(name) == dist
            }
        return dict(sorted((self._space or {}).items()))
