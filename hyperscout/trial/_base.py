"""What every trial offers an objective: the ``suggest_*`` calls, ``report``, attributes."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import Any, overload

from hyperscout.distributions import (
    BaseDistribution,
    CategoricalChoiceType,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.exceptions import InvalidTypeError

__all__ = ["BaseTrial"]


class BaseTrial(abc.ABC):
    """What an objective may call: :class:`Trial` during a study, :class:`FixedTrial` to replay."""

    @abc.abstractmethod
    def _suggest(self, name: str, distribution: BaseDistribution) -> Any: ...

    def suggest_float(
        self, name: str, low: float, high: float, *, step: float | None = None, log: bool = False
    ) -> float:
        return float(self._suggest(name, FloatDistribution(low, high, log=log, step=step)))

    def suggest_uniform(self, name: str, low: float, high: float) -> float:
        return self.suggest_float(name, low, high)

    def suggest_loguniform(self, name: str, low: float, high: float) -> float:
        return self.suggest_float(name, low, high, log=True)

    def suggest_discrete_uniform(self, name: str, low: float, high: float, q: float) -> float:
        return self.suggest_float(name, low, high, step=q)

    def suggest_int(
        self, name: str, low: int, high: int, *, step: int = 1, log: bool = False
    ) -> int:
        return int(self._suggest(name, IntDistribution(low, high, log=log, step=step)))

    @overload
    def suggest_categorical(self, name: str, choices: Sequence[None]) -> None: ...
    @overload
    def suggest_categorical(self, name: str, choices: Sequence[bool]) -> bool: ...
    @overload
    def suggest_categorical(self, name: str, choices: Sequence[int]) -> int: ...
    @overload
    def suggest_categorical(self, name: str, choices: Sequence[float]) -> float: ...
    @overload
    def suggest_categorical(self, name: str, choices: Sequence[str]) -> str: ...
    @overload
    def suggest_categorical(
        self, name: str, choices: Sequence[CategoricalChoiceType]
    ) -> CategoricalChoiceType: ...

    def suggest_categorical(
        self, name: str, choices: Sequence[CategoricalChoiceType]
    ) -> CategoricalChoiceType:
        return self._suggest(name, CategoricalDistribution(tuple(choices)))  # type: ignore[no-any-return,unused-ignore]

    @abc.abstractmethod
    def report(self, value: float, step: int) -> None: ...

    @abc.abstractmethod
    def should_prune(self) -> bool: ...

    @abc.abstractmethod
    def set_user_attr(self, key: str, value: Any) -> None: ...

    # Every trial also has ``params`` (dict of name to value) and ``number`` (int): a property
    # of the live and fixed trials, a plain attribute of a FrozenTrial record.
    params: Any
    number: Any


def _check_name(name: Any) -> None:
    if not isinstance(name, str) or not name:
        raise InvalidTypeError(f"a parameter name must be a non-empty str, got {name!r}")
