"""The live Trial: suggestions within their spaces, re-suggestion, reports, FixedTrial."""

from __future__ import annotations

import pytest

import hyperscout
from hyperscout.exceptions import InvalidSpaceError
from hyperscout.samplers import RandomSampler
from hyperscout.storages import BaseStorage
from hyperscout.trial import FixedTrial, FrozenTrial, TrialState


def test_suggestions_respect_their_spaces(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage, sampler=RandomSampler(seed=3))
    for _ in range(30):
        t = study.ask()
        a = t.suggest_float("a", -1, 1)
        b = t.suggest_float("b", 1e-4, 1, log=True)
        c = t.suggest_float("c", 0, 1, step=0.25)
        d = t.suggest_int("d", 1, 1000, log=True)
        e = t.suggest_int("e", 0, 12, step=3)
        f = t.suggest_categorical("f", ["x", 2, None])
        assert -1 <= a <= 1 and 1e-4 <= b <= 1
        assert c in (0, 0.25, 0.5, 0.75, 1.0)
        assert isinstance(d, int) and 1 <= d <= 1000
        assert e in (0, 3, 6, 9, 12)
        assert f in ("x", 2, None)
        study.tell(t, 0.0)
    assert all(t.state == TrialState.COMPLETE for t in study.trials)


def test_same_name_in_one_trial_returns_the_same_value() -> None:
    study = hyperscout.create_study(sampler=RandomSampler(seed=0))
    t = study.ask()
    x = t.suggest_float("x", 0, 1)
    assert t.suggest_float("x", 0, 1) == x
    with pytest.raises(ValueError, match="kind of distribution"):
        t.suggest_int("x", 0, 1)


def test_bad_space_fails_before_anything_is_stored() -> None:
    study = hyperscout.create_study()

    def objective(trial: hyperscout.Trial) -> float:
        return trial.suggest_float("x", 5, 1)

    with pytest.raises(InvalidSpaceError, match="low must be <= high, got low=5, high=1"):
        study.optimize(objective, n_trials=1)
    assert study.trials[0].state == TrialState.FAIL
    assert study.trials[0].params == {}


def test_single_value_spaces_are_not_sampled() -> None:
    study = hyperscout.create_study(sampler=RandomSampler(seed=0))
    t = study.ask()
    assert t.suggest_float("x", 2.5, 2.5) == 2.5
    assert t.suggest_int("n", 7, 7) == 7
    assert t.suggest_categorical("c", ["only"]) == "only"


def test_frozen_trial_copies_are_settable_and_the_stored_trial_is_not_changed() -> None:
    study = hyperscout.create_study(sampler=RandomSampler(seed=0))
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
    frozen: FrozenTrial = study.trials[0]
    frozen.number = 3
    frozen.value = 7.0
    assert (frozen.number, frozen.values) == (3, (7.0,))
    assert study.trials[0].number == 0 and study.trials[0].value != 7.0
    best = study.best_trial
    best.params = {"x": 0.5}
    assert best.internal_params == {"x": 0.5}
    assert study.best_trial.params != {"x": 0.5}
    with pytest.raises(TypeError, match="immutable"):
        frozen.params["x"] = 2.0  # type: ignore[index]
    copy = dict(frozen.params)
    copy["x"] = 2.0
    assert study.trials[0].params != copy


def test_fixed_trial_replays_an_objective() -> None:
    def objective(trial: hyperscout.trial.BaseTrial) -> float:
        x = trial.suggest_float("x", 0, 10)
        kind = trial.suggest_categorical("kind", ["a", "b"])
        return x * (2 if kind == "b" else 1)

    assert objective(FixedTrial({"x": 3.0, "kind": "b"})) == 6.0
    with pytest.raises(ValueError, match="not among the fixed params"):
        objective(FixedTrial({"x": 3.0}))
    with pytest.warns(UserWarning, match="not a value of"):  # Optuna warns and replays it
        assert objective(FixedTrial({"x": 30.0, "kind": "a"})) == 30.0


def test_report_rules() -> None:
    study = hyperscout.create_study()
    t = study.ask()
    t.report(0.5, 0)
    with pytest.warns(UserWarning, match="already reported"):
        t.report(0.7, 0)
    with pytest.raises(TypeError, match="step must be an int"):
        t.report(0.5, 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="value must be a number"):
        t.report("high", 2)  # type: ignore[arg-type]
    assert study.trials[0].intermediate_values == {0: 0.5}
    assert t.should_prune() is False  # NopPruner by default
