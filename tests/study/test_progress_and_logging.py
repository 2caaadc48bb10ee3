"""The progress bar (with n_trials, timeout and threads) and the one-line-per-trial log."""

from __future__ import annotations

import logging
import time

import pytest

import hyperscout
from hyperscout.samplers import RandomSampler


def objective(trial: hyperscout.Trial) -> float:
    time.sleep(0.002)
    return trial.suggest_float("x", 0, 1)


@pytest.mark.parametrize(
    "kwargs", [{"n_trials": 8}, {"timeout": 0.2}, {"n_trials": 8, "n_jobs": 2}]
)
def test_progress_bar_counts_trials(kwargs: dict, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[type-arg]
    study = hyperscout.create_study(sampler=RandomSampler(seed=0))
    study.optimize(objective, show_progress_bar=True, **kwargs)
    err = capsys.readouterr().err
    assert f"{len(study.trials)}" in err and "trial" in err
    if "n_trials" in kwargs:
        assert "8/8" in err


def test_one_info_line_per_finished_trial(caplog: pytest.LogCaptureFixture) -> None:
    hyperscout.logging.set_verbosity(hyperscout.logging.INFO)
    hyperscout.logging.disable_default_handler()
    try:
        with caplog.at_level(logging.INFO, logger="hyperscout"):
            study = hyperscout.create_study(sampler=RandomSampler(seed=0))
            study.optimize(objective, n_trials=3)
        # A set: pytest may capture one record through two handlers.
        finished = sorted({r.getMessage() for r in caplog.records if "finished with" in r.getMessage()})
        assert [m.split(" finished")[0] for m in finished] == ["Trial 0", "Trial 1", "Trial 2"]
        assert all("Best is trial" in m for m in finished)
        caplog.clear()
        hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
        study.optimize(objective, n_trials=2)
        assert not [r for r in caplog.records if "finished" in r.getMessage()]
    finally:
        hyperscout.logging.enable_default_handler()
