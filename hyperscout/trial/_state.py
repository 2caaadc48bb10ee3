"""The lifecycle states of a trial."""

from __future__ import annotations

import enum


class TrialState(enum.IntEnum):
    """State of a trial. ``WAITING`` trials were enqueued and not yet started."""

    RUNNING = 0
    COMPLETE = 1
    PRUNED = 2
    FAIL = 3
    WAITING = 4

    def __repr__(self) -> str:
        return f"TrialState.{self.name}"

    def is_finished(self) -> bool:
        """COMPLETE, PRUNED and FAIL trials are finished and never change again."""
        return 1 <= self.value <= 3
