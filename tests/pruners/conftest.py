"""Scripted report histories for pruner tests: finished trials as records, one live trial.

The helpers are handed to tests through the ``h`` fixture (tests run with importlib mode, so a
sibling module cannot be imported).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import SimpleNamespace

import pytest

import hyperscout
from hyperscout.pruners import BasePruner
from hyperscout.study import Study
from hyperscout.trial import TrialState

Curve = Sequence[float] | Mapping[int, float]


def as_steps(curve: Curve) -> dict[int, float]:
    return dict(curve) if isinstance(curve, Mapping) else dict(enumerate(curve))


def flip(curve: Curve) -> dict[int, float]:
    """The same curve for the opposite direction (NaN stays NaN)."""
    return {s: -v for s, v in as_steps(curve).items()}


def add_finished(study: Study, curve: Curve, state: TrialState = TrialState.COMPLETE) -> None:
    steps = as_steps(curve)
    last = steps[max(steps)] if steps else None
    value = last if last is not None and math.isfinite(last) else None
    if state == TrialState.COMPLETE and value is None:
        value = 0.0
    study.add_trial(
        hyperscout.create_trial(state=state, value=value, intermediate_values=steps)
    )


def run_curve(study: Study, curve: Curve, *, finish: bool = True) -> int | None:
    """Report ``curve`` step by step on a new trial, asking ``should_prune`` after each report.

    Returns the first step at which the pruner said yes (the trial is then told PRUNED), or
    ``None`` (the trial is told COMPLETE with its last value when ``finish``).
    """
    trial = study.ask()
    steps = as_steps(curve)
    for step in sorted(steps):
        trial.report(steps[step], step)
        if trial.should_prune():
            study.tell(trial, state=TrialState.PRUNED)
            return step
    if finish:
        last = steps[max(steps)]
        study.tell(trial, last if math.isfinite(last) else 0.0)
    return None


def decisions(study: Study, curve: Curve) -> list[int]:
    """Every step at which the pruner says yes, reporting on regardless (trial left RUNNING)."""
    trial = study.ask()
    steps = as_steps(curve)
    out = []
    for step in sorted(steps):
        trial.report(steps[step], step)
        if trial.should_prune():
            out.append(step)
    return out


def new_study(pruner: BasePruner, direction: str = "minimize", **kwargs: object) -> Study:
    return hyperscout.create_study(direction=direction, pruner=pruner, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def h() -> SimpleNamespace:
    return SimpleNamespace(
        as_steps=as_steps,
        flip=flip,
        add_finished=add_finished,
        run_curve=run_curve,
        decisions=decisions,
        new_study=new_study,
        TrialPruned=hyperscout.TrialPruned,
    )
