"""``HyperModel``: ``build(hp)`` makes a model, ``fit(hp, model, ...)`` trains it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hyperscout.exceptions import InvalidTypeError
from hyperscout.keras._hyperparameters import HyperParameters

__all__ = ["HyperModel", "get_hypermodel"]


class HyperModel:
    """Subclass and override :meth:`build` (and, to tune the training too, :meth:`fit`).

    - ``name``: optional name of this hypermodel.
    - ``tunable``: whether its hyperparameters are tuned (KerasTuner's argument; kept for
      compatibility: define-by-run tunes every parameter ``build`` defines).
    """

    def __init__(self, name: str | None = None, tunable: bool = True) -> None:
        self.name = name
        self.tunable = tunable

    def build(self, hp: HyperParameters) -> Any:
        """Return a compiled Keras model for the values in ``hp``."""
        raise NotImplementedError("a HyperModel subclass must implement build(hp)")

    def declare_hyperparameters(self, hp: HyperParameters) -> None:
        """KerasTuner's hook to declare parameters in advance; nothing to do here."""

    def fit(self, hp: HyperParameters, model: Any, *args: Any, **kwargs: Any) -> Any:
        """Train ``model`` and return its ``History`` (or a dict of metrics, or a float).

        ``args``/``kwargs`` are those given to ``tuner.search``, with the tuner's callbacks
        added to ``callbacks``; pass them on to ``model.fit``. Override to tune training
        arguments, e.g. ``batch_size=hp.Choice("batch_size", [16, 32])``.
        """
        return model.fit(*args, **kwargs)


class _FunctionHyperModel(HyperModel):
    def __init__(self, build: Callable[[HyperParameters], Any]) -> None:
        super().__init__(name=getattr(build, "__name__", None))
        self._build = build

    def build(self, hp: HyperParameters) -> Any:
        return self._build(hp)


def get_hypermodel(hypermodel: Any) -> HyperModel | None:
    """A :class:`HyperModel` as given, or a ``build_model(hp)`` function wrapped in one."""
    if hypermodel is None or isinstance(hypermodel, HyperModel):
        return hypermodel
    if callable(hypermodel):
        return _FunctionHyperModel(hypermodel)
    raise InvalidTypeError(
        "hypermodel must be a HyperModel or a function build_model(hp) returning a Keras "
        f"model, got hypermodel={hypermodel!r}"
    )
