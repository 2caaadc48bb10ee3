"""The contract every sampler keeps (hyperscout.testing.SamplerContract) run on every built-in
sampler, the grid included, plus seeded determinism in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

import hyperscout
from hyperscout.samplers import BaseSampler, QMCSampler, RandomSampler
from hyperscout.testing import CONTRACT_PARAMETERS, SamplerContract, mixed_objective

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


PARAMS_SCRIPT = """
import json, sys, hyperscout
hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
sys.path.insert(0, {tests!r})
from test_sampler_contract import build
from hyperscout.testing import mixed_objective
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


def _contract_for(name: str) -> type[SamplerContract]:
    def make_sampler(self: SamplerContract, seed: int | None) -> BaseSampler:
        return build(name, seed)

    return type(f"Test{name.title().replace('-', '')}Contract", (SamplerContract,), {
        "make_sampler": make_sampler
    })


# The exported contract suite (hyperscout.testing.SamplerContract) on every built-in sampler.
for _name in FACTORIES:
    _cls = _contract_for(_name)
    globals()[_cls.__name__] = _cls


class TestGridSamplerContract(SamplerContract):
    def make_sampler(self, seed: int | None) -> BaseSampler:
        return hyperscout.samplers.GridSampler(CONTRACT_PARAMETERS, seed=seed)


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


def test_known_samplers_are_covered() -> None:
    assert {"random", "qmc"} <= set(FACTORIES)
    assert isinstance(build("random", 0), RandomSampler)
    assert isinstance(build("qmc", 0), QMCSampler)
