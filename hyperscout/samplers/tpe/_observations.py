"""The sampler's incremental memory of finished trials.

Finished trials never change, so each is read once, when it is first seen finished, and appended
to column arrays (one per parameter, NaN where a trial lacks it). A suggestion then works on
whole arrays: the cost of reading the history per suggestion is the number of trials that are
new or still unfinished, not the number of trials in the study.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from hyperscout._multi_objective import non_dominated
from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.exceptions import InvalidTypeError
from hyperscout.samplers._constraints import violation
from hyperscout.trial import FrozenTrial, TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["ObservationStore", "Snapshot", "param_key"]

# Rank groups: a complete trial is better than any pruned one; a pruned trial that reported
# intermediate values is better than one that reported none. With constraints, a complete trial
# that violates one ranks below every feasible one, by its total violation (Optuna's rule).
_COMPLETE, _INFEASIBLE, _PRUNED_REPORTED, _PRUNED_SILENT = 0, 1, 2, 3

Key = tuple[str, Hashable]


def param_key(name: str, dist: BaseDistribution) -> Key:
    """Observations of ``name`` are pooled only between distributions of the same kind and
    scale (ranges may change between trials; a categorical's choices may not)."""
    if isinstance(dist, CategoricalDistribution):
        return (name, ("cat", tuple((type(c).__name__, c) for c in dist.choices)))
    if isinstance(dist, IntDistribution):
        return (name, ("int", dist.log))
    if isinstance(dist, FloatDistribution):
        return (name, ("float", dist.log))
    raise InvalidTypeError(f"TPESampler cannot model the distribution {dist!r}")


@dataclass
class Snapshot:
    """What one trial sees: the split of the finished trials, and the running ones (lies)."""

    n_finished: int
    below: np.ndarray  # rows of the good trials, oldest first
    above: np.ndarray  # rows of the other finished trials, oldest first
    lies: list[dict[Key, float]] = field(default_factory=list)
    multi_objective: bool = False
    random_start: bool = False  # still in the random start: sample uniformly


class ObservationStore:
    """Column arrays of the COMPLETE and PRUNED trials of one study, grown by appending."""

    def __init__(self, study_key: tuple[int, int], constrained: bool = False) -> None:
        self.study_key = study_key
        self.constrained = constrained
        self._reset()

    def _reset(self) -> None:
        self.n_objectives = 1
        self.mo_loss = np.zeros((0, 1))  # losses of each objective (multi-objective only)
        self.n = 0
        self._cap = 64
        self.rank_group = np.zeros(self._cap, dtype=np.int8)
        self.neg_step = np.zeros(self._cap)
        self.score = np.zeros(self._cap)
        self.columns: dict[Key, np.ndarray] = {}
        # Per column: how many rows hold a value, and the smallest and largest value, so that
        # "every row is inside this range" is answered without reading the column.
        self.counts: dict[Key, int] = {}
        self.lows: dict[Key, float] = {}
        self.highs: dict[Key, float] = {}
        self.n_complete = 0
        # Rows of the feasible complete trials, best first (ties: older first), covering the
        # rows below _ranked_upto; later rows are merged in at the next split.
        self._ranked = np.empty(0, dtype=np.int64)
        self._ranked_upto = 0
        # Scan state over the study's trial list (positions are trial numbers).
        self._scanned = 0  # positions below this were looked at once
        self._unfinished: list[int] = []  # positions below _scanned not finished then
        # Search-space summaries, kept up to date on each append.
        self.latest_dist: dict[str, BaseDistribution] = {}
        self.intersection: dict[str, BaseDistribution] | None = None
        self.groups: list[frozenset[Key]] = []

    # --- reading the study ---------------------------------------------------------------------
    def update(
        self, study: Study, current_trial_id: int, signs: Sequence[float]
    ) -> list[FrozenTrial]:
        """Append the trials that finished since the last call; return the running ones
        (other than the current trial). ``signs`` turn each objective into a loss (+1 to
        minimise, -1 to maximise)."""
        if self.n_objectives != len(signs):
            self._reset()
            self.n_objectives = len(signs)
            self.mo_loss = np.zeros((self._cap, self.n_objectives))
        trials = study.get_trials(deepcopy=False)
        if len(trials) < self._scanned:  # not the study we were reading: start again
            self._reset()
        running: list[FrozenTrial] = []
        still: list[int] = []
        for pos in self._unfinished:
            if not self._take(trials[pos], signs):
                still.append(pos)
                if trials[pos].state == TrialState.RUNNING:
                    running.append(trials[pos])
        for pos in range(self._scanned, len(trials)):
            if not self._take(trials[pos], signs):
                still.append(pos)
                if trials[pos].state == TrialState.RUNNING:
                    running.append(trials[pos])
        self._scanned = len(trials)
        self._unfinished = still
        return [t for t in running if t.trial_id != current_trial_id]

    def _take(self, trial: FrozenTrial, signs: Sequence[float]) -> bool:
        """Append ``trial`` if finished; return whether it is finished (FAIL ones are skipped)."""
        state = trial.state
        sign = signs[0]
        if state == TrialState.COMPLETE:
            assert trial.values is not None
            if len(signs) > 1:
                if self.n == self._cap:
                    self._grow()
                self.mo_loss[self.n] = np.asarray(trial.values, dtype=float) * signs
            if self.constrained:
                excess = violation(trial)
                if excess > 0.0:
                    self._append(trial, _INFEASIBLE, 0.0, excess)
                    return True
            self._append(trial, _COMPLETE, 0.0, sign * trial.values[0])
            self.n_complete += 1
            return True
        if state == TrialState.PRUNED:
            inter = trial.intermediate_values
            if inter and len(signs) == 1:
                step = max(inter)
                value = inter[step]
                score = sign * value if not math.isnan(value) else math.inf
                self._append(trial, _PRUNED_REPORTED, -float(step), score)
            else:
                self._append(trial, _PRUNED_SILENT, 0.0, 0.0)
            return True
        return state == TrialState.FAIL

    def _append(self, trial: FrozenTrial, group: int, neg_step: float, score: float) -> None:
        if self.n == self._cap:
            self._grow()
        row = self.n
        self.rank_group[row] = group
        self.neg_step[row] = neg_step
        self.score[row] = score
        keys: set[Key] = set()
        space: dict[str, BaseDistribution] = {}
        for name in sorted(trial.distributions):
            dist = trial.distributions[name]
            if dist.single():
                continue
            key = param_key(name, dist)
            col = self.columns.get(key)
            value = float(trial.internal_params[name])
            if col is None:
                col = np.full(self._cap, np.nan)
                self.columns[key] = col
                self.counts[key] = 0
                self.lows[key] = self.highs[key] = value
            col[row] = value
            if value == value:  # a NaN (distributions reject it) would not count as a value
                self.counts[key] += 1
            if value < self.lows[key]:
                self.lows[key] = value
            elif value > self.highs[key]:
                self.highs[key] = value
            keys.add(key)
            space[name] = dist
            self.latest_dist[name] = dist
        self.n += 1
        if self.intersection is None:
            self.intersection = space
        else:
            self.intersection = {
                k: d for k, d in self.intersection.items() if space.get(k) == d
            }
        self._split_groups(frozenset(keys))

    def _split_groups(self, keys: frozenset[Key]) -> None:
        """Refine the partition so that every trial holds each group wholly or not at all."""
        if not keys:
            return
        out: list[frozenset[Key]] = []
        seen: set[Key] = set()
        for g in self.groups:
            inside, outside = g & keys, g - keys
            if inside:
                out.append(inside)
            if outside:
                out.append(outside)
            seen |= g
        new = keys - seen
        if new:
            out.append(frozenset(new))
        self.groups = out

    def _grow(self) -> None:
        cap = self._cap * 2
        self.rank_group = np.concatenate((self.rank_group, np.zeros(self._cap, dtype=np.int8)))
        self.neg_step = np.concatenate((self.neg_step, np.zeros(self._cap)))
        self.score = np.concatenate((self.score, np.zeros(self._cap)))
        for key, col in self.columns.items():
            self.columns[key] = np.concatenate((col, np.full(self._cap, np.nan)))
        if self.n_objectives > 1:
            self.mo_loss = np.concatenate((self.mo_loss, np.zeros_like(self.mo_loss)))
        self._cap = cap

    # --- the split -----------------------------------------------------------------------------
    def split(self, n_below: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows of the ``n_below`` best observations and of the rest, each oldest first.

        Best means: complete trials by objective; then pruned trials that got further (larger
        last step), ties broken by the value reported there; then pruned trials with no report.
        """
        n = self.n
        if n_below <= 0:
            return np.empty(0, dtype=np.int64), np.arange(n)
        if n_below >= n:
            return np.arange(n), np.empty(0, dtype=np.int64)
        if self.n_objectives > 1:
            best = self._best_multi_objective(n_below)
        elif n_below <= self.n_complete:
            best = self._ranked_complete()[:n_below]
        else:
            order = np.lexsort((self.score[:n], self.neg_step[:n], self.rank_group[:n]))
            best = order[:n_below]
        mask = np.zeros(n, dtype=bool)
        mask[best] = True
        return np.flatnonzero(mask), np.flatnonzero(~mask)

    def _ranked_complete(self) -> np.ndarray:
        """Rows of the feasible complete trials by score, ties by age (older first).

        Kept between calls: rows that arrived since the last call are merged in by a stable
        sort of the ranked rows followed by the new ones (nearly sorted input, which the stable
        sort handles in about linear time), instead of partitioning every score again.
        """
        if self._ranked_upto < self.n:
            new = np.arange(self._ranked_upto, self.n)
            new = new[self.rank_group[new] == _COMPLETE]
            if new.size:
                merged = np.concatenate((self._ranked, new))
                self._ranked = merged[np.argsort(self.score[merged], kind="stable")]
            self._ranked_upto = self.n
        return self._ranked

    def extent(self, key: Key) -> np.ndarray | None:
        """``[smallest, largest]`` value of ``key`` when every row holds one, else ``None``."""
        count = self.counts.get(key)
        if count is None or count < self.n:
            return None
        return np.array([self.lows[key], self.highs[key]])

    def _best_multi_objective(self, n_below: int) -> np.ndarray:
        """The good group of a multi-objective study (MOTPE, Ozaki et al. 2020): whole
        non-dominated fronts of the complete trials, best first; the front that does not fit is
        cut by crowding distance (Deb et al. 2002), which keeps the group spread along it.
        Pruned trials have no objective values and are never good; trials that violate a
        constraint come after every feasible one, least violation first."""
        complete = np.flatnonzero(self.rank_group[: self.n] == _COMPLETE)
        loss = self.mo_loss[complete]
        left = np.arange(complete.shape[0])
        chosen: list[np.ndarray] = []
        need = min(n_below, complete.shape[0])
        while need > 0 and left.size:
            front = left[non_dominated(loss[left])]
            if front.size > need:
                front = front[np.argsort(-_crowding(loss[front]), kind="stable")[:need]]
            chosen.append(front)
            need -= front.size
            left = np.setdiff1d(left, front, assume_unique=True)
        picked = np.concatenate(chosen) if chosen else np.empty(0, dtype=np.int64)
        best = complete[picked]
        if need > 0:
            infeasible = np.flatnonzero(self.rank_group[: self.n] == _INFEASIBLE)
            order = np.argsort(self.score[infeasible], kind="stable")[:need]
            best = np.concatenate((best, infeasible[order]))
        return best

    def values(self, key: Key, rows: np.ndarray) -> np.ndarray:
        col = self.columns.get(key)
        if col is None:
            return np.full(rows.shape[0], np.nan)
        return col[rows]


def _crowding(loss: np.ndarray) -> np.ndarray:
    """NSGA-II crowding distance of each row (ends of the front: infinite)."""
    n, m = loss.shape
    out = np.zeros(n)
    for j in range(m):
        order = np.argsort(loss[:, j], kind="stable")
        v = loss[order, j]
        span = v[-1] - v[0]
        out[order[0]] = out[order[-1]] = np.inf
        if n > 2 and span > 0:
            out[order[1:-1]] += (v[2:] - v[:-2]) / span
    return out


def lie_values(lies: Sequence[dict[Key, float]], key: Key) -> np.ndarray:
    return np.array([lie.get(key, np.nan) for lie in lies], dtype=float)


def running_params(trial: FrozenTrial) -> dict[Key, float]:
    out: dict[Key, float] = {}
    for name, dist in trial.distributions.items():
        if not dist.single():
            out[param_key(name, dist)] = float(trial.internal_params[name])
    return out
