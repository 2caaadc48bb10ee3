from __future__ import annotations

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_slice
from hyperscout.visualization._slice import compute_slice


def _by_name(rec, name):  # type: ignore[no-untyped-def]
    return next(p for p in rec.params if p.axis.name == name)


def test_record_values_colours_and_log_flags(mixed_study: hs.Study) -> None:
    rec = compute_slice(mixed_study)
    assert [p.axis.name for p in rec.params] == ["kind", "lr", "n", "x"]
    lr = _by_name(rec, "lr")
    assert lr.axis.log and not lr.axis.categorical
    np.testing.assert_array_equal(lr.x, [1e-3, 1e-1, 1e-2, 0.5])
    np.testing.assert_array_equal(lr.y, [5.0, 3.0, 4.0, 1.0])
    np.testing.assert_array_equal(lr.numbers, [0, 2, 4, 5])  # colour = trial number
    assert _by_name(rec, "n").axis.log  # IntDistribution(log=True)
    assert not _by_name(rec, "x").axis.log
    kind = _by_name(rec, "kind")
    assert kind.axis.categorical and kind.axis.categories == ("linear", "rbf", "poly")
    np.testing.assert_array_equal(kind.x, [1, 0, 2, 1])  # index of each trial's choice


def test_params_selects_and_checks(mixed_study: hs.Study) -> None:
    rec = compute_slice(mixed_study, params=["x"])
    assert [p.axis.name for p in rec.params] == ["x"]
    with pytest.raises(ValueError, match=r"\['nope'\]"):
        compute_slice(mixed_study, params=["nope"])


def test_plotly_log_axis_and_colour(mixed_study: hs.Study) -> None:
    fig = plot_slice(mixed_study, params=["lr", "x", "kind"])
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.xaxis2.type != "log"
    assert list(fig.layout.xaxis3.ticktext) == ["linear", "rbf", "poly"]
    np.testing.assert_array_equal(fig.data[0].marker.color, [0, 2, 4, 5])
    assert fig.layout.yaxis.title.text == "Objective Value"


def test_matplotlib_log_axis(mixed_study: hs.Study) -> None:
    axes = mvis.plot_slice(mixed_study, params=["lr", "x"])
    assert axes[0].get_xscale() == "log"
    assert axes[1].get_xscale() == "linear"
    assert axes[0].get_xlabel() == "lr"
    ax = mvis.plot_slice(mixed_study, params=["kind"])  # one parameter: one Axes
    assert [t.get_text() for t in ax.get_xticklabels()] == ["linear", "rbf", "poly"]


def test_empty_study_warns(empty_study: hs.Study) -> None:
    with pytest.warns(UserWarning, match="slice plot"):
        fig = plot_slice(empty_study)
    assert len(fig.data) == 0
    with pytest.warns(UserWarning, match="slice plot"):
        mvis.plot_slice(empty_study)
