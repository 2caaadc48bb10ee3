"""PatientPruner: early stopping within a trial, alone or in front of another pruner."""

from __future__ import annotations

import math

import pytest

from hyperscout.pruners import MedianPruner, PatientPruner, ThresholdPruner


def _oriented(h, curve, direction):
    return curve if direction == "minimize" else h.flip(curve)


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_stops_after_patience_steps_without_improvement(h, direction):
    study = h.new_study(PatientPruner(None, patience=2), direction)
    # Best 3 reached at step 2; steps 3, 4 do not beat it; step 5 completes the window.
    curve = [5.0, 4.0, 3.0, 3.0, 3.5, 3.0, 2.0]
    assert h.decisions(study, _oriented(h, curve, direction)) == [5]
    assert h.run_curve(study, _oriented(h, curve, direction)) == 5


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_min_delta_is_the_least_improvement_that_counts(h, direction):
    curve = [5.0, 4.0, 3.6, 3.3, 3.0, 2.7]  # improves by 0.3 to 0.4 per step
    study = h.new_study(PatientPruner(None, patience=1, min_delta=0.5), direction)
    # Window of 2 reports against the best before it: step 2: 3.6 vs 5.0 (1.4); step 3: 3.3
    # vs 4.0 (0.7); step 4: 3.0 vs 3.6 (0.6); step 5: 2.7 vs 3.3 (0.6).
    assert h.decisions(study, _oriented(h, curve, direction)) == []
    study = h.new_study(PatientPruner(None, patience=1, min_delta=0.65), direction)
    assert h.decisions(study, _oriented(h, curve, direction)) == [4, 5]


def test_patience_zero_stops_at_the_first_step_without_improvement(h):
    study = h.new_study(PatientPruner(None, patience=0))
    assert h.decisions(study, [3.0, 2.0, 2.0, 1.0, 1.5]) == [2, 4]


def test_wrapped_pruner_decides_once_patience_runs_out(h):
    # The threshold alone would stop at step 0; patience holds it until step 3 (4.0, 4.0 do not
    # beat 4.0), and the drop to 0.5 at step 4 is an improvement again.
    study = h.new_study(PatientPruner(ThresholdPruner(upper=1.0), patience=1))
    assert h.decisions(study, [5.0, 4.0, 4.0, 4.0, 0.5, 0.5]) == [3]
    # No improvement, but the wrapped median pruner sees a good trial: kept.
    study = h.new_study(PatientPruner(MedianPruner(n_startup_trials=0), patience=1))
    h.add_finished(study, [10.0, 10.0, 10.0, 10.0])
    assert h.decisions(study, [1.0, 1.0, 1.0, 1.0]) == []


def test_nan_is_no_improvement(h):
    study = h.new_study(PatientPruner(None, patience=1))
    assert h.decisions(study, [1.0, math.nan, math.nan]) == [2]
    study = h.new_study(PatientPruner(None, patience=1))
    assert h.decisions(study, [math.nan, math.nan, 1.0, 0.5]) == []


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "echo"),
    [
        ((None, -1), {}, ValueError, "patience=-1"),
        ((None, 1.5), {}, TypeError, "patience=1.5"),
        ((None, 1), {"min_delta": -0.1}, ValueError, "min_delta=-0.1"),
        ((None, 1), {"min_delta": math.inf}, ValueError, "min_delta=inf"),
        (("median", 1), {}, TypeError, "wrapped_pruner='median'"),
    ],
)
def test_bad_arguments_are_rejected_with_the_value(args, kwargs, error, echo):
    with pytest.raises(error, match=echo):
        PatientPruner(*args, **kwargs)
