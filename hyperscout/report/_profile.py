"""Where the tuning time went: a backend-neutral record computed from a study's trials.

Every trial run by :meth:`Study.optimize` carries system attributes with the seconds the objective,
the sampler and the storage took, and the worker that ran it. This module adds them up:

- ``objective``/``sampler``/``storage``: the sums of those attributes over finished trials;
- ``other``: each finished trial's wall time (``datetime_complete - datetime_start``) minus its
  three recorded parts (clipped at zero), summed: pruner, callbacks, bookkeeping;
- time lost to PRUNED and FAIL trials (their wall time);
- parallel efficiency: the sum of trial wall times over ``workers x`` the study's wall span (first
  start to last completion), 1.0 when the workers were never idle. ``workers`` is the peak number
  of trials that ran at the same time, not the number of worker ids: two sessions of two threads
  each, one after the other, are two workers, not four;
- per-worker busy time;
- for ``*SearchCV`` studies, the fit and score seconds the cross-validation recorded.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hyperscout.exceptions import InvalidTypeError
from hyperscout.trial import FrozenTrial, TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["TimeProfile", "WorkerBusy", "compute_time_profile"]

OBJECTIVE_KEY = "hyperscout:objective_seconds"
SAMPLER_KEY = "hyperscout:sampler_seconds"
STORAGE_KEY = "hyperscout:storage_seconds"
WORKER_KEY = "hyperscout:worker"
SKLEARN_CV_KEY = "sklearn:cv"  # hyperscout.sklearn's per-candidate record (fit_time, score_time)
UNKNOWN_WORKER = "(unknown)"


@dataclass(frozen=True)
class WorkerBusy:
    """One worker's share: how many finished trials it ran and their summed wall time."""

    worker: str
    n_trials: int
    busy_seconds: float


@dataclass(frozen=True)
class TimeProfile:
    """Where a study's time went. Seconds throughout; ``None`` where there is nothing to say."""

    n_trials: int  # all trials
    n_timed: int  # finished trials with a start and a completion time
    n_profiled: int  # of those, the ones with hyperscout's timing attributes
    n_running: int
    trial_seconds: float  # sum of the wall times of the timed trials
    objective_seconds: float
    sampler_seconds: float
    storage_seconds: float
    other_seconds: float  # wall minus objective, sampler and storage, over profiled trials
    unprofiled_seconds: float  # wall time of timed trials without the attributes
    pruned_seconds: float
    failed_seconds: float
    n_pruned: int
    n_failed: int
    span_seconds: float | None  # first start to last completion of the timed trials
    workers: tuple[WorkerBusy, ...]  # busiest first
    peak_concurrency: int  # most timed trials running at the same moment
    parallel_efficiency: float | None  # trial_seconds / (peak_concurrency * span_seconds)
    fit_seconds: float | None  # *SearchCV studies only
    score_seconds: float | None

    @property
    def is_empty(self) -> bool:
        return self.n_timed == 0

    def breakdown(self) -> dict[str, float]:
        """The parts of the timed trials' time, in a fixed order.

        They add up to ``trial_seconds`` except where the library's recorded time spills outside a
        trial's start-to-completion window (creating the trial, writing its result): then
        ``other`` is zero for that trial and the parts add up to a little more.
        """
        return {
            "objective": self.objective_seconds,
            "sampler": self.sampler_seconds,
            "storage": self.storage_seconds,
            "other": self.other_seconds,
            "unprofiled": self.unprofiled_seconds,
        }

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-able dict (for the dashboard's API)."""
        out: dict[str, Any] = {
            k: getattr(self, k)
            for k in self.__dataclass_fields__
            if k != "workers"  # rebuilt below
        }
        out["workers"] = [
            {"worker": w.worker, "n_trials": w.n_trials, "busy_seconds": w.busy_seconds}
            for w in self.workers
        ]
        out["breakdown"] = self.breakdown()
        return out


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    v = float(value)
    return v if math.isfinite(v) and v >= 0.0 else None


def _sum_times(values: Any) -> float:
    if not isinstance(values, list | tuple):
        return 0.0
    total = 0.0
    for v in values:
        s = _seconds(v)
        if s is not None:
            total += s
    return total


def _cv_times(user_attrs: Mapping[str, Any]) -> tuple[float, float] | None:
    record = user_attrs.get(SKLEARN_CV_KEY)
    if not isinstance(record, Mapping):
        return None
    if "fit_time" not in record and "score_time" not in record:
        return None
    return _sum_times(record.get("fit_time")), _sum_times(record.get("score_time"))


def compute_time_profile(study: Study | Iterable[FrozenTrial]) -> TimeProfile:
    """Add up where the time of a study (or of a list of trials) went; see the module doc."""
    from hyperscout.study import Study

    if isinstance(study, Study):
        trials = study.get_trials(deepcopy=False)
    else:
        trials = list(study)
        if not all(isinstance(t, FrozenTrial) for t in trials):
            raise InvalidTypeError(
                "compute_time_profile takes a Study or FrozenTrial records, got "
                f"{[type(t).__name__ for t in trials if not isinstance(t, FrozenTrial)][:3]}"
            )

    n_timed = n_profiled = n_running = n_pruned = n_failed = 0
    trial_s = objective_s = sampler_s = storage_s = other_s = unprofiled_s = 0.0
    pruned_s = failed_s = 0.0
    first: datetime.datetime | None = None
    last: datetime.datetime | None = None
    busy: dict[str, list[float]] = {}
    events: list[tuple[datetime.datetime, int]] = []  # (time, +1 start / -1 end)
    fit_s: float | None = None
    score_s: float | None = None

    for t in trials:
        if t.state == TrialState.RUNNING:
            n_running += 1
        cv = _cv_times(t.user_attrs)
        if cv is not None:
            fit_s = (fit_s or 0.0) + cv[0]
            score_s = (score_s or 0.0) + cv[1]
        if not t.state.is_finished() or t.datetime_start is None or t.datetime_complete is None:
            continue
        wall = max(0.0, (t.datetime_complete - t.datetime_start).total_seconds())
        events += [(t.datetime_start, 1), (t.datetime_complete, -1)]
        n_timed += 1
        trial_s += wall
        first = t.datetime_start if first is None else min(first, t.datetime_start)
        last = t.datetime_complete if last is None else max(last, t.datetime_complete)
        if t.state == TrialState.PRUNED:
            n_pruned += 1
            pruned_s += wall
        elif t.state == TrialState.FAIL:
            n_failed += 1
            failed_s += wall

        attrs = t.system_attrs
        parts = [_seconds(attrs.get(k)) for k in (OBJECTIVE_KEY, SAMPLER_KEY, STORAGE_KEY)]
        if any(p is not None for p in parts):
            n_profiled += 1
            o, s, st = (p or 0.0 for p in parts)
            objective_s += o
            sampler_s += s
            storage_s += st
            other_s += max(0.0, wall - o - s - st)
        else:
            unprofiled_s += wall

        worker = attrs.get(WORKER_KEY)
        entry = busy.setdefault(str(worker) if worker is not None else UNKNOWN_WORKER, [0, 0.0])
        entry[0] += 1
        entry[1] += wall

    workers = tuple(
        sorted(
            (WorkerBusy(name, int(n), float(s)) for name, (n, s) in busy.items()),
            key=lambda w: (-w.busy_seconds, w.worker),
        )
    )
    peak = running = 0
    for _, step in sorted(events):  # at equal times an end (-1) sorts before a start (+1)
        running += step
        peak = max(peak, running)
    span: float | None = None
    efficiency: float | None = None
    if first is not None and last is not None:
        span = max(0.0, (last - first).total_seconds())
        if span > 0.0 and peak > 0:
            efficiency = trial_s / (peak * span)

    return TimeProfile(
        n_trials=len(trials),
        n_timed=n_timed,
        n_profiled=n_profiled,
        n_running=n_running,
        trial_seconds=trial_s,
        objective_seconds=objective_s,
        sampler_seconds=sampler_s,
        storage_seconds=storage_s,
        other_seconds=other_s,
        unprofiled_seconds=unprofiled_s,
        pruned_seconds=pruned_s,
        failed_seconds=failed_s,
        n_pruned=n_pruned,
        n_failed=n_failed,
        span_seconds=span,
        workers=workers,
        peak_concurrency=peak,
        parallel_efficiency=efficiency,
        fit_seconds=fit_s,
        score_seconds=score_s,
    )
