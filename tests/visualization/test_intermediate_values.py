from __future__ import annotations

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_intermediate_values
from hyperscout.visualization._intermediate_values import compute_intermediate_values


def test_record_has_curves_of_complete_and_pruned(mixed_study: hs.Study) -> None:
    rec = compute_intermediate_values(mixed_study)
    np.testing.assert_array_equal(rec.numbers, [0, 2, 3])
    assert rec.states == ("COMPLETE", "COMPLETE", "PRUNED")
    np.testing.assert_array_equal(rec.values[0], [9.0, 5.0])
    x, y, n = rec.joined("COMPLETE")
    np.testing.assert_array_equal(y, [9.0, 5.0, np.nan, 4.0, 3.0, np.nan])
    np.testing.assert_array_equal(x, [0, 1, np.nan, 0, 1, np.nan])
    np.testing.assert_array_equal(n, [0, 0, 0, 2, 2, 2])


def test_running_trial_curve_is_shown(mixed_study: hs.Study) -> None:
    trial = mixed_study.ask()
    trial.report(7.0, 0)
    rec = compute_intermediate_values(mixed_study)
    assert rec.states[-1] == "RUNNING"


def test_plotly_one_trace_per_state(mixed_study: hs.Study) -> None:
    fig = plot_intermediate_values(mixed_study)
    assert [t.name for t in fig.data] == ["Complete", "Pruned"]
    assert fig.layout.xaxis.title.text == "Step"


def test_matplotlib(mixed_study: hs.Study) -> None:
    ax = mvis.plot_intermediate_values(mixed_study)
    assert [line.get_label() for line in ax.get_lines()] == ["Complete", "Pruned"]


def test_no_reports_warns(empty_study: hs.Study) -> None:
    with pytest.warns(UserWarning, match="trial.report"):
        mvis.plot_intermediate_values(empty_study)
