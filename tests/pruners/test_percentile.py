"""MedianPruner and PercentilePruner on scripted histories, both directions, two workers."""

from __future__ import annotations

import math

import pytest

import hyperscout
from hyperscout.pruners import MedianPruner, PercentilePruner
from hyperscout.trial import TrialState

# Five finished curves; at every step the median is the middle one: 12, 10, 8, 6, 4.
HISTORY = [
    [10, 8, 6, 4, 2],
    [11, 9, 7, 5, 3],
    [12, 10, 8, 6, 4],
    [13, 11, 9, 7, 5],
    [14, 12, 10, 8, 6],
]
LAGGING = [12, 11, 10, 9, 8]  # equal to the median at step 0, worse from step 1 on


def _study(h, pruner, direction="minimize", history=HISTORY, **kwargs):
    study = h.new_study(pruner, direction, **kwargs)
    for curve in history:
        h.add_finished(study, curve if direction == "minimize" else h.flip(curve))
    return study


def _oriented(h, curve, direction):
    return curve if direction == "minimize" else h.flip(curve)


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_median_prunes_a_lagging_trial_from_the_first_worse_step(h, direction):
    study = _study(h, MedianPruner(), direction)
    assert h.decisions(study, _oriented(h, LAGGING, direction)) == [1, 2, 3, 4]
    # Tied with the median at every step: never pruned.
    assert h.decisions(study, _oriented(h, [12, 10, 8, 6, 4], direction)) == []


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_median_compares_the_best_value_so_far(h, direction):
    study = _study(h, MedianPruner(), direction)
    # Best so far stays 9: better than the median 10 at step 1, worse than 8 at step 2.
    assert h.decisions(study, _oriented(h, [9, 30, 30], direction)) == [2]


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_pruned_trial_keeps_its_reports_and_last_value(h, direction):
    study = _study(h, MedianPruner(), direction)
    assert h.run_curve(study, _oriented(h, LAGGING, direction)) == 1
    pruned = study.trials[-1]
    curve = h.as_steps(_oriented(h, LAGGING, direction))
    assert pruned.state == TrialState.PRUNED
    assert dict(pruned.intermediate_values) == {0: curve[0], 1: curve[1]}
    assert pruned.value == curve[1]


def test_warmup_steps_delay_pruning(h):
    study = _study(h, MedianPruner(n_warmup_steps=3))
    assert h.decisions(study, LAGGING) == [3, 4]


def test_interval_steps_check_once_per_interval(h):
    study = _study(h, MedianPruner(n_warmup_steps=1, interval_steps=2))
    assert h.decisions(study, LAGGING) == [1, 3]


def test_interval_with_uneven_reports(h):
    # Checkpoints at 0, 2, 4: the first report at or after each checkpoint is checked.
    study = _study(h, MedianPruner(interval_steps=2))
    assert h.decisions(study, {0: 12, 2: 10, 3: 9, 4: 8}) == [2, 4]
    assert h.decisions(study, {1: 11, 3: 9}) == [1, 3]


def test_startup_trials_count_only_complete_trials(h):
    study = _study(h, MedianPruner(n_startup_trials=6))
    h.add_finished(study, [100, 100], state=TrialState.PRUNED)
    assert h.decisions(study, LAGGING) == []
    h.add_finished(study, [12, 10, 8, 6, 4])  # the sixth COMPLETE trial; medians unchanged
    assert h.decisions(study, LAGGING) == [1, 2, 3, 4]


def test_pruned_trials_are_not_compared_with(h):
    study = _study(h, MedianPruner(n_startup_trials=0), history=[[12, 10, 8, 6, 4]])
    # Very good pruned trials do not move the median.
    for _ in range(3):
        h.add_finished(study, [0, 0], state=TrialState.PRUNED)
    assert h.decisions(study, [11.5, 10, 8.5]) == [2]


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_n_min_trials_with_uneven_step_counts(h, direction):
    history = [[10, 10, 10, 10, 10], [10, 10], [10, 10]]
    curve = [20, 20, 20, 20, 20]
    study = _study(h, MedianPruner(n_startup_trials=0, n_min_trials=2), direction, history)
    # Three trials reported steps 0 and 1, only one reported steps 2 to 4.
    assert h.decisions(study, _oriented(h, curve, direction)) == [0, 1]
    study = _study(h, MedianPruner(n_startup_trials=0, n_min_trials=1), direction, history)
    assert h.decisions(study, _oriented(h, curve, direction)) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_percentile_sets_how_many_trials_survive(h, direction):
    # At step 0 the 25th percentile is 11 and the 75th is 13 (counted from the best end).
    curve = _oriented(h, [11.5], direction)
    assert h.decisions(_study(h, PercentilePruner(25.0), direction), curve) == [0]
    assert h.decisions(_study(h, PercentilePruner(75.0), direction), curve) == []
    # 0 keeps only what beats the best; 100 prunes only what is worse than the worst.
    def check(q: float, value: float) -> list[int]:
        study = _study(h, PercentilePruner(q), direction)
        return h.decisions(study, _oriented(h, [value], direction))

    assert check(0.0, 10.5) == [0]
    assert check(100.0, 13.9) == []
    assert check(100.0, 14.1) == [0]


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_nan_reports_are_the_worst_value(h, direction):
    study = _study(h, MedianPruner(), direction)
    # Only NaN so far: pruned; a later real value is judged as usual.
    assert h.decisions(study, {0: math.nan, 1: _oriented(h, [9], direction)[0]}) == [0]
    # A NaN at step 0 of a finished trial ranks last: the median of (1, 2, NaN) is 2, not 1.5.
    history = [[1.0], [2.0], [math.nan]]
    study = _study(h, MedianPruner(n_startup_trials=0), direction, history)
    assert h.decisions(study, _oriented(h, [1.8], direction)) == []
    assert h.decisions(study, _oriented(h, [2.5], direction)) == [0]


def test_two_workers_on_one_sqlite_file_see_the_same_decisions(h, tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    worker_a = hyperscout.create_study(
        storage=url, study_name="shared", pruner=MedianPruner(), direction="minimize"
    )
    worker_b = hyperscout.load_study(storage=url, study_name="shared", pruner=MedianPruner())
    for curve in HISTORY:
        h.add_finished(worker_a, curve)
    trial = worker_b.ask()
    seen_b, seen_a = [], []
    for step, value in enumerate(LAGGING):
        trial.report(value, step)
        if trial.should_prune():
            seen_b.append(step)
        record = worker_a._storage.get_trial(trial._trial_id)
        if worker_a.pruner.prune(worker_a, record):
            seen_a.append(step)
    assert seen_a == seen_b == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("kwargs", "error", "echo"),
    [
        ({"percentile": 101.0}, ValueError, "percentile=101.0"),
        ({"percentile": -1}, ValueError, "percentile=-1"),
        ({"percentile": math.nan}, ValueError, "percentile=nan"),
        ({"percentile": "50"}, TypeError, "percentile='50'"),
        ({"percentile": 50, "n_startup_trials": -1}, ValueError, "n_startup_trials=-1"),
        ({"percentile": 50, "n_warmup_steps": 1.5}, TypeError, "n_warmup_steps=1.5"),
        ({"percentile": 50, "interval_steps": 0}, ValueError, "interval_steps=0"),
        ({"percentile": 50, "n_min_trials": 0}, ValueError, "n_min_trials=0"),
        ({"percentile": 50, "n_min_trials": True}, TypeError, "n_min_trials=True"),
    ],
)
def test_bad_arguments_are_rejected_with_the_value(h, kwargs, error, echo):
    with pytest.raises(error, match=echo.replace("(", r"\(")):
        PercentilePruner(**kwargs)


def test_median_rejects_bad_arguments_too(h):
    with pytest.raises(ValueError, match="interval_steps=0"):
        MedianPruner(interval_steps=0)


def test_median_is_the_50th_percentile(h):
    for pruner in (MedianPruner(n_startup_trials=0), PercentilePruner(50.0, 0)):
        study = _study(h, pruner)
        assert h.decisions(study, [12.5, 9.5, 8.5]) == [0, 2]
