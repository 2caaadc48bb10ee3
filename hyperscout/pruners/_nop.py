from __future__ import annotations

from typing import TYPE_CHECKING

from hyperscout.pruners._base import BasePruner

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial


class NopPruner(BasePruner):
    """Never prunes."""

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        return False
