"""SIGTERM handled as Ctrl-C is: the running trials are stored as FAIL before the process ends.

A bottom-layer module (no hyperscout imports) used by the optimize loop and the process pool.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["Terminated", "sigterm_stops"]


class Terminated(SystemExit):
    """Raised in the main thread when the process gets SIGTERM inside an optimize call.

    A ``SystemExit``: code that catches ``Exception`` does not swallow it, and when nothing
    catches it the interpreter prints its one-line message (no traceback) and exits with
    status 1. The optimize loop stores the running trials as FAIL on its way out.
    """


@contextlib.contextmanager
def sigterm_stops(what: str) -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated` (message ``what``) in the main thread.

    Only when called from the main thread (Python delivers signals there) and when SIGTERM
    still has its default action: a handler installed by the application or a framework (Dask,
    a job runner) is left alone. The previous handler is restored on the way out.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Terminated(what)

    signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
