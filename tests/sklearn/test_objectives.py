"""``objectives=`` and ``budgets=``: the search records measured costs with the CV score, returns
the Pareto front and picks ``best_index_`` by a documented rule. Real fits, no timing asserts."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import hyperscout as hs
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.sklearn import BayesSearchCV, GridSearchCV, RandomizedSearchCV
from hyperscout.sklearn._objectives import measure_costs
from hyperscout.visualization._pareto_front import compute_pareto_front


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    X, y = load_breast_cancer(return_X_y=True)
    rng = np.random.default_rng(0)
    rows = rng.choice(len(y), 240, replace=False)
    return X[rows], y[rows]


def _gb() -> GradientBoostingClassifier:
    # Gradient boosting without OpenMP threads, so a loaded test machine stays usable.
    return GradientBoostingClassifier(random_state=0)


GRID = {"n_estimators": [3, 12, 30], "max_leaf_nodes": [4, 12]}


@pytest.fixture(scope="module")
def grid_search(data: tuple[np.ndarray, np.ndarray]) -> GridSearchCV:
    search = GridSearchCV(
        _gb(),
        GRID,
        scoring="roc_auc",
        cv=3,
        objectives=["score", "size_bytes", "latency_per_1k"],
    )
    return search.fit(*data)


def _losses(search: Any, names: list[str]) -> np.ndarray:
    r = search.cv_results_
    cols = []
    for name in names:
        if name == "score":
            cols.append(-np.asarray(r["mean_test_score"]))
        else:
            cols.append(np.asarray(r[f"mean_{name}"]))
    return np.column_stack(cols)


def _dominates(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(a <= b) and np.any(a < b))


def test_cost_columns_and_counts(grid_search: GridSearchCV) -> None:
    r = grid_search.cv_results_
    for key in ("mean_size_bytes", "std_size_bytes", "mean_latency_per_1k", "mean_n_trees"):
        assert key in r and len(r[key]) == 6
    assert np.all(r["mean_size_bytes"] > 0) and np.all(r["mean_latency_per_1k"] > 0)
    # Binary classification: one tree per boosting stage.
    np.testing.assert_array_equal(
        r["mean_n_trees"], np.asarray(r["param_n_estimators"], dtype=float)
    )
    assert np.all(r["mean_n_leaves"] >= r["mean_n_trees"])
    # The fitted size grows with the number of trees, leaves fixed.
    for leaves in (4, 12):
        rows = [i for i, p in enumerate(r["params"]) if p["max_leaf_nodes"] == leaves]
        rows.sort(key=lambda i: r["params"][i]["n_estimators"])
        sizes = r["mean_size_bytes"][rows]
        assert np.all(np.diff(sizes) > 0), sizes


def test_front_is_non_dominated_and_complete(grid_search: GridSearchCV) -> None:
    names = ["score", "size_bytes", "latency_per_1k"]
    loss = _losses(grid_search, names)
    front = grid_search.pareto_front_
    on = set(front["index"].tolist())
    assert on and on == set(np.flatnonzero(grid_search.cv_results_["pareto_optimal"]).tolist())
    for i in on:
        assert not any(_dominates(loss[j], loss[i]) for j in range(len(loss)) if j != i)
    for i in set(range(len(loss))) - on:
        assert any(_dominates(loss[j], loss[i]) for j in on)
    # Columns: the index, the params, one per objective; best score first.
    assert list(front) == ["index", "params", *names]
    assert front["params"] == [grid_search.cv_results_["params"][i] for i in front["index"]]
    assert np.all(np.diff(front["score"]) <= 0)
    np.testing.assert_allclose(
        front["size_bytes"], grid_search.cv_results_["mean_size_bytes"][front["index"]]
    )


def test_default_best_is_the_most_accurate_on_the_front(grid_search: GridSearchCV) -> None:
    r = grid_search.cv_results_
    scores = r["mean_test_score"]
    best = grid_search.best_index_
    assert scores[best] == scores.max()
    tied = np.flatnonzero(scores == scores.max())
    assert r["mean_size_bytes"][best] == r["mean_size_bytes"][tied].min()
    assert r["pareto_optimal"][best]
    assert grid_search.best_score_ == scores[best]
    assert grid_search.best_params_ == r["params"][best]
    assert grid_search.best_estimator_.n_estimators_ == r["params"][best]["n_estimators"]


def test_study_has_one_direction_per_objective(grid_search: GridSearchCV) -> None:
    study = grid_search.study_
    assert study.directions == [
        hs.StudyDirection.MAXIMIZE,
        hs.StudyDirection.MINIMIZE,
        hs.StudyDirection.MINIMIZE,
    ]
    assert study.metric_names == ["ROC AUC", "size_bytes", "latency_per_1k"]
    r = grid_search.cv_results_
    for t in study.get_trials(states=(hs.TrialState.COMPLETE,)):
        i = r["params"].index({k: t.params[k] for k in GRID})
        assert t.values == pytest.approx(
            [r["mean_test_score"][i], r["mean_size_bytes"][i], r["mean_latency_per_1k"][i]]
        )
    # The study's own Pareto front is the search's.
    best = {tuple(sorted(t.params.items())) for t in study.best_trials}
    ours = {tuple(sorted(p.items())) for p in grid_search.pareto_front_["params"]}
    assert best == ours


def test_budget_chooses_within_it_and_stores_constraints(
    data: tuple[np.ndarray, np.ndarray], grid_search: GridSearchCV
) -> None:
    sizes = np.sort(grid_search.cv_results_["mean_size_bytes"])
    budget = float((sizes[2] + sizes[3]) / 2)  # about half the candidates fit
    search = GridSearchCV(
        _gb(),
        GRID,
        scoring="roc_auc",
        cv=3,
        objectives=["score", "size_bytes"],
        budgets={"size_bytes": budget},
    ).fit(*data)
    r = search.cv_results_
    within = r["mean_size_bytes"] <= budget
    np.testing.assert_array_equal(r["within_budget"], within)
    assert within[search.best_index_]
    assert r["mean_test_score"][search.best_index_] == r["mean_test_score"][within].max()
    assert set(search.pareto_front_["index"].tolist()) <= set(np.flatnonzero(within).tolist())
    # The excess is stored on each trial, so the plots mark the infeasible ones by themselves.
    trials = search.study_.get_trials(states=(hs.TrialState.COMPLETE,))
    for t in trials:
        assert t.constraints is not None
        i = r["params"].index({k: t.params[k] for k in GRID})
        assert t.constraints[0] == pytest.approx(r["mean_size_bytes"][i] - budget)
    record = compute_pareto_front(search.study_)
    assert record.has_constraints
    assert record.infeasible.size == int((~within).sum())


def test_refit_callable_is_honoured(data: tuple[np.ndarray, np.ndarray]) -> None:
    seen: list[dict[str, Any]] = []

    def smallest(results: dict[str, Any]) -> int:
        seen.append(results)
        return int(np.argmin(results["mean_size_bytes"]))

    search = GridSearchCV(
        _gb(),
        {"n_estimators": [3, 20]},
        scoring="roc_auc",
        cv=2,
        refit=smallest,
        objectives=["score", "size_bytes"],
    ).fit(*data)
    assert len(seen) == 1 and "mean_size_bytes" in seen[0]
    assert search.best_index_ == int(np.argmin(search.cv_results_["mean_size_bytes"]))
    assert search.best_params_ == {"n_estimators": 3}
    assert search.best_estimator_.n_estimators_ == 3
    assert not hasattr(search, "best_score_")  # as scikit-learn with a callable refit


def test_lightgbm_trees_and_size(data: tuple[np.ndarray, np.ndarray]) -> None:
    lightgbm = pytest.importorskip("lightgbm")
    search = RandomizedSearchCV(
        lightgbm.LGBMClassifier(num_leaves=7, n_jobs=1, verbose=-1, random_state=0),
        {"n_estimators": [4, 16, 40]},
        n_iter=3,
        random_state=0,
        scoring="roc_auc",
        cv=2,
        objectives=["score", "size_bytes", "n_trees"],
    ).fit(*data)
    r = search.cv_results_
    order = np.argsort([p["n_estimators"] for p in r["params"]])
    np.testing.assert_array_equal(
        r["mean_n_trees"][order], [p["n_estimators"] for p in np.asarray(r["params"])[order]]
    )
    assert np.all(np.diff(r["mean_size_bytes"][order]) > 0)
    assert np.all(r["mean_n_leaves"] <= 7 * r["mean_n_trees"])


def test_bayes_search_drives_a_multi_objective_study(data: tuple[np.ndarray, np.ndarray]) -> None:
    search = BayesSearchCV(
        _gb(),
        {"n_estimators": (2, 40), "max_leaf_nodes": (3, 16)},
        n_iter=6,
        scoring="roc_auc",
        cv=2,
        sampler="tpe",
        optimizer_kwargs={"n_initial_points": 3},
        random_state=0,
        objectives=["size_bytes", "score"],
        budgets={"size_bytes": 1e9},
        refit=lambda results: int(np.argmax(results["mean_test_score"])),
    ).fit(*data)
    study = search.study_
    assert len(study.directions) == 2  # the score first, then the costs
    assert study.sampler._constraints_func is not None  # the budgets reach the sampler
    complete = study.get_trials(states=(hs.TrialState.COMPLETE,))
    assert len(complete) == 6 and all(len(t.values or ()) == 2 for t in complete)
    assert all(t.constraints is not None and t.constraints[0] < 0 for t in complete)
    assert search.best_index_ == int(np.argmax(search.cv_results_["mean_test_score"]))
    result = search.optimizer_results_[0]
    assert len(result.func_vals) == 6
    np.testing.assert_allclose(
        sorted(-result.func_vals), sorted(search.cv_results_["mean_test_score"])
    )


def test_counts_of_other_estimators(data: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = data
    X = StandardScaler().fit_transform(X)
    linear = LogisticRegression(max_iter=500).fit(X, y)
    costs = measure_costs(linear, X[:50])
    assert costs["n_params"] == X.shape[1] + 1 and math.isnan(costs["n_trees"])
    mlp = MLPClassifier(hidden_layer_sizes=(5,), max_iter=20, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # not converged in 20 iterations: not the point here
        mlp.fit(X, y)
    expected = X.shape[1] * 5 + 5 + 5 * 1 + 1
    assert measure_costs(mlp, X[:50])["n_params"] == expected
    forest = RandomForestClassifier(n_estimators=3, max_depth=2, random_state=0).fit(X, y)
    counts = measure_costs(forest, X[:50])
    assert counts["n_trees"] == 3 and 3 <= counts["n_leaves"] <= 12
    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).fit(X, y)
    assert measure_costs(pipe, X[:50])["n_params"] == X.shape[1] + 1
    assert measure_costs(pipe, X[:50])["size_bytes"] > 0


def test_argument_errors(data: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = data
    lr = DummyClassifier()
    grid = {"strategy": ["prior", "most_frequent"]}
    with pytest.raises(InvalidArgumentError, match="include 'score'"):
        GridSearchCV(lr, grid, objectives=["size_bytes"]).fit(X, y)
    with pytest.raises(InvalidArgumentError, match="'weight'"):
        GridSearchCV(lr, grid, objectives=["score", "weight"]).fit(X, y)
    with pytest.raises(InvalidTypeError, match="list of names"):
        GridSearchCV(lr, grid, objectives="score").fit(X, y)
    with pytest.raises(InvalidArgumentError, match="budgets need objectives"):
        GridSearchCV(lr, grid, budgets={"size_bytes": 1e6}).fit(X, y)
    with pytest.raises(InvalidArgumentError, match="budgets keys"):
        GridSearchCV(lr, grid, objectives=["score"], budgets={"score": 1}).fit(X, y)
    with pytest.raises(InvalidArgumentError, match="pruner"):
        GridSearchCV(
            lr, grid, objectives=["score", "size_bytes"], pruner=hs.pruners.MedianPruner()
        ).fit(X, y)
    with pytest.raises(InvalidArgumentError, match="'n_trees' is not exposed by DummyClassifier"):
        GridSearchCV(lr, grid, cv=2, objectives=["score", "n_trees"]).fit(X, y)


def test_resume_keeps_costs_and_checks_objectives(
    data: tuple[np.ndarray, np.ndarray], tmp_path: Any
) -> None:
    from hyperscout.sklearn import SearchDefinitionMismatch

    storage = f"sqlite:///{tmp_path / 'cost.db'}"

    def search(objectives: list[str]) -> GridSearchCV:
        return GridSearchCV(
            _gb(),
            {"n_estimators": [3, 9]},
            scoring="roc_auc",
            cv=2,
            storage=storage,
            study_name="costs",
            objectives=objectives,
        )

    first = search(["score", "size_bytes"]).fit(*data)
    again = search(["score", "size_bytes"]).fit(*data)  # every candidate is already done
    np.testing.assert_array_equal(
        again.cv_results_["mean_size_bytes"], first.cv_results_["mean_size_bytes"]
    )
    assert again.best_index_ == first.best_index_
    with pytest.raises(SearchDefinitionMismatch, match="objectives"):
        search(["score", "n_trees"]).fit(*data)


def test_record_keeps_costs_and_budget_through_json() -> None:
    from hyperscout.sklearn._results import CandidateRecord

    record = CandidateRecord(
        params={"C": 1.0},
        test={"score": [0.5, math.nan]},
        train=None,
        fit_time=[0.1, math.nan],
        score_time=[0.01, math.nan],
        costs={"size_bytes": [100.0, math.nan]},
        iteration=2,
        n_resources=40,
    )
    back = CandidateRecord.from_json(record.to_json(), {"C": 1.0})
    assert back.iteration == 2 and back.n_resources == 40
    assert back.costs is not None
    assert back.costs["size_bytes"][0] == 100.0 and math.isnan(back.costs["size_bytes"][1])
    plain = CandidateRecord.from_json(
        CandidateRecord(
            params={}, test={"score": [0.5]}, train=None, fit_time=[0.1], score_time=[0.01]
        ).to_json(),
        {},
    )
    assert plain.costs is None and plain.iteration is None and plain.n_resources is None


def test_halving_searches_take_no_objectives() -> None:
    from hyperscout.sklearn import HalvingGridSearchCV, HalvingRandomSearchCV

    for cls in (HalvingGridSearchCV, HalvingRandomSearchCV):
        assert "objectives" not in cls(LogisticRegression(), {"C": [1.0]}).get_params()
        with pytest.raises(TypeError, match="objectives"):
            cls(LogisticRegression(), {"C": [1.0]}, objectives=["score", "size_bytes"])
