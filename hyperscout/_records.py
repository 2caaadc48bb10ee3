"""Records that storages, samplers, pruners and the study all use, kept below all of them so that
storages never import ``study/`` (layers point down).

``hyperscout.study.StudyDirection`` re-exports :class:`StudyDirection` from here.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from hyperscout.trial import FrozenTrial

__all__ = ["FAIL_REASON_KEY", "StudyDirection", "best_of", "is_better"]

FAIL_REASON_KEY = "fail_reason"
"""The system attribute that says why a trial failed."""


class StudyDirection(enum.IntEnum):
    """Whether an objective is minimised or maximised."""

    NOT_SET = 0
    MINIMIZE = 1
    MAXIMIZE = 2

    def __repr__(self) -> str:
        return f"StudyDirection.{self.name}"


def is_better(value: float, than: float, direction: StudyDirection) -> bool:
    return value < than if direction == StudyDirection.MINIMIZE else value > than


def best_of(trials: Sequence[FrozenTrial], direction: StudyDirection) -> FrozenTrial | None:
    """The trial with the best first value; the earliest one among equals."""
    best: FrozenTrial | None = None
    for t in trials:
        if t.values is None:
            continue
        if best is None or is_better(t.values[0], best.values[0], direction):  # type: ignore[index]
            best = t
    return best
