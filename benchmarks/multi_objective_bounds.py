"""How many of a sampler's model-based proposals put an input exactly at a bound of its range.

On ZDT1-3 the inputs x1..x9 are optimal at 0, a bound, so proposals there are right; on DTLZ2
the distance inputs x2..x11 are optimal at 0.5 and x0, x1 place a point on the front, so x0 or
x1 at a bound is a point on the front's edge (x0 = 0: the f3 = 0 arc; x0 = 1: the f3 corner).
One seeded run per problem and contender; trials after the random start of 10.

    python benchmarks/multi_objective_bounds.py [--seeds 0 1] [--problems DTLZ2 ZDT3]
"""

from __future__ import annotations

import argparse

import numpy as np

import benchmarks.multi_objective as mo

# The peer to show beside the default: the best Optuna median of each problem's 300-trial cell.
PEER = {"ZDT1": "optuna GP", "ZDT2": "optuna GP", "ZDT3": "optuna GP", "DTLZ2": "optuna TPE"}


def at_bounds(problem: str, label: str, seed: int, n_trials: int) -> np.ndarray:
    """Per model-based trial (rows) and input (columns), whether the input is at 0 or 1."""
    spec = mo.PROBLEMS[problem]
    lib, sampler = mo.CONTENDERS[label](seed, None)
    lib.logging.set_verbosity(lib.logging.WARNING)
    study = lib.create_study(directions=["minimize"] * spec["m"], sampler=sampler)
    n = spec["n"]
    study.optimize(
        lambda t: spec["f"](np.array([t.suggest_float(f"x{i}", 0.0, 1.0) for i in range(n)])),
        n_trials=n_trials,
    )
    x = np.array([[t.params[f"x{i}"] for i in range(n)] for t in study.trials])[10:]
    return (x == 0.0) | (x == 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="*", default=[0])
    parser.add_argument("--problems", nargs="*", default=["DTLZ2", "ZDT3"])
    args = parser.parse_args()
    print("| problem | contender | seed | trials | any input at a bound | per input |")
    print("|---|---|---|---|---|---|")
    for problem in args.problems:
        for label in ("hyperscout default", PEER[problem]):
            # Optuna's GP costs minutes per 300-trial run here: 100 trials show its habit.
            n_trials = 100 if label == "optuna GP" else 300
            for seed in args.seeds:
                b = at_bounds(problem, label, seed, n_trials)
                per = ", ".join(str(int(v)) for v in b.sum(axis=0))
                print(
                    f"| {problem} | {label} | {seed} | {len(b)} | {int(b.any(axis=1).sum())} "
                    f"| {per} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
