"""Keras 3 on the PyTorch backend for every test here (chosen before Keras is imported)."""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np
import pytest

keras = pytest.importorskip("keras")
torch = pytest.importorskip("torch")
# One thread: on a shared 2-core machine, torch's thread pool contends and runs 10x slower.
torch.set_num_threads(1)


@pytest.fixture(scope="session")
def digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A small slice of scikit-learn's digits: 500 training and 200 validation images."""
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype("float32")
    rng = np.random.default_rng(0)
    order = rng.permutation(len(x))
    x, y = x[order], y[order]
    return x[:500], y[:500], x[500:700], y[500:700]


def _build_model(hp):  # type: ignore[no-untyped-def]
    """The tutorial's model, small: units, dropout and learning rate."""
    model = keras.Sequential(
        [
            keras.Input(shape=(64,)),
            keras.layers.Dense(hp.Int("units", 8, 32, step=8), activation="relu"),
            keras.layers.Dropout(hp.Float("dropout", 0.0, 0.4, step=0.2)),
            keras.layers.Dense(10),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(hp.Choice("learning_rate", [1e-2, 1e-3])),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model


@pytest.fixture(scope="session")
def build_model():  # type: ignore[no-untyped-def]
    return _build_model
