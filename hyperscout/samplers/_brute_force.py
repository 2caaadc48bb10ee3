"""Exhaustive search of a define-by-run space of discrete parameters.

Unlike :class:`GridSampler`, the space need not be written down first: the objective's own
``suggest_*`` calls define it, conditional parameters included. The trials so far form a tree
(one level per parameter, in suggestion order); each suggestion picks, at random, a value whose
subtree still has an untried point, and the study stops once none is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
    _float_step_count,
    _step_value,
)
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.samplers._base import BaseSampler, stream_seed
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["BruteForceSampler"]


def _grid(dist: BaseDistribution) -> tuple[float, ...]:
    """Every value of a discrete distribution, in the internal representation."""
    if isinstance(dist, CategoricalDistribution):
        return tuple(float(i) for i in range(len(dist.choices)))
    if isinstance(dist, IntDistribution):
        return tuple(float(v) for v in range(dist.low, dist.high + 1, dist.step))
    if isinstance(dist, FloatDistribution):
        if dist.step is None:
            raise InvalidArgumentError(
                f"BruteForceSampler needs a finite space: give suggest_float a step, got {dist!r}"
            )
        n = _float_step_count(dist.low, dist.high, dist.step)
        return tuple(_step_value(dist.low, dist.high, dist.step, k) for k in range(n + 1))
    raise InvalidTypeError(f"unknown distribution {dist!r}")


def _index(values: tuple[float, ...], internal: float) -> int | None:
    """Position of ``internal`` among ``values`` (tolerant of float rounding), or ``None``."""
    for i, v in enumerate(values):
        if v == internal or abs(v - internal) <= 1e-9 * max(1.0, abs(v)):
            return i
    return None


class _Node:
    """One parameter level of the tree of trials."""

    __slots__ = ("children", "finished", "name", "running", "values")

    def __init__(self) -> None:
        self.name: str | None = None
        self.values: tuple[float, ...] = ()
        self.children: dict[int, _Node] = {}
        self.finished = False  # a finished trial ended here
        self.running = False  # a running trial is here

    def add(self, path: list[tuple[str, BaseDistribution, float]]) -> _Node | None:
        node = self
        for name, dist, internal in path:
            values = _grid(dist)
            if node.name is None:
                node.name, node.values = name, values
            elif node.name != name or node.values != values:
                return None  # another branch structure: not part of this tree
            i = _index(values, internal)
            if i is None:
                return None  # off the grid (e.g. an enqueued value)
            node = node.children.setdefault(i, _Node())
        return node

    def is_open(self, count_running: bool) -> bool:
        """Whether some point below this node is still untried."""
        if self.name is None:
            return not (self.finished or (count_running and self.running))
        return any(self._child_open(i, count_running) for i in range(len(self.values)))

    def _child_open(self, i: int, count_running: bool) -> bool:
        child = self.children.get(i)
        return child is None or child.is_open(count_running)

    def open_children(self, count_running: bool) -> list[int]:
        return [i for i in range(len(self.values)) if self._child_open(i, count_running)]


class BruteForceSampler(BaseSampler):
    """Tries every combination of a discrete define-by-run space once, then stops the study
    (Optuna's ``BruteForceSampler``).

    Every suggested parameter must be categorical, an int or a float with ``step``. With
    ``avoid_premature_stop=True`` a running trial does not count as trying its point, so that
    with several workers a point whose trial fails is not lost (at the cost of some repeats).
    """

    def __init__(self, seed: int | None = None, avoid_premature_stop: bool = False) -> None:
        self._seed = seed
        self._rng = np.random.RandomState(seed)
        self._count_running = not avoid_premature_stop

    def reseed_rng(self, stream: int | None = None) -> None:
        self._rng = np.random.RandomState(stream_seed(self._seed, stream))

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        return {}

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        return {}

    @staticmethod
    def _tree(
        trials: list[FrozenTrial], prefix: dict[str, float], root: _Node | None = None
    ) -> _Node:
        tree = root if root is not None else _Node()
        for t in trials:
            internal = t.internal_params
            if any(internal.get(n) != v for n, v in prefix.items()):
                continue
            path = [(n, d, internal[n]) for n, d in t.distributions.items() if n not in prefix]
            leaf = tree.add(path)
            if leaf is None:
                continue
            if t.state.is_finished():
                leaf.finished = True
            else:
                leaf.running = True
        return tree

    def _others(self, study: Study, trial: FrozenTrial) -> list[FrozenTrial]:
        return [
            t
            for t in study.get_trials(deepcopy=False)
            if t.state != TrialState.WAITING and t.number != trial.number
        ]

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        root = _Node()
        root.name, root.values = param_name, _grid(param_distribution)
        tree = self._tree(self._others(study, trial), dict(trial.internal_params), root)
        choices = tree.open_children(self._count_running)
        if not choices:  # everything below this prefix was tried: any value will do
            choices = list(range(len(tree.values)))
        pick = choices[int(self._rng.randint(len(choices)))]
        return param_distribution.to_external_repr(tree.values[pick])

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        done = trial._evolve(state=state)
        tree = self._tree([*self._others(study, trial), done], {})
        if not tree.is_open(self._count_running) and study.is_optimizing:
            study.stop()
