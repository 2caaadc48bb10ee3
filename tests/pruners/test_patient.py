"""PatientPruner: early stopping within a trial, alone or in front of another pruner."""

from __future__ import annotations

import math

import pytest

from hyperscout.pruners import MedianPruner, PatientPruner, ThresholdPruner


def _decisions(lib, pruner, direction, curve):  # type: ignore[no-untyped-def]
    """At which steps ``pruner`` (of library ``lib``) prunes a trial reporting ``curve``."""
    study = lib.create_study(direction=direction)
    out = []
    for k in range(len(curve)):
        trial = lib.trial.create_trial(
            state=lib.trial.TrialState.RUNNING,
            intermediate_values={i: curve[i] for i in range(k + 1)},
        )
        if pruner.prune(study, trial):
            out.append(k)
    return out


CURVES = [
    [5.0, 4.0, 3.0, 3.0, 3.5, 3.0, 2.0],
    [5.0, 4.0, 3.6, 3.3, 3.0, 2.7],
    [3.0, 2.0, 2.0, 1.0, 1.5, 4.0, 4.0],
    [1.0, 1.2, 1.3, 1.05, 2.0, 2.0, 2.0],
    [1.0, math.nan, math.nan, math.nan],
    [math.nan, math.nan, 1.0, 0.5, 3.0, 3.0],
]


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
@pytest.mark.parametrize("patience", [0, 1, 2])
@pytest.mark.parametrize("min_delta", [0.0, 0.15, 0.5])
def test_same_decisions_as_optunas_patient_pruner(h, direction, patience, min_delta):  # type: ignore[no-untyped-def]
    import hyperscout

    ours = [
        _decisions(hyperscout, PatientPruner(None, patience, min_delta), direction, c)
        for c in CURVES
    ]
    try:
        import optuna
    except ImportError:
        pytest.skip("Optuna is a benchmark extra: pip install -e .[bench]")
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    theirs = [
        _decisions(optuna, optuna.pruners.PatientPruner(None, patience, min_delta), direction, c)
        for c in CURVES
    ]
    assert ours == theirs


def test_min_delta_is_the_tolerated_worsening(h):  # type: ignore[no-untyped-def]
    # Best before the window 1.0; the window's best 1.05 (patience 1: steps 2, 3) is worse by 0.05.
    curve = [1.0, 1.2, 1.3, 1.05]
    assert h.decisions(h.new_study(PatientPruner(None, patience=1)), curve) == [2, 3]
    assert h.decisions(h.new_study(PatientPruner(None, 1, min_delta=0.1)), curve) == [2]
    assert h.decisions(h.new_study(PatientPruner(None, 1, min_delta=0.5)), curve) == []


def test_a_flat_curve_is_not_pruned(h):  # type: ignore[no-untyped-def]
    study = h.new_study(PatientPruner(None, patience=1))
    assert h.decisions(study, [2.0, 2.0, 2.0, 2.0]) == []


def test_wrapped_pruner_decides_once_patience_runs_out(h):  # type: ignore[no-untyped-def]
    # The threshold alone would stop at step 0; patience holds it until the window is worse.
    study = h.new_study(PatientPruner(ThresholdPruner(upper=1.0), patience=1))
    assert h.decisions(study, [2.0, 4.0, 4.0, 0.5, 0.5]) == [2]
    # Stagnating, but the wrapped median pruner sees a good trial: kept.
    study = h.new_study(PatientPruner(MedianPruner(n_startup_trials=0), patience=1))
    h.add_finished(study, [10.0, 10.0, 10.0, 10.0])
    assert h.decisions(study, [1.0, 2.0, 2.0, 2.0]) == []


def test_nan_reports_never_prune(h):  # type: ignore[no-untyped-def]
    study = h.new_study(PatientPruner(None, patience=1))
    assert h.decisions(study, [1.0, math.nan, math.nan]) == []
    study = h.new_study(PatientPruner(None, patience=1))
    assert h.decisions(study, [math.nan, math.nan, math.nan, 0.5]) == []


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
