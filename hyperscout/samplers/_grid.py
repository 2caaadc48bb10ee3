"""Exhaustive grid search: every point of the grid runs exactly once, then the study stops."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hyperscout.distributions import BaseDistribution
from hyperscout.exceptions import InvalidArgumentError
from hyperscout.samplers._base import BaseSampler
from hyperscout.samplers._finite import FiniteSpace

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["GridSampler"]


class GridSampler(BaseSampler):
    """Runs each point of ``search_space`` (a dict of value lists) once, in a seeded random order.

    Several workers on one storage share the grid: each point is claimed atomically when its
    trial is created, so no point runs twice and none is skipped. A point whose trial failed is
    not retried (enqueue it to run it again).
    """

    def __init__(self, search_space: Mapping[str, Sequence[Any]], seed: int | None = None) -> None:
        self._space = FiniteSpace(search_space, seed, prefix="grid")

    @property
    def n_points(self) -> int:
        return self._space.size

    def is_exhausted(self, study: Study) -> bool:
        """Whether every point of the grid has a trial in ``study`` (running or finished)."""
        claimed = study.storage.get_claimed_keys(study.study_id)
        return len(self._space.claimed_indices(claimed)) >= self._space.size

    def reseed_rng(self, stream: int | None = None) -> None:
        # A seeded grid keeps its order in every worker: the workers claim its points in turn.
        self._space.reseed()

    def reserve_candidates(self, study: Study) -> list[tuple[str, dict[str, Any]]] | None:
        return self._space.unclaimed(study.storage.get_claimed_keys(study.study_id))

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        return {}

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        return {}

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        raise InvalidArgumentError(
            f"parameter {param_name!r} is not in the grid; the grid has "
            f"{self._space.names}. Add it to GridSampler's search_space."
        )
