"""Fold-level pruning: folds run one after another, the running mean goes to the pruner."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.svm import SVC

from hyperscout.pruners import BasePruner, MedianPruner
from hyperscout.sklearn import BayesSearchCV, GridSearchCV
from hyperscout.trial import TrialState

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
# Two good settings first, then two that predict one class (about 1/3 accuracy).
GRID = {"C": [1.0, 10.0, 1e-4, 1e-5], "kernel": ["linear"]}


class _RecordingPruner(BasePruner):
    """Never prunes; remembers which steps were reported for which trial."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, int, float]] = []

    def prune(self, study, trial) -> bool:  # type: ignore[no-untyped-def]
        step = trial.last_step
        self.seen.append((trial.number, step, trial.intermediate_values[step]))
        return False


class _AlwaysPrune(BasePruner):
    def prune(self, study, trial) -> bool:  # type: ignore[no-untyped-def]
        return True


def test_running_mean_is_reported_after_each_fold_but_the_last() -> None:
    pruner = _RecordingPruner()
    search = GridSearchCV(SVC(), GRID, cv=4, pruner=pruner).fit(X_IRIS, Y_IRIS)
    res = search.cv_results_
    for number in range(4):
        steps = [(s, v) for n, s, v in pruner.seen if n == number]
        assert [s for s, _ in steps] == [0, 1, 2]
        folds = [res[f"split{k}_test_score"][number] for k in range(3)]
        for s, v in steps:
            assert v == pytest.approx(np.mean(folds[: s + 1]))
    assert not res["pruned"].any()


def test_median_pruner_stops_hopeless_candidates() -> None:
    pruner = MedianPruner(n_startup_trials=2)
    search = GridSearchCV(SVC(), GRID, cv=5, pruner=pruner).fit(X_IRIS, Y_IRIS)
    res = search.cv_results_
    assert res["pruned"].tolist() == [False, False, True, True]
    for i in (2, 3):
        assert not np.isnan(res["split0_test_score"][i])
        assert all(np.isnan(res[f"split{k}_test_score"][i]) for k in range(1, 5))
        assert np.isnan(res["mean_test_score"][i])
        assert res["rank_test_score"][i] == 3
        assert not np.isnan(res["mean_fit_time"][i])  # averaged over the folds that ran
    assert search.best_index_ in (0, 1)
    states = [t.state for t in search.study_.trials]
    assert states == [TrialState.COMPLETE] * 2 + [TrialState.PRUNED] * 2


def test_a_pruned_candidate_never_becomes_best() -> None:
    search = GridSearchCV(SVC(), {"C": [1.0, 2.0]}, cv=3, pruner=_AlwaysPrune())
    with pytest.raises(ValueError, match="every candidate was pruned"):
        search.fit(X_IRIS, Y_IRIS)


def test_bayes_with_pruner_and_two_jobs() -> None:
    space = {"C": (1e-6, 10.0, "log-uniform"), "kernel": ["linear"]}
    search = BayesSearchCV(
        SVC(),
        space,
        n_iter=12,
        cv=5,
        n_jobs=2,
        random_state=0,
        sampler="random",
        pruner=MedianPruner(n_startup_trials=3),
    ).fit(X_IRIS, Y_IRIS)
    res = search.cv_results_
    assert res["pruned"].any()
    assert not res["pruned"][search.best_index_]
    assert search.best_score_ == np.nanmax(res["mean_test_score"])


def test_successive_halving_over_folds_composes_with_a_bayesian_sampler() -> None:
    from hyperscout.pruners import SuccessiveHalvingPruner

    space = {"C": (1e-6, 10.0, "log-uniform"), "kernel": ["linear"]}
    search = BayesSearchCV(
        SVC(),
        space,
        n_iter=12,
        cv=4,
        random_state=0,
        sampler="tpe",
        pruner=SuccessiveHalvingPruner(min_resource=1, reduction_factor=2),
    ).fit(X_IRIS, Y_IRIS)
    res = search.cv_results_
    assert res["pruned"].any()
    ran = sum(int(np.sum(~np.isnan(res[f"split{k}_test_score"]))) for k in range(4))
    assert ran < 12 * 4
    assert not res["pruned"][search.best_index_]
