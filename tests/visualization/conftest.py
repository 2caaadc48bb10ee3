"""Fixtures for the plot tests: studies built from records, with every trial state."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import replace

import matplotlib
import pytest

import hyperscout as hs
from hyperscout.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

matplotlib.use("Agg")

T0 = datetime.datetime(2026, 1, 1, 12, 0, 0)

DISTS = {
    "x": FloatDistribution(-5.0, 5.0),
    "lr": FloatDistribution(1e-4, 1.0, log=True),
    "n": IntDistribution(1, 64, log=True),
    "kind": CategoricalDistribution(["linear", "rbf", "poly"]),
}


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def complete(
    value: float,
    params: dict,  # type: ignore[type-arg]
    *,
    start: float = 0.0,
    end: float = 1.0,
    worker: str | None = None,
    intermediate: dict[int, float] | None = None,
) -> hs.FrozenTrial:
    dists = {k: DISTS[k] for k in params}
    t = hs.create_trial(
        value=value,
        params=params,
        distributions=dists,
        intermediate_values=intermediate,
        system_attrs={"hyperscout:worker": worker} if worker else None,
    )
    return replace(
        t,
        datetime_start=T0 + datetime.timedelta(seconds=start),
        datetime_complete=T0 + datetime.timedelta(seconds=end),
    )


def other(
    state: hs.TrialState,
    params: dict,  # type: ignore[type-arg]
    *,
    start: float = 0.0,
    end: float = 1.0,
    worker: str | None = None,
    intermediate: dict[int, float] | None = None,
) -> hs.FrozenTrial:
    t = hs.create_trial(
        state=state,
        params=params,
        distributions={k: DISTS[k] for k in params},
        intermediate_values=intermediate,
        system_attrs={"hyperscout:worker": worker} if worker else None,
    )
    return replace(
        t,
        datetime_start=T0 + datetime.timedelta(seconds=start),
        datetime_complete=T0 + datetime.timedelta(seconds=end),
    )


P0 = {"x": 1.0, "lr": 1e-3, "n": 4, "kind": "rbf"}
P1 = {"x": -2.0, "lr": 1e-1, "n": 16, "kind": "linear"}
P2 = {"x": 0.5, "lr": 1e-2, "n": 2, "kind": "poly"}
P3 = {"x": 3.0, "lr": 0.5, "n": 32, "kind": "rbf"}


@pytest.fixture
def mixed_study() -> hs.Study:
    """Numbers 0..6: COMPLETE 5.0, FAIL, COMPLETE 3.0, PRUNED, COMPLETE 4.0, COMPLETE 1.0,
    and trial 6 RUNNING (started through ask, with one parameter)."""
    study = hs.create_study()
    study.add_trials(
        [
            complete(5.0, P0, start=0, end=2, worker="w0", intermediate={0: 9.0, 1: 5.0}),
            other(hs.TrialState.FAIL, {}, start=0, end=1, worker="w1"),
            complete(3.0, P1, start=1, end=4, worker="w1", intermediate={0: 4.0, 1: 3.0}),
            other(hs.TrialState.PRUNED, P2, start=2, end=3, worker="w0", intermediate={0: 20.0}),
            complete(4.0, P2, start=3, end=5, worker="w0"),
            complete(1.0, P3, start=4, end=6, worker="w1"),
        ]
    )
    running = study.ask()
    running.suggest_float("x", -5.0, 5.0)
    return study


@pytest.fixture
def empty_study() -> hs.Study:
    return hs.create_study()
