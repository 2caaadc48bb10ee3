"""A fit on an existing study resumes it only when the study was made by the same search."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy.stats import uniform
from sklearn.datasets import load_breast_cancer
from sklearn.tree import DecisionTreeClassifier

import hyperscout
from hyperscout.exceptions import DuplicatedStudyError
from hyperscout.sklearn import (
    BayesSearchCV,
    GridSearchCV,
    RandomizedSearchCV,
    SearchDefinitionMismatch,
)

X, Y = load_breast_cancer(return_X_y=True)
SPACE = {"max_depth": (1, 8), "min_samples_leaf": (1, 20)}


def _bayes(url: str, **kwargs: Any) -> BayesSearchCV:
    args: dict[str, Any] = {
        "n_iter": 3,
        "cv": 3,
        "scoring": "roc_auc",
        "storage": url,
        "study_name": "r",
        "random_state": 0,
        "sampler": "random",
    }
    args.update(kwargs)
    estimator = args.pop("estimator", DecisionTreeClassifier(random_state=0))
    return BayesSearchCV(estimator, SPACE, **args)


def test_changed_estimator_and_scoring_raise_naming_both(tmp_path: Any) -> None:
    # The reproduction: re-running the cell after changing the pipeline and the metric.
    url = f"sqlite:///{tmp_path / 'r.db'}"
    first = _bayes(url).fit(X, Y)
    changed = _bayes(
        url,
        estimator=DecisionTreeClassifier(criterion="entropy", random_state=0),
        scoring="accuracy",
    )
    with pytest.raises(SearchDefinitionMismatch) as info:
        changed.fit(X, Y)
    message = str(info.value)
    assert "criterion: 'gini' -> 'entropy'" in message
    assert "scoring: stored 'roc_auc', this fit 'accuracy'" in message
    assert "resume='overwrite'" in message
    assert "space" not in message and "folds" not in message
    study = hyperscout.load_study(study_name="r", storage=url)
    assert len(study.trials) == 3  # nothing ran

    # Starting afresh on request: every candidate runs, and best_score_ is an accuracy.
    fresh = _bayes(
        url,
        estimator=DecisionTreeClassifier(criterion="entropy", random_state=0),
        scoring="accuracy",
        resume="overwrite",
    ).fit(X, Y)
    assert len(fresh.study_.trials) == 3
    assert fresh.best_score_ != first.best_score_
    accuracy = fresh.cv_results_["mean_test_score"]
    assert fresh.best_score_ == pytest.approx(np.max(accuracy))
    assert fresh.best_estimator_.criterion == "entropy"


def test_same_search_resumes_and_a_larger_budget_adds_to_it(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    first = _bayes(url).fit(X, Y)
    # n_iter, n_jobs, the sampler's seed and the estimator's speed settings may change.
    resumed = _bayes(url, n_iter=5, random_state=1).fit(X, Y)
    assert len(resumed.study_.trials) == 5
    assert resumed.cv_results_["params"][:3] == first.cv_results_["params"]


def test_changed_space_and_folds_are_named(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    GridSearchCV(
        DecisionTreeClassifier(), {"max_depth": [1, 2]}, cv=3, storage=url, study_name="g"
    ).fit(X, Y)
    with pytest.raises(SearchDefinitionMismatch, match=r"space: stored \{'max_depth': \[1, 2\]\}"):
        GridSearchCV(
            DecisionTreeClassifier(), {"max_depth": [1, 3]}, cv=3, storage=url, study_name="g"
        ).fit(X, Y)
    with pytest.raises(SearchDefinitionMismatch, match="folds: stored 3 folds"):
        GridSearchCV(
            DecisionTreeClassifier(), {"max_depth": [1, 2]}, cv=5, storage=url, study_name="g"
        ).fit(X, Y)


def test_resume_never_refuses_an_existing_study(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    grid = {"max_depth": [1, 2]}
    GridSearchCV(DecisionTreeClassifier(), grid, cv=3, storage=url, study_name="g").fit(X, Y)
    with pytest.raises(DuplicatedStudyError, match="resume='never'"):
        GridSearchCV(
            DecisionTreeClassifier(), grid, cv=3, storage=url, study_name="g", resume="never"
        ).fit(X, Y)
    with pytest.raises(ValueError, match="resume must be one of"):
        GridSearchCV(DecisionTreeClassifier(), grid, resume="yes").fit(X, Y)


def test_unseeded_random_search_cannot_resume_with_other_candidates(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'rs.db'}"
    dists = {"min_weight_fraction_leaf": uniform(0, 0.4)}
    kwargs: dict[str, Any] = {"n_iter": 2, "cv": 3, "storage": url, "study_name": "rs"}
    RandomizedSearchCV(DecisionTreeClassifier(), dists, **kwargs).fit(X, Y)
    with pytest.raises(SearchDefinitionMismatch, match="same int random_state"):
        RandomizedSearchCV(DecisionTreeClassifier(), dists, **kwargs).fit(X, Y)


def test_estimator_speed_settings_are_not_part_of_the_definition() -> None:
    from hyperscout.sklearn._definition import search_definition

    def describe(est: Any) -> dict[str, str]:
        return search_definition(est, {"max_depth"}, "s", "roc_auc", {"cv": "c", "folds": "f"})

    from sklearn.ensemble import RandomForestClassifier

    a = describe(RandomForestClassifier(n_jobs=1, verbose=0, max_depth=3))
    b = describe(RandomForestClassifier(n_jobs=2, verbose=1, max_depth=5))
    c = describe(RandomForestClassifier(n_estimators=7))
    assert a == b
    assert a != c
    assert " at 0x" not in a["estimator"]


def test_the_study_names_its_metric_after_the_scoring() -> None:
    search = GridSearchCV(DecisionTreeClassifier(), {"max_depth": [1, 2]}, cv=3, scoring="roc_auc")
    assert search.fit(X, Y).study_.metric_names == ["ROC AUC"]
    multi = GridSearchCV(
        DecisionTreeClassifier(), {"max_depth": [1]}, cv=3, scoring=["accuracy", "f1"], refit="f1"
    )
    assert multi.fit(X, Y).study_.metric_names == ["F1"]
    # A scorer without a display name stays as given; a dict's key is the user's own name.
    plain = GridSearchCV(DecisionTreeClassifier(), {"max_depth": [1]}, cv=3, scoring="precision")
    assert plain.fit(X, Y).study_.metric_names == ["precision"]
    keyed = GridSearchCV(
        DecisionTreeClassifier(), {"max_depth": [1]}, cv=3, scoring={"auc": "roc_auc"}, refit="auc"
    )
    assert keyed.fit(X, Y).study_.metric_names == ["auc"]


def test_a_callable_scoring_leaves_the_metric_unnamed() -> None:
    from sklearn.metrics import make_scorer, recall_score

    search = GridSearchCV(
        DecisionTreeClassifier(), {"max_depth": [1]}, cv=3, scoring=make_scorer(recall_score)
    )
    assert search.fit(X, Y).study_.metric_names is None


def test_the_command_line_and_the_estimators_name_a_metric_alike() -> None:
    from hyperscout.cli._job import metric_label

    for scoring in ("roc_auc", "neg_log_loss", "f1", "precision", "explained_variance"):
        search = GridSearchCV(DecisionTreeClassifier(), {"max_depth": [1]}, cv=2, scoring=scoring)
        assert search._metric_name() == metric_label(scoring)


def test_a_study_stored_with_the_scorer_name_resumes_under_the_display_name(
    tmp_path: Any,
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    first = _bayes(url).fit(X, Y)
    first.study_.set_metric_names(["roc_auc"])  # how studies were stored before display names
    resumed = _bayes(url, n_iter=5).fit(X, Y)
    assert len(resumed.study_.trials) == 5
    assert resumed.cv_results_["params"][:3] == first.cv_results_["params"]
    assert hyperscout.load_study(study_name="r", storage=url).metric_names == ["ROC AUC"]
    # A name the user chose is kept.
    resumed.study_.set_metric_names(["AUC (holdout)"])
    _bayes(url, n_iter=6).fit(X, Y)
    assert hyperscout.load_study(study_name="r", storage=url).metric_names == ["AUC (holdout)"]
