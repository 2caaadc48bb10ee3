"""The pruner seam: one method.

``prune(study, trial)`` is called by ``Trial.should_prune()`` with the running trial's record
(its ``intermediate_values`` include every ``report`` so far). It returns whether the trial should
stop. Pruners read other trials only through ``study.get_trials(deepcopy=False, states=...)`` and
``study.direction``; they keep no state that a second worker on the same storage would not see,
so pruning is the same with one worker or many.
"""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["BasePruner"]


class BasePruner(abc.ABC):
    @abc.abstractmethod
    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        raise NotImplementedError
