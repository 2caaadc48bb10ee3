"""``sqlite:///:memory:`` works like a file: every trial runs (it used to fail each one with
"cannot start a transaction within a transaction"), also with worker threads."""

from __future__ import annotations

import hyperscout
from hyperscout.trial import TrialState


def _objective(trial: hyperscout.Trial) -> float:
    x = trial.suggest_float("x", -1, 1)
    n = trial.suggest_int("n", 1, 3)
    trial.set_user_attr("n2", n * n)
    trial.report(x * x, step=1)
    return x * x + n


def test_in_memory_sqlite_runs_every_trial() -> None:
    study = hyperscout.create_study(storage="sqlite:///:memory:")
    study.optimize(_objective, n_trials=8)
    assert [t.state for t in study.trials] == [TrialState.COMPLETE] * 8
    assert study.best_value == min(t.value for t in study.trials)  # type: ignore[type-var]
    assert all(t.user_attrs["n2"] == t.params["n"] ** 2 for t in study.trials)


def test_in_memory_sqlite_with_worker_threads_and_enqueued_trials() -> None:
    study = hyperscout.create_study(storage="sqlite:///:memory:")
    study.enqueue_trial({"x": 0.5, "n": 2})
    study.optimize(_objective, n_trials=12, n_jobs=3)
    trials = study.trials
    assert len(trials) == 12
    assert {t.state for t in trials} == {TrialState.COMPLETE}
    assert sorted(t.number for t in trials) == list(range(12))
    assert any(t.params == {"x": 0.5, "n": 2} for t in trials)
