"""Random search, with scikit-learn's two semantics.

- Parameters the objective suggests from a distribution are drawn independently, **with
  replacement** (``RandomSampler(seed)``, Optuna's behaviour).
- Given ``search_space`` where every entry is a list of values, points of the product of the
  lists are drawn **without replacement** until all have run, and the study then stops by itself
  (scikit-learn's ``ParameterSampler`` rule). As soon as one entry is a distribution, every draw is
  independent and with replacement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
    _float_step_count,
    _step_value,
)
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.samplers._base import BaseSampler, stream_seed
from hyperscout.samplers._finite import FiniteSpace

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["RandomSampler", "sample_uniform"]


def sample_uniform(rng: np.random.RandomState, dist: BaseDistribution) -> float:
    """One draw in the internal representation, uniform in the distribution's own scale."""
    if isinstance(dist, CategoricalDistribution):
        return float(rng.randint(len(dist.choices)))
    if isinstance(dist, FloatDistribution):
        if dist.log:
            return float(np.exp(rng.uniform(np.log(dist.low), np.log(dist.high))))
        if dist.step is not None:
            n = _float_step_count(dist.low, dist.high, dist.step)
            return _step_value(dist.low, dist.high, dist.step, int(rng.randint(n + 1)))
        return float(rng.uniform(dist.low, dist.high))
    if isinstance(dist, IntDistribution):
        if dist.log:
            # Uniform on the log of [low - 0.5, high + 0.5], then rounded: every integer gets
            # the share of the log axis that rounds to it.
            x = np.exp(rng.uniform(np.log(dist.low - 0.5), np.log(dist.high + 0.5)))
            return float(min(dist.high, max(dist.low, int(np.round(x)))))
        n = (dist.high - dist.low) // dist.step
        return float(dist.low + rng.randint(n + 1) * dist.step)
    raise InvalidTypeError(f"unknown distribution {dist!r}")


class RandomSampler(BaseSampler):
    """Random search. ``seed`` makes it deterministic, also in a fresh process."""

    def __init__(
        self,
        seed: int | None = None,
        *,
        search_space: Mapping[str, Sequence[Any] | BaseDistribution] | None = None,
    ) -> None:
        self._seed = seed
        self._rng = np.random.RandomState(seed)
        self._finite: FiniteSpace | None = None
        if search_space is not None:
            if not isinstance(search_space, Mapping) or len(search_space) == 0:
                raise InvalidArgumentError(
                    f"search_space must be a non-empty dict, got search_space={search_space!r}"
                )
            if all(not isinstance(v, BaseDistribution) for v in search_space.values()):
                # Every entry a list: sample the product without replacement.
                self._finite = FiniteSpace(search_space, seed, prefix="random")  # type: ignore[arg-type]
            else:
                for v in search_space.values():
                    if not isinstance(v, BaseDistribution):
                        CategoricalDistribution(tuple(v))  # validates the list early

    def reseed_rng(self, stream: int | None = None) -> None:
        self._rng = np.random.RandomState(stream_seed(self._seed, stream))
        if self._finite is not None:
            self._finite.reseed()

    def reserve_candidates(self, study: Study) -> list[tuple[str, dict[str, Any]]] | None:
        if self._finite is None:
            return None
        return self._finite.unclaimed(study.storage.get_claimed_keys(study.study_id))

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
        return param_distribution.to_external_repr(sample_uniform(self._rng, param_distribution))
