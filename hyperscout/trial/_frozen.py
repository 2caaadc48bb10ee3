"""The immutable record of a trial, as storages return it and samplers read it."""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hyperscout import _warnings
from hyperscout.distributions import BaseDistribution, incompatibility
from hyperscout.exceptions import InvalidArgumentError, InvalidUsageError
from hyperscout.trial._base import BaseTrial
from hyperscout.trial._readonly import EMPTY, ReadOnlyDict
from hyperscout.trial._state import TrialState

__all__ = ["CONSTRAINTS_KEY", "FrozenTrial", "create_trial"]

# The system attribute that holds a trial's constraint values (Optuna's key).
CONSTRAINTS_KEY = "constraints"


def _ro(mapping: Mapping[Any, Any] | None) -> ReadOnlyDict:
    if mapping is None or len(mapping) == 0:
        return EMPTY
    if isinstance(mapping, ReadOnlyDict):
        return mapping
    return ReadOnlyDict(mapping)


_MAPPING_FIELDS = frozenset(
    {
        "params",
        "distributions",
        "user_attrs",
        "system_attrs",
        "intermediate_values",
        "internal_params",
    }
)


_FIELDS = (
    "number",
    "state",
    "values",
    "datetime_start",
    "datetime_complete",
    "params",
    "distributions",
    "user_attrs",
    "system_attrs",
    "intermediate_values",
    "trial_id",
    "internal_params",
)


# A dataclass only so that ``dataclasses.replace`` and ``fields`` work on records, as they did;
# the constructor, equality and repr are our own (Optuna's argument order).
@dataclass(init=False, eq=False, repr=False)
class FrozenTrial(BaseTrial):
    """Everything known about one trial.

    ``params`` are external values (what the objective received); ``internal_params`` the floats a
    sampler models (a categorical's index). The constructor takes Optuna's arguments in Optuna's
    order (``value=`` or keyword ``values=``). As in Optuna the documented attributes can be set
    on a record (``trial.value = 1.0``); the study hands out copies, so that changes no stored
    trial. The mappings themselves are read-only, so records are shared between the storage cache
    and the library's own readers without copying. Passed to an objective, a record answers the
    ``suggest_*`` calls with its own parameters.
    """

    number: int
    state: TrialState
    values: tuple[float, ...] | None
    datetime_start: datetime.datetime | None
    datetime_complete: datetime.datetime | None
    params: Mapping[str, Any]
    distributions: Mapping[str, BaseDistribution]
    user_attrs: Mapping[str, Any]
    system_attrs: Mapping[str, Any]
    intermediate_values: Mapping[int, float]
    trial_id: int
    internal_params: Mapping[str, float]

    def __init__(
        self,
        number: int,
        state: TrialState,
        value: float | None = None,
        datetime_start: datetime.datetime | None = None,
        datetime_complete: datetime.datetime | None = None,
        params: Mapping[str, Any] | None = None,
        distributions: Mapping[str, BaseDistribution] | None = None,
        user_attrs: Mapping[str, Any] | None = None,
        system_attrs: Mapping[str, Any] | None = None,
        intermediate_values: Mapping[int, float] | None = None,
        trial_id: int = -1,
        *,
        values: Sequence[float] | None = None,
        internal_params: Mapping[str, float] | None = None,
    ) -> None:
        if value is not None and values is not None:
            raise InvalidArgumentError(
                f"give value or values, not both, got value={value!r}, values={values!r}"
            )
        if value is not None:
            values = (value,)
        d = self.__dict__
        d["number"] = number
        d["state"] = state
        d["values"] = None if values is None else tuple(float(v) for v in values)
        d["datetime_start"] = datetime_start
        d["datetime_complete"] = datetime_complete
        d["params"] = _ro(params)
        d["distributions"] = _ro(distributions)
        d["user_attrs"] = _ro(user_attrs)
        d["system_attrs"] = _ro(system_attrs)
        d["intermediate_values"] = _ro(intermediate_values)
        d["trial_id"] = trial_id
        if internal_params is None or len(internal_params) != len(d["params"]):
            d["internal_params"] = _ro(_internal(d["params"], d["distributions"]))
        else:
            d["internal_params"] = _ro(internal_params)

    def __setattr__(self, name: str, value: Any) -> None:
        d = self.__dict__
        if name == "value":
            d["values"] = None if value is None else (float(value),)
        elif name == "values":
            d["values"] = None if value is None else tuple(float(v) for v in value)
        elif name in _MAPPING_FIELDS:
            d[name] = _ro(value)
            if name in ("params", "distributions"):
                d["internal_params"] = _ro(_internal(d["params"], d["distributions"]))
        else:
            object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FrozenTrial):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _FIELDS)

    def __repr__(self) -> str:
        shown = ", ".join(f"{f}={getattr(self, f)!r}" for f in _FIELDS[:-1])
        return f"FrozenTrial({shown})"

    # --- an objective may run on a record: it answers with its own parameters ---------------
    def _suggest(self, name: str, distribution: BaseDistribution) -> Any:
        if name not in self.params:
            raise InvalidArgumentError(
                f"parameter {name!r} is not in this trial's params {sorted(self.params)}; give "
                "it when constructing the FrozenTrial"
            )
        value = self.params[name]
        if not distribution._contains(distribution.to_internal_repr(value)):
            _warnings.warn(
                f"value {value!r} of parameter {name!r} is not a value of {distribution!r}"
            )
        known = self.distributions.get(name)
        if known is not None:
            reason = incompatibility(known, distribution, repr(name))
            if reason is not None:
                raise InvalidArgumentError(reason)
        return value

    def report(self, value: float, step: int) -> None:
        """Does nothing: a record's intermediate values are already known."""

    def should_prune(self) -> bool:
        return False

    def set_user_attr(self, key: str, value: Any) -> None:
        self.user_attrs = {**self.user_attrs, key: value}

    def set_system_attr(self, key: str, value: Any) -> None:
        self.system_attrs = {**self.system_attrs, key: value}

    def _copy(self) -> FrozenTrial:
        """A shallow copy (the mappings are read-only, so they are shared)."""
        new = object.__new__(FrozenTrial)
        new.__dict__.update(self.__dict__)
        return new

    def _evolve(self, **changes: Any) -> FrozenTrial:
        """``dataclasses.replace`` without re-validation, for the library's hot paths.

        Mapping arguments are wrapped read-only; callers pass values that are already valid.
        """
        new = object.__new__(FrozenTrial)
        fields = dict(self.__dict__)
        for key, value in changes.items():
            if key in _MAPPING_FIELDS:
                value = _ro(value)
            elif key == "values" and value is not None:
                value = tuple(value)
            fields[key] = value
        new.__dict__.update(fields)
        return new

    @property
    def value(self) -> float | None:
        """The objective value of a single-objective trial (``None`` if it has none)."""
        if self.values is None:
            return None
        if len(self.values) > 1:
            raise InvalidUsageError(
                "this trial has several objective values; use FrozenTrial.values, "
                f"got values={self.values!r}"
            )
        return self.values[0]

    @property
    def constraints(self) -> tuple[float, ...] | None:
        """The trial's constraint values (feasible when all are ``<= 0``), or ``None``."""
        raw = self.system_attrs.get(CONSTRAINTS_KEY)
        return None if raw is None else tuple(float(c) for c in raw)

    @property
    def _trial_id(self) -> int:  # Optuna's private name, which some user code reads.
        return self.trial_id

    @property
    def duration(self) -> datetime.timedelta | None:
        if self.datetime_start is None or self.datetime_complete is None:
            return None
        return self.datetime_complete - self.datetime_start

    @property
    def last_step(self) -> int | None:
        """The largest step reported with ``Trial.report``, or ``None``."""
        if not self.intermediate_values:
            return None
        return max(self.intermediate_values)

    def __lt__(self, other: Any) -> bool:
        if not isinstance(other, FrozenTrial):
            return NotImplemented
        return self.number < other.number

    def __hash__(self) -> int:
        return hash((self.trial_id, self.number, self.state))


def _internal(
    params: Mapping[str, Any], distributions: Mapping[str, BaseDistribution]
) -> dict[str, float]:
    return {
        name: distributions[name].to_internal_repr(value)
        for name, value in params.items()
        if name in distributions
    }


def _check_values(
    state: TrialState, value: float | None, values: Sequence[float] | None
) -> tuple[float, ...] | None:
    if value is not None and values is not None:
        raise InvalidArgumentError(
            f"give value or values, not both, got value={value!r}, values={values!r}"
        )
    if value is not None:
        values = [value]
    if values is None:
        if state == TrialState.COMPLETE:
            raise InvalidArgumentError("a COMPLETE trial needs value or values, got neither")
        return None
    out = tuple(float(v) for v in values)
    if state != TrialState.COMPLETE and state != TrialState.PRUNED:
        raise InvalidArgumentError(
            f"only COMPLETE or PRUNED trials have values, got state={state!r}"
        )
    if any(math.isnan(v) for v in out):
        raise InvalidArgumentError(f"values must not be NaN, got values={list(out)!r}")
    return out


def create_trial(
    *,
    state: TrialState = TrialState.COMPLETE,
    value: float | None = None,
    values: Sequence[float] | None = None,
    params: Mapping[str, Any] | None = None,
    distributions: Mapping[str, BaseDistribution] | None = None,
    user_attrs: Mapping[str, Any] | None = None,
    system_attrs: Mapping[str, Any] | None = None,
    intermediate_values: Mapping[int, float] | None = None,
    constraints: Sequence[float] | None = None,
) -> FrozenTrial:
    """Build a trial record for :meth:`Study.add_trial` (same arguments as Optuna's, plus
    ``constraints``: the trial's constraint values, feasible when all are ``<= 0``)."""
    params = dict(params or {})
    distributions = dict(distributions or {})
    if set(params) != set(distributions):
        raise InvalidArgumentError(
            "params and distributions must name the same parameters, got "
            f"params={sorted(params)} and distributions={sorted(distributions)}"
        )
    for name, dist in distributions.items():
        internal = dist.to_internal_repr(params[name])
        if not dist._contains(internal):
            raise InvalidArgumentError(
                f"value {params[name]!r} of parameter {name!r} is outside its distribution {dist!r}"
            )
    system_attrs = dict(system_attrs or {})
    if constraints is not None:
        cons = [float(c) for c in constraints]
        if any(math.isnan(c) for c in cons):
            raise InvalidArgumentError(f"constraints must not be NaN, got constraints={cons!r}")
        system_attrs[CONSTRAINTS_KEY] = cons
    now = datetime.datetime.now()
    finished = state.is_finished()
    return FrozenTrial(
        number=-1,
        state=state,
        values=_check_values(state, value, values),
        datetime_start=now if state != TrialState.WAITING else None,
        datetime_complete=now if finished else None,
        params=params,
        distributions=distributions,
        user_attrs=dict(user_attrs or {}),
        system_attrs=system_attrs,
        intermediate_values={int(k): float(v) for k, v in (intermediate_values or {}).items()},
        trial_id=-1,
    )
