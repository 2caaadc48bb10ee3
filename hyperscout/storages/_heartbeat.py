"""Crash recovery: heartbeats of running trials, and failing the trials whose heartbeat stopped.

A worker that dies (SIGKILL, out of memory, a reboot) cannot mark its trial as failed. With
``RDBStorage(..., heartbeat_interval=s)`` each running trial's worker records a heartbeat every
``s`` seconds; a RUNNING trial whose heartbeat is older than the grace period is failed by the
next worker that starts a trial (:func:`fail_stale_trials`), which then calls the storage's
``failed_trial_callback`` (for example :class:`RetryFailedTrialCallback`) for it.

This module holds the storage's side: the arguments, the stale-trial check and the request
that a trial's first heartbeat be written with its creation. It reads a study only through
its public handle (``study.storage``, ``study.study_id``); the thread that beats while an
objective runs belongs to the optimize loop (``hyperscout.study._heartbeat``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from hyperscout import _warnings
from hyperscout._checks import check_real
from hyperscout._records import FAIL_REASON_KEY
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError, UpdateFinishedTrialError
from hyperscout.logging import get_logger
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.storages._base import BaseStorage
    from hyperscout.study import Study

__all__ = ["fail_stale_trials"]

_logger = get_logger("hyperscout.storages")

STALE_REASON = (
    "its heartbeat stopped for longer than the storage's grace_period: its worker died (killed, "
    "out of memory, or its machine restarted) or lost its connection to the database"
)


def check_heartbeat_arguments(
    heartbeat_interval: Any,
    grace_period: Any,
    failed_trial_callback: Any,
) -> None:
    """Validate RDBStorage's heartbeat arguments (each rule with the value that broke it)."""
    seconds: dict[str, Any] = {"low": 0, "low_open": True, "finite": True, "allow_none": True}
    interval = check_real("heartbeat_interval", heartbeat_interval, **seconds)
    grace = check_real("grace_period", grace_period, **seconds)
    if failed_trial_callback is not None and not callable(failed_trial_callback):
        raise InvalidTypeError(
            "failed_trial_callback must be None or a callable (study, trial), got "
            f"failed_trial_callback={failed_trial_callback!r}"
        )
    if interval is not None and grace is not None and not grace > interval:
        # A live trial's heartbeat is up to one interval old: it would be failed.
        raise InvalidArgumentError(
            "grace_period must be greater than heartbeat_interval (a live trial's last heartbeat "
            f"is up to one interval old), got grace_period={grace_period!r} and "
            f"heartbeat_interval={heartbeat_interval!r}"
        )
    if interval is None and (grace is not None or failed_trial_callback is not None):
        _warnings.warn(
            "grace_period and failed_trial_callback do nothing without heartbeat_interval; "
            "set heartbeat_interval to detect crashed trials"
        )


def is_heartbeat_enabled(storage: BaseStorage) -> bool:
    return storage.get_heartbeat_interval() is not None


def fail_stale_trials(study: Study) -> None:
    """Fail the study's RUNNING trials whose heartbeat stopped, then call the failed-trial
    callback for each.

    A trial is stale when its last heartbeat is older than the storage's grace period; trials
    that never recorded a heartbeat (their worker runs without heartbeats) are left alone. The
    change to FAIL is conditional on the trial still being RUNNING, so when several workers call
    this at once each stale trial is failed, and its callback called, by exactly one of them.

    :meth:`Study.optimize` calls it before every trial when the storage has a
    ``heartbeat_interval``; storages without heartbeats (in memory) make it a no-op.
    """
    storage = study.storage
    interval = storage.get_heartbeat_interval()
    if interval is None:
        return

    failed: list[int] = []
    for trial_id in storage._get_stale_trial_ids(study.study_id):
        try:
            if storage.set_trial_state_values(
                trial_id, TrialState.FAIL, system_attrs={FAIL_REASON_KEY: STALE_REASON}
            ):
                failed.append(trial_id)
        except UpdateFinishedTrialError:
            pass  # another worker failed it first (or its own worker finished it just now)
    callback = storage.get_failed_trial_callback()
    for trial_id in failed:
        trial = storage.get_trial(trial_id)
        _logger.warning(f"Trial {trial.number} failed: {STALE_REASON}.")
        if callback is not None:
            callback(study, trial)


_creating = threading.local()


@contextmanager
def first_beat_on_creation() -> Iterator[None]:
    """Within this block, a trial this thread creates (or starts from WAITING) in a storage with
    heartbeats gets its first heartbeat in the same transaction as its creation.

    The optimize loop wraps its ``ask`` in it: a worker killed before its heartbeat thread's first
    beat (even on the objective's first line) leaves a trial that the next worker fails. A trial
    made by a bare ``ask`` outside the loop gets no heartbeat and is never failed as stale, as in
    Optuna.
    """
    before = getattr(_creating, "on", False)
    _creating.on = True
    try:
        yield
    finally:
        _creating.on = before


def first_beat_requested() -> bool:
    """Whether this thread is inside :func:`first_beat_on_creation`."""
    return bool(getattr(_creating, "on", False))
