"""Study behaviour: optimize, ask/tell, enqueue, failure handling, persistence, on every storage."""

from __future__ import annotations

import math
import threading
import time
from typing import Any

import pytest

import hyperscout
from hyperscout.exceptions import DuplicatedStudyError, UpdateFinishedTrialError
from hyperscout.samplers import RandomSampler
from hyperscout.storages import BaseStorage
from hyperscout.study._study import OBJECTIVE_SECONDS_KEY, SAMPLER_SECONDS_KEY, WORKER_KEY
from hyperscout.trial import TrialState


def quadratic(trial: hyperscout.Trial) -> float:
    x = trial.suggest_float("x", -10, 10)
    return (x - 2) ** 2


def test_optimize_runs_n_trials_and_tracks_the_best(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage, sampler=RandomSampler(seed=1))
    study.optimize(quadratic, n_trials=25)
    assert len(study.trials) == 25
    values = [t.value for t in study.trials]
    assert study.best_value == min(values)  # type: ignore[type-var]
    assert study.best_trial.number == values.index(study.best_value)
    assert study.best_params == {"x": study.best_trial.params["x"]}
    study.optimize(quadratic, n_trials=5)  # n_trials counts per call
    assert [t.number for t in study.trials] == list(range(30))


def test_maximize_picks_the_largest(storage: BaseStorage) -> None:
    study = hyperscout.create_study(
        storage=storage, direction="maximize", sampler=RandomSampler(seed=0)
    )
    study.optimize(quadratic, n_trials=10)
    assert study.best_value == max(t.value for t in study.trials)  # type: ignore[type-var]


def test_every_trial_records_its_timing(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage, sampler=RandomSampler(seed=0))

    def slow(trial: hyperscout.Trial) -> float:
        trial.suggest_float("x", 0, 1)
        time.sleep(0.02)
        return 1.0

    study.optimize(slow, n_trials=2)
    for t in study.trials:
        assert t.datetime_start is not None and t.datetime_complete is not None
        assert t.system_attrs[OBJECTIVE_SECONDS_KEY] >= 0.015
        assert 0 <= t.system_attrs[SAMPLER_SECONDS_KEY] < t.duration.total_seconds()  # type: ignore[union-attr]
        assert isinstance(t.system_attrs[WORKER_KEY], str)


def test_raising_objective_is_stored_as_fail_then_propagates(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage, sampler=RandomSampler(seed=0))

    def broken(trial: hyperscout.Trial) -> float:
        trial.suggest_float("x", 0, 1)
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        study.optimize(broken, n_trials=3)
    (trial,) = study.trials
    assert trial.state == TrialState.FAIL
    assert "disk full" in trial.system_attrs["fail_reason"]
    assert "x" in trial.params


def test_caught_exceptions_let_the_study_go_on(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage, sampler=RandomSampler(seed=0))
    calls = {"n": 0}

    def flaky(trial: hyperscout.Trial) -> float:
        calls["n"] += 1
        x = trial.suggest_float("x", 0, 1)
        if calls["n"] % 2:
            raise ValueError("bad fold")
        return x

    study.optimize(flaky, n_trials=6, catch=(ValueError,))
    states = [t.state for t in study.trials]
    assert states.count(TrialState.FAIL) == 3 and states.count(TrialState.COMPLETE) == 3


@pytest.mark.parametrize("bad", [float("nan"), "abc", "0.5", None, [1.0, 2.0]])
def test_non_finite_or_wrong_values_fail_the_trial_with_a_warning(
    storage: BaseStorage, bad: Any
) -> None:
    study = hyperscout.create_study(storage=storage, sampler=RandomSampler(seed=0))
    with pytest.warns(UserWarning, match="trial 0 failed"):
        study.optimize(lambda t: bad, n_trials=1)
    study.optimize(lambda t: 1.0, n_trials=1)  # the study goes on
    assert [t.state for t in study.trials] == [TrialState.FAIL, TrialState.COMPLETE]
    assert study.trials[0].values is None


def test_infinite_values_are_complete_as_in_optuna(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage, directions=["minimize", "maximize"])
    study.optimize(lambda t: (float("inf"), -float("inf")), n_trials=1)
    t = study.ask()
    study.tell(t, [-float("inf"), 1.0])
    assert [t.state for t in study.trials] == [TrialState.COMPLETE] * 2
    assert [t.values for t in study.trials] == [(math.inf, -math.inf), (-math.inf, 1.0)]
    assert [t.number for t in study.best_trials] == [1]


def test_keyboard_interrupt_stores_running_trial_as_fail(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage, sampler=RandomSampler(seed=0))

    def interrupted(trial: hyperscout.Trial) -> float:
        x = trial.suggest_float("x", 0, 1)
        if trial.number == 2:
            raise KeyboardInterrupt
        return x

    with pytest.raises(KeyboardInterrupt):
        study.optimize(interrupted, n_trials=10)
    assert [t.state for t in study.trials] == [TrialState.COMPLETE] * 2 + [TrialState.FAIL]
    assert "KeyboardInterrupt" in study.trials[2].system_attrs["fail_reason"]
    study.optimize(interrupted, n_trials=1)  # storage consistent, the study resumes
    assert study.trials[3].state == TrialState.COMPLETE


def test_pruned_trial_keeps_its_reports_and_last_value(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage, sampler=RandomSampler(seed=0))

    def pruned(trial: hyperscout.Trial) -> float:
        for step, v in enumerate([0.9, 0.7, 0.6]):
            trial.report(v, step)
        raise hyperscout.TrialPruned()

    study.optimize(pruned, n_trials=1)
    t = study.trials[0]
    assert t.state == TrialState.PRUNED
    assert t.intermediate_values == {0: 0.9, 1: 0.7, 2: 0.6}
    assert t.value == 0.6 and t.last_step == 2


def test_timeout_stops_starting_trials() -> None:
    study = hyperscout.create_study(sampler=RandomSampler(seed=0))

    def slow(trial: hyperscout.Trial) -> float:
        time.sleep(0.05)
        return trial.suggest_float("x", 0, 1)

    study.optimize(slow, timeout=0.3)
    assert 1 <= len(study.trials) < 60
    assert all(t.state == TrialState.COMPLETE for t in study.trials)


def test_stop_from_a_callback(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage, sampler=RandomSampler(seed=0))
    seen: list[int] = []

    def callback(s: hyperscout.Study, t: hyperscout.FrozenTrial) -> None:
        seen.append(t.number)
        if t.number == 3:
            s.stop()

    study.optimize(quadratic, n_trials=50, callbacks=[callback])
    assert seen == [0, 1, 2, 3] and len(study.trials) == 4
    with pytest.raises(RuntimeError, match="inside Study.optimize"):
        study.stop()


def test_threads_run_all_trials_without_duplicates(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage, sampler=RandomSampler(seed=0))
    workers: set[str] = set()
    lock = threading.Lock()

    def objective(trial: hyperscout.Trial) -> float:
        with lock:
            workers.add(threading.current_thread().name)
        time.sleep(0.005)
        return quadratic(trial)

    study.optimize(objective, n_trials=40, n_jobs=4)
    trials = study.trials
    assert len(trials) == 40
    assert sorted(t.number for t in trials) == list(range(40))
    assert all(t.state == TrialState.COMPLETE for t in trials)
    assert len(workers) > 1
    assert len({t.system_attrs[WORKER_KEY] for t in trials}) > 1


def test_enqueued_trials_run_first_with_their_params(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage, sampler=RandomSampler(seed=0))
    study.enqueue_trial({"x": 2.0}, user_attrs={"why": "known good"})
    study.enqueue_trial({"x": 2.0}, skip_if_exists=True)  # skipped: same params queued
    study.enqueue_trial({"x": -3.0})
    assert len(study.get_trials(states=(TrialState.WAITING,))) == 2
    study.optimize(quadratic, n_trials=3)
    t0, t1, t2 = study.trials
    assert t0.params == {"x": 2.0} and t0.value == 0.0 and t0.user_attrs == {"why": "known good"}
    assert t1.params == {"x": -3.0}
    assert t2.params["x"] not in (2.0, -3.0)


def test_ask_and_tell(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage, sampler=RandomSampler(seed=0))
    trial = study.ask()
    x = trial.suggest_float("x", -1, 1)
    frozen = study.tell(trial, x**2)
    assert frozen.state == TrialState.COMPLETE and frozen.value == x**2
    with pytest.raises(UpdateFinishedTrialError):
        study.tell(trial, 1.0)
    assert study.tell(trial, 1.0, skip_if_finished=True).value == x**2

    fixed = study.ask(fixed_distributions={"y": hyperscout.distributions.IntDistribution(1, 3)})
    assert set(fixed.params) == {"y"}
    study.tell(fixed.number, state=TrialState.FAIL)
    assert study.trials[1].state == TrialState.FAIL
    t3 = study.ask()
    with pytest.raises(ValueError, match="needs values"):
        study.tell(t3)
    study.tell(t3, state=TrialState.PRUNED)
    assert study.trials[2].state == TrialState.PRUNED


def test_add_trial_and_best(storage: BaseStorage) -> None:
    study = hyperscout.create_study(storage=storage)
    dist = {"x": hyperscout.distributions.FloatDistribution(0, 10)}
    study.add_trial(hyperscout.create_trial(params={"x": 3.0}, distributions=dist, value=9.0))
    study.add_trial(hyperscout.create_trial(params={"x": 1.0}, distributions=dist, value=1.0))
    study.add_trial(hyperscout.create_trial(state=TrialState.FAIL))
    assert study.best_trial.params == {"x": 1.0}
    with pytest.raises(ValueError, match="outside"):
        hyperscout.create_trial(params={"x": 30.0}, distributions=dist, value=1.0)


def test_best_trial_of_an_empty_study_is_a_clear_error() -> None:
    study = hyperscout.create_study(study_name="empty")
    with pytest.raises(ValueError, match="no COMPLETE trial"):
        _ = study.best_trial


def test_resume_with_load_if_exists(tmp_path: Any, study_name: str) -> None:
    url = f"sqlite:///{tmp_path / 'resume.db'}"
    first = hyperscout.create_study(storage=url, study_name=study_name, direction="maximize")
    first.optimize(quadratic, n_trials=3)
    first.set_user_attr("dataset", "iris")
    with pytest.raises(DuplicatedStudyError, match="load_if_exists=True"):
        hyperscout.create_study(storage=url, study_name=study_name)
    with pytest.raises(ValueError, match="exists with directions"):
        hyperscout.create_study(
            storage=url, study_name=study_name, direction="minimize", load_if_exists=True
        )
    again = hyperscout.create_study(storage=url, study_name=study_name, load_if_exists=True)
    assert again.direction == hyperscout.StudyDirection.MAXIMIZE
    assert again.user_attrs == {"dataset": "iris"}
    assert again.trials == first.trials
    again.optimize(quadratic, n_trials=2)
    loaded = hyperscout.load_study(study_name=study_name, storage=url)
    assert len(loaded.trials) == 5
    assert study_name in hyperscout.get_all_study_names(url)
    (summary,) = [s for s in hyperscout.get_all_study_summaries(url) if s.study_name == study_name]
    assert summary.n_trials == 5 and summary.best_trial == loaded.best_trial
    hyperscout.delete_study(study_name=study_name, storage=url)
    assert study_name not in hyperscout.get_all_study_names(url)


def test_invalid_optimize_arguments_are_rejected_before_any_trial() -> None:
    study = hyperscout.create_study()
    with pytest.raises(ValueError, match="n_trials must be"):
        study.optimize(quadratic, n_trials=-1)
    with pytest.raises(ValueError, match="timeout must be"):
        study.optimize(quadratic, timeout=0)
    with pytest.raises(ValueError, match="n_jobs must be"):
        study.optimize(quadratic, n_trials=1, n_jobs=0)
    with pytest.raises(TypeError, match="callable"):
        study.optimize(42, n_trials=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="direction must be"):
        hyperscout.create_study(direction="up")
    assert study.trials == []


def test_trials_dataframe_columns() -> None:
    study = hyperscout.create_study(sampler=RandomSampler(seed=0))

    def objective(trial: hyperscout.Trial) -> float:
        trial.set_user_attr("fold", 1)
        return quadratic(trial)

    study.optimize(objective, n_trials=3)
    df = study.trials_dataframe()
    assert len(df) == 3
    for column in ("number", "value", "params_x", "user_attrs_fold", "state", "duration"):
        assert column in df.columns
    assert list(df["state"]) == ["COMPLETE"] * 3
    assert list(df["value"]) == [t.value for t in study.trials]
    multi = study.trials_dataframe(multi_index=True)
    assert ("params", "x") in multi.columns


def test_multi_objective_best_trials() -> None:
    study = hyperscout.create_study(directions=["minimize", "maximize"])
    for a, b in [(1.0, 1.0), (2.0, 3.0), (3.0, 2.0), (0.5, 0.5)]:
        t = study.ask()
        study.tell(t, [a, b])
    front = {tuple(t.values) for t in study.best_trials}  # type: ignore[arg-type]
    assert front == {(1.0, 1.0), (2.0, 3.0), (0.5, 0.5)}
    with pytest.raises(RuntimeError, match="best_trials"):
        _ = study.best_trial


def test_nan_report_is_stored() -> None:
    study = hyperscout.create_study()
    trial = study.ask()
    trial.report(float("nan"), 0)
    assert math.isnan(study.trials[0].intermediate_values[0])
    with pytest.raises(ValueError, match="step must be >= 0"):
        trial.report(1.0, -1)
