"""Keras 3: a callback that reports a validation metric every epoch and prunes on request."""

from __future__ import annotations

import math
import os
from typing import Any

from hyperscout._checks import check_int
from hyperscout.exceptions import (
    InvalidArgumentError,
    InvalidTypeError,
    MissingDependencyError,
    TrialPruned,
)
from hyperscout.trial._trial import BaseTrial

__all__ = ["KerasPruningCallback", "import_keras"]

_INSTALL = 'pip install "hyperscout[keras]"'


def import_keras() -> Any:
    """Return the ``keras`` module, choosing the PyTorch backend unless ``KERAS_BACKEND`` is set.

    The backend must be chosen before Keras is first imported, so an explicit
    ``KERAS_BACKEND`` (``tensorflow``, ``jax``) set by the user is left alone.
    """
    os.environ.setdefault("KERAS_BACKEND", "torch")
    try:
        import keras
    except ImportError as exc:
        raise MissingDependencyError(
            f"hyperscout's Keras support needs Keras 3 and PyTorch: {_INSTALL} (got: {exc})"
        ) from exc
    version = str(getattr(keras, "__version__", "0"))
    if int(version.split(".")[0]) < 3:
        raise MissingDependencyError(
            f"hyperscout's Keras support needs Keras 3, got {version}: {_INSTALL}"
        )
    return keras


_Callback: Any = import_keras().callbacks.Callback


class KerasPruningCallback(_Callback):
    """Report ``monitor`` after each epoch with ``trial.report(value, epoch)`` and raise
    :class:`~hyperscout.TrialPruned` when ``trial.should_prune()`` says so.

    For plain Keras code with the define-by-run API::

        def objective(trial):
            model = make_model(trial.suggest_int("units", 16, 256, log=True))
            model.fit(x, y, validation_split=0.2, epochs=20,
                      callbacks=[KerasPruningCallback(trial, "val_loss")])
            return model.evaluate(x_val, y_val)[0]

    The epoch index (0-based, as Keras passes it) is the step. The study's direction must
    match the metric (``"minimize"`` for a loss). ``pip install "hyperscout[keras]"``.

    - ``trial``: the running trial.
    - ``monitor``: a metric Keras logs at the end of an epoch, e.g. ``"val_loss"``.
    - ``interval``: report and check every this many epochs.
    """

    def __init__(self, trial: BaseTrial, monitor: str, interval: int = 1) -> None:
        super().__init__()
        if not isinstance(monitor, str) or not monitor:
            raise InvalidTypeError(f"monitor must be a non-empty str, got monitor={monitor!r}")
        check_int("interval", interval, minimum=1)
        self._trial = trial
        self._monitor = monitor
        self._interval = interval

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        if (epoch + 1) % self._interval != 0:
            return
        logs = logs or {}
        if self._monitor not in logs:
            raise InvalidArgumentError(
                f"Keras logged no metric {self._monitor!r} at the end of epoch {epoch}; it "
                f"logged {sorted(logs)!r}: pass one of these as monitor= (validation metrics "
                "need validation_data= or validation_split=)"
            )
        value = float(logs[self._monitor])
        if not math.isfinite(value):
            raise TrialPruned(f"{self._monitor} is {value} at epoch {epoch}")
        self._trial.report(value, epoch)
        if self._trial.should_prune():
            raise TrialPruned(f"pruned at epoch {epoch} ({self._monitor}={value:.6g})")
