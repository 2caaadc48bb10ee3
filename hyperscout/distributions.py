"""Typed, validated, immutable search-space distributions.

Each distribution maps the values a user sees (the *external* representation) to a float (the
*internal* representation) that samplers and storages work with: floats and ints are themselves,
a categorical choice is its index. Every distribution round-trips through JSON
(:func:`distribution_to_json` / :func:`json_to_distribution`), which is how storages keep them.

Validation happens in the constructors, before any trial runs, and every message states the rule
and echoes the offending values.
"""

from __future__ import annotations

import decimal
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any, TypeAlias

from hyperscout import _warnings
from hyperscout.exceptions import InvalidArgumentError, InvalidSpaceError

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

# Relative tolerance used to decide whether ``step`` divides ``high - low`` for floats: the
# decimal numbers 0.2, 0.3 and 0.1 are not exact in binary, and (0.3 - 0.2) / 0.1 is 0.999...98.
_STEP_RTOL = 1e-8


def _float_step_count(low: float, high: float, step: float) -> int:
    """How many steps of ``step`` fit in ``[low, high]``, tolerant of binary rounding.

    ``low + count * step`` is the largest grid point (up to rounding); the grid has ``count + 1``
    points. Every sampler, the grid and the ``single`` check count steps through this function so
    that they agree, rather than comparing floats such as ``0.3 - 0.2 < 0.1`` (true in binary).
    """
    ratio = (high - low) / step
    nearest = round(ratio)
    if abs(ratio - nearest) <= _STEP_RTOL * max(1.0, abs(ratio)):
        return int(nearest)
    return int(math.floor(ratio))


def _decimal_add(low: float, count: int, step: float) -> float:
    # low + count * step computed in decimal, so that 0.0 + 3 * 0.3 gives 0.9, not 0.8999999999.
    exact = decimal.Decimal(repr(low)) + count * decimal.Decimal(repr(step))
    return float(exact)


def _step_value(low: float, high: float, step: float, k: int) -> float:
    """The ``k``-th grid point of a stepped float range, never beyond ``high``."""
    return min(high, low + k * step)


class BaseDistribution:
    """Common interface of all distributions."""

    def to_internal_repr(self, param_value_in_external_repr: Any) -> float:
        raise NotImplementedError

    def to_external_repr(self, param_value_in_internal_repr: float) -> Any:
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
            count = _float_step_count(low, high, step)
            ratio = (high - low) / step
            if abs(ratio - count) > _STEP_RTOL * max(1.0, abs(ratio)):
                # As Optuna does: keep the grid low, low + step, ... and drop the remainder.
                new_high = _decimal_add(low, count, step)
                _warnings.warn(
                    f"step={self.step!r} does not divide high - low for low={self.low!r}, "
                    f"high={self.high!r}; high is lowered to {new_high!r}, the last point "
                    "of the step grid"
                )
                high = new_high
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        object.__setattr__(self, "log", bool(self.log))
        object.__setattr__(self, "step", step)

    def to_internal_repr(self, param_value_in_external_repr: Any) -> float:
        try:
            value = float(param_value_in_external_repr)
        except (TypeError, ValueError) as err:
            raise InvalidArgumentError(
                f"a FloatDistribution value must be a number, got {param_value_in_external_repr!r}"
            ) from err
        if math.isnan(value):
            raise InvalidArgumentError(
                f"a FloatDistribution value must not be NaN, got {param_value_in_external_repr!r}"
            )
        return value

    def to_external_repr(self, param_value_in_internal_repr: float) -> float:
        return float(param_value_in_internal_repr)

    def single(self) -> bool:
        if self.step is None:
            return self.low == self.high
        return _float_step_count(self.low, self.high, self.step) == 0

    def _contains(self, internal: float) -> bool:
        if self.step is None:
            return self.low <= internal <= self.high
        # A grid point computed as low + k * step may sit an ulp beyond high.
        slack = _STEP_RTOL * self.step
        if not (self.low - slack <= internal <= self.high + slack):
            return False
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
            new_high = low + (high - low) // step * step
            _warnings.warn(
                f"step={self.step!r} does not divide high - low for low={self.low!r}, "
                f"high={self.high!r}; high is lowered to {new_high}, the last point of the "
                "step grid"
            )
            high = new_high
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        object.__setattr__(self, "step", step)
        object.__setattr__(self, "log", bool(self.log))

    def to_internal_repr(self, param_value_in_external_repr: Any) -> float:
        try:
            value = float(param_value_in_external_repr)
        except (TypeError, ValueError) as err:
            raise InvalidArgumentError(
                f"an IntDistribution value must be a number, got {param_value_in_external_repr!r}"
            ) from err
        if math.isnan(value):
            raise InvalidArgumentError(
                f"an IntDistribution value must not be NaN, got {param_value_in_external_repr!r}"
            )
        return value

    def to_external_repr(self, param_value_in_internal_repr: float) -> int:
        return int(round(param_value_in_internal_repr))

    def single(self) -> bool:
        return self.high - self.low < self.step

    def _contains(self, internal: float) -> bool:
        if not (self.low <= internal <= self.high) or not float(internal).is_integer():
            return False
        return (int(internal) - self.low) % self.step == 0

    def _asdict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "log": self.log, "step": self.step}


def _choice_key(value: Any) -> tuple[type, Any]:
    # 1, 1.0 and True compare equal in Python but are different choices for a user; NaN is
    # unequal to itself, so it gets a key that is.
    if isinstance(value, float) and math.isnan(value):
        return (float, "nan")
    return (type(value), value)


@dataclass(frozen=True)
class CategoricalDistribution(BaseDistribution):
    """A parameter taking one of ``choices`` (``None``, bool, int, float or str values).

    As in Optuna, a choice may be NaN and may appear twice; a repeated value maps to its first
    position.
    """

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
        choices = tuple(_plain_choice(c) for c in choices)
        if len(choices) == 0:
            raise InvalidSpaceError("choices must not be empty, got choices=()")
        index: dict[tuple[type, Any], int] = {}
        for i, choice in enumerate(choices):
            if choice is not None and not isinstance(choice, bool | int | float | str):
                raise InvalidSpaceError(
                    "each choice must be None, a bool, an int, a float or a str so it can be "
                    f"stored, got choices[{i}]={choice!r} of type {type(choice).__name__}"
                )
            index.setdefault(_choice_key(choice), i)
        object.__setattr__(self, "choices", choices)
        object.__setattr__(self, "_index", index)

    def _keys(self) -> tuple[tuple[type, Any], ...]:
        return tuple(_choice_key(c) for c in self.choices)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CategoricalDistribution):
            return NotImplemented
        return self._keys() == other._keys()

    def __hash__(self) -> int:
        return hash(self._keys())

    def to_internal_repr(self, param_value_in_external_repr: Any) -> float:
        try:
            return float(self._index[_choice_key(_plain_choice(param_value_in_external_repr))])
        except (KeyError, TypeError):
            raise InvalidArgumentError(
                f"value {param_value_in_external_repr!r} is not one of the choices {self.choices!r}"
            ) from None

    def to_external_repr(self, param_value_in_internal_repr: float) -> CategoricalChoiceType:
        return self.choices[int(param_value_in_internal_repr)]

    def single(self) -> bool:
        return len(self.choices) == 1

    def _contains(self, internal: float) -> bool:
        return 0 <= internal < len(self.choices) and float(internal).is_integer()

    def _asdict(self) -> dict[str, Any]:
        return {"choices": list(self.choices)}


def _plain_choice(value: Any) -> Any:
    # numpy scalars (np.int64(3), np.str_("a"), np.float64(0.5)) become the Python values they
    # stand for, so that they can be stored and compared.
    item = getattr(value, "item", None)
    if item is not None and type(value).__module__ == "numpy" and getattr(value, "ndim", 1) == 0:
        return item()
    return value


_CLASSES: dict[str, type[BaseDistribution]] = {
    "FloatDistribution": FloatDistribution,
    "IntDistribution": IntDistribution,
    "CategoricalDistribution": CategoricalDistribution,
}


def distribution_to_json(dist: BaseDistribution) -> str:
    """Serialise a distribution; :func:`json_to_distribution` is its inverse."""
    return json.dumps({"name": type(dist).__name__, "attributes": dist._asdict()})


def json_to_distribution(json_str: str) -> BaseDistribution:
    """Parse what :func:`distribution_to_json` wrote."""
    data = json.loads(json_str)
    name = data.get("name")
    if name not in _CLASSES:
        raise InvalidArgumentError(f"unknown distribution name {name!r} in {json_str!r}")
    attrs = data["attributes"]
    if name == "CategoricalDistribution":
        return CategoricalDistribution(tuple(attrs["choices"]))
    return _CLASSES[name](**attrs)


def _article(word: str) -> str:
    return "an" if word[0] in "AEIOU" else "a"


def incompatibility(
    dist_old: BaseDistribution, dist_new: BaseDistribution, name: str = "the parameter"
) -> str | None:
    """Why ``dist_new`` cannot replace ``dist_old`` for parameter ``name``, or ``None``."""
    old_kind, new_kind = type(dist_old).__name__, type(dist_new).__name__
    if type(dist_old) is not type(dist_new):
        return (
            f"{name} was {_article(old_kind)} {old_kind}, now {_article(new_kind)} {new_kind}; "
            "a parameter cannot change its kind of distribution"
        )
    if isinstance(dist_old, CategoricalDistribution):
        if dist_old != dist_new:
            assert isinstance(dist_new, CategoricalDistribution)
            return (
                f"{name} had the choices {dist_old.choices!r}, now {dist_new.choices!r}; "
                "a categorical parameter cannot change its choices"
            )
        return None
    assert isinstance(dist_old, FloatDistribution | IntDistribution)
    assert isinstance(dist_new, FloatDistribution | IntDistribution)
    if dist_old.log != dist_new.log:
        return (
            f"{name} had log={dist_old.log}, now log={dist_new.log}; a parameter cannot "
            "change log scale"
        )
    return None


def check_distribution_compatibility(
    dist_old: BaseDistribution, dist_new: BaseDistribution
) -> None:
    """Raise ``ValueError`` if a parameter name is re-suggested with a distribution that cannot
    share its values.

    Float and int ranges may change between trials (define-by-run spaces are allowed to grow or
    shrink), but the kind of distribution, the log scale and the categorical choices may not.
    """
    reason = incompatibility(dist_old, dist_new)
    if reason is not None:
        raise InvalidArgumentError(reason)
