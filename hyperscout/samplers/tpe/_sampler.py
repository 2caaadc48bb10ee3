"""The Tree-structured Parzen Estimator (TPE) sampler.

TPE (Bergstra et al. 2011) splits the finished trials into a *good* group, the best
``gamma(n)`` of ``n``, and a *bad* group, the rest; it models the parameters of each group with
a Parzen estimator, ``l(x)`` for the good and ``g(x)`` for the bad, draws ``n_ei_candidates``
candidates from ``l`` and proposes the one with the largest ``l(x) / g(x)``, which maximises
expected improvement under the TPE model.

Defaults, and why. References: Bergstra, Bardenet, Bengio and Kegl 2011, "Algorithms for
hyper-parameter optimization" (the TPE algorithm); Bergstra, Yamins and Cox 2013, "Making a
science of model search" (TPE at scale, hyperopt's settings); Watanabe 2023, "Tree-structured
Parzen estimator: understanding its algorithm components and their roles for better empirical
performance" (an ablation of every component below); Falkner, Klein and Hutter 2018, "BOHB"
(multivariate kernel density estimates); Ginsbourger, Le Riche and Carraro 2010 (constant liar).

- ``n_startup_trials=10``: TPE starts from random points (Bergstra 2011), so that both groups
  hold observations before the density ratio is trusted; 10 is Optuna's choice and keeps the
  random phase short for the small budgets TPE is used with.
- ``gamma(n) = min(ceil(0.1 n), 25)``: the good group is a quantile of the observations
  (Bergstra 2011). Watanabe 2023 compares a linear split (``beta * n``) with a square-root one
  (``beta * sqrt(n)``); the linear one with a small ``beta`` exploits more and is the common
  default. The cap of 25 keeps ``l(x)`` a sharp, local model once hundreds of trials exist.
  :func:`hyperopt_default_gamma` (``ceil(0.25 sqrt(n))``) is the more exploratory option.
- ``weights``: linear forgetting (Bergstra 2013, hyperopt's default): the 25 most recent
  observations of a group weigh 1 and older ones decay linearly, so the random start fades.
- ``consider_prior=True, prior_weight=1.0``: one broad kernel at the centre of each range (a
  uniform for categoricals), weighing as one observation (Bergstra 2011). Watanabe 2023 finds
  the prior makes TPE more robust; it also keeps every density positive everywhere.
- ``consider_magic_clip=True``: no bandwidth below ``range / min(100, 1 + k)`` for ``k`` kernels,
  the prior included (hyperopt's "magic clip", analysed in Watanabe 2023); without it a kernel
  can collapse onto a point and TPE stops exploring around it.
- ``consider_endpoints=False``: the ends of the range do not count as neighbours when kernels
  are sized with Bergstra 2011's rule (each kernel as wide as the larger gap to its sorted
  neighbours); counting them only narrows the kernels next to the edges.
- ``n_ei_candidates=24``: hyperopt's number of candidates (Bergstra 2013). More candidates
  exploit more, fewer explore more (Watanabe 2023).
- ``multivariate=None`` (Optuna 5's default): joint models for one objective, one model per
  parameter for several. Joint models are product kernels, each dimension sized by the
  neighbour rule above (as Optuna 4.x/5 does); Watanabe 2023 finds joint models better on most
  benchmarks, and so does our suite (``benchmarks/results/bbo``: mean normalised score at 50
  evaluations 37 with independent models, 50 with joint ones; Scott's-rule bandwidths for the
  joint kernels scored 15 points lower at 20 evaluations, see ``tpe_bandwidth.md``). Parameters
  outside the
  space every finished trial shares are sampled on their own with a warning; ``group=True``
  models conditional parameters jointly within the groups that occur together.
  ``multivariate=False`` is the original per-parameter TPE.
- ``constant_liar=True`` (Optuna 5's default): running trials count as bad observations
  (Ginsbourger 2010's constant liar, with the worst value), so that parallel workers do not
  propose the same point. In a sequential run nothing else is running and it changes nothing.
- Categorical parameters use the Aitchison–Aitken kernel discussed in Watanabe 2023: mass
  ``1 - b`` on the observed choice and ``b / (C - 1)`` on each other one, with
  ``b = (C - 1) / C / (1 + n)`` so that it sharpens as observations accumulate, as the
  numerical bandwidths do.

Constraints (``constraints_func``, Optuna's argument): each finished trial's constraint values are
stored on it (``FrozenTrial.constraints``, feasible when all are ``<= 0``); trials that violate a
constraint go to the bad group unless there are too few feasible ones, and then the least
violating join the good group first (Optuna's rule).

Pruned trials are evidence too: they rank below every complete trial, among themselves by how
far they got (their last reported step, larger is better) and then by the value reported there;
pruned trials that reported nothing rank last. Failed trials are ignored.

Several objectives (MOTPE, Ozaki et al. 2020 and 2022): the good group is made of whole
non-dominated fronts of the complete trials, best first, and the front that does not fit is cut
by crowding distance (NSGA-II's, Deb et al. 2002; the MOTPE papers use hypervolume
contributions, which cost more to compute in many dimensions). Its members weigh the same; the
bad group keeps the forgetting weights. Pruned trials carry no objective values there and only
join the bad group. ``multivariate=None`` means independent models in this case (Optuna 5's
rule). Finding the fronts costs O(n^2) per suggestion, so many-objective studies with thousands
of trials are slower than single-objective ones.

Cost per suggestion: finished trials never change, so each is read once, when it is first seen
finished, and appended to per-parameter arrays (see :mod:`._observations`); a suggestion only
looks at trials that are new or still running. The complete trials are kept ranked by value
between suggestions (new ones are merged in; ties rank the older trial first), so the split
reads the first ``gamma(n)`` rows, and the models are numpy operations over all kernels and
dimensions at once (``l`` has at most ``gamma(n) + 1`` kernels). ``g`` keeps at most 256 of the
bad group's observations, chosen by systematic resampling of their weights (see :mod:`._parzen`):
an unbiased, deterministic estimate of the full mixture whose cost stops growing. The kept rows
are chosen before any value is read, so only those 256 rows are gathered
(``benchmarks/results/tpe_overhead.md`` has the times; the cost of the thinning in search
quality is measured in ``benchmarks/results/tpe_quality.md``). What depends only on a group's
size (its default weights and their thinning) or only on the search space (the modelling
layout, :class:`~._parzen.Dimensions`) is kept between suggestions, range checks that the
columns' extents already answer are skipped, and ``exp`` is not called where it underflows to
0.0; none of this changes a proposal (``tests/samplers/test_tpe_exactness.py``). The
observation store lists trials in the order the sampler saw them finish: with parallel workers
a sampler that followed the study and one that reads it afresh can weigh them differently. The
sampler is thread-safe (one lock) and picklable (for process workers).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout import _warnings
from hyperscout.distributions import BaseDistribution
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.samplers._base import BaseSampler, startup_done, stream_seed
from hyperscout.samplers._constraints import (
    ConstraintsFunc,
    check_constraints_func,
    store_constraints,
)
from hyperscout.samplers._random import sample_uniform
from hyperscout.samplers.tpe._observations import (
    Key,
    ObservationStore,
    Snapshot,
    lie_values,
    param_key,
    running_params,
)
from hyperscout.samplers.tpe._parzen import (
    MAX_KERNELS,
    Dimension,
    Dimensions,
    ParzenEstimator,
    dimension_of,
    thin_rows,
)
from hyperscout.study._direction import StudyDirection

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial, TrialState

__all__ = ["TPESampler", "default_gamma", "default_weights", "hyperopt_default_gamma"]

_MAX_SNAPSHOTS = 64
# Group sizes whose default weights (and thinning) are kept: a suggestion needs two or three.
_MAX_CACHED_SIZES = 8
# Search spaces (tuples of distributions) whose modelling layout is kept.
_MAX_CACHED_SPACES = 256


def default_gamma(n: int) -> int:
    """Size of the good group for ``n`` finished trials: 10 %, rounded up, at most 25."""
    return min(math.ceil(0.1 * n), 25)


def hyperopt_default_gamma(n: int) -> int:
    """hyperopt's split: ``ceil(0.25 * sqrt(n))``, at most 25 (more exploratory)."""
    return min(math.ceil(0.25 * math.sqrt(n)), 25)


def default_weights(n: int) -> np.ndarray:
    """Weights of ``n`` observations, oldest first: linear forgetting (Bergstra et al. 2013).

    The 25 most recent weigh 1; older ones ramp up linearly from ``1 / n``.
    """
    if n < 25:
        return np.ones(n)
    return np.concatenate((np.linspace(1.0 / n, 1.0, num=n - 25), np.ones(25)))


def _check_bool(name: str, value: Any, allow_none: bool = False) -> None:
    if allow_none and value is None:
        return
    if not isinstance(value, bool | np.bool_):
        extra = " or None" if allow_none else ""
        raise InvalidTypeError(f"{name} must be a bool{extra}, got {name}={value!r}")


def _check_int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise InvalidTypeError(f"{name} must be an int, got {name}={value!r}")
    if value < minimum:
        raise InvalidArgumentError(f"{name} must be >= {minimum}, got {name}={value!r}")
    return int(value)


class TPESampler(BaseSampler):
    """Tree-structured Parzen Estimator; see the module docstring for the algorithm and defaults.

    - ``consider_prior``: add a broad prior kernel to each Parzen estimator.
    - ``prior_weight``: weight of the prior kernel, relative to one observation (> 0).
    - ``consider_magic_clip``: floor each bandwidth at ``range / min(100, 1 + n)``.
    - ``consider_endpoints``: count the range's ends as neighbours when sizing kernels.
    - ``n_startup_trials``: sample at random until this many trials are COMPLETE or PRUNED;
      with parallel workers, trials still running count too once half of them have finished,
      so the random start is as long as a sequential one
      (:func:`~hyperscout.samplers._base.startup_done`).
    - ``n_ei_candidates``: candidates drawn from ``l(x)`` per proposal.
    - ``gamma``: ``n -> size of the good group``, an int in ``[0, n]``.
    - ``weights``: ``n -> n non-negative weights`` of a group's observations, oldest first.
    - ``seed``: makes the proposals deterministic (also in a fresh process).
    - ``multivariate``: model the parameters jointly (``None``: yes for single-objective studies,
      no for multi-objective ones, Optuna 5's rule).
    - ``group``: with ``multivariate``, split a conditional space into groups of parameters that
      always appear together and model each group jointly.
    - ``warn_independent_sampling``: with ``multivariate`` and without ``group``, warn (once per
      parameter) when a parameter outside the shared space is sampled on its own.
    - ``constant_liar``: count running trials as bad observations, so that parallel workers do not
      propose the same point.
    - ``constraints_func``: ``FrozenTrial -> sequence of floats``, evaluated on every COMPLETE or
      PRUNED trial; a value ``> 0`` violates a constraint. See the module docstring.
    """

    # Private, for an ablation (benchmarks/results/bbo/ablation.md): whether the prior's centre
    # counts as a neighbour when sizing the observation kernels (see ``ParzenEstimator``).
    _prior_as_neighbour: bool = True

    def __init__(
        self,
        *,
        consider_prior: bool = True,
        prior_weight: float = 1.0,
        consider_magic_clip: bool = True,
        consider_endpoints: bool = False,
        n_startup_trials: int = 10,
        n_ei_candidates: int = 24,
        gamma: Callable[[int], int] | None = default_gamma,
        weights: Callable[[int], np.ndarray] | None = default_weights,
        seed: int | None = None,
        multivariate: bool | None = None,
        group: bool = False,
        warn_independent_sampling: bool = True,
        constant_liar: bool = True,
        constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
    ) -> None:
        _check_bool("consider_prior", consider_prior)
        _check_bool("consider_magic_clip", consider_magic_clip)
        _check_bool("consider_endpoints", consider_endpoints)
        _check_bool("multivariate", multivariate, allow_none=True)
        _check_bool("group", group)
        _check_bool("warn_independent_sampling", warn_independent_sampling)
        _check_bool("constant_liar", constant_liar)
        if isinstance(prior_weight, bool) or not isinstance(prior_weight, Real):
            raise InvalidTypeError(
                f"prior_weight must be a number, got prior_weight={prior_weight!r}"
            )
        if not (math.isfinite(prior_weight) and prior_weight > 0):
            raise InvalidArgumentError(
                f"prior_weight must be finite and > 0, got prior_weight={prior_weight!r}"
            )
        self._n_startup_trials: int = _check_int("n_startup_trials", n_startup_trials, 0)
        self._n_ei_candidates: int = _check_int("n_ei_candidates", n_ei_candidates, 1)
        if gamma is not None and not callable(gamma):
            raise InvalidTypeError(f"gamma must be a callable n -> int, got gamma={gamma!r}")
        if weights is not None and not callable(weights):
            raise InvalidTypeError(
                f"weights must be a callable n -> array, got weights={weights!r}"
            )
        if seed is not None:
            if isinstance(seed, bool) or not isinstance(seed, Integral):
                raise InvalidTypeError(f"seed must be an int or None, got seed={seed!r}")
            if not 0 <= seed < 2**32:
                raise InvalidArgumentError(f"seed must be in [0, 2**32 - 1], got seed={seed!r}")
        if group and multivariate is False:
            raise InvalidArgumentError(
                "group=True models groups of parameters jointly and needs multivariate=True "
                "(or None), got multivariate=False"
            )
        self._consider_prior: bool = bool(consider_prior)
        self._prior_weight: float = float(prior_weight)
        self._consider_magic_clip: bool = bool(consider_magic_clip)
        self._consider_endpoints: bool = bool(consider_endpoints)
        self._gamma: Callable[[int], int] = gamma if gamma is not None else default_gamma
        self._weights: Callable[[int], np.ndarray] = (
            weights if weights is not None else default_weights
        )
        self._seed: int | None = seed
        self._rng: np.random.RandomState = np.random.RandomState(seed)
        self._multivariate: bool | None = multivariate
        self._group: bool = bool(group)
        self._warn_independent_sampling: bool = bool(warn_independent_sampling)
        self._constant_liar: bool = bool(constant_liar)
        self._constraints_func: ConstraintsFunc | None = check_constraints_func(constraints_func)
        self._store: ObservationStore | None = None
        self._snapshots: OrderedDict[int, Snapshot] = OrderedDict()
        self._thinning_cache: OrderedDict[
            int, tuple[np.ndarray, tuple[np.ndarray, np.ndarray] | None]
        ] = OrderedDict()
        self._layouts: dict[tuple[BaseDistribution, ...], Dimensions] = {}
        self._warned: set[str] = set()
        self._lock: threading.RLock = threading.RLock()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("_thinning_cache", OrderedDict())  # pickled by an older version
        self.__dict__.setdefault("_layouts", {})
        self._lock = threading.RLock()

    def reseed_rng(self, stream: int | None = None) -> None:
        with self._lock:
            self._rng = np.random.RandomState(stream_seed(self._seed, stream))

    # --- the seam ------------------------------------------------------------------------------
    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        if not self._is_multivariate(study):
            return {}
        with self._lock:
            snap = self._snapshot(study, trial)
            if snap.random_start:
                return {}
            store = self._store
            assert store is not None
            if not self._group:
                space = store.intersection or {}
                return {name: d for name, d in sorted(space.items()) if not d.single()}
            out: dict[str, BaseDistribution] = {}
            for g in store.groups:
                for name, _ in g:
                    dist = store.latest_dist.get(name)
                    if dist is not None and param_key(name, dist) in g:
                        out[name] = dist
            return dict(sorted(out.items()))

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        if not search_space:
            return {}
        with self._lock:
            snap = self._snapshot(study, trial)
            if snap.random_start:
                return {}
            store = self._store
            assert store is not None
            wanted = {param_key(name, d): name for name, d in search_space.items()}
            if self._group:
                groups = [sorted(k for k in g if k in wanted) for g in store.groups]
                groups = [g for g in groups if g]
            else:
                groups = [sorted(wanted)]
            params: dict[str, Any] = {}
            for keys in groups:
                names = [wanted[k] for k in keys]
                dists = [search_space[name] for name in names]
                x = self._propose(store, snap, keys, dists)
                for name, dist, value in zip(names, dists, x):
                    params[name] = dist.to_external_repr(float(value))
            return params

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        with self._lock:
            snap = self._snapshot(study, trial)
            if snap.random_start:
                return param_distribution.to_external_repr(
                    sample_uniform(self._rng, param_distribution)
                )
            if (
                self._is_multivariate(study)
                and not self._group
                and self._warn_independent_sampling
                and param_name not in self._warned
            ):
                self._warned.add(param_name)
                _warnings.warn(
                    f"TPESampler(multivariate=True) samples parameter {param_name!r} on its own, "
                    "because it is not in every finished trial (or its distribution changed); "
                    "use group=True to model conditional parameters jointly within their groups"
                )
            store = self._store
            assert store is not None
            key = param_key(param_name, param_distribution)
            x = self._propose(store, snap, [key], [param_distribution])
            return param_distribution.to_external_repr(float(x[0]))

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        if self._constraints_func is not None:
            store_constraints(self._constraints_func, study, trial, state, values)
        with self._lock:
            self._snapshots.pop(trial.trial_id, None)

    # --- internals -----------------------------------------------------------------------------
    def _is_multivariate(self, study: Study) -> bool:
        if self._multivariate is None:
            return len(study.directions) == 1
        return bool(self._multivariate)

    def _snapshot(self, study: Study, trial: FrozenTrial) -> Snapshot:
        """The split this trial works with, computed at its first suggestion."""
        snap = self._snapshots.get(trial.trial_id)
        if snap is not None:
            return snap
        study_key = (id(study.storage), study.study_id)
        store = self._store
        if store is None or store.study_key != study_key:
            store = self._store = ObservationStore(
                study_key, constrained=self._constraints_func is not None
            )
            self._snapshots.clear()
        signs = tuple(-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in study.directions)
        running = store.update(study, trial.trial_id, signs)
        n = store.n
        if not startup_done(n, len(running), self._n_startup_trials):
            empty = np.empty(0, dtype=np.int64)
            snap = Snapshot(n, empty, empty, random_start=True)
        else:
            n_below = self._gamma(n)
            if isinstance(n_below, bool) or not isinstance(n_below, Integral | np.integer):
                raise InvalidTypeError(f"gamma({n}) must return an int, got {n_below!r}")
            if not 0 <= n_below <= n:
                raise InvalidArgumentError(
                    f"gamma({n}) must return an int in [0, {n}], got {n_below!r}"
                )
            below, above = store.split(int(n_below))
            lies = [running_params(t) for t in running] if self._constant_liar else []
            snap = Snapshot(n, below, above, lies, multi_objective=len(signs) > 1)
        self._snapshots[trial.trial_id] = snap
        while len(self._snapshots) > _MAX_SNAPSHOTS:
            self._snapshots.popitem(last=False)
        return snap

    def _weights_for(self, n: int) -> np.ndarray:
        if self._weights is default_weights:
            return self._default_weights_and_thinning(n)[0]
        w = np.asarray(self._weights(n), dtype=float)
        if w.shape != (n,):
            raise InvalidArgumentError(f"weights({n}) must return {n} weights, got shape {w.shape}")
        if n and not (np.all(np.isfinite(w)) and np.all(w >= 0)):
            raise InvalidArgumentError(f"weights({n}) must be finite and >= 0, got {w!r}")
        return w

    def _default_weights_and_thinning(
        self, n: int
    ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
        """``default_weights(n)`` and, above :data:`MAX_KERNELS`, the rows :func:`thin_rows`
        keeps and their weights; both depend on ``n`` only, so they are computed once per size
        (a univariate suggestion asks for the same ones for every parameter). Read-only."""
        hit = self._thinning_cache.get(n)
        if hit is None:
            w = default_weights(n)
            w.flags.writeable = False
            thinned = None
            if n > MAX_KERNELS:
                thinned = thin_rows(w, MAX_KERNELS)
                for a in thinned:
                    a.flags.writeable = False
            hit = self._thinning_cache[n] = (w, thinned)
            while len(self._thinning_cache) > _MAX_CACHED_SIZES:
                self._thinning_cache.popitem(last=False)
        return hit

    def _layout(self, dists: Sequence[BaseDistribution]) -> Dimensions:
        """How ``dists`` are modelled, built once per search space."""
        key = tuple(dists)
        layout = self._layouts.get(key)
        if layout is None:
            if len(self._layouts) >= _MAX_CACHED_SPACES:
                self._layouts.clear()
            layout = self._layouts[key] = Dimensions([dimension_of(d) for d in dists])
        return layout

    def _observations(
        self,
        store: ObservationStore,
        rows: np.ndarray,
        lies: list[dict[Key, float]],
        keys: Sequence[Key],
        dims: Sequence[Dimension],
    ) -> np.ndarray:
        """Rows of ``keys`` values (oldest first, lies last) where every value is modelable."""
        cols = []
        for key in keys:
            col = store.values(key, rows)
            if lies:
                col = np.concatenate((col, lie_values(lies, key)))
            cols.append(col)
        x = np.array(cols).T if cols else np.empty((0, 0))  # columns stay contiguous
        if not lies and all(_within(store, key, dim) for key, dim in zip(keys, dims)):
            return x  # every stored value is modelable, so every row here is
        ok = np.ones(x.shape[0], dtype=bool)
        for j, dim in enumerate(dims):
            ok &= dim.contains(x[:, j])  # NaN (missing) compares False, without a warning
        return x if ok.all() else x[ok]

    def _bad_group(
        self,
        store: ObservationStore,
        rows: np.ndarray,
        lies: list[dict[Key, float]],
        keys: Sequence[Key],
        dims: Sequence[Dimension],
    ) -> tuple[np.ndarray, np.ndarray]:
        """Observations of the bad group (lies last) and their weights.

        When the group is larger than the mixture keeps and every observation is modelable
        (known from each column's extent, without reading it), the kernels the mixture would
        keep (:func:`thin_rows`) are chosen first and only their rows are read: the result is
        the same as thinning all rows, at a cost that does not grow with the history.
        """
        n = rows.shape[0] + len(lies)
        if n > MAX_KERNELS and all(_within(store, key, dim) for key, dim in zip(keys, dims)):
            lie_rows = np.array([[lie.get(key, np.nan) for key in keys] for lie in lies])
            if not lies or all(
                bool(dim.contains(lie_rows[:, j]).all()) for j, dim in enumerate(dims)
            ):
                if self._weights is default_weights:
                    thinned = self._default_weights_and_thinning(n)[1]
                    assert thinned is not None
                    picked, weights = thinned
                else:
                    picked, weights = thin_rows(self._weights_for(n), MAX_KERNELS)
                old = picked[picked < rows.shape[0]]
                x = self._observations(store, rows[old], [], keys, dims)
                if lies:
                    x = np.vstack((x, lie_rows[picked[old.shape[0] :] - rows.shape[0]]))
                return x, weights
        x = self._observations(store, rows, lies, keys, dims)
        return x, self._weights_for(x.shape[0])

    def _propose(
        self,
        store: ObservationStore,
        snap: Snapshot,
        keys: Sequence[Key],
        dists: Sequence[BaseDistribution],
    ) -> np.ndarray:
        """One point (internal values, one per key) maximising ``l(x) / g(x)``."""
        layout = self._layout(dists)
        dims = layout.dims
        lies = snap.lies if self._constant_liar else []
        x_below = self._observations(store, snap.below, [], keys, dims)
        x_above, w_above = self._bad_group(store, snap.above, lies, keys, dims)
        # Multi-objective: the good group is a set of trade-offs, not a ranking, so its members
        # weigh the same (MOTPE); the bad group keeps the forgetting weights.
        n_below = x_below.shape[0]
        w_below = np.ones(n_below) if snap.multi_objective else self._weights_for(n_below)
        good, bad = (
            ParzenEstimator(
                x,
                w,
                layout,
                prior_weight=self._prior_weight,
                consider_prior=self._consider_prior,
                consider_magic_clip=self._consider_magic_clip,
                consider_endpoints=self._consider_endpoints,
                prior_as_neighbour=self._prior_as_neighbour,
            )
            for x, w in ((x_below, w_below), (x_above, w_above))
        )
        candidates = good.sample(self._rng, self._n_ei_candidates)
        # Both densities are floored above zero, so the difference is always a number.
        score = good.log_pdf(candidates) - bad.log_pdf(candidates)
        return candidates[int(np.argmax(score))]


def _within(store: ObservationStore, key: Key, dim: Dimension) -> bool:
    """Whether every row of the store holds a value of ``key`` that ``dim`` can model, from the
    column's extent (the same test as ``dim.contains`` on its smallest and largest value)."""
    count = store.counts.get(key)
    if count is None or count < store.n:
        return False
    lo, hi = store.lows[key], store.highs[key]
    if dim.categorical:
        return lo >= 0 and hi < dim.n_choices
    return dim.low <= lo <= dim.high and dim.low <= hi <= dim.high
