"""GridSearchCV and RandomizedSearchCV against scikit-learn's, on the same grid and folds."""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pytest
from scipy.stats import loguniform, randint
from sklearn import model_selection as sk
from sklearn.base import clone
from sklearn.datasets import load_iris, make_classification, make_regression
from sklearn.exceptions import FitFailedWarning
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold, cross_validate
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

import hyperscout
from hyperscout.pruners import NopPruner
from hyperscout.sklearn import GridSearchCV, RandomizedSearchCV

from ._helpers import assert_same_cv_results

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
SVC_GRID = [
    {"kernel": ["linear"], "C": [0.1, 1, 10]},
    {"kernel": ["rbf"], "C": [1, 10], "gamma": [0.1, 1]},
]


@pytest.mark.parametrize("return_train_score", [False, True])
def test_grid_cv_results_equal_sklearn(return_train_score: bool) -> None:
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    ours = GridSearchCV(SVC(), SVC_GRID, cv=cv, return_train_score=return_train_score)
    theirs = sk.GridSearchCV(SVC(), SVC_GRID, cv=cv, return_train_score=return_train_score)
    ours.fit(X_IRIS, Y_IRIS)
    theirs.fit(X_IRIS, Y_IRIS)
    assert_same_cv_results(ours.cv_results_, theirs.cv_results_)
    assert ours.best_index_ == theirs.best_index_
    assert ours.best_params_ == theirs.best_params_
    assert ours.best_score_ == theirs.best_score_
    assert ours.n_splits_ == theirs.n_splits_ == 3
    np.testing.assert_array_equal(ours.predict(X_IRIS), theirs.predict(X_IRIS))
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    assert ours.refit_time_ >= 0
    assert len(ours.study_.trials) == len(ours.cv_results_["params"])


def test_grid_multimetric_with_refit_name_and_callable() -> None:
    scoring = {"acc": "accuracy", "f1": "f1_macro"}
    grid = {"C": [0.01, 0.1, 1.0, 10.0]}

    def lowest_c_within_one_std(results: dict) -> int:  # type: ignore[type-arg]
        return int(np.argmax(results["mean_test_f1"]))

    for refit in ("f1", lowest_c_within_one_std):
        ours = GridSearchCV(SVC(), grid, scoring=scoring, refit=refit, cv=3)
        theirs = sk.GridSearchCV(SVC(), grid, scoring=scoring, refit=refit, cv=3)
        ours.fit(X_IRIS, Y_IRIS)
        theirs.fit(X_IRIS, Y_IRIS)
        assert_same_cv_results(ours.cv_results_, theirs.cv_results_)
        assert ours.multimetric_ and theirs.multimetric_
        assert ours.best_index_ == theirs.best_index_
        if isinstance(refit, str):
            assert ours.score(X_IRIS, Y_IRIS) == pytest.approx(theirs.score(X_IRIS, Y_IRIS))
        assert set(ours.scorer_) == {"acc", "f1"}


def test_multimetric_needs_a_valid_refit() -> None:
    search = GridSearchCV(SVC(), {"C": [1]}, scoring=["accuracy", "f1_macro"], refit=True)
    with pytest.raises(ValueError, match="refit must be a metric name"):
        search.fit(X_IRIS, Y_IRIS)
    no_refit = GridSearchCV(SVC(), {"C": [1, 2]}, scoring=["accuracy"], refit=False, cv=3)
    no_refit.fit(X_IRIS, Y_IRIS)
    assert not hasattr(no_refit, "best_index_")
    with pytest.raises(AttributeError, match="predict"):
        no_refit.predict(X_IRIS)


def test_callable_scoring_returning_a_dict() -> None:
    def scorer(est, X, y):  # type: ignore[no-untyped-def]
        return {"acc": float(np.mean(est.predict(X) == y)), "neg": -1.0}

    ours = GridSearchCV(SVC(), {"C": [0.1, 1]}, scoring=scorer, refit="acc", cv=3).fit(
        X_IRIS, Y_IRIS
    )
    theirs = sk.GridSearchCV(SVC(), {"C": [0.1, 1]}, scoring=scorer, refit="acc", cv=3).fit(
        X_IRIS, Y_IRIS
    )
    assert_same_cv_results(ours.cv_results_, theirs.cv_results_)
    assert ours.multimetric_


def test_estimators_as_grid_values_are_kept_as_objects() -> None:
    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())])
    grid = {"clf": [LogisticRegression(max_iter=300), DecisionTreeClassifier(random_state=0)]}
    ours = GridSearchCV(pipe, grid, cv=3).fit(X_IRIS, Y_IRIS)
    theirs = sk.GridSearchCV(pipe, grid, cv=3).fit(X_IRIS, Y_IRIS)
    np.testing.assert_allclose(
        ours.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"]
    )
    assert ours.cv_results_["params"][1]["clf"] is grid["clf"][1]
    assert ours.study_.trials[1].params["clf"] == 1  # stored as the index of the choice


def test_error_score_nan_warns_and_raise_raises() -> None:
    grid = {"C": [-1.0, 1.0]}  # C must be > 0
    with (
        pytest.warns(FitFailedWarning, match="3 fits failed out of a total of 6"),
        pytest.warns(UserWarning, match="test scores are non-finite"),
    ):
        ours = GridSearchCV(SVC(), grid, cv=3).fit(X_IRIS, Y_IRIS)
    assert np.isnan(ours.cv_results_["split0_test_score"][0])
    assert ours.best_params_ == {"C": 1.0}
    assert ours.cv_results_["rank_test_score"].tolist() == [2, 1]
    with pytest.warns(FitFailedWarning):
        numeric = GridSearchCV(SVC(), grid, cv=3, error_score=-5).fit(X_IRIS, Y_IRIS)
    assert numeric.cv_results_["mean_test_score"][0] == -5
    with pytest.raises(ValueError, match="C"):
        GridSearchCV(SVC(), grid, cv=3, error_score="raise").fit(X_IRIS, Y_IRIS)
    with pytest.raises(ValueError, match="All the 3 fits failed"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        GridSearchCV(SVC(), {"C": [-1.0]}, cv=3).fit(X_IRIS, Y_IRIS)


def test_random_cv_results_equal_sklearn_with_distributions_and_lists() -> None:
    dists = {"C": loguniform(1e-3, 1e2), "kernel": ["rbf", "linear"], "degree": randint(1, 4)}
    ours = RandomizedSearchCV(SVC(), dists, n_iter=7, cv=3, random_state=3)
    theirs = sk.RandomizedSearchCV(SVC(), dists, n_iter=7, cv=3, random_state=3)
    ours.fit(X_IRIS, Y_IRIS)
    theirs.fit(X_IRIS, Y_IRIS)
    assert_same_cv_results(ours.cv_results_, theirs.cv_results_)
    assert ours.best_params_ == theirs.best_params_


def test_random_lists_only_are_sampled_without_replacement() -> None:
    grid = {"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]}
    with pytest.warns(UserWarning, match="smaller than n_iter"):
        search = RandomizedSearchCV(SVC(), grid, n_iter=20, cv=3, random_state=0).fit(
            X_IRIS, Y_IRIS
        )
    seen = [tuple(sorted(p.items())) for p in search.cv_results_["params"]]
    assert len(seen) == 6 == len(set(seen))


def test_n_jobs_two_gives_the_same_results() -> None:
    dists = {"C": loguniform(1e-3, 1e2), "gamma": loguniform(1e-4, 1)}
    one = RandomizedSearchCV(SVC(), dists, n_iter=6, cv=3, random_state=1, n_jobs=1)
    two = RandomizedSearchCV(SVC(), dists, n_iter=6, cv=3, random_state=1, n_jobs=2)
    one.fit(X_IRIS, Y_IRIS)
    two.fit(X_IRIS, Y_IRIS)
    assert_same_cv_results(two.cv_results_, one.cv_results_)


def test_regressor_default_scoring_and_groups() -> None:
    X, y = make_regression(n_samples=80, n_features=4, noise=1.0, random_state=0)
    groups = np.arange(80) % 4
    cv = sk.GroupKFold(4)
    ours = GridSearchCV(Ridge(), {"alpha": [0.1, 10.0]}, cv=cv).fit(X, y, groups=groups)
    theirs = sk.GridSearchCV(Ridge(), {"alpha": [0.1, 10.0]}, cv=cv).fit(X, y, groups=groups)
    assert_same_cv_results(ours.cv_results_, theirs.cv_results_)


def test_fit_params_are_split_per_fold() -> None:
    import sklearn

    if tuple(int(v) for v in sklearn.__version__.split(".")[:2]) < (1, 7):
        pytest.skip("scikit-learn < 1.7 scores folds without sample_weight; hyperscout does as 1.7")
    X, y = make_classification(n_samples=90, random_state=0)
    weights = np.linspace(0.1, 2.0, 90)
    cv = KFold(3)
    ours = GridSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}, cv=cv)
    theirs = sk.GridSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}, cv=cv)
    ours.fit(X, y, sample_weight=weights)
    theirs.fit(X, y, sample_weight=weights)
    np.testing.assert_allclose(
        ours.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"]
    )


def test_pickle_clone_and_delegation() -> None:
    search = GridSearchCV(
        LogisticRegression(max_iter=300), {"C": [0.1, 1.0]}, cv=3, scoring="accuracy"
    ).fit(X_IRIS, Y_IRIS)
    restored = pickle.loads(pickle.dumps(search))
    np.testing.assert_array_equal(restored.predict_proba(X_IRIS), search.predict_proba(X_IRIS))
    np.testing.assert_array_equal(
        restored.decision_function(X_IRIS), search.decision_function(X_IRIS)
    )
    assert len(restored.study_.trials) == 2
    fresh = clone(search)
    assert not hasattr(fresh, "cv_results_")
    assert fresh.get_params()["param_grid"] == {"C": [0.1, 1.0]}
    scaler = GridSearchCV(StandardScaler(), {"with_mean": [True]}, scoring=lambda e, X, y=None: 0.0)
    scaler.fit(X_IRIS)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(X_IRIS)), X_IRIS)
    assert not hasattr(GridSearchCV(Ridge(), {"alpha": [1.0]}), "predict_proba")


def test_cross_validate_fits_a_fresh_study_per_outer_fold() -> None:
    search = GridSearchCV(SVC(), {"C": [0.1, 1.0]}, cv=3)
    out = cross_validate(search, X_IRIS, Y_IRIS, cv=3, return_estimator=True)
    studies = [est.study_ for est in out["estimator"]]
    assert len({s.study_name for s in studies}) == 3
    assert all(len(s.trials) == 2 for s in studies)


def test_grid_resumes_from_sqlite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    storage = f"sqlite:///{tmp_path / 'grid.db'}"
    grid = {"C": [0.1, 1.0, 10.0]}
    # A pruner makes batches of n_jobs candidates; the timeout stops after the first batch.
    first = GridSearchCV(
        SVC(), grid, cv=3, storage=storage, study_name="g", pruner=NopPruner(), timeout=1e-9
    )
    first.fit(X_IRIS, Y_IRIS)
    assert len(first.cv_results_["params"]) == 1
    resumed = GridSearchCV(SVC(), grid, cv=3, storage=storage, study_name="g")
    resumed.fit(X_IRIS, Y_IRIS)
    study = hyperscout.load_study(study_name="g", storage=storage)
    assert len(study.trials) == 3  # the first candidate did not run again
    full = GridSearchCV(SVC(), grid, cv=3).fit(X_IRIS, Y_IRIS)
    np.testing.assert_allclose(
        sorted(resumed.cv_results_["mean_test_score"]), sorted(full.cv_results_["mean_test_score"])
    )
    with pytest.raises(ValueError, match="folds: stored 3 folds"):
        GridSearchCV(SVC(), grid, cv=5, storage=storage, study_name="g").fit(X_IRIS, Y_IRIS)


def test_bad_arguments_raise_with_the_value() -> None:
    with pytest.raises(
        ValueError, match="error_score must be 'raise' or a number, got error_score='x'"
    ):
        GridSearchCV(SVC(), {"C": [1]}, error_score="x").fit(X_IRIS, Y_IRIS)
    with pytest.raises(ValueError, match="n_jobs must be a non-zero integer or None, got n_jobs=0"):
        GridSearchCV(SVC(), {"C": [1]}, n_jobs=0).fit(X_IRIS, Y_IRIS)
    with pytest.raises(ValueError, match="n_iter must be an int >= 1, got n_iter=0"):
        RandomizedSearchCV(SVC(), {"C": [1]}, n_iter=0).fit(X_IRIS, Y_IRIS)
    with pytest.raises(ValueError, match="timeout must be a positive number"):
        GridSearchCV(SVC(), {"C": [1]}, timeout=-1).fit(X_IRIS, Y_IRIS)
