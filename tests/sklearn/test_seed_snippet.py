"""The seed snippet with only its import changed, on palmerpenguins (numeric + categorical)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("lightgbm")
pytest.importorskip("palmerpenguins")


def test_seed_snippet_on_penguins() -> None:
    from lightgbm import LGBMClassifier
    from palmerpenguins import load_penguins
    from sklearn.compose import make_column_transformer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from hyperscout.sklearn import BayesSearchCV  # the only change: was `from skopt import ...`

    penguins = load_penguins().dropna()
    y = (penguins.pop("species") == "Adelie").astype(int)
    X = penguins
    numeric_var = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    categorical_var = ["island", "sex"]

    pipe = Pipeline(
        [
            (
                "preprocess",
                make_column_transformer(
                    (Pipeline([("scaler", StandardScaler())]), numeric_var),
                    (Pipeline([("onehot", OneHotEncoder())]), categorical_var),
                ),
            ),
            ("classifier", LGBMClassifier(verbose=-1)),
        ]
    )
    param_grid = {
        "classifier__learning_rate": (0.0001, 0.1, "log-uniform"),
        "classifier__n_estimators": (100, 1000),
        "classifier__max_depth": (4, 400),
    }
    # The seed uses n_iter=70, cv=5, n_jobs=8; smaller here to keep the test quick.
    reg_bay = BayesSearchCV(
        estimator=pipe,
        search_spaces=param_grid,
        n_iter=6,
        cv=3,
        n_jobs=2,
        scoring="roc_auc",
        random_state=123,
    )
    reg_bay.fit(X, y)

    assert reg_bay.best_score_ > 0.95
    assert len(reg_bay.cv_results_["params"]) == 6
    for p in reg_bay.cv_results_["params"]:
        assert 1e-4 <= p["classifier__learning_rate"] <= 0.1
        assert isinstance(p["classifier__n_estimators"], int)
        assert 4 <= p["classifier__max_depth"] <= 400
    proba = reg_bay.predict_proba(X)
    assert proba.shape == (len(X), 2)
    np.testing.assert_array_equal(reg_bay.classes_, [0, 1])
    assert reg_bay.score(X, y) > 0.95
