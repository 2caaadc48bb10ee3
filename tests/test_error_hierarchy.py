"""Every error a user can cause is a HyperscoutError (and the built-in type peers' users catch).

Read from the source: a ``raise`` of a bare built-in exception escapes ``except HyperscoutError``.
Allowed, with the reason: ``AttributeError`` (Python's attribute protocol: ``hasattr`` and
module ``__getattr__`` rely on it), ``NotImplementedError`` (abstract methods of the seams) and ``AssertionError`` (unreachable
branches, never the user's doing).
"""

from __future__ import annotations

import ast
import builtins
import inspect
from pathlib import Path

import pytest

import hyperscout
from hyperscout import exceptions
from hyperscout.exceptions import (
    HyperscoutError,
    InvalidArgumentError,
    InvalidTypeError,
    StudyNotFoundError,
)

ROOT = Path(hyperscout.__file__).parent
BUILTIN_ERRORS = {
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}
ALLOWED = {"AttributeError", "NotImplementedError", "AssertionError", "KeyboardInterrupt", "SystemExit"}


def _bare_builtin_raises() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Raise) or node.exc is None:
                continue
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = target.id if isinstance(target, ast.Name) else None
            if name is None or name not in BUILTIN_ERRORS or name in ALLOWED:
                continue
            found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: raise {name}")
    return sorted(set(found))


def test_no_bare_builtin_error_is_raised() -> None:
    raises = _bare_builtin_raises()
    assert raises == [], "raises outside the error hierarchy:\n" + "\n".join(raises)


def test_every_hyperscout_error_class_has_the_root() -> None:
    for name, value in vars(exceptions).items():
        if inspect.isclass(value) and issubclass(value, Exception) and not issubclass(
            value, Warning
        ):
            assert issubclass(value, HyperscoutError) or value is HyperscoutError, name


def test_a_bad_range_is_caught_both_ways() -> None:
    with pytest.raises(HyperscoutError) as caught:
        hyperscout.distributions.FloatDistribution(5, 1)
    assert isinstance(caught.value, ValueError)
    assert "low=5, high=1" in str(caught.value)
    with pytest.raises(InvalidArgumentError) as caught_direction:
        hyperscout.create_study(direction="upward")
    assert isinstance(caught_direction.value, ValueError)
    assert "'upward'" in str(caught_direction.value)


def test_a_bad_type_is_caught_both_ways() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        hyperscout.create_study(sampler="tpe")  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError)
    assert "'tpe'" in str(caught.value)
    with pytest.raises(InvalidTypeError):
        hyperscout.create_study(pruner=hyperscout.pruners.MedianPruner)  # a class, not an instance


def test_a_missing_study_is_a_key_error_too() -> None:
    with pytest.raises(StudyNotFoundError) as caught:
        hyperscout.load_study(study_name="nope", storage=hyperscout.storages.InMemoryStorage())
    assert isinstance(caught.value, KeyError)
