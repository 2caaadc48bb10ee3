"""BayesSearchCV: scikit-optimize's arguments and conventions, on a hyperscout study."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

import hyperscout
from hyperscout.distributions import FloatDistribution, IntDistribution
from hyperscout.samplers import RandomSampler
from hyperscout.sklearn import BayesSearchCV
from hyperscout.space import Categorical, Integer, Real

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
SPACE = {
    "C": (1e-3, 1e3, "log-uniform"),
    "gamma": Real(1e-4, 1.0, prior="log-uniform"),
    "degree": (1, 4),
    "kernel": ["rbf", "linear", "poly"],
}


def _search(**kwargs: object) -> BayesSearchCV:
    args: dict[str, object] = {"n_iter": 6, "cv": 3, "random_state": 0, "sampler": "random"}
    args.update(kwargs)
    return BayesSearchCV(SVC(), SPACE, **args)  # type: ignore[arg-type]


def test_skopt_space_conventions_reach_the_estimator_with_their_types() -> None:
    search = _search().fit(X_IRIS, Y_IRIS)
    params = search.cv_results_["params"]
    assert len(params) == 6 == search.total_iterations
    for p in params:
        assert list(p) == sorted(SPACE)  # skopt orders parameters by name
        assert isinstance(p["C"], float) and 1e-3 <= p["C"] <= 1e3
        assert isinstance(p["degree"], int) and 1 <= p["degree"] <= 4
        assert p["kernel"] in SPACE["kernel"]  # type: ignore[operator]
    dists = search.study_.trials[0].distributions
    assert dists["C"] == FloatDistribution(1e-3, 1e3, log=True)
    assert dists["degree"] == IntDistribution(1, 4)
    assert search.best_score_ == max(search.cv_results_["mean_test_score"])
    assert search.study_.best_value == pytest.approx(search.best_score_)


@pytest.mark.parametrize("sampler", ["gp", "tpe"])
def test_same_seed_same_candidates_also_with_two_jobs(sampler: str) -> None:
    a = _search(sampler=sampler, n_jobs=2, n_iter=8).fit(X_IRIS, Y_IRIS)
    b = _search(sampler=sampler, n_jobs=2, n_iter=8).fit(X_IRIS, Y_IRIS)
    c = _search(sampler=sampler, n_jobs=1, n_iter=8, random_state=1).fit(X_IRIS, Y_IRIS)
    assert a.cv_results_["params"] == b.cv_results_["params"]
    np.testing.assert_array_equal(
        a.cv_results_["mean_test_score"], b.cv_results_["mean_test_score"]
    )
    assert a.cv_results_["params"] != c.cv_results_["params"]


def test_gp_is_the_default_surrogate_and_tpe_is_available() -> None:
    from hyperscout.samplers.gp import GPSampler
    from hyperscout.samplers.tpe import TPESampler

    assert isinstance(
        BayesSearchCV(SVC(), SPACE, n_iter=1, cv=2).fit(X_IRIS, Y_IRIS).study_.sampler, GPSampler
    )
    assert isinstance(
        _search(sampler="tpe", n_iter=1).fit(X_IRIS, Y_IRIS).study_.sampler, TPESampler
    )
    with pytest.raises(ValueError, match="base_estimator'] can only be 'GP'"):
        _search(optimizer_kwargs={"base_estimator": "RF"}).fit(X_IRIS, Y_IRIS)
    with pytest.raises(ValueError, match="sampler must be one of"):
        _search(sampler="cma").fit(X_IRIS, Y_IRIS)


def test_subspaces_with_their_own_n_iter_and_estimator_choices() -> None:
    pipe = Pipeline([("scale", StandardScaler()), ("clf", SVC())])
    spaces = [
        ({"clf": [SVC()], "clf__C": (0.1, 10.0, "log-uniform")}, 3),
        (
            {
                "clf": Categorical([DecisionTreeClassifier(random_state=0)]),
                "clf__max_depth": Integer(1, 5),
                "scale": [StandardScaler(), MinMaxScaler()],
            },
            2,
        ),
    ]
    search = BayesSearchCV(pipe, spaces, cv=3, random_state=0, sampler="random")
    assert search.total_iterations == 5
    search.fit(X_IRIS, Y_IRIS)
    params = search.cv_results_["params"]
    assert len(params) == 5 and len(search.studies_) == 2
    assert all(isinstance(p["clf"], SVC) for p in params[:3])
    assert all(isinstance(p["clf"], DecisionTreeClassifier) for p in params[3:])
    assert all(isinstance(p["scale"], StandardScaler | MinMaxScaler) for p in params[3:])
    assert np.ma.is_masked(search.cv_results_["param_clf__max_depth"][0])
    assert len(search.optimizer_results_) == 2
    assert search.optimizer_results_[1].fun == pytest.approx(
        -max(search.cv_results_["mean_test_score"][3:])
    )
    assert search.best_estimator_.score(X_IRIS, Y_IRIS) > 0.9


def test_callback_returning_true_stops_and_sees_skopt_result() -> None:
    seen: list[int] = []

    def stop_after_three(result: object) -> bool:
        seen.append(len(result.x_iters))  # type: ignore[attr-defined]
        return len(result.x_iters) >= 3  # type: ignore[attr-defined]

    search = _search(n_iter=10).fit(X_IRIS, Y_IRIS, callback=stop_after_three)
    assert seen == [1, 2, 3]
    assert len(search.cv_results_["params"]) == 3


def test_n_points_proposes_batches() -> None:
    search = _search(n_iter=5, n_points=2, n_jobs=2).fit(X_IRIS, Y_IRIS)
    assert len(search.cv_results_["params"]) == 5


def test_multimetric_requires_a_metric_to_refit() -> None:
    search = _search(scoring=["accuracy", "f1_macro"], refit="f1_macro", n_iter=3)
    search.fit(X_IRIS, Y_IRIS)
    assert search.multimetric_
    assert search.best_index_ == int(np.argmax(search.cv_results_["mean_test_f1_macro"]))
    values = [t.value for t in search.study_.trials]
    np.testing.assert_allclose(values, search.cv_results_["mean_test_f1_macro"])
    with pytest.raises(ValueError, match="callable refit"):
        _search(refit=lambda r: 0).fit(X_IRIS, Y_IRIS)


def test_return_train_score_also_ranks_train_like_skopt() -> None:
    search = _search(n_iter=3, return_train_score=True).fit(X_IRIS, Y_IRIS)
    assert "rank_train_score" in search.cv_results_
    assert "split2_train_score" in search.cv_results_


def test_error_score_raise_is_the_default_like_skopt() -> None:
    space = {"C": (-1.0, -0.5)}  # invalid for SVC
    with pytest.raises(ValueError, match="C"):
        BayesSearchCV(SVC(), space, n_iter=2, cv=2, sampler="random").fit(X_IRIS, Y_IRIS)


def test_sqlite_persists_and_resumes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    storage = f"sqlite:///{tmp_path / 'bayes.db'}"
    first = _search(n_iter=3, storage=storage, study_name="svc").fit(X_IRIS, Y_IRIS)
    resumed = _search(n_iter=5, storage=storage, study_name="svc").fit(X_IRIS, Y_IRIS)
    study = hyperscout.load_study(study_name="svc", storage=storage)
    assert len(study.trials) == 5
    assert resumed.cv_results_["params"][:3] == first.cv_results_["params"]
    np.testing.assert_allclose(
        resumed.cv_results_["split1_test_score"][:3], first.cv_results_["split1_test_score"]
    )
    assert resumed.best_score_ >= first.best_score_


def test_pickle_and_clone_keep_working() -> None:
    search = _search(n_iter=2).fit(X_IRIS, Y_IRIS)
    restored = pickle.loads(pickle.dumps(search))
    np.testing.assert_array_equal(restored.predict(X_IRIS), search.predict(X_IRIS))
    assert clone(search).get_params()["search_spaces"] == SPACE


def test_a_sampler_instance_is_used_as_given() -> None:
    sampler = RandomSampler(seed=5)
    search = BayesSearchCV(LogisticRegression(), {"C": (0.1, 1.0)}, n_iter=2, cv=2, sampler=sampler)
    assert search.fit(X_IRIS, Y_IRIS).study_.sampler is sampler


def test_bad_search_spaces_raise_with_the_value() -> None:
    with pytest.raises(TypeError, match="search_spaces must be a dict"):
        BayesSearchCV(SVC(), "C").total_iterations  # noqa: B018
    with pytest.raises(ValueError, match="must be \\(dict, n_iter\\)"):
        BayesSearchCV(SVC(), [({"C": (1.0, 2.0)},)]).fit(X_IRIS, Y_IRIS)
    with pytest.raises(ValueError, match="low must be < high, got low=2.0, high=1.0"):
        BayesSearchCV(SVC(), {"C": (2.0, 1.0)}).fit(X_IRIS, Y_IRIS)
