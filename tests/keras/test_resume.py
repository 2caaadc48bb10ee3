"""A search killed with SIGKILL mid-trial resumes in a new process and finishes its budget."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import hyperscout
from hyperscout.trial import TrialState

SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras, torch
    torch.set_num_threads(1)
    import hyperscout.keras as kt
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    x = (x[:400] / 16.0).astype("float32"); y = y[:400]

    def build(hp):
        model = keras.Sequential([keras.Input(shape=(64,)),
                                  keras.layers.Dense(hp.Int("units", 4, 64), activation="relu"),
                                  keras.layers.Dense(10)])
        model.compile(optimizer=keras.optimizers.Adam(hp.Float("lr", 1e-3, 1e-1, sampling="log")),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                      metrics=["accuracy"])
        return model

    slow = keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: time.sleep(0.4))
    tuner = kt.RandomSearch(build, objective="val_accuracy", max_trials=4, seed=3,
                            directory=sys.argv[1], project_name="killed")
    tuner.search(x, y, epochs=2, validation_split=0.25, callbacks=[slow], verbose=0)
    print("DONE", len(tuner.study.trials), flush=True)
    """
)


def _env() -> dict[str, str]:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return dict(os.environ, PYTHONPATH=root, OMP_NUM_THREADS="1")


@pytest.mark.slow
def test_kill_9_mid_search_then_resume_reaches_max_trials(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "search.py"
    script.write_text(SCRIPT)
    storage = f"sqlite:///{tmp_path / 'killed' / 'study.db'}"
    proc = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path)], env=_env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 240
    killed_during: list[int] = []
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.3)
            if not os.path.exists(tmp_path / "killed" / "study.db"):
                continue
            try:
                trials = hyperscout.load_study(study_name="killed", storage=storage).trials
            except Exception:
                continue
            done = [t for t in trials if t.state == TrialState.COMPLETE]
            running = [t for t in trials if t.state == TrialState.RUNNING]
            if len(done) >= 1 and running and running[0].intermediate_values:
                os.kill(proc.pid, signal.SIGKILL)  # mid-trial: it has reported an epoch
                killed_during = [t.number for t in running]
                break
    finally:
        _, err = proc.communicate(timeout=60)  # waits, and closes the pipes
    assert killed_during, f"the search ended before it could be killed: {err}"
    before = hyperscout.load_study(study_name="killed", storage=storage).trials
    completed_before = {t.number: dict(t.params) for t in before if t.state == TrialState.COMPLETE}
    assert [t.state for t in before if t.number in killed_during] == [TrialState.RUNNING]

    out = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], env=_env(),
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "Resuming the search" in out.stdout
    after = hyperscout.load_study(study_name="killed", storage=storage).trials
    complete = [t for t in after if t.state == TrialState.COMPLETE]
    # The budget is reached: four trials, each completed once.
    assert len(complete) == 4
    # Completed trials are kept as they were and none of them is run again.
    for number, params in completed_before.items():
        assert after[number].state == TrialState.COMPLETE and dict(after[number].params) == params
    retried = [t for t in after if "keras:retry_of" in t.user_attrs]
    assert {t.user_attrs["keras:retry_of"] for t in retried} == set(killed_during)
    # The interrupted trial was failed and rerun with the same values.
    interrupted = after[killed_during[0]]
    assert interrupted.state == TrialState.FAIL
    assert any(dict(t.params) == dict(interrupted.params) for t in retried)
