"""scikit-optimize-compatible search-space dimensions, and the one parser of skopt's conventions.

:class:`Real`, :class:`Integer` and :class:`Categorical` take the constructor arguments of
``skopt.space.Real``/``Integer``/``Categorical`` (``prior=``, ``base=``, ``transform=``,
``name=``), so a search space written for ``skopt.BayesSearchCV`` runs unchanged. Each dimension
knows the hyperscout distribution that stores it in a study (:meth:`Dimension.distribution`) and
how to turn a stored value back into what the estimator receives (:meth:`Dimension.decode`).

:func:`check_dimension` is the single place where skopt's shorthand is interpreted:

- a ``tuple`` of 2 to 4 items ``(low, high[, prior[, base]])``: an :class:`Integer` when both
  bounds are integral numbers, else a :class:`Real` (``prior`` is ``"uniform"`` or
  ``"log-uniform"``, ``base`` an int);
- any other list, tuple or array: a :class:`Categorical` of its items;
- a hyperscout distribution (``FloatDistribution`` etc.): used as it is;
- a :class:`Dimension`: returned unchanged.

``base`` and ``transform`` change how skopt's own optimiser scales a dimension internally, not
which values can be drawn: a log-uniform prior is the same distribution in every base. They are
validated and kept (and shown in ``repr``) so that code written for skopt keeps working.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from numbers import Integral
from numbers import Real as _RealNumber
from typing import Any

import numpy as np

from hyperscout import _warnings
from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.exceptions import InvalidArgumentError, InvalidSpaceError

__all__ = ["Categorical", "Dimension", "Integer", "Real", "check_dimension", "scipy_dimension"]

_PRIORS = ("uniform", "log-uniform")


class Dimension:
    """One searched parameter: a storable distribution plus the map back to estimator values."""

    name: str | None

    def distribution(self) -> BaseDistribution:
        """The hyperscout distribution that holds this dimension's values in a study."""
        raise NotImplementedError

    def decode(self, stored: Any) -> Any:
        """The value the estimator receives for a value stored in a study."""
        return stored

    def encode(self, value: Any) -> Any:
        """The value stored in a study for a value the estimator receives."""
        return value


def _native(value: Any) -> Any:
    """numpy scalars become the Python scalar they hold; anything else is returned as is."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def _check_prior(prior: Any, owner: str) -> str:
    if prior not in _PRIORS:
        raise InvalidSpaceError(
            f"{owner}: prior must be 'uniform' or 'log-uniform', got prior={prior!r}"
        )
    return str(prior)


def _check_base(base: Any, owner: str) -> int | float:
    if isinstance(base, bool) or not isinstance(base, int | float) or not base > 1:
        raise InvalidSpaceError(f"{owner}: base must be a number > 1, got base={base!r}")
    return base


def _check_transform(transform: Any, allowed: Sequence[str], owner: str) -> str | None:
    if transform is not None and transform not in allowed:
        raise InvalidSpaceError(
            f"{owner}: transform must be one of {list(allowed)!r} or None, got "
            f"transform={transform!r}"
        )
    return None if transform is None else str(transform)


class Real(Dimension):
    """A real parameter in ``[low, high]`` (skopt's ``Real``)."""

    def __init__(
        self,
        low: float,
        high: float,
        prior: str = "uniform",
        base: int | float = 10,
        transform: str | None = None,
        name: str | None = None,
        dtype: Any = float,
    ) -> None:
        owner = "Real"
        for label, v in (("low", low), ("high", high)):
            if isinstance(v, bool) or not isinstance(v, _RealNumber) or not math.isfinite(v):
                raise InvalidSpaceError(
                    f"{owner}: {label} must be a finite number, got {label}={v!r}"
                )
        if not low < high:
            raise InvalidSpaceError(f"{owner}: low must be < high, got low={low!r}, high={high!r}")
        self.prior = _check_prior(prior, owner)
        if self.prior == "log-uniform" and low <= 0:
            raise InvalidSpaceError(
                f"{owner}: low must be > 0 with prior='log-uniform', got low={low!r}, high={high!r}"
            )
        self.low = float(low)
        self.high = float(high)
        self.base = _check_base(base, owner)
        self.transform = _check_transform(transform, ("identity", "normalize"), owner)
        self.name = name
        self.dtype = dtype

    def distribution(self) -> FloatDistribution:
        return FloatDistribution(self.low, self.high, log=self.prior == "log-uniform")

    def decode(self, stored: Any) -> float:
        return float(stored)

    def __repr__(self) -> str:
        return (
            f"Real(low={self.low!r}, high={self.high!r}, prior={self.prior!r}, base={self.base!r}, "
            f"transform={self.transform!r}, name={self.name!r})"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Real) and (self.low, self.high, self.prior) == (
            other.low,
            other.high,
            other.prior,
        )

    def __hash__(self) -> int:
        return hash(("Real", self.low, self.high, self.prior))


class Integer(Dimension):
    """An integer parameter in ``[low, high]`` (skopt's ``Integer``)."""

    def __init__(
        self,
        low: int,
        high: int,
        prior: str = "uniform",
        base: int | float = 10,
        transform: str | None = None,
        name: str | None = None,
        dtype: Any = np.int64,
    ) -> None:
        owner = "Integer"
        for label, v in (("low", low), ("high", high)):
            if isinstance(v, bool) or not isinstance(v, _RealNumber) or not float(v).is_integer():
                raise InvalidSpaceError(f"{owner}: {label} must be an integer, got {label}={v!r}")
        if not low < high:
            raise InvalidSpaceError(f"{owner}: low must be < high, got low={low!r}, high={high!r}")
        self.prior = _check_prior(prior, owner)
        if self.prior == "log-uniform" and low < 1:
            raise InvalidSpaceError(
                f"{owner}: low must be >= 1 with prior='log-uniform', got "
                f"low={low!r}, high={high!r}"
            )
        self.low = int(low)
        self.high = int(high)
        self.base = _check_base(base, owner)
        self.transform = _check_transform(transform, ("identity", "normalize"), owner)
        self.name = name
        self.dtype = dtype

    def distribution(self) -> IntDistribution:
        return IntDistribution(self.low, self.high, log=self.prior == "log-uniform")

    def decode(self, stored: Any) -> int:
        return int(stored)

    def __repr__(self) -> str:
        return (
            f"Integer(low={self.low!r}, high={self.high!r}, prior={self.prior!r}, "
            f"base={self.base!r}, transform={self.transform!r}, name={self.name!r})"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Integer) and (self.low, self.high, self.prior) == (
            other.low,
            other.high,
            other.prior,
        )

    def __hash__(self) -> int:
        return hash(("Integer", self.low, self.high, self.prior))


def _storable_choices(categories: Sequence[Any]) -> tuple[Any, ...] | None:
    """The categories as they can be stored in a CategoricalDistribution, or None if they can't."""
    natives = tuple(_native(c) for c in categories)
    try:
        CategoricalDistribution(natives)
    except (InvalidSpaceError, TypeError):
        return None
    return natives


class Categorical(Dimension):
    """One of ``categories`` (skopt's ``Categorical``).

    Categories may be any objects (estimators, tuples, arrays): those a study cannot store as
    values (anything but None/bool/int/float/str, or duplicates) are stored as their index and
    mapped back to the object for the estimator. ``prior`` (a probability per category) is
    accepted for compatibility, but hyperscout's samplers draw categories uniformly; a
    non-uniform prior triggers a warning.
    """

    def __init__(
        self,
        categories: Iterable[Any],
        prior: Sequence[float] | None = None,
        transform: str | None = None,
        name: str | None = None,
    ) -> None:
        owner = "Categorical"
        if isinstance(categories, str | bytes) or not isinstance(categories, Iterable):
            raise InvalidSpaceError(
                f"{owner}: categories must be a list of values, got categories={categories!r}"
            )
        cats = tuple(categories)
        if len(cats) == 0:
            raise InvalidSpaceError(f"{owner}: categories must not be empty, got categories=()")
        self.categories = cats
        if prior is not None:
            p = np.asarray(prior, dtype=float)
            if p.shape != (len(cats),) or np.any(p < 0) or not np.isclose(p.sum(), 1.0):
                raise InvalidSpaceError(
                    f"{owner}: prior must be {len(cats)} non-negative probabilities summing to 1, "
                    f"got prior={prior!r}"
                )
            if not np.allclose(p, 1.0 / len(cats)):
                _warnings.warn(
                    f"Categorical prior={list(prior)!r} is ignored: hyperscout draws categories "
                    "uniformly"
                )
        self.prior = prior
        self.transform = _check_transform(
            transform, ("onehot", "string", "identity", "label"), owner
        )
        self.name = name
        self._stored = _storable_choices(cats)

    @property
    def by_index(self) -> bool:
        """Whether the study stores the index of a category instead of the category itself."""
        return self._stored is None

    def distribution(self) -> CategoricalDistribution:
        if self._stored is None:
            return CategoricalDistribution(tuple(range(len(self.categories))))
        return CategoricalDistribution(self._stored)

    def decode(self, stored: Any) -> Any:
        if self._stored is None:
            return self.categories[int(stored)]
        return stored

    def encode(self, value: Any) -> Any:
        if self._stored is not None:
            return _native(value)
        for i, c in enumerate(self.categories):
            if c is value:
                return i
        for i, c in enumerate(self.categories):
            try:
                if bool(c == value):
                    return i
            except (TypeError, ValueError):
                continue
        raise InvalidArgumentError(
            f"value {value!r} is not one of the categories {self.categories!r}"
        )

    def __repr__(self) -> str:
        return (
            f"Categorical(categories={self.categories!r}, prior={self.prior!r}, "
            f"transform={self.transform!r}, name={self.name!r})"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Categorical) and (
            len(self.categories) == len(other.categories)
            and all(a is b or _safe_equal(a, b) for a, b in zip(self.categories, other.categories))
        )

    def __hash__(self) -> int:
        return hash(("Categorical", len(self.categories)))


def _safe_equal(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


class _DistributionDimension(Dimension):
    """A hyperscout distribution given directly in a search space."""

    def __init__(self, dist: BaseDistribution, name: str | None = None) -> None:
        self.dist = dist
        self.name = name

    def distribution(self) -> BaseDistribution:
        return self.dist

    def decode(self, stored: Any) -> Any:
        return stored

    def __repr__(self) -> str:
        return repr(self.dist)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _DistributionDimension) and self.dist == other.dist

    def __hash__(self) -> int:
        return hash(self.dist)


_LOG_UNIFORM = ("loguniform", "reciprocal")


def scipy_dimension(frozen: Sequence[Any]) -> Dimension | None:
    """How parameters drawn from scipy.stats frozen distributions (scikit-learn's
    ``param_distributions`` convention) are stored in a study: over the distributions' finite
    support, on a log scale for ``loguniform``/``reciprocal`` (without ``loc``), as integers for
    discrete distributions (``randint``: ``[low, high - 1]``). ``None`` when a distribution has
    no finite support (``norm``, ``expon``, ``poisson``...) or is not a frozen scipy
    distribution: the caller then records the range of the drawn values. Several distributions
    for one name (a list of dicts) are stored over the union of their supports.
    """
    lows: list[float] = []
    highs: list[float] = []
    logs: list[bool] = []
    discrete: list[bool] = []
    for d in frozen:
        dist = getattr(d, "dist", None)
        if dist is None or not hasattr(d, "support"):
            return None
        try:
            low, high = (float(v) for v in d.support())
        except (TypeError, ValueError):
            return None
        if not (math.isfinite(low) and math.isfinite(high)) or not low < high:
            return None
        kwds = getattr(d, "kwds", {}) or {}
        loc = kwds.get("loc", d.args[2] if len(getattr(d, "args", ())) > 2 else 0)
        name = getattr(dist, "name", "")
        lows.append(low)
        highs.append(high)
        logs.append(name in _LOG_UNIFORM and loc == 0 and low > 0)
        discrete.append(hasattr(dist, "pmf"))
    if not frozen or len(set(discrete)) != 1:
        return None
    low, high = min(lows), max(highs)
    if discrete[0]:
        return _DistributionDimension(IntDistribution(int(math.ceil(low)), int(math.floor(high))))
    return _DistributionDimension(FloatDistribution(low, high, log=all(logs)))


def check_dimension(dimension: Any) -> Dimension:
    """Turn one search-space entry into a :class:`Dimension` (see the module docstring)."""
    if isinstance(dimension, Dimension):
        return dimension
    if isinstance(dimension, BaseDistribution):
        return _DistributionDimension(dimension)
    if isinstance(dimension, tuple) and 2 <= len(dimension) <= 4:
        low, high, *rest = dimension
        rest_ok = (not rest or isinstance(rest[0], str)) and (
            len(rest) < 2 or (isinstance(rest[1], _RealNumber) and not isinstance(rest[1], bool))
        )
        numeric = all(isinstance(v, _RealNumber) and not isinstance(v, bool) for v in (low, high))
        if rest_ok and numeric:
            if isinstance(low, Integral) and isinstance(high, Integral):
                return Integer(int(low), int(high), *rest)
            return Real(float(low), float(high), *rest)
        if len({type(v) for v in dimension}) > 1:
            _warnings.warn(
                f"{dimension!r} is treated as a categorical dimension, but it looks like a "
                "misspelled (low, high, prior) tuple; pass a list or a Categorical to silence this"
            )
    if isinstance(dimension, str | bytes) or not isinstance(dimension, Iterable):
        raise InvalidSpaceError(
            "a search-space entry must be a (low, high[, prior[, base]]) tuple, a list of "
            "categories, a Real/Integer/Categorical or a hyperscout distribution, got "
            f"{dimension!r}"
        )
    return Categorical(list(dimension))
