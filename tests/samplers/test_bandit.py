"""BanditSampler: Thompson sampling between the GP and the TPE, recorded on the trials."""

from __future__ import annotations

import math
from typing import Any

import pytest

import hyperscout
from hyperscout.distributions import FloatDistribution
from hyperscout.exceptions import InvalidArgumentError
from hyperscout.samplers._bandit import PROPOSER_ATTR, BanditSampler
from hyperscout.trial import FrozenTrial, TrialState, create_trial

hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
X = FloatDistribution(-5.0, 5.0)


def _scripted(good: str, n: int = 40) -> hyperscout.Study:
    """10 startup trials, then trials alternating between the proposers, where every trial of
    ``good`` is a new best and every trial of the other is the worst so far."""
    study = hyperscout.create_study(sampler=BanditSampler(seed=0))
    for i in range(10):
        study.add_trial(
            create_trial(
                value=10.0 + i,
                params={"x": 0.0},
                distributions={"x": X},
                system_attrs={PROPOSER_ATTR: "startup"},
            )
        )
    for i in range(n):
        arm = ("gp", "tpe")[i % 2]
        value = 5.0 - i if arm == good else 100.0 + i
        study.add_trial(
            create_trial(
                value=value,
                params={"x": 0.0},
                distributions={"x": X},
                system_attrs={PROPOSER_ATTR: arm},
            )
        )
    return study


def _asked(study: hyperscout.Study) -> FrozenTrial:
    """The record of a newly asked trial."""
    study.ask()
    return study.get_trials(deepcopy=False, states=(TrialState.RUNNING,))[-1]


def _quadratic(trial: hyperscout.Trial) -> float:
    return (trial.suggest_float("x", -5, 5) - 1.0) ** 2 + trial.suggest_float("y", -5, 5) ** 2


@pytest.mark.parametrize("good", ["gp", "tpe"])
def test_the_choice_shifts_to_the_proposer_whose_trials_score_better(good: str) -> None:
    study = _scripted(good)
    sampler = BanditSampler(seed=0)
    post = sampler.posterior(study, before=len(study.trials))
    bad = "tpe" if good == "gp" else "gp"
    a_good, b_good = post[good]
    a_bad, b_bad = post[bad]
    assert a_good / (a_good + b_good) > 0.8 > 0.2 > a_bad / (a_bad + b_bad)
    trial = _asked(study)
    choices = [BanditSampler(seed=s).choose(study, trial) for s in range(100)]
    assert choices.count(good) >= 95


def test_a_mixed_history_keeps_both_proposers_in_play() -> None:
    study = hyperscout.create_study(sampler=BanditSampler(seed=0))
    for i in range(30):
        arm = "startup" if i < 10 else ("gp", "tpe")[i % 2]
        study.add_trial(
            create_trial(
                value=float((i * 7) % 11),
                params={"x": 0.0},
                distributions={"x": X},
                system_attrs={PROPOSER_ATTR: arm},
            )
        )
    trial = _asked(study)
    choices = [BanditSampler(seed=s).choose(study, trial) for s in range(200)]
    assert 40 <= choices.count("gp") <= 160


def test_older_outcomes_count_less() -> None:
    study = _scripted("gp", n=20)
    # From now on the TPE's trials are the better ones: the choice follows them.
    for i in range(20):
        arm = ("gp", "tpe")[i % 2]
        value = -100.0 - i if arm == "tpe" else 1000.0 + i
        study.add_trial(
            create_trial(
                value=value,
                params={"x": 0.0},
                distributions={"x": X},
                system_attrs={PROPOSER_ATTR: arm},
            )
        )
    post = BanditSampler(seed=0).posterior(study, before=len(study.trials))
    assert post["tpe"][0] > post["gp"][0]
    # Ten successes each without discounting: only the discount tells the recent ones apart.
    undiscounted = BanditSampler(seed=0, discount=1.0).posterior(study, before=len(study.trials))
    assert undiscounted["gp"][0] == undiscounted["tpe"][0] == 11.0


def test_every_trial_records_its_proposer_and_seeded_runs_repeat() -> None:
    def run() -> tuple[list[Any], list[str]]:
        study = hyperscout.create_study(sampler=BanditSampler(seed=3))
        study.optimize(_quadratic, n_trials=24)
        return [t.params for t in study.trials], [
            t.system_attrs[PROPOSER_ATTR] for t in study.trials
        ]

    params, arms = run()
    assert (params, arms) == run()
    assert arms[:10] == ["startup"] * 10
    assert set(arms[10:]) <= {"gp", "tpe"}


def test_the_choice_survives_a_reload_from_storage(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'bandit.db'}"
    first = hyperscout.create_study(storage=url, study_name="s", sampler=BanditSampler(seed=5))
    first.optimize(_quadratic, n_trials=20)
    arms = [t.system_attrs[PROPOSER_ATTR] for t in first.trials]
    # A new process: a fresh sampler on the stored study sees the same record and choices.
    again = hyperscout.load_study(study_name="s", storage=url, sampler=BanditSampler(seed=5))
    assert [t.system_attrs[PROPOSER_ATTR] for t in again.trials] == arms
    before = len(arms)
    assert BanditSampler(seed=5).posterior(again, before) == BanditSampler(seed=5).posterior(
        first, before
    )
    trial = _asked(again)
    assert BanditSampler(seed=5).choose(again, trial) == BanditSampler(seed=5).choose(first, trial)


def test_conditional_parameters_are_sampled_by_the_tpe() -> None:
    def objective(trial: hyperscout.Trial) -> float:
        x = trial.suggest_float("x", -3, 3)
        if trial.suggest_categorical("kind", ["a", "b"]) == "a":
            return x**2 + trial.suggest_float("a", 0, 1)
        return x**2 + trial.suggest_int("b", 0, 4)

    study = hyperscout.create_study(sampler=BanditSampler(seed=0))
    study.optimize(objective, n_trials=25)
    assert all(math.isfinite(t.value) for t in study.trials)


def test_maximisation_counts_higher_values_as_successes() -> None:
    study = hyperscout.create_study(direction="maximize", sampler=BanditSampler(seed=0))
    for i in range(30):
        arm = "startup" if i < 10 else ("gp", "tpe")[i % 2]
        value = float(i) if arm == "gp" else -float(i)
        study.add_trial(
            create_trial(
                value=value,
                params={"x": 0.0},
                distributions={"x": X},
                system_attrs={PROPOSER_ATTR: arm},
            )
        )
    post = BanditSampler(seed=0).posterior(study, before=30)
    assert post["gp"][0] > post["tpe"][0]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"seed": 1.5},
        {"gp": "gp"},
        {"n_startup_trials": -1},
        {"quantile": 1.0},
        {"quantile": 0.0},
        {"discount": 0.0},
        {"discount": 1.5},
    ],
)
def test_invalid_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgumentError):
        BanditSampler(**kwargs)
