"""``GridSearchCV``, ``RandomizedSearchCV`` (scikit-learn's arguments) and ``BayesSearchCV``
(scikit-optimize's arguments)."""

from __future__ import annotations

import numbers
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout import _warnings
from hyperscout._checks import check_int
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.samplers._constraints import stored_constraints
from hyperscout.sklearn._base import BaseSearchCV
from hyperscout.sklearn._checks import check_no_skopt_ranges
from hyperscout.sklearn._definition import stable_repr
from hyperscout.sklearn._strategy import (
    BayesStrategy,
    CandidateListStrategy,
    SearchStrategy,
    describe_subspaces,
    distributions_by_name,
    named_subspaces,
    parse_search_spaces,
)

if TYPE_CHECKING:
    from hyperscout.pruners import BasePruner
    from hyperscout.samplers import BaseSampler
    from hyperscout.storages import BaseStorage

__all__ = ["BayesSearchCV", "GridSearchCV", "RandomizedSearchCV", "StrategySearchCV"]


def _names(spaces: Any) -> set[str]:
    grids = [spaces] if isinstance(spaces, Mapping) else list(spaces)
    return {name for grid in grids if isinstance(grid, Mapping) for name in grid}


def _named_lists(spaces: Any) -> list[dict[str, Sequence[Any]]]:
    grids = [spaces] if isinstance(spaces, Mapping) else list(spaces)
    return [
        {
            name: (() if hasattr(v, "rvs") or isinstance(v, str) else list(v))
            for name, v in grid.items()
        }
        for grid in grids
        if isinstance(grid, Mapping)
    ]


def _list_params(spaces: Any) -> set[str]:
    """Names whose values come from a list (not from a distribution with ``rvs``)."""
    grids = [spaces] if isinstance(spaces, Mapping) else list(spaces)
    return {name for grid in grids for name, v in grid.items() if not hasattr(v, "rvs")}


class GridSearchCV(BaseSearchCV):
    """Exhaustive search over ``param_grid`` (a dict of lists, or a list of such dicts), with
    scikit-learn's arguments and ``cv_results_``; see :class:`BaseSearchCV` for the extras."""

    def __init__(
        self,
        estimator: Any,
        param_grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Sequence[Any]]],
        *,
        scoring: Any = None,
        n_jobs: int | None = None,
        refit: bool | str | Callable[..., Any] = True,
        cv: Any = None,
        verbose: int = 0,
        pre_dispatch: int | str = "2*n_jobs",
        error_score: Any = np.nan,
        return_train_score: bool = False,
        pruner: BasePruner | None = None,
        storage: str | BaseStorage | None = None,
        study_name: str | None = None,
        timeout: float | None = None,
        resume: str = "auto",
        objectives: Sequence[str] | None = None,
        budgets: Mapping[str, float] | None = None,
    ) -> None:
        super().__init__(
            estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
            pruner=pruner,
            storage=storage,
            study_name=study_name,
            timeout=timeout,
            resume=resume,
        )
        self.param_grid = param_grid
        self.objectives = objectives
        self.budgets = budgets

    def _searched_names(self) -> set[str]:
        return _names(self.param_grid)

    def _space_description(self) -> str:
        return stable_repr(self.param_grid)

    def _named_spaces(self) -> list[dict[str, Sequence[Any]]]:
        check_no_skopt_ranges(self.param_grid, "GridSearchCV")
        return _named_lists(self.param_grid)

    def _make_strategy(self, X: Any, y: Any, groups: Any, cv: Any) -> SearchStrategy:
        from sklearn.model_selection import ParameterGrid

        return CandidateListStrategy(
            list(ParameterGrid(self.param_grid)), _list_params(self.param_grid)
        )

    def _batch_size(self, n_workers: int) -> int:
        return n_workers if self.pruner is not None else 2**62

    def fit(self, X: Any, y: Any = None, *, groups: Any = None, **fit_params: Any) -> GridSearchCV:
        """Evaluate every grid point with cross-validation, then refit the best one."""
        self._fit(X, y, groups, fit_params)
        return self


class RandomizedSearchCV(BaseSearchCV):
    """``n_iter`` settings drawn by scikit-learn's ``ParameterSampler`` rule (lists without
    replacement when every entry is a list, else scipy.stats distributions and lists with
    replacement); scikit-learn's arguments and ``cv_results_``. For the same ``random_state`` it
    draws exactly the settings scikit-learn's ``RandomizedSearchCV`` draws. A resumed study needs
    an int ``random_state`` to draw the same settings again."""

    def __init__(
        self,
        estimator: Any,
        param_distributions: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        *,
        n_iter: int = 10,
        scoring: Any = None,
        n_jobs: int | None = None,
        refit: bool | str | Callable[..., Any] = True,
        cv: Any = None,
        verbose: int = 0,
        pre_dispatch: int | str = "2*n_jobs",
        random_state: Any = None,
        error_score: Any = np.nan,
        return_train_score: bool = False,
        pruner: BasePruner | None = None,
        storage: str | BaseStorage | None = None,
        study_name: str | None = None,
        timeout: float | None = None,
        resume: str = "auto",
        objectives: Sequence[str] | None = None,
        budgets: Mapping[str, float] | None = None,
    ) -> None:
        super().__init__(
            estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
            pruner=pruner,
            storage=storage,
            study_name=study_name,
            timeout=timeout,
            resume=resume,
        )
        self.param_distributions = param_distributions
        self.n_iter = n_iter
        self.random_state = random_state
        self.objectives = objectives
        self.budgets = budgets

    def _searched_names(self) -> set[str]:
        return _names(self.param_distributions)

    def _space_description(self) -> str:
        return stable_repr(self.param_distributions)

    def _named_spaces(self) -> list[dict[str, Sequence[Any]]]:
        check_no_skopt_ranges(self.param_distributions, "RandomizedSearchCV")
        return _named_lists(self.param_distributions)

    def _make_strategy(self, X: Any, y: Any, groups: Any, cv: Any) -> SearchStrategy:
        from sklearn.model_selection import ParameterSampler

        check_int("n_iter", self.n_iter, minimum=1)
        candidates = list(
            ParameterSampler(self.param_distributions, self.n_iter, random_state=self.random_state)
        )
        return CandidateListStrategy(
            candidates,
            _list_params(self.param_distributions),
            distributions_by_name(self.param_distributions),
        )

    def _batch_size(self, n_workers: int) -> int:
        return n_workers if self.pruner is not None else 2**62

    def fit(
        self, X: Any, y: Any = None, *, groups: Any = None, **fit_params: Any
    ) -> RandomizedSearchCV:
        """Evaluate ``n_iter`` random settings with cross-validation, then refit the best one."""
        self._fit(X, y, groups, fit_params)
        return self


class StrategySearchCV(BaseSearchCV):
    """Cross-validated search driven by your own :class:`SearchStrategy`, on the same engine
    as :class:`GridSearchCV`, :class:`BayesSearchCV` and the halving searches (folds, workers,
    fold pruning, resource budgets, ``cv_results_``, refit); see :class:`BaseSearchCV` for the
    shared arguments.

    ``strategy`` is left untouched: each ``fit`` works on a deep copy, kept as ``strategy_``.
    ``batch_size``: at most how many candidates are asked at a time (``None``: one per
    worker). The study stores the strategy's class name as its search space, so a resumed
    study must be driven by the same class; ``param_names`` (optional) are the estimator
    parameters the strategy sets, checked against ``estimator.get_params()`` before the fit.
    """

    def __init__(
        self,
        estimator: Any,
        strategy: SearchStrategy,
        *,
        param_names: Sequence[str] = (),
        batch_size: int | None = None,
        scoring: Any = None,
        n_jobs: int | None = None,
        refit: bool | str | Callable[..., Any] = True,
        cv: Any = None,
        verbose: int = 0,
        pre_dispatch: int | str = "2*n_jobs",
        error_score: Any = np.nan,
        return_train_score: bool = False,
        pruner: BasePruner | None = None,
        storage: str | BaseStorage | None = None,
        study_name: str | None = None,
        timeout: float | None = None,
        resume: str = "auto",
    ) -> None:
        super().__init__(
            estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
            pruner=pruner,
            storage=storage,
            study_name=study_name,
            timeout=timeout,
            resume=resume,
        )
        self.strategy = strategy
        self.param_names = param_names
        self.batch_size = batch_size

    def _check_search_params(self) -> None:
        if not isinstance(self.strategy, SearchStrategy):
            raise InvalidTypeError(
                "strategy must be a hyperscout.sklearn.SearchStrategy, got "
                f"strategy={self.strategy!r}"
            )
        b = self.batch_size
        if b is not None and (isinstance(b, bool) or not isinstance(b, numbers.Integral) or b < 1):
            raise InvalidArgumentError(
                f"batch_size must be an int >= 1 or None, got batch_size={b!r}"
            )
        if isinstance(self.param_names, str) or not all(
            isinstance(n, str) for n in self.param_names
        ):
            raise InvalidTypeError(
                f"param_names must be a sequence of str, got param_names={self.param_names!r}"
            )

    def _searched_names(self) -> set[str]:
        return set(self.param_names)

    def _space_description(self) -> str:
        return f"{type(self.strategy).__module__}.{type(self.strategy).__qualname__}"

    def _named_spaces(self) -> list[dict[str, Sequence[Any]]]:
        return [{name: () for name in self.param_names}]

    def _make_strategy(self, X: Any, y: Any, groups: Any, cv: Any) -> SearchStrategy:
        import copy

        self.strategy_ = copy.deepcopy(self.strategy)
        return self.strategy_

    def _batch_size(self, n_workers: int) -> int:
        return n_workers if self.batch_size is None else int(self.batch_size)

    def fit(
        self, X: Any, y: Any = None, *, groups: Any = None, **fit_params: Any
    ) -> StrategySearchCV:
        """Run the strategy with cross-validation, then refit its best candidate."""
        self._fit(X, y, groups, fit_params)
        return self


_SAMPLERS = ("gp", "tpe", "random")


def _seed_from(random_state: Any) -> int | None:
    if random_state is None:
        return None
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(0, 2**31 - 1))
    if isinstance(random_state, bool) or not isinstance(random_state, numbers.Integral):
        raise InvalidArgumentError(
            "random_state must be None, an int or a numpy RandomState, got "
            f"random_state={random_state!r}"
        )
    return int(random_state)


def method_seed(seed: int, method: str, k: int = 0) -> int:
    """The seed of ``method``'s own stream of a user's ``random_state`` (subspace or bracket
    ``k``): a ``SeedSequence`` keyed by the method's name, so that methods seeded alike do not
    propose the same first candidates, and the same seed still gives the same run."""
    key = zlib.crc32(method.encode("utf-8"))
    sequence = np.random.SeedSequence(entropy=int(seed) % 2**128, spawn_key=(key, int(k)))
    return int(sequence.generate_state(1, dtype=np.uint32)[0] % (2**31 - 1))


_ACQ_FUNCS = {"EI": "logei", "gp_hedge": "logei", "PI": "pi", "LCB": "ucb"}


def make_sampler(
    kind: str | BaseSampler | None, seed: int | None, options: Mapping[str, Any] | None = None
) -> BaseSampler:
    """``"gp"`` (default), ``"tpe"`` or ``"random"``, seeded; a sampler instance is used as is.

    ``options`` are the sampler's keyword arguments (``n_startup_trials``, and ``acquisition``
    for the GP). The names are those of :func:`hyperscout.samplers.sampler_from_name`, limited
    to the three with a meaning here."""
    from hyperscout.samplers import BaseSampler, sampler_from_name

    if isinstance(kind, BaseSampler):
        return kind
    kind = "gp" if kind is None else kind
    if not isinstance(kind, str) or kind.lower() not in _SAMPLERS:
        raise InvalidArgumentError(
            f"sampler must be one of {list(_SAMPLERS)!r} or a hyperscout sampler, got "
            f"sampler={kind!r}"
        )
    kind = kind.lower()
    opts = dict(options or {})
    if kind != "gp":
        opts.pop("acquisition", None)
    if kind == "random":
        opts = {}
    return sampler_from_name(kind, seed=seed, options=opts)


class BayesSearchCV(BaseSearchCV):
    """Bayesian optimisation over hyperparameters: scikit-optimize's ``BayesSearchCV``
    arguments and behaviour, on a hyperscout study.

    ``search_spaces``: a dict ``{name: dimension}``, a list of such dicts (each gets
    ``n_iter`` trials) or a list of ``(dict, n_iter)``. A dimension is a ``(low, high[, prior[,
    base]])`` tuple (ints: integer, else real; ``prior`` ``"uniform"`` or ``"log-uniform"``), a
    list of categories (any objects, estimators included), a :class:`hyperscout.space.Real` /
    ``Integer`` / ``Categorical``, or a hyperscout distribution.

    ``random_state`` seeds the sampler through the Bayesian search's own stream of that seed
    (:func:`method_seed`), so ``RandomizedSearchCV`` and ``BayesSearchCV`` seeded alike do not
    start with the same candidates; the same seed gives the same run.

    ``sampler`` chooses the surrogate: ``"gp"`` (Gaussian process, the default), ``"tpe"``,
    ``"random"`` or a hyperscout sampler instance (used as is, so not re-seeded).
    ``optimizer_kwargs={"base_estimator": "GP"}`` is understood; other skopt optimiser options
    have no hyperscout meaning and are ignored with a warning.

    ``n_points`` settings are proposed and evaluated together. ``fit(..., callback=f)`` calls
    ``f(result)`` after each batch with a scikit-optimize-like ``OptimizeResult``; ``True`` ends
    the current subspace. ``optimizer_results_`` holds one such result per subspace. With several
    subspaces each has its own study (``studies_``); ``study_`` is the first.
    """

    _rank_train = True

    def __init__(
        self,
        estimator: Any,
        search_spaces: Any,
        optimizer_kwargs: Mapping[str, Any] | None = None,
        n_iter: int = 50,
        scoring: Any = None,
        fit_params: Mapping[str, Any] | None = None,
        n_jobs: int | None = None,
        n_points: int = 1,
        iid: Any = "deprecated",
        refit: bool | str | Callable[..., Any] = True,
        cv: Any = None,
        verbose: int = 0,
        pre_dispatch: int | str = "2*n_jobs",
        random_state: Any = None,
        error_score: Any = "raise",
        return_train_score: bool = False,
        *,
        sampler: str | BaseSampler | None = None,
        pruner: BasePruner | None = None,
        storage: str | BaseStorage | None = None,
        study_name: str | None = None,
        timeout: float | None = None,
        resume: str = "auto",
        objectives: Sequence[str] | None = None,
        budgets: Mapping[str, float] | None = None,
    ) -> None:
        super().__init__(
            estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
            pruner=pruner,
            storage=storage,
            study_name=study_name,
            timeout=timeout,
            resume=resume,
        )
        self.search_spaces = search_spaces
        self.optimizer_kwargs = optimizer_kwargs
        self.n_iter = n_iter
        self.fit_params = fit_params
        self.n_points = n_points
        self.iid = iid
        self.random_state = random_state
        self.sampler = sampler
        self.objectives = objectives
        self.budgets = budgets

    @property
    def total_iterations(self) -> int:
        """How many settings ``fit`` evaluates over all subspaces."""
        return sum(s.n_iter for s in parse_search_spaces(self.search_spaces, self.n_iter))

    @property
    def optimizer_results_(self) -> list[Any]:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "_optimizer_results")
        return list(self._optimizer_results)

    def _searched_names(self) -> set[str]:
        return {n for sub in parse_search_spaces(self.search_spaces, 1) for n in sub.dimensions}

    def _space_description(self) -> str:
        return describe_subspaces(parse_search_spaces(self.search_spaces, 1))

    def _named_spaces(self) -> list[dict[str, Sequence[Any]]]:
        return named_subspaces(parse_search_spaces(self.search_spaces, 1))

    def _sampler_kind(self) -> tuple[str | BaseSampler | None, dict[str, Any]]:
        """The sampler kind and its options, from ``sampler`` and skopt's ``optimizer_kwargs``
        (``base_estimator="GP"``, ``n_initial_points`` -> ``n_startup_trials``, ``acq_func``
        ``"EI"``/``"gp_hedge"`` -> log EI, ``"PI"`` -> PI, ``"LCB"`` -> UCB)."""
        kind = self.sampler
        kwargs = dict(self.optimizer_kwargs or {})
        options: dict[str, Any] = {}
        if "n_initial_points" in kwargs:
            n0 = kwargs.pop("n_initial_points")
            if isinstance(n0, bool) or not isinstance(n0, numbers.Integral) or n0 < 0:
                raise InvalidArgumentError(
                    f"optimizer_kwargs['n_initial_points'] must be an int >= 0, got {n0!r}"
                )
            options["n_startup_trials"] = int(n0)
        if "acq_func" in kwargs:
            acq = kwargs.pop("acq_func")
            if acq not in _ACQ_FUNCS:
                raise InvalidArgumentError(
                    f"optimizer_kwargs['acq_func'] must be one of {sorted(_ACQ_FUNCS)!r}, got "
                    f"{acq!r}"
                )
            options["acquisition"] = _ACQ_FUNCS[acq]
        base = kwargs.pop("base_estimator", None)
        if base is not None:
            if not (isinstance(base, str) and base.upper() == "GP"):
                raise InvalidArgumentError(
                    "optimizer_kwargs['base_estimator'] can only be 'GP' in hyperscout (use "
                    f"sampler='tpe' for a tree-structured surrogate), got {base!r}"
                )
            if kind is None:
                kind = "gp"
        if kwargs:
            _warnings.warn(
                f"optimizer_kwargs {sorted(kwargs)!r} are scikit-optimize options with no "
                "hyperscout meaning; they are ignored"
            )
        return kind, options

    def _make_strategy(self, X: Any, y: Any, groups: Any, cv: Any) -> SearchStrategy:
        check_int("n_iter", self.n_iter, minimum=1)
        check_int("n_points", self.n_points, minimum=1)
        if self.iid != "deprecated":
            _warnings.warn(
                "iid is deprecated and has no effect (scores are plain means over folds)",
                FutureWarning,
            )
        subspaces = parse_search_spaces(self.search_spaces, int(self.n_iter))
        kind, options = self._sampler_kind()
        if self.budgets and (kind is None or (isinstance(kind, str) and kind.lower() != "random")):
            # The budget excesses the search stores on each trial, modelled by the sampler.
            options["constraints_func"] = stored_constraints
        seed = _seed_from(self.random_state)

        def factory(k: int) -> BaseSampler:
            return make_sampler(
                kind, None if seed is None else method_seed(seed, "BayesSearchCV", k), options
            )

        return BayesStrategy(subspaces, factory, self._callbacks)

    def _batch_size(self, n_workers: int) -> int:
        if self.pruner is not None:
            return max(int(self.n_points), n_workers)
        return int(self.n_points)

    def fit(
        self,
        X: Any,
        y: Any = None,
        *,
        groups: Any = None,
        callback: Callable[[Any], Any] | Sequence[Callable[[Any], Any]] | None = None,
        **fit_params: Any,
    ) -> BayesSearchCV:
        """Run the Bayesian search with cross-validation, then refit the best setting."""
        if callable(self.refit) and self.objectives is None:
            raise InvalidArgumentError(
                "BayesSearchCV takes a callable refit only with objectives=: the search needs "
                f"a metric to optimise, got refit={self.refit!r}"
            )
        if callback is None:
            self._callbacks: list[Callable[[Any], Any]] = []
        elif callable(callback):
            self._callbacks = [callback]
        else:
            self._callbacks = list(callback)
            for cb in self._callbacks:
                if not callable(cb):
                    raise InvalidTypeError(f"each callback must be callable, got {cb!r}")
        params = {**dict(self.fit_params or {}), **fit_params}
        strategy = self._fit(X, y, groups, params)
        assert isinstance(strategy, BayesStrategy)
        self._optimizer_results = [
            strategy.optimize_result(k) for k in range(len(strategy.subspaces))
        ]
        return self
