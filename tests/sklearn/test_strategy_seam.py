"""The public strategy seam: a third-party SearchStrategy with resource budgets and its own
best_index rule, run by StrategySearchCV on the engine every search uses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold
from sklearn.utils.estimator_checks import parametrize_with_checks

from hyperscout.exceptions import HyperscoutError
from hyperscout.sklearn import (
    Budget,
    Candidate,
    SearchStrategy,
    StrategySearchCV,
    TellItem,
)
from hyperscout.study import Study

from ._helpers import quiet_degenerate_data_notices


class Units(RegressorMixin, BaseEstimator):
    """Scores ``10 * c - n_units`` and remembers how many samples it was fitted on."""

    def __init__(self, c: int = 0, n_units: int = 1) -> None:
        self.c = c
        self.n_units = n_units

    def fit(self, X: Any, y: Any) -> Units:
        self.n_fit_ = len(X)
        return self

    def predict(self, X: Any) -> Any:
        return np.zeros(len(X))

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        if self.n_units == 1 and hasattr(self, "n_fit_") and self.c < 0:
            return float(self.n_fit_)
        return float(10 * self.c - self.n_units)


class TwoRungs(SearchStrategy):
    """Rung 0: every ``c`` with ``first`` units of ``resource``; rung 1: the best with
    ``second``. With ``last_rung_wins`` the best is rung 1's candidate."""

    def __init__(
        self,
        cs: Sequence[int],
        *,
        resource: str = "n_units",
        first: int = 1,
        second: int = 5,
        last_rung_wins: bool = True,
    ) -> None:
        self.cs = list(cs)
        self.resource = resource
        self.first = first
        self.second = second
        self.last_rung_wins = last_rung_wins
        self.told: list[tuple[int, float]] = []

    def start(self, open_study: Any) -> list[Study]:
        self.study = open_study("", None)
        self.rung = 0
        self.queue = [{"c": c} for c in self.cs]
        self.told = []
        return [self.study]

    def ask(self, n: int) -> list[Candidate]:
        if not self.queue and self.rung == 0 and len(self.told) == len(self.cs):
            best = max(self.told, key=lambda t: t[1])[0]
            self.queue, self.rung = [{"c": best}], 1
        out: list[Candidate] = []
        amount = self.first if self.rung == 0 else self.second
        while self.queue and len(out) < n:
            params = self.queue.pop(0)
            budget = Budget(amount, iteration=self.rung, resource=self.resource)
            out.append(Candidate(self.study.ask(), params, budget))
        return out

    def tell(self, batch: Sequence[TellItem]) -> None:
        for item in batch:
            self.told.append(
                (item.candidate.params["c"], float(np.mean(item.record.test["score"])))
            )

    def best_index(self, results: Mapping[str, Any], metric: str) -> int | None:
        if not self.last_rung_wins:
            return None
        last = np.flatnonzero(results["iter"] == results["iter"].max())
        return int(last[np.argmax(results[f"mean_test_{metric}"][last])])


X = np.zeros((300, 1))
Y = np.zeros(300)


def test_third_party_strategy_with_a_parameter_resource_and_its_best_rule() -> None:
    strategy = TwoRungs([0, 1, 2])
    search = StrategySearchCV(Units(), strategy, param_names=["c"], cv=3).fit(X, Y)
    res = search.cv_results_
    assert list(res)[:2] == ["iter", "n_resources"]
    assert res["iter"].tolist() == [0, 0, 0, 1]
    assert res["n_resources"].tolist() == [1, 1, 1, 5]
    # The resource is an estimator parameter: set for the evaluation and shown in params.
    assert res["param_n_units"].tolist() == [1, 1, 1, 5]
    np.testing.assert_allclose(res["mean_test_score"], [-1, 9, 19, 15])
    # Rung 0's c=2 scores higher, but the strategy's rule picks the last rung.
    assert search.best_index_ == 3
    assert search.best_score_ == 15
    assert search.best_params_ == {"c": 2, "n_units": 5}
    assert search.best_estimator_.n_units == 5
    # The strategy saw every record; the given object was left untouched.
    assert isinstance(search.strategy_, TwoRungs)
    assert search.strategy_.told == [(0, -1.0), (1, 9.0), (2, 19.0), (2, 15.0)]
    assert strategy.told == []
    assert [t.value for t in search.study_.trials] == [-1, 9, 19, 15]


def test_without_a_best_rule_the_best_rank_wins() -> None:
    search = StrategySearchCV(Units(), TwoRungs([0, 1, 2], last_rung_wins=False), cv=3)
    search.fit(X, Y)
    assert search.best_index_ == 2
    assert search.best_params_ == {"c": 2, "n_units": 1}


def test_n_samples_budget_subsamples_every_fold() -> None:
    cv = KFold(3)
    strategy = TwoRungs([-1, -2], resource="n_samples", first=30, second=300)
    search = StrategySearchCV(Units(), strategy, cv=cv, batch_size=1, refit=False)
    search.fit(X, Y)
    res = search.cv_results_
    assert res["n_resources"].tolist() == [30, 30, 300]
    assert "param_n_samples" not in res
    # Units with c < 0 scores its training size: 30/300 of each 200-sample training fold.
    np.testing.assert_allclose(res["mean_test_score"][:2], [20, 20])
    np.testing.assert_allclose(res["mean_test_score"][2], 200)


@pytest.mark.parametrize(
    ("strategy", "message"),
    [
        (TwoRungs([0], resource="n_trees"), "got resource='n_trees'"),
        (TwoRungs([0], first=0), "got n_resources=0"),
        (TwoRungs([-1], resource="n_samples", first=301), "got n_resources=301"),
    ],
)
def test_a_bad_budget_is_refused(strategy: SearchStrategy, message: str) -> None:
    with pytest.raises(HyperscoutError, match=message):
        StrategySearchCV(Units(), strategy, cv=3).fit(X, Y)


class Mixed(TwoRungs):
    def ask(self, n: int) -> list[Candidate]:
        out = super().ask(n)
        return [Candidate(c.trial, c.params) if c.params["c"] == 0 else c for c in out]


class BadBest(TwoRungs):
    def best_index(self, results: Mapping[str, Any], metric: str) -> int | None:
        return 99


class NotAStrategy:
    def start(self, open_study: Any) -> list[Study]:
        return []


def test_the_seam_is_checked() -> None:
    with pytest.raises(ValueError, match="a resource budget to every candidate or to none"):
        StrategySearchCV(Units(), Mixed([0, 1]), cv=3).fit(X, Y)
    with pytest.raises(ValueError, match=r"best_index returned index 99, outside \[0, 3\)"):
        StrategySearchCV(Units(), BadBest([0, 1]), cv=3).fit(X, Y)
    with pytest.raises(TypeError, match="strategy must be a hyperscout.sklearn.SearchStrategy"):
        StrategySearchCV(Units(), NotAStrategy(), cv=3).fit(X, Y)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'d' is not a parameter of Units"):
        StrategySearchCV(Units(), TwoRungs([0]), param_names=["d"], cv=3).fit(X, Y)


def test_clone_copies_the_strategy() -> None:
    search = StrategySearchCV(Units(), TwoRungs([0, 1]), batch_size=2)
    copy = clone(search)
    assert copy.strategy is not search.strategy
    assert copy.strategy.cs == [0, 1] and copy.batch_size == 2


class Listed(SearchStrategy):
    """The smallest strategy: a fixed list of candidates, one study, no budget."""

    def __init__(self, candidates: Sequence[dict[str, Any]]) -> None:
        self.candidates = list(candidates)

    def __repr__(self) -> str:
        return f"Listed({self.candidates!r})"

    def start(self, open_study: Any) -> list[Study]:
        self.study = open_study("", None)
        self.queue = [dict(c) for c in self.candidates]
        return [self.study]

    def ask(self, n: int) -> list[Candidate]:
        out: list[Candidate] = []
        while self.queue and len(out) < n:
            out.append(Candidate(self.study.ask(), self.queue.pop(0)))
        return out

    def tell(self, batch: Sequence[TellItem]) -> None:
        pass


@pytest.mark.slow
@parametrize_with_checks(
    [
        StrategySearchCV(LogisticRegression(), Listed([{"C": 0.1}, {"C": 1.0}]), cv=2),
        StrategySearchCV(Ridge(), Listed([{"alpha": 0.1}, {"alpha": 10.0}]), cv=2),
    ]
)
@quiet_degenerate_data_notices
def test_sklearn_estimator_checks(estimator: Any, check: Any) -> None:
    check(estimator)
