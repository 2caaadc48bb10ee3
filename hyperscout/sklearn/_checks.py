"""Checks of a search's names that run before the first fit: parameter names against the
estimator's ``get_params()``, scoring names against scikit-learn's metrics, scikit-optimize
range tuples given where scikit-learn expects lists of values, and ``refit`` against the
metrics of a multi-metric scoring."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from hyperscout.exceptions import InvalidArgumentError, InvalidSpaceError

__all__ = [
    "check_no_skopt_ranges",
    "check_param_names",
    "check_refit_for_multimetric",
    "check_scoring_names",
]

_PRIORS = ("uniform", "log-uniform")


def _suggest(name: str, valid: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(valid), n=3, cutoff=0.6)
    if not close:
        return ""
    return " Did you mean " + " or ".join(repr(c) for c in close) + "?"


def _nested_ok(name: str, space: Mapping[str, Sequence[Any]]) -> bool:
    """``step__param`` is valid when ``step`` is itself searched over estimators that all take
    ``param`` (scikit-learn sets the step first, then its parameters)."""
    parts = name.split("__")
    for cut in range(len(parts) - 1, 0, -1):
        prefix, rest = "__".join(parts[:cut]), "__".join(parts[cut:])
        values = space.get(prefix)
        if not values:
            continue
        estimators = [v for v in values if hasattr(v, "get_params") and not isinstance(v, type)]
        if estimators and all(rest in e.get_params(deep=True) for e in estimators):
            return True
    return False


def check_param_names(estimator: Any, spaces: Sequence[Mapping[str, Sequence[Any]]]) -> None:
    """Raise :class:`InvalidSpaceError` for the first searched name the estimator does not take,
    with the closest valid names. ``spaces``: each subspace as ``{name: candidate values}``
    (empty for a distribution), so that a searched step's own parameters are accepted."""
    try:
        valid = set(estimator.get_params(deep=True))
    except Exception:  # an estimator without get_params is reported by scikit-learn's clone
        return
    for space in spaces:
        for name in space:
            if name in valid or _nested_ok(name, space):
                continue
            raise InvalidSpaceError(
                f"{name!r} is not a parameter of {type(estimator).__name__}, so the search "
                f"cannot set it.{_suggest(name, valid)} Valid names are the keys of "
                "estimator.get_params()."
            )


def check_refit_for_multimetric(refit: Any, names: Sequence[str]) -> None:
    """With several metrics, ``refit`` must name one of them, be a callable or be False."""
    named = isinstance(refit, str) and refit in names
    if refit is not False and not callable(refit) and not named:
        raise InvalidArgumentError(
            "For multi-metric scoring, refit must be a metric name, a callable or False, so "
            f"that best_* attributes are defined; metrics are {list(names)!r}, got "
            f"refit={refit!r}"
        )


def check_scoring_names(scoring: Any) -> None:
    """A metric name that scikit-learn does not know gets the closest known names."""
    from sklearn.metrics import get_scorer_names

    if isinstance(scoring, str):
        names: list[Any] = [scoring]
    elif isinstance(scoring, list | tuple | set):
        names = list(scoring)
    elif isinstance(scoring, Mapping):
        names = [v for v in scoring.values() if isinstance(v, str)]
    else:
        return
    known = set(get_scorer_names())
    for name in names:
        if isinstance(name, str) and name not in known:
            raise InvalidArgumentError(
                f"scoring={name!r} is not a scikit-learn metric name.{_suggest(name, known)} "
                "sklearn.metrics.get_scorer_names() lists them all; a callable scorer works too."
            )


def check_no_skopt_ranges(spaces: Any, owner: str) -> None:
    """A ``(low, high, "log-uniform")`` tuple in a grid would be tried as three values."""
    grids = [spaces] if isinstance(spaces, Mapping) else spaces
    if not isinstance(grids, list | tuple):
        return
    for grid in grids:
        if not isinstance(grid, Mapping):
            continue
        for name, values in grid.items():
            if (
                isinstance(values, tuple)
                and 3 <= len(values) <= 4
                and values[2] in _PRIORS
                and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values[:2])
            ):
                raise InvalidSpaceError(
                    f"{owner} tries each listed value, but {name}={values!r} is a "
                    "scikit-optimize range: use BayesSearchCV for it, a scipy.stats distribution "
                    "(loguniform(low, high)) in RandomizedSearchCV, or a list of the values to "
                    "try"
                )
