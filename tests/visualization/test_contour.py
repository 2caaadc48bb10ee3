from __future__ import annotations

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.distributions import FloatDistribution
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_contour
from hyperscout.visualization._contour import compute_contour, oriented_pair


@pytest.fixture
def linear_study() -> hs.Study:
    """value = 2a + 3 log10(b) on random points, b log-scaled."""
    rng = np.random.default_rng(0)
    dists = {"a": FloatDistribution(0.0, 1.0), "b": FloatDistribution(1e-3, 1.0, log=True)}
    study = hs.create_study()
    corners = [(0.0, 1e-3), (0.0, 1.0), (1.0, 1e-3), (1.0, 1.0)]
    points = corners + [(rng.uniform(), 10 ** rng.uniform(-3, 0)) for _ in range(30)]
    study.add_trials(
        hs.create_trial(value=2 * a + 3 * np.log10(b), params={"a": a, "b": b}, distributions=dists)
        for a, b in points
    )
    return study


def test_interpolation_reproduces_a_linear_function(linear_study: hs.Study) -> None:
    rec = compute_contour(linear_study)
    (pair,) = rec.pairs
    assert pair.x_axis.name == "a" and pair.y_axis.log
    assert pair.z.shape == (pair.y_grid.size, pair.x_grid.size)
    # b's grid is log-spaced, and interpolation is linear in log10(b).
    np.testing.assert_allclose(np.diff(np.log10(pair.y_grid)), np.diff(np.log10(pair.y_grid))[0])
    gx, gy = np.meshgrid(pair.x_grid, pair.y_grid)
    np.testing.assert_allclose(pair.z, 2 * gx + 3 * np.log10(gy), atol=1e-7)
    flipped = oriented_pair(rec, "b", "a")
    np.testing.assert_array_equal(flipped.z, pair.z.T)


def test_mixed_study_pairs_and_nan_free_grid(mixed_study: hs.Study) -> None:
    rec = compute_contour(mixed_study, params=["x", "lr", "kind"])
    assert len(rec.pairs) == 3
    for p in rec.pairs:
        assert not np.isnan(p.z).any()  # nearest fill outside the hull
        assert p.values.size == 4


def test_one_parameter_warns(mixed_study: hs.Study) -> None:
    with pytest.warns(UserWarning, match="at least 2 parameters"):
        fig = plot_contour(mixed_study, params=["x"])
    assert len(fig.data) == 0


def test_plotly_two_and_three_params(linear_study: hs.Study, mixed_study: hs.Study) -> None:
    fig = plot_contour(linear_study)
    assert [t.type for t in fig.data] == ["contour", "scatter"]
    assert fig.layout.yaxis.type == "log"
    fig3 = plot_contour(mixed_study, params=["x", "lr", "n"])
    assert sum(t.type == "contour" for t in fig3.data) == 6  # every off-diagonal cell


def test_matplotlib(linear_study: hs.Study, mixed_study: hs.Study) -> None:
    ax = mvis.plot_contour(linear_study)
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "a" and ax.get_ylabel() == "b"
    axes = mvis.plot_contour(mixed_study, params=["x", "lr", "n"])
    assert axes.shape == (3, 3)
    assert axes[1, 0].get_yscale() == "log"  # row "lr"
