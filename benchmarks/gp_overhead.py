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
import functools  # noqa: E402
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


def time_hyperscout(
    points: list[dict[str, float]],
    k: int,
    seed: int,
    warp: bool = True,
    stall_turns: bool = True,
) -> list[tuple[float, float]]:
    """``warp=False``: the GP shipped before its late, evidence-gated input warp became the
    default (the three warp switches off, and no stall turns), to time the two side by side.
    ``stall_turns=False``: the GP shipped before its stall turns became the default; on this
    smooth objective no study stalls, so the difference is the stall test each suggestion
    adds."""
    import hyperscout
    from hyperscout.distributions import FloatDistribution
    from hyperscout.samplers.gp import GPSampler
    from hyperscout.samplers.gp._ablation import NO_INPUT_WARP, NO_STALL_TURNS
    from hyperscout.trial import create_trial

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    dists = {f"x{i}": FloatDistribution(LOW, HIGH) for i in range(DIM)}
    sampler = GPSampler(seed=seed)
    if not warp:
        sampler._set_ablation(**NO_INPUT_WARP, **NO_STALL_TURNS)
    if not stall_turns:
        sampler._set_ablation(**NO_STALL_TURNS)
    study = hyperscout.create_study(sampler=sampler)
    study.add_trials(
        create_trial(params=p, distributions=dists, value=objective_value(np.array(list(p.values()))))
        for p in points
    )
    return _time_loop(study, dists, k)


def time_optuna(points: list[dict[str, float]], k: int, seed: int) -> list[tuple[float, float]]:
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


def _time_loop(study: object, dists: dict[str, object], k: int) -> list[tuple[float, float]]:
    """(wall, CPU) seconds per suggestion. CPU time (this process, all threads) is less
    disturbed by other jobs on a shared machine; with one thread it is the work done."""
    times = []
    for i in range(k + 1):
        w0, c0 = time.perf_counter(), time.process_time()
        trial = study.ask()  # type: ignore[attr-defined]
        x = np.array([trial.suggest_float(name, LOW, HIGH) for name in dists])
        study.tell(trial, objective_value(x))  # type: ignore[attr-defined]
        if i > 0:  # the first suggestion fits the kernel cold; not timed
            times.append((time.perf_counter() - w0, time.process_time() - c0))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300])
    parser.add_argument("--repeats", type=int, default=6)
    parser.add_argument("--k", type=int, default=8, help="timed suggestions per measurement")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "gp_overhead.md")
    parser.add_argument(
        "--with-nowarp",
        action="store_true",
        help="also time hyperscout's GPSampler without input warping (the default before it)",
    )
    parser.add_argument(
        "--with-noturns",
        action="store_true",
        help="also time hyperscout's GPSampler without its stall turns (the default before them)",
    )
    args = parser.parse_args()

    contenders: dict[str, Callable[[list[dict[str, float]], int, int], list[tuple[float, float]]]] = {
        "hyperscout GPSampler": time_hyperscout,
        "Optuna GPSampler": time_optuna,
    }
    if args.with_nowarp:
        contenders["hyperscout GPSampler without input warping"] = functools.partial(
            time_hyperscout, warp=False
        )
    if args.with_noturns:
        contenders["hyperscout GPSampler without stall turns"] = functools.partial(
            time_hyperscout, stall_turns=False
        )
    names = list(contenders)
    wall: dict[tuple[str, int], list[float]] = {(c, n): [] for c in names for n in args.sizes}
    cpu: dict[tuple[str, int], list[float]] = {(c, n): [] for c in names for n in args.sizes}
    rep_wall: dict[tuple[str, int], list[float]] = {(c, n): [] for c in names for n in args.sizes}
    rep_cpu: dict[tuple[str, int], list[float]] = {(c, n): [] for c in names for n in args.sizes}
    t_start = time.perf_counter()
    for rep in range(args.repeats):
        order = names if rep % 2 == 0 else names[::-1]
        for n in args.sizes:
            points = history(n, seed=rep)
            for name in order:
                times = contenders[name](points, args.k, rep)
                w = [t[0] for t in times]
                c = [t[1] for t in times]
                wall[(name, n)].extend(w)
                cpu[(name, n)].extend(c)
                rep_wall[(name, n)].append(statistics.median(w))
                rep_cpu[(name, n)].append(statistics.median(c))
                print(
                    f"rep {rep} n={n} {name}: median wall {1e3 * statistics.median(w):.1f} ms, "
                    f"CPU {1e3 * statistics.median(c):.1f} ms",
                    flush=True,
                )
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
        "(A B / B A). OMP/OpenBLAS/MKL threads and torch threads = 1 for both. Wall time is what "
        "a user waits; CPU time (process_time) is the work done and is less disturbed by other "
        "jobs on this shared machine.",
        "",
        f"Command: `OMP_NUM_THREADS=1 .venv/bin/python benchmarks/gp_overhead.py "
        f"--sizes {' '.join(map(str, args.sizes))} --repeats {args.repeats} --k {args.k}"
        f"{' --with-nowarp' if args.with_nowarp else ''}"
        f"{' --with-noturns' if args.with_noturns else ''}"
        f"{f' --out {args.out}' if args.out.name != 'gp_overhead.md' else ''}`",
        "",
        f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"optuna {optuna.__version__}, torch {torch.__version__}, {os.cpu_count()} CPUs "
        f"(shared machine, load average {os.getloadavg()[0]:.1f} at the end); total run time "
        f"{elapsed:.0f} s.",
        "",
        "hyperscout's GPSampler refits the kernel hyperparameters once the observations grew by 5 % "
        "(every 5th suggestion at 100 trials, every 15th at 300) and reuses the last fit in "
        "between, so its median is a suggestion without a fit; the mean over the window (with "
        "`--k` of at least 15 it holds a refit) is the cost per suggestion over a long run.",
        "",
        "| N trials | contender | median wall ms | p25–p75 wall ms | median CPU ms | mean CPU ms "
        "| per-seed median wall ms |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    for n in args.sizes:
        for name in names:
            t = np.array(wall[(name, n)]) * 1e3
            seeds = ", ".join(f"{1e3 * v:.0f}" for v in rep_wall[(name, n)])
            lines.append(
                f"| {n} | {name} | {np.median(t):.1f} | {np.percentile(t, 25):.1f}–"
                f"{np.percentile(t, 75):.1f} | {1e3 * np.median(cpu[(name, n)]):.1f} | "
                f"{1e3 * np.mean(cpu[(name, n)]):.1f} | {seeds} |"
            )
    lines += [
        "",
        "| N trials | speed-up, wall (Optuna / hyperscout medians) | per-seed wall ratios | "
        "speed-up, CPU | per-seed CPU ratios | speed-up, mean CPU |",
        "|---:|---:|---|---:|---|---:|",
    ]
    for n in args.sizes:
        ratio_w = np.median(wall[(names[1], n)]) / np.median(wall[(names[0], n)])
        ratio_c = np.median(cpu[(names[1], n)]) / np.median(cpu[(names[0], n)])
        per_w = [b / a for a, b in zip(rep_wall[(names[0], n)], rep_wall[(names[1], n)])]
        per_c = [b / a for a, b in zip(rep_cpu[(names[0], n)], rep_cpu[(names[1], n)])]
        ratio_m = np.mean(cpu[(names[1], n)]) / np.mean(cpu[(names[0], n)])
        lines.append(
            f"| {n} | {ratio_w:.1f}x | {', '.join(f'{r:.1f}' for r in per_w)} | {ratio_c:.1f}x | "
            f"{', '.join(f'{r:.1f}' for r in per_c)} | {ratio_m:.1f}x |"
        )
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
