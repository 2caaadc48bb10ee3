"""Storages keep studies and trials: in memory, or in SQL (SQLite by default, PostgreSQL)."""

from __future__ import annotations

from hyperscout.exceptions import InvalidTypeError
from hyperscout.storages._base import BaseStorage, FrozenStudy
from hyperscout.storages._callbacks import (
    RetryFailedTrialCallback,
    RetryHeartbeatStaleTrialCallback,
)
from hyperscout.storages._heartbeat import fail_stale_trials
from hyperscout.storages._in_memory import InMemoryStorage
from hyperscout.storages._rdb import RDBStorage

__all__ = [
    "BaseStorage",
    "FrozenStudy",
    "InMemoryStorage",
    "RDBStorage",
    "RetryFailedTrialCallback",
    "RetryHeartbeatStaleTrialCallback",
    "fail_stale_trials",
    "get_storage",
]


def get_storage(storage: str | BaseStorage | None) -> BaseStorage:
    """``None`` is a new in-memory storage; a URL string opens an :class:`RDBStorage`."""
    if storage is None:
        return InMemoryStorage()
    if isinstance(storage, BaseStorage):
        return storage
    if isinstance(storage, str):
        return RDBStorage(storage)
    raise InvalidTypeError(
        "storage must be None, a database URL such as 'sqlite:///tuning.db', or a storage "
        f"object, got {storage!r}"
    )
