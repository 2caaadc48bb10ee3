"""Asynchronous successive halving (ASHA; Li et al., 2020).

Rungs sit at steps ``min_resource * reduction_factor ** (min_early_stopping_rate + k)``. When a
trial first reports at or past rung ``k``'s step it records its latest value there, as the trial
system attribute ``completed_rung_{k}`` written through the study's storage (so every worker on
the storage sees it), and it goes on only if that value is in the best ``1 / reduction_factor``
of all values recorded at rung ``k`` so far, by any trial in any state. The rungs of a trial are
read back from the storage, not from process memory.

A call that reaches no new rung reads only the trial's own record; the other trials are read
when a rung is reached.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from hyperscout._checks import check_int
from hyperscout.exceptions import InvalidArgumentError
from hyperscout.pruners._base import BasePruner
from hyperscout.pruners._common import oriented
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["SuccessiveHalvingPruner", "rung_key"]


def rung_key(rung: int) -> str:
    """The trial system attribute holding the value a trial recorded at ``rung``."""
    return f"completed_rung_{rung}"


def first_completed(trials: Sequence[FrozenTrial]) -> FrozenTrial | None:
    """The COMPLETE trial with reports that finished first (ties: lower number).

    "auto" resources are estimated from it, so every worker, at any later time, derives the same
    estimate from the storage alone.
    """
    done = [
        t
        for t in trials
        if t.state == TrialState.COMPLETE
        and t.last_step is not None
        and t.datetime_complete is not None
    ]
    if not done:
        return None
    return min(done, key=lambda t: (t.datetime_complete, t.number))


def asha_prune(
    study: Study,
    trial: FrozenTrial,
    load_peers: Callable[[], Sequence[FrozenTrial]],
    *,
    min_resource: int,
    reduction_factor: int,
    min_early_stopping_rate: int,
    bootstrap_count: int,
) -> bool:
    """One ASHA decision for ``trial`` against the rung values of the trials ``load_peers()``
    returns (which may include ``trial``); it is called only when a rung is reached.

    Hyperband calls this with a loader of the trials of one bracket.
    """
    step = trial.last_step
    if step is None:
        return False
    # The live trial's record lacks the rung attributes written by earlier calls: read them from
    # the storage's record of the same trial.
    attrs = study.storage.get_trial(trial.trial_id).system_attrs
    rung = 0
    while rung_key(rung) in attrs:
        rung += 1

    value = trial.intermediate_values[step]
    direction = study.direction
    peers: Sequence[FrozenTrial] | None = None
    while True:
        if step < min_resource * reduction_factor ** (min_early_stopping_rate + rung):
            return False
        if math.isnan(value):
            return True
        if peers is None:
            peers = load_peers()
        key = rung_key(rung)
        study.storage.set_trial_system_attr(trial.trial_id, key, value)
        competing = [
            oriented(float(t.system_attrs[key]), direction)
            for t in peers
            if t.number != trial.number and key in t.system_attrs
        ]
        mine = oriented(value, direction)
        competing.append(mine)
        if len(competing) <= bootstrap_count:
            return True
        competing.sort()
        # The best len // eta go on; while a rung holds fewer than eta values (ASHA cannot pause
        # a trial to wait for more) only a value as good as the best so far goes on.
        index = max(len(competing) // reduction_factor - 1, 0)
        if mine > competing[index]:
            return True
        rung += 1


class SuccessiveHalvingPruner(BasePruner):
    """Asynchronous successive halving (ASHA).

    - ``min_resource``: the step of the first rung, or ``"auto"``: ``max(1, n // 100)`` where ``n``
      is the number of steps of the first trial to complete (no pruning before one has).
    - ``reduction_factor``: ``eta``: rungs are ``eta`` times apart and keep the best ``1 / eta``.
    - ``min_early_stopping_rate``: ``s``: the first rung is at ``min_resource * eta ** s``.
    - ``bootstrap_count``: a trial reaching a rung is stopped while the rung holds at most this
      many values (counting its own); needs an integer ``min_resource``.
    """

    def __init__(
        self,
        min_resource: str | int = "auto",
        reduction_factor: int = 4,
        min_early_stopping_rate: int = 0,
        bootstrap_count: int = 0,
    ) -> None:
        if isinstance(min_resource, str):
            if min_resource != "auto":
                raise InvalidArgumentError(
                    f"min_resource must be 'auto' or an int >= 1, got min_resource={min_resource!r}"
                )
        else:
            check_int("min_resource", min_resource, minimum=1)
        self._min_resource = min_resource
        self._reduction_factor = check_int("reduction_factor", reduction_factor, minimum=2)
        self._min_early_stopping_rate = check_int(
            "min_early_stopping_rate", min_early_stopping_rate, minimum=0
        )
        self._bootstrap_count = check_int("bootstrap_count", bootstrap_count, minimum=0)
        # "auto" resolved per study; the same value every worker derives from the storage.
        self._auto: dict[tuple[int, int, str], int] = {}
        if self._bootstrap_count > 0 and min_resource == "auto":
            raise InvalidArgumentError(
                "bootstrap_count > 0 needs an integer min_resource, got "
                f"bootstrap_count={bootstrap_count!r} with min_resource='auto'"
            )

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        if trial.last_step is None:
            return False
        min_resource = self._resolve_min_resource(study)
        if min_resource is None:
            return False
        return asha_prune(
            study,
            trial,
            lambda: study.get_trials(deepcopy=False),
            min_resource=min_resource,
            reduction_factor=self._reduction_factor,
            min_early_stopping_rate=self._min_early_stopping_rate,
            bootstrap_count=self._bootstrap_count,
        )

    def _resolve_min_resource(self, study: Study) -> int | None:
        if self._min_resource != "auto":
            return int(self._min_resource)
        key = (id(study.storage), study.study_id, study.study_name)
        if key not in self._auto:
            done = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
            found = auto_min_resource(done)
            if found is None:
                return None
            self._auto[key] = found
        return self._auto[key]

    def __repr__(self) -> str:
        return (
            f"SuccessiveHalvingPruner(min_resource={self._min_resource!r}, "
            f"reduction_factor={self._reduction_factor}, "
            f"min_early_stopping_rate={self._min_early_stopping_rate}, "
            f"bootstrap_count={self._bootstrap_count})"
        )


def auto_min_resource(trials: Sequence[FrozenTrial]) -> int | None:
    """``max(1, n // 100)`` for the ``n`` steps of the first trial to complete, if any."""
    first = first_completed(trials)
    if first is None:
        return None
    assert first.last_step is not None
    return max(1, (first.last_step + 1) // 100)
