from __future__ import annotations

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_optimization_history
from hyperscout.visualization._optimization_history import compute_optimization_history
from hyperscout.visualization._utils import best_so_far

from .conftest import P0, P1, complete


def test_best_so_far_minimize_and_maximize_skip_nan() -> None:
    v = np.array([np.nan, 5.0, 3.0, np.nan, 4.0, 1.0])
    np.testing.assert_array_equal(best_so_far(v, "minimize"), [np.nan, 5, 3, 3, 3, 1])
    np.testing.assert_array_equal(best_so_far(v, "maximize"), [np.nan, 5, 5, 5, 5, 5])


def test_record_keeps_complete_trials_and_best_so_far(mixed_study: hs.Study) -> None:
    rec = compute_optimization_history(mixed_study)
    (s,) = rec.series
    np.testing.assert_array_equal(s.numbers, [0, 2, 4, 5])  # no FAIL/PRUNED/RUNNING
    np.testing.assert_array_equal(s.values, [5.0, 3.0, 4.0, 1.0])
    assert s.best is not None
    np.testing.assert_array_equal(s.best, [5.0, 3.0, 3.0, 1.0])
    assert rec.direction == "minimize"


def test_record_maximize() -> None:
    study = hs.create_study(direction="maximize")
    study.add_trials([complete(v, P0) for v in (2.0, 1.0, 7.0, 3.0)])
    (s,) = compute_optimization_history(study).series
    assert s.best is not None
    np.testing.assert_array_equal(s.best, [2.0, 2.0, 7.0, 7.0])


def test_custom_target_has_no_best_line(mixed_study: hs.Study) -> None:
    rec = compute_optimization_history(mixed_study, target=lambda t: t.params["x"], target_name="x")
    (s,) = rec.series
    assert s.best is None
    np.testing.assert_array_equal(s.values, [1.0, -2.0, 0.5, 3.0])


def test_error_bar_averages_studies() -> None:
    a, b = hs.create_study(), hs.create_study()
    a.add_trials([complete(v, P0) for v in (4.0, 2.0)])
    b.add_trials([complete(v, P1) for v in (2.0, 6.0)])
    rec = compute_optimization_history([a, b], error_bar=True)
    (s,) = rec.series
    np.testing.assert_allclose(s.values, [3.0, 4.0])
    assert s.values_std is not None and s.best is not None and s.best_std is not None
    np.testing.assert_allclose(s.values_std, [1.0, 2.0])
    np.testing.assert_allclose(s.best, [3.0, 2.0])  # best so far: a (4, 2), b (2, 2)


def test_multi_objective_needs_target() -> None:
    study = hs.create_study(directions=["minimize", "maximize"])
    with pytest.raises(ValueError, match="2 objectives"):
        plot_optimization_history(study)


def test_empty_study_warns_and_gives_empty_figure(empty_study: hs.Study) -> None:
    with pytest.warns(UserWarning, match="no COMPLETE trial"):
        fig = plot_optimization_history(empty_study)
    assert all(len(t.x) == 0 for t in fig.data)


def test_plotly_figure_has_values_and_best_line(mixed_study: hs.Study) -> None:
    fig = plot_optimization_history(mixed_study)
    names = [t.name for t in fig.data]
    assert names == ["Objective Value", "Best Value"]
    np.testing.assert_array_equal(fig.data[1].y, [5.0, 3.0, 3.0, 1.0])
    assert fig.layout.xaxis.title.text == "Trial"
    assert fig.layout.yaxis.title.text == "Objective Value"


def test_several_studies_get_one_series_each(mixed_study: hs.Study) -> None:
    other = hs.create_study()
    other.add_trials([complete(2.0, P0)])
    fig = plot_optimization_history([mixed_study, other])
    assert len(fig.data) == 4


def test_matplotlib_axes(mixed_study: hs.Study) -> None:
    ax = mvis.plot_optimization_history(mixed_study, target_name="loss")
    assert ax.get_xlabel() == "Trial"
    assert ax.get_ylabel() == "loss"
    labels = [h.get_label() for h in ax.get_legend().legend_handles]
    assert labels == ["loss", "Best Value"]
    (best_line,) = ax.get_lines()
    np.testing.assert_array_equal(best_line.get_ydata(), [5.0, 3.0, 3.0, 1.0])
