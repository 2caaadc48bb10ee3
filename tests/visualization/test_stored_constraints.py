"""Plots mark infeasible trials from the constraints stored on them (``FrozenTrial.constraints``),
with no ``constraints_func`` passed again, on both backends."""

from __future__ import annotations

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.distributions import FloatDistribution
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import (
    plot_hypervolume_history,
    plot_optimization_history,
    plot_pareto_front,
)
from hyperscout.visualization._hypervolume_history import compute_hypervolume_history
from hyperscout.visualization._optimization_history import compute_optimization_history
from hyperscout.visualization._pareto_front import compute_pareto_front

X = {"x": FloatDistribution(0.0, 10.0)}

# (values, constraints): trial 1 would be on the front but violates its constraint, trial 3
# has no constraints stored (feasible, as in Optuna).
TWO = [
    ((2.0, 2.0), (-1.0,)),
    ((1.0, 1.0), (0.5,)),
    ((3.0, 1.5), (0.0,)),
    ((1.5, 3.0), None),
    ((4.0, 4.0), (-2.0, 1.0)),
]


def _two_objective_study() -> hs.Study:
    study = hs.create_study(directions=["minimize", "minimize"])
    for i, (values, cons) in enumerate(TWO):
        study.add_trial(
            hs.create_trial(
                values=list(values), params={"x": float(i)}, distributions=X, constraints=cons
            )
        )
    return study


def test_pareto_front_reads_stored_constraints() -> None:
    record = compute_pareto_front(_two_objective_study())
    assert record.has_constraints
    assert record.infeasible.numbers.tolist() == [1, 4]
    # Without trial 1, (2, 2), (3, 1.5) and (1.5, 3) are all non-dominated.
    assert sorted(record.best.numbers.tolist()) == [0, 2, 3]
    assert record.dominated.size == 0


def test_a_given_constraints_func_still_decides() -> None:
    record = compute_pareto_front(_two_objective_study(), constraints_func=lambda t: [0.0])
    assert record.infeasible.size == 0
    assert record.best.numbers.tolist() == [1]


def test_study_without_constraints_has_no_infeasible_group() -> None:
    study = hs.create_study(directions=["minimize", "minimize"])
    for i, (values, _) in enumerate(TWO):
        study.add_trial(
            hs.create_trial(values=list(values), params={"x": float(i)}, distributions=X)
        )
    record = compute_pareto_front(study)
    assert not record.has_constraints and record.infeasible.size == 0


def test_pareto_front_both_backends_draw_the_infeasible_group() -> None:
    study = _two_objective_study()
    fig = plot_pareto_front(study)
    by_name = {t.name: t for t in fig.data}
    assert sorted(np.asarray(by_name["Infeasible Trial"].x).tolist()) == [1.0, 4.0]
    ax = mvis.plot_pareto_front(study)
    labels = [h.get_label() for h in ax.get_legend().legend_handles]
    assert "Infeasible Trial" in labels


def _single_objective_study() -> hs.Study:
    # Trial 1 is the lowest value but infeasible: the best so far must skip it.
    rows = [(5.0, (-1.0,)), (1.0, (2.0,)), (3.0, (-0.5,)), (2.0, (0.0,))]
    study = hs.create_study()
    for i, (value, cons) in enumerate(rows):
        study.add_trial(
            hs.create_trial(value=value, params={"x": float(i)}, distributions=X, constraints=cons)
        )
    return study


def test_optimization_history_splits_feasible_and_infeasible() -> None:
    record = compute_optimization_history(_single_objective_study())
    (series,) = record.series
    assert series.feasible is not None
    assert series.infeasible_numbers.tolist() == [1]
    assert series.best is not None
    assert series.best.tolist() == [5.0, 5.0, 3.0, 2.0]


def test_optimization_history_both_backends() -> None:
    study = _single_objective_study()
    fig = plot_optimization_history(study)
    by_name = {t.name: t for t in fig.data}
    assert np.asarray(by_name["Infeasible Trial"].x).tolist() == [1]
    assert np.asarray(by_name["Objective Value"].x).tolist() == [0, 2, 3]
    ax = mvis.plot_optimization_history(study)
    labels = [h.get_label() for h in ax.get_legend().legend_handles]
    assert "Infeasible Trial" in labels


def test_hypervolume_history_marks_infeasible_trials() -> None:
    study = _two_objective_study()
    record = compute_hypervolume_history(study, [5.0, 5.0])
    assert record.infeasible_numbers.tolist() == [1, 4]
    # Trial 1 (1, 1) would dominate everything; being infeasible it adds nothing.
    assert record.values[1] == pytest.approx(record.values[0]) == pytest.approx(9.0)
    fig = plot_hypervolume_history(study, [5.0, 5.0])
    by_name = {t.name: t for t in fig.data}
    assert np.asarray(by_name["Infeasible Trial"].x).tolist() == [1, 4]
    ax = mvis.plot_hypervolume_history(study, [5.0, 5.0])
    labels = [h.get_label() for h in ax.get_legend().legend_handles]
    assert "Infeasible Trial" in labels
