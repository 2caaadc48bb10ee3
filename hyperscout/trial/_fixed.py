"""A trial with given parameters, to run an objective once outside a study."""

from __future__ import annotations

from typing import Any

from hyperscout.distributions import BaseDistribution, check_distribution_compatibility
from hyperscout.trial._trial import BaseTrial


class FixedTrial(BaseTrial):
    """Replays an objective with ``params`` (e.g. the best ones) — Optuna's ``FixedTrial``."""

    def __init__(self, params: dict[str, Any], number: int = 0) -> None:
        self._params = dict(params)
        self._suggested: dict[str, Any] = {}
        self._distributions: dict[str, BaseDistribution] = {}
        self._number = number
        self._user_attrs: dict[str, Any] = {}
        self._intermediate: dict[int, float] = {}

    def _suggest(self, name: str, distribution: BaseDistribution) -> Any:
        if name not in self._params:
            raise ValueError(
                f"parameter {name!r} is not among the fixed params {sorted(self._params)}"
            )
        if name in self._distributions:
            check_distribution_compatibility(self._distributions[name], distribution)
        value = self._params[name]
        internal = distribution.to_internal_repr(value)
        if not distribution._contains(internal):
            raise ValueError(f"fixed value {value!r} of {name!r} is outside {distribution!r}")
        self._distributions[name] = distribution
        self._suggested[name] = value
        return value

    def report(self, value: float, step: int) -> None:
        self._intermediate[int(step)] = float(value)

    def should_prune(self) -> bool:
        return False

    def set_user_attr(self, key: str, value: Any) -> None:
        self._user_attrs[key] = value

    @property
    def params(self) -> dict[str, Any]:
        return dict(self._suggested)

    @property
    def distributions(self) -> dict[str, BaseDistribution]:
        return dict(self._distributions)

    @property
    def user_attrs(self) -> dict[str, Any]:
        return dict(self._user_attrs)

    @property
    def number(self) -> int:
        return self._number
