"""The immutable record of a trial, as storages return it and samplers read it."""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hyperscout.distributions import BaseDistribution
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


@dataclass(frozen=True, eq=True)
class FrozenTrial:
    """Everything known about one trial, frozen.

    ``params`` are external values (what the objective received); ``internal_params`` the floats a
    sampler models (a categorical's index). Mappings are read-only, so records are shared between
    the storage cache and callers without copying.
    """

    number: int
    state: TrialState
    values: tuple[float, ...] | None
    datetime_start: datetime.datetime | None
    datetime_complete: datetime.datetime | None
    params: Mapping[str, Any]
    distributions: Mapping[str, BaseDistribution]
    user_attrs: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    system_attrs: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    intermediate_values: Mapping[int, float] = field(default_factory=dict)
    trial_id: int = -1
    internal_params: Mapping[str, float] = field(default_factory=lambda: EMPTY, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _ro(self.params))
        object.__setattr__(self, "distributions", _ro(self.distributions))
        object.__setattr__(self, "user_attrs", _ro(self.user_attrs))
        object.__setattr__(self, "system_attrs", _ro(self.system_attrs))
        object.__setattr__(self, "intermediate_values", _ro(self.intermediate_values))
        if len(self.internal_params) != len(self.params):
            internal = {
                name: self.distributions[name].to_internal_repr(value)
                for name, value in self.params.items()
                if name in self.distributions
            }
            object.__setattr__(self, "internal_params", _ro(internal))
        else:
            object.__setattr__(self, "internal_params", _ro(self.internal_params))
        if self.values is not None and not isinstance(self.values, tuple):
            object.__setattr__(self, "values", tuple(float(v) for v in self.values))

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
            raise RuntimeError(
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


def _check_values(
    state: TrialState, value: float | None, values: Sequence[float] | None
) -> tuple[float, ...] | None:
    if value is not None and values is not None:
        raise ValueError(f"give value or values, not both, got value={value!r}, values={values!r}")
    if value is not None:
        values = [value]
    if values is None:
        if state == TrialState.COMPLETE:
            raise ValueError("a COMPLETE trial needs value or values, got neither")
        return None
    out = tuple(float(v) for v in values)
    if state != TrialState.COMPLETE and state != TrialState.PRUNED:
        raise ValueError(f"only COMPLETE or PRUNED trials have values, got state={state!r}")
    if any(math.isnan(v) for v in out):
        raise ValueError(f"values must not be NaN, got values={list(out)!r}")
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
        raise ValueError(
            "params and distributions must name the same parameters, got "
            f"params={sorted(params)} and distributions={sorted(distributions)}"
        )
    for name, dist in distributions.items():
        internal = dist.to_internal_repr(params[name])
        if not dist._contains(internal):
            raise ValueError(
                f"value {params[name]!r} of parameter {name!r} is outside its distribution {dist!r}"
            )
    system_attrs = dict(system_attrs or {})
    if constraints is not None:
        cons = [float(c) for c in constraints]
        if any(math.isnan(c) for c in cons):
            raise ValueError(f"constraints must not be NaN, got constraints={cons!r}")
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
