"""Score against cost in the Keras tuners: ``budgets=`` and ``get_pareto_front`` (real fits)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import hyperscout.keras as kt
from hyperscout.trial import TrialState

# n_params of the conftest model: 64*u + u (first layer) + 10*u + 10 (output) = 75u + 10,
# so units 8/16/24/32 give 610/1210/1810/2410; a budget of 1300 admits units 8 and 16.
BUDGET = 1300.0


def _search(tuner, digits, epochs: int = 2) -> None:  # type: ignore[no-untyped-def]
    x, y, xv, yv = digits
    tuner.search(x, y, epochs=epochs, validation_data=(xv, yv), verbose=0)


def _dominated(a: kt.Trial, b: kt.Trial, costs: list[str]) -> bool:
    """``b`` dominates ``a`` (scores maximised, costs minimised)."""
    no_worse = b.score >= a.score and all(b.costs[c] <= a.costs[c] for c in costs)
    better = b.score > a.score or any(b.costs[c] < a.costs[c] for c in costs)
    return no_worse and better


def test_budget_makes_the_best_trial_the_best_within_it(tmp_path, digits, build_model) -> None:  # type: ignore[no-untyped-def]
    tuner = kt.RandomSearch(
        build_model, objective="val_accuracy", max_trials=8, seed=3, pruner=None,
        directory=tmp_path, project_name="b", budgets={"n_params": BUDGET},
    )
    _search(tuner, digits)
    done = tuner.study.get_trials(states=(TrialState.COMPLETE,))
    sizes = {t.user_attrs["n_params"] for t in done}
    assert min(sizes) <= BUDGET < max(sizes), sizes  # the seed gives both kinds of trial
    for t in done:  # the excess over the budget is the stored constraint
        assert t.constraints == (t.user_attrs["n_params"] - BUDGET,)

    inside = [t for t in done if t.user_attrs["n_params"] <= BUDGET]
    ranked = tuner.oracle.get_best_trials(len(done))
    n_in = len(inside)
    assert all(t.costs["n_params"] <= BUDGET for t in ranked[:n_in])
    assert all(t.costs["n_params"] > BUDGET for t in ranked[n_in:])
    for part in (ranked[:n_in], ranked[n_in:]):
        assert [t.score for t in part] == sorted((t.score for t in part), reverse=True)
    best_hp = tuner.get_best_hyperparameters(1)[0]
    assert best_hp.values == ranked[0].hyperparameters.values
    assert ranked[0].score == max(t.value for t in inside)


def test_pareto_front_of_score_and_size(tmp_path, digits, build_model, capsys) -> None:  # type: ignore[no-untyped-def]
    tuner = kt.RandomSearch(
        build_model, objective="val_accuracy", max_trials=8, seed=5, pruner=None,
        directory=tmp_path, project_name="f",
    )
    _search(tuner, digits)
    done = [tuner.oracle.get_trial(t.number) for t in tuner.study.trials]
    for costs in (["n_params"], ["n_params", "latency_per_1k"]):
        front = tuner.get_pareto_front(costs)
        ids = {t.trial_id for t in front}
        assert front and [t.score for t in front] == sorted((t.score for t in front), reverse=True)
        for t in done:  # on the front exactly when no trial dominates it
            assert (t.trial_id in ids) == (not any(_dominated(t, o, costs) for o in done))
    # The best-scoring trial is on every front; the smallest model on the size front.
    assert front[0].score == max(t.score for t in done)
    smallest = min(t.costs["n_params"] for t in done)
    assert min(t.costs["n_params"] for t in tuner.get_pareto_front("n_params")) == smallest
    assert all(math.isfinite(v) and v > 0 for t in front for v in t.costs.values())

    tuner.results_summary(1)
    assert "Costs: n_params=" in capsys.readouterr().out


def test_no_trial_within_budget_ranks_by_excess_and_warns(tmp_path, digits, build_model) -> None:  # type: ignore[no-untyped-def]
    tuner = kt.RandomSearch(
        build_model, objective="val_accuracy", max_trials=4, seed=1, pruner=None,
        directory=tmp_path, project_name="w", budgets={"n_params": 100.0},
    )
    _search(tuner, digits, epochs=1)
    with pytest.warns(UserWarning, match="no completed trial is within budgets"):
        ranked = tuner.oracle.get_best_trials(4)
    sizes = [t.costs["n_params"] for t in ranked]
    assert sizes == sorted(sizes)
    # The front falls back to every completed trial: its smallest model is the least excess.
    assert tuner.get_pareto_front("n_params")[-1].costs["n_params"] == sizes[0]


def test_bayesian_and_hyperband_samplers_model_the_budget(tmp_path, digits, build_model) -> None:  # type: ignore[no-untyped-def]
    bayes = kt.BayesianOptimization(
        build_model, objective="val_accuracy", max_trials=5, num_initial_points=2, seed=0,
        pruner=None, directory=tmp_path, project_name="gp", budgets={"n_params": BUDGET},
    )
    assert bayes.study.sampler._constraints_func is not None
    _search(bayes, digits, epochs=1)
    done = bayes.study.get_trials(states=(TrialState.COMPLETE,))
    assert len(done) == 5 and all(t.constraints is not None for t in done)
    band = kt.Hyperband(
        build_model, objective="val_accuracy", max_epochs=2, factor=2, seed=0,
        directory=tmp_path, project_name="hb", budgets={"latency_per_1k": 10.0},
    )
    assert band.study.sampler._constraints_func is not None
    plain = kt.BayesianOptimization(
        build_model, objective="val_accuracy", max_trials=1, directory=tmp_path,
        project_name="plain",
    )
    assert plain.study.sampler._constraints_func is None


def test_resume_keeps_the_budgets_it_was_made_with(tmp_path, digits, build_model) -> None:  # type: ignore[no-untyped-def]
    args = dict(objective="val_accuracy", seed=0, directory=tmp_path, project_name="r", pruner=None)
    _search(kt.RandomSearch(build_model, max_trials=1, budgets={"n_params": BUDGET}, **args), digits, 1)
    again = kt.RandomSearch(build_model, max_trials=2, budgets={"n_params": BUDGET}, **args)
    _search(again, digits, 1)
    assert len(again.study.trials) == 2
    with pytest.raises(ValueError, match=r"made with budgets=\{'n_params': 1300.0\}, got budgets=\{\}"):
        kt.RandomSearch(build_model, max_trials=3, **args)
    fresh = kt.RandomSearch(build_model, max_trials=1, overwrite=True, **args)
    assert fresh.oracle.budgets == {}


def test_latency_budget_needs_array_inputs(tmp_path, build_model) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    x = rng.random((64, 64), dtype=np.float32)
    y = rng.integers(0, 10, 64)

    class Batches(kt.HyperModel):
        def build(self, hp):  # type: ignore[no-untyped-def]
            return build_model(hp)

        def fit(self, hp, model, data, **kwargs):  # type: ignore[no-untyped-def]
            return model.fit(x, y, epochs=1, verbose=0)

    tuner = kt.RandomSearch(
        Batches(), objective="loss", max_trials=1, directory=tmp_path, project_name="l",
        budgets={"latency_per_1k": 1.0},
    )
    with pytest.raises(ValueError, match="latency_per_1k budget needs the training inputs as an array"):
        tuner.search(iter([x]))


def test_bad_budgets_and_costs(tmp_path, build_model) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=r"budgets keys must be costs from \['n_params', 'latency_per_1k'\], got 'size_bytes'"):
        kt.RandomSearch(build_model, objective="val_accuracy", budgets={"size_bytes": 1})
    with pytest.raises(ValueError, match="a budget must be a finite number >= 0, got 'n_params': -1"):
        kt.RandomSearch(build_model, objective="val_accuracy", budgets={"n_params": -1})
    with pytest.raises(TypeError, match="budgets must be a dict"):
        kt.RandomSearch(build_model, objective="val_accuracy", budgets=[("n_params", 1)])
    tuner = kt.RandomSearch(build_model, objective="val_accuracy", directory=tmp_path)
    with pytest.raises(ValueError, match=r"costs must be distinct names from .*got costs='n_trees'"):
        tuner.get_pareto_front("n_trees")
