"""A finite product of value lists, handed out point by point through storage claims.

Used by :class:`GridSampler` (every point once) and by :class:`RandomSampler` when every entry of
its search space is a list (sampling without replacement). A point's claim key is its index in
the product, so two processes with the same space agree on what a key means.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from hyperscout.distributions import CategoricalDistribution
from hyperscout.exceptions import InvalidSpaceError

# Below this many points a seeded permutation is kept; above, indices are drawn with rejection.
_PERMUTE_LIMIT = 1_000_000
# How many unclaimed candidates to offer per trial (more are fetched if other workers race us).
_BATCH = 8


def validate_value_lists(
    search_space: Mapping[str, Sequence[Any]], owner: str
) -> dict[str, tuple[Any, ...]]:
    if not isinstance(search_space, Mapping) or len(search_space) == 0:
        raise InvalidSpaceError(
            f"{owner}: search_space must be a non-empty dict, got {search_space!r}"
        )
    out: dict[str, tuple[Any, ...]] = {}
    for name, values in search_space.items():
        if not isinstance(name, str):
            raise InvalidSpaceError(f"{owner}: parameter names must be str, got {name!r}")
        if hasattr(values, "tolist") and getattr(values, "ndim", 0) == 1:
            values = values.tolist()  # a numpy array of values, as Optuna accepts
        if isinstance(values, str | bytes) or not isinstance(values, Sequence):
            raise InvalidSpaceError(
                f"{owner}: the values of {name!r} must be a list, got {values!r}"
            )
        try:
            CategoricalDistribution(tuple(values))  # same storability rules as choices
        except InvalidSpaceError as err:
            raise InvalidSpaceError(f"{owner}: parameter {name!r}: {err}") from None
        out[name] = tuple(values)
    return out


class FiniteSpace:
    def __init__(
        self, search_space: Mapping[str, Sequence[Any]], seed: int | None, prefix: str
    ) -> None:
        owner = "GridSampler" if prefix == "grid" else "RandomSampler"
        self.space = validate_value_lists(search_space, owner)
        self.names = sorted(self.space)
        self.sizes = [len(self.space[n]) for n in self.names]
        self.size = math.prod(self.sizes)
        self._prefix = prefix
        self._seed = seed
        self._rng = np.random.RandomState(seed)
        self._order: np.ndarray | None = None

    def reseed(self) -> None:
        if self._seed is None:
            self._rng = np.random.RandomState()
            self._order = None

    def key(self, index: int) -> str:
        return f"{self._prefix}:{index}"

    def params(self, index: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, size in zip(reversed(self.names), reversed(self.sizes)):
            index, pos = divmod(index, size)
            out[name] = self.space[name][pos]
        return {n: out[n] for n in self.names}

    def claimed_indices(self, claimed: set[str]) -> set[int]:
        prefix = self._prefix + ":"
        out = set()
        for key in claimed:
            if key.startswith(prefix) and key[len(prefix) :].isdigit():
                index = int(key[len(prefix) :])
                if index < self.size:
                    out.add(index)
        return out

    def unclaimed(self, claimed: set[str]) -> list[tuple[str, dict[str, Any]]]:
        taken = sum(1 for k in claimed if k.startswith(self._prefix + ":"))
        if taken >= self.size:
            return []
        picks: list[int] = []
        if self.size <= _PERMUTE_LIMIT:
            if self._order is None:
                self._order = self._rng.permutation(self.size)
            for index in self._order:
                if self.key(int(index)) not in claimed:
                    picks.append(int(index))
                    if len(picks) == _BATCH:
                        break
        else:
            while len(picks) < _BATCH:
                index = int(self._rng.randint(self.size))
                if self.key(index) not in claimed and index not in picks:
                    picks.append(index)
        return [(self.key(i), self.params(i)) for i in picks]
