"""Hyperband (Li et al., 2018) on top of asynchronous successive halving.

Hyperband runs several successive-halving *brackets* that trade early stopping for fewer
evaluated configurations: bracket ``b`` puts its first rung at ``min_resource * eta ** b``. Here a
trial's bracket is a pure function of the study name and the trial number (a CRC-32 hash spread
over the brackets in proportion to their Hyperband trial budgets), so every worker agrees on it
without shared memory, and a trial is compared only with the trials of its own bracket, found by
filtering ``study.get_trials()``. Nothing about brackets reaches ``Trial`` or the samplers.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from hyperscout._checks import check_int
from hyperscout.exceptions import InvalidArgumentError
from hyperscout.pruners._base import BasePruner
from hyperscout.pruners._successive_halving import asha_prune, first_completed
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["HyperbandPruner", "bracket_budgets", "bracket_of"]


def bracket_budgets(min_resource: int, max_resource: int, reduction_factor: int) -> list[int]:
    """Hyperband's trial budget of each bracket, most aggressive (bracket 0) first.

    There is one bracket per rung step ``min_resource * eta ** k <= max_resource``; with ``B``
    brackets, bracket ``b`` (``s = B - 1 - b`` halvings) gets ``ceil(B * eta ** s / (s + 1))``.
    """
    n_brackets = 1
    while min_resource * reduction_factor**n_brackets <= max_resource:
        n_brackets += 1
    budgets = []
    for b in range(n_brackets):
        s = n_brackets - 1 - b
        budgets.append(math.ceil(n_brackets * reduction_factor**s / (s + 1)))
    return budgets


@lru_cache(maxsize=65536)
def _bracket_of(study_name: str, number: int, budgets: tuple[int, ...]) -> int:
    slot = zlib.crc32(f"{study_name}_{number}".encode()) % sum(budgets)
    for bracket, budget in enumerate(budgets):
        if slot < budget:
            return bracket
        slot -= budget
    raise AssertionError("unreachable: slot < sum(budgets)")


def bracket_of(study_name: str, number: int, budgets: Sequence[int]) -> int:
    """The bracket of trial ``number`` of study ``study_name``: the same in every process."""
    return _bracket_of(study_name, number, tuple(budgets))


class HyperbandPruner(BasePruner):
    """Hyperband: ASHA brackets with staggered first rungs.

    - ``min_resource``: the step of the most aggressive bracket's first rung (``>= 1``).
    - ``max_resource``: the number of steps a trial runs when it is not pruned, or ``"auto"``:
      one more than the last step of the first trial to complete (no pruning before one
      has). It sets the number of brackets.
    - ``reduction_factor``: ``eta`` (``>= 2``).
    - ``bootstrap_count``: as in :class:`SuccessiveHalvingPruner`, per bracket.
    """

    def __init__(
        self,
        min_resource: int = 1,
        max_resource: str | int = "auto",
        reduction_factor: int = 3,
        bootstrap_count: int = 0,
    ) -> None:
        self._min_resource = check_int("min_resource", min_resource, minimum=1)
        if isinstance(max_resource, str):
            if max_resource != "auto":
                raise InvalidArgumentError(
                    f"max_resource must be 'auto' or an int >= min_resource, got "
                    f"max_resource={max_resource!r}"
                )
        else:
            check_int("max_resource", max_resource, minimum=1)
            if max_resource < min_resource:
                raise InvalidArgumentError(
                    f"max_resource must be >= min_resource, got max_resource={max_resource!r}, "
                    f"min_resource={min_resource!r}"
                )
        self._max_resource = max_resource
        self._reduction_factor = check_int("reduction_factor", reduction_factor, minimum=2)
        self._bootstrap_count = check_int("bootstrap_count", bootstrap_count, minimum=0)
        # Budgets per study once known; every worker derives the same ones from the storage.
        self._known: dict[tuple[int, int, str], list[int]] = {}

    def budgets(self, study: Study) -> list[int] | None:
        """The per-bracket trial budgets, or ``None`` while ``max_resource="auto"`` is unknown."""
        key = (id(study.storage), study.study_id, study.study_name)
        known = self._known.get(key)
        if known is not None:
            return known
        if self._max_resource == "auto":
            first = first_completed(
                study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
            )
            if first is None:
                return None
            assert first.last_step is not None
            max_resource = max(first.last_step + 1, self._min_resource)
        else:
            max_resource = int(self._max_resource)
        known = bracket_budgets(self._min_resource, max_resource, self._reduction_factor)
        self._known[key] = known
        return known

    def bracket(self, study: Study, trial: FrozenTrial) -> int | None:
        """The bracket of ``trial``, or ``None`` while the brackets are not known yet."""
        budgets = self.budgets(study)
        return None if budgets is None else bracket_of(study.study_name, trial.number, budgets)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        if trial.last_step is None:
            return False
        budgets = self.budgets(study)
        if budgets is None:
            return False
        name = study.study_name
        mine = bracket_of(name, trial.number, budgets)

        def bracket_trials() -> list[FrozenTrial]:
            trials = study.get_trials(deepcopy=False)
            return [t for t in trials if bracket_of(name, t.number, budgets) == mine]

        return asha_prune(
            study,
            trial,
            bracket_trials,
            min_resource=self._min_resource,
            reduction_factor=self._reduction_factor,
            min_early_stopping_rate=mine,
            bootstrap_count=self._bootstrap_count,
        )

    def __repr__(self) -> str:
        return (
            f"HyperbandPruner(min_resource={self._min_resource}, "
            f"max_resource={self._max_resource!r}, reduction_factor={self._reduction_factor}, "
            f"bootstrap_count={self._bootstrap_count})"
        )
