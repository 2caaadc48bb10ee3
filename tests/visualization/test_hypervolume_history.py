from __future__ import annotations

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_hypervolume_history
from hyperscout.visualization._hypervolume_history import compute_hypervolume_history


def _study() -> hs.Study:
    study = hs.create_study(directions=["minimize", "maximize"])
    add = study.add_trial
    add(hs.create_trial(values=[2.0, 1.0]))  # box 2 x 1 against ref (4, 0)
    add(hs.create_trial(values=[3.0, 0.5]))  # dominated: no change
    add(hs.create_trial(state=hs.TrialState.FAIL))
    add(hs.create_trial(values=[1.0, 3.0], constraints=[0.5]))  # infeasible: no change
    add(hs.create_trial(values=[1.0, 2.0]))  # dominates the first: 3 x 2
    add(hs.create_trial(values=[3.0, 3.0], constraints=[0.0]))  # adds [3,4] x [2,3]
    return study


def test_record_is_the_hypervolume_after_each_complete_trial() -> None:
    record = compute_hypervolume_history(_study(), [4.0, 0.0])
    np.testing.assert_array_equal(record.numbers, [0, 1, 3, 4, 5])
    np.testing.assert_allclose(record.values, [2.0, 2.0, 2.0, 6.0, 7.0])


def test_matches_the_hypervolume_function_on_a_real_run() -> None:
    study = hs.create_study(
        directions=["minimize", "minimize", "minimize"],
        sampler=hs.samplers.NSGAIISampler(population_size=10, seed=0),
    )
    study.optimize(lambda t: [t.suggest_float(f"x{i}", 0, 1) for i in range(3)], n_trials=40)
    record = compute_hypervolume_history(study, [1.0, 1.0, 1.0])
    assert np.all(np.diff(record.values) >= 0)
    values = np.array([t.values for t in study.trials])
    for k in (5, 20, 40):
        assert record.values[k - 1] == pytest.approx(hs.hypervolume(values[:k], [1.0, 1.0, 1.0]))


def test_both_renderers_draw_it() -> None:
    study = _study()
    fig = plot_hypervolume_history(study, [4.0, 0.0])
    assert fig.layout.title.text == "Hypervolume History Plot"
    np.testing.assert_allclose(fig.data[0].y, [2.0, 2.0, 2.0, 6.0, 7.0])
    ax = mvis.plot_hypervolume_history(study, [4.0, 0.0])
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [2.0, 2.0, 2.0, 6.0, 7.0])
    assert ax.get_ylabel() == "Hypervolume"


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="several objectives"):
        plot_hypervolume_history(hs.create_study(), [1.0])
    with pytest.raises(ValueError, match="reference_point must be 2 finite numbers"):
        plot_hypervolume_history(_study(), [1.0, 2.0, 3.0])
    with pytest.warns(UserWarning, match="no COMPLETE trial"):
        plot_hypervolume_history(hs.create_study(directions=["minimize"] * 2), [1.0, 1.0])
