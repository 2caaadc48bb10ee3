from __future__ import annotations

import datetime

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.visualization import matplotlib as mvis
from hyperscout.visualization import plot_timeline
from hyperscout.visualization._timeline import UNKNOWN_WORKER, compute_timeline

from .conftest import T0


def test_record_lanes_per_worker_and_running_is_ongoing(mixed_study: hs.Study) -> None:
    now = datetime.datetime.now()
    rec = compute_timeline(mixed_study, now=now)
    assert rec.workers[:2] == ("w0", "w1")
    assert rec.workers[2] == UNKNOWN_WORKER  # the running trial has no worker yet
    np.testing.assert_array_equal(rec.lanes[:6], [0, 1, 1, 0, 0, 1])
    assert rec.states[-1] == "RUNNING" and rec.ongoing[-1] and not rec.ongoing[:-1].any()
    assert rec.end[-1] == max(now, rec.start[-1])
    np.testing.assert_allclose(rec.seconds()[:6], [2, 1, 3, 1, 2, 2])
    assert rec.start[0] == T0


def test_plotly_bars_by_state(mixed_study: hs.Study) -> None:
    fig = plot_timeline(mixed_study)
    names = [t.name for t in fig.data]
    assert names == ["Complete", "Pruned", "Fail", "Running (ongoing)"]
    assert fig.layout.xaxis.type == "date"
    complete = fig.data[0]
    np.testing.assert_allclose(complete.x, [2000, 3000, 2000, 2000])
    assert list(complete.y) == ["w0", "w1", "w0", "w1"]


def test_matplotlib(mixed_study: hs.Study) -> None:
    ax = mvis.plot_timeline(mixed_study)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["w0", "w1", UNKNOWN_WORKER]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Complete", "Pruned", "Fail", "Running (ongoing)"]


def test_empty(empty_study: hs.Study) -> None:
    with pytest.warns(UserWarning, match="has started"):
        mvis.plot_timeline(empty_study)


def test_n_recent_trials(mixed_study: hs.Study) -> None:
    rec = compute_timeline(mixed_study, 2)
    np.testing.assert_array_equal(rec.numbers, [5, 6])
    with pytest.raises(ValueError, match="n_recent_trials=0"):
        plot_timeline(mixed_study, n_recent_trials=0)
