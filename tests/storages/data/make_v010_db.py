"""Make ``hyperscout-0.1.0.db`` and its ``.json`` of expected trials with hyperscout 0.1.0 (the
release before schema revisions were recorded). Run it with that release installed:

    python tests/storages/data/make_v010_db.py

Not run by the tests; the test upgrades the committed file.
"""

from __future__ import annotations

import json
import os
import sqlite3

import hyperscout
from hyperscout.trial import TrialState

HERE = os.path.dirname(os.path.abspath(__file__))
DB = os.path.join(HERE, "hyperscout-0.1.0.db")


def objective(trial: hyperscout.Trial) -> float:
    x = trial.suggest_float("x", -2.0, 2.0)
    n = trial.suggest_int("n", 1, 8, log=True)
    kind = trial.suggest_categorical("kind", ["a", "b", None])
    trial.set_user_attr("note", {"n": n, "kind": kind})
    for step in range(3):
        trial.report(x * x + step, step=step)
    if trial.number == 3:
        raise hyperscout.TrialPruned()
    if trial.number == 4:
        raise RuntimeError("a failing trial")
    return x * x + n


def main() -> None:
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(DB + suffix):
            os.remove(DB + suffix)
    url = f"sqlite:///{DB}"
    single = hyperscout.create_study(
        study_name="single", storage=url, sampler=hyperscout.samplers.RandomSampler(seed=1)
    )
    single.set_user_attr("owner", "ml")
    single.optimize(objective, n_trials=6, catch=(RuntimeError,))
    running = single.ask()  # left RUNNING
    running.suggest_float("x", -2.0, 2.0)
    single.enqueue_trial({"x": 0.5, "n": 2, "kind": "b"})  # left WAITING
    multi = hyperscout.create_study(
        study_name="multi", storage=url, directions=["minimize", "maximize"]
    )
    multi.optimize(lambda t: (t.suggest_float("y", 0, 1), t.suggest_float("y2", 0, 1)), 3)
    expected = {}
    for study in (single, multi):
        expected[study.study_name] = {
            "directions": [d.name for d in study.directions],
            "user_attrs": study.user_attrs,
            "trials": [
                {
                    "number": t.number,
                    "state": t.state.name,
                    "values": None if t.values is None else list(t.values),
                    "params": t.params,
                    "intermediate_values": {str(k): v for k, v in t.intermediate_values.items()},
                    "user_attrs": t.user_attrs,
                    "system_attrs": t.system_attrs,
                    "datetime_start": None if t.datetime_start is None else t.datetime_start.isoformat(),
                }
                for t in study.trials
            ],
        }
    assert any(t.state == TrialState.WAITING for t in single.trials)
    single._storage.close()
    multi._storage.close()
    with open(DB[:-3] + ".json", "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    conn = sqlite3.connect(DB)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("VACUUM")
    conn.close()


if __name__ == "__main__":
    main()
