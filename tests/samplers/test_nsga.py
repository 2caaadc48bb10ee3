"""NSGA-II / NSGA-III: generations stored in the storage (several processes, a restart),
elite selection, crossovers, constraints."""

from __future__ import annotations

import datetime
import math
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import hyperscout
from hyperscout.samplers import NSGAIIISampler, NSGAIISampler
from hyperscout.samplers.nsga import (
    BaseCrossover,
    BLXAlphaCrossover,
    SBXCrossover,
    SPXCrossover,
    UNDXCrossover,
    UniformCrossover,
    VSBXCrossover,
)
from hyperscout.samplers.nsga._selection import das_dennis, fronts, select_nsga2, select_nsga3
from hyperscout.trial import FrozenTrial, TrialState

CROSSOVERS = [
    UniformCrossover(),
    BLXAlphaCrossover(),
    SBXCrossover(),
    SPXCrossover(),
    UNDXCrossover(),
    VSBXCrossover(),
]


def _zdt1(t: hyperscout.Trial) -> tuple[float, float]:
    x = np.array([t.suggest_float(f"x{i}", 0.0, 1.0) for i in range(5)])
    g = 1.0 + 9.0 * x[1:].mean()
    return float(x[0]), float(g * (1.0 - math.sqrt(x[0] / g)))


def _mixed(t: hyperscout.Trial) -> tuple[float, float]:
    a = t.suggest_float("a", 1e-3, 10.0, log=True)
    b = t.suggest_int("b", 1, 20)
    c = t.suggest_int("c", 0, 10, step=2)
    d = t.suggest_float("d", 0.0, 1.0, step=0.1)
    k = t.suggest_categorical("k", ["p", "q", "r"])
    return a + b + (k == "q"), -(c + d)


def _hv(study: hyperscout.Study, ref: list[float]) -> float:
    return hyperscout.hypervolume([t.values for t in study.best_trials], ref)


@pytest.mark.parametrize("cls", [NSGAIISampler, NSGAIIISampler])
def test_sequential_generations_have_exactly_population_size_trials(cls: Any) -> None:
    study = hyperscout.create_study(
        directions=["minimize", "minimize"], sampler=cls(population_size=10, seed=0)
    )
    study.optimize(_zdt1, n_trials=45)
    key = f"{cls._prefix}:generation"
    gens = [t.system_attrs[key] for t in study.trials]
    assert gens == [i // 10 for i in range(45)]
    attrs = study.system_attrs
    for g in range(4):
        elite = attrs[f"{cls._prefix}:elite:{g}"]
        assert len(elite) == len(set(elite)) == 10
        assert all(gens[n] <= g for n in elite)
    for t in study.trials[10:]:
        parents = t.system_attrs.get(f"{cls._prefix}:parents")
        assert parents is not None
        g = t.system_attrs[key]
        assert set(parents) <= set(attrs[f"{cls._prefix}:elite:{g - 1}"])


@pytest.mark.parametrize("cls", [NSGAIISampler, NSGAIIISampler])
def test_seed_makes_the_run_deterministic(cls: Any) -> None:
    def run(seed: int) -> list[dict[str, Any]]:
        study = hyperscout.create_study(
            directions=["minimize", "minimize"], sampler=cls(population_size=8, seed=seed)
        )
        study.optimize(_mixed, n_trials=40)
        return [dict(t.params) for t in study.trials]

    assert run(3) == run(3)
    assert run(3) != run(4)


@pytest.mark.parametrize("crossover", CROSSOVERS, ids=str)
def test_every_crossover_keeps_children_in_the_space_and_improves_on_random(
    crossover: BaseCrossover,
) -> None:
    study = hyperscout.create_study(
        directions=["minimize", "maximize"],
        sampler=NSGAIISampler(population_size=10, seed=1, crossover=crossover),
    )
    study.optimize(_mixed, n_trials=60)
    for t in study.trials:
        for name, dist in t.distributions.items():
            assert dist._contains(dist.to_internal_repr(t.params[name]))
    assert any("nsga2:parents" in t.system_attrs for t in study.trials)


def test_nsga2_beats_random_on_zdt1() -> None:
    ref = [1.1, 11.0]
    hv = {}
    for name, sampler in [
        ("nsga", NSGAIISampler(population_size=20, seed=0)),
        ("random", hyperscout.samplers.RandomSampler(seed=0)),
    ]:
        study = hyperscout.create_study(directions=["minimize", "minimize"], sampler=sampler)
        study.optimize(_zdt1, n_trials=300)
        hv[name] = _hv(study, ref)
    assert hv["nsga"] > hv["random"] + 0.3


def test_constraints_steer_the_population_to_feasibility() -> None:
    def cons(t: FrozenTrial) -> list[float]:
        return [0.5 - t.params["x0"]]  # feasible when x0 >= 0.5

    sampler = NSGAIISampler(population_size=10, seed=0, constraints_func=cons)
    study = hyperscout.create_study(directions=["minimize", "minimize"], sampler=sampler)
    study.optimize(_zdt1, n_trials=80)
    assert all(t.constraints is not None for t in study.trials)
    late = study.trials[-20:]
    assert sum(t.params["x0"] >= 0.5 for t in late) >= 15
    assert all(t.params["x0"] >= 0.5 for t in study.best_trials)
    elite = study.system_attrs["nsga2:elite:6"]
    assert all(study.trials[n].params["x0"] >= 0.5 for n in elite)


def test_selection_prefers_fronts_then_crowding_and_feasibility() -> None:
    loss = np.array([[0.0, 3.0], [1.0, 2.0], [2.0, 1.0], [3.0, 0.0], [1.5, 1.6], [4.0, 4.0]])
    viol = np.zeros(6)
    assert [sorted(f.tolist()) for f in fronts(loss, viol)] == [[0, 1, 2, 3, 4], [5]]
    # The ends of the front have infinite crowding distance and are kept first.
    assert set(select_nsga2(loss, viol, 2).tolist()) == {0, 3}
    viol = np.array([0.0, 0.0, 0.0, 0.0, 2.0, 1.0])
    assert [sorted(f.tolist()) for f in fronts(loss, viol)] == [[0, 1, 2, 3], [5], [4]]
    assert sorted(select_nsga2(loss, viol, 5).tolist()) == [0, 1, 2, 3, 5]


def test_das_dennis_and_nsga3_niching() -> None:
    refs = das_dennis(3, 3)
    assert refs.shape == (10, 3)
    assert np.allclose(refs.sum(axis=1), 1.0)
    assert das_dennis(5, 3).shape == (math.comb(7, 4), 5)
    # A crowded cluster and a few spread points, all on one front: niching keeps the spread.
    rng = np.random.default_rng(0)
    cluster = np.column_stack([0.5 + 0.01 * rng.random(20), np.zeros(20)])
    cluster[:, 1] = 1.0 - cluster[:, 0]
    spread = np.array([[0.0, 1.0], [0.2, 0.8], [0.8, 0.2], [1.0, 0.0]])
    loss = np.vstack([cluster, spread])
    chosen = select_nsga3(loss, np.zeros(len(loss)), 6, das_dennis(2, 5), np.random.RandomState(0))
    assert set(range(20, 24)) <= set(chosen.tolist())


def test_nsga3_reference_points_argument() -> None:
    refs = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
    sampler = NSGAIIISampler(population_size=6, seed=0, reference_points=refs)
    study = hyperscout.create_study(directions=["minimize", "minimize"], sampler=sampler)
    study.optimize(_zdt1, n_trials=24)
    assert len(study.system_attrs["nsga3:elite:2"]) == 6
    with pytest.raises(ValueError, match="one column per objective"):
        bad = NSGAIIISampler(population_size=4, reference_points=np.ones((3, 3)))
        study = hyperscout.create_study(directions=["minimize", "minimize"], sampler=bad)
        study.optimize(_zdt1, n_trials=8)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"population_size": 1}, "population_size must be >= 2, got population_size=1"),
        ({"mutation_prob": 1.5}, "mutation_prob must be None or a number in [0, 1]"),
        ({"crossover_prob": -0.1}, "crossover_prob must be a number in [0, 1]"),
        ({"swapping_prob": 2}, "swapping_prob must be a number in [0, 1]"),
        ({"population_size": 2, "crossover": SPXCrossover()}, "population_size must be >= 3"),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as err:
        NSGAIISampler(**kwargs)
    assert message in str(err.value)
    with pytest.raises(TypeError, match="crossover must be None or a BaseCrossover"):
        NSGAIISampler(crossover="sbx")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="eta must be None or a number > 0"):
        SBXCrossover(eta=0)
    with pytest.raises(ValueError, match=r"use_child_gene_prob must be a number in \(0, 1\]"):
        VSBXCrossover(use_child_gene_prob=0.0)


def test_failed_trials_do_not_fill_a_generation() -> None:
    def objective(t: hyperscout.Trial) -> tuple[float, float]:
        if t.number % 3 == 0:
            raise RuntimeError("boom")
        return _zdt1(t)

    study = hyperscout.create_study(
        directions=["minimize", "minimize"], sampler=NSGAIISampler(population_size=6, seed=0)
    )
    study.optimize(objective, n_trials=30, catch=(RuntimeError,))
    complete = Counter(
        t.system_attrs["nsga2:generation"] for t in study.trials if t.state == TrialState.COMPLETE
    )
    full = [g for g in sorted(complete) if f"nsga2:elite:{g}" in study.system_attrs]
    assert full and all(complete[g] == 6 for g in full)


def test_a_worker_whose_elite_was_stored_second_breeds_from_the_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Workers a and b both find generation 1 full and its elite not yet stored. While a is
    # selecting, b selects a different elite (rigged: the complement of the true one), stores it
    # and breeds four children from it; then a's selection ends. The first elite stored is the
    # generation's: a must not replace it, and must breed from it too.
    storage = hyperscout.storages.InMemoryStorage()
    sampler_a = NSGAIISampler(population_size=4, seed=0)
    sampler_b = NSGAIISampler(population_size=4, seed=1)
    true_select_a, true_select_b = sampler_a._select, sampler_b._select
    directions = ["minimize", "minimize"]
    study_a = hyperscout.create_study(
        storage=storage, study_name="s", directions=directions, sampler=sampler_a
    )
    study_a.optimize(_zdt1, n_trials=8)  # generations 0 and 1 complete; elite 1 not chosen yet
    study_b = hyperscout.load_study(study_name="s", storage=storage, sampler=sampler_b)

    def complement(study: Any, members: list[FrozenTrial], generation: int) -> list[int]:
        chosen = set(true_select_b(study, members, generation))
        return [t.number for t in members if t.number not in chosen]

    b_ran: list[bool] = []

    def select_while_b_runs(study: Any, members: list[FrozenTrial], generation: int) -> list[int]:
        if generation == 1 and not b_ran:
            b_ran.append(True)
            study_b.optimize(_zdt1, n_trials=4)
        return true_select_a(study, members, generation)

    monkeypatch.setattr(sampler_b, "_select", complement)
    monkeypatch.setattr(sampler_a, "_select", select_while_b_runs)
    study_a.optimize(_zdt1, n_trials=4)
    trials = study_a.trials
    stored = study_a.system_attrs["nsga2:elite:1"]
    assert set(stored) == set(complement(study_a, trials[:8], 1))  # b's, stored first
    bred_from_elite_1 = [
        t.system_attrs["nsga2:parents"] for t in trials if t.system_attrs["nsga2:generation"] == 2
    ]
    assert b_ran and len(bred_from_elite_1) >= 5  # b's four children and at least one of a's
    assert all(set(p) <= set(stored) for p in bred_from_elite_1)
    _check_generations(study_a, pop=4, workers=2)


def test_a_stored_elite_naming_a_trial_this_worker_saw_running_is_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A trial's completion time is taken before its commit, so one worker can see generation 1
    # full without a trial that another worker, looking a moment later, counts among its first
    # four to complete. The stored elite then names a trial this worker's list shows running.
    sampler = NSGAIISampler(population_size=4, seed=0)
    study = hyperscout.create_study(directions=["minimize", "minimize"], sampler=sampler)
    study.optimize(_zdt1, n_trials=8)
    first = study.trials[4]
    early = first.datetime_complete - datetime.timedelta(seconds=1)  # type: ignore[operator]
    late_commit = hyperscout.trial.create_trial(
        values=[0.0, 0.0],  # dominates everything: certain to be in the elite
        params=first.params,
        distributions=first.distributions,
        system_attrs={"nsga2:generation": 1},
    )._evolve(datetime_complete=early)
    study.add_trial(late_commit)
    other_worker = NSGAIISampler(population_size=4, seed=1)
    other_worker._parents(study)  # stores the elite of generation 1, with trial 8 in it
    stored = study.system_attrs["nsga2:elite:1"]
    assert 8 in stored
    real_get_trials = study.get_trials
    stale: list[bool] = []

    def get_trials_once_stale(*args: Any, **kwargs: Any) -> list[FrozenTrial]:
        trials = real_get_trials(*args, **kwargs)
        if not stale:
            stale.append(True)
            trials = [*trials[:8], trials[8]._evolve(state=TrialState.RUNNING, values=None)]
        return trials

    monkeypatch.setattr(study, "get_trials", get_trials_once_stale)
    generation, elite = sampler._parents(study)
    assert stale and generation == 1 and elite is not None
    assert elite.numbers == stored
    assert all(t.state == TrialState.COMPLETE for t in elite.members)


_WORKER = textwrap.dedent(
    """
    import sys, math
    import numpy as np
    import hyperscout
    from hyperscout.samplers import NSGAIISampler

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    url, seed, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

    def objective(t):
        x = np.array([t.suggest_float(f"x{i}", 0.0, 1.0) for i in range(5)])
        g = 1.0 + 9.0 * x[1:].mean()
        return float(x[0]), float(g * (1.0 - math.sqrt(x[0] / g)))

    study = hyperscout.create_study(
        storage=url, study_name="nsga", directions=["minimize", "minimize"],
        load_if_exists=True, sampler=NSGAIISampler(population_size=8, seed=seed),
    )
    study.optimize(objective, n_trials=n)
    """
)


def _check_generations(study: hyperscout.Study, pop: int, workers: int) -> int:
    """Invariants of the stored generations; returns the highest generation number."""
    trials = study.trials
    attrs = study.system_attrs
    gens = [t.system_attrs["nsga2:generation"] for t in trials]
    complete = Counter(g for g, t in zip(gens, trials) if t.state == TrialState.COMPLETE)
    top = max(gens)
    for g in range(top):  # every generation below the newest is full and has a stored elite
        assert complete[g] >= pop
        assert Counter(gens)[g] <= pop + workers - 1
        elite = attrs[f"nsga2:elite:{g}"]
        assert len(elite) == len(set(elite)) == pop
        assert all(trials[n].state == TrialState.COMPLETE and gens[n] <= g for n in elite)
    assert f"nsga2:elite:{top}" not in attrs or complete[top] >= pop
    for t, g in zip(trials, gens):
        parents = t.system_attrs.get("nsga2:parents")
        if g > 0 and parents is not None:
            assert set(parents) <= set(attrs[f"nsga2:elite:{g - 1}"])
    return top


def test_generations_survive_two_worker_processes_and_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nsga.db'}"
    hyperscout.create_study(storage=url, study_name="nsga", directions=["minimize", "minimize"])
    script = tmp_path / "worker.py"
    script.write_text(_WORKER)
    procs = [
        subprocess.Popen([sys.executable, str(script), url, str(seed), "40"]) for seed in (1, 2)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    study = hyperscout.load_study(study_name="nsga", storage=url)
    assert len(study.trials) == 80
    top_before = _check_generations(study, pop=8, workers=2)
    assert top_before >= 7  # 80 trials, population 8: about ten generations
    # A restart: a fresh process continues the same sequence of generations.
    subprocess.run([sys.executable, str(script), url, "3", "24"], check=True, timeout=300)
    study = hyperscout.load_study(study_name="nsga", storage=url)
    assert len(study.trials) == 104
    top_after = _check_generations(study, pop=8, workers=2)
    restarted = [t.system_attrs["nsga2:generation"] for t in study.trials[80:]]
    assert restarted[0] >= top_before
    assert restarted == sorted(restarted)
    assert top_after >= top_before + 2
