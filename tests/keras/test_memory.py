"""Memory stays flat across trials: each trial's model is freed when the trial ends.

Calibration (this machine, Keras 3.15 on PyTorch 2.13): the same 26 fits in a plain loop that
keeps each ``History`` (and so its model, as a user's list of results or a tuner's trial
records would) grow the resident set by about 150 MB between the 6th and the 26th model
(~7.5 MB a model: 0.3 M parameters with Adam's two slots). The tuner must stay well below.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest

import hyperscout.keras as kt

GROWTH_BOUND_MB = 40.0


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def build(hp):  # type: ignore[no-untyped-def]
    model = keras.Sequential(
        [
            keras.Input(shape=(64,)),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(hp.Int("units", 512, 1024, step=16), activation="relu"),
            keras.layers.Dense(10),
        ]
    )
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model


class RecordingSearch(kt.RandomSearch):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.rss: list[float] = []

    def on_trial_end(self, trial) -> None:  # type: ignore[no-untyped-def]
        super().on_trial_end(trial)
        self.rss.append(_rss_mb())


@pytest.mark.slow
def test_rss_is_flat_from_trial_5_to_trial_25(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    x = rng.random((200, 64), dtype=np.float32)
    y = rng.integers(0, 10, 200)
    tuner = RecordingSearch(
        build, objective="val_accuracy", max_trials=26, seed=0,
        directory=tmp_path, project_name="mem",
    )
    tuner.search(x, y, epochs=1, validation_split=0.25, verbose=0)
    assert len(tuner.rss) == 26
    growth = tuner.rss[25] - tuner.rss[5]
    print(f"RSS growth trial 6 -> 26: {growth:.1f} MB")
    assert growth < GROWTH_BOUND_MB, f"RSS grew {growth:.1f} MB over 20 trials: {tuner.rss}"
