"""``StudyDirection`` lives in :mod:`hyperscout._records` (below storages and study)."""

from __future__ import annotations

from hyperscout._records import StudyDirection

__all__ = ["StudyDirection"]
