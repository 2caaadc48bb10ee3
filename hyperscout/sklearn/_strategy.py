"""The strategy seam of the ``*SearchCV`` estimators: an ask/tell loop over candidates.

A :class:`SearchStrategy` decides *which* parameter settings to try, with how much of a
resource, and which one is best; the search's engine (:mod:`hyperscout.sklearn._engine`)
decides *how* to evaluate them (folds, workers, fold pruning, resources, ``cv_results_``).
Grid, random, Bayesian search and successive halving are all strategies over that one engine.
The call order is written in :class:`SearchStrategy`'s docstring.
"""

from __future__ import annotations

import numbers
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hyperscout.distributions import BaseDistribution, FloatDistribution, IntDistribution
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.space import (
    Categorical,
    Dimension,
    _DistributionDimension,
    check_dimension,
    scipy_dimension,
)
from hyperscout.trial import FrozenTrial, Trial, TrialState

if TYPE_CHECKING:
    from hyperscout.samplers import BaseSampler
    from hyperscout.sklearn._results import CandidateRecord
    from hyperscout.study import Study

__all__ = [
    "BayesStrategy",
    "Budget",
    "Candidate",
    "CandidateListStrategy",
    "SearchStrategy",
    "StudyOpener",
    "TellItem",
]

CANDIDATE_KEY = "sklearn:candidate"
SUBSPACE_KEY = "sklearn:subspace"
RECORD_KEY = "sklearn:cv"

StudyOpener = Callable[[str, "BaseSampler | None"], "Study"]


@dataclass(frozen=True)
class Budget:
    """How much of a resource one candidate is evaluated with (scikit-learn's ``resource=``).

    ``resource="n_samples"``: every fold's train and test sets are subsampled to
    ``n_resources / n_samples`` of their size (at least one sample each), drawn by
    ``numpy.random.RandomState(sample_seed)``; candidates with the same ``n_resources`` and
    ``sample_seed`` see the same samples. Any other ``resource`` names an estimator parameter,
    set to ``n_resources`` for the evaluation and shown in the candidate's ``params``.
    ``iteration`` is the candidate's round (successive halving's ``iter``). A candidate with a
    budget adds ``iter`` and ``n_resources`` columns to ``cv_results_``, as scikit-learn's
    ``HalvingGridSearchCV`` does; a strategy gives a budget to every candidate or to none.
    """

    n_resources: int
    iteration: int = 0
    resource: str = "n_samples"
    sample_seed: int = 0


@dataclass(frozen=True)
class Candidate:
    """One parameter setting to evaluate: its live trial, the estimator's parameters, and the
    resource budget it runs with (``None``: the whole data, the estimator's own parameters)."""

    trial: Trial
    params: dict[str, Any]
    budget: Budget | None = None


@dataclass(frozen=True)
class TellItem:
    """One evaluated candidate: the candidate, its finished trial and its record (the
    ``cv_results_`` row: fold scores and times, ``pruned``, ``iteration``, ``n_resources``)."""

    candidate: Candidate
    trial: FrozenTrial
    record: CandidateRecord


class SearchStrategy(ABC):
    """Which candidates to try, with what budget, and which one is best.

    The engine of a search estimator calls, in its ``fit``:

    1. ``start(open_study)`` — once per fit. The strategy opens the studies it needs through
       ``open_study(suffix, sampler)`` and returns them (the first is the estimator's ``study_``).
       Trials already finished in them (a resumed study) are the strategy's to account for.
    2. ``candidates_left()`` — how many candidates the fit will still evaluate, if known (for
       the progress bar); ``None`` by default.
    3. ``ask(n)`` — up to ``n`` new :class:`Candidate` objects: a live trial in one of the studies,
       the parameters the estimator receives and an optional :class:`Budget`. An empty list ends
       the search.
    4. The engine evaluates the batch (every fold, on its workers, with fold pruning if a pruner
       is set), records each candidate in its trial and tells the trial's study the mean test
       score of the optimised metric.
    5. ``tell(batch)`` — once per batch, with one :class:`TellItem` per candidate. Back to 3.
    6. ``params_of(trial)`` — for each finished trial of the studies when the fit starts: the
       estimator parameters of a trial that belongs in this fit's ``cv_results_`` (a resumed
       study), ``None`` to leave it out (the default).
    7. ``best_index(results, metric)`` — once, with the finished ``cv_results_`` and the name of
       the metric that ranks candidates (``"score"`` for one metric): the row of ``best_*`` and
       of the refit. ``None`` (the default) takes the best ``rank_test_<metric>`` among
       candidates that were not pruned. A callable ``refit`` overrides it; with several metrics
       and ``refit=False`` only this rule defines ``best_*`` (ranked by the first metric).

    Candidates of one batch are evaluated together and told together, so a seeded search gives
    the same candidates with any ``n_jobs``.
    """

    @abstractmethod
    def start(self, open_study: StudyOpener) -> list[Study]:
        """Open the studies of this fit; the first is the estimator's ``study_``."""

    @abstractmethod
    def ask(self, n: int) -> list[Candidate]:
        """Up to ``n`` new candidates; an empty list ends the search."""

    @abstractmethod
    def tell(self, batch: Sequence[TellItem]) -> None:
        """Hear the evaluated batch."""

    def candidates_left(self) -> int | None:
        """How many candidates the fit will still evaluate (``None``: not known up front)."""
        return None

    def params_of(self, trial: FrozenTrial) -> dict[str, Any] | None:
        """The parameters of a trial finished before this fit, or ``None`` to leave it out."""
        return None

    def best_index(self, results: Mapping[str, Any], metric: str) -> int | None:
        """The row of ``results`` (``cv_results_``) that is best, or ``None`` for the rank rule."""
        return None


_FINISHED = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL)


def _finished_ours(study: Study) -> list[FrozenTrial]:
    return [
        t for t in study.get_trials(deepcopy=False, states=_FINISHED) if RECORD_KEY in t.user_attrs
    ]


def _is_number(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _dimension_for_values(
    values: Sequence[Any], from_list: bool, frozen: Sequence[Any] = ()
) -> Dimension:
    """How a parameter whose candidate values are all known up front is stored in the study.

    Values from a list (a grid, or a list in ``param_distributions``) are categorical choices.
    Numbers drawn from scipy.stats distributions are stored over the distributions' support and
    scale (:func:`hyperscout.space.scipy_dimension`); from a distribution without finite
    support, over the range the drawn values cover.
    """
    if not from_list and values and all(_is_number(v) for v in values):
        support = scipy_dimension(frozen) if frozen else None
        if support is not None:
            return support
        lo, hi = min(values), max(values)
        if all(isinstance(v, numbers.Integral) for v in values):
            return _DistributionDimension(IntDistribution(int(lo), int(hi)))
        return _DistributionDimension(FloatDistribution(float(lo), float(hi)))
    unique: list[Any] = []
    for v in values:
        if not any(u is v or (type(u) is type(v) and _equal(u, v)) for u in unique):
            unique.append(v)
    return Categorical(unique)


def distributions_by_name(spaces: Any) -> dict[str, list[Any]]:
    """The objects with ``rvs`` given for each name of ``param_distributions``."""
    grids = [spaces] if isinstance(spaces, Mapping) else list(spaces)
    out: dict[str, list[Any]] = {}
    for grid in grids:
        if isinstance(grid, Mapping):
            for name, v in grid.items():
                if hasattr(v, "rvs"):
                    out.setdefault(name, []).append(v)
    return out


def _equal(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


class CandidateListStrategy(SearchStrategy):
    """Try a fixed list of candidates in order (``GridSearchCV``, ``RandomizedSearchCV``).

    Each candidate runs once; a resumed study skips the candidates it has already finished
    (matched by position in the list, so the list must be the same: a grid, or a seeded
    ``RandomizedSearchCV``).
    """

    def __init__(
        self,
        candidates: Sequence[dict[str, Any]],
        list_params: set[str],
        distributions: Mapping[str, Sequence[Any]] | None = None,
    ) -> None:
        self.candidates = [dict(c) for c in candidates]
        values: dict[str, list[Any]] = {}
        for c in self.candidates:
            for name, v in c.items():
                values.setdefault(name, []).append(v)
        self.dimensions = {
            name: _dimension_for_values(
                vs, name in list_params, (distributions or {}).get(name, ())
            )
            for name, vs in values.items()
        }
        self._next = 0
        self._done: set[int] = set()
        self._study: Study | None = None

    def start(self, open_study: StudyOpener) -> list[Study]:
        from hyperscout.sklearn._definition import SearchDefinitionMismatch

        self._study = open_study("", None)
        self._done = set()
        for t in _finished_ours(self._study):
            if CANDIDATE_KEY not in t.user_attrs:
                continue
            index = int(t.user_attrs[CANDIDATE_KEY])
            if 0 <= index < len(self.candidates):
                params = self.candidates[index]
                stored = {name: self.dimensions[name].encode(v) for name, v in params.items()}
                if stored != t.params:
                    raise SearchDefinitionMismatch(
                        f"study {self._study.study_name!r} tried {t.params!r} as candidate "
                        f"{index}; this fit's candidate {index} is {stored!r}, so the list of "
                        "candidates changed (a RandomizedSearchCV draws the same list again only "
                        "with the same int random_state); pass resume='overwrite' to start "
                        "afresh, or choose another study_name"
                    )
            self._done.add(index)
        self._next = 0
        return [self._study]

    def ask(self, n: int) -> list[Candidate]:
        assert self._study is not None, "start() must be called before ask()"
        out: list[Candidate] = []
        while len(out) < n and self._next < len(self.candidates):
            index = self._next
            self._next += 1
            if index in self._done:
                continue
            params = self.candidates[index]
            dists = {name: self.dimensions[name].distribution() for name in params}
            stored = {name: self.dimensions[name].encode(v) for name, v in params.items()}
            self._study.enqueue_trial(stored, user_attrs={CANDIDATE_KEY: index})
            trial = self._study.ask(fixed_distributions=dists)
            out.append(Candidate(trial, params))
        return out

    def tell(self, batch: Sequence[TellItem]) -> None:
        for item in batch:
            self._done.add(int(item.trial.user_attrs[CANDIDATE_KEY]))

    def candidates_left(self) -> int | None:
        return len(self.candidates) - len(self._done)

    def params_of(self, trial: FrozenTrial) -> dict[str, Any] | None:
        index = trial.user_attrs.get(CANDIDATE_KEY)
        if index is None or not 0 <= int(index) < len(self.candidates):
            return None
        return dict(self.candidates[int(index)])


@dataclass
class Subspace:
    dimensions: dict[str, Dimension]
    n_iter: int


def parse_search_spaces(search_spaces: Any, n_iter: int) -> list[Subspace]:
    """skopt's ``search_spaces``: a dict, a list of dicts, or a list of ``(dict, n_iter)``."""
    if isinstance(search_spaces, Mapping):
        items: list[Any] = [search_spaces]
    elif isinstance(search_spaces, list):
        items = list(search_spaces)
    else:
        raise InvalidTypeError(
            "search_spaces must be a dict, a list of dicts or a list of (dict, n_iter) tuples, "
            f"got search_spaces={search_spaces!r}"
        )
    if not items:
        raise InvalidArgumentError(
            f"search_spaces must not be empty, got search_spaces={search_spaces!r}"
        )
    out: list[Subspace] = []
    for item in items:
        if isinstance(item, tuple):
            if len(item) != 2:
                raise InvalidArgumentError(
                    f"a subspace tuple must be (dict, n_iter), got {item!r} of length {len(item)}"
                )
            space, k = item
            if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 0:
                raise InvalidArgumentError(
                    f"a subspace's n_iter must be an int >= 0, got n_iter={k!r} in {item!r}"
                )
        else:
            space, k = item, n_iter
        if not isinstance(space, Mapping) or len(space) == 0:
            raise InvalidTypeError(f"a search space must be a non-empty dict, got {space!r}")
        dims: dict[str, Dimension] = {}
        for name in sorted(space):
            if not isinstance(name, str):
                raise InvalidTypeError(f"parameter names must be str, got {name!r}")
            dims[name] = check_dimension(space[name])
        out.append(Subspace(dims, int(k)))
    return out


def describe_subspaces(subspaces: Sequence[Subspace]) -> str:
    """The subspaces' dimensions as stable text (their ``n_iter`` budgets left out)."""
    from hyperscout.sklearn._definition import stable_repr

    def one(d: Dimension) -> str:
        if isinstance(d, Categorical):
            return f"Categorical({stable_repr(list(d.categories))})"
        return repr(d.distribution())

    return stable_repr([{name: one(d) for name, d in sub.dimensions.items()} for sub in subspaces])


def named_subspaces(subspaces: Sequence[Subspace]) -> list[dict[str, Sequence[Any]]]:
    """Each subspace as ``{name: categories}`` (empty for a numeric dimension)."""
    return [
        {
            name: (list(d.categories) if isinstance(d, Categorical) else ())
            for name, d in sub.dimensions.items()
        }
        for sub in subspaces
    ]


SamplerFactory = Callable[[int], "BaseSampler"]
BayesCallback = Callable[[Any], Any]


class BayesStrategy(SearchStrategy):
    """Sequential model-based search over one or more subspaces, one study per subspace.

    Subspace ``k`` gets ``n_iter`` trials (its own, or the estimator's), one after the other as
    in scikit-optimize. A callback returning ``True`` ends the current subspace.
    """

    def __init__(
        self,
        subspaces: Sequence[Subspace],
        make_sampler: SamplerFactory,
        callbacks: Sequence[BayesCallback] = (),
    ) -> None:
        self.subspaces = list(subspaces)
        self.make_sampler = make_sampler
        self.callbacks = list(callbacks)
        self.studies: list[Study] = []
        self._current = 0
        self._counts: list[int] = []
        self._stopped: list[bool] = []
        self.results: list[Any] = []

    def start(self, open_study: StudyOpener) -> list[Study]:
        self.studies = [
            open_study("" if k == 0 else f":subspace{k}", self.make_sampler(k))
            for k in range(len(self.subspaces))
        ]
        self._counts = [len(_finished_ours(s)) for s in self.studies]
        self._stopped = [False] * len(self.studies)
        self._current = 0
        self.results = [None] * len(self.studies)
        return list(self.studies)

    def ask(self, n: int) -> list[Candidate]:
        while self._current < len(self.subspaces):
            k = self._current
            left = self.subspaces[k].n_iter - self._counts[k]
            if left > 0 and not self._stopped[k]:
                break
            self._current += 1
        else:
            return []
        dims = self.subspaces[k].dimensions
        dists: dict[str, BaseDistribution] = {name: d.distribution() for name, d in dims.items()}
        out: list[Candidate] = []
        for _ in range(min(n, left)):
            trial = self.studies[k].ask(fixed_distributions=dists)
            trial.set_user_attr(SUBSPACE_KEY, k)
            stored = trial.params
            params = {name: dims[name].decode(stored[name]) for name in dims}
            out.append(Candidate(trial, params))
        self._counts[k] += len(out)
        return out

    def tell(self, batch: Sequence[TellItem]) -> None:
        if not batch:
            return
        k = int(batch[0].trial.user_attrs.get(SUBSPACE_KEY, 0))
        result = self.optimize_result(k)
        self.results[k] = result
        for cb in self.callbacks:
            if cb(result) is True:
                self._stopped[k] = True

    def candidates_left(self) -> int | None:
        return sum(max(0, sub.n_iter - done) for sub, done in zip(self.subspaces, self._counts))

    def params_of(self, trial: FrozenTrial) -> dict[str, Any] | None:
        k = int(trial.user_attrs.get(SUBSPACE_KEY, 0))
        if not 0 <= k < len(self.subspaces):
            return None
        dims = self.subspaces[k].dimensions
        if set(dims) != set(trial.params):
            return None
        return {name: dims[name].decode(trial.params[name]) for name in dims}

    def optimize_result(self, k: int) -> Any:
        """scikit-optimize's ``OptimizeResult`` for subspace ``k`` (scores negated, as skopt
        minimises): ``x``, ``fun``, ``x_iters``, ``func_vals``, ``space`` and ``study``."""
        import numpy as np
        from scipy.optimize import OptimizeResult

        names = list(self.subspaces[k].dimensions)
        x_iters: list[list[Any]] = []
        func_vals: list[float] = []
        for t in self.studies[k].get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
            params = self.params_of(t)
            if params is None or not t.values:
                continue
            x_iters.append([params[name] for name in names])
            func_vals.append(-float(t.values[0]))  # the score comes first with objectives=
        best = int(np.argmin(func_vals)) if func_vals else None
        return OptimizeResult(
            x=None if best is None else x_iters[best],
            fun=None if best is None else func_vals[best],
            x_iters=x_iters,
            func_vals=np.asarray(func_vals, dtype=float),
            space=dict(self.subspaces[k].dimensions),
            models=[],
            study=self.studies[k],
        )
