"""Asynchronous successive halving on scripted histories, both directions, two workers."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

import hyperscout
from hyperscout.pruners import SuccessiveHalvingPruner
from hyperscout.trial import TrialState

# min_resource=1, eta=2: rungs at steps 1, 2, 4, 8.
ASHA = {"min_resource": 1, "reduction_factor": 2}


def _flat(value, n=10):
    return [value] * n


def _sign(direction):
    return 1.0 if direction == "minimize" else -1.0


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_trials_are_promoted_only_in_the_best_fraction_of_each_rung(h, direction):
    sign = _sign(direction)
    study = h.new_study(SuccessiveHalvingPruner(**ASHA), direction)

    def run(curve):
        return h.run_curve(study, [sign * v for v in curve])

    assert run(_flat(5)) is None  # alone at every rung: goes on
    assert run(_flat(3)) is None  # best of two
    # Rung 0 holds 5, 3, 4: fewer than 2 * eta values, so only the best goes on.
    assert run(_flat(4)) == 1
    assert run(_flat(1)) is None
    # Rung 0 holds 5, 3, 4, 1, 4.5: the best 5 // 2 = 2 are 1 and 3.
    assert run(_flat(4.5)) == 1
    # Rung 0: 6 values, the best 3 are <= 3; rungs 1-3 hold 5, 3, 1 (+2): the best 2 are <= 2.
    assert run(_flat(2)) is None
    # Good up to step 3, then bad: rung 2 (step 4) holds 5, 3, 1, 2 (+10).
    assert run([0.5, 0.5, 0.5, 0.5, 10, 10, 10]) == 4

    rungs = [
        {k: v for k, v in t.system_attrs.items() if k.startswith("completed_rung_")}
        for t in study.trials
    ]
    assert rungs[2] == {"completed_rung_0": sign * 4}
    assert rungs[5] == {f"completed_rung_{r}": sign * 2 for r in range(4)}
    assert rungs[6] == {f"completed_rung_{r}": sign * v for r, v in enumerate([0.5, 0.5, 10])}
    assert study.trials[6].state == TrialState.PRUNED and study.trials[6].value == sign * 10


def test_a_report_past_several_rungs_records_each_of_them(h):
    study = h.new_study(SuccessiveHalvingPruner(**ASHA))
    assert h.run_curve(study, {0: 5.0, 5: 4.0, 9: 3.0}) is None
    attrs = study.trials[0].system_attrs
    # Step 5 passes the rungs at 1, 2 and 4; step 9 the rung at 8.
    assert [attrs[f"completed_rung_{r}"] for r in range(4)] == [4.0, 4.0, 4.0, 3.0]
    # A trial that reports only at step 9 is judged at all four rungs at once.
    assert h.run_curve(study, {9: 3.5}) == 9
    assert study.trials[1].system_attrs["completed_rung_0"] == 3.5


def test_min_early_stopping_rate_moves_the_first_rung(h):
    pruner = SuccessiveHalvingPruner(min_resource=1, reduction_factor=2, min_early_stopping_rate=2)
    study = h.new_study(pruner)
    assert h.run_curve(study, _flat(1)) is None
    # Rungs at 4 and 8: a worse trial survives steps 1-3 and is stopped at 4.
    assert h.run_curve(study, _flat(2)) == 4


def test_min_resource_scales_the_rungs(h):
    study = h.new_study(SuccessiveHalvingPruner(min_resource=3, reduction_factor=3))
    assert h.run_curve(study, _flat(1)) is None
    assert h.run_curve(study, _flat(2)) == 3  # rungs at 3 and 9


def test_bootstrap_count_stops_trials_until_the_rung_has_enough_values(h):
    pruner = SuccessiveHalvingPruner(min_resource=1, reduction_factor=2, bootstrap_count=2)
    study = h.new_study(pruner)
    assert h.run_curve(study, _flat(1)) == 1  # rung 0 holds 1 value (<= 2)
    assert h.run_curve(study, _flat(2)) == 1  # 2 values
    # 3 values: 3 // 2 = 1 goes on, and only the best; rung 1 holds just this one value.
    assert h.run_curve(study, _flat(0.5)) == 2
    assert h.run_curve(study, _flat(1.5)) == 1


def test_auto_min_resource_waits_for_a_completed_trial(h):
    study = h.new_study(SuccessiveHalvingPruner(reduction_factor=2))
    # Nothing completed: no rung at all, even for a NaN report.
    assert h.decisions(study, [math.nan, math.nan, math.nan]) == []
    h.add_finished(study, _flat(1.0, 300))  # 300 steps: min_resource = 3
    assert h.run_curve(study, _flat(1.0, 4)) is None  # records rung 0 at step 3
    assert h.decisions(study, [9.0, 9.0, 9.0, 9.0]) == [3]


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_nan_is_pruned_at_the_first_rung(h, direction):
    study = h.new_study(SuccessiveHalvingPruner(**ASHA), direction)
    assert h.run_curve(study, [math.nan, math.nan, 1.0]) == 1
    # It recorded nothing, so a later trial is the only one in rung 0.
    assert h.run_curve(study, _flat(100 * _sign(direction))) is None


def test_rungs_are_shared_by_workers_through_the_storage(tmp_path):
    url = f"sqlite:///{tmp_path / 'asha.db'}"
    worker_a = hyperscout.create_study(
        storage=url, study_name="asha", pruner=SuccessiveHalvingPruner(**ASHA)
    )
    worker_b = hyperscout.load_study(
        storage=url, study_name="asha", pruner=SuccessiveHalvingPruner(**ASHA)
    )
    ta, tb = worker_a.ask(), worker_b.ask()  # both running at once
    for step in (0, 1):
        ta.report(1.0, step)
        assert not ta.should_prune()
    # Worker B sees the value worker A recorded at rung 0 and stops its worse trial.
    for step, expected in ((0, False), (1, True)):
        tb.report(2.0, step)
        assert tb.should_prune() is expected
    # Worker A, at the next rung, sees B's value too (rung 1 holds only A's) and goes on.
    ta.report(1.0, 2)
    assert not ta.should_prune()
    records = {t.number: t.system_attrs for t in worker_b.get_trials()}
    assert records[0]["completed_rung_1"] == 1.0 and records[1]["completed_rung_0"] == 2.0


def test_rung_decisions_do_not_depend_on_process_memory(h, tmp_path):
    # A fresh pruner object (as after a restart) continues from the rungs in the storage.
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    study = hyperscout.create_study(
        storage=url, study_name="r", pruner=SuccessiveHalvingPruner(**ASHA)
    )
    trial = study.ask()
    for step in range(3):
        trial.report(1.0, step)
        assert not trial.should_prune()
    code = (
        "import hyperscout\n"
        "from hyperscout.pruners import SuccessiveHalvingPruner\n"
        f"s = hyperscout.load_study(storage={url!r}, study_name='r',"
        " pruner=SuccessiveHalvingPruner(min_resource=1, reduction_factor=2))\n"
        "t = s.ask()\n"
        "t.report(3.0, 1)\n"
        "print(t.should_prune())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


@pytest.mark.parametrize(
    ("kwargs", "error", "echo"),
    [
        ({"min_resource": "big"}, ValueError, "min_resource='big'"),
        ({"min_resource": 0}, ValueError, "min_resource=0"),
        ({"min_resource": 2.0}, TypeError, "min_resource=2.0"),
        ({"reduction_factor": 1}, ValueError, "reduction_factor=1"),
        ({"min_early_stopping_rate": -1}, ValueError, "min_early_stopping_rate=-1"),
        ({"bootstrap_count": -2}, ValueError, "bootstrap_count=-2"),
        ({"bootstrap_count": 3}, ValueError, "bootstrap_count=3"),  # with min_resource='auto'
    ],
)
def test_bad_arguments_are_rejected_with_the_value(kwargs, error, echo):
    with pytest.raises(error, match=echo):
        SuccessiveHalvingPruner(**kwargs)


def test_other_trials_are_read_only_when_a_rung_is_reached(h, monkeypatch):
    study = h.new_study(SuccessiveHalvingPruner(min_resource=4, reduction_factor=2))
    calls = []
    original = study.get_trials

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(study, "get_trials", counting)
    trial = study.ask()
    for step in range(4):
        trial.report(1.0, step)
        assert not trial.should_prune()
    assert calls == []  # steps 0-3: below the first rung
    trial.report(1.0, 4)
    assert not trial.should_prune()
    assert calls == [1]


def test_one_pruner_object_serves_two_studies(h):
    pruner = SuccessiveHalvingPruner(reduction_factor=2)
    short, long = h.new_study(pruner), h.new_study(pruner)
    h.add_finished(short, _flat(1.0, 100))  # min_resource 1 here
    h.add_finished(long, _flat(1.0, 500))  # min_resource 5 here
    for study in (short, long):
        assert h.run_curve(study, _flat(1.0, 6)) is None
    assert h.decisions(short, _flat(9.0, 6)) == [1, 2, 4]  # rungs at 1, 2, 4
    assert h.decisions(long, _flat(9.0, 6)) == [5]  # rungs at 5, 10


def test_worker_threads_on_sqlite_keep_rungs_consistent(tmp_path):
    url = f"sqlite:///{tmp_path / 'threads.db'}"
    study = hyperscout.create_study(
        storage=url,
        study_name="threads",
        sampler=hyperscout.samplers.RandomSampler(seed=0),
        pruner=SuccessiveHalvingPruner(min_resource=1, reduction_factor=3),
    )

    def objective(trial):
        level = trial.suggest_float("level", 0.0, 1.0)
        for step in range(12):
            trial.report(level + 1.0 / (step + 1), step)
            if trial.should_prune():
                raise hyperscout.TrialPruned()
        return level

    study.optimize(objective, n_trials=24, n_jobs=2)
    trials = study.trials
    assert len(trials) == 24
    assert {t.state for t in trials} == {TrialState.COMPLETE, TrialState.PRUNED}
    for t in trials:
        rungs = sorted(
            int(k.rsplit("_", 1)[1]) for k in t.system_attrs if k.startswith("completed_rung_")
        )
        assert rungs == list(range(len(rungs)))  # rung k recorded only after rungs 0..k-1
        # Rungs at steps 1, 3, 9: a trial records exactly the rungs its last step reached.
        assert len(rungs) == sum(t.last_step >= r for r in (1, 3, 9))
        for r in rungs:
            step = 3**r
            assert t.system_attrs[f"completed_rung_{r}"] == t.intermediate_values[step]
