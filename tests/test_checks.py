"""The shared argument checks (hyperscout/_checks.py): each states its rule and echoes the value;
a wrong kind is both a TypeError and a ValueError, a bad value an InvalidArgumentError."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from hyperscout._checks import (
    check_bool,
    check_choice,
    check_int,
    check_optimize_arguments,
    check_positive,
    check_probability,
    check_real,
)
from hyperscout.exceptions import (
    HyperscoutError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    InvalidTypeError,
)


def test_check_int_returns_an_int_and_takes_numpy_integers() -> None:
    assert check_int("n", 3, minimum=1) == 3
    out = check_int("n", np.int64(4), minimum=1, maximum=4)
    assert out == 4 and type(out) is int
    assert check_int("n", None, minimum=1, allow_none=True) is None


@pytest.mark.parametrize(
    ("kwargs", "value", "error", "message"),
    [
        ({"minimum": 1}, 0, InvalidArgumentError, "n must be an int >= 1, got n=0"),
        ({"minimum": 0, "maximum": 9}, 10, InvalidArgumentError, "n must be an int in [0, 9], got n=10"),
        ({"minimum": 1}, True, InvalidArgumentTypeError, "n must be an int >= 1, got n=True"),
        ({"minimum": 1}, 2.0, InvalidArgumentTypeError, "n must be an int >= 1, got n=2.0"),
        ({"minimum": 0, "allow_none": True}, "3", InvalidArgumentTypeError, "n must be None or an int >= 0, got n='3'"),
        ({}, None, InvalidArgumentTypeError, "n must be an int, got n=None"),
    ],
)
def test_check_int_refuses_with_the_rule_and_the_value(
    kwargs: dict[str, Any], value: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        check_int("n", value, **kwargs)
    assert str(caught.value) == message


def test_a_wrong_kind_is_caught_as_either_built_in_type() -> None:
    for caught_as in (TypeError, ValueError, InvalidTypeError, InvalidArgumentError, HyperscoutError):
        with pytest.raises(caught_as):
            check_real("x", "1.5")
    # A bad value of the right kind is a ValueError only.
    with pytest.raises(InvalidArgumentError) as caught:
        check_real("x", -1.0, low=0)
    assert not isinstance(caught.value, TypeError)


@pytest.mark.parametrize(
    ("kwargs", "ok", "bad", "message"),
    [
        ({}, -math.inf, math.nan, "x must be a number, got x=nan"),
        ({"low": 0, "low_open": True}, 1e-9, 0.0, "x must be a number > 0, got x=0.0"),
        ({"low": 0}, 0.0, -0.5, "x must be a number >= 0, got x=-0.5"),
        ({"high": 1, "high_open": True}, 0.5, 1, "x must be a number < 1, got x=1"),
        ({"low": 0, "high": 1, "low_open": True}, 1, 0, "x must be a number in (0, 1], got x=0"),
        ({"low": 0, "finite": True}, 3, math.inf, "x must be a finite number >= 0, got x=inf"),
    ],
)
def test_check_real_bounds(kwargs: dict[str, Any], ok: float, bad: float, message: str) -> None:
    assert check_real("x", ok, **kwargs) == float(ok)
    with pytest.raises(InvalidArgumentError) as caught:
        check_real("x", bad, **kwargs)
    assert str(caught.value) == message


def test_positive_probability_bool_and_choice() -> None:
    assert check_positive("eta", math.inf) == math.inf
    assert check_positive("eta", None, allow_none=True) is None
    with pytest.raises(InvalidArgumentError, match=r"eta must be None or a number > 0, got eta=0"):
        check_positive("eta", 0, allow_none=True)
    assert check_probability("p", 0) == 0.0
    with pytest.raises(InvalidArgumentError, match=r"p must be a number in \(0, 1\], got p=0"):
        check_probability("p", 0, open_low=True)
    assert check_bool("flag", np.bool_(True)) is True
    with pytest.raises(InvalidArgumentTypeError, match="flag must be a bool, got flag=1"):
        check_bool("flag", 1)
    assert check_choice("kind", "tree", ("tree", "linear")) == "tree"
    with pytest.raises(InvalidArgumentError, match=r"kind must be one of \['tree', 'linear'\]"):
        check_choice("kind", ["tree"], ("tree", "linear"))


def test_optimize_arguments() -> None:
    n_jobs, catch = check_optimize_arguments(None, 1.5, 2, ValueError)
    assert (n_jobs, catch) == (2, (ValueError,))
    assert check_optimize_arguments(3, None, -1, ())[0] >= 1
    for args, message in [
        ((-1, None, 1, ()), "n_trials must be None or an int >= 0, got n_trials=-1"),
        (("3", None, 1, ()), "n_trials must be None or an int >= 0, got n_trials='3'"),
        ((None, 0, 1, ()), "timeout must be None or a number > 0, got timeout=0"),
        ((None, None, 0, ()), "n_jobs must be -1 or an int >= 1, got n_jobs=0"),
    ]:
        with pytest.raises(ValueError) as caught:
            check_optimize_arguments(*args)
        assert str(caught.value) == message
    with pytest.raises(InvalidTypeError, match="catch must hold exception classes"):
        check_optimize_arguments(None, None, 1, (ValueError, "KeyError"))
    with pytest.raises(InvalidTypeError, match="catch must be an exception class"):
        check_optimize_arguments(None, None, 1, 3)
