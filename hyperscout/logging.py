"""Logging through the standard :mod:`logging` module.

hyperscout logs under the ``"hyperscout"`` logger. By default it prints one INFO line per finished
trial to stderr (as users of Optuna expect); :func:`set_verbosity` changes the level and
:func:`disable_default_handler` removes our handler so the application's logging config rules.
"""

from __future__ import annotations

import logging
import sys
import threading

CRITICAL = logging.CRITICAL
ERROR = logging.ERROR
WARNING = logging.WARNING
INFO = logging.INFO
DEBUG = logging.DEBUG

_lock = threading.Lock()
_default_handler: logging.Handler | None = None


def _root() -> logging.Logger:
    return logging.getLogger("hyperscout")


def _configure() -> None:
    global _default_handler
    with _lock:
        if _default_handler is not None:
            return
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("[%(levelname)s %(asctime)s] %(message)s"))
        _default_handler = handler
        root = _root()
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        root.propagate = False


def get_logger(name: str) -> logging.Logger:
    """The logger for a hyperscout module (children of ``"hyperscout"``)."""
    _configure()
    return logging.getLogger(name)


def set_verbosity(level: int) -> None:
    """Set the level of the ``"hyperscout"`` logger (e.g. ``hyperscout.logging.WARNING``)."""
    _configure()
    _root().setLevel(level)


def get_verbosity() -> int:
    _configure()
    return _root().getEffectiveLevel()


def disable_default_handler() -> None:
    """Remove hyperscout's stderr handler and let records propagate to the root logger."""
    _configure()
    assert _default_handler is not None
    _root().removeHandler(_default_handler)
    _root().propagate = True


def enable_default_handler() -> None:
    _configure()
    assert _default_handler is not None
    _root().addHandler(_default_handler)
    _root().propagate = False


def enable_propagation() -> None:
    """Let hyperscout's records propagate to the root logger (Optuna's name). Combine with
    :func:`disable_default_handler` to avoid printing each line twice."""
    _configure()
    _root().propagate = True


def disable_propagation() -> None:
    """Stop hyperscout's records from reaching the root logger's handlers (the default)."""
    _configure()
    _root().propagate = False
