"""Time per suggestion: hyperscout GPSampler vs Optuna 5 GPSampler, on a 5-D problem.

Each measurement loads the same seeded history of N random trials into a fresh in-memory study
(not timed), makes one untimed suggestion (so both samplers have a previous kernel fit to warm
start from), then times ``ask`` + five ``suggest_float`` + ``tell`` for K further trials.
Contenders alternate (A B, then B A) at every repetition, BLAS/OpenMP/torch are pinned to one
thread for both. Optuna's GPSampler needs ``pip install torch==2.13.0 greenlet``.

Run:  OMP_NUM_THREADS=1 .venv/bin/python benchmarks/gp_overhead.py
Writes benchmarks/results/gp_overhead.md.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

DIM = 5
LOW, HIGH = -5.0, 5.0


def objective_value(x: np.ndarray) -> float:
    """Styblinski-Tang in 5-D (minimum -39.16617 * 5)."""
    return float(0.5 * np.sum(x**4 - 16 * x**2 + 5 * x))


def history(n: int, seed: int) -> list[dict[str, float]]:
    rng = np.random.RandomState(seed)
    return [{f"x{i}": float(v) for i, v in enumerate(rng.uniform(LOW, HIGH, DIM))} for _ in range(n)]


def time_hyperscout(points: list[dict[str, float]], k: int, seed: int) -> list[float]:
    import hyperscout
    from hyperscout.distributions import FloatDistribution
    from hyperscout.samplers.gp import GPSampler
    from hyperscout.trial import create_trial

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    dists = {f"x{i}": FloatDistribution(LOW, HIGH) for i in range(DIM)}
    study = hyperscout.create_study(sampler=GPSampler(seed=seed))
    study.add_trials(
        create_trial(params=p, distributions=dists, value=objective_value(np.array(list(p.values()))))
        for p in points
    )
    return _time_loop(study, dists, k)


def time_optuna(points: list[dict[str, float]], k: int, seed: int) -> list[float]:
    import optuna
    import torch

    torch.set_num_threads(1)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    dists = {f"x{i}": optuna.distributions.FloatDistribution(LOW, HIGH) for i in range(DIM)}
    study = optuna.create_study(sampler=optuna.samplers.GPSampler(seed=seed))
    study.add_trials(
        [
            optuna.trial.create_trial(
                params=p, distributions=dists, value=objective_value(np.array(list(p.values())))
            )
            for p in points
        ]
    )
    return _time_loop(study, dists, k)


def _time_loop(study: object, dists: dict[str, object], k: int) -> list[float]:
    times = []
    for i in range(k + 1):
        t0 = time.perf_counter()
        trial = study.ask()  # type: ignore[attr-defined]
        x = np.array([trial.suggest_float(name, LOW, HIGH) for name in dists])
        study.tell(trial, objective_value(x))  # type: ignore[attr-defined]
        if i > 0:  # the first suggestion fits the kernel cold; not timed
            times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--k", type=int, default=8, help="timed suggestions per measurement")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "gp_overhead.md")
    args = parser.parse_args()

    contenders: dict[str, Callable[[list[dict[str, float]], int, int], list[float]]] = {
        "hyperscout GPSampler": time_hyperscout,
        "Optuna GPSampler": time_optuna,
    }
    names = list(contenders)
    results: dict[tuple[str, int], list[float]] = {(c, n): [] for c in names for n in args.sizes}
    per_rep: dict[tuple[str, int], list[float]] = {(c, n): [] for c in names for n in args.sizes}
    t_start = time.perf_counter()
    for rep in range(args.repeats):
        order = names if rep % 2 == 0 else names[::-1]
        for n in args.sizes:
            points = history(n, seed=rep)
            for name in order:
                times = contenders[name](points, args.k, rep)
                results[(name, n)].extend(times)
                per_rep[(name, n)].append(statistics.median(times))
                print(f"rep {rep} n={n} {name}: median {1e3 * statistics.median(times):.1f} ms", flush=True)
    elapsed = time.perf_counter() - t_start

    import optuna
    import scipy
    import torch

    lines = [
        "# GP sampler overhead: time per suggestion",
        "",
        f"5-D Styblinski-Tang, in-memory storage; history of N random trials loaded first, then "
        f"{args.k} timed suggestions (ask + 5 suggest_float + tell) after one untimed warm-up, "
        f"{args.repeats} repetitions (seeds 0..{args.repeats - 1}), contenders interleaved "
        "(A B / B A). OMP/OpenBLAS/MKL threads and torch threads = 1 for both.",
        "",
        f"Command: `OMP_NUM_THREADS=1 .venv/bin/python benchmarks/gp_overhead.py "
        f"--sizes {' '.join(map(str, args.sizes))} --repeats {args.repeats} --k {args.k}`",
        "",
        f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"optuna {optuna.__version__}, torch {torch.__version__}, {os.cpu_count()} CPUs "
        f"(shared machine); total run time {elapsed:.0f} s.",
        "",
        "| N trials | contender | median ms / suggestion | p25–p75 ms | per-seed medians ms |",
        "|---:|---|---:|---:|---|",
    ]
    for n in args.sizes:
        for name in names:
            t = np.array(results[(name, n)]) * 1e3
            seeds = ", ".join(f"{1e3 * v:.0f}" for v in per_rep[(name, n)])
            lines.append(
                f"| {n} | {name} | {np.median(t):.1f} | {np.percentile(t, 25):.1f}–"
                f"{np.percentile(t, 75):.1f} | {seeds} |"
            )
    lines += ["", "| N trials | speed-up (Optuna median / hyperscout median) | per-seed ratios |", "|---:|---:|---|"]
    for n in args.sizes:
        ours = np.median(results[(names[0], n)])
        theirs = np.median(results[(names[1], n)])
        ratios = [b / a for a, b in zip(per_rep[(names[0], n)], per_rep[(names[1], n)])]
        lines.append(
            f"| {n} | {theirs / ours:.1f}x | {', '.join(f'{r:.1f}' for r in ratios)} |"
        )
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
