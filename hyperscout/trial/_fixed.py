"""A trial with given parameters, to run an objective once outside a study."""

from __future__ import annotations

import datetime
from typing import Any

from hyperscout import _warnings
from hyperscout.distributions import BaseDistribution, incompatibility
from hyperscout.exceptions import InvalidArgumentError
from hyperscout.trial._base import BaseTrial


class FixedTrial(BaseTrial):
    """Replays an objective with ``params`` (e.g. the best ones) — Optuna's ``FixedTrial``."""

    def __init__(self, params: dict[str, Any], number: int = 0) -> None:
        self._params = dict(params)
        self._suggested: dict[str, Any] = {}
        self._distributions: dict[str, BaseDistribution] = {}
        self._number = number
        self._user_attrs: dict[str, Any] = {}
        self._intermediate: dict[int, float] = {}
        self._system_attrs: dict[str, Any] = {}
        self._datetime_start = datetime.datetime.now()

    def _suggest(self, name: str, distribution: BaseDistribution) -> Any:
        if name not in self._params:
            raise InvalidArgumentError(
                f"parameter {name!r} is not among the fixed params {sorted(self._params)}"
            )
        if name in self._distributions:
            reason = incompatibility(self._distributions[name], distribution, repr(name))
            if reason is not None:
                raise InvalidArgumentError(reason)
        value = self._params[name]
        internal = distribution.to_internal_repr(value)
        if not distribution._contains(internal):
            # Optuna warns and replays the value as given; so do we.
            _warnings.warn(
                f"fixed value {value!r} of parameter {name!r} is not a value of {distribution!r}"
            )
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

    def set_system_attr(self, key: str, value: Any) -> None:
        self._system_attrs[key] = value

    @property
    def system_attrs(self) -> dict[str, Any]:
        return dict(self._system_attrs)

    @property
    def datetime_start(self) -> datetime.datetime:
        """When this object was made (Optuna's ``FixedTrial`` has it too)."""
        return self._datetime_start

    @property
    def number(self) -> int:
        return self._number
