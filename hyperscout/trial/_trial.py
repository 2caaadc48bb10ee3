"""The live trial handle passed to an objective; every call writes through to the storage."""

from __future__ import annotations

import time
from numbers import Real
from typing import TYPE_CHECKING, Any

from hyperscout import _warnings
from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
    incompatibility,
)
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.trial._base import BaseTrial, _check_name
from hyperscout.trial._frozen import FrozenTrial

if TYPE_CHECKING:
    import datetime

    from hyperscout.study import Study

__all__ = ["BaseTrial", "Trial"]

FIXED_PARAMS_KEY = "fixed_params"  # Optuna's key for enqueued parameters; kept for interchange.


class Trial(BaseTrial):
    """A running trial of a :class:`~hyperscout.study.Study`.

    Created by ``Study.ask`` (or the optimize loop); not constructed by users.
    """

    def __init__(self, study: Study, trial_id: int, frozen: FrozenTrial | None = None) -> None:
        self.study = study
        self._trial_id = trial_id
        self._storage = study.storage
        self._cached = frozen if frozen is not None else self._storage.get_trial(trial_id)
        fixed = self._cached.system_attrs.get(FIXED_PARAMS_KEY)
        self._fixed_params: dict[str, Any] = dict(fixed) if fixed else {}
        self._relative_space: dict[str, BaseDistribution] | None = None
        self._relative_params: dict[str, Any] = {}
        # Seconds this trial spent in the sampler and in storage writes, for the time profile.
        self._sampler_seconds = 0.0
        self._storage_seconds = 0.0

    # --- suggestions ---------------------------------------------------------------------------
    def _init_relative(self) -> None:
        sampler = self.study.sampler
        start = time.perf_counter()
        space = sampler.infer_relative_search_space(self.study, self._cached)
        # Called even for an empty space, as Optuna does (a sampler may count on the call).
        self._relative_params = sampler.sample_relative(self.study, self._cached, space)
        self._relative_space = space
        self._sampler_seconds += time.perf_counter() - start

    def _suggest(self, name: str, distribution: BaseDistribution) -> Any:
        _check_name(name)
        cached = self._cached
        if name in cached.distributions:
            return _repeated(name, cached.distributions[name], distribution, cached.params[name])

        if name in self._fixed_params:
            external = self._fixed_params[name]
            internal = distribution.to_internal_repr(external)
            if not distribution._contains(internal):
                _warnings.warn(
                    f"fixed value {external!r} of parameter {name!r} is not a value of "
                    f"{distribution!r}; the trial uses "
                    f"{distribution.to_external_repr(internal)!r}"
                )
        elif distribution.single():
            internal = self._single_value(distribution)
        else:
            if self._relative_space is None:
                self._init_relative()
            assert self._relative_space is not None
            relative_dist = self._relative_space.get(name)
            if (
                name in self._relative_params
                and relative_dist is not None
                and (_same_space(relative_dist, distribution))
            ):
                internal = distribution.to_internal_repr(self._relative_params[name])
            else:
                start = time.perf_counter()
                external = self.study.sampler.sample_independent(
                    self.study, cached, name, distribution
                )
                self._sampler_seconds += time.perf_counter() - start
                internal = distribution.to_internal_repr(external)

        start = time.perf_counter()
        try:
            self._storage.set_trial_param(self._trial_id, name, internal, distribution)
        except ValueError as err:
            # The storage compares with earlier trials; name the parameter in its message.
            text = str(err)
            if text.startswith("the parameter "):
                raise InvalidArgumentError(f"{name!r}{text[len('the parameter') :]}") from None
            raise
        self._storage_seconds += time.perf_counter() - start
        external_value = distribution.to_external_repr(internal)
        self._cached = cached._evolve(
            params={**cached.params, name: external_value},
            distributions={**cached.distributions, name: distribution},
            internal_params={**cached.internal_params, name: float(internal)},
        )
        return external_value

    @staticmethod
    def _single_value(distribution: BaseDistribution) -> float:
        if isinstance(distribution, CategoricalDistribution):
            return 0.0
        assert isinstance(distribution, FloatDistribution | IntDistribution)
        return float(distribution.low)

    # --- reports and pruning -------------------------------------------------------------------
    def report(self, value: float, step: int) -> None:
        """Record an intermediate objective value at ``step`` (for pruning and learning curves)."""
        if len(self.study.directions) > 1:
            raise NotImplementedError(
                "Trial.report is not supported for multi-objective studies "
                f"({len(self.study.directions)} objectives)"
            )
        if isinstance(value, bool) or not isinstance(value, Real):
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise InvalidTypeError(
                    f"report value must be a number, got value={value!r}"
                ) from None
        if isinstance(step, bool) or not isinstance(step, Real) or step != int(step):
            raise InvalidTypeError(f"report step must be an int, got step={step!r}")
        step = int(step)
        if step < 0:
            raise InvalidArgumentError(f"report step must be >= 0, got step={step}")
        if step in self._cached.intermediate_values:
            _warnings.warn(
                f"step {step} of trial {self.number} was already reported; the new value "
                f"{value!r} is ignored"
            )
            return
        value = float(value)
        start = time.perf_counter()
        self._storage.set_trial_intermediate_value(self._trial_id, step, value)
        self._storage_seconds += time.perf_counter() - start
        self._cached = _with(
            self._cached,
            intermediate_values={**self._cached.intermediate_values, step: value},
        )

    def should_prune(self) -> bool:
        """Ask the study's pruner whether to stop now; raise ``TrialPruned`` if it says yes."""
        if len(self.study.directions) > 1:
            raise NotImplementedError("pruning is not supported for multi-objective studies")
        return bool(self.study.pruner.prune(self.study, self._cached))

    # --- attributes ----------------------------------------------------------------------------
    def set_user_attr(self, key: str, value: Any) -> None:
        self._storage.set_trial_user_attr(self._trial_id, key, value)
        self._cached = _with(self._cached, user_attrs={**self._cached.user_attrs, key: value})

    def set_system_attr(self, key: str, value: Any) -> None:
        self._storage.set_trial_system_attr(self._trial_id, key, value)
        self._cached = _with(self._cached, system_attrs={**self._cached.system_attrs, key: value})

    @property
    def params(self) -> dict[str, Any]:
        return dict(self._cached.params)

    @property
    def distributions(self) -> dict[str, BaseDistribution]:
        return dict(self._cached.distributions)

    @property
    def user_attrs(self) -> dict[str, Any]:
        return dict(self._cached.user_attrs)

    @property
    def system_attrs(self) -> dict[str, Any]:
        return dict(self._cached.system_attrs)

    @property
    def datetime_start(self) -> datetime.datetime | None:
        return self._cached.datetime_start

    @property
    def number(self) -> int:
        return self._cached.number

    @property
    def relative_params(self) -> dict[str, Any]:
        if self._relative_space is None:
            self._init_relative()
        return dict(self._relative_params)

    def _frozen(self) -> FrozenTrial:
        return self._cached


def _repeated(
    name: str, known: BaseDistribution, distribution: BaseDistribution, value: Any
) -> Any:
    """A name suggested again in the same trial: same kind, same value; a changed range warns."""
    reason = incompatibility(known, distribution, repr(name))
    if reason is not None:
        raise InvalidArgumentError(reason)
    if known != distribution:
        _warnings.warn(
            f"parameter {name!r} was suggested again in this trial with {distribution!r}, "
            f"first with {known!r}; the first value {value!r} is returned",
            RuntimeWarning,
        )
    return value


def _same_space(a: BaseDistribution, b: BaseDistribution) -> bool:
    return a == b


def _with(trial: FrozenTrial, **changes: Any) -> FrozenTrial:
    return trial._evolve(**changes)
