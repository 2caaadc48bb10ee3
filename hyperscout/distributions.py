"""Typed, validated, immutable search-space distributions.

Each distribution maps the values a user sees (the *external* representation) to a float (the
*internal* representation) that samplers and storages work with: floats and ints are themselves,
a categorical choice is its index. Every distribution round-trips through JSON
(:func:`distribution_to_json` / :func:`json_to_distribution`), which is how storages keep them.

Validation happens in the constructors, before any trial runs, and every message states the rule
and echoes the offending values.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any, TypeAlias

from hyperscout.exceptions import InvalidSpaceError

CategoricalChoiceType: TypeAlias = bool | int | float | str | None

__all__ = [
    "BaseDistribution",
    "CategoricalChoiceType",
    "CategoricalDistribution",
    "FloatDistribution",
    "IntDistribution",
    "check_distribution_compatibility",
    "distribution_to_json",
    "json_to_distribution",
]

# Relative tolerance used to decide whether ``step`` divides ``high - low`` for floats.
_STEP_RTOL = 1e-8


class BaseDistribution:
    """Common interface of all distributions."""

    def to_internal_repr(self, external: Any) -> float:
        raise NotImplementedError

    def to_external_repr(self, internal: float) -> Any:
        raise NotImplementedError

    def single(self) -> bool:
        """Whether the distribution has exactly one possible value."""
        raise NotImplementedError

    def _contains(self, internal: float) -> bool:
        raise NotImplementedError

    def _asdict(self) -> dict[str, Any]:
        raise NotImplementedError


def _check_real(name: str, value: Any, owner: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InvalidSpaceError(f"{owner}: {name} must be a real number, got {name}={value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise InvalidSpaceError(f"{owner}: {name} must be finite, got {name}={value!r}")
    return value


def _check_int(name: str, value: Any, owner: str) -> int:
    if isinstance(value, bool):
        raise InvalidSpaceError(f"{owner}: {name} must be an integer, got {name}={value!r}")
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real) and float(value).is_integer():
        return int(float(value))
    raise InvalidSpaceError(f"{owner}: {name} must be an integer, got {name}={value!r}")


@dataclass(frozen=True)
class FloatDistribution(BaseDistribution):
    """A real parameter in ``[low, high]``, optionally log-scaled or discretised by ``step``."""

    low: float
    high: float
    log: bool = False
    step: float | None = None

    def __post_init__(self) -> None:
        owner = "FloatDistribution"
        low = _check_real("low", self.low, owner)
        high = _check_real("high", self.high, owner)
        if low > high:
            raise InvalidSpaceError(
                f"low must be <= high, got low={self.low!r}, high={self.high!r}"
            )
        if self.log and low <= 0.0:
            raise InvalidSpaceError(
                f"low must be > 0 when log=True, got low={self.low!r}, high={self.high!r}"
            )
        step = self.step
        if step is not None:
            if self.log:
                raise InvalidSpaceError(
                    f"step and log=True cannot be combined, got step={step!r}, log=True"
                )
            step = _check_real("step", step, owner)
            if step <= 0:
                raise InvalidSpaceError(f"step must be > 0, got step={self.step!r}")
            n_steps = (high - low) / step
            if abs(n_steps - round(n_steps)) > _STEP_RTOL * max(1.0, abs(n_steps)):
                raise InvalidSpaceError(
                    "step must divide high - low, got "
                    f"low={self.low!r}, high={self.high!r}, step={self.step!r}"
                )
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        object.__setattr__(self, "log", bool(self.log))
        object.__setattr__(self, "step", step)

    def to_internal_repr(self, external: Any) -> float:
        try:
            value = float(external)
        except (TypeError, ValueError) as err:
            raise ValueError(
                f"a FloatDistribution value must be a number, got {external!r}"
            ) from err
        if math.isnan(value):
            raise ValueError(f"a FloatDistribution value must not be NaN, got {external!r}")
        return value

    def to_external_repr(self, internal: float) -> float:
        return float(internal)

    def single(self) -> bool:
        if self.step is None:
            return self.low == self.high
        return self.high - self.low < self.step

    def _contains(self, internal: float) -> bool:
        if not (self.low <= internal <= self.high):
            return False
        if self.step is None:
            return True
        k = (internal - self.low) / self.step
        return abs(k - round(k)) <= 1e-6

    def _asdict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "log": self.log, "step": self.step}


@dataclass(frozen=True)
class IntDistribution(BaseDistribution):
    """An integer parameter in ``[low, high]`` with a ``step`` (default 1), maybe log-scaled."""

    low: int
    high: int
    log: bool = False
    step: int = 1

    def __post_init__(self) -> None:
        owner = "IntDistribution"
        low = _check_int("low", self.low, owner)
        high = _check_int("high", self.high, owner)
        step = _check_int("step", self.step, owner)
        if low > high:
            raise InvalidSpaceError(
                f"low must be <= high, got low={self.low!r}, high={self.high!r}"
            )
        if self.log and low < 1:
            raise InvalidSpaceError(
                f"low must be >= 1 when log=True, got low={self.low!r}, high={self.high!r}"
            )
        if step < 1:
            raise InvalidSpaceError(f"step must be >= 1, got step={self.step!r}")
        if self.log and step != 1:
            raise InvalidSpaceError(
                f"step != 1 and log=True cannot be combined, got step={self.step!r}, log=True"
            )
        if (high - low) % step != 0:
            raise InvalidSpaceError(
                "step must divide high - low, got "
                f"low={self.low!r}, high={self.high!r}, step={self.step!r}"
            )
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        object.__setattr__(self, "step", step)
        object.__setattr__(self, "log", bool(self.log))

    def to_internal_repr(self, external: Any) -> float:
        try:
            value = float(external)
        except (TypeError, ValueError) as err:
            raise ValueError(
                f"an IntDistribution value must be a number, got {external!r}"
            ) from err
        if math.isnan(value):
            raise ValueError(f"an IntDistribution value must not be NaN, got {external!r}")
        return value

    def to_external_repr(self, internal: float) -> int:
        return int(round(internal))

    def single(self) -> bool:
        return self.high - self.low < self.step

    def _contains(self, internal: float) -> bool:
        if not (self.low <= internal <= self.high):
            return False
        return (int(round(internal)) - self.low) % self.step == 0

    def _asdict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "log": self.log, "step": self.step}


def _choice_key(value: Any) -> tuple[type, Any]:
    # 1, 1.0 and True compare equal in Python but are different choices for a user.
    return (type(value), value)


@dataclass(frozen=True)
class CategoricalDistribution(BaseDistribution):
    """A parameter taking one of ``choices`` (``None``, bool, int, float or str values)."""

    choices: tuple[CategoricalChoiceType, ...]
    _index: dict[tuple[type, Any], int] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        choices = self.choices
        if isinstance(choices, str | bytes) or not isinstance(choices, Sequence):
            raise InvalidSpaceError(
                f"choices must be a list or tuple of values, got choices={choices!r}"
            )
        choices = tuple(choices)
        if len(choices) == 0:
            raise InvalidSpaceError("choices must not be empty, got choices=()")
        index: dict[tuple[type, Any], int] = {}
        for i, choice in enumerate(choices):
            if choice is not None and not isinstance(choice, bool | int | float | str):
                raise InvalidSpaceError(
                    "each choice must be None, a bool, an int, a float or a str so it can be "
                    f"stored, got choices[{i}]={choice!r} of type {type(choice).__name__}"
                )
            if isinstance(choice, float) and math.isnan(choice):
                raise InvalidSpaceError(f"choices must not contain NaN, got choices={choices!r}")
            key = _choice_key(choice)
            if key in index:
                raise InvalidSpaceError(
                    f"choices must be distinct, got {choice!r} twice in choices={choices!r}"
                )
            index[key] = i
        object.__setattr__(self, "choices", choices)
        object.__setattr__(self, "_index", index)

    def to_internal_repr(self, external: Any) -> float:
        try:
            return float(self._index[_choice_key(external)])
        except (KeyError, TypeError):
            raise ValueError(
                f"value {external!r} is not one of the choices {self.choices!r}"
            ) from None

    def to_external_repr(self, internal: float) -> CategoricalChoiceType:
        return self.choices[int(internal)]

    def single(self) -> bool:
        return len(self.choices) == 1

    def _contains(self, internal: float) -> bool:
        return 0 <= internal < len(self.choices) and float(internal).is_integer()

    def _asdict(self) -> dict[str, Any]:
        return {"choices": list(self.choices)}


_CLASSES: dict[str, type[BaseDistribution]] = {
    "FloatDistribution": FloatDistribution,
    "IntDistribution": IntDistribution,
    "CategoricalDistribution": CategoricalDistribution,
}


def distribution_to_json(dist: BaseDistribution) -> str:
    """Serialise a distribution; :func:`json_to_distribution` is its inverse."""
    return json.dumps({"name": type(dist).__name__, "attributes": dist._asdict()})


def json_to_distribution(text: str) -> BaseDistribution:
    """Parse what :func:`distribution_to_json` wrote."""
    data = json.loads(text)
    name = data.get("name")
    if name not in _CLASSES:
        raise ValueError(f"unknown distribution name {name!r} in {text!r}")
    attrs = data["attributes"]
    if name == "CategoricalDistribution":
        return CategoricalDistribution(tuple(attrs["choices"]))
    return _CLASSES[name](**attrs)


def check_distribution_compatibility(old: BaseDistribution, new: BaseDistribution) -> None:
    """Raise if a parameter name is re-suggested with a distribution that cannot share its values.

    Float and int ranges may change between trials (define-by-run spaces are allowed to grow or
    shrink), but the kind of distribution, the log scale and the categorical choices may not.
    """
    if type(old) is not type(new):
        raise ValueError(
            "a parameter cannot change its kind of distribution, got "
            f"{type(old).__name__} before and {type(new).__name__} now"
        )
    if isinstance(old, CategoricalDistribution):
        assert isinstance(new, CategoricalDistribution)
        if old.choices != new.choices or [type(c) for c in old.choices] != [
            type(c) for c in new.choices
        ]:
            raise ValueError(
                "a categorical parameter cannot change its choices, got "
                f"{old.choices!r} before and {new.choices!r} now"
            )
        return
    assert isinstance(old, FloatDistribution | IntDistribution)
    assert isinstance(new, FloatDistribution | IntDistribution)
    if old.log != new.log:
        raise ValueError(
            f"a parameter cannot change log scale, got log={old.log} before and log={new.log} now"
        )
