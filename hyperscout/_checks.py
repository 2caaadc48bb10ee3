"""Argument checks shared by the whole package.

Each check returns the value (converted: ``check_int`` gives an ``int``, ``check_real`` a
``float``) or raises an error whose message states the rule and echoes the value::

    n_trials must be an int >= 1, got n_trials=0

A value of the wrong kind (a string where a number goes, a bool where an int goes) raises
:class:`~hyperscout.exceptions.InvalidArgumentTypeError`, which is both a ``TypeError`` and a
``ValueError``; a value of the right kind that breaks the rule (out of range, not a listed
choice) raises :class:`~hyperscout.exceptions.InvalidArgumentError`. A bool is never taken for a
number (``True`` is not ``1`` here), and numpy scalars count as the numbers they hold.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from numbers import Integral, Real
from typing import Any

from hyperscout._thread_limits import cpu_count
from hyperscout.exceptions import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    InvalidTypeError,
)

__all__ = [
    "check_bool",
    "check_budgets",
    "check_choice",
    "check_int",
    "check_optimize_arguments",
    "check_positive",
    "check_probability",
    "check_real",
]


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        return f" in {'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
    if low is not None:
        return f" {'>' if low_open else '>='} {low}"
    if high is not None:
        return f" {'<' if high_open else '<='} {high}"
    return ""


def _fail(
    error: type[Exception], name: str, rule: str, allow_none: bool, value: Any
) -> Exception:
    return error(f"{name} must be {'None or ' if allow_none else ''}{rule}, got {name}={value!r}")


def check_int(
    name: str,
    value: Any,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    allow_none: bool = False,
) -> Any:
    """``value`` as an ``int`` if it is an integer (not a bool) in ``[minimum, maximum]``.

    ``None`` passes through when ``allow_none``. Either bound may be left out.

    >>> check_int("n_trials", 3, minimum=1)
    3
    >>> check_int("n_trials", 0, minimum=1)
    Traceback (most recent call last):
    ...
    hyperscout.exceptions.InvalidArgumentError: n_trials must be an int >= 1, got n_trials=0
    """
    if value is None and allow_none:
        return None
    rule = "an int" + _interval(minimum, maximum, False, False)
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise _fail(InvalidArgumentTypeError, name, rule, allow_none, value)
    out = int(value)
    if (minimum is not None and out < minimum) or (maximum is not None and out > maximum):
        raise _fail(InvalidArgumentError, name, rule, allow_none, value)
    return out


def check_real(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    finite: bool = False,
    allow_none: bool = False,
) -> Any:
    """``value`` as a ``float`` if it is a real number (not a bool, not NaN) within the bounds.

    ``low``/``high`` are inclusive unless ``low_open``/``high_open``; ``finite`` also refuses
    ``inf``; ``None`` passes through when ``allow_none``.

    >>> check_real("p", 0.5, low=0, high=1)
    0.5
    >>> check_real("timeout", -1, low=0, low_open=True)
    Traceback (most recent call last):
    ...
    hyperscout.exceptions.InvalidArgumentError: timeout must be a number > 0, got timeout=-1
    """
    if value is None and allow_none:
        return None
    rule = ("a finite number" if finite else "a number") + _interval(low, high, low_open, high_open)
    if isinstance(value, bool) or not isinstance(value, Real):
        raise _fail(InvalidArgumentTypeError, name, rule, allow_none, value)
    out = float(value)
    if (
        math.isnan(out)
        or (finite and math.isinf(out))
        or (low is not None and (out <= low if low_open else out < low))
        or (high is not None and (out >= high if high_open else out > high))
    ):
        raise _fail(InvalidArgumentError, name, rule, allow_none, value)
    return out


def check_positive(name: str, value: Any, *, allow_none: bool = False) -> Any:
    """``value`` as a ``float`` if it is a number > 0 (``inf`` allowed)."""
    return check_real(name, value, low=0, low_open=True, allow_none=allow_none)


def check_probability(name: str, value: Any, *, open_low: bool = False) -> float:
    """``value`` as a ``float`` if it is a number in ``[0, 1]`` (``(0, 1]`` with ``open_low``)."""
    out: float = check_real(name, value, low=0, high=1, low_open=open_low)
    return out


def check_bool(name: str, value: Any, *, allow_none: bool = False) -> Any:
    """``value`` if it is a bool (Python's or numpy's); an int is not taken for a bool."""
    if value is None and allow_none:
        return None
    if type(value).__name__ not in ("bool", "bool_"):
        raise _fail(InvalidArgumentTypeError, name, "a bool", allow_none, value)
    return bool(value)


def check_choice(name: str, value: Any, choices: Collection[Any]) -> Any:
    """``value`` if it is one of ``choices``.

    >>> check_choice("k", "b", ["a", "b"])
    'b'
    >>> check_choice("k", "c", ["a", "b"])
    Traceback (most recent call last):
    ...
    hyperscout.exceptions.InvalidArgumentError: k must be one of ['a', 'b'], got k='c'
    """
    try:
        ok = value in choices
    except TypeError:  # an unhashable value and a set of choices
        ok = False
    if not ok:
        raise InvalidArgumentError(
            f"{name} must be one of {list(choices)!r}, got {name}={value!r}"
        )
    return value


def check_budgets(budgets: Any, costs: Collection[str]) -> dict[str, float]:
    """``budgets`` as ``{cost: upper bound}`` if it maps names from ``costs`` to finite
    numbers >= 0 (``None`` gives ``{}``): the ``budgets=`` of the front doors that trade a
    score against measured costs (the ``*SearchCV`` estimators and the Keras tuners).

    >>> check_budgets({"n_params": 1e5}, ["n_params"])
    {'n_params': 100000.0}
    >>> check_budgets({"n": -1}, ["n"])
    Traceback (most recent call last):
    ...
    hyperscout.exceptions.InvalidArgumentError: a budget must be a finite number >= 0, got 'n': -1
    """
    if budgets is None:
        return {}
    example = next(iter(costs), "cost")
    if not isinstance(budgets, Mapping):
        raise InvalidTypeError(
            f"budgets must be a dict {{cost: upper bound}}, e.g. {{{example!r}: 1e6}}, got "
            f"budgets={budgets!r}"
        )
    checked: dict[str, float] = {}
    for name, bound in budgets.items():
        if name not in costs:
            raise InvalidArgumentError(
                f"budgets keys must be costs from {list(costs)!r}, got {name!r} in "
                f"budgets={budgets!r}"
            )
        if (
            isinstance(bound, bool)
            or not isinstance(bound, Real)
            or not math.isfinite(bound)
            or bound < 0
        ):
            raise InvalidArgumentError(
                f"a budget must be a finite number >= 0, got {name!r}: {bound!r}"
            )
        checked[name] = float(bound)
    return checked


def check_optimize_arguments(
    n_trials: Any, timeout: Any, n_jobs: Any, catch: Any
) -> tuple[int, tuple[type[BaseException], ...]]:
    """Check ``optimize``'s budget and ``catch``; return ``n_jobs`` (``-1``: the cores) and
    ``catch`` as a tuple of exception classes.

    Shared by :meth:`Study.optimize <hyperscout.study.Study.optimize>` and the process and Dask
    runners of :mod:`hyperscout.parallel`, so one call is refused the same way by each.
    """
    check_int("n_trials", n_trials, minimum=0, allow_none=True)
    check_positive("timeout", timeout, allow_none=True)
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, Integral) or n_jobs == 0 or n_jobs < -1:
        error = InvalidArgumentError if isinstance(n_jobs, Integral) else InvalidArgumentTypeError
        raise error(f"n_jobs must be -1 or an int >= 1, got n_jobs={n_jobs!r}")
    jobs = cpu_count() if n_jobs == -1 else int(n_jobs)
    catch_tuple = (catch,) if isinstance(catch, type) else tuple(_iterable("catch", catch))
    for c in catch_tuple:
        if not (isinstance(c, type) and issubclass(c, BaseException)):
            raise InvalidTypeError(f"catch must hold exception classes, got {c!r}")
    return jobs, catch_tuple


def _iterable(name: str, value: Any) -> Iterable[Any]:
    if not isinstance(value, Iterable):
        raise InvalidTypeError(
            f"{name} must be an exception class or a tuple of them, got {name}={value!r}"
        )
    return value
