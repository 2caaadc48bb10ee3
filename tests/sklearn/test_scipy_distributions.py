"""scipy.stats distributions in RandomizedSearchCV are recorded with their support and scale."""

from __future__ import annotations

from scipy.stats import loguniform, norm, randint, uniform
from sklearn.datasets import load_iris
from sklearn.tree import DecisionTreeClassifier

from hyperscout.distributions import FloatDistribution, IntDistribution
from hyperscout.sklearn import HalvingRandomSearchCV, RandomizedSearchCV

X_IRIS, Y_IRIS = load_iris(return_X_y=True)


def test_loguniform_uniform_and_randint_record_their_support() -> None:
    dists = {
        "ccp_alpha": loguniform(1e-3, 1e2),
        "min_weight_fraction_leaf": uniform(0.0, 0.4),
        "max_depth": randint(1, 10),
    }
    search = RandomizedSearchCV(
        DecisionTreeClassifier(random_state=0), dists, n_iter=4, cv=2, random_state=0
    ).fit(X_IRIS, Y_IRIS)
    for trial in search.study_.trials:
        d = trial.distributions
        # A log axis from 1e-3 to 1e2 in plots, not the narrow linear range of 4 draws.
        assert d["ccp_alpha"] == FloatDistribution(1e-3, 1e2, log=True)
        assert d["min_weight_fraction_leaf"] == FloatDistribution(0.0, 0.4)
        assert d["max_depth"] == IntDistribution(1, 9)  # randint's high is exclusive
    drawn = search.cv_results_["param_ccp_alpha"]
    assert all(1e-3 <= v <= 1e2 for v in drawn)


def test_a_distribution_without_finite_support_records_the_drawn_range() -> None:
    search = RandomizedSearchCV(
        DecisionTreeClassifier(random_state=0),
        {"min_impurity_decrease": norm(0.5, 0.01)},
        n_iter=3,
        cv=2,
        random_state=0,
    ).fit(X_IRIS, Y_IRIS)
    values = [t.params["min_impurity_decrease"] for t in search.study_.trials]
    d = search.study_.trials[0].distributions["min_impurity_decrease"]
    assert d == FloatDistribution(min(values), max(values))


def test_halving_random_search_records_the_support_too() -> None:
    search = HalvingRandomSearchCV(
        DecisionTreeClassifier(random_state=0),
        {"ccp_alpha": loguniform(1e-4, 1.0)},
        n_candidates=3,
        cv=2,
        random_state=0,
    ).fit(X_IRIS, Y_IRIS)
    d = search.study_.trials[0].distributions["ccp_alpha"]
    assert d == FloatDistribution(1e-4, 1.0, log=True)
