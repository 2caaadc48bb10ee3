from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np
import pytest

keras = pytest.importorskip("keras")
torch = pytest.importorskip("torch")
torch.set_num_threads(1)

import hyperscout  # noqa: E402
from hyperscout.integration import KerasPruningCallback  # noqa: E402
from hyperscout.pruners import ThresholdPruner  # noqa: E402
from hyperscout.trial import TrialState  # noqa: E402


def _data():  # type: ignore[no-untyped-def]
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    return (x[:400] / 16.0).astype("float32"), y[:400]


def _objective(monitor: str, epochs: int = 3):  # type: ignore[no-untyped-def]
    x, y = _data()

    def objective(trial):  # type: ignore[no-untyped-def]
        model = keras.Sequential(
            [
                keras.Input(shape=(64,)),
                keras.layers.Dense(trial.suggest_int("units", 4, 32, log=True), activation="relu"),
                keras.layers.Dense(10),
            ]
        )
        model.compile(
            optimizer=keras.optimizers.Adam(trial.suggest_float("lr", 1e-3, 1e-1, log=True)),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=["accuracy"],
        )
        history = model.fit(
            x, y, epochs=epochs, validation_split=0.25, verbose=0,
            callbacks=[KerasPruningCallback(trial, monitor)],
        )
        return history.history[monitor][-1]

    return objective


def test_reports_every_epoch_and_completes_without_pruner() -> None:
    study = hyperscout.create_study(direction="minimize")
    study.optimize(_objective("val_loss"), n_trials=2)
    for trial in study.trials:
        assert trial.state == TrialState.COMPLETE
        assert sorted(trial.intermediate_values) == [0, 1, 2]  # the epoch is the step
        assert trial.intermediate_values[2] == pytest.approx(trial.value)


def test_prunes_when_the_pruner_says_so() -> None:
    study = hyperscout.create_study(direction="maximize", pruner=ThresholdPruner(lower=1.5))
    study.optimize(_objective("val_accuracy", epochs=5), n_trials=2)
    assert [t.state for t in study.trials] == [TrialState.PRUNED] * 2
    assert all(list(t.intermediate_values) == [0] for t in study.trials)


def test_unknown_metric_and_bad_arguments_raise_clearly() -> None:
    study = hyperscout.create_study()
    with pytest.raises(ValueError, match=r"logged no metric 'val_nope'.*logged \["):
        study.optimize(_objective("val_nope", epochs=1), n_trials=1)
    trial = study.ask()
    with pytest.raises(ValueError, match="interval must be an int >= 1, got interval=0"):
        KerasPruningCallback(trial, "val_loss", interval=0)
    with pytest.raises(TypeError, match="monitor must be a non-empty str"):
        KerasPruningCallback(trial, "")
    assert np.isfinite(1.0)
