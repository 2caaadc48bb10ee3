"""The evaluation engine of the ``*SearchCV`` estimators: the ask/evaluate/tell loop over a
:class:`~hyperscout.sklearn.SearchStrategy`, the fold loop, fold pruning, resource budgets and
the per-candidate record.

The loop: the strategy proposes a batch of candidates (each a live trial of one of its studies),
the folds of the batch run on the worker pool, each candidate's record is stored in its trial
and its mean test score told to its study, and the strategy hears the batch.

Without a pruner every fold of a batch is one job, so ``n_jobs`` workers share candidates and
folds. With a pruner the folds of a candidate run one after another: after fold ``k`` of every
candidate in the batch, the running mean test score is reported at step ``k`` (in candidate
order, so runs are reproducible) and a candidate the pruner stops runs no more folds.

A candidate's :class:`~hyperscout.sklearn.Budget` restricts its folds to a subsample
(``resource="n_samples"``) or sets an estimator parameter; its iteration and resources are kept
in its record (the ``iter`` and ``n_resources`` columns of ``cv_results_``).

With ``objectives=`` (an :class:`~hyperscout.sklearn._objectives.ObjectiveSpec`) every fold also
measures the fitted model's costs; they are kept in the record, the candidate's constraints
(``budgets=``) are stored in its trial and its study hears the score and the costs.
"""

from __future__ import annotations

import contextlib
import math
import numbers
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import clone

from hyperscout import _warnings
from hyperscout._progress import progress_bar
from hyperscout.exceptions import InvalidArgumentError
from hyperscout.sklearn._checks import check_refit_for_multimetric
from hyperscout.sklearn._evaluate import (
    FoldResult,
    FoldTask,
    WorkerPool,
    fit_and_score_fold,
    num_samples,
)
from hyperscout.sklearn._objectives import ObjectiveSpec
from hyperscout.sklearn._results import CandidateRecord
from hyperscout.sklearn._strategy import (
    RECORD_KEY,
    Budget,
    Candidate,
    SearchStrategy,
    TellItem,
    _finished_ours,
)
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial, Trial

__all__ = ["Engine", "objective_metric", "quiet_study_logs", "resumed_records"]

Split = tuple[np.ndarray, np.ndarray]


def objective_metric(refit: Any, test_scores: dict[str, float] | float) -> str:
    """The metric a study optimises: the ``refit`` metric name, else the first metric."""
    if not isinstance(test_scores, dict):
        return "score"
    if isinstance(refit, str) and refit in test_scores:
        return refit
    return next(iter(test_scores))


@contextlib.contextmanager
def quiet_study_logs(verbose: int) -> Iterator[None]:
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


def resumed_records(strategy: SearchStrategy, studies: Sequence[Study]) -> list[CandidateRecord]:
    """The records of trials finished before this fit that the strategy keeps in this fit's
    ``cv_results_``."""
    records = []
    for study in studies:
        for t in _finished_ours(study):
            params = strategy.params_of(t)
            if params is not None:
                records.append(CandidateRecord.from_json(t.user_attrs[RECORD_KEY], params))
    return records


def _show_best(bar: Any, records: Sequence[CandidateRecord]) -> None:
    means = [float(np.mean(next(iter(r.test.values())))) for r in records if not r.pruned]
    finite = [m for m in means if math.isfinite(m)]
    if finite:
        bar.set_postfix_str(f"best {max(finite):.4g}", refresh=False)


class Engine:
    """Evaluates candidates on the folds of one fit and records them in their trials.

    ``multimetric`` is whether ``scorer`` returns several metrics (``None``: a callable
    scoring, known after its first result); ``objectives`` is the search's score-against-cost
    spec (``None``: the score alone); ``errors`` collects the tracebacks of failed fits.
    """

    def __init__(
        self,
        *,
        base: Any,
        X: Any,
        y: Any,
        splits: Sequence[Split],
        fit_params: Mapping[str, Any],
        scorer: Any,
        multimetric: bool | None,
        pool: WorkerPool,
        refit: Any,
        error_score: Any,
        return_train_score: bool,
        prune: bool,
        objectives: ObjectiveSpec | None = None,
    ) -> None:
        self.base = base
        self.X = X
        self.y = y
        self.splits = list(splits)
        self.fit_params = fit_params
        self.scorer = scorer
        self.multimetric = multimetric
        self.pool = pool
        self.refit = refit
        self.error_score = error_score
        self.return_train_score = bool(return_train_score)
        self.prune = prune
        self.objectives = objectives
        self.errors: list[str] = []
        self._subsamples: dict[tuple[int, int], list[Split]] = {}

    # --- the loop ------------------------------------------------------------------------------
    def run(
        self,
        strategy: SearchStrategy,
        batch_size: int,
        *,
        timeout: float | None,
        verbose: int,
    ) -> list[CandidateRecord]:
        """Ask, evaluate and tell until the strategy has no candidate left or ``timeout``
        seconds have passed (a started batch always finishes)."""
        deadline = None if timeout is None else time.monotonic() + float(timeout)
        bar = progress_bar(verbose >= 1, strategy.candidates_left(), timeout)
        n_splits = len(self.splits)
        records: list[CandidateRecord] = []
        try:
            while True:
                candidates = strategy.ask(batch_size)
                if not candidates:
                    break
                if verbose > 1:
                    print(
                        f"Fitting {n_splits} folds for each of {len(candidates)} candidates, "
                        f"totalling {n_splits * len(candidates)} fits"
                    )
                batch = self.evaluate(candidates)
                records.extend(item.record for item in batch)
                strategy.tell(batch)
                if bar is not None:
                    bar.update(len(batch))
                    _show_best(bar, records)
                if deadline is not None and time.monotonic() >= deadline:
                    break
        finally:
            self.pool.close()
            if bar is not None:
                bar.close()
        return records

    # --- one batch -----------------------------------------------------------------------------
    def evaluate(self, candidates: Sequence[Candidate]) -> list[TellItem]:
        """Every fold of every candidate (fold by fold, with pruning, when ``prune``), then
        each candidate's record and the tell to its study, in candidate order."""
        n_splits = len(self.splits)
        planned = [self._with_budget(c) for c in candidates]
        results: list[list[FoldResult | None]] = [[None] * n_splits for _ in candidates]
        pruned = [False] * len(candidates)

        def job(i: int, k: int) -> tuple[Any, ...]:
            params, splits = planned[i]
            train, test = splits[k]
            measure = self.objectives is not None
            task = FoldTask(clone(self.base), params, train, test, k, measure)
            return (
                task,
                self.X,
                self.y,
                self.fit_params,
                self.scorer,
                self.return_train_score,
                self.error_score,
                self.pool.limit_for,
            )

        def run(pairs: list[tuple[int, int]]) -> None:
            out = self.pool.map(fit_and_score_fold, [job(i, k) for i, k in pairs])
            for (i, k), r in zip(pairs, out):
                if r.exception is not None:
                    raise r.exception
                results[i][k] = r
                self._check_scores(r)
                if r.error is not None:
                    self.errors.append(r.error)
                if r.score_error is not None:
                    _warnings.warn(
                        "Scoring failed. The score on this train-test partition for these "
                        f"parameters will be set to {self.error_score}. Details:\n{r.score_error}"
                    )

        if not self.prune:
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
            record = self._record(planned[i][0], results[i], pruned[i], cand.budget)
            frozen = self._tell(cand.trial, record, results[i], pruned[i])
            items.append(TellItem(cand, frozen, record))
        return items

    # --- resources -----------------------------------------------------------------------------
    def _with_budget(self, cand: Candidate) -> tuple[dict[str, Any], list[Split]]:
        """The estimator parameters and folds of a candidate under its budget."""
        budget = cand.budget
        if budget is None:
            return dict(cand.params), self.splits
        n = budget.n_resources
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise InvalidArgumentError(
                f"a budget's n_resources must be an int >= 1, got n_resources={n!r}"
            )
        if budget.resource == "n_samples":
            return dict(cand.params), self._subsample(int(n), int(budget.sample_seed))
        if budget.resource not in self.base.get_params():
            raise InvalidArgumentError(
                f"a budget's resource must be 'n_samples' or a parameter of "
                f"{type(self.base).__name__}, got resource={budget.resource!r}"
            )
        return {**cand.params, budget.resource: int(n)}, self.splits

    def _subsample(self, n_resources: int, seed: int) -> list[Split]:
        """Each fold's train and test samples cut to ``n_resources / n_samples`` of their
        size, drawn once per ``(n_resources, seed)``."""
        key = (n_resources, seed)
        if key in self._subsamples:
            return self._subsamples[key]
        n_samples = num_samples(self.X)
        if n_resources > n_samples:
            raise InvalidArgumentError(
                "a budget of resource='n_samples' must be at most the number of samples "
                f"({n_samples}), got n_resources={n_resources}"
            )
        fraction = n_resources / n_samples
        rng = np.random.RandomState(seed % (2**32))
        out = []
        for train, test in self.splits:
            n_tr = max(1, int(fraction * len(train)))
            n_te = max(1, int(fraction * len(test)))
            out.append(
                (
                    np.sort(rng.choice(train, n_tr, replace=False)),
                    np.sort(rng.choice(test, n_te, replace=False)),
                )
            )
        self._subsamples[key] = out
        return out

    # --- scores --------------------------------------------------------------------------------
    def _check_scores(self, r: FoldResult) -> None:
        is_multi = isinstance(r.test_scores, dict)
        if r.failed or r.score_error is not None:
            return
        if self.multimetric is None:
            self.multimetric = is_multi
            if isinstance(r.test_scores, dict):
                check_refit_for_multimetric(self.refit, list(r.test_scores))
        elif self.multimetric != is_multi:
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
                scores[objective_metric(self.refit, scores)] if isinstance(scores, dict) else scores
            )
        return float(np.mean(values)) if values else math.nan

    # --- per-candidate recording ---------------------------------------------------------------
    def _record(
        self,
        params: dict[str, Any],
        folds: Sequence[FoldResult | None],
        pruned: bool,
        budget: Budget | None,
    ) -> CandidateRecord:
        """One candidate's ``cv_results_`` row: fold scores and times (NaN for folds not run)."""
        n = len(folds)
        ran = [r for r in folds if r is not None]
        template = next((r.test_scores for r in ran if isinstance(r.test_scores, dict)), None)
        names = ["score"] if template is None else list(template)

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
            costs=None if self.objectives is None else ObjectiveSpec.fold_costs(folds),
            iteration=None if budget is None else int(budget.iteration),
            n_resources=None if budget is None else int(budget.n_resources),
        )

    def _tell(
        self,
        trial: Trial,
        record: CandidateRecord,
        folds: Sequence[FoldResult | None],
        pruned: bool,
    ) -> FrozenTrial:
        """Store the record in the trial and tell its study the mean test score of the
        optimised metric (PRUNED when pruned, FAIL when the mean is not finite); with
        ``objectives``, store the candidate's constraints and tell the score with the costs."""
        trial.set_user_attr(RECORD_KEY, record.to_json())
        if pruned:
            return trial.study.tell(trial, state=TrialState.PRUNED)
        metric = objective_metric(self.refit, next(r.test_scores for r in folds if r is not None))
        value = float(np.mean(record.test[metric]))
        spec = self.objectives
        if math.isfinite(value) and spec is not None:
            spec.store_constraints(trial, record)
            return trial.study.tell(trial, spec.values(record, value, self.base))
        if math.isfinite(value):
            return trial.study.tell(trial, value)
        return trial.study.tell(trial, state=TrialState.FAIL)
