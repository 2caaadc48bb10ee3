"""NSGA-II and NSGA-III samplers, with every generation recorded in the storage.

Generations. Each trial gets the system attribute ``"nsga2:generation"`` (Optuna's key; NSGA-III
uses ``"nsga3:generation"``) when it starts: one more than the last *full* generation, a
generation being full once ``population_size`` of its trials are COMPLETE. Generation 0 is
random. The elite of full generation ``g`` (``population_size`` trials chosen from the first
``population_size`` trials of generation ``g`` to complete and the elite of ``g - 1``) is computed
once and written to the study's system attribute ``"nsga2:elite:<g>"`` (a list of trial
numbers) only if no worker wrote it first (the storage's atomic
``set_study_system_attr_if_absent``); every process, and every later session, reads it from
there, so several workers on
one storage and a restarted study continue the same sequence of generations. Each process also
keeps the elites it has read and counts finished trials once, so a suggestion looks only at
trials that are new or still running, and never repeats a selection. A child's
parents are recorded on it as ``"nsga2:parents"`` (trial numbers).

Children. Parents are drawn by binary tournament over the elite (lower constrained-domination
rank wins, then larger crowding distance); with probability ``crossover_prob`` the child is
their crossover (``crossover`` for numerical parameters, a uniform crossover with
``swapping_prob`` for categorical ones), otherwise a copy of one elite member; then each
parameter is mutated, i.e. drawn at random, with probability ``mutation_prob`` (default
``1 / number of parameters``). Parameters outside the space that every member of the elite
shares are drawn at random (as are all parameters of generation 0).

Constraints (``constraints_func``): stored per trial; selection uses constrained domination
(feasible beats infeasible, less total violation beats more, and among feasible trials Pareto
domination), Deb et al. 2002.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Sequence
from numbers import Integral
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.samplers._base import BaseSampler, reseed_sampler, stream_seed
from hyperscout.samplers._constraints import (
    ConstraintsFunc,
    check_constraints_func,
    store_constraints,
    violation,
)
from hyperscout.samplers._random import RandomSampler
from hyperscout.samplers.nsga._crossovers import BaseCrossover, UniformCrossover
from hyperscout.samplers.nsga._selection import (
    crowding_distance,
    das_dennis,
    fronts,
    select_nsga2,
    select_nsga3,
)
from hyperscout.study._direction import StudyDirection
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["NSGAIIISampler", "NSGAIISampler"]

_MAX_PENDING = 256
_MAX_REDRAWS = 16


def _prob(name: str, value: Any, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    ok = isinstance(value, int | float) and not isinstance(value, bool) and 0.0 <= value <= 1.0
    if not ok:
        extra = "None or " if allow_none else ""
        raise InvalidArgumentError(
            f"{name} must be {extra}a number in [0, 1], got {name}={value!r}"
        )
    return float(value)


class _Elite:
    """The elite of one generation: its trials, the tournament keys of each member, and the
    search space they all share (what a crossover can combine)."""

    def __init__(self, members: list[FrozenTrial], rank: np.ndarray, crowd: np.ndarray) -> None:
        self.members, self.rank, self.crowd = members, rank, crowd
        self.numbers = [t.number for t in members]
        space = dict(members[0].distributions) if members else {}
        for t in members[1:]:
            space = {n: d for n, d in space.items() if t.distributions.get(n) == d}
        self.space = {n: d for n, d in sorted(space.items()) if not d.single()}


class _Scan:
    """Per study: how many trials of each generation are COMPLETE, updated incrementally
    (finished trials never change, so each is counted once, when first seen finished)."""

    def __init__(self) -> None:
        self.scanned = 0
        self.unfinished: list[int] = []
        self.counts: dict[int, int] = {}

    def update(self, trials: list[FrozenTrial], key: str) -> None:
        if len(trials) < self.scanned:  # not the trial list we were reading: start again
            self.__init__()  # type: ignore[misc]
        still: list[int] = []
        for pos in [*self.unfinished, *range(self.scanned, len(trials))]:
            t = trials[pos]
            if not t.state.is_finished():
                still.append(pos)
            elif t.state == TrialState.COMPLETE:
                g = t.system_attrs.get(key)
                if g is not None:
                    self.counts[g] = self.counts.get(g, 0) + 1
        self.scanned = len(trials)
        self.unfinished = still


class NSGAIISampler(BaseSampler):
    """NSGA-II (Deb, Pratap, Agarwal and Meyarivan 2002); see the module docstring.

    Args (Optuna's names and defaults):
        population_size: trials per generation (>= 2 and >= ``crossover.n_parents``).
        mutation_prob: probability of drawing each parameter of a child at random;
            ``None``: ``1 / number of parameters``.
        crossover: a :class:`~hyperscout.samplers.nsga.BaseCrossover` for numerical
            parameters; ``None``: ``UniformCrossover(swapping_prob)``.
        crossover_prob: probability that a child is a crossover rather than a copy.
        swapping_prob: for the uniform crossover (categorical parameters always use it).
        seed: makes the proposals deterministic for a given history.
        constraints_func: ``FrozenTrial -> sequence of floats`` (``> 0``: violated).
    """

    _prefix = "nsga2"

    def __init__(
        self,
        *,
        population_size: int = 50,
        mutation_prob: float | None = None,
        crossover: BaseCrossover | None = None,
        crossover_prob: float = 0.9,
        swapping_prob: float = 0.5,
        seed: int | None = None,
        constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
    ) -> None:
        if isinstance(population_size, bool) or not isinstance(population_size, Integral):
            raise InvalidTypeError(
                f"population_size must be an int, got population_size={population_size!r}"
            )
        if population_size < 2:
            raise InvalidArgumentError(
                f"population_size must be >= 2, got population_size={population_size}"
            )
        self._mutation_prob: float | None = _prob("mutation_prob", mutation_prob, allow_none=True)
        crossover_p = _prob("crossover_prob", crossover_prob)
        assert crossover_p is not None
        self._crossover_prob: float = crossover_p
        swapping = _prob("swapping_prob", swapping_prob)
        assert swapping is not None
        self._swapping_prob: float = swapping
        if crossover is None:
            crossover = UniformCrossover(swapping)
        if not isinstance(crossover, BaseCrossover):
            raise InvalidTypeError(
                "crossover must be None or a BaseCrossover (UniformCrossover, BLXAlphaCrossover, "
                f"SBXCrossover, SPXCrossover, UNDXCrossover, VSBXCrossover), got {crossover!r}"
            )
        if population_size < crossover.n_parents:
            raise InvalidArgumentError(
                f"population_size must be >= {crossover.n_parents} (the parents {crossover} "
                f"needs), got population_size={population_size}"
            )
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, Integral)):
            raise InvalidTypeError(f"seed must be an int or None, got seed={seed!r}")
        self._population_size: int = int(population_size)
        self._crossover: BaseCrossover = crossover
        self._seed: int | None = None if seed is None else int(seed)
        self._rng: np.random.RandomState = np.random.RandomState(self._seed)
        self._random: RandomSampler = RandomSampler(seed=seed)
        self._constraints_func: ConstraintsFunc | None = check_constraints_func(constraints_func)
        self._scans: dict[tuple[int, int], _Scan] = {}
        self._elites: dict[tuple[int, int, int], _Elite] = {}
        self._pending: dict[int, tuple[int, _Elite | None]] = {}
        self._lock: threading.RLock = threading.RLock()

    @property
    def _generation_key(self) -> str:
        return f"{self._prefix}:generation"

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()

    def reseed_rng(self, stream: int | None = None) -> None:
        with self._lock:
            self._rng = np.random.RandomState(stream_seed(self._seed, stream))
            reseed_sampler(self._random, stream)

    # --- generations ---------------------------------------------------------------------------
    def _parents(self, study: Study) -> tuple[int, _Elite | None]:
        """The last full generation and its elite (``-1, None`` while generation 0 fills)."""
        trials = study.get_trials(deepcopy=False)
        key = self._generation_key
        study_key = (id(study.storage), study.study_id)
        scan = self._scans.get(study_key)
        if scan is None:
            scan = self._scans[study_key] = _Scan()
        scan.update(trials, key)
        counts = scan.counts
        generation, elite = -1, None
        study_attrs: dict[str, Any] | None = None
        while counts.get(generation + 1, 0) >= self._population_size:
            generation += 1
            cache_key = (*study_key, generation)
            cached = self._elites.get(cache_key)
            if cached is None:
                if study_attrs is None:
                    study_attrs = study.system_attrs
                attr = f"{self._prefix}:elite:{generation}"
                numbers = study_attrs.get(attr)
                if numbers is None:
                    members = _first_complete(trials, key, generation, self._population_size)
                    if elite is not None:
                        members += [trials[n] for n in elite.numbers]
                    # Two workers can fill a generation at the same moment and select from
                    # slightly different sets: the first elite stored is the generation's, and
                    # a worker whose write came second breeds from that one, not its own.
                    numbers = study.storage.set_study_system_attr_if_absent(
                        study.study_id, attr, self._select(study, members, generation)
                    )
                if not _all_complete(trials, numbers):
                    # The stored elite was chosen by a worker that saw a trial complete which
                    # this worker's list still shows running (its completion time is earlier
                    # than its commit): read the trials again, now that they are stored.
                    trials = study.get_trials(deepcopy=False)
                cached = self._tournament_keys(study, [trials[n] for n in numbers])
                self._elites[cache_key] = cached
            elite = cached
        return generation, elite

    def _losses(self, study: Study, members: list[FrozenTrial]) -> tuple[np.ndarray, np.ndarray]:
        signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in study.directions])
        loss = np.array([t.values for t in members], dtype=float) * signs
        if self._constraints_func is None:
            return loss, np.zeros(len(members))
        return loss, np.array([violation(t) for t in members])

    def _select(self, study: Study, members: list[FrozenTrial], generation: int) -> list[int]:
        loss, viol = self._losses(study, members)
        rows = select_nsga2(loss, viol, self._population_size)
        return [members[i].number for i in rows]

    def _tournament_keys(self, study: Study, members: list[FrozenTrial]) -> _Elite:
        loss, viol = self._losses(study, members)
        rank = np.zeros(len(members), dtype=int)
        crowd = np.zeros(len(members))
        for r, front in enumerate(fronts(loss, viol)):
            rank[front] = r
            crowd[front] = crowding_distance(loss[front])
        return _Elite(list(members), rank, crowd)

    # --- the seam ------------------------------------------------------------------------------
    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        with self._lock:
            generation, elite = self._parents(study)
            study.storage.set_trial_system_attr(
                trial.trial_id, self._generation_key, generation + 1
            )
            self._pending[trial.trial_id] = (generation, elite)
            while len(self._pending) > _MAX_PENDING:
                self._pending.pop(next(iter(self._pending)))

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        with self._lock:
            pending = self._pending.get(trial.trial_id)
            _, elite = pending if pending is not None else self._parents(study)
            return {} if elite is None else dict(elite.space)

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        if not search_space:
            return {}
        with self._lock:
            pending = self._pending.pop(trial.trial_id, None)
            _, elite = pending if pending is not None else self._parents(study)
            if elite is None:
                return {}
            members = elite.members
            if search_space.keys() <= elite.space.keys():
                usable = list(range(len(members)))
            else:
                usable = [
                    i
                    for i, t in enumerate(members)
                    if all(t.distributions.get(n) == d for n, d in search_space.items())
                ]
            if len(usable) < self._crossover.n_parents:
                return {}
            if self._rng.rand() < self._crossover_prob:
                parents = self._tournament(elite, usable, self._crossover.n_parents)
                child = self._cross(study, [members[i] for i in parents], search_space)
            else:
                parents = [usable[self._rng.randint(len(usable))]]
                child = {n: members[parents[0]].params[n] for n in search_space}
            study.storage.set_trial_system_attr(
                trial.trial_id,
                f"{self._prefix}:parents",
                [elite.numbers[i] for i in parents],
            )
            p = self._mutation_prob
            if p is None:
                p = 1.0 / max(1, len(child))
            return {n: v for n, v in child.items() if self._rng.rand() >= p}

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        return self._random.sample_independent(study, trial, param_name, param_distribution)

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        with self._lock:
            self._pending.pop(trial.trial_id, None)
        if self._constraints_func is not None:
            store_constraints(self._constraints_func, study, trial, state, values)

    # --- children ------------------------------------------------------------------------------
    def _tournament(self, elite: _Elite, usable: list[int], k: int) -> list[int]:
        chosen: list[int] = []
        for _ in range(k):
            pool = [i for i in usable if i not in chosen]
            a = pool[self._rng.randint(len(pool))]
            b = pool[self._rng.randint(len(pool))]
            key_a = (elite.rank[a], -elite.crowd[a])
            key_b = (elite.rank[b], -elite.crowd[b])
            chosen.append(a if key_a <= key_b else b)
        return chosen

    def _cross(
        self, study: Study, parents: list[FrozenTrial], space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        child: dict[str, Any] = {}
        numeric = [n for n, d in space.items() if not isinstance(d, CategoricalDistribution)]
        for name, dist in space.items():
            if isinstance(dist, CategoricalDistribution):
                src = parents[-1] if self._rng.rand() < self._swapping_prob else parents[0]
                child[name] = src.params[name]
        if not numeric:
            return child
        dists = [space[n] for n in numeric]
        bounds = np.array([_bounds(d) for d in dists])
        x = np.array(
            [[_encode(d, p.internal_params[n]) for n, d in zip(numeric, dists)] for p in parents]
        )
        for _ in range(_MAX_REDRAWS):
            row = np.asarray(self._crossover.crossover(x, self._rng, study, bounds), dtype=float)
            if np.all((row >= bounds[:, 0]) & (row <= bounds[:, 1])):
                break
        row = np.clip(row, bounds[:, 0], bounds[:, 1])
        for n, d, v in zip(numeric, dists, row):
            child[n] = d.to_external_repr(_decode(d, float(v)))
        return child


class NSGAIIISampler(NSGAIISampler):
    """NSGA-III (Deb and Jain 2014): NSGA-II whose last front is cut by niching around
    reference points instead of crowding distance, which keeps many-objective fronts spread.

    The arguments are those of :class:`NSGAIISampler`, plus ``reference_points`` (rows on the
    unit simplex, one column per objective; default Das–Dennis points with
    ``dividing_parameter`` divisions, Optuna's default 3).
    """

    _prefix = "nsga3"

    def __init__(
        self,
        *,
        population_size: int = 50,
        mutation_prob: float | None = None,
        crossover: BaseCrossover | None = None,
        crossover_prob: float = 0.9,
        swapping_prob: float = 0.5,
        seed: int | None = None,
        constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
        reference_points: np.ndarray | None = None,
        dividing_parameter: int = 3,
    ) -> None:
        super().__init__(
            population_size=population_size,
            mutation_prob=mutation_prob,
            crossover=crossover,
            crossover_prob=crossover_prob,
            swapping_prob=swapping_prob,
            seed=seed,
            constraints_func=constraints_func,
        )
        if (
            isinstance(dividing_parameter, bool)
            or not isinstance(dividing_parameter, Integral)
            or dividing_parameter < 1
        ):
            raise InvalidArgumentError(
                f"dividing_parameter must be an int >= 1, got dividing_parameter="
                f"{dividing_parameter!r}"
            )
        self._dividing_parameter: int = int(dividing_parameter)
        self._reference_points: np.ndarray | None = None
        if reference_points is not None:
            refs = np.asarray(reference_points, dtype=float)
            if (
                refs.ndim != 2
                or refs.shape[0] == 0
                or np.any(refs < 0)
                or np.any(refs.sum(axis=1) <= 0)
            ):
                raise InvalidArgumentError(
                    "reference_points must be a non-empty 2-D array of non-negative rows, none "
                    f"all zero, got shape {refs.shape}"
                )
            self._reference_points = refs

    def _select(self, study: Study, members: list[FrozenTrial], generation: int) -> list[int]:
        loss, viol = self._losses(study, members)
        m = loss.shape[1]
        refs = self._reference_points
        if refs is None:
            refs = das_dennis(m, self._dividing_parameter)
        elif refs.shape[1] != m:
            raise InvalidArgumentError(
                f"reference_points must have one column per objective ({m}), got shape {refs.shape}"
            )
        # A generation-seeded stream: every process picks the same elite.
        rng = np.random.RandomState([0 if self._seed is None else self._seed, generation])
        rows = select_nsga3(loss, viol, self._population_size, refs, rng)
        return [members[i].number for i in rows]


def _all_complete(trials: list[FrozenTrial], numbers: list[int]) -> bool:
    return all(n < len(trials) and trials[n].state == TrialState.COMPLETE for n in numbers)


def _first_complete(
    trials: list[FrozenTrial], key: str, generation: int, size: int
) -> list[FrozenTrial]:
    """The first ``size`` trials of ``generation`` to complete (by completion time, then
    number). Once a generation is full this set no longer changes, whichever worker looks and
    whenever, so concurrent workers select the same elite; trials of the generation that
    complete later are evaluated but do not enter the selection."""
    done = [
        t
        for t in trials
        if t.state == TrialState.COMPLETE and t.system_attrs.get(key) == generation
    ]
    done.sort(key=lambda t: (t.datetime_complete or datetime.datetime.max, t.number))
    return done[:size]


def _bounds(dist: BaseDistribution) -> tuple[float, float]:
    """The box a crossover works in: log scale where the distribution is log, half a step
    wider on each side for discrete values (so each value gets its share when rounded)."""
    assert isinstance(dist, FloatDistribution | IntDistribution)
    half = 0.0 if dist.step is None else 0.5 * float(dist.step)
    low, high = dist.low - half, dist.high + half
    if dist.log:
        return float(np.log(max(low, 1e-300))), float(np.log(high))
    return float(low), float(high)


def _encode(dist: BaseDistribution, internal: float) -> float:
    assert isinstance(dist, FloatDistribution | IntDistribution)
    return float(np.log(internal)) if dist.log else float(internal)


def _decode(dist: BaseDistribution, value: float) -> float:
    """Back to an internal value in the distribution: unlog, snap to the step, clip."""
    assert isinstance(dist, FloatDistribution | IntDistribution)
    x = float(np.exp(value)) if dist.log else value
    if dist.step is not None:
        x = dist.low + round((x - dist.low) / dist.step) * dist.step
    return float(min(max(x, dist.low), dist.high))
