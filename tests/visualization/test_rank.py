from __future__ import annotations

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_rank
from hyperscout.visualization._rank import compute_rank, rank_fraction

from .conftest import complete

# mixed_study: COMPLETE trials 0, 2, 4, 5 with values 5, 3, 4, 1 (ranks 3, 1, 2, 0).
COLOR = [1.0, 1 / 3, 2 / 3, 0.0]


def test_rank_fraction_averages_ties() -> None:
    np.testing.assert_allclose(rank_fraction(np.array([3.0, 1.0, 2.0, 2.0])), [1, 0, 0.5, 0.5])
    np.testing.assert_array_equal(rank_fraction(np.array([7.0])), [0.5])
    assert rank_fraction(np.empty(0)).size == 0


def test_record_ranks_and_pair(mixed_study: hs.Study) -> None:
    rec = compute_rank(mixed_study, params=["lr", "kind"])
    np.testing.assert_array_equal(rec.numbers, [0, 2, 4, 5])  # FAIL, PRUNED, RUNNING left out
    np.testing.assert_allclose(rec.color, COLOR)
    ((p,),) = rec.panels
    assert p.x_axis.name == "lr" and p.x_axis.log
    assert p.y_axis is not None and p.y_axis.categorical
    np.testing.assert_array_equal(p.x, [1e-3, 1e-1, 1e-2, 0.5])
    np.testing.assert_array_equal(p.y, [1, 0, 2, 1])  # index of each trial's choice
    ticks, labels = rec.ticks()
    assert labels[0] == "min. (1)" and labels[-1] == "max. (5)" and ticks[2] == 0.5


def test_matrix_for_three_or_more_params(mixed_study: hs.Study) -> None:
    rec = compute_rank(mixed_study)
    assert rec.params == ("kind", "lr", "n", "x")
    assert len(rec.panels) == 4 and all(len(row) == 4 for row in rec.panels)
    p = rec.panels[1][3]  # row: lr on y; column: x on x
    assert (p.x_axis.name, p.y_axis.name if p.y_axis else None) == ("x", "lr")
    np.testing.assert_array_equal(p.x, [1.0, -2.0, 0.5, 3.0])
    fig = plot_rank(mixed_study)
    assert len(fig.data) == 16 + 1  # panels and the colour-bar carrier
    assert fig.layout.title.text == "Rank (Objective Value)"
    axes = mvis.plot_rank(mixed_study)
    assert axes.shape == (4, 4)
    assert axes[2, 0].get_yscale() == "log"  # n is IntDistribution(log=True)
    assert [t.get_text() for t in axes[3, 0].get_xticklabels()] == ["linear", "rbf", "poly"]


def test_single_param_is_drawn_against_the_target(mixed_study: hs.Study) -> None:
    rec = compute_rank(mixed_study, params=["x"])
    ((p,),) = rec.panels
    assert p.y_axis is None
    np.testing.assert_array_equal(p.y, [5.0, 3.0, 4.0, 1.0])
    ax = mvis.plot_rank(mixed_study, params=["x"], target_name="loss")
    assert ax.get_ylabel() == "loss" and ax.get_xlabel() == "x"
    assert ax.collections[0].get_offsets().shape == (4, 2)


def test_trials_missing_a_param_are_left_out_of_its_panels(mixed_study: hs.Study) -> None:
    mixed_study.add_trial(complete(0.0, {"x": 2.0}))
    rec = compute_rank(mixed_study, params=["x", "lr"])
    ((p,),) = rec.panels
    np.testing.assert_array_equal(rec.numbers[p.rows], [0, 2, 4, 5])
    np.testing.assert_allclose(rec.color[p.rows], [1.0, 0.5, 0.75, 0.25])  # ranked among 5


def test_plotly_axes_colours_and_hover(mixed_study: hs.Study) -> None:
    fig = plot_rank(
        mixed_study, params=["lr", "kind"], target=lambda t: -t.values[0], target_name="score"
    )
    assert fig.layout.xaxis.type == "log"
    assert list(fig.layout.yaxis.ticktext) == ["linear", "rbf", "poly"]
    np.testing.assert_allclose(fig.data[0].marker.color, [0.0, 2 / 3, 1 / 3, 1.0])
    assert len(fig.data[0].x) == 4
    assert "Trial 5" in fig.data[0].hovertext[3] and "score: -1" in fig.data[0].hovertext[3]
    assert fig.layout.title.text == "Rank (score)"
    ax = mvis.plot_rank(mixed_study, params=["lr", "kind"])
    assert ax.get_xscale() == "log"
    assert ax.collections[0].get_offsets().shape == (4, 2)


def test_errors(mixed_study: hs.Study) -> None:
    with pytest.raises(ValueError, match=r"\['nope'\]"):
        plot_rank(mixed_study, params=["nope"])
    with pytest.raises(ValueError, match="target="):
        plot_rank(hs.create_study(directions=["minimize", "maximize"]))


def test_empty_study_warns(empty_study: hs.Study) -> None:
    with pytest.warns(UserWarning, match="rank plot"):
        fig = plot_rank(empty_study)
    assert len(fig.data) == 0
    with pytest.warns(UserWarning, match="rank plot"):
        ax = mvis.plot_rank(empty_study)
    assert not ax.collections
