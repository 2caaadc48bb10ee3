"""Per-trial library overhead: hyperscout vs Optuna, RandomSampler, trivial 5-D objective.

Both libraries run the same objective (five ``suggest_float`` calls, sum of squares), the same
seeded RandomSampler, logging off, in memory and on a fresh SQLite file, interleaved
(hyperscout, Optuna, hyperscout, ...) so machine noise hits both alike. Reports the median
seconds per trial over repetitions and the ratio Optuna / hyperscout.

    python benchmarks/overhead.py                 # 100 and 1,000 trials, 3 repetitions
    python benchmarks/overhead.py --full          # also 5,000 trials
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy: same thread pinning for both

import datetime
import logging
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import hyperscout

RESULTS = os.path.join(os.path.dirname(__file__), "results", "overhead.md")


def objective(trial: Any) -> float:
    return sum(trial.suggest_float(f"x{i}", -5.0, 5.0) ** 2 for i in range(5))


def run_hyperscout(n_trials: int, storage: str | None) -> float:
    study = hyperscout.create_study(
        storage=storage, sampler=hyperscout.samplers.RandomSampler(seed=0)
    )
    start = time.perf_counter()
    study.optimize(objective, n_trials=n_trials)
    elapsed = time.perf_counter() - start
    assert len(study.trials) == n_trials
    return elapsed / n_trials


def run_optuna(n_trials: int, storage: str | None) -> float:
    import optuna

    study = optuna.create_study(storage=storage, sampler=optuna.samplers.RandomSampler(seed=0))
    start = time.perf_counter()
    study.optimize(objective, n_trials=n_trials)
    elapsed = time.perf_counter() - start
    assert len(study.trials) == n_trials
    return elapsed / n_trials


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="also 5,000 trials")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--out", default=RESULTS)
    args = parser.parse_args()

    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)

    counts = [100, 1000, 5000] if args.full else [100, 1000]
    contenders: dict[str, Callable[[int, str | None], float]] = {
        "hyperscout": run_hyperscout,
        "optuna": run_optuna,
    }
    rows = []
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        for storage_kind in ("in-memory", "SQLite"):
            for n in counts:
                times: dict[str, list[float]] = {name: [] for name in contenders}
                for rep in range(args.reps):
                    for name, run in contenders.items():  # interleaved
                        url = None
                        if storage_kind == "SQLite":
                            url = f"sqlite:///{os.path.join(folder, f'{name}-{n}-{rep}.db')}"
                        times[name].append(run(n, url))
                        print(
                            f"{storage_kind:9s} n={n:5d} rep={rep} {name:10s} "
                            f"{times[name][-1] * 1e3:8.3f} ms/trial",
                            file=sys.stderr,
                        )
                ours = statistics.median(times["hyperscout"])
                theirs = statistics.median(times["optuna"])
                rows.append(
                    (
                        storage_kind,
                        n,
                        ours * 1e3,
                        min(times["hyperscout"]) * 1e3,
                        max(times["hyperscout"]) * 1e3,
                        theirs * 1e3,
                        min(times["optuna"]) * 1e3,
                        max(times["optuna"]) * 1e3,
                        theirs / ours,
                    )
                )

    lines = [
        "# Per-trial overhead: hyperscout vs Optuna (RandomSampler, trivial 5-D objective)",
        "",
        f"Command: `python benchmarks/overhead.py{' --full' if args.full else ''}` "
        f"({args.reps} repetitions, interleaved; OMP_NUM_THREADS=1; logging off).",
        f"Measured {datetime.date.today()} on {platform.machine()} with {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, hyperscout {hyperscout.__version__}, "
        f"Optuna {optuna.__version__}. Each SQLite run uses a fresh database file.",
        "",
        "Median milliseconds per trial (min-max in brackets); ratio = Optuna / hyperscout "
        "(higher is better for hyperscout).",
        "",
        "| storage | trials | hyperscout ms/trial | Optuna ms/trial | ratio |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, n, ours, olo, ohi, theirs, tlo, thi, ratio in rows:
        lines.append(
            f"| {kind} | {n:,} | {ours:.3f} [{olo:.3f}-{ohi:.3f}] | "
            f"{theirs:.3f} [{tlo:.3f}-{thi:.3f}] | {ratio:.1f}x |"
        )
    load_end = os.getloadavg()
    lines += [
        "",
        f"Load average (1 / 5 / 15 min) at the start {load_start[0]:.1f} / {load_start[1]:.1f} / "
        f"{load_start[2]:.1f}, at the end {load_end[0]:.1f} / {load_end[1]:.1f} / "
        f"{load_end[2]:.1f}, on {os.cpu_count()} cores shared with other jobs: absolute times "
        "are inflated by the load, the interleaved ratios are the result.",
    ]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
