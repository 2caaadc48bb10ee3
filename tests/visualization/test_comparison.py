from __future__ import annotations

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_comparison
from hyperscout.visualization._comparison import compute_comparison

from .conftest import P0, complete, other


def _run(values: list[float | None], direction: str = "minimize", name: str | None = None):  # type: ignore[no-untyped-def]
    """Trial i starts at i seconds and ends at i + 1; None is a failed trial."""
    study = hs.create_study(direction=direction, study_name=name)
    study.add_trials(
        complete(v, P0, start=i, end=i + 1)
        if v is not None
        else other(hs.TrialState.FAIL, {}, start=i, end=i + 1)
        for i, v in enumerate(values)
    )
    return study


def test_by_trials_median_and_quartiles() -> None:
    runs = [_run([5, 4, 3]), _run([None, 2, 6]), _run([1, 7, 0, 9])]
    rec = compute_comparison({"algo": runs})
    (g,) = rec.groups
    np.testing.assert_array_equal(g.x, [1, 2, 3])  # the shortest run has 3 trials
    np.testing.assert_array_equal(g.runs[0], [5, 4, 3])
    np.testing.assert_array_equal(g.runs[1], [np.nan, 2, 2])  # a failed first trial
    assert np.isnan(g.median[0])  # not every run has a result yet
    np.testing.assert_allclose(g.median[1:], [2, 2])
    np.testing.assert_allclose(g.q25[1:], np.percentile([[4, 3], [2, 2], [1, 0]], 25, axis=0))
    np.testing.assert_allclose(g.q75[1:], np.percentile([[4, 3], [2, 2], [1, 0]], 75, axis=0))


def test_maximize_and_groups_keep_order() -> None:
    rec = compute_comparison({"b": [_run([1, 3], "maximize")], "a": [_run([2, 1], "maximize")]})
    assert [g.label for g in rec.groups] == ["b", "a"]
    np.testing.assert_array_equal(rec.groups[0].median, [1, 3])
    np.testing.assert_array_equal(rec.groups[1].median, [2, 2])


def test_by_seconds_steps_at_completion_times() -> None:
    rec = compute_comparison([_run([5, 4, 3], name="r")], x="seconds")
    (g,) = rec.groups
    assert g.x[0] == 0 and g.x[-1] == pytest.approx(3.0)
    expected = np.select([g.x >= 3, g.x >= 2, g.x >= 1], [3.0, 4.0, 5.0], np.nan)
    np.testing.assert_array_equal(g.median, expected)
    assert np.isnan(g.median[0])  # nothing finished at 0 s


def test_list_of_studies_one_curve_each_and_errors() -> None:
    a, b = _run([1, 2], name="a"), _run([3], name="b")
    rec = compute_comparison([a, b])
    assert [g.label for g in rec.groups] == ["a", "b"]
    with pytest.raises(ValueError, match="'trials' or 'seconds'"):
        compute_comparison([a], x="minutes")
    with pytest.raises(ValueError, match="share a direction"):
        compute_comparison([a, _run([1], "maximize")])


def test_renderers() -> None:
    groups = {"grid": [_run([3, 2]), _run([4, 1])], "random": [_run([2, 2])]}
    fig = plot_comparison(groups)
    names = [t.name for t in fig.data]
    assert names == ["grid 25-75%", "grid (median of 2)", "random"]
    assert fig.layout.xaxis.title.text == "Trials"
    ax = mvis.plot_comparison(groups, x="seconds")
    assert ax.get_xlabel() == "Wall-clock time (s)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["grid (median of 2)", "random"]
    assert len(ax.collections) == 1  # one quartile band (the single run has none)
