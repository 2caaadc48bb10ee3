"""compute_time_profile on scripted studies with known datetimes and timing attributes."""

from __future__ import annotations

import dataclasses
import datetime
import math
import time

import pytest

import hyperscout
from hyperscout.distributions import FloatDistribution
from hyperscout.report import TimeProfile, WorkerBusy, compute_time_profile
from hyperscout.trial import FrozenTrial, TrialState

T0 = datetime.datetime(2026, 1, 1, 12, 0, 0)


def _trial(
    state: TrialState,
    start: float,
    end: float,
    *,
    objective: float | None = None,
    sampler: float | None = None,
    storage: float | None = None,
    worker: str | None = None,
    user_attrs: dict | None = None,
) -> FrozenTrial:
    attrs: dict = {}
    if objective is not None:
        attrs["hyperscout:objective_seconds"] = objective
    if sampler is not None:
        attrs["hyperscout:sampler_seconds"] = sampler
    if storage is not None:
        attrs["hyperscout:storage_seconds"] = storage
    if worker is not None:
        attrs["hyperscout:worker"] = worker
    base = hyperscout.create_trial(
        state=state,
        value=1.0 if state == TrialState.COMPLETE else None,
        params={"x": 0.5},
        distributions={"x": FloatDistribution(0.0, 1.0)},
        system_attrs=attrs,
        user_attrs=user_attrs,
    )
    return dataclasses.replace(
        base,
        datetime_start=T0 + datetime.timedelta(seconds=start),
        datetime_complete=T0 + datetime.timedelta(seconds=end),
    )


@pytest.fixture
def scripted() -> hyperscout.Study:
    study = hyperscout.create_study(study_name="scripted")
    # worker A: a 10 s trial then a 4 s pruned one; worker B: a 5 s failed trial; one 6 s trial
    # added by hand without any timing attribute.
    study.add_trial(
        _trial(TrialState.COMPLETE, 0, 10, objective=7, sampler=1, storage=0.5, worker="A")
    )
    study.add_trial(
        _trial(TrialState.PRUNED, 10, 14, objective=3, sampler=0.5, storage=0.25, worker="A")
    )
    study.add_trial(
        _trial(TrialState.FAIL, 1, 6, objective=4, sampler=0.5, storage=0.25, worker="B")
    )
    study.add_trial(_trial(TrialState.COMPLETE, 6, 12))
    study.ask()  # a RUNNING trial: counted, but not timed
    return study


def test_scripted_sums(scripted: hyperscout.Study) -> None:
    p = compute_time_profile(scripted)
    assert isinstance(p, TimeProfile)
    assert (p.n_trials, p.n_timed, p.n_profiled, p.n_running) == (5, 4, 3, 1)
    assert p.trial_seconds == pytest.approx(10 + 4 + 5 + 6)
    assert p.objective_seconds == pytest.approx(7 + 3 + 4)
    assert p.sampler_seconds == pytest.approx(1 + 0.5 + 0.5)
    assert p.storage_seconds == pytest.approx(0.5 + 0.25 + 0.25)
    # wall minus the three parts, per profiled trial: 1.5 + 0.25 + 0.25
    assert p.other_seconds == pytest.approx(2.0)
    assert p.unprofiled_seconds == pytest.approx(6.0)
    assert sum(p.breakdown().values()) == pytest.approx(p.trial_seconds)
    assert (p.n_pruned, p.pruned_seconds) == (1, pytest.approx(4.0))
    assert (p.n_failed, p.failed_seconds) == (1, pytest.approx(5.0))
    assert p.span_seconds == pytest.approx(14.0)  # first start 0 s, last completion 14 s


def test_scripted_workers_and_efficiency(scripted: hyperscout.Study) -> None:
    p = compute_time_profile(scripted)
    assert p.workers == (
        WorkerBusy("A", 2, pytest.approx(14.0)),  # type: ignore[arg-type]
        WorkerBusy("(unknown)", 1, pytest.approx(6.0)),  # type: ignore[arg-type]
        WorkerBusy("B", 1, pytest.approx(5.0)),  # type: ignore[arg-type]
    )
    # at most two trials ran at once (A's and B's, then A's and the unknown one)
    assert p.peak_concurrency == 2
    assert p.parallel_efficiency == pytest.approx(25.0 / (2 * 14.0))


def test_sequential_sessions_count_as_their_concurrency() -> None:
    # two sessions of two workers each, one after the other: 2 parallel workers, not 4
    trials = [
        _trial(TrialState.COMPLETE, 0, 5, worker="p1:0"),
        _trial(TrialState.COMPLETE, 0, 5, worker="p1:1"),
        _trial(TrialState.COMPLETE, 5, 10, worker="p2:0"),
        _trial(TrialState.COMPLETE, 5, 10, worker="p2:1"),
    ]
    p = compute_time_profile(trials)
    assert len(p.workers) == 4 and p.peak_concurrency == 2
    assert p.parallel_efficiency == pytest.approx(1.0)


def test_parts_larger_than_wall_give_zero_other() -> None:
    # Library time recorded outside the start..complete window must not make "other" negative.
    p = compute_time_profile([_trial(TrialState.COMPLETE, 0, 1, objective=0.8, storage=0.5)])
    assert p.other_seconds == 0.0
    assert p.objective_seconds == pytest.approx(0.8)


def test_one_worker_back_to_back_is_fully_efficient() -> None:
    trials = [
        _trial(TrialState.COMPLETE, i, i + 1, objective=1, worker="w") for i in range(5)
    ]
    p = compute_time_profile(trials)
    assert p.parallel_efficiency == pytest.approx(1.0)
    assert p.workers == (WorkerBusy("w", 5, pytest.approx(5.0)),)  # type: ignore[arg-type]


def test_idle_gaps_lower_efficiency() -> None:
    trials = [_trial(TrialState.COMPLETE, 0, 1, worker="w"), _trial(TrialState.COMPLETE, 3, 4, worker="w")]
    assert compute_time_profile(trials).parallel_efficiency == pytest.approx(2.0 / 4.0)


def test_searchcv_fit_and_score_times() -> None:
    cv = {"test": {"score": [0.9, 0.8]}, "train": None, "fit_time": [1.0, 2.0],
          "score_time": [0.25, None], "pruned": False, "n_failed": 0}
    trials = [
        _trial(TrialState.COMPLETE, 0, 4, user_attrs={"sklearn:cv": cv}),
        _trial(TrialState.COMPLETE, 4, 8, user_attrs={"sklearn:cv": cv}),
    ]
    p = compute_time_profile(trials)
    assert p.fit_seconds == pytest.approx(6.0)
    assert p.score_seconds == pytest.approx(0.5)
    # no SearchCV records: no fit/score numbers at all
    q = compute_time_profile([_trial(TrialState.COMPLETE, 0, 1)])
    assert q.fit_seconds is None and q.score_seconds is None


def test_empty_study() -> None:
    p = compute_time_profile(hyperscout.create_study())
    assert p.is_empty
    assert p.n_trials == 0
    assert p.span_seconds is None and p.parallel_efficiency is None
    assert p.peak_concurrency == 0
    assert p.workers == ()
    assert p.to_json()["breakdown"]["objective"] == 0.0


def test_rejects_non_trials() -> None:
    with pytest.raises(TypeError, match="FrozenTrial"):
        compute_time_profile([1, 2])  # type: ignore[list-item]


def test_real_optimize_with_two_workers_records_everything() -> None:
    study = hyperscout.create_study(sampler=hyperscout.samplers.RandomSampler(seed=0))
    sleep = 0.01

    def objective(trial: hyperscout.Trial) -> float:
        x = trial.suggest_float("x", 0, 1)
        time.sleep(sleep)
        return x

    study.optimize(objective, n_trials=12, n_jobs=2)
    p = compute_time_profile(study)
    assert p.n_profiled == p.n_timed == 12
    assert len(p.workers) == 2
    assert 1 <= p.peak_concurrency <= 2
    assert sum(w.n_trials for w in p.workers) == 12
    assert p.objective_seconds >= 12 * sleep * 0.9  # time.sleep sleeps at least that long
    assert p.sampler_seconds > 0 and p.storage_seconds > 0
    assert p.parallel_efficiency is not None and p.parallel_efficiency > 0
    assert math.isfinite(p.to_json()["trial_seconds"])


def test_real_searchcv_records_fit_and_score_times() -> None:
    from sklearn.datasets import load_iris
    from sklearn.tree import DecisionTreeClassifier

    from hyperscout.sklearn import RandomizedSearchCV

    X, y = load_iris(return_X_y=True)
    search = RandomizedSearchCV(
        DecisionTreeClassifier(random_state=0),
        {"max_depth": [1, 2, 3, 4]},
        n_iter=3,
        cv=3,
        random_state=0,
    )
    search.fit(X, y)
    p = compute_time_profile(search.study_)
    assert p.fit_seconds is not None and p.fit_seconds > 0
    assert p.score_seconds is not None and p.score_seconds > 0
