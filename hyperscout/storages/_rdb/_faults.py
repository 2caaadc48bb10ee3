"""What the SQL storage does when the database fails under it: a connection dropped before
COMMIT (the call runs again) and a full disk (the trial whose write was refused is failed once
there is space)."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy.exc import DBAPIError

from hyperscout._records import FAIL_REASON_KEY
from hyperscout._url import redact_url
from hyperscout.exceptions import TrialNotFoundError, UpdateFinishedTrialError
from hyperscout.logging import get_logger
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.storages._rdb._storage import RDBStorage

_logger = get_logger("hyperscout.storages")

RETRY_DELAYS = (0.1, 0.4, 1.6)  # seconds before each new attempt

_F = TypeVar("_F", bound=Callable[..., Any])


def retry_dropped_connection(method: _F) -> _F:
    """Run ``method`` again, after a pause, when the database connection was lost before its
    transaction reached COMMIT (a PostgreSQL backend terminated, a server restart, a network cut).

    The server rolled such a transaction back, so running it again writes nothing twice. A
    connection lost during COMMIT itself is not retried (the commit may have happened), nor is a
    call nested in another's transaction (the outermost call retries the whole).
    """

    writes_trial = method.__name__.startswith("set_trial_")

    @functools.wraps(method)
    def wrapper(self: RDBStorage, *args: Any, **kwargs: Any) -> Any:
        if getattr(self._local, "conn", None) is not None:
            return method(self, *args, **kwargs)
        if (
            self._disk_full
            and not self.read_only
            and not getattr(self._local, "failing_full", False)
        ):
            self._local.failing_full = True
            try:
                self._disk_full.fail_pending(self)
            finally:
                self._local.failing_full = False
        for attempt, delay in enumerate((*RETRY_DELAYS, None)):
            try:
                return method(self, *args, **kwargs)
            except DBAPIError as err:
                if writes_trial and is_disk_full(err):
                    self._disk_full.remember(int(args[0]) if args else int(kwargs["trial_id"]))
                if (
                    delay is None
                    or not err.connection_invalidated
                    or getattr(self._local, "committing", False)
                ):
                    raise
                _logger.warning(
                    f"the connection to {redact_url(self.url)} was lost "
                    f"({type(err.orig).__name__}); trying again in {delay} s "
                    f"(attempt {attempt + 2} of {len(RETRY_DELAYS) + 1})"
                )
                time.sleep(delay)
        raise AssertionError("not reached")

    return cast(_F, wrapper)


def is_disk_full(err: DBAPIError) -> bool:
    code = getattr(err.orig, "sqlite_errorcode", None)
    return code == 13 or "database or disk is full" in str(err.orig)  # SQLITE_FULL


DISK_FULL_REASON = (
    "the database or its disk was full when the trial was written (SQLite: database or disk is "
    "full); failed once a later write of the same storage found space"
)


class DiskFullTrials:
    """Trials whose write was refused for lack of space (SQLite's "database or disk is full").

    Such a write would leave the trial RUNNING for good when it was the final tell, so the trial
    is remembered and failed by the next call of the same storage that finds space again; a
    process that exits first leaves it to heartbeats (``fail_stale_trials``), when enabled.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: set[int] = set()

    def __bool__(self) -> bool:
        return bool(self._ids)

    def after_fork(self) -> None:
        # The parent's lock may have been held by a thread the child does not have.
        self._lock = threading.Lock()

    def remember(self, trial_id: int) -> None:
        with self._lock:
            self._ids.add(trial_id)
        _logger.warning(
            f"trial id {trial_id} could not be written: the database or its disk is full; it "
            "will be failed by the next write of this storage once there is space"
        )

    def fail_pending(self, storage: RDBStorage) -> None:
        """Fail the remembered trials in ``storage``; stop at the first that is still refused."""
        with self._lock:
            pending = sorted(self._ids)
        for trial_id in pending:
            try:
                storage.set_trial_state_values(
                    trial_id, TrialState.FAIL, system_attrs={FAIL_REASON_KEY: DISK_FULL_REASON}
                )
            except (TrialNotFoundError, UpdateFinishedTrialError):
                pass  # finished or deleted meanwhile: nothing to do
            except DBAPIError as err:
                if is_disk_full(err):
                    return  # still full: try again at the next call
                raise
            with self._lock:
                self._ids.discard(trial_id)
