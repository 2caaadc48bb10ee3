"""Hyperband: brackets from a hash of the trial number, ASHA within each bracket."""

from __future__ import annotations

import collections
import os
import subprocess
import sys

import pytest

import hyperscout
from hyperscout.pruners import HyperbandPruner, SuccessiveHalvingPruner
from hyperscout.pruners._hyperband import bracket_budgets, bracket_of

N_STEPS = 9  # steps 0..8; with min_resource=1, eta=3: rungs 1, 3, 9 -> three brackets


def _curve(number: int) -> list[float]:
    """A fixed, unsorted spread of flat curves with a slight downward trend."""
    level = (number * 7919) % 13 + 0.01 * number
    return [level - 0.1 * s for s in range(N_STEPS)]


def test_budgets_follow_the_hyperband_paper():
    # Li et al. (2018), R = 81, eta = 3: n = 81, 34, 15, 8, 5 for s = 4..0.
    assert bracket_budgets(1, 81, 3) == [81, 34, 15, 8, 5]
    assert bracket_budgets(1, 9, 3) == [9, 5, 3]
    # rungs 2, 4, 8, 16: B = 4, ceil(4 * 2**s / (s + 1)) for s = 3..0
    assert bracket_budgets(2, 17, 2) == [8, 6, 4, 4]
    assert bracket_budgets(5, 5, 3) == [1]


def test_brackets_are_spread_in_proportion_to_their_budgets():
    budgets = bracket_budgets(1, 81, 3)
    counts = collections.Counter(bracket_of("study", n, budgets) for n in range(20000))
    for b, budget in enumerate(budgets):
        assert counts[b] / 20000 == pytest.approx(budget / sum(budgets), abs=0.015)


def test_brackets_are_the_same_in_every_process():
    code = (
        "from hyperscout.pruners._hyperband import bracket_of\n"
        "print([bracket_of('s', n, [9, 5, 3]) for n in range(60)])\n"
    )
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        outs.add(run.stdout.strip())
    assert outs == {str([bracket_of("s", n, [9, 5, 3]) for n in range(60)])}
    assert len(set(eval(outs.pop()))) == 3


def _run_all(h, study, n_trials, sign=1.0):
    return [h.run_curve(study, [sign * v for v in _curve(n)]) for n in range(n_trials)]


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_each_bracket_behaves_as_asha_on_its_own_trials(h, direction):
    sign = 1.0 if direction == "minimize" else -1.0
    pruner = HyperbandPruner(min_resource=1, max_resource=N_STEPS, reduction_factor=3)
    study = h.new_study(pruner, direction, study_name="hb")
    got = _run_all(h, study, 40, sign)

    budgets = bracket_budgets(1, N_STEPS, 3)
    brackets = [bracket_of("hb", n, budgets) for n in range(40)]
    assert set(brackets) == {0, 1, 2}
    expected: list[int | None] = [None] * 40
    for b in range(3):
        ref = h.new_study(
            SuccessiveHalvingPruner(min_resource=1, reduction_factor=3, min_early_stopping_rate=b),
            direction,
        )
        for n in range(40):
            if brackets[n] == b:
                expected[n] = h.run_curve(ref, [sign * v for v in _curve(n)])
    assert got == expected
    # Bracket 0 stops at step 1 at the earliest, bracket 1 at 3, bracket 2 never (rung 9 > 8).
    for n, step in enumerate(got):
        if step is not None:
            assert step >= 3 ** brackets[n]
    assert any(s == 1 for s in got) and any(s == 3 for s in got)
    assert all(got[n] is None for n in range(40) if brackets[n] == 2)
    # Comparing across brackets would have decided differently.
    flat = h.new_study(SuccessiveHalvingPruner(min_resource=1, reduction_factor=3), direction)
    assert _run_all(h, flat, 40, sign) != got


def test_auto_max_resource_comes_from_the_first_completed_trial(h):
    pruner = HyperbandPruner(min_resource=1, reduction_factor=3)
    study = h.new_study(pruner)
    assert pruner.budgets(study) is None
    trial = study.ask()
    for step in range(5):
        trial.report(100.0, step)
        assert not trial.should_prune()  # no brackets yet
    study.tell(trial, 100.0)
    assert pruner.budgets(study) == bracket_budgets(1, 5, 3)
    h.add_finished(study, [1.0] * 30)  # a longer trial completing later changes nothing
    assert pruner.budgets(study) == bracket_budgets(1, 5, 3)
    assert pruner.bracket(study, study.trials[0]) == bracket_of(
        study.study_name, 0, bracket_budgets(1, 5, 3)
    )


def test_two_workers_make_the_decisions_of_one(h, tmp_path):
    url = f"sqlite:///{tmp_path / 'hb.db'}"

    def pruner():
        return HyperbandPruner(min_resource=1, max_resource=N_STEPS, reduction_factor=3)

    worker_a = hyperscout.create_study(storage=url, study_name="hb", pruner=pruner())
    worker_b = hyperscout.load_study(storage=url, study_name="hb", pruner=pruner())
    got = [h.run_curve((worker_a, worker_b)[n % 2], _curve(n)) for n in range(24)]
    alone = h.new_study(pruner(), study_name="hb")
    assert got == _run_all(h, alone, 24)
    assert any(step is not None for step in got)


@pytest.mark.parametrize(
    ("kwargs", "error", "echo"),
    [
        ({"min_resource": 0}, ValueError, "min_resource=0"),
        ({"max_resource": "max"}, ValueError, "max_resource='max'"),
        ({"min_resource": 5, "max_resource": 4}, ValueError, "max_resource=4, min_resource=5"),
        ({"max_resource": 9.5}, TypeError, "max_resource=9.5"),
        ({"reduction_factor": 1}, ValueError, "reduction_factor=1"),
        ({"bootstrap_count": -1}, ValueError, "bootstrap_count=-1"),
    ],
)
def test_bad_arguments_are_rejected_with_the_value(kwargs, error, echo):
    with pytest.raises(error, match=echo):
        HyperbandPruner(**kwargs)
