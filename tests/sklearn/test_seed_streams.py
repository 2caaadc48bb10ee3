"""Each search method draws from its own stream of a seed: reproducible, never the same as
another method's."""

from __future__ import annotations

from typing import Any

from scipy.stats import loguniform, randint
from sklearn.datasets import load_iris
from sklearn.tree import DecisionTreeClassifier

from hyperscout.sklearn import BayesSearchCV, RandomizedSearchCV

X_IRIS, Y_IRIS = load_iris(return_X_y=True)


def _firsts(search: Any) -> list[tuple[float, int]]:
    search.fit(X_IRIS, Y_IRIS)
    return [(p["ccp_alpha"], p["max_depth"]) for p in search.cv_results_["params"]]


def _random(seed: int) -> RandomizedSearchCV:
    space = {"ccp_alpha": loguniform(1e-4, 1e-1), "max_depth": randint(1, 9)}
    return RandomizedSearchCV(DecisionTreeClassifier(), space, n_iter=4, cv=2, random_state=seed)


def _bayes(seed: int, sampler: str) -> BayesSearchCV:
    space = {"ccp_alpha": (1e-4, 1e-1, "log-uniform"), "max_depth": (1, 8)}
    return BayesSearchCV(
        DecisionTreeClassifier(), space, n_iter=4, cv=2, random_state=seed, sampler=sampler
    )


def test_random_and_bayes_seeded_alike_propose_different_candidates() -> None:
    random_firsts = _firsts(_random(123))
    for sampler in ("random", "tpe", "gp"):
        bayes_firsts = _firsts(_bayes(123, sampler))
        assert len(bayes_firsts) == 4
        assert not set(bayes_firsts) & set(random_firsts), sampler
        # Still reproducible.
        assert _firsts(_bayes(123, sampler)) == bayes_firsts
    assert _firsts(_random(123)) == random_firsts


def test_random_search_draws_what_scikit_learn_draws() -> None:
    from sklearn.model_selection import RandomizedSearchCV as SkRandomizedSearchCV

    space = {"ccp_alpha": loguniform(1e-4, 1e-1), "max_depth": randint(1, 9)}
    theirs = SkRandomizedSearchCV(DecisionTreeClassifier(), space, n_iter=4, cv=2, random_state=7)
    theirs.fit(X_IRIS, Y_IRIS)
    assert _firsts(_random(7)) == [
        (p["ccp_alpha"], p["max_depth"]) for p in theirs.cv_results_["params"]
    ]
