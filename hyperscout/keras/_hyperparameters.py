"""KerasTuner's ``HyperParameters`` on top of a hyperscout :class:`~hyperscout.Trial`.

Each ``hp.Int/Float/Choice/Boolean/Fixed`` call is a record (the parameter's definition) and,
inside a search, a ``trial.suggest_*`` call on the running trial: the study's sampler picks the
value, the storage keeps it. Outside a search (``kt.HyperParameters()`` built by hand, or the
best values from ``get_best_hyperparameters``) a parameter returns its known value or its
default. A parameter seen for the first time inside ``build`` is simply suggested then: the
space is defined by running the code (define-by-run), so nothing has to be declared first.

How KerasTuner's definitions map onto hyperscout distributions (the trial's parameter holds
the value the model sees, with one exception):

====================================  =========================================================
``Int``/``Float``, ``sampling="linear"``  ``IntDistribution``/``FloatDistribution`` with
                                      ``step`` (``max_value`` lowered to the last value the
                                      step reaches, as KerasTuner's grid does)
``sampling="log"``, no ``step``        the same with ``log=True``
``"log"``/``"reverse_log"`` with a
``step`` (a multiplier)               ``CategoricalDistribution`` of the values the steps reach
``"reverse_log"``, no ``step``        a log-scaled parameter named ``"<name>:mirrored"`` holding
                                      ``min_value + max_value - value`` (so that sampling is
                                      dense near ``max_value``, as in KerasTuner)
``Choice``                            ``CategoricalDistribution`` of the values
``Boolean``                           ``CategoricalDistribution((False, True))``
``Fixed``                             a one-value ``CategoricalDistribution`` (not sampled)
====================================  =========================================================
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.exceptions import (
    InvalidArgumentError,
    InvalidTypeError,
    InvalidUsageError,
    ParamNotFoundError,
)

if TYPE_CHECKING:
    from hyperscout.trial import BaseTrial

__all__ = [
    "Boolean",
    "Choice",
    "Condition",
    "Fixed",
    "Float",
    "HyperParameter",
    "HyperParameters",
    "Int",
]

_SAMPLINGS = ("linear", "log", "reverse_log")
MIRRORED_SUFFIX = ":mirrored"


@dataclass(frozen=True)
class Condition:
    """Active when the parameter ``name`` currently has one of ``values``."""

    name: str
    values: tuple[Any, ...]

    def is_active(self, values: Mapping[str, Any]) -> bool:
        return self.name in values and values[self.name] in self.values

    def get_config(self) -> dict[str, Any]:
        return {"class_name": "Parent", "config": {"name": self.name, "values": list(self.values)}}


@dataclass(frozen=True)
class HyperParameter:
    """One parameter's definition; subclasses say how it maps onto a distribution."""

    name: str
    conditions: tuple[Condition, ...] = field(default=(), kw_only=True)

    @property
    def default(self) -> Any:
        raise NotImplementedError

    @property
    def param_name(self) -> str:
        """The trial parameter that holds this value."""
        return self.name

    def distribution(self) -> BaseDistribution | None:
        raise NotImplementedError

    def from_param(self, stored: Any) -> Any:
        """The value the model sees, from the trial parameter's value."""
        return stored

    def grid_values(self) -> list[Any]:
        """The values :class:`~hyperscout.keras.GridSearch` tries (KerasTuner's grid)."""
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "conditions": [c.get_config() for c in self.conditions]}

    def _key(self) -> tuple[str, tuple[Condition, ...]]:
        return (self.name, self.conditions)


def _fail(kind: str, name: str, rule: str) -> ValueError:
    return ValueError(f"{kind}(name={name!r}): {rule}")


@dataclass(frozen=True)
class _Numerical(HyperParameter):
    min_value: Any = 0
    max_value: Any = 0
    step: Any = None
    sampling: str = "linear"
    default_value: Any = None

    def _check(self) -> None:
        kind = type(self).__name__
        if self.sampling not in _SAMPLINGS:
            raise _fail(kind, self.name, f"sampling must be one of {_SAMPLINGS}, got "
                        f"sampling={self.sampling!r}")
        if self.min_value > self.max_value:
            raise _fail(kind, self.name, "min_value must be <= max_value, got "
                        f"min_value={self.min_value!r}, max_value={self.max_value!r}")
        if self.sampling != "linear" and self.min_value <= 0:
            raise _fail(kind, self.name, f"sampling={self.sampling!r} needs min_value > 0, got "
                        f"min_value={self.min_value!r}")
        if self.step is not None:
            if self.sampling == "linear" and not self.step > 0:
                raise _fail(kind, self.name, f"step must be > 0, got step={self.step!r}")
            if self.sampling != "linear" and not self.step > 1:
                raise _fail(kind, self.name, f"with sampling={self.sampling!r} step is a "
                            f"multiplier and must be > 1, got step={self.step!r}")
        if self.default_value is not None and not (
            self.min_value <= self.default_value <= self.max_value
        ):
            raise _fail(kind, self.name, "default must be within [min_value, max_value], got "
                        f"default={self.default_value!r}")

    @property
    def default(self) -> Any:
        return self.min_value if self.default_value is None else self.default_value

    def _n_linear(self) -> int:
        return int(math.floor((self.max_value - self.min_value) / self.step + 1e-9))

    def _multiplied(self) -> list[Any]:
        n = int(math.log(self.max_value / self.min_value, self.step) + 1e-8)
        out = [self.min_value * self.step**i for i in range(n + 1)]
        if self.sampling == "reverse_log":
            out = [self.max_value + self.min_value - v for v in out]
        return [self._cast(v) for v in out]

    def _cast(self, value: Any) -> Any:
        raise NotImplementedError

    @property
    def param_name(self) -> str:
        if self.sampling == "reverse_log" and self.step is None:
            return self.name + MIRRORED_SUFFIX
        return self.name

    def from_param(self, stored: Any) -> Any:
        if self.sampling == "reverse_log" and self.step is None:
            return self._cast(self.max_value + self.min_value - stored)
        return self._cast(stored)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(
            default=self.default_value,
            min_value=self.min_value,
            max_value=self.max_value,
            step=self.step,
            sampling=self.sampling,
        )
        return config


@dataclass(frozen=True)
class Int(_Numerical):
    """An integer in ``[min_value, max_value]`` (both included)."""

    def __post_init__(self) -> None:
        for arg in ("min_value", "max_value", "step", "default_value"):
            value = getattr(self, arg)
            if value is None:
                continue
            if isinstance(value, bool) or int(value) != value:
                shown = "default" if arg == "default_value" else arg
                raise _fail("Int", self.name, f"{shown} must be an int, got {shown}={value!r}")
            object.__setattr__(self, arg, int(value))
        if self.step is None and self.sampling == "linear":
            object.__setattr__(self, "step", 1)
        self._check()

    def _cast(self, value: Any) -> int:
        return int(round(value))

    def distribution(self) -> BaseDistribution:
        if self.sampling != "linear" and self.step is not None:
            return CategoricalDistribution(tuple(self._multiplied()))
        if self.sampling == "linear":
            high = self.min_value + self._n_linear() * self.step
            return IntDistribution(self.min_value, high, step=self.step)
        return IntDistribution(self.min_value, self.max_value, log=True)

    def grid_values(self) -> list[Any]:
        if self.step is None:  # log/reverse_log without step: KerasTuner's 10 quantiles
            return sorted({self.from_param(v) for v in _log_quantiles(self)})
        if self.sampling == "linear":
            return [self.min_value + i * self.step for i in range(self._n_linear() + 1)]
        return self._multiplied()


@dataclass(frozen=True)
class Float(_Numerical):
    """A real number in ``[min_value, max_value]``."""

    def __post_init__(self) -> None:
        for arg in ("min_value", "max_value", "step", "default_value"):
            value = getattr(self, arg)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                shown = "default" if arg == "default_value" else arg
                raise _fail("Float", self.name, f"{shown} must be a number, got {shown}={value!r}")
            object.__setattr__(self, arg, float(value))
        self._check()

    def _cast(self, value: Any) -> float:
        return float(value)

    def distribution(self) -> BaseDistribution:
        if self.sampling != "linear" and self.step is not None:
            return CategoricalDistribution(tuple(self._multiplied()))
        if self.sampling == "linear":
            if self.step is None:
                return FloatDistribution(self.min_value, self.max_value)
            high = self.min_value + self._n_linear() * self.step
            return FloatDistribution(self.min_value, high, step=self.step)
        return FloatDistribution(self.min_value, self.max_value, log=True)

    def from_param(self, stored: Any) -> Any:
        value = super().from_param(stored)
        if self.step is not None and self.sampling == "linear":
            value = round(value, 12)  # 0.30000000000000004 -> 0.3, as a user wrote it
        return value

    def grid_values(self) -> list[Any]:
        if self.step is None:
            if self.sampling == "linear":
                lo, hi = self.min_value, self.max_value
                return [lo + (i * 0.1 + 0.05) * (hi - lo) for i in range(10)]
            return sorted({self.from_param(v) for v in _log_quantiles(self)})
        if self.sampling == "linear":
            return [round(self.min_value + i * self.step, 12) for i in range(self._n_linear() + 1)]
        return self._multiplied()


def _log_quantiles(hp: _Numerical) -> list[float]:
    lo, hi = float(hp.min_value), float(hp.max_value)
    return [lo * (hi / lo) ** (i * 0.1 + 0.05) for i in range(10)]


@dataclass(frozen=True)
class Choice(HyperParameter):
    """One of ``values`` (ints, floats, strs or bools, all of one type)."""

    values: tuple[Any, ...] = ()
    ordered: bool | None = None
    default_value: Any = None

    def __post_init__(self) -> None:
        values = self.values
        if isinstance(values, str) or not isinstance(values, Sequence) or not values:
            raise _fail("Choice", self.name, f"values must be a non-empty list, got "
                        f"values={values!r}")
        values = tuple(values)
        kinds = {type(v) for v in values}
        if len(kinds) > 1 or not kinds <= {int, float, str, bool}:
            raise _fail("Choice", self.name, "values must be all ints, all floats, all strs or "
                        f"all bools, got values={list(values)!r}")
        numeric = kinds <= {int, float}
        ordered = self.ordered
        if ordered is None:
            ordered = numeric
        elif ordered and not numeric:
            raise _fail("Choice", self.name, "ordered=True needs int or float values, got "
                        f"values={list(values)!r}")
        if self.default_value is not None and self.default_value not in values:
            raise _fail("Choice", self.name, f"default must be one of the values, got "
                        f"default={self.default_value!r}, values={list(values)!r}")
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "ordered", bool(ordered))

    @property
    def default(self) -> Any:
        return self.values[0] if self.default_value is None else self.default_value

    def distribution(self) -> BaseDistribution:
        return CategoricalDistribution(self.values)

    def grid_values(self) -> list[Any]:
        return list(self.values)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(default=self.default, values=list(self.values), ordered=self.ordered)
        return config


@dataclass(frozen=True)
class Boolean(HyperParameter):
    """``True`` or ``False``."""

    default_value: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.default_value, bool):
            raise _fail("Boolean", self.name, f"default must be a bool, got "
                        f"default={self.default_value!r}")

    @property
    def default(self) -> bool:
        return self.default_value

    def distribution(self) -> BaseDistribution:
        return CategoricalDistribution((False, True))

    def grid_values(self) -> list[Any]:
        return [False, True]

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(default=self.default_value)
        return config


@dataclass(frozen=True)
class Fixed(HyperParameter):
    """A value that is not tuned (recorded with the trial when it is a plain scalar)."""

    value: Any = None

    @property
    def default(self) -> Any:
        return self.value

    def distribution(self) -> BaseDistribution | None:
        if self.value is None or isinstance(self.value, bool | int | float | str):
            return CategoricalDistribution((self.value,))
        return None

    def grid_values(self) -> list[Any]:
        return [self.value]

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(value=self.value)
        return config


class HyperParameters:
    """A search space and the current values: KerasTuner's ``HyperParameters``.

    In ``build(hp)`` during a search, each definition call returns the value the study's
    sampler chose for this trial (or ``None`` when the parameter sits in an inactive
    :meth:`conditional_scope`). Made by hand, ``HyperParameters()`` returns each
    parameter's default, or the value in :attr:`values` when one is set there.
    """

    def __init__(self) -> None:
        self._space: list[HyperParameter] = []
        self._by_key: dict[tuple[str, tuple[Condition, ...]], HyperParameter] = {}
        self._conditions: list[Condition] = []
        self._name_scopes: list[str] = []
        self.values: dict[str, Any] = {}
        self._trial: BaseTrial | None = None
        self._overrides: HyperParameters | None = None
        self._tune_new_entries = True
        self._allow_new_entries = True

    # --- the space -------------------------------------------------------------------------
    @property
    def space(self) -> list[HyperParameter]:
        return list(self._space)

    def _register(self, hp: HyperParameter) -> HyperParameter:
        key = hp._key()
        existing = self._by_key.get(key)
        if existing is not None:
            return existing  # KerasTuner's rule: the first definition of a name wins
        self._by_key[key] = hp
        self._space.append(hp)
        return hp

    def merge(
        self, hps: HyperParameters | Sequence[HyperParameter], overwrite: bool = True
    ) -> None:
        """Add the definitions of ``hps`` (its space) to this space."""
        space = hps.space if isinstance(hps, HyperParameters) else list(hps)
        for hp in space:
            key = hp._key()
            if key in self._by_key:
                if not overwrite:
                    continue
                self._space = [p for p in self._space if p._key() != key]
            self._by_key[key] = hp
            self._space.append(hp)
            if isinstance(hps, HyperParameters) and hp.name in hps.values:
                self.values.setdefault(hp.name, hps.values[hp.name])

    def copy(self) -> HyperParameters:
        out = HyperParameters()
        out.merge(self._space)
        out.values = dict(self.values)
        return out

    def get_config(self) -> dict[str, Any]:
        return {
            "space": [
                {"class_name": type(p).__name__, "config": p.get_config()} for p in self._space
            ],
            "values": dict(self.values),
        }

    # --- scopes ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def name_scope(self, name: str) -> Iterator[None]:
        self._name_scopes.append(str(name))
        try:
            yield
        finally:
            self._name_scopes.pop()

    def _full_name(self, name: str) -> str:
        if not isinstance(name, str) or not name:
            raise InvalidTypeError(f"a hyperparameter name must be a non-empty str, got {name!r}")
        return "/".join([*self._name_scopes, name])

    @contextlib.contextmanager
    def conditional_scope(self, parent_name: str, parent_values: Any) -> Iterator[None]:
        """Parameters defined inside are active only when ``parent_name``'s value is one of
        ``parent_values``; inactive ones are recorded but return ``None`` and are not
        sampled. The code inside runs either way."""
        full = self._full_name(parent_name)
        if not any(p.name == full for p in self._space):
            raise InvalidArgumentError(
                f"conditional_scope needs its parent defined first, got parent_name={full!r} "
                f"(defined: {sorted({p.name for p in self._space})})"
            )
        if isinstance(parent_values, str) or not isinstance(parent_values, Sequence):
            parent_values = [parent_values]
        self._conditions.append(Condition(full, tuple(parent_values)))
        try:
            yield
        finally:
            self._conditions.pop()

    @contextlib.contextmanager
    def _maybe_scope(self, parent_name: str | None, parent_values: Any) -> Iterator[None]:
        if parent_name is None:
            yield
        else:
            with self.conditional_scope(parent_name, parent_values):
                yield

    def _conditions_active(self, conditions: Sequence[Condition]) -> bool:
        return all(c.is_active(self.values) for c in conditions)

    def is_active(self, hp: HyperParameter | str) -> bool:
        if isinstance(hp, HyperParameter):
            return self._conditions_active(hp.conditions)
        return any(self._conditions_active(p.conditions) for p in self._space if p.name == hp)

    # --- values ------------------------------------------------------------------------------
    def get(self, name: str) -> Any:
        """The current value of ``name``; ``ValueError`` if it is inactive, ``KeyError`` if no
        such parameter was defined."""
        full = self._full_name(name)
        if full in self.values:
            return self.values[full]
        if any(p.name == full for p in self._space):
            raise InvalidArgumentError(f"hyperparameter {full!r} is currently inactive")
        raise ParamNotFoundError(f"hyperparameter {full!r} does not exist")

    def __getitem__(self, name: str) -> Any:
        return self.get(name)

    def __contains__(self, name: object) -> bool:
        try:
            self.get(name)  # type: ignore[arg-type]
        except (KeyError, ValueError, TypeError):
            return False
        return True

    def _retrieve(self, hp: HyperParameter) -> Any:
        for condition in hp.conditions:
            if condition.name == hp.name:
                raise InvalidArgumentError(
                    f"a conditional hyperparameter cannot have its parent's name, got {hp.name!r}"
                )
        if self._overrides is not None:
            given = self._overrides._by_key.get(hp._key()) or next(
                (p for p in self._overrides._space if p.name == hp.name), None
            )
            if given is None and not self._allow_new_entries:
                raise InvalidUsageError(
                    f"allow_new_entries=False but build() defined a new hyperparameter "
                    f"{hp.name!r}; add it to hyperparameters= or allow new entries"
                )
            tune = given is not None or self._tune_new_entries
            if given is not None:
                hp = type(given)(**{**given.__dict__, "conditions": hp.conditions})
        else:
            tune = True
        hp = self._register(hp)
        if not self._conditions_active(hp.conditions):
            return None
        if hp.name in self.values:
            return self.values[hp.name]
        value = hp.default
        if self._trial is not None and tune:
            dist = hp.distribution()
            if dist is not None:
                value = hp.from_param(_suggest(self._trial, hp.param_name, dist))
        self.values[hp.name] = value
        return value

    # --- definitions (KerasTuner's signatures) ----------------------------------------------
    def Int(
        self,
        name: str,
        min_value: int,
        max_value: int,
        step: int | None = None,
        sampling: str = "linear",
        default: int | None = None,
        parent_name: str | None = None,
        parent_values: Any = None,
    ) -> Any:
        """An integer in ``[min_value, max_value]``; ``step`` is added (linear) or multiplied
        (``"log"``/``"reverse_log"``) between values."""
        with self._maybe_scope(parent_name, parent_values):
            return self._retrieve(
                Int(self._full_name(name), min_value=min_value, max_value=max_value, step=step,
                    sampling=_sampling(sampling), default_value=default,
                    conditions=tuple(self._conditions))
            )

    def Float(
        self,
        name: str,
        min_value: float,
        max_value: float,
        step: float | None = None,
        sampling: str = "linear",
        default: float | None = None,
        parent_name: str | None = None,
        parent_values: Any = None,
    ) -> Any:
        """A real in ``[min_value, max_value]``; ``step`` as for :meth:`Int`."""
        with self._maybe_scope(parent_name, parent_values):
            return self._retrieve(
                Float(self._full_name(name), min_value=min_value, max_value=max_value, step=step,
                      sampling=_sampling(sampling), default_value=default,
                      conditions=tuple(self._conditions))
            )

    def Choice(
        self,
        name: str,
        values: Sequence[Any],
        ordered: bool | None = None,
        default: Any = None,
        parent_name: str | None = None,
        parent_values: Any = None,
    ) -> Any:
        """One of ``values``; the default is the first value."""
        with self._maybe_scope(parent_name, parent_values):
            return self._retrieve(
                Choice(self._full_name(name), values=values, ordered=ordered,  # type: ignore[arg-type]
                       default_value=default, conditions=tuple(self._conditions))
            )

    def Boolean(
        self,
        name: str,
        default: bool = False,
        parent_name: str | None = None,
        parent_values: Any = None,
    ) -> Any:
        with self._maybe_scope(parent_name, parent_values):
            return self._retrieve(
                Boolean(self._full_name(name), default_value=default,
                        conditions=tuple(self._conditions))
            )

    def Fixed(
        self,
        name: str,
        value: Any,
        parent_name: str | None = None,
        parent_values: Any = None,
    ) -> Any:
        with self._maybe_scope(parent_name, parent_values):
            return self._retrieve(
                Fixed(self._full_name(name), value=value, conditions=tuple(self._conditions))
            )

    def __repr__(self) -> str:
        return f"HyperParameters(values={self.values!r})"


def _sampling(sampling: Any) -> str:
    if sampling is None:
        return "linear"
    if not isinstance(sampling, str):
        raise InvalidArgumentError(
            f"sampling must be one of {_SAMPLINGS}, got sampling={sampling!r}"
        )
    return sampling.lower()


def _suggest(trial: BaseTrial, name: str, dist: BaseDistribution) -> Any:
    if isinstance(dist, IntDistribution):
        return trial.suggest_int(name, dist.low, dist.high, step=dist.step, log=dist.log)
    if isinstance(dist, FloatDistribution):
        return trial.suggest_float(name, dist.low, dist.high, step=dist.step, log=dist.log)
    assert isinstance(dist, CategoricalDistribution)
    return trial.suggest_categorical(name, list(dist.choices))


def for_trial(
    trial: BaseTrial,
    overrides: HyperParameters | None = None,
    tune_new_entries: bool = True,
    allow_new_entries: bool = True,
) -> HyperParameters:
    """A ``HyperParameters`` whose definitions suggest values on ``trial``."""
    hp = HyperParameters()
    hp._trial = trial
    hp._overrides = overrides
    hp._tune_new_entries = tune_new_entries
    hp._allow_new_entries = allow_new_entries
    return hp


def space_from_config(config: Sequence[Mapping[str, Any]]) -> list[HyperParameter]:
    """Rebuild definitions from :meth:`HyperParameters.get_config`'s ``space`` entries."""
    kinds: dict[str, type[HyperParameter]] = {
        "Int": Int, "Float": Float, "Choice": Choice, "Boolean": Boolean, "Fixed": Fixed,
    }
    out: list[HyperParameter] = []
    for entry in config:
        kind = kinds[entry["class_name"]]
        c = dict(entry["config"])
        conditions = tuple(
            Condition(x["config"]["name"], tuple(x["config"]["values"]))
            for x in c.pop("conditions", [])
        )
        if "default" in c:
            c["default_value"] = c.pop("default")
        if kind is Choice:
            c["values"] = tuple(c["values"])
        out.append(kind(conditions=conditions, **c))
    return out
