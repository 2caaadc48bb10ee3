"""A process killed mid-study (SIGKILL, no clean-up at all) loses nothing it had stored."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

import hyperscout
from hyperscout.trial import TrialState

WORKER = """
import time, hyperscout
hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
def objective(trial):
    x = trial.suggest_float("x", -5, 5)
    trial.report(x, 0)
    time.sleep(0.05)
    return x * x
study = hyperscout.create_study(storage={url!r}, study_name="crash", load_if_exists=True,
                                sampler=hyperscout.samplers.RandomSampler(seed=0))
study.optimize(objective, n_trials=10_000)
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_study_keeps_every_finished_trial(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    proc = subprocess.Popen([sys.executable, "-c", WORKER.format(url=url)])
    deadline = time.monotonic() + 120
    n_complete = 0
    while time.monotonic() < deadline and n_complete < 8:
        time.sleep(0.1)
        try:
            study = hyperscout.load_study(study_name="crash", storage=url)
            n_complete = len(study.get_trials(states=(TrialState.COMPLETE,)))
        except Exception:  # the database or study may not exist yet
            continue
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert n_complete >= 8, "the worker did not get going"

    study = hyperscout.load_study(study_name="crash", storage=url)
    trials = study.trials
    assert [t.number for t in trials] == list(range(len(trials)))
    complete = [t for t in trials if t.state == TrialState.COMPLETE]
    assert len(complete) >= n_complete
    for t in complete:  # every finished trial is whole
        assert t.value == pytest.approx(t.params["x"] ** 2)
        assert t.intermediate_values == {0: t.params["x"]}
        assert t.datetime_complete is not None
    # At most the one trial that was running is left RUNNING; everything else finished.
    assert sum(t.state == TrialState.RUNNING for t in trials) <= 1

    # The study resumes in a new process's place, numbering on.
    study.optimize(lambda t: t.suggest_float("x", -5, 5) ** 2, n_trials=3)
    assert len(study.trials) == len(trials) + 3
    assert study.trials[-1].number == len(trials) + 2
