"""Readable axes in the matplotlib renderers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np

import hyperscout
import hyperscout.visualization.matplotlib as hv


def test_narrow_log_axis_has_plain_unoverlapping_labels() -> None:
    study = hyperscout.create_study(sampler=hyperscout.samplers.RandomSampler(seed=0))
    study.optimize(lambda t: float(t.suggest_int("leaves", 4, 64, log=True)), n_trials=20)
    ax = np.ravel(hv.plot_slice(study))[0]
    ax.figure.canvas.draw()
    assert ax.get_xscale() == "log"
    minor = [t.get_text() for t in ax.get_xticklabels(minor=True) if t.get_text()]
    assert minor == []  # the minor labels were what ran into each other
    major = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert major and all("\\times" not in m and "^" not in m for m in major)


def test_comparison_counts_trials_in_whole_numbers() -> None:
    studies = []
    for seed in range(2):
        s = hyperscout.create_study(sampler=hyperscout.samplers.RandomSampler(seed=seed))
        s.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
        studies.append(s)
    ax = hv.plot_comparison({"random": studies})
    ax.figure.canvas.draw()
    ticks = ax.get_xticks()
    assert np.allclose(ticks, np.round(ticks))
