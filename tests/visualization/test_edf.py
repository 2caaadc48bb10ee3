from __future__ import annotations

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_edf
from hyperscout.visualization._edf import compute_edf

from .conftest import P0, complete


def test_record_is_the_empirical_cdf(mixed_study: hs.Study) -> None:
    (c,) = compute_edf(mixed_study).curves
    np.testing.assert_array_equal(c.x, [1.0, 3.0, 4.0, 5.0])
    np.testing.assert_array_equal(c.y, [0.25, 0.5, 0.75, 1.0])


def test_several_studies(mixed_study: hs.Study) -> None:
    other = hs.create_study(study_name="other")
    other.add_trials([complete(v, P0) for v in (2.0, 0.0)])
    fig = plot_edf([mixed_study, other])
    assert [t.name for t in fig.data] == [mixed_study.study_name, "other"]
    assert fig.layout.yaxis.title.text == "Cumulative Probability"
    ax = mvis.plot_edf([mixed_study, other])
    np.testing.assert_array_equal(ax.get_lines()[1].get_xdata(), [0.0, 2.0])


def test_empty(empty_study: hs.Study) -> None:
    with pytest.warns(UserWarning, match="EDF"):
        plot_edf(empty_study)
    with pytest.raises(ValueError, match="at least one study"):
        plot_edf([])
