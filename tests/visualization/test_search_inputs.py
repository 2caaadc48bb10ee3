"""Plots and the report take fitted *SearchCV objects, label axes with the metric's name, and the
parameter history plot's record holds the trials' parameters in order."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.tree import DecisionTreeClassifier

import hyperscout
from hyperscout.sklearn import BayesSearchCV, RandomizedSearchCV
from hyperscout.visualization._comparison import compute_comparison
from hyperscout.visualization._param_history import compute_param_history
from hyperscout.visualization._slice import compute_slice

X, y = load_breast_cancer(return_X_y=True)
X, y = X[::3], y[::3]


@pytest.fixture(scope="module")
def searches() -> dict[str, object]:
    space = {"max_depth": (1, 8), "min_samples_leaf": (1, 30, "log-uniform")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bayes = BayesSearchCV(
            DecisionTreeClassifier(random_state=0), space, n_iter=5, cv=3, scoring="roc_auc",
            random_state=0, sampler="random",
        ).fit(X, y)
        rand = RandomizedSearchCV(
            DecisionTreeClassifier(random_state=0),
            {"max_depth": list(range(1, 9)), "min_samples_leaf": [1, 2, 4, 8, 16]},
            n_iter=5, cv=3, scoring="roc_auc", random_state=0,
        ).fit(X, y)
    return {"bayes": bayes, "random": rand}


def test_comparison_takes_fitted_searches(searches: dict[str, object]) -> None:
    record = compute_comparison(searches)
    assert [g.label for g in record.groups] == ["bayes", "random"]
    assert record.target_name == "ROC AUC"  # from the studies' metric names
    best = max(searches["bayes"].cv_results_["mean_test_score"])  # type: ignore[attr-defined]
    assert record.groups[0].median[-1] == pytest.approx(best)
    with pytest.raises(TypeError, match="once it is fitted"):
        compute_comparison({"x": BayesSearchCV(DecisionTreeClassifier(), {"max_depth": (1, 3)})})


def test_metric_name_labels_the_axis(searches: dict[str, object]) -> None:
    assert compute_slice(searches["bayes"]).target_name == "ROC AUC"
    assert compute_slice(searches["bayes"], target_name="AUC").target_name == "AUC"
    study = hyperscout.create_study()
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    assert compute_slice(study).target_name == "Objective Value"
    study.set_metric_names(["loss"])
    assert compute_slice(study).target_name == "loss"


def test_search_history_uses_the_metric_name(searches: dict[str, object]) -> None:
    from hyperscout.visualization._search_history import compute_search_history

    record = compute_search_history(searches["bayes"])
    assert record.metric == "score" and record.metric_label == "ROC AUC"
    assert compute_search_history(searches["bayes"].cv_results_).metric_label == "score"  # type: ignore[attr-defined]


def test_param_history_record_follows_the_trials() -> None:
    study = hyperscout.create_study(sampler=hyperscout.samplers.RandomSampler(seed=1))

    def objective(t: hyperscout.Trial) -> float:
        x = t.suggest_float("lr", 1e-4, 1e-1, log=True)
        k = t.suggest_categorical("k", ["a", "b"])
        if t.number == 2:
            raise hyperscout.TrialPruned()
        return x + (k == "b")

    study.optimize(objective, n_trials=5)
    record = compute_param_history(study)
    by_name = {p.axis.name: p for p in record.params}
    lr = by_name["lr"]
    assert lr.axis.log
    assert list(lr.numbers) == [0, 1, 2, 3, 4]
    assert list(lr.values) == pytest.approx([t.params["lr"] for t in study.trials])
    assert np.isnan(lr.scores[2]) and np.isfinite(lr.scores[[0, 1, 3, 4]]).all()
    k = by_name["k"]
    assert [k.axis.categories[int(i)] for i in k.values] == [t.params["k"] for t in study.trials]


def test_param_history_renderers(searches: dict[str, object]) -> None:
    pytest.importorskip("plotly")
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import hyperscout.visualization as hv
    import hyperscout.visualization.matplotlib as hvm

    fig = hv.plot_param_history(searches["bayes"])
    assert len(fig.data) >= 2
    assert fig.layout.yaxis.type == "log" or fig.layout.yaxis2.type == "log"
    axes = hvm.plot_param_history(searches["bayes"])
    assert len(axes) == 2


def test_report_takes_a_fitted_search_and_names_metric_and_importance(
    searches: dict[str, object], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("plotly")
    from hyperscout.report import write_report

    path = write_report(searches["bayes"], tmp_path / "r.html")
    with open(path, encoding="utf-8") as fh:
        page = fh.read()
    assert "ROC AUC" in page
    assert "Method: fANOVA." in page
