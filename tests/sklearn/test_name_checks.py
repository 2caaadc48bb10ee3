"""Misspelt parameter and metric names fail before the first fit, with the closest names."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from hyperscout.exceptions import InvalidSpaceError
from hyperscout.sklearn import BayesSearchCV, GridSearchCV, RandomizedSearchCV

X, Y = load_breast_cancer(return_X_y=True)
X, Y = X[:200], Y[:200]


class _CountingLR(ClassifierMixin, BaseEstimator):
    fits = 0

    def __init__(self, C: float = 1.0) -> None:
        self.C = C

    def fit(self, X: Any, y: Any) -> _CountingLR:
        type(self).fits += 1
        self.classes_ = np.unique(y)
        return self

    def predict(self, X: Any) -> Any:
        return np.full(len(X), self.classes_[0])


def test_misspelt_lightgbm_parameter_is_caught_although_it_takes_kwargs() -> None:
    lightgbm = pytest.importorskip("lightgbm")
    pipe = Pipeline(
        [("scale", StandardScaler()), ("classifier", lightgbm.LGBMClassifier(verbose=-1))]
    )
    search = BayesSearchCV(
        pipe, {"classifier__learning_rat": (1e-3, 0.1, "log-uniform")}, n_iter=2, cv=2
    )
    with pytest.raises(InvalidSpaceError, match="Did you mean 'classifier__learning_rate'"):
        search.fit(X, Y)
    assert not hasattr(search, "study_")
    # Spelt right, the same search runs.
    search.set_params(search_spaces={"classifier__learning_rate": (1e-3, 0.1, "log-uniform")})
    assert search.fit(X, Y).best_score_ > 0.5


def test_a_missing_pipeline_step_fails_before_any_fit() -> None:
    _CountingLR.fits = 0
    pipe = Pipeline([("scale", StandardScaler()), ("classifier", _CountingLR())])
    with pytest.raises(InvalidSpaceError, match="'clf__C' is not a parameter of Pipeline") as info:
        GridSearchCV(pipe, {"clf__C": [0.1, 1.0]}, cv=2).fit(X, Y)
    assert "Did you mean 'classifier__C'" in str(info.value)
    assert _CountingLR.fits == 0


def test_a_searched_step_may_have_its_own_parameters() -> None:
    pipe = Pipeline([("scale", StandardScaler()), ("classifier", LogisticRegression())])
    grid = [
        {"classifier": [SVC()], "classifier__gamma": [0.1, 1.0]},
        {"classifier__C": [0.1, 1.0]},
    ]
    search = GridSearchCV(pipe, grid, cv=2).fit(X, Y)
    assert len(search.cv_results_["params"]) == 4
    with pytest.raises(InvalidSpaceError, match="classifier__gama"):
        GridSearchCV(pipe, [{"classifier": [SVC()], "classifier__gama": [0.1]}], cv=2).fit(X, Y)


def test_a_scikit_optimize_range_in_a_grid_is_refused() -> None:
    with pytest.raises(InvalidSpaceError, match="scikit-optimize range: use BayesSearchCV"):
        GridSearchCV(LogisticRegression(), {"C": (0.0001, 0.1, "log-uniform")}).fit(X, Y)
    with pytest.raises(InvalidSpaceError, match="loguniform"):
        RandomizedSearchCV(LogisticRegression(), {"C": (0.0001, 0.1, "log-uniform")}).fit(X, Y)


def test_a_misspelt_scoring_gets_the_closest_metric_names() -> None:
    with pytest.raises(ValueError, match="Did you mean 'roc_auc'") as info:
        GridSearchCV(LogisticRegression(), {"C": [1.0]}, scoring="roc_acu").fit(X, Y)
    assert "scoring='roc_acu' is not a scikit-learn metric name" in str(info.value)
    with pytest.raises(ValueError, match="Did you mean 'accuracy'"):
        GridSearchCV(
            LogisticRegression(), {"C": [1.0]}, scoring=["accuracy", "acuracy"], refit=False
        ).fit(X, Y)
