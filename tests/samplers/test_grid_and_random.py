"""Grid search runs every point exactly once (also with two processes on one SQLite study);
random search samples lists without replacement and distributions with replacement."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest

import hyperscout
from hyperscout.exceptions import InvalidSpaceError
from hyperscout.samplers import GridSampler, RandomSampler
from hyperscout.trial import TrialState

GRID = {"a": [1, 2, 3], "b": [0.1, 0.2, 0.3, 0.4], "c": ["p", "q", "r", "s", "t"]}


def grid_objective(trial: hyperscout.Trial) -> float:
    a = trial.suggest_int("a", 1, 3)
    b = trial.suggest_float("b", 0.1, 0.4)
    c = trial.suggest_categorical("c", ["p", "q", "r", "s", "t"])
    return a * b + ord(c)


def test_grid_runs_each_point_once_then_stops(storage: Any) -> None:
    study = hyperscout.create_study(storage=storage, sampler=GridSampler(GRID, seed=0))
    study.optimize(grid_objective)  # no n_trials: the grid ends the study
    points = [(t.params["a"], t.params["b"], t.params["c"]) for t in study.trials]
    assert len(points) == 60 and len(set(points)) == 60
    study.optimize(grid_objective, n_trials=10)  # nothing left to run
    assert len(study.trials) == 60
    with pytest.raises(hyperscout.exceptions.SearchSpaceExhausted):
        study.ask()


def test_grid_order_is_seeded() -> None:
    def order(seed: int) -> list[dict[str, Any]]:
        study = hyperscout.create_study(sampler=GridSampler(GRID, seed=seed))
        study.optimize(grid_objective, n_trials=10)
        return [dict(t.params) for t in study.trials]

    assert order(3) == order(3) and order(3) != order(4)


def test_grid_with_threads_still_exactly_once() -> None:
    study = hyperscout.create_study(sampler=GridSampler(GRID))
    study.optimize(grid_objective, n_jobs=4)
    points = {(t.params["a"], t.params["b"], t.params["c"]) for t in study.trials}
    assert len(study.trials) == 60 and len(points) == 60


WORKER = """
import sys, time, hyperscout
hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
grid = {grid!r}
def objective(trial):
    a = trial.suggest_int("a", 1, 3)
    b = trial.suggest_float("b", 0.1, 0.4)
    c = trial.suggest_categorical("c", ["p", "q", "r", "s", "t"])
    time.sleep(0.01)
    return a * b
study = hyperscout.create_study(storage={url!r}, study_name="grid", load_if_exists=True,
                                sampler=hyperscout.samplers.GridSampler(grid, seed={seed}))
study.optimize(objective)
"""


@pytest.mark.slow
@pytest.mark.parametrize("same_seed", [True, False])
def test_grid_with_two_processes_on_one_sqlite_study(tmp_path: Any, same_seed: bool) -> None:
    url = f"sqlite:///{tmp_path / 'grid.db'}"
    hyperscout.create_study(storage=url, study_name="grid")
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(WORKER.format(grid=GRID, url=url, seed=0 if same_seed else i)),
            ],
        )
        for i in range(2)
    ]
    for p in procs:
        assert p.wait(timeout=300) == 0
    trials = hyperscout.load_study(study_name="grid", storage=url).trials
    points = [(t.params["a"], t.params["b"], t.params["c"]) for t in trials]
    assert len(trials) == 60 and len(set(points)) == 60
    assert all(t.state == TrialState.COMPLETE for t in trials)
    assert len({t.system_attrs["hyperscout:worker"] for t in trials}) == 2


def test_grid_rejects_bad_spaces_early() -> None:
    with pytest.raises(InvalidSpaceError, match="must be a non-empty dict"):
        GridSampler({})
    with pytest.raises(InvalidSpaceError, match="the values of 'a' must be a list, got 3"):
        GridSampler({"a": 3})  # type: ignore[dict-item]
    with pytest.raises(InvalidSpaceError, match="parameter 'a': choices must not be empty"):
        GridSampler({"a": []})
    with pytest.raises(InvalidSpaceError, match="so it can be stored"):
        GridSampler({"a": [object()]})


def test_grid_names_a_parameter_it_does_not_have() -> None:
    study = hyperscout.create_study(sampler=GridSampler({"a": [1, 2]}))

    def objective(trial: hyperscout.Trial) -> float:
        trial.suggest_int("a", 1, 2)
        return trial.suggest_float("z", 0, 1)

    with pytest.raises(ValueError, match="'z' is not in the grid"):
        study.optimize(objective)


def test_random_lists_are_sampled_without_replacement_until_exhausted() -> None:
    space = {"a": [1, 2, 3], "c": ["x", "y"]}
    sampler = RandomSampler(seed=0, search_space=space)
    study = hyperscout.create_study(sampler=sampler)

    def objective(trial: hyperscout.Trial) -> float:
        return trial.suggest_int("a", 1, 3) + len(trial.suggest_categorical("c", ["x", "y"]))

    study.optimize(objective, n_trials=4)
    first = [(t.params["a"], t.params["c"]) for t in study.trials]
    assert len(set(first)) == 4
    study.optimize(objective, n_trials=100)  # stops at the 6 points of the product
    points = [(t.params["a"], t.params["c"]) for t in study.trials]
    assert len(points) == 6 and len(set(points)) == 6
    # The order is random (seeded), not the product's order.
    again = hyperscout.create_study(sampler=RandomSampler(seed=0, search_space=space))
    again.optimize(objective)
    assert [(t.params["a"], t.params["c"]) for t in again.trials] == points
    assert points != sorted(points)


def test_random_with_a_distribution_samples_with_replacement() -> None:
    space = {
        "a": [1, 2],
        "x": hyperscout.distributions.FloatDistribution(0, 1),
    }
    study = hyperscout.create_study(sampler=RandomSampler(seed=0, search_space=space))

    def objective(trial: hyperscout.Trial) -> float:
        return trial.suggest_categorical("a", [1, 2]) + trial.suggest_float("x", 0, 1)

    study.optimize(objective, n_trials=30)
    assert len(study.trials) == 30  # no exhaustion: draws are independent
    assert {t.params["a"] for t in study.trials} == {1, 2}


def test_random_search_space_is_validated() -> None:
    with pytest.raises(InvalidSpaceError, match="choices must not be empty"):
        RandomSampler(search_space={"a": [], "x": hyperscout.distributions.FloatDistribution(0, 1)})
    with pytest.raises(ValueError, match="non-empty dict"):
        RandomSampler(search_space={})
