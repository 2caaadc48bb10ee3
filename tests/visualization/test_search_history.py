from __future__ import annotations

import numpy as np
import pytest

from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_search_history
from hyperscout.visualization._search_history import compute_search_history

CV = {
    "mean_test_score": np.array([0.5, np.nan, 0.7, 0.6]),
    "std_test_score": np.array([0.1, np.nan, 0.05, 0.02]),
    "params": [{}, {}, {}, {}],
}


def test_record_best_so_far_skips_failed_fits() -> None:
    rec = compute_search_history(CV)
    np.testing.assert_array_equal(rec.best, [0.5, 0.5, 0.7, 0.7])
    assert rec.best_index == 2 and rec.metric == "score"


def test_multi_metric_needs_a_choice() -> None:
    cv = {"mean_test_acc": [0.1, 0.2], "mean_test_f1": [0.3, 0.1]}
    with pytest.raises(ValueError, match="metric="):
        compute_search_history(cv)
    rec = compute_search_history(cv, metric="f1")
    np.testing.assert_array_equal(rec.best, [0.3, 0.3])
    np.testing.assert_array_equal(rec.std, [0.0, 0.0])
    with pytest.raises(ValueError, match="mean_test_auc"):
        compute_search_history(cv, metric="auc")


def test_fitted_sklearn_search_and_unfitted() -> None:
    from sklearn.datasets import load_iris
    from sklearn.model_selection import GridSearchCV
    from sklearn.tree import DecisionTreeClassifier

    search = GridSearchCV(DecisionTreeClassifier(random_state=0), {"max_depth": [1, 2, 3]}, cv=3)
    with pytest.raises(TypeError, match="not fitted"):
        compute_search_history(search)
    X, y = load_iris(return_X_y=True)
    search.fit(X, y)
    fig = plot_search_history(search)
    assert [t.name for t in fig.data] == ["± 1 std across folds", "mean CV score", "best so far"]
    np.testing.assert_allclose(fig.data[1].y, search.cv_results_["mean_test_score"])
    ax = mvis.plot_search_history(search.cv_results_)
    assert ax.get_ylabel() == "Mean CV score"


def test_hyperscout_search_cv() -> None:
    from scipy.stats import loguniform
    from sklearn.datasets import load_iris
    from sklearn.svm import SVC

    from hyperscout.sklearn import RandomizedSearchCV

    X, y = load_iris(return_X_y=True)
    search = RandomizedSearchCV(
        SVC(), {"C": loguniform(1e-3, 1e3)}, n_iter=4, cv=3, random_state=0
    ).fit(X, y)
    rec = compute_search_history(search)
    np.testing.assert_allclose(rec.mean, search.cv_results_["mean_test_score"])
    assert rec.best[-1] == pytest.approx(search.best_score_)
