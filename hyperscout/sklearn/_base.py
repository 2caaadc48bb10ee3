"""What the three ``*SearchCV`` estimators share: fit loop, fold scheduling, pruning, refit.

The loop: a :class:`~hyperscout.sklearn._strategy.SearchStrategy` proposes a batch of
candidates (each a live trial of the study), the folds of the batch run on the worker pool,
each candidate's mean test score is told to its study, and the strategy hears the batch.

Without a pruner every fold of a batch is one job, so ``n_jobs`` workers share candidates and
folds. With a pruner the folds of a candidate run one after another: after fold ``k`` of every
candidate in the batch, the running mean test score is reported at step ``k`` (in candidate
order, so runs are reproducible) and a candidate the pruner stops runs no more folds.
"""

from __future__ import annotations

import contextlib
import math
import numbers
import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
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
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.sklearn._checks import check_param_names, check_scoring_names
from hyperscout.sklearn._definition import (
    check_definition,
    check_resume,
    describe_cv,
    search_definition,
)
from hyperscout.sklearn._evaluate import (
    FoldResult,
    FoldTask,
    WorkerPool,
    effective_n_jobs,
    fit_and_score_fold,
)
from hyperscout.sklearn._results import CandidateRecord, format_cv_results
from hyperscout.sklearn._strategy import (
    RECORD_KEY,
    Candidate,
    SearchStrategy,
    TellItem,
    _finished_ours,
)
from hyperscout.study._optimize import _progress_bar
from hyperscout.trial import TrialState

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


@contextlib.contextmanager
def _quiet_study_logs(verbose: int) -> Iterator[None]:
    """The study logs each trial at INFO; a search with ``verbose < 2`` keeps that quiet."""
    from hyperscout import logging as hs_logging

    if verbose >= 2:
        yield
        return
    old = hs_logging.get_verbosity()
    hs_logging.set_verbosity(max(old, 30))
    try:
        yield
    finally:
        hs_logging.set_verbosity(old)


def _candidates_left(strategy: SearchStrategy) -> int | None:
    """How many candidates the fit will evaluate, when the strategy knows it up front."""
    from hyperscout.sklearn._strategy import BayesStrategy, CandidateListStrategy

    if isinstance(strategy, CandidateListStrategy):
        return len(strategy.candidates) - len(strategy._done)
    if isinstance(strategy, BayesStrategy):
        return sum(
            max(0, sub.n_iter - done) for sub, done in zip(strategy.subspaces, strategy._counts)
        )
    return None


def _show_best(bar: Any, records: Sequence[CandidateRecord]) -> None:
    means = [float(np.mean(next(iter(r.test.values())))) for r in records if not r.pruned]
    finite = [m for m in means if math.isfinite(m)]
    if finite:
        bar.set_postfix_str(f"best {max(finite):.4g}", refresh=False)


class BaseSearchCV(MetaEstimatorMixin, BaseEstimator):
    """Common base; use :class:`GridSearchCV`, :class:`RandomizedSearchCV` or
    :class:`BayesSearchCV`.

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

    # --- subclass hooks ------------------------------------------------------------------------
    def _make_strategy(self) -> SearchStrategy:
        raise NotImplementedError

    def _batch_size(self, n_workers: int) -> int:
        raise NotImplementedError

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
        if (
            self.refit is not False
            and not callable(self.refit)
            and not (isinstance(self.refit, str) and self.refit in names)
        ):
            raise InvalidArgumentError(
                "For multi-metric scoring, refit must be a metric name, a callable or False, so "
                f"that best_* attributes are defined; metrics are {list(names)!r}, got "
                f"refit={self.refit!r}"
            )

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

        def open_study(suffix: str, sampler: BaseSampler | None) -> Study:
            try:
                study = hyperscout.create_study(
                    storage=self.storage,
                    sampler=sampler if sampler is not None else self._sampler_for_study(),
                    pruner=pruner,
                    study_name=base_name + suffix,
                    direction="maximize",
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
        strategy = self._make_strategy()
        definition = search_definition(
            self.estimator,
            self._searched_names(),
            self._space_description(),
            self.scoring,
            describe_cv(cv, splits),
        )
        with _quiet_study_logs(int(self.verbose)):
            studies = strategy.start(self._open_study_factory(definition))
            metric = self._metric_name()
            for study in studies:
                study.set_user_attr(_NSPLITS_KEY, n_splits)
                if metric is not None and study.metric_names is None:
                    study.set_metric_names([metric])
            self.study_ = studies[0]
            self.studies_ = studies
            records = self._resumed_records(strategy, studies)
            metric_state: dict[str, Any] = {"multimetric": multimetric, "errors": []}
            deadline = None if self.timeout is None else time.monotonic() + float(self.timeout)
            pool = WorkerPool(self.n_jobs, self.pre_dispatch)
            n_workers = pool.n_workers
            bar = _progress_bar(
                int(self.verbose) >= 1, _candidates_left(strategy), self.timeout
            )
            try:
                while True:
                    candidates = strategy.ask(self._batch_size(n_workers))
                    if not candidates:
                        break
                    if self.verbose > 1:
                        print(
                            f"Fitting {n_splits} folds for each of {len(candidates)} candidates, "
                            f"totalling {n_splits * len(candidates)} fits"
                        )
                    batch = self._evaluate(
                        candidates, base, X, y, splits, fit_params, scorer, pool, metric_state
                    )
                    records.extend(item.record for item in batch)
                    strategy.tell(batch)
                    if bar is not None:
                        bar.update(len(batch))
                        _show_best(bar, records)
                    if deadline is not None and time.monotonic() >= deadline:
                        break
            finally:
                pool.close()
                if bar is not None:
                    bar.close()
        if not records:
            raise InvalidArgumentError("No fits were performed: the search produced no candidate.")
        self._finish(records, scorer, base, X, y, fit_params, metric_state["errors"])
        return strategy

    def _metric_name(self) -> str | None:
        """The scorer name the study optimises, for plots and reports (``None``: unnamed)."""
        if isinstance(self.scoring, str):
            return self.scoring
        if isinstance(self.refit, str) and isinstance(self.scoring, list | tuple | set | Mapping):
            return self.refit
        return None

    def _resumed_records(
        self, strategy: SearchStrategy, studies: Sequence[Study]
    ) -> list[CandidateRecord]:
        records = []
        for study in studies:
            for t in _finished_ours(study):
                params = strategy.params_of(t)
                if params is not None:
                    records.append(CandidateRecord.from_json(t.user_attrs[RECORD_KEY], params))
        return records

    def _objective_metric(self, test_scores: dict[str, float] | float) -> str:
        if not isinstance(test_scores, dict):
            return "score"
        if isinstance(self.refit, str) and self.refit in test_scores:
            return self.refit
        return next(iter(test_scores))

    def _evaluate(
        self,
        candidates: Sequence[Candidate],
        base: Any,
        X: Any,
        y: Any,
        splits: Sequence[tuple[np.ndarray, np.ndarray]],
        fit_params: Mapping[str, Any],
        scorer: Any,
        pool: WorkerPool,
        metric_state: dict[str, Any],
    ) -> list[TellItem]:
        n_splits = len(splits)
        results: list[list[FoldResult | None]] = [[None] * n_splits for _ in candidates]
        pruned = [False] * len(candidates)

        def job(i: int, k: int) -> tuple[Any, ...]:
            train, test = splits[k]
            task = FoldTask(clone(base), candidates[i].params, train, test, k)
            return (
                task,
                X,
                y,
                fit_params,
                scorer,
                bool(self.return_train_score),
                self.error_score,
                pool.limit_for,
            )

        def run(pairs: list[tuple[int, int]]) -> None:
            out = pool.map(fit_and_score_fold, [job(i, k) for i, k in pairs])
            for (i, k), r in zip(pairs, out):
                if r.exception is not None:
                    raise r.exception
                results[i][k] = r
                self._check_scores(r, metric_state)
                if r.error is not None:
                    metric_state["errors"].append(r.error)
                if r.score_error is not None:
                    _warnings.warn(
                        "Scoring failed. The score on this train-test partition for these "
                        f"parameters will be set to {self.error_score}. Details:\n{r.score_error}"
                    )

        from hyperscout.pruners import NopPruner

        if self.pruner is None or isinstance(self.pruner, NopPruner):
            run([(i, k) for i in range(len(candidates)) for k in range(n_splits)])
        else:
            for k in range(n_splits):
                alive = [i for i in range(len(candidates)) if not pruned[i]]
                if not alive:
                    break
                run([(i, k) for i in alive])
                if k == n_splits - 1:
                    break
                for i in alive:
                    running = self._running_mean(results[i][: k + 1])
                    if not math.isfinite(running):
                        continue
                    trial = candidates[i].trial
                    trial.report(running, k)
                    if trial.should_prune():
                        pruned[i] = True

        items = []
        for i, cand in enumerate(candidates):
            record = self._record(cand.params, results[i], pruned[i])
            trial = cand.trial
            trial.set_user_attr(RECORD_KEY, record.to_json())
            metric = self._objective_metric(
                next(r.test_scores for r in results[i] if r is not None)
            )
            if pruned[i]:
                frozen = trial.study.tell(trial, state=TrialState.PRUNED)
            else:
                value = float(np.mean(record.test[metric]))
                if math.isfinite(value):
                    frozen = trial.study.tell(trial, value)
                else:
                    frozen = trial.study.tell(trial, state=TrialState.FAIL)
            items.append(TellItem(cand, frozen, record))
        return items

    def _check_scores(self, r: FoldResult, state: dict[str, Any]) -> None:
        is_multi = isinstance(r.test_scores, dict)
        if r.failed or r.score_error is not None:
            return
        known = state.get("multimetric")
        if known is None:
            state["multimetric"] = is_multi
            if is_multi:
                assert isinstance(r.test_scores, dict)
                self._check_refit_for_multimetric(list(r.test_scores))
        elif known != is_multi:
            raise InvalidArgumentError(
                "scoring returned a dict for some folds and a number for others, got "
                f"{r.test_scores!r}"
            )

    def _running_mean(self, folds: Sequence[FoldResult | None]) -> float:
        values = []
        for r in folds:
            if r is None:
                continue
            scores = r.test_scores
            values.append(
                scores[self._objective_metric(scores)] if isinstance(scores, dict) else scores
            )
        return float(np.mean(values)) if values else math.nan

    def _record(
        self, params: dict[str, Any], folds: Sequence[FoldResult | None], pruned: bool
    ) -> CandidateRecord:
        n = len(folds)
        ran = [r for r in folds if r is not None]
        template = next((r.test_scores for r in ran if isinstance(r.test_scores, dict)), None)
        if template is None:
            names = ["score"]
        else:
            names = list(template)

        def scores(attr: str) -> dict[str, list[float]]:
            out: dict[str, list[float]] = {name: [math.nan] * n for name in names}
            for k, r in enumerate(folds):
                if r is None:
                    continue
                value = getattr(r, attr)
                for name in names:
                    if isinstance(value, dict):
                        out[name][k] = float(value.get(name, math.nan))
                    elif value is not None:
                        out[name][k] = float(value)
            return out

        return CandidateRecord(
            params=params,
            test=scores("test_scores"),
            train=scores("train_scores") if self.return_train_score else None,
            fit_time=[math.nan if r is None else r.fit_time for r in folds],
            score_time=[math.nan if r is None else r.score_time for r in folds],
            pruned=pruned,
            n_failed=sum(1 for r in ran if r.failed),
        )

    def _finish(
        self,
        records: list[CandidateRecord],
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
