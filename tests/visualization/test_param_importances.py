from __future__ import annotations

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.distributions import FloatDistribution
from hyperscout.importance import PedAnovaImportanceEvaluator
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_param_importances
from hyperscout.visualization._param_importances import compute_param_importances


@pytest.fixture
def xy_study() -> hs.Study:
    rng = np.random.default_rng(1)
    dists = {"x": FloatDistribution(0, 1), "y": FloatDistribution(0, 1)}
    study = hs.create_study()
    study.add_trials(
        hs.create_trial(value=10 * x + 0.1 * y, params={"x": x, "y": y}, distributions=dists)
        for x, y in rng.uniform(size=(60, 2))
    )
    return study


def test_record_ordered_and_normalised(xy_study: hs.Study) -> None:
    rec = compute_param_importances(xy_study, PedAnovaImportanceEvaluator())
    assert rec.names == ("x", "y")
    assert rec.importances.sum() == pytest.approx(1.0)
    assert rec.evaluator == "PedAnovaImportanceEvaluator"


def test_plotly_bars_most_important_on_top(xy_study: hs.Study) -> None:
    fig = plot_param_importances(xy_study, target_name="loss")
    (bar,) = fig.data
    assert bar.orientation == "h"
    assert list(bar.y) == ["y", "x"]  # plotly draws bottom-up
    assert fig.layout.xaxis.title.text == "Importance for loss"


def test_matplotlib(xy_study: hs.Study) -> None:
    ax = mvis.plot_param_importances(xy_study)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["y", "x"]
    widths = [p.get_width() for p in ax.patches]
    assert widths[1] > 0.9


def test_too_few_trials_warn(mixed_study: hs.Study, empty_study: hs.Study) -> None:
    with pytest.warns(UserWarning, match="at least 2"):
        fig = plot_param_importances(empty_study)
    assert len(fig.data) == 0


def test_works_with_failed_pruned_running(mixed_study: hs.Study) -> None:
    rec = compute_param_importances(mixed_study)
    assert set(rec.names) == {"x", "lr", "n", "kind"}
    assert rec.importances.sum() == pytest.approx(1.0)
