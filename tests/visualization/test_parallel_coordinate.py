from __future__ import annotations

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_parallel_coordinate
from hyperscout.visualization._parallel_coordinate import compute_parallel_coordinate

from .conftest import complete


def test_record_drops_trials_missing_a_parameter(mixed_study: hs.Study) -> None:
    mixed_study.add_trial(complete(0.5, {"x": 1.0}))
    rec = compute_parallel_coordinate(mixed_study, params=["x", "lr"])
    assert rec.n_skipped == 1
    np.testing.assert_array_equal(rec.values, [5.0, 3.0, 4.0, 1.0])
    lr = rec.dims[1]
    assert lr.axis.log
    np.testing.assert_allclose(lr.drawn(), [-3, -1, -2, np.log10(0.5)])
    pos, text = lr.ticks()
    assert pos == [-3.0, -2.0, -1.0, 0.0] and text[0] == "0.001"


def test_plotly_dimensions(mixed_study: hs.Study) -> None:
    fig = plot_parallel_coordinate(mixed_study)
    (pc,) = fig.data
    labels = [d.label for d in pc.dimensions]
    assert labels == ["Objective Value", "kind", "lr", "n", "x"]
    assert list(pc.dimensions[1].ticktext) == ["linear", "rbf", "poly"]
    np.testing.assert_array_equal(pc.line.color, [5.0, 3.0, 4.0, 1.0])


def test_matplotlib(mixed_study: hs.Study) -> None:
    ax = mvis.plot_parallel_coordinate(mixed_study, params=["lr", "kind"])
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["Objective Value", "lr (log)", "kind"]
    (lines,) = ax.collections
    assert len(lines.get_segments()) == 4


def test_empty(empty_study: hs.Study) -> None:
    with pytest.warns(UserWarning, match="parallel coordinate"):
        fig = plot_parallel_coordinate(empty_study)
    assert len(fig.data) == 0
