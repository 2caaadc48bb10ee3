"""The optimize loop's side of crash recovery: keep each running trial's heartbeat alive.

While an objective runs, a daemon thread records the trial's heartbeat in the study's storage
every ``heartbeat_interval`` seconds. The records and the queries on them (the stale trials, the
first beat written with a trial's creation) belong to the storage
(:mod:`hyperscout.storages`); this module only drives them for a :class:`Study`.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import TYPE_CHECKING

from hyperscout.logging import get_logger

if TYPE_CHECKING:
    from hyperscout.storages import BaseStorage
    from hyperscout.study._study import Study

__all__ = ["HeartbeatThread", "heartbeat"]

_logger = get_logger(__name__)


class HeartbeatThread:
    """Records a trial's heartbeat now and every interval until the ``with`` block ends.

    A daemon thread, so a hung objective never keeps the interpreter alive; ``__exit__`` stops
    and joins it whatever ended the block. A failed write (the database briefly unreachable) is
    logged and retried at the next beat rather than ending the heartbeats.
    """

    def __init__(self, storage: BaseStorage, trial_id: int, interval: float) -> None:
        self._storage = storage
        self._trial_id = trial_id
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"hyperscout-heartbeat-{trial_id}", daemon=True
        )

    def _beat(self) -> None:
        while True:
            try:
                self._storage.record_heartbeat(self._trial_id)
            except Exception as err:  # keep beating: a later write may succeed
                _logger.warning(
                    f"could not record the heartbeat of trial id {self._trial_id}: {err}"
                )
            if self._stop.wait(self._interval):
                return

    def __enter__(self) -> HeartbeatThread:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()


def heartbeat(study: Study, trial_id: int) -> HeartbeatThread | _NoHeartbeat:
    """The context that keeps ``trial_id`` alive while the objective runs (or does nothing)."""
    interval = study.storage.get_heartbeat_interval()
    if interval is None:
        return _NoHeartbeat()
    return HeartbeatThread(study.storage, trial_id, interval)


class _NoHeartbeat:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
