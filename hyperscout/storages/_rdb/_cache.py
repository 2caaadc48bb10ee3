"""The per-process cache of an :class:`RDBStorage`: what it keeps, under which keys, and when a
record may be served without reading it again.

Rules (each one is what makes the cache safe with other processes writing the same database):

- **Keys.** Every study record is keyed by ``(study_id, study_uid)``. ``study_uid`` is a random
  value written once when the study is created. Row ids alone are not enough: SQLite hands a
  deleted study's id (and its trials' ids) to the next row, and a database file deleted and made
  again (or a PostgreSQL schema dropped) restarts every id. A uid that differs from the cached
  one drops the whole entry, so a deleted and recreated study is never served from the old one.
- **Finished trials never change.** A finished trial is cached after it has been read (or
  finished by this process) and served from then on, once its study's uid has been checked.
- **Unfinished trials are never served older than the database.** The running trials this
  process created (``own``) are served only after one indexed query has confirmed that the
  database still has them in the same state; any difference (another process told or failed
  the trial) drops the copy and the trial is read again. Unfinished trials of other processes
  are always read from the database.
- **Read-your-write.** The one read of a trial that directly follows this process's write of it
  (``ask`` reads the trial it just created, ``tell`` the trial it just finished) is served the
  record that write committed, without a query: it is the database's state at that commit.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field

from hyperscout._records import StudyDirection
from hyperscout.distributions import BaseDistribution
from hyperscout.trial import FrozenTrial

__all__ = ["OwnTrial", "StudyCache", "TrialCache", "new_study_uid"]


def new_study_uid() -> str:
    """A random key that tells two studies apart even when they had the same row id."""
    return uuid.uuid4().hex


@dataclass
class StudyCache:
    """The finished trials of one study, read so far."""

    uid: str
    prefix: list[FrozenTrial] = field(default_factory=list)  # finished, ids below watermark
    finished_above: dict[int, FrozenTrial] = field(default_factory=dict)
    finished: dict[int, FrozenTrial] = field(default_factory=dict)  # every finished record
    watermark: int = 0  # every trial with a smaller id is finished and in ``prefix``
    distributions: dict[str, BaseDistribution] = field(default_factory=dict)

    def add_finished(self, trial: FrozenTrial) -> None:
        self.finished[trial.trial_id] = trial
        if trial.trial_id >= self.watermark:
            self.finished_above[trial.trial_id] = trial

    def advance(self, tail: list[FrozenTrial]) -> None:
        """Move the finished trials at the front of ``tail`` (sorted by id) into ``prefix``."""
        for t in tail:
            if t.state.is_finished():
                self.add_finished(t)
        for t in tail:
            if t.trial_id in self.finished_above and t.trial_id >= self.watermark:
                # The finished record, not ``t``: this tail may predate the finish (another
                # thread's write put the trial in finished_above meanwhile).
                self.prefix.append(self.finished_above.pop(t.trial_id))
                self.watermark = t.trial_id + 1
            else:
                break


@dataclass(frozen=True)
class OwnTrial:
    """A trial this process created or started, as this process last wrote it."""

    study_id: int
    study_uid: str
    directions: tuple[StudyDirection, ...]
    record: FrozenTrial


class TrialCache:
    """Studies' finished trials and this process's own running trials; thread-safe via ``lock``."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._studies: dict[int, StudyCache] = {}
        self.own: dict[int, OwnTrial] = {}
        self._fresh: dict[int, FrozenTrial] = {}  # just written by this process, read once

    def study(self, study_id: int, uid: str) -> StudyCache:
        """The entry of study ``(study_id, uid)``; a stale entry under the same id is dropped."""
        with self.lock:
            entry = self._studies.get(study_id)
            if entry is None or entry.uid != uid:
                if entry is not None:
                    self._forget_locked(study_id, keep_uid=uid)
                entry = StudyCache(uid=uid)
                self._studies[study_id] = entry
            return entry

    def finished_trial(self, study_id: int, uid: str, trial_id: int) -> FrozenTrial | None:
        with self.lock:
            entry = self._studies.get(study_id)
            if entry is None or entry.uid != uid:
                return None
            return entry.finished.get(trial_id)

    def forget_study(self, study_id: int) -> None:
        with self.lock:
            self._forget_locked(study_id)

    def _forget_locked(self, study_id: int, keep_uid: str | None = None) -> None:
        self._studies.pop(study_id, None)
        self._fresh.clear()
        self.own = {
            k: v
            for k, v in self.own.items()
            if v.study_id != study_id or (keep_uid is not None and v.study_uid == keep_uid)
        }

    def set_own(self, trial_id: int, own: OwnTrial) -> None:
        with self.lock:
            self.own[trial_id] = own
            self._fresh[trial_id] = own.record

    def take_fresh(self, trial_id: int) -> FrozenTrial | None:
        """The record this process has just written, once (see read-your-write above)."""
        with self.lock:
            return self._fresh.pop(trial_id, None)

    def get_own(self, trial_id: int) -> OwnTrial | None:
        with self.lock:
            return self.own.get(trial_id)

    def pop_own(self, trial_id: int) -> OwnTrial | None:
        with self.lock:
            self._fresh.pop(trial_id, None)
            return self.own.pop(trial_id, None)

    def update_own(self, trial_id: int, record: FrozenTrial) -> None:
        with self.lock:
            self._fresh.pop(trial_id, None)
            own = self.own.get(trial_id)
            if own is not None:
                self.own[trial_id] = OwnTrial(
                    own.study_id, own.study_uid, own.directions, record
                )

    def finish_own(self, trial_id: int, record: FrozenTrial) -> None:
        """This process finished its trial: cache the finished record in place of the live one."""
        with self.lock:
            own = self.own.pop(trial_id, None)
            if own is not None:
                self.study(own.study_id, own.study_uid).add_finished(record)
                self._fresh[trial_id] = record
