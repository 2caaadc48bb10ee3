"""What the ``*SearchCV`` estimators share: validation, scoring, studies, ``cv_results_``,
the choice of the best candidate, the refit and delegation to the refit estimator.

The estimators are configuration: each builds a
:class:`~hyperscout.sklearn._strategy.SearchStrategy` and the engine
(:mod:`hyperscout.sklearn._engine`) runs it.
"""

from __future__ import annotations

import math
import numbers
import re
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import BaseEstimator, MetaEstimatorMixin, clone, is_classifier
from sklearn.exceptions import FitFailedWarning
from sklearn.metrics import check_scoring, get_scorer
from sklearn.model_selection import check_cv
from sklearn.utils import get_tags, indexable
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from hyperscout import _warnings
from hyperscout._metric_names import scorer_label
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.sklearn._checks import (
    check_param_names,
    check_refit_for_multimetric,
    check_scoring_names,
)
from hyperscout.sklearn._definition import (
    check_definition,
    check_resume,
    describe_cv,
    search_definition,
)
from hyperscout.sklearn._engine import Engine, quiet_study_logs, resumed_records
from hyperscout.sklearn._evaluate import WorkerPool, effective_n_jobs
from hyperscout.sklearn._objectives import ObjectiveSpec
from hyperscout.sklearn._results import CandidateRecord, format_cv_results
from hyperscout.sklearn._strategy import SearchStrategy, _finished_ours

if TYPE_CHECKING:
    from hyperscout.pruners import BasePruner
    from hyperscout.samplers import BaseSampler
    from hyperscout.storages import BaseStorage
    from hyperscout.study import Study

__all__ = ["BaseSearchCV"]

_NSPLITS_KEY = "sklearn:n_splits"


def _check_refit(search: BaseSearchCV, attr: str) -> None:
    if not search.refit:
        raise AttributeError(
            f"This {type(search).__name__} instance was initialized with refit=False. {attr} "
            "is available only after refitting on the best parameters."
        )


def _estimator_has(attr: str) -> Callable[[BaseSearchCV], bool]:
    def check(self: BaseSearchCV) -> bool:
        _check_refit(self, attr)
        if hasattr(self, "best_estimator_"):
            getattr(self.best_estimator_, attr)
            return True
        getattr(self.estimator, attr)
        return True

    return check


def _failure_details(errors: Sequence[str]) -> str:
    counts: dict[str, int] = {}
    for e in errors:
        counts[e] = counts.get(e, 0) + 1
    line = "-" * 80
    return "".join(
        f"{line}\n{n} fits failed with the following error:\n{e}\n" for e, n in counts.items()
    )


class BaseSearchCV(MetaEstimatorMixin, BaseEstimator):
    """Common base; use :class:`GridSearchCV`, :class:`RandomizedSearchCV`,
    :class:`BayesSearchCV`, the halving searches or :class:`StrategySearchCV`.

    Extra arguments over scikit-learn's (keyword-only, all optional): ``pruner`` (fold-level
    pruning, a :class:`hyperscout.pruners.BasePruner`), ``storage`` and ``study_name`` (persist
    trials, e.g. ``"sqlite:///search.db"``; a fit with the name of an existing study resumes it),
    ``timeout`` (seconds after which no new candidate starts), ``resume``.

    ``resume`` says what an existing study of that name means: ``"auto"`` (default) resumes it
    when it was made by the same search (estimator class and parameters, space, scoring and
    folds, stored with the study by the first fit) and raises
    :class:`~hyperscout.sklearn.SearchDefinitionMismatch` naming what differs otherwise;
    ``"never"`` raises if it exists; ``"overwrite"`` deletes it and starts afresh. The budget
    (``n_iter``, ``timeout``), ``n_jobs``, ``random_state`` of a Bayesian search and the
    estimator's ``n_jobs``/``verbose`` are not part of the definition: a resume may change them.

    ``n_jobs`` workers run on joblib, as in scikit-learn's own searches: worker processes
    (loky) by default, threads under ``joblib.parallel_config(backend="threading")``, a Dask
    cluster under ``parallel_config(backend="dask")``; ``n_jobs=None`` takes an enclosing
    ``parallel_config``'s ``n_jobs``. On local cores the workers are capped at one per core and
    each fold job runs under a ``threadpoolctl`` limit of ``cores // workers`` OpenMP/BLAS
    threads (one per job on a cluster); thread parameters of the estimator and its steps
    (``n_jobs``, ``num_threads``, ``nthread``, ``thread_count``) that ask for every core
    (LightGBM's and XGBoost's default ``None``, negative values) or more than that share are
    capped at it in the fold jobs (the refit keeps them), so a multithreaded estimator inside
    never oversubscribes the machine. ``pre_dispatch`` is passed to joblib. ``verbose=1`` shows
    a progress bar with the ETA and the best score so far; ``verbose=2`` also prints a line per
    batch and the study's log of each trial.

    With ``pruner``, a candidate's folds run one after another and the running mean test score
    is reported after each fold (step ``k`` = fold ``k``); a pruned candidate's
    ``cv_results_`` row has NaN for the folds it did not run, a NaN mean test score (it ranks
    last and is never ``best_``) and ``True`` in an extra ``pruned`` column. A pruner such as
    ``SuccessiveHalvingPruner`` turns this into successive halving over folds.
    """

    # Set by subclasses.
    _rank_train = False

    def __init__(
        self,
        estimator: Any,
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
    ) -> None:
        self.estimator = estimator
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.refit = refit
        self.cv = cv
        self.verbose = verbose
        self.pre_dispatch = pre_dispatch
        self.error_score = error_score
        self.return_train_score = return_train_score
        self.pruner = pruner
        self.storage = storage
        self.study_name = study_name
        self.timeout = timeout
        self.resume = resume

    # --- configuration, given by each estimator ----------------------------------------------
    def _make_strategy(self, X: Any, y: Any, groups: Any, cv: Any) -> SearchStrategy:
        """The strategy of this fit (``X, y, groups``: the data, made indexable; ``cv``: the
        checked splitter), built after the names are checked and before any study opens."""
        raise NotImplementedError

    def _batch_size(self, n_workers: int) -> int:
        """At most how many candidates the engine asks the strategy for at a time."""
        raise NotImplementedError

    def _check_search_params(self) -> None:
        """Checks of the estimator's own arguments, after the shared ones (none by default)."""

    def _sampler_for_study(self) -> BaseSampler | None:
        return None

    def _searched_names(self) -> set[str]:
        """The estimator parameters the search sets (left out of the stored definition)."""
        raise NotImplementedError

    def _space_description(self) -> str:
        """A stable description of the search space, stored with the study."""
        raise NotImplementedError

    def _named_spaces(self) -> list[dict[str, Sequence[Any]]]:
        """Each subspace as ``{name: candidate values}`` (empty for a distribution)."""
        raise NotImplementedError

    # --- tags ----------------------------------------------------------------------------------
    def __sklearn_tags__(self) -> Any:
        from copy import deepcopy

        tags = super().__sklearn_tags__()
        sub = get_tags(self.estimator)
        tags.estimator_type = sub.estimator_type
        tags.classifier_tags = deepcopy(sub.classifier_tags)
        tags.regressor_tags = deepcopy(sub.regressor_tags)
        tags.target_tags.multi_output = sub.target_tags.multi_output
        tags.input_tags.pairwise = sub.input_tags.pairwise
        tags.input_tags.sparse = sub.input_tags.sparse
        return tags

    # --- validation ----------------------------------------------------------------------------
    def _validate(self) -> None:
        check_resume(self.resume)
        if not hasattr(self.estimator, "fit"):
            raise InvalidTypeError(
                f"estimator must have a fit method, got estimator={self.estimator!r}"
            )
        e = self.error_score
        if not (e == "raise" if isinstance(e, str) else isinstance(e, numbers.Real)):
            raise InvalidArgumentError(
                f"error_score must be 'raise' or a number, got error_score={e!r}"
            )
        if not (isinstance(self.refit, bool | str) or callable(self.refit)):
            raise InvalidTypeError(
                f"refit must be a bool, a metric name or a callable, got refit={self.refit!r}"
            )
        if self.timeout is not None and (
            isinstance(self.timeout, bool)
            or not isinstance(self.timeout, numbers.Real)
            or self.timeout <= 0
        ):
            raise InvalidArgumentError(
                f"timeout must be a positive number or None, got timeout={self.timeout!r}"
            )
        effective_n_jobs(self.n_jobs)
        self._check_search_params()
        self._objective_spec = ObjectiveSpec.of(self)

    def _scorers(self) -> tuple[Any, bool | None]:
        """The scorer (callable, or dict of callables) and whether it is multi-metric
        (``None``: a callable scoring, known after its first call)."""
        scoring = self.scoring
        if callable(scoring):
            return scoring, None
        check_scoring_names(scoring)
        if scoring is None or isinstance(scoring, str):
            return check_scoring(self.estimator, scoring), False
        if isinstance(scoring, list | tuple | set):
            names = list(scoring)
            if (
                not names
                or not all(isinstance(n, str) for n in names)
                or len(set(names)) != len(names)
            ):
                raise InvalidArgumentError(
                    "a list of scorings must be non-empty distinct metric names, got "
                    f"scoring={scoring!r}"
                )
            scorers = {n: get_scorer(n) for n in names}
        elif isinstance(scoring, Mapping):
            if not scoring or not all(isinstance(k, str) for k in scoring):
                raise InvalidArgumentError(
                    f"a dict scoring must map metric names to scorers, got scoring={scoring!r}"
                )
            scorers = {k: (v if callable(v) else get_scorer(v)) for k, v in scoring.items()}
        else:
            raise InvalidArgumentError(
                "scoring must be None, a metric name, a callable, a list of names or a dict, got "
                f"scoring={scoring!r}"
            )
        self._check_refit_for_multimetric(list(scorers))
        return scorers, True

    def _check_refit_for_multimetric(self, names: Sequence[str]) -> None:
        check_refit_for_multimetric(self.refit, names)

    # --- fit -----------------------------------------------------------------------------------
    def _open_study_factory(
        self, definition: dict[str, str]
    ) -> Callable[[str, BaseSampler | None], Study]:
        import hyperscout
        from hyperscout.exceptions import DuplicatedStudyError

        resume = check_resume(self.resume)
        base_name = self.study_name
        if base_name is None:
            base_name = f"{type(self).__name__}-{uuid.uuid4().hex[:12]}"
        elif resume == "overwrite" and self.storage is not None:
            companions = re.compile(re.escape(base_name) + r"(:(subspace|iter)\d+)?")
            for name in hyperscout.get_all_study_names(self.storage):
                if companions.fullmatch(name):
                    hyperscout.delete_study(study_name=name, storage=self.storage)
        pruner = self.pruner
        spec = self._objective_spec

        def open_study(suffix: str, sampler: BaseSampler | None) -> Study:
            try:
                study = hyperscout.create_study(
                    storage=self.storage,
                    sampler=sampler if sampler is not None else self._sampler_for_study(),
                    pruner=pruner,
                    study_name=base_name + suffix,
                    directions=spec.directions() if spec is not None else ["maximize"],
                    load_if_exists=resume != "never",
                )
            except DuplicatedStudyError:
                raise DuplicatedStudyError(
                    f"study {base_name + suffix!r} already exists and resume='never'; pass "
                    "resume='auto' to continue it, resume='overwrite' to start afresh, or "
                    "choose another study_name"
                ) from None
            check_definition(study, definition, bool(_finished_ours(study)))
            return study

        return open_study

    def _fit(self, X: Any, y: Any, groups: Any, fit_params: Mapping[str, Any]) -> SearchStrategy:
        self._validate()
        scorer, multimetric = self._scorers()
        check_param_names(self.estimator, self._named_spaces())
        X, y, groups = indexable(X, y, groups)
        cv = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        n_splits = int(cv.get_n_splits(X, y, groups))
        splits = [(np.asarray(tr), np.asarray(te)) for tr, te in cv.split(X, y, groups)]
        if len(splits) != n_splits:
            raise InvalidArgumentError(
                "cv.split and cv.get_n_splits return inconsistent results, expected "
                f"{n_splits} splits, got {len(splits)}"
            )
        if n_splits < 1:
            raise InvalidArgumentError(f"cv must yield at least one split, got {n_splits}")
        self.n_splits_ = n_splits
        base = clone(self.estimator)
        strategy = self._make_strategy(X, y, groups, cv)
        definition = search_definition(
            self.estimator,
            self._searched_names(),
            self._space_description(),
            self.scoring,
            describe_cv(cv, splits),
        )
        if self._objective_spec is not None:
            definition["objectives"] = self._objective_spec.definition()
        from hyperscout.pruners import NopPruner

        engine = Engine(
            base=base,
            X=X,
            y=y,
            splits=splits,
            fit_params=fit_params,
            scorer=scorer,
            multimetric=multimetric,
            pool=WorkerPool(self.n_jobs, self.pre_dispatch),
            refit=self.refit,
            error_score=self.error_score,
            return_train_score=bool(self.return_train_score),
            prune=self.pruner is not None and not isinstance(self.pruner, NopPruner),
            objectives=self._objective_spec,
        )
        with quiet_study_logs(int(self.verbose)):
            studies = strategy.start(self._open_study_factory(definition))
            names = self._study_metric_names(self._metric_name())
            # Studies stored before scorers had display names carry the scorer's own name
            # ("roc_auc"): a resumed search renames them; a name the user set stays.
            legacy = self._study_metric_names(self._metric_name(display=False))
            for study in studies:
                study.set_user_attr(_NSPLITS_KEY, n_splits)
                stored = study.metric_names
                if names is not None and (stored is None or (stored == legacy != names)):
                    study.set_metric_names(names)
            self.study_ = studies[0]
            self.studies_ = studies
            records = resumed_records(strategy, studies)
            records += engine.run(
                strategy,
                self._batch_size(engine.pool.n_workers),
                timeout=self.timeout,
                verbose=int(self.verbose),
            )
        if not records:
            raise InvalidArgumentError("No fits were performed: the search produced no candidate.")
        self._finish(records, strategy, scorer, base, X, y, fit_params, engine.errors)
        return strategy

    def _metric_name(self, display: bool = True) -> str | None:
        """The name of the score the study optimises, for plots and reports: a scorer's display
        name (``"roc_auc"`` -> ``"ROC AUC"``, others as given; ``display=False``: the scorer's
        own), the key ``refit`` names in a dict of scorers; ``None`` for a callable or the
        estimator's own score."""
        label = scorer_label if display else str
        if isinstance(self.scoring, str):
            return label(self.scoring)
        if isinstance(self.refit, str) and isinstance(self.scoring, list | tuple | set):
            return label(self.refit)
        if isinstance(self.refit, str) and isinstance(self.scoring, Mapping):
            return self.refit
        return None

    def _study_metric_names(self, metric: str | None) -> list[str] | None:
        if self._objective_spec is not None:
            return self._objective_spec.metric_names(metric)
        return None if metric is None else [metric]

    def _finish(
        self,
        records: list[CandidateRecord],
        strategy: SearchStrategy,
        scorer: Any,
        base: Any,
        X: Any,
        y: Any,
        fit_params: Mapping[str, Any],
        errors: Sequence[str],
    ) -> None:
        n_fits = sum(sum(1 for t in r.fit_time if not math.isnan(t)) for r in records)
        n_failed = sum(r.n_failed for r in records)
        details = _failure_details(errors)
        if n_failed and n_failed == n_fits:
            raise InvalidArgumentError(
                f"All the {n_fits} fits failed. It is very likely that your model is "
                "misconfigured. You can try to debug the error by setting error_score='raise'."
                f"\n\nBelow are more details about the failures:\n{details}"
            )
        if n_failed:
            _warnings.warn(
                f"{n_failed} fits failed out of a total of {n_fits}. The score on these train-test "
                f"partitions for these parameters will be set to {self.error_score}. If these "
                "failures are not expected, you can try to debug them by setting "
                f"error_score='raise'.\n\nBelow are more details about the failures:\n{details}",
                FitFailedWarning,
            )
        # Candidates whose folds all failed carry single-metric placeholders; give them the
        # metric names of the others.
        names = next(
            (list(r.test) for r in records if r.n_failed == 0 or list(r.test) != ["score"]),
            ["score"],
        )
        for r in records:
            if list(r.test) != names:
                fill = float(self.error_score) if self.error_score != "raise" else math.nan
                r.test = {
                    n: [fill if not math.isnan(t) else math.nan for t in r.fit_time] for n in names
                }
                if r.train is not None:
                    r.train = {n: list(v) for n, v in r.test.items()}
        self.multimetric_ = names != ["score"] or isinstance(scorer, Mapping)
        if self.multimetric_ and callable(self.scoring):
            self._check_refit_for_multimetric(names)
        results = format_cv_results(
            records,
            self.n_splits_,
            return_train_score=bool(self.return_train_score),
            with_pruned_column=self.pruner is not None,
            rank_train=self._rank_train,
        )
        self.cv_results_ = results
        refit_metric = "score"
        if self.multimetric_:
            refit_metric = self.refit if isinstance(self.refit, str) else names[0]
        spec = self._objective_spec
        if spec is not None:
            spec.add_columns(results, records)
            self.pareto_front_, _ = spec.pareto(results, records, f"mean_test_{refit_metric}")
        # Which candidate is best, first rule that applies:
        #   1. a callable refit (the user's own choice, even with objectives=);
        #   2. the objectives spec (``objectives=``: the documented score-against-cost rule);
        #   3. the strategy's own best_index (e.g. successive halving's last iteration);
        #   4. the rank of the refit metric among candidates that were not pruned.
        # With several metrics and refit=False, best_* exist only through rule 3, and only
        # without objectives= (as before the strategy seam, such a search has no best_*).
        if self.refit or not self.multimetric_:
            if callable(self.refit):
                index = self.refit(results)
                if isinstance(index, bool) or not isinstance(index, numbers.Integral):
                    raise InvalidTypeError(
                        f"a callable refit must return an int index, got {index!r}"
                    )
                if not 0 <= int(index) < len(records):
                    raise InvalidArgumentError(
                        f"a callable refit returned index {index}, outside [0, {len(records)})"
                    )
                self.best_index_ = int(index)
            elif spec is not None:
                self.best_index_ = spec.best_index(results, records, f"mean_test_{refit_metric}")
                self.best_score_ = float(results[f"mean_test_{refit_metric}"][self.best_index_])
            elif (index := self._strategy_best(strategy, results, refit_metric)) is not None:
                self.best_index_ = index
                self.best_score_ = float(results[f"mean_test_{refit_metric}"][index])
            else:
                ranks = results[f"rank_test_{refit_metric}"]
                usable = np.array([not r.pruned for r in records])
                if not usable.any():
                    raise InvalidArgumentError(
                        "every candidate was pruned, so none can be the best one"
                    )
                masked = np.where(usable, ranks, np.iinfo(np.int32).max)
                self.best_index_ = int(np.argmin(masked))
                self.best_score_ = float(results[f"mean_test_{refit_metric}"][self.best_index_])
            self.best_params_ = results["params"][self.best_index_]
        elif (
            spec is None
            and (index := self._strategy_best(strategy, results, refit_metric)) is not None
        ):
            # Several metrics and refit=False: only a strategy's own rule defines best_*.
            self.best_index_ = index
            self.best_score_ = float(results[f"mean_test_{refit_metric}"][index])
            self.best_params_ = results["params"][index]
        if self.refit:
            est = clone(base).set_params(**clone(self.best_params_, safe=False))
            start = time.perf_counter()
            if y is None:
                est.fit(X, **fit_params)
            else:
                est.fit(X, y, **fit_params)
            self.refit_time_ = time.perf_counter() - start
            self.best_estimator_ = est
            if hasattr(est, "feature_names_in_"):
                self.feature_names_in_ = est.feature_names_in_
        self.scorer_ = scorer

    @staticmethod
    def _strategy_best(
        strategy: SearchStrategy, results: Mapping[str, Any], metric: str
    ) -> int | None:
        index = strategy.best_index(results, metric)
        if index is None:
            return None
        n = len(results["params"])
        if isinstance(index, bool) or not isinstance(index, numbers.Integral):
            raise InvalidTypeError(
                f"a strategy's best_index must return an int index or None, got {index!r}"
            )
        if not 0 <= int(index) < n:
            raise InvalidArgumentError(
                f"a strategy's best_index returned index {index}, outside [0, {n})"
            )
        return int(index)

    # --- delegation ----------------------------------------------------------------------------
    def score(self, X: Any, y: Any = None) -> float:
        """The refit metric of ``scoring`` (or the estimator's ``score``) on ``X, y``."""
        _check_refit(self, "score")
        check_is_fitted(self)
        scorer = self.scorer_
        if isinstance(scorer, Mapping):
            key = self.refit if isinstance(self.refit, str) else next(iter(scorer))
            return float(scorer[key](self.best_estimator_, X, y))
        value = scorer(self.best_estimator_, X, y)
        if isinstance(value, Mapping):
            key = self.refit if isinstance(self.refit, str) else next(iter(value))
            value = value[key]
        return float(value)

    @available_if(_estimator_has("score_samples"))
    def score_samples(self, X: Any) -> Any:
        check_is_fitted(self)
        return self.best_estimator_.score_samples(X)

    @available_if(_estimator_has("predict"))
    def predict(self, X: Any) -> Any:
        check_is_fitted(self)
        return self.best_estimator_.predict(X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X: Any) -> Any:
        check_is_fitted(self)
        return self.best_estimator_.predict_proba(X)

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X: Any) -> Any:
        check_is_fitted(self)
        return self.best_estimator_.predict_log_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X: Any) -> Any:
        check_is_fitted(self)
        return self.best_estimator_.decision_function(X)

    @available_if(_estimator_has("transform"))
    def transform(self, X: Any) -> Any:
        check_is_fitted(self)
        return self.best_estimator_.transform(X)

    @available_if(_estimator_has("inverse_transform"))
    def inverse_transform(self, X: Any) -> Any:
        check_is_fitted(self)
        return self.best_estimator_.inverse_transform(X)

    @property
    def n_features_in_(self) -> int:
        try:
            check_is_fitted(self)
        except Exception as err:
            raise AttributeError(
                f"{type(self).__name__} object has no n_features_in_ attribute before fit"
            ) from err
        return int(self.best_estimator_.n_features_in_)

    @property
    def classes_(self) -> Any:
        _estimator_has("classes_")(self)
        return self.best_estimator_.classes_

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "cv_results_")
