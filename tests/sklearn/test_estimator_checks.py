"""scikit-learn's estimator checks on the three search estimators.

Every check applies and passes; none is skipped. (scikit-learn's own ``GridSearchCV`` fails
``check_supervised_y_2d`` with a multi-output estimator inside, because it does not pass the
inner estimator's ``multi_output`` tag on; ours does.)
"""

from __future__ import annotations

from typing import Any

import pytest
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.utils.estimator_checks import parametrize_with_checks

from hyperscout.sklearn import BayesSearchCV, GridSearchCV, RandomizedSearchCV

from ._helpers import quiet_degenerate_data_notices

ESTIMATORS = [
    GridSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}, cv=2),
    RandomizedSearchCV(Ridge(), {"alpha": [0.1, 1.0, 10.0]}, n_iter=2, cv=2, random_state=0),
    BayesSearchCV(
        LogisticRegression(),
        {"C": (0.1, 10.0, "log-uniform")},
        n_iter=2,
        cv=2,
        random_state=0,
        sampler="random",
    ),
]


@pytest.mark.slow
@quiet_degenerate_data_notices
@parametrize_with_checks(ESTIMATORS)
def test_sklearn_estimator_checks(estimator: Any, check: Any) -> None:
    check(estimator)
