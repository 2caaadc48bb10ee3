"""Keras 3 on the PyTorch backend (the import lives with the Keras callback, one layer down)."""

from hyperscout.integration._keras import import_keras

__all__ = ["import_keras"]
