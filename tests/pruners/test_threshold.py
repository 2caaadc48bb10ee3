"""ThresholdPruner: the latest report against fixed bounds."""

from __future__ import annotations

import math

import pytest

from hyperscout.pruners import ThresholdPruner


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_bounds_apply_to_the_latest_value_in_either_direction(h, direction):
    study = h.new_study(ThresholdPruner(lower=0.0, upper=1.0), direction)
    assert h.decisions(study, [0.5, 1.5, 0.5, -0.5, 0.0, 1.0]) == [1, 3]


def test_one_sided_bounds(h):
    assert h.decisions(h.new_study(ThresholdPruner(upper=2.0)), [-100.0, 2.0, 2.5]) == [2]
    assert h.decisions(h.new_study(ThresholdPruner(lower=2.0)), [100.0, 2.0, 1.5]) == [2]


def test_nan_is_pruned(h):
    study = h.new_study(ThresholdPruner(upper=10.0))
    assert h.decisions(study, [1.0, math.nan, 1.0]) == [1]


def test_warmup_and_interval(h):
    study = h.new_study(ThresholdPruner(upper=0.0, n_warmup_steps=2, interval_steps=3))
    assert h.decisions(study, [1.0] * 9) == [2, 5, 8]
    # Uneven reports: the first report at or after each checkpoint (2, 5, 8) is checked.
    assert h.decisions(study, {1: 1.0, 3: 1.0, 4: 1.0, 7: 1.0, 11: 1.0}) == [3, 7, 11]


def test_pruned_by_optimize_keeps_reports(h):
    study = h.new_study(ThresholdPruner(upper=3.0))

    def objective(trial):
        for step, value in enumerate([1.0, 2.0, 4.0, 0.0]):
            trial.report(value, step)
            if trial.should_prune():
                raise h.TrialPruned()
        return 0.0

    study.optimize(objective, n_trials=1)
    (trial,) = study.trials
    assert trial.state.name == "PRUNED"
    assert dict(trial.intermediate_values) == {0: 1.0, 1: 2.0, 2: 4.0}
    assert trial.value == 4.0


@pytest.mark.parametrize(
    ("kwargs", "error", "echo"),
    [
        ({}, TypeError, "got neither"),
        ({"lower": 2.0, "upper": 1.0}, ValueError, "lower=2.0, upper=1.0"),
        ({"lower": "0"}, TypeError, "lower='0'"),
        ({"upper": math.nan}, ValueError, "upper=nan"),
        ({"upper": 1.0, "n_warmup_steps": -1}, ValueError, "n_warmup_steps=-1"),
        ({"upper": 1.0, "interval_steps": 0}, ValueError, "interval_steps=0"),
    ],
)
def test_bad_arguments_are_rejected_with_the_value(kwargs, error, echo):
    with pytest.raises(error, match=echo):
        ThresholdPruner(**kwargs)
