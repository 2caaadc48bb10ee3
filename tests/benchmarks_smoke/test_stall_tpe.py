"""The stall hand-over of the benchmark's ablation (``benchmarks/bbo/variants.py``,
``hs-stall-tpe``): the TPE proposes only while the study is stalled on plateaus."""

from __future__ import annotations

import math
from typing import Any

import pytest

import hyperscout
from benchmarks.bbo.variants import (
    AlternatingStallTPESampler,
    IncumbentStallTPESampler,
    NoTurnsGPSampler,
    StallTPESampler,
    stalled_on_plateau,
)
from hyperscout.samplers.gp import GPSampler


def _history(losses: list[float]) -> list[tuple[tuple[int], float]]:
    return [((i,), loss) for i, loss in enumerate(losses)]  # every configuration different


def test_stall_needs_no_new_best_in_the_last_ten_and_a_tie() -> None:
    improving = [10.0 - i for i in range(15)]
    flat_tied = improving[:5] + [3.0] * 10 + [4.0] * 10  # best 3 at trial 5, ties after it
    assert not stalled_on_plateau(_history(improving + [20.0] * 9), 10)  # 9 without a new best
    assert stalled_on_plateau(_history(improving + [20.0] * 10), 10)  # 10, and 20.0 is tied
    assert stalled_on_plateau(_history(flat_tied), 10)
    # The same stall without a tie (all values distinct): a smooth objective, no hand-over.
    distinct = improving + [20.0 + i for i in range(12)]
    assert not stalled_on_plateau(_history(distinct), 10)
    # A repeated configuration is not a tie: only different configurations on one value are.
    repeats = [((0,), 5.0)] * 3 + [((i,), 6.0 + i) for i in range(1, 20)]
    assert not stalled_on_plateau(repeats, 10)
    # The ten trials without a new best must all follow the random start of ten.
    assert not stalled_on_plateau(_history([1.0] * 19), 10)
    assert stalled_on_plateau(_history([1.0] * 20), 10)


def test_the_incumbent_gate_asks_for_a_tie_on_the_best_value() -> None:
    # Stalled, with a tie far from the best (two corners of equal value) but a unique best.
    corner_ties = _history([5.0, 1.0, 9.0, 9.0] + [2.0 + 0.01 * i for i in range(20)])
    assert stalled_on_plateau(corner_ties, 10)
    assert not stalled_on_plateau(corner_ties, 10, incumbent=True)
    # The best value re-measured by a different configuration: the incumbent's plateau.
    on_best = _history([5.0, 1.0, 9.0, 1.0] + [2.0 + 0.01 * i for i in range(20)])
    assert stalled_on_plateau(on_best, 10, incumbent=True)
    # The best configuration measured twice is not a plateau.
    again = [((0,), 5.0), ((1,), 1.0), ((1,), 1.0), *_history([2.0 + i for i in range(20)])[3:]]
    assert not stalled_on_plateau(again, 10, incumbent=True)


def _step(trial: hyperscout.Trial) -> float:
    # A step function of two inputs with its best plateau in a small corner.
    x, y = trial.suggest_float("x", 0.0, 1.0), trial.suggest_float("y", 0.0, 1.0)
    return float(math.floor(4 * x) + math.floor(4 * y))


def _smooth(trial: hyperscout.Trial) -> float:
    x, y = trial.suggest_float("x", 0.0, 1.0), trial.suggest_float("y", 0.0, 1.0)
    return (x - 0.3) ** 2 + (y - 0.7) ** 2


def _history_before(study: hyperscout.Study, n: int) -> list[tuple[tuple[Any, ...], float]]:
    """The stall test's history of trials 0..n-1, built here from the trials themselves (the
    minimised objectives of these tests, every trial complete)."""
    return [(tuple(sorted(u.params.items())), float(u.value)) for u in study.trials[:n]]


def _run(sampler: hyperscout.samplers.BaseSampler, objective, n: int) -> hyperscout.Study:
    study = hyperscout.create_study(sampler=sampler)
    study.optimize(objective, n_trials=n)
    return study


def test_is_the_default_gp_on_a_smooth_objective() -> None:
    ours = _run(StallTPESampler(seed=3), _smooth, 30)
    gp = _run(NoTurnsGPSampler(seed=3), _smooth, 30)
    assert [t.params for t in ours.trials] == [t.params for t in gp.trials]
    assert {t.system_attrs["stall:proposer"] for t in ours.trials} == {"gp"}


@pytest.mark.parametrize("cls", [StallTPESampler, IncumbentStallTPESampler])
def test_the_tpe_proposes_while_stalled_on_a_step_function(cls: type[StallTPESampler]) -> None:
    study = _run(cls(seed=0), _step, 40)
    arms = [t.system_attrs["stall:proposer"] for t in study.trials]
    assert "tpe" in arms[20:] and "tpe" not in arms[:20]
    gp = _run(NoTurnsGPSampler(seed=0), _step, 40)
    first = arms.index("tpe")
    # Up to the first hand-over the study is the GP's (as shipped then), trial for trial.
    assert [t.params for t in study.trials[:first]] == [t.params for t in gp.trials[:first]]
    # Each TPE trial was chosen on a stalled, tied history; each GP trial after the start not.
    for t in study.trials[10:]:
        stalled = stalled_on_plateau(_history_before(study, t.number), 10, incumbent=cls.INCUMBENT)
        assert (t.system_attrs["stall:proposer"] == "tpe") == stalled


def test_the_alternating_variant_gives_the_tpe_only_odd_trials_while_stalled() -> None:
    study = _run(AlternatingStallTPESampler(seed=0), _step, 40)
    arms = [t.system_attrs["stall:proposer"] for t in study.trials]
    tpe = [t.number for t in study.trials if arms[t.number] == "tpe"]
    assert tpe and all(n % 2 == 1 for n in tpe)
    gp = _run(NoTurnsGPSampler(seed=0), _step, 40)
    first = tpe[0]
    assert [t.params for t in study.trials[:first]] == [t.params for t in gp.trials[:first]]
    # Each odd trial after the start goes to the TPE iff its history is stalled and tied on
    # the best value; every even trial goes to the GP.
    for t in study.trials[10:]:
        stalled = stalled_on_plateau(_history_before(study, t.number), 10, incumbent=True)
        expected = "tpe" if stalled and t.number % 2 == 1 else "gp"
        assert t.system_attrs["stall:proposer"] == expected
    # Stalled even-numbered trials exist, so the turn-taking is exercised, not vacuous.
    assert any(
        n % 2 == 0 and stalled_on_plateau(_history_before(study, n), 10, incumbent=True)
        for n in range(20, 40)
    )


def _proposers(study: hyperscout.Study) -> list[str]:
    # The GP's stall turns mark the TPE's trials only; a trial without the mark is the GP's.
    return [t.system_attrs.get("gp:proposer", "gp") for t in study.trials]


@pytest.mark.parametrize("seed", [0, 1])
def test_the_default_gp_takes_the_stall_turns_as_the_measured_variant(seed: int) -> None:
    # GPSampler's default (its switch stall_turns on) is the shipped form of
    # hs-stall-alternate: the same trials, proposed by the same model each, on a step function
    # where the turns are taken (and on the smooth one, where they are not).
    for objective, turns_taken in ((_step, True), (_smooth, False)):
        ours = _run(GPSampler(seed=seed), objective, 40)
        measured = _run(AlternatingStallTPESampler(seed=seed), objective, 40)
        assert [t.params for t in ours.trials] == [t.params for t in measured.trials]
        arms = _proposers(ours)
        assert arms == [t.system_attrs["stall:proposer"] for t in measured.trials]
        assert ("tpe" in arms) == turns_taken
        # Only the TPE's turns are stored.
        stored = {t.system_attrs.get("gp:proposer") for t in ours.trials}
        assert stored == ({None, "tpe"} if turns_taken else {None})


def test_stall_turns_follow_the_direction_and_are_the_default() -> None:
    # Maximising the negated step function takes the same turns as minimising it.
    def negated(trial: hyperscout.Trial) -> float:
        return -_step(trial)

    low = _run(GPSampler(seed=0), _step, 40)
    study = hyperscout.create_study(direction="maximize", sampler=GPSampler(seed=0))
    study.optimize(negated, n_trials=40)
    arms = _proposers(study)
    assert arms == _proposers(low)
    assert "tpe" in arms
    # create_study()'s default sampler for one objective is this GP, turns included.
    default = hyperscout.create_study().sampler
    assert isinstance(default, GPSampler) and default._ablation.stall_turns
    # With the switch off (the GP before the turns), no proposer is recorded and the study
    # parts from the default's at its first turn.
    plain = _run(NoTurnsGPSampler(seed=0), _step, 40)
    assert all("gp:proposer" not in t.system_attrs for t in plain.trials)
    first = arms.index("tpe")
    assert [t.params for t in plain.trials[:first]] == [t.params for t in low.trials[:first]]
    assert plain.trials[first].params != low.trials[first].params


def test_stall_turns_leave_several_objectives_to_the_gp() -> None:
    # The turns are for one objective: a study of two records no proposer and makes no TPE.
    sampler = GPSampler(seed=0)
    study = hyperscout.create_study(directions=["minimize", "minimize"], sampler=sampler)
    study.optimize(lambda t: (_step(t), -_step(t)), n_trials=25)
    assert all("gp:proposer" not in t.system_attrs for t in study.trials)
    assert sampler._stall_sampler is None
    assert sampler._proposers == {}  # each trial's entry is dropped when it finishes
