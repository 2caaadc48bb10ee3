"""One map from names to samplers (hyperscout.samplers.sampler_from_name), used by the command
line, the scikit-learn estimators and create_study's default."""

from __future__ import annotations

from typing import Any

import pytest

import hyperscout
from hyperscout.cli._optimize import SAMPLERS, _make_sampler
from hyperscout.cli._worker import _sampler as worker_sampler
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.samplers import (
    SAMPLER_NAMES,
    BruteForceSampler,
    GPSampler,
    NSGAIIISampler,
    NSGAIISampler,
    QMCSampler,
    RandomSampler,
    TPESampler,
    sampler_from_name,
)
from hyperscout.sklearn._search import make_sampler

EXPECTED = {
    "gp": GPSampler,
    "tpe": TPESampler,
    "random": RandomSampler,
    "qmc": QMCSampler,
    "bruteforce": BruteForceSampler,
    "nsga2": NSGAIISampler,
    "nsga3": NSGAIIISampler,
    "default": GPSampler,
    "bayes": GPSampler,
}


def _objective(trial: hyperscout.Trial) -> float:
    return trial.suggest_float("x", -1, 1) ** 2 + trial.suggest_int("n", 0, 3)


@pytest.mark.parametrize("name", SAMPLER_NAMES)
def test_every_name_builds_its_sampler(name: str) -> None:
    assert set(SAMPLER_NAMES) == set(EXPECTED)
    assert type(sampler_from_name(name, seed=1)) is EXPECTED[name]
    assert type(sampler_from_name(name.upper(), seed=1)) is EXPECTED[name]


@pytest.mark.parametrize("name", ["random", "qmc", "tpe"])
def test_the_seed_reaches_the_sampler(name: str) -> None:
    def run(seed: int) -> list[dict[str, Any]]:
        study = hyperscout.create_study(sampler=sampler_from_name(name, seed=seed))
        study.optimize(_objective, n_trials=4)
        return [dict(t.params) for t in study.trials]

    assert run(3) == run(3)
    assert run(3) != run(4)


def test_the_default_is_create_study_s_default() -> None:
    default = sampler_from_name(None, seed=0)
    built = hyperscout.create_study().sampler
    assert type(default) is type(built) is GPSampler
    assert type(default._independent_sampler) is type(built._independent_sampler) is TPESampler


def test_options_are_the_sampler_s_arguments() -> None:
    tpe = sampler_from_name("tpe", options={"n_startup_trials": 3})
    assert isinstance(tpe, TPESampler) and tpe._n_startup_trials == 3
    with pytest.raises(InvalidArgumentError, match="options must be arguments of QMCSampler"):
        sampler_from_name("qmc", options={"n_startup_trials": 3})
    with pytest.raises(InvalidArgumentError, match="the default sampler takes no options"):
        sampler_from_name("default", options={"n_startup_trials": 3})


def test_an_unknown_name_lists_the_valid_ones() -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        sampler_from_name("cma")
    message = str(caught.value)
    assert "sampler='cma'" in message
    assert all(repr(name) in message for name in SAMPLER_NAMES)
    with pytest.raises(InvalidTypeError, match="sampler=3"):
        sampler_from_name(3)  # type: ignore[arg-type]


def test_the_front_doors_build_through_the_one_map() -> None:
    assert set(SAMPLERS) <= set(SAMPLER_NAMES)
    for name in SAMPLERS:
        assert type(_make_sampler(name, 0)) is EXPECTED[name]
    assert _make_sampler(None, None) is None
    assert type(_make_sampler(None, 0)) is GPSampler
    for method, expected in [("random", RandomSampler), ("tpe", TPESampler), ("gp", GPSampler)]:
        assert type(worker_sampler(method, 0)) is expected
        assert type(make_sampler(method, 0)) is expected
