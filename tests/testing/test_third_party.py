"""A third party's own sampler and pruner, checked with the exported contract suites, and proof
that the suites can fail."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.pruners import BasePruner
from hyperscout.samplers import BaseSampler
from hyperscout.study import Study
from hyperscout.testing import PrunerContract, SamplerContract
from hyperscout.trial import FrozenTrial


class CoinSampler(BaseSampler):
    """A third party's sampler: independent draws from its own generator, no relative model."""

    def __init__(self, seed: int | None = None) -> None:
        self._rng = np.random.default_rng(seed)

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        return {}

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        return {}

    def sample_independent(
        self, study: Study, trial: FrozenTrial, name: str, distribution: BaseDistribution
    ) -> Any:
        if isinstance(distribution, CategoricalDistribution):
            return distribution.choices[int(self._rng.integers(len(distribution.choices)))]
        assert isinstance(distribution, FloatDistribution | IntDistribution)
        low, high = distribution.low, distribution.high
        if distribution.log:
            value = float(np.exp(self._rng.uniform(np.log(low), np.log(high))))
        else:
            value = float(self._rng.uniform(low, high))
        step = distribution.step
        if step is not None:
            value = low + round((value - low) / step) * step
        value = min(max(value, low), high)
        return int(round(value)) if isinstance(distribution, IntDistribution) else value


class UnseededSampler(CoinSampler):
    """Breaks the contract: ignores its seed."""

    def __init__(self, seed: int | None = None) -> None:
        super().__init__(None)


class LastStepPruner(BasePruner):
    """A third party's pruner: prunes when the latest report is above 1.5."""

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        step = trial.last_step
        return step is not None and trial.intermediate_values[step] > 1.5


class TestCoinSampler(SamplerContract):
    def make_sampler(self, seed: int | None) -> BaseSampler:
        return CoinSampler(seed)


class TestLastStepPruner(PrunerContract):
    def make_pruner(self) -> BasePruner:
        return LastStepPruner()


def test_the_sampler_contract_catches_a_sampler_that_ignores_its_seed() -> None:
    class Broken(SamplerContract):
        def make_sampler(self, seed: int | None) -> BaseSampler:
            return UnseededSampler(seed)

    with pytest.raises(AssertionError):
        Broken().test_same_seed_same_sequence_different_seed_different()


def test_the_pruner_contract_catches_a_pruner_that_answers_no_bool() -> None:
    class Sloppy(BasePruner):
        def prune(self, study: Study, trial: FrozenTrial) -> bool:
            return 1  # type: ignore[return-value]

    class Broken(PrunerContract):
        def make_pruner(self) -> BasePruner:
            return Sloppy()

    with pytest.raises(AssertionError, match="bool"):
        Broken().test_the_same_history_gives_the_same_decisions()
