"""Trials of one study on a Dask cluster (here a local one with two workers), stored in SQLite.

On a real cluster, give the scheduler's address to ``Client`` and a storage every worker reaches
(PostgreSQL). Needs ``pip install "hyperscout[dask]"``.

    python examples/dask_trials.py
"""

from __future__ import annotations

import os
import tempfile

from _budget import budget

import hyperscout
from hyperscout.parallel import optimize_with_dask


def objective(trial: hyperscout.Trial) -> float:
    x = trial.suggest_float("x", -10, 10)
    y = trial.suggest_int("y", -5, 5)
    return (x - 2) ** 2 + (y + 1) ** 2


def main() -> None:
    from distributed import Client, LocalCluster

    folder = tempfile.mkdtemp()
    storage = f"sqlite:///{os.path.join(folder, 'dask.db')}"
    study = hyperscout.create_study(study_name="dask", storage=storage)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        optimize_with_dask(study, objective, client, n_trials=budget(40))
    print(f"{len(study.trials)} trials; best value {study.best_value:.4f} at {study.best_params}")


if __name__ == "__main__":
    main()
