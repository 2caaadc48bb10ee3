"""Fix some parameters to given values and let another sampler choose the rest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hyperscout import _warnings
from hyperscout.distributions import BaseDistribution
from hyperscout.exceptions import InvalidTypeError
from hyperscout.samplers._base import BaseSampler, reseed_sampler

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial, TrialState

__all__ = ["PartialFixedSampler"]


class PartialFixedSampler(BaseSampler):
    """Every trial takes ``fixed_params`` as given; ``base_sampler`` proposes the others
    (Optuna's ``PartialFixedSampler``). A fixed value outside the suggested distribution is
    used with a warning."""

    def __init__(self, fixed_params: Mapping[str, Any], base_sampler: BaseSampler) -> None:
        if not isinstance(fixed_params, Mapping):
            raise InvalidTypeError(
                f"fixed_params must be a dict, got fixed_params={fixed_params!r}"
            )
        if not isinstance(base_sampler, BaseSampler):
            raise InvalidTypeError(
                f"base_sampler must be a sampler, got base_sampler={base_sampler!r}"
            )
        self._fixed_params = dict(fixed_params)
        self._base_sampler = base_sampler

    def reseed_rng(self, stream: int | None = None) -> None:
        reseed_sampler(self._base_sampler, stream)

    def reserve_candidates(self, study: Study) -> list[tuple[str, dict[str, Any]]] | None:
        candidates = self._base_sampler.reserve_candidates(study)
        if candidates is None:
            return None
        # A grid point's values are fixed on the trial and would win over ours: drop ours.
        return [
            (key, {n: v for n, v in params.items() if n not in self._fixed_params})
            for key, params in candidates
        ]

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        self._base_sampler.before_trial(study, trial)

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        space = self._base_sampler.infer_relative_search_space(study, trial)
        return {n: d for n, d in space.items() if n not in self._fixed_params}

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        return self._base_sampler.sample_relative(study, trial, search_space)

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        if param_name not in self._fixed_params:
            return self._base_sampler.sample_independent(
                study, trial, param_name, param_distribution
            )
        value = self._fixed_params[param_name]
        internal = param_distribution.to_internal_repr(value)
        if not param_distribution._contains(internal):
            _warnings.warn(
                f"fixed value {value!r} of parameter {param_name!r} is not a value of "
                f"{param_distribution!r}; it is used as given"
            )
        return param_distribution.to_external_repr(internal)

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        self._base_sampler.after_trial(study, trial, state, values)
