"""The contract every sampler keeps: values inside their spaces, seeded determinism (also in a
fresh process), conditional spaces, failed and pruned trials in the history, SQL storages."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

import hyperscout
from hyperscout.samplers import BaseSampler, QMCSampler, RandomSampler
from hyperscout.trial import TrialState

SamplerFactory = Callable[[int | None], BaseSampler]


def _factories() -> dict[str, str]:
    # Expressions (not lambdas) so the same sampler can be built in a fresh process.
    found = {
        "random": "hyperscout.samplers.RandomSampler(seed={seed})",
        "qmc": "hyperscout.samplers.QMCSampler(seed={seed})",
        "halton": "hyperscout.samplers.QMCSampler(qmc_type='halton', seed={seed})",
    }
    # A sampler whose module fails to import must fail this suite, not vanish from it.
    import hyperscout.samplers.gp
    import hyperscout.samplers.tpe  # noqa: F401

    found["tpe"] = "hyperscout.samplers.tpe.TPESampler(seed={seed}, n_startup_trials=5)"
    found["tpe-multivariate"] = (
        "hyperscout.samplers.tpe.TPESampler(seed={seed}, n_startup_trials=5, "
        "multivariate=True, group=True)"
    )
    found["gp"] = "hyperscout.samplers.gp.GPSampler(seed={seed}, n_startup_trials=5)"
    return found


FACTORIES = _factories()


def build(name: str, seed: int | None) -> BaseSampler:
    return eval(FACTORIES[name].format(seed=seed), {"hyperscout": hyperscout})  # type: ignore[no-any-return]


def mixed_objective(trial: hyperscout.Trial) -> float:
    a = trial.suggest_float("a", -2, 2)
    b = trial.suggest_float("b", 1e-4, 1, log=True)
    c = trial.suggest_float("c", 0, 1, step=0.25)
    d = trial.suggest_int("d", 1, 64, log=True)
    e = trial.suggest_int("e", 0, 12, step=3)
    f = trial.suggest_categorical("f", ["x", 2, None, 1.5])
    return a**2 + b + c + d / 64 + e / 12 + (0.0 if f == "x" else 1.0)


PARAMS_SCRIPT = """
import json, sys, hyperscout
hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
sys.path.insert(0, {tests!r})
from test_sampler_contract import build, mixed_objective
study = hyperscout.create_study(sampler=build({name!r}, 7))
study.optimize(mixed_objective, n_trials=12)
print(json.dumps([t.params for t in study.trials]))
"""


def _params(name: str, seed: int | None, n: int = 12) -> list[dict[str, Any]]:
    study = hyperscout.create_study(sampler=build(name, seed))
    study.optimize(mixed_objective, n_trials=n)
    return [dict(t.params) for t in study.trials]


@pytest.fixture(params=sorted(FACTORIES))
def sampler_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_values_stay_inside_their_distributions(sampler_name: str) -> None:
    study = hyperscout.create_study(sampler=build(sampler_name, 0))
    study.optimize(mixed_objective, n_trials=20)
    for t in study.trials:
        assert t.state == TrialState.COMPLETE
        for name, dist in t.distributions.items():
            assert dist._contains(dist.to_internal_repr(t.params[name])), (name, t.params)
        assert isinstance(t.params["d"], int) and isinstance(t.params["e"], int)


def test_same_seed_same_sequence_different_seed_different(sampler_name: str) -> None:
    assert _params(sampler_name, 7) == _params(sampler_name, 7)
    assert _params(sampler_name, 7) != _params(sampler_name, 8)


@pytest.mark.slow
def test_determinism_holds_in_a_fresh_process(sampler_name: str) -> None:
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(
        [sys.executable, "-c", PARAMS_SCRIPT.format(tests=here, name=sampler_name)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == _params(sampler_name, 7)


def test_conditional_spaces(sampler_name: str) -> None:
    def objective(trial: hyperscout.Trial) -> float:
        kind = trial.suggest_categorical("kind", ["linear", "tree"])
        if kind == "linear":
            return trial.suggest_float("alpha", 1e-3, 10, log=True)
        return trial.suggest_int("depth", 1, 10) / 10

    study = hyperscout.create_study(sampler=build(sampler_name, 1))
    study.optimize(objective, n_trials=25)
    assert all(t.state == TrialState.COMPLETE for t in study.trials)
    for t in study.trials:
        expected = {"kind", "alpha"} if t.params["kind"] == "linear" else {"kind", "depth"}
        assert set(t.params) == expected


def test_failed_and_pruned_trials_in_the_history(sampler_name: str) -> None:
    def objective(trial: hyperscout.Trial) -> float:
        x = trial.suggest_float("x", 0, 1)
        if trial.number % 3 == 1:
            trial.report(x, 0)
            raise hyperscout.TrialPruned()
        if trial.number % 3 == 2:
            raise ValueError("boom")
        return x

    study = hyperscout.create_study(sampler=build(sampler_name, 2))
    study.optimize(objective, n_trials=24, catch=(ValueError,))
    states = [t.state for t in study.trials]
    assert states.count(TrialState.COMPLETE) == 8 and states.count(TrialState.FAIL) == 8


def test_runs_on_sqlite(sampler_name: str, tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'sampler.db'}"
    study = hyperscout.create_study(storage=url, sampler=build(sampler_name, 4))
    study.optimize(mixed_objective, n_trials=12)
    memory = hyperscout.create_study(sampler=build(sampler_name, 4))
    memory.optimize(mixed_objective, n_trials=12)
    # The same seed gives the same sequence whatever the storage.
    assert [t.params for t in study.trials] == [t.params for t in memory.trials]


def test_known_samplers_are_covered() -> None:
    assert {"random", "qmc"} <= set(FACTORIES)
    assert isinstance(build("random", 0), RandomSampler)
    assert isinstance(build("qmc", 0), QMCSampler)
