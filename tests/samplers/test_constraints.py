"""Constraints (Optuna's ``constraints_func``): stored per trial, preferred by best_trial(s),
and used by the TPE and GP samplers to steer proposals into the feasible region."""

from __future__ import annotations

from typing import Any

import pytest

import hyperscout
from hyperscout.distributions import FloatDistribution
from hyperscout.samplers import GPSampler, TPESampler
from hyperscout.storages import BaseStorage
from hyperscout.trial import FrozenTrial, TrialState


def _cons(t: FrozenTrial) -> list[float]:
    return [2.0 - t.params["x"]]  # feasible when x >= 2


def _objective(t: hyperscout.Trial) -> float:
    x = t.suggest_float("x", -5.0, 5.0)
    y = t.suggest_float("y", -5.0, 5.0)
    return x * x + y * y  # unconstrained optimum at 0, infeasible


@pytest.mark.parametrize("make", [lambda: TPESampler(seed=0, constraints_func=_cons)])
def test_constraints_are_stored_on_every_trial(storage: BaseStorage, make: Any) -> None:
    study = hyperscout.create_study(storage=storage, sampler=make())
    study.optimize(_objective, n_trials=15)
    for t in study.trials:
        assert t.constraints == pytest.approx((2.0 - t.params["x"],))
        assert t.system_attrs["constraints"] == pytest.approx([2.0 - t.params["x"]])
    best = study.best_trial
    assert best.params["x"] >= 2.0
    assert best.value == min(t.value for t in study.trials if t.params["x"] >= 2.0)


def test_constraints_func_sees_the_final_values() -> None:
    seen: list[tuple[float, ...] | None] = []

    def cons(t: FrozenTrial) -> list[float]:
        seen.append(t.values)
        return [t.values[0] - 1.0] if t.values else [0.0]

    study = hyperscout.create_study(sampler=TPESampler(seed=1, constraints_func=cons))
    study.optimize(lambda t: t.suggest_float("x", 0.0, 2.0), n_trials=5)
    assert seen == [t.values for t in study.trials]


def test_create_trial_constraints_and_best_trial_prefers_feasible(storage: BaseStorage) -> None:
    dist = {"x": FloatDistribution(0.0, 10.0)}
    study = hyperscout.create_study(storage=storage)
    study.add_trial(
        hyperscout.create_trial(value=0.0, params={"x": 0.0}, distributions=dist, constraints=[1.0])
    )
    study.add_trial(
        hyperscout.create_trial(
            value=3.0, params={"x": 3.0}, distributions=dist, constraints=[-1.0, 0.0]
        )
    )
    study.add_trial(hyperscout.create_trial(value=5.0, params={"x": 5.0}, distributions=dist))
    assert study.trials[0].constraints == (1.0,)
    assert study.trials[2].constraints is None
    assert study.best_trial.number == 1
    assert [t.number for t in study.best_trials] == [1]


def test_best_trial_without_a_feasible_trial_raises() -> None:
    study = hyperscout.create_study()
    study.add_trial(hyperscout.create_trial(value=0.0, constraints=[0.5]))
    with pytest.raises(ValueError, match="no feasible COMPLETE trial"):
        _ = study.best_trial
    assert study.best_trials == []


def test_best_trials_of_several_objectives_leave_infeasible_trials_out() -> None:
    study = hyperscout.create_study(directions=["minimize", "minimize"])
    study.add_trial(hyperscout.create_trial(values=[0.0, 0.0], constraints=[1.0]))
    study.add_trial(hyperscout.create_trial(values=[1.0, 2.0], constraints=[0.0]))
    study.add_trial(hyperscout.create_trial(values=[2.0, 1.0]))
    study.add_trial(hyperscout.create_trial(values=[3.0, 3.0], constraints=[-1.0]))
    assert sorted(t.number for t in study.best_trials) == [1, 2]


def test_create_trial_rejects_nan_constraints() -> None:
    with pytest.raises(ValueError, match="NaN"):
        hyperscout.create_trial(value=1.0, constraints=[float("nan")])


def test_nan_from_constraints_func_is_an_error() -> None:
    study = hyperscout.create_study(sampler=TPESampler(constraints_func=lambda t: [float("nan")]))
    with pytest.raises(ValueError, match="NaN"):
        study.optimize(lambda t: t.suggest_float("x", 0.0, 1.0), n_trials=1)


def _n_feasible_late(sampler: Any, n_trials: int, last: int) -> int:
    study = hyperscout.create_study(sampler=sampler)
    study.optimize(_objective, n_trials=n_trials)
    return sum(t.params["x"] >= 2.0 for t in study.trials[-last:])


def test_constrained_tpe_proposes_feasible_points() -> None:
    with_c = _n_feasible_late(TPESampler(seed=0, constraints_func=_cons), 60, 30)
    without = _n_feasible_late(TPESampler(seed=0), 60, 30)
    # The optimum is on the boundary x = 2, so about half the late proposals straddle it.
    assert with_c >= 12
    assert with_c >= without + 10


def test_constrained_gp_proposes_feasible_points() -> None:
    with_c = _n_feasible_late(GPSampler(seed=0, constraints_func=_cons), 25, 12)
    without = _n_feasible_late(GPSampler(seed=0), 25, 12)
    assert with_c >= 9
    assert with_c >= without + 6


def test_constrained_gp_finds_the_constrained_optimum() -> None:
    study = hyperscout.create_study(sampler=GPSampler(seed=0, constraints_func=_cons))
    study.optimize(_objective, n_trials=25)
    assert study.best_trial.params["x"] >= 2.0
    assert study.best_value < 4.0 + 0.5  # optimum 4 at x=2, y=0


def test_constraints_func_must_be_callable() -> None:
    with pytest.raises(TypeError, match="constraints_func must be None or a callable"):
        TPESampler(constraints_func=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="constraints_func must be None or a callable"):
        GPSampler(constraints_func="no")  # type: ignore[arg-type]


def test_pruned_and_failed_trials() -> None:
    calls: list[TrialState] = []

    def cons(t: FrozenTrial) -> list[float]:
        calls.append(t.state)
        return [0.0]

    def objective(t: hyperscout.Trial) -> float:
        x = t.suggest_float("x", 0.0, 1.0)
        if t.number == 1:
            raise hyperscout.TrialPruned()
        if t.number == 2:
            raise RuntimeError("boom")
        return x

    study = hyperscout.create_study(sampler=TPESampler(constraints_func=cons))
    study.optimize(objective, n_trials=3, catch=(RuntimeError,))
    assert calls == [TrialState.COMPLETE, TrialState.PRUNED]
    assert study.trials[2].constraints is None
