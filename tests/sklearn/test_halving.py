"""Successive halving in the scikit-learn front door (hyperscout.sklearn._halving)."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest
from scipy.stats import randint
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import HalvingGridSearchCV as SkHalvingGrid
from sklearn.model_selection import HalvingRandomSearchCV as SkHalvingRandom
from sklearn.model_selection import KFold
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

from hyperscout.sklearn import HalvingGridSearchCV, HalvingRandomSearchCV, HalvingSearchCV

from ._helpers import quiet_degenerate_data_notices

X_DIGITS, Y_DIGITS = load_digits(return_X_y=True)
SCHEDULE_ATTRS = (
    "n_resources_",
    "n_candidates_",
    "n_iterations_",
    "n_possible_iterations_",
    "n_required_iterations_",
    "min_resources_",
    "max_resources_",
    "n_remaining_candidates_",
)
TREE_DISTS = {"max_depth": randint(2, 20), "min_samples_split": randint(2, 20)}


class Bowl(RegressorMixin, BaseEstimator):
    """Score = minus the squared distance of (a, b) to (0.83, 0.17): no fitting cost, a clear
    optimum, so the sampler is all that matters."""

    def __init__(self, a: float = 0.5, b: float = 0.5) -> None:
        self.a = a
        self.b = b

    def fit(self, X: Any, y: Any) -> Bowl:
        self.n_fit_ = len(X)
        return self

    def predict(self, X: Any) -> Any:
        return np.zeros(len(X))

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        return -((self.a - 0.83) ** 2 + (self.b - 0.17) ** 2)


class CountSamples(RegressorMixin, BaseEstimator):
    """Scores the number of training samples it was fitted on."""

    def __init__(self, c: int = 0) -> None:
        self.c = c

    def fit(self, X: Any, y: Any) -> CountSamples:
        self.n_fit_ = len(X)
        return self

    def predict(self, X: Any) -> Any:
        return np.zeros(len(X))

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        return float(self.n_fit_)


def _schedule(search: Any) -> dict[str, Any]:
    return {a: getattr(search, a) for a in SCHEDULE_ATTRS}


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"factor": 2},
        {"min_resources": 100, "n_candidates": 20},
        {"min_resources": "exhaust", "n_candidates": 30},
        {"aggressive_elimination": True, "n_candidates": 60, "min_resources": 200},
        {"factor": 4, "max_resources": 1000, "n_candidates": 10},
    ],
)
def test_random_schedule_matches_scikit_learn(kwargs: dict[str, Any]) -> None:
    est = DecisionTreeClassifier(random_state=0)
    ours = HalvingRandomSearchCV(est, TREE_DISTS, cv=3, random_state=0, **kwargs)
    theirs = SkHalvingRandom(est, TREE_DISTS, cv=3, random_state=0, **kwargs)
    ours.fit(X_DIGITS, Y_DIGITS)
    theirs.fit(X_DIGITS, Y_DIGITS)
    assert _schedule(ours) == _schedule(theirs)
    # Same iteration-0 candidates (scikit-learn's ParameterSampler rule, same seed).
    first = [p for p, i in zip(ours.cv_results_["params"], ours.cv_results_["iter"]) if i == 0]
    sk_first = [
        p for p, i in zip(theirs.cv_results_["params"], theirs.cv_results_["iter"]) if i == 0
    ]
    assert sorted(map(repr, first)) == sorted(map(repr, sk_first))
    n = len(ours.cv_results_["params"])
    assert n == sum(ours.n_candidates_)
    np.testing.assert_array_equal(
        ours.cv_results_["n_resources"],
        np.repeat(ours.n_resources_, ours.n_candidates_),
    )


def test_grid_schedule_matches_scikit_learn() -> None:
    grid = {"max_depth": [2, 4, 6, 8, 10, 12], "min_samples_split": [2, 5, 10]}
    est = DecisionTreeClassifier(random_state=0)
    ours = HalvingGridSearchCV(est, grid, cv=3, random_state=0).fit(X_DIGITS, Y_DIGITS)
    theirs = SkHalvingGrid(est, grid, cv=3, random_state=0).fit(X_DIGITS, Y_DIGITS)
    assert _schedule(ours) == _schedule(theirs)
    assert ours.min_resources_ > 2 * 3 * 10  # 'exhaust' raised it above 'smallest'


def test_n_samples_resource_subsamples_each_fold() -> None:
    X = np.arange(300, dtype=float).reshape(-1, 1)
    y = np.zeros(300)
    cv = KFold(3)
    search = HalvingRandomSearchCV(
        CountSamples(),
        {"c": list(range(9))},
        cv=cv,
        n_candidates=9,
        min_resources=30,
        random_state=0,
    ).fit(X, y)
    assert search.n_resources_ == [30, 90, 270]
    train_sizes = [len(tr) for tr, _ in cv.split(X)]
    for itr, n_res in enumerate(search.n_resources_):
        expected = np.mean([int(n_res / 300 * n) for n in train_sizes])
        rows = search.cv_results_["iter"] == itr
        np.testing.assert_allclose(search.cv_results_["mean_test_score"][rows], expected)
    # The refit uses every sample.
    assert search.best_estimator_.n_fit_ == 300


def test_parameter_resource_sets_the_parameter() -> None:
    search = HalvingSearchCV(
        RandomForestClassifier(random_state=0),
        {"max_depth": (2, 12), "max_features": (0.1, 1.0)},
        resource="n_estimators",
        max_resources=18,
        min_resources=2,
        n_candidates=9,
        sampler="random",
        cv=3,
        random_state=0,
    ).fit(X_DIGITS[:600], Y_DIGITS[:600])
    assert search.n_resources_ == [2, 6, 18]
    assert search.n_candidates_ == [9, 3, 1]
    sk = SkHalvingRandom(
        RandomForestClassifier(random_state=0),
        {"max_depth": randint(2, 12)},
        resource="n_estimators",
        max_resources=18,
        min_resources=2,
        n_candidates=9,
        cv=3,
        random_state=0,
    ).fit(X_DIGITS[:600], Y_DIGITS[:600])
    assert _schedule(search) == _schedule(sk)
    res = search.cv_results_
    assert list(res["param_n_estimators"]) == list(res["n_resources"])
    assert all(p["n_estimators"] == r for p, r in zip(res["params"], res["n_resources"]))
    assert search.best_params_["n_estimators"] == 18
    assert search.best_estimator_.n_estimators == 18
    assert len(search.studies_) == search.n_iterations_
    trial_resources = [t.user_attrs["sklearn:halving_n_resources"] for t in search.study_.trials]
    assert trial_resources == [2] * 9


def test_survivors_are_the_top_of_each_iteration_and_best_is_last() -> None:
    search = HalvingRandomSearchCV(
        DecisionTreeClassifier(random_state=0),
        TREE_DISTS,
        cv=3,
        n_candidates=27,
        min_resources=60,
        factor=3,
        random_state=1,
    ).fit(X_DIGITS, Y_DIGITS)
    res = search.cv_results_
    iters = res["iter"]
    for itr in range(search.n_iterations_ - 1):
        rows = np.flatnonzero(iters == itr)
        keep = math.ceil(len(rows) / 3)
        top = rows[np.argsort(-res["mean_test_score"][rows], kind="stable")[:keep]]
        nxt = np.flatnonzero(iters == itr + 1)
        assert sorted(map(repr, (res["params"][i] for i in top))) == sorted(
            map(repr, (res["params"][i] for i in nxt))
        )
    last = np.flatnonzero(iters == iters.max())
    assert search.best_index_ in last
    assert search.best_score_ == res["mean_test_score"][last].max()
    # The best candidate was evaluated in every iteration.
    assert sum(p == search.best_params_ for p in res["params"]) == search.n_iterations_
    assert search.best_estimator_.get_params()["max_depth"] == search.best_params_["max_depth"]


@pytest.mark.parametrize("sampler", ["tpe", "random"])
def test_seeded_runs_are_identical(sampler: str) -> None:
    def run() -> Any:
        return HalvingSearchCV(
            DecisionTreeClassifier(random_state=0),
            {"max_depth": (2, 20), "min_samples_leaf": (1, 30)},
            sampler=sampler,
            n_candidates=12,
            min_resources=100,
            cv=3,
            random_state=5,
        ).fit(X_DIGITS, Y_DIGITS)

    a, b = run(), run()
    assert a.cv_results_["params"] == b.cv_results_["params"]
    np.testing.assert_array_equal(a.cv_results_["mean_test_score"], b.cv_results_["mean_test_score"])
    assert a.best_params_ == b.best_params_


def _bowl_best(sampler: str, seed: int) -> float:
    X = np.zeros((810, 1))
    y = np.zeros(810)
    search = HalvingSearchCV(
        Bowl(),
        {"a": (0.0, 1.0), "b": (0.0, 1.0)},
        sampler=sampler,
        n_candidates=27,
        min_resources=30,
        cv=2,
        random_state=seed,
        return_train_score=False,
    ).fit(X, y)
    return float(search.best_score_)


@pytest.mark.parametrize("sampler", ["tpe", "gp"])
def test_bayesian_sampler_beats_random_iteration_zero(sampler: str) -> None:
    seeds = range(5)
    bayes = [_bowl_best(sampler, s) for s in seeds]
    rnd = [_bowl_best("random", s) for s in seeds]
    # After its startup trials the model-based sampler concentrates near the optimum.
    assert np.median(bayes) > np.median(rnd)
    assert sum(t >= r for t, r in zip(bayes, rnd)) >= 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"factor": 1}, "factor must be a number > 1, got factor=1"),
        ({"factor": "3"}, "factor must be a number > 1, got factor='3'"),
        ({"resource": "n_trees"}, "got resource='n_trees'"),
        ({"resource": "max_depth"}, "resource='max_depth' is also a searched parameter"),
        ({"resource": "n_estimators"}, "max_resources='auto' means the number of samples"),
        ({"min_resources": 0}, "min_resources must be 'exhaust' or 'smallest' or an int >= 1"),
        ({"max_resources": -3}, "got max_resources=-3"),
        ({"min_resources": 5000}, "min_resources must be <= max_resources"),
        ({"max_resources": 10**6}, "got max_resources=1000000"),
        ({"n_candidates": 0}, "got n_candidates=0"),
        ({"min_resources": "exhaust"}, "cannot both be 'exhaust'"),
        ({"sampler": "cmaes"}, "got sampler='cmaes'"),
        ({"n_points": 0}, "got n_points=0"),
        ({"refit": "accuracy"}, "refit must be a bool"),
        ({"scoring": ["accuracy", "f1_macro"]}, "one metric"),
        ({"aggressive_elimination": 1}, "got aggressive_elimination=1"),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs: dict[str, Any], message: str) -> None:
    est = RandomForestClassifier(n_estimators=3)
    search = HalvingSearchCV(est, {"max_depth": (2, 5)}, cv=3, **kwargs)
    with pytest.raises(ValueError, match=re.escape(message)):
        search.fit(X_DIGITS[:300], Y_DIGITS[:300])


def test_search_spaces_must_be_one_dict() -> None:
    search = HalvingSearchCV(DecisionTreeClassifier(), [{"max_depth": (2, 5)}])
    with pytest.raises(TypeError, match="one search space"):
        search.fit(X_DIGITS[:300], Y_DIGITS[:300])


def test_clone_and_get_params() -> None:
    search = HalvingSearchCV(
        DecisionTreeClassifier(),
        {"max_depth": (2, 5)},
        sampler="gp",
        factor=2,
        resource="n_samples",
        min_resources=40,
        n_candidates=5,
        random_state=3,
    )
    params = search.get_params(deep=False)
    assert params["factor"] == 2 and params["sampler"] == "gp" and params["min_resources"] == 40
    copy = clone(search)
    assert copy.get_params(deep=False).keys() == params.keys()
    for key, value in params.items():
        if key == "error_score":
            assert np.isnan(copy.error_score)
        elif key != "estimator":
            assert copy.get_params(deep=False)[key] == value
    copy.set_params(factor=3, estimator__max_depth=4)
    assert copy.factor == 3 and copy.estimator.max_depth == 4
    assert search.factor == 2
    for cls, space_arg in (
        (HalvingRandomSearchCV, "param_distributions"),
        (HalvingGridSearchCV, "param_grid"),
    ):
        est = cls(DecisionTreeClassifier(), {"max_depth": [2, 3]}, factor=2)
        assert clone(est).get_params(deep=False)[space_arg] == {"max_depth": [2, 3]}


def test_n_jobs_gives_the_same_search() -> None:
    def run(n_jobs: int) -> Any:
        return HalvingSearchCV(
            DecisionTreeClassifier(random_state=0),
            {"max_depth": (2, 20)},
            sampler="tpe",
            n_points=2,
            n_candidates=8,
            min_resources=150,
            cv=3,
            random_state=2,
            n_jobs=n_jobs,
        ).fit(X_DIGITS, Y_DIGITS)

    a, b = run(1), run(2)
    assert a.cv_results_["params"] == b.cv_results_["params"]
    np.testing.assert_array_equal(a.cv_results_["mean_test_score"], b.cv_results_["mean_test_score"])


def test_resumed_study_warm_starts_the_sampler(tmp_path: Any) -> None:
    storage = f"sqlite:///{tmp_path / 'halving.db'}"
    kwargs: dict[str, Any] = {
        "sampler": "tpe",
        "n_candidates": 9,
        "min_resources": 90,
        "cv": 2,
        "storage": storage,
        "study_name": "bowl",
        "return_train_score": False,
    }
    X, y = np.zeros((810, 1)), np.zeros(810)
    first = HalvingSearchCV(Bowl(), {"a": (0.0, 1.0), "b": (0.0, 1.0)}, random_state=0, **kwargs)
    first.fit(X, y)
    second = HalvingSearchCV(Bowl(), {"a": (0.0, 1.0), "b": (0.0, 1.0)}, random_state=1, **kwargs)
    second.fit(X, y)
    # Iteration 0 of the second fit adds to the same study; cv_results_ holds this fit only.
    assert len(second.study_.trials) == 18
    assert len(second.cv_results_["params"]) == sum(second.n_candidates_)
    assert second.study_.study_name == "bowl"


@pytest.mark.slow
@quiet_degenerate_data_notices
@parametrize_with_checks(
    [
        HalvingGridSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}, cv=2, random_state=0),
        HalvingRandomSearchCV(
            Ridge(), {"alpha": [0.1, 1.0, 10.0]}, n_candidates=3, cv=2, random_state=0
        ),
        HalvingSearchCV(
            LogisticRegression(),
            {"C": (0.1, 10.0, "log-uniform")},
            n_candidates=3,
            cv=2,
            random_state=0,
            sampler="random",
        ),
    ]
)
def test_sklearn_estimator_checks(estimator: Any, check: Any) -> None:
    check(estimator)


def test_refit_false_still_picks_the_last_iteration() -> None:
    search = HalvingRandomSearchCV(
        DecisionTreeClassifier(random_state=0),
        TREE_DISTS,
        cv=3,
        n_candidates=9,
        min_resources=100,
        refit=False,
        random_state=0,
    ).fit(X_DIGITS, Y_DIGITS)
    iters = search.cv_results_["iter"]
    assert iters[search.best_index_] == iters.max()
    assert not hasattr(search, "best_estimator_")
    with pytest.raises(AttributeError):
        search.predict(X_DIGITS[:5])


def test_dict_scoring_without_refit_picks_the_last_iteration_by_the_first_metric() -> None:
    from sklearn.metrics import accuracy_score, f1_score

    def two_metrics(est: Any, X: Any, y: Any) -> dict[str, float]:
        pred = est.predict(X)
        return {"acc": accuracy_score(y, pred), "f1": f1_score(y, pred, average="macro")}

    search = HalvingGridSearchCV(
        DecisionTreeClassifier(random_state=0),
        {"max_depth": [2, 4, 8]},
        cv=3,
        scoring=two_metrics,
        refit=False,
        random_state=0,
    ).fit(X_DIGITS, Y_DIGITS)
    res = search.cv_results_
    last = np.flatnonzero(res["iter"] == res["iter"].max())
    assert search.best_index_ == last[np.argmax(res["mean_test_acc"][last])]
    assert search.best_score_ == res["mean_test_acc"][search.best_index_]
    assert search.best_params_ == res["params"][search.best_index_]
