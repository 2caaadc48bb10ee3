"""Successive halving in the scikit-learn front door, composable with the Bayesian samplers.

``HalvingSearchCV`` (skopt-style ``search_spaces`` and a ``sampler``), ``HalvingRandomSearchCV``
and ``HalvingGridSearchCV`` (scikit-learn's argument names) run successive halving: iteration
``i`` evaluates its candidates with ``n_resources_[i]`` of the resource (training samples, or an
estimator parameter such as ``n_estimators``) and keeps the best ``ceil(n / factor)`` by mean CV
score for the next iteration. The schedule (``min_resources_``, ``n_possible_iterations_``,
``n_required_iterations_``, ``n_resources_``, ``n_candidates_``) follows the rules documented for
scikit-learn's ``HalvingRandomSearchCV``.

Every iteration has its own study (``studies_[i]``, all at one resource level, so their scores
are comparable); ``study_`` is iteration 0. With ``sampler="tpe"`` or ``"gp"`` the iteration-0
candidates are proposed ``n_points`` at a time by the sampler, which has seen every finished
iteration-0 evaluation (and, when the study is resumed through ``storage``/``study_name``, those
of earlier fits): BOHB's idea of a model-based rather than random first rung. The sampler
models iteration-0 scores only; BOHB's rule of modelling the largest budget that has enough
observations (which matters across several brackets or resumed fits) is not implemented.

:class:`HalvingStrategy` is a :class:`~hyperscout.sklearn.SearchStrategy` like grid, random and
Bayesian search, run by the same engine: each candidate carries a
:class:`~hyperscout.sklearn.Budget` (its iteration and resources), and ``best_index`` picks the
best of the last iteration. The estimators below only configure it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import is_classifier

from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.sklearn._base import BaseSearchCV
from hyperscout.sklearn._checks import check_no_skopt_ranges
from hyperscout.sklearn._definition import stable_repr
from hyperscout.sklearn._evaluate import num_samples
from hyperscout.sklearn._strategy import (
    Budget,
    Candidate,
    SearchStrategy,
    StudyOpener,
    TellItem,
    _dimension_for_values,
    describe_subspaces,
    distributions_by_name,
    named_subspaces,
    parse_search_spaces,
)

if TYPE_CHECKING:
    from hyperscout.distributions import BaseDistribution
    from hyperscout.samplers import BaseSampler
    from hyperscout.sklearn._results import CandidateRecord
    from hyperscout.space import Dimension
    from hyperscout.storages import BaseStorage
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["HalvingGridSearchCV", "HalvingRandomSearchCV", "HalvingSearchCV", "HalvingStrategy"]

HALVING_CANDIDATE_KEY = "sklearn:halving_candidate"
HALVING_ITER_KEY = "sklearn:halving_iter"
HALVING_RESOURCES_KEY = "sklearn:halving_n_resources"


@dataclass(frozen=True)
class Schedule:
    """The successive-halving plan of one fit."""

    n_candidates: int
    min_resources: int
    max_resources: int
    n_required_iterations: int
    n_possible_iterations: int
    n_iterations: int
    factor: float
    aggressive_elimination: bool

    def resources(self, itr: int) -> int:
        power = itr
        if self.aggressive_elimination:
            # Stay at the first level until enough candidates are gone, then grow as usual.
            power = max(0, itr - self.n_required_iterations + self.n_possible_iterations)
        return min(int(self.factor**power * self.min_resources), self.max_resources)


def _log_floor(x: float, base: float) -> int:
    return int(math.floor(math.log(x, base)))


def make_schedule(
    n_candidates: int,
    min_resources: int,
    max_resources: int,
    factor: float,
    *,
    exhaust: bool,
    aggressive_elimination: bool,
) -> Schedule:
    """``exhaust``: raise ``min_resources`` so that the last required iteration uses as much of
    ``max_resources`` as possible."""
    n_required = 1 + _log_floor(n_candidates, factor)
    if exhaust:
        min_resources = max(min_resources, int(max_resources // factor ** (n_required - 1)))
    n_possible = 1 + _log_floor(max_resources // min_resources, factor)
    n_iterations = n_required if aggressive_elimination else min(n_possible, n_required)
    return Schedule(
        n_candidates,
        int(min_resources),
        int(max_resources),
        n_required,
        n_possible,
        n_iterations,
        float(factor),
        bool(aggressive_elimination),
    )


@dataclass
class _Arm:
    """One candidate across iterations: its estimator parameters and how the study stores them."""

    index: int
    params: dict[str, Any]
    stored: dict[str, Any]
    dists: dict[str, BaseDistribution]


class HalvingStrategy(SearchStrategy):
    """Successive halving as a :class:`~hyperscout.sklearn.SearchStrategy`.

    Iteration ``i`` asks its candidates with a :class:`~hyperscout.sklearn.Budget` of
    ``schedule.resources(i)`` of ``resource``, in its own study; after the last candidate of
    the iteration is told, the best ``ceil(n / factor)`` by mean test score go on to the next.
    Iteration 0's candidates come from a fixed list (``candidates``) or from ``sampler`` over
    ``dimensions`` (``n_points`` per batch, so a Bayesian sampler learns between batches).
    ``best_index`` is the best candidate of the last iteration, as in scikit-learn.
    """

    def __init__(
        self,
        schedule: Schedule,
        resource: str,
        *,
        candidates: Sequence[dict[str, Any]] | None = None,
        list_params: set[str] | None = None,
        distributions: Mapping[str, Sequence[Any]] | None = None,
        dimensions: Mapping[str, Dimension] | None = None,
        sampler: BaseSampler | None = None,
        n_points: int = 1,
        seed: int = 0,
    ) -> None:
        if (candidates is None) == (dimensions is None):
            raise InvalidArgumentError("give exactly one of candidates and dimensions")
        self.schedule = schedule
        self.resource = resource
        self.sampler = sampler
        self.n_points = int(n_points)
        self.seed = int(seed)
        self._fixed: list[dict[str, Any]] | None = None
        if candidates is not None:
            self._fixed = [dict(c) for c in candidates]
            values: dict[str, list[Any]] = {}
            for c in self._fixed:
                for name, v in c.items():
                    values.setdefault(name, []).append(v)
            lp = list_params or set()
            self.dimensions: dict[str, Dimension] = {
                name: _dimension_for_values(vs, name in lp, (distributions or {}).get(name, ()))
                for name, vs in values.items()
            }
        elif dimensions is not None:
            self.dimensions = dict(dimensions)
        self.studies: list[Study] = []
        self.itr = 0
        self.remaining: list[_Arm] = []
        self._arms: list[_Arm] = []
        self._queue: list[_Arm] = []
        self._asked = 0
        self._scores: list[tuple[float, int]] = []

    # --- seam ----------------------------------------------------------------------------------
    def start(self, open_study: StudyOpener) -> list[Study]:
        from hyperscout.samplers import RandomSampler

        self.studies = []
        for i in range(self.schedule.n_iterations):
            sampler = self.sampler if (i == 0 and self._fixed is None) else None
            if sampler is None:
                sampler = RandomSampler(seed=self.seed)  # enqueued trials only; never consulted
            self.studies.append(open_study("" if i == 0 else f":iter{i}", sampler))
        self.itr = 0
        self.remaining = []
        self._asked = 0
        self._scores = []
        if self._fixed is not None:
            self._queue = [self._arm_from_params(k, p) for k, p in enumerate(self._fixed)]
            self._arms = list(self._queue)
        else:
            self._queue = []
            self._arms = []
        return list(self.studies)

    def ask(self, n: int) -> list[Candidate]:
        if self.itr >= self.schedule.n_iterations:
            return []
        if self._asked == self._iteration_size() and len(self._scores) == self._asked:
            self._advance()
            if self.itr >= self.schedule.n_iterations:
                return []
        study = self.studies[self.itr]
        budget = Budget(
            n_resources=self.schedule.resources(self.itr),
            iteration=self.itr,
            resource=self.resource,
            # Every candidate of an iteration sees the same samples.
            sample_seed=(self.seed + 7919 * self.itr) % (2**32),
        )
        attrs = {HALVING_ITER_KEY: self.itr, HALVING_RESOURCES_KEY: budget.n_resources}
        out: list[Candidate] = []
        if self.itr == 0 and self._fixed is None:
            n = min(n, self.n_points, self.schedule.n_candidates - self._asked)
            dists = {name: d.distribution() for name, d in self.dimensions.items()}
            for _ in range(n):
                trial = study.ask(fixed_distributions=dists)
                params = {name: d.decode(trial.params[name]) for name, d in self.dimensions.items()}
                arm = _Arm(len(self._arms), params, dict(trial.params), dists)
                self._arms.append(arm)
                trial.set_user_attr(HALVING_CANDIDATE_KEY, arm.index)
                for key, value in attrs.items():
                    trial.set_user_attr(key, value)
                out.append(Candidate(trial, dict(arm.params), budget))
        else:
            while len(out) < n and self._queue:
                arm = self._queue.pop(0)
                study.enqueue_trial(
                    arm.stored, user_attrs={HALVING_CANDIDATE_KEY: arm.index, **attrs}
                )
                trial = study.ask(fixed_distributions=arm.dists)
                out.append(Candidate(trial, dict(arm.params), budget))
        self._asked += len(out)
        return out

    def tell(self, batch: Sequence[TellItem]) -> None:
        for item in batch:
            index = int(item.trial.user_attrs[HALVING_CANDIDATE_KEY])
            self._scores.append((_mean_score(item.record), index))

    def params_of(self, trial: FrozenTrial) -> dict[str, Any] | None:
        # A resumed study warm-starts the sampler, but cv_results_ holds this fit's halving run.
        return None

    def best_index(self, results: Mapping[str, Any], metric: str) -> int | None:
        """The best mean test score of the last iteration (its first row if all are NaN)."""
        iters = np.asarray(results["iter"])
        last = np.flatnonzero(iters == iters.max())
        scores = np.asarray(results[f"mean_test_{metric}"], dtype=float)[last]
        if np.isnan(scores).all():
            return int(last[0])
        return int(last[int(np.nanargmax(scores))])

    # --- helpers -------------------------------------------------------------------------------
    def _iteration_size(self) -> int:
        if self.itr == 0:
            return self.schedule.n_candidates
        return len(self.remaining)

    def _advance(self) -> None:
        keep = math.ceil(len(self._scores) / self.schedule.factor)
        # Highest mean first; NaN last; ties by candidate order (deterministic).
        order = sorted(
            self._scores, key=lambda s: (math.isnan(s[0]), -s[0] if not math.isnan(s[0]) else 0)
        )
        survivors = [index for _, index in order[:keep]]
        self.remaining = [self._arms[i] for i in survivors]
        self.itr += 1
        self._queue = list(self.remaining)
        self._asked = 0
        self._scores = []

    def _arm_from_params(self, index: int, params: dict[str, Any]) -> _Arm:
        dists = {name: self.dimensions[name].distribution() for name in params}
        stored = {name: self.dimensions[name].encode(v) for name, v in params.items()}
        return _Arm(index, dict(params), stored, dists)


def _mean_score(record: CandidateRecord) -> float:
    return float(np.mean(next(iter(record.test.values()))))


def _check_int_or(value: Any, name: str, options: tuple[str, ...]) -> None:
    if isinstance(value, str) and value in options:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        opts = " or ".join(repr(o) for o in options)
        raise InvalidArgumentError(f"{name} must be {opts} or an int >= 1, got {name}={value!r}")


class _BaseHalving(BaseSearchCV):
    """Shared fit logic; see :class:`HalvingSearchCV`."""

    _rank_train = False

    def __init__(
        self,
        estimator: Any,
        *,
        factor: float = 3,
        resource: str = "n_samples",
        max_resources: int | str = "auto",
        min_resources: int | str = "exhaust",
        aggressive_elimination: bool = False,
        cv: Any = 5,
        scoring: Any = None,
        refit: bool = True,
        error_score: Any = np.nan,
        return_train_score: bool = True,
        random_state: Any = None,
        n_jobs: int | None = None,
        verbose: int = 0,
        storage: str | BaseStorage | None = None,
        study_name: str | None = None,
        resume: str = "auto",
    ) -> None:
        super().__init__(
            estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            error_score=error_score,
            return_train_score=return_train_score,
            storage=storage,
            study_name=study_name,
            resume=resume,
        )
        self.factor = factor
        self.resource = resource
        self.max_resources = max_resources
        self.min_resources = min_resources
        self.aggressive_elimination = aggressive_elimination
        self.random_state = random_state

    # --- configuration, given by each halving estimator ---------------------------------------
    def _searched_names(self) -> set[str]:
        raise NotImplementedError

    def _space_only(self) -> str:
        raise NotImplementedError

    def _strategy_for(self, min_r: int, max_r: int) -> HalvingStrategy:
        """The strategy for resources between ``min_r`` and ``max_r`` (see :meth:`_schedule`)."""
        raise NotImplementedError

    def _space_description(self) -> str:
        return (
            f"{self._space_only()}; resource={self.resource!r}, factor={self.factor!r}, "
            f"min_resources={self.min_resources!r}, max_resources={self.max_resources!r}"
        )

    def _batch_size(self, n_workers: int) -> int:
        return 2**62

    def _check_search_params(self) -> None:
        f = self.factor
        if isinstance(f, bool) or not isinstance(f, numbers.Real) or not f > 1:
            raise InvalidArgumentError(f"factor must be a number > 1, got factor={f!r}")
        if not isinstance(self.resource, str):
            raise InvalidArgumentError(
                f"resource must be 'n_samples' or an estimator parameter name, got "
                f"resource={self.resource!r}"
            )
        if self.resource != "n_samples" and self.resource not in self.estimator.get_params():
            raise InvalidArgumentError(
                f"resource must be 'n_samples' or a parameter of {type(self.estimator).__name__}"
                f", got resource={self.resource!r}"
            )
        if self.resource != "n_samples" and self.resource in self._searched_names():
            raise InvalidArgumentError(
                f"resource={self.resource!r} is also a searched parameter; the resource is set "
                "by successive halving and must not be searched"
            )
        _check_int_or(self.max_resources, "max_resources", ("auto",))
        if self.max_resources == "auto" and self.resource != "n_samples":
            raise InvalidArgumentError(
                "max_resources='auto' means the number of samples, so it needs "
                f"resource='n_samples'; give an int max_resources, got resource={self.resource!r}"
            )
        _check_int_or(self.min_resources, "min_resources", ("exhaust", "smallest"))
        if not isinstance(self.aggressive_elimination, bool):
            raise InvalidArgumentError(
                "aggressive_elimination must be a bool, got "
                f"aggressive_elimination={self.aggressive_elimination!r}"
            )
        if not isinstance(self.refit, bool):
            raise InvalidArgumentError(
                "refit must be a bool (the best candidate of the last iteration is refit), got "
                f"refit={self.refit!r}"
            )
        s = self.scoring
        if not (s is None or isinstance(s, str) or callable(s)):
            raise InvalidArgumentError(
                "successive halving ranks candidates by one metric: scoring must be None, a "
                f"metric name or a callable, got scoring={s!r}"
            )

    def _n_candidates(self, n_candidates: Any, min_r: int, max_r: int) -> int:
        """``n_candidates`` checked (``"exhaust"``: ``max_resources // min_resources``)."""
        _check_int_or(n_candidates, "n_candidates", ("exhaust",))
        if n_candidates != "exhaust":
            return int(n_candidates)
        if self.min_resources == "exhaust":
            raise InvalidArgumentError(
                "n_candidates and min_resources cannot both be 'exhaust': each is derived "
                "from the other"
            )
        return max_r // min_r

    def _schedule(self, n_candidates: int, min_r: int, max_r: int) -> Schedule:
        if n_candidates < 1:
            raise InvalidArgumentError(
                f"the search has no candidate, got n_candidates={n_candidates}"
            )
        return make_schedule(
            n_candidates,
            min_r,
            max_r,
            float(self.factor),
            exhaust=self.min_resources == "exhaust",
            aggressive_elimination=bool(self.aggressive_elimination),
        )

    def _seed(self) -> int:
        from hyperscout.sklearn._search import _seed_from

        seed = _seed_from(self.random_state)
        return int(np.random.randint(0, 2**31 - 1)) if seed is None else seed

    def _make_strategy(self, X: Any, y: Any, groups: Any, cv: Any) -> HalvingStrategy:
        """scikit-learn's ``min_resources_`` and ``max_resources_`` for this data, then the
        subclass's strategy."""
        n_samples = num_samples(X)
        if n_samples < 1:
            raise InvalidArgumentError(
                f"X must have at least one sample, got n_samples={n_samples}"
            )
        if is_classifier(self.estimator) and y is not None:
            from sklearn.utils.multiclass import check_classification_targets

            check_classification_targets(y)
        if isinstance(self.min_resources, str):
            if self.resource == "n_samples":
                min_r = 2 * int(cv.get_n_splits(X, y, groups))
                if is_classifier(self.estimator) and y is not None:
                    min_r *= int(np.unique(np.asarray(y)).shape[0])
            else:
                min_r = 1
        else:
            min_r = int(self.min_resources)
        max_r = n_samples if self.max_resources == "auto" else int(self.max_resources)
        if self.resource == "n_samples" and max_r > n_samples:
            raise InvalidArgumentError(
                f"max_resources must be <= the number of samples ({n_samples}) when "
                f"resource='n_samples', got max_resources={max_r}"
            )
        if min_r > max_r:
            raise InvalidArgumentError(
                f"min_resources must be <= max_resources, got min_resources_={min_r}, "
                f"max_resources_={max_r}"
                + (f" (n_samples={n_samples})" if self.resource == "n_samples" else "")
            )
        return self._strategy_for(min_r, max_r)

    # --- fit -----------------------------------------------------------------------------------
    def fit(self, X: Any, y: Any = None, *, groups: Any = None, **fit_params: Any) -> Any:
        """Run successive halving with cross-validation, then refit the best candidate of the
        last iteration on all of ``X, y``."""
        strategy = self._fit(X, y, groups, fit_params)
        assert isinstance(strategy, HalvingStrategy)
        schedule = strategy.schedule
        counts: dict[int, int] = {}
        for itr in self.cv_results_["iter"]:
            counts[int(itr)] = counts.get(int(itr), 0) + 1
        self.n_candidates_ = [counts[i] for i in sorted(counts)]
        self.n_resources_ = [schedule.resources(i) for i in sorted(counts)]
        self.n_remaining_candidates_ = len(strategy.remaining)
        self.min_resources_ = schedule.min_resources
        self.max_resources_ = schedule.max_resources
        self.n_iterations_ = schedule.n_iterations
        self.n_possible_iterations_ = schedule.n_possible_iterations
        self.n_required_iterations_ = schedule.n_required_iterations
        return self


class HalvingSearchCV(_BaseHalving):
    """Successive halving over skopt-style ``search_spaces`` (a dict of dimensions, as
    :class:`BayesSearchCV`), with iteration-0 candidates proposed by ``sampler``.

    ``sampler``: ``"tpe"`` (default), ``"gp"``, ``"random"`` or a hyperscout sampler instance
    (used as is). A Bayesian sampler proposes ``n_points`` candidates at a time, having seen
    every earlier iteration-0 score (BOHB-style); ``"random"`` proposes them all at once.
    ``n_candidates``: how many iteration-0 candidates (``"exhaust"``: ``max_resources_ //
    min_resources_``). ``resource``: ``"n_samples"`` (each fold's train and test sets are
    subsampled) or an estimator parameter such as ``"n_estimators"`` (then ``max_resources``
    must be an int). ``min_resources``, ``max_resources``, ``factor``,
    ``aggressive_elimination`` and the fitted attributes (``n_resources_``, ``n_candidates_``,
    ``n_iterations_``, ``n_possible_iterations_``, ``n_required_iterations_``,
    ``min_resources_``, ``max_resources_``, ``n_remaining_candidates_``, ``cv_results_`` with
    ``iter`` and ``n_resources``) mean what they mean in scikit-learn's
    ``HalvingRandomSearchCV``. ``best_*`` come from the last iteration. ``studies_[i]`` holds
    iteration ``i``'s evaluations; ``study_`` is iteration 0.
    """

    def __init__(
        self,
        estimator: Any,
        search_spaces: Mapping[str, Any],
        *,
        sampler: str | BaseSampler | None = "tpe",
        n_candidates: int | str = "exhaust",
        n_points: int = 1,
        factor: float = 3,
        resource: str = "n_samples",
        max_resources: int | str = "auto",
        min_resources: int | str = "smallest",
        aggressive_elimination: bool = False,
        cv: Any = 5,
        scoring: Any = None,
        refit: bool = True,
        error_score: Any = np.nan,
        return_train_score: bool = True,
        random_state: Any = None,
        n_jobs: int | None = None,
        verbose: int = 0,
        storage: str | BaseStorage | None = None,
        study_name: str | None = None,
        resume: str = "auto",
    ) -> None:
        super().__init__(
            estimator,
            factor=factor,
            resource=resource,
            max_resources=max_resources,
            min_resources=min_resources,
            aggressive_elimination=aggressive_elimination,
            cv=cv,
            scoring=scoring,
            refit=refit,
            error_score=error_score,
            return_train_score=return_train_score,
            random_state=random_state,
            n_jobs=n_jobs,
            verbose=verbose,
            storage=storage,
            study_name=study_name,
            resume=resume,
        )
        self.search_spaces = search_spaces
        self.sampler = sampler
        self.n_candidates = n_candidates
        self.n_points = n_points

    def _dimensions(self) -> dict[str, Dimension]:
        if not isinstance(self.search_spaces, Mapping):
            raise InvalidTypeError(
                "HalvingSearchCV takes one search space, a dict {name: dimension}, got "
                f"search_spaces={self.search_spaces!r}"
            )
        return dict(parse_search_spaces(self.search_spaces, 1)[0].dimensions)

    def _searched_names(self) -> set[str]:
        return set(self._dimensions())

    def _space_only(self) -> str:
        return describe_subspaces(parse_search_spaces(self.search_spaces, 1))

    def _named_spaces(self) -> list[dict[str, Sequence[Any]]]:
        return named_subspaces(parse_search_spaces(self.search_spaces, 1))

    def _strategy_for(self, min_r: int, max_r: int) -> HalvingStrategy:
        from hyperscout.samplers import RandomSampler
        from hyperscout.sklearn._search import make_sampler, method_seed

        schedule = self._schedule(self._n_candidates(self.n_candidates, min_r, max_r), min_r, max_r)
        seed = self._seed()
        n_points = self.n_points
        if isinstance(n_points, bool) or not isinstance(n_points, numbers.Integral) or n_points < 1:
            raise InvalidArgumentError(f"n_points must be an int >= 1, got n_points={n_points!r}")
        sampler = make_sampler(self.sampler, method_seed(seed, "HalvingSearchCV"))
        if isinstance(sampler, RandomSampler):
            n_points = schedule.n_candidates  # nothing to learn between batches
        return HalvingStrategy(
            schedule,
            self.resource,
            dimensions=self._dimensions(),
            sampler=sampler,
            n_points=int(n_points),
            seed=seed,
        )


class HalvingRandomSearchCV(_BaseHalving):
    """scikit-learn's ``HalvingRandomSearchCV`` arguments: ``n_candidates`` settings drawn from
    ``param_distributions`` by scikit-learn's ``ParameterSampler`` rule, then successive halving
    (see :class:`HalvingSearchCV` for the meaning of the arguments and attributes)."""

    def __init__(
        self,
        estimator: Any,
        param_distributions: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        *,
        n_candidates: int | str = "exhaust",
        factor: float = 3,
        resource: str = "n_samples",
        max_resources: int | str = "auto",
        min_resources: int | str = "smallest",
        aggressive_elimination: bool = False,
        cv: Any = 5,
        scoring: Any = None,
        refit: bool = True,
        error_score: Any = np.nan,
        return_train_score: bool = True,
        random_state: Any = None,
        n_jobs: int | None = None,
        verbose: int = 0,
        storage: str | BaseStorage | None = None,
        study_name: str | None = None,
        resume: str = "auto",
    ) -> None:
        super().__init__(
            estimator,
            factor=factor,
            resource=resource,
            max_resources=max_resources,
            min_resources=min_resources,
            aggressive_elimination=aggressive_elimination,
            cv=cv,
            scoring=scoring,
            refit=refit,
            error_score=error_score,
            return_train_score=return_train_score,
            random_state=random_state,
            n_jobs=n_jobs,
            verbose=verbose,
            storage=storage,
            study_name=study_name,
            resume=resume,
        )
        self.param_distributions = param_distributions
        self.n_candidates = n_candidates

    def _searched_names(self) -> set[str]:
        d = self.param_distributions
        grids = [d] if isinstance(d, Mapping) else list(d)
        return {name for g in grids for name in g}

    def _space_only(self) -> str:
        return stable_repr(self.param_distributions)

    def _named_spaces(self) -> list[dict[str, Sequence[Any]]]:
        from hyperscout.sklearn._search import _named_lists

        check_no_skopt_ranges(self.param_distributions, "HalvingRandomSearchCV")
        return _named_lists(self.param_distributions)

    def _strategy_for(self, min_r: int, max_r: int) -> HalvingStrategy:
        from sklearn.model_selection import ParameterSampler

        from hyperscout.sklearn._search import _list_params, _seed_from

        draw_seed = self.random_state
        if isinstance(draw_seed, np.random.RandomState):
            draw_seed = _seed_from(draw_seed)
        n_draw = self._n_candidates(self.n_candidates, min_r, max_r)
        candidates = list(
            ParameterSampler(self.param_distributions, n_draw, random_state=draw_seed)
        )
        return HalvingStrategy(
            self._schedule(len(candidates), min_r, max_r),
            self.resource,
            candidates=candidates,
            list_params=_list_params(self.param_distributions),
            distributions=distributions_by_name(self.param_distributions),
            seed=self._seed(),
        )


class HalvingGridSearchCV(_BaseHalving):
    """scikit-learn's ``HalvingGridSearchCV`` arguments: every point of ``param_grid`` starts,
    then successive halving (see :class:`HalvingSearchCV`)."""

    def __init__(
        self,
        estimator: Any,
        param_grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Sequence[Any]]],
        *,
        factor: float = 3,
        resource: str = "n_samples",
        max_resources: int | str = "auto",
        min_resources: int | str = "exhaust",
        aggressive_elimination: bool = False,
        cv: Any = 5,
        scoring: Any = None,
        refit: bool = True,
        error_score: Any = np.nan,
        return_train_score: bool = True,
        random_state: Any = None,
        n_jobs: int | None = None,
        verbose: int = 0,
        storage: str | BaseStorage | None = None,
        study_name: str | None = None,
        resume: str = "auto",
    ) -> None:
        super().__init__(
            estimator,
            factor=factor,
            resource=resource,
            max_resources=max_resources,
            min_resources=min_resources,
            aggressive_elimination=aggressive_elimination,
            cv=cv,
            scoring=scoring,
            refit=refit,
            error_score=error_score,
            return_train_score=return_train_score,
            random_state=random_state,
            n_jobs=n_jobs,
            verbose=verbose,
            storage=storage,
            study_name=study_name,
            resume=resume,
        )
        self.param_grid = param_grid

    def _searched_names(self) -> set[str]:
        g = self.param_grid
        grids = [g] if isinstance(g, Mapping) else list(g)
        return {name for grid in grids for name in grid}

    def _space_only(self) -> str:
        return stable_repr(self.param_grid)

    def _named_spaces(self) -> list[dict[str, Sequence[Any]]]:
        from hyperscout.sklearn._search import _named_lists

        check_no_skopt_ranges(self.param_grid, "HalvingGridSearchCV")
        return _named_lists(self.param_grid)

    def _strategy_for(self, min_r: int, max_r: int) -> HalvingStrategy:
        from sklearn.model_selection import ParameterGrid

        from hyperscout.sklearn._search import _list_params

        candidates = list(ParameterGrid(self.param_grid))
        return HalvingStrategy(
            self._schedule(len(candidates), min_r, max_r),
            self.resource,
            candidates=candidates,
            list_params=_list_params(self.param_grid),
            seed=self._seed(),
        )
