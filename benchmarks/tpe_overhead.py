"""Time per suggestion of hyperscout's TPESampler against Optuna 5's, as trials accumulate.

For each history size N (100, 1,000, 5,000) and each library, a fresh in-memory study gets N
random COMPLETE trials of a 5-D float problem (``add_trials``, so filling the history costs no
sampler time), then runs ``--warmup`` untimed trials and ``--window`` timed trials with TPE.
One timed trial is ``ask`` + five ``suggest_float`` + ``tell`` with a trivial objective, so the
time is the library's overhead per proposed point. The first suggestion after the history is
loaded is reported on its own ("cold"): hyperscout reads the history once then, and only new
trials afterwards.

Contenders are interleaved (A B A B ...) within each N and repeat, with the same seeds and the
same trials; the table reports medians over repeats of the per-window median, and the ratio
Optuna / hyperscout, for wall time and for CPU time (``process_time``, which other jobs on a
shared machine disturb less). Run with one BLAS/OpenMP thread:

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/tpe_overhead.py

Needs the bench extra (``pip install "hyperscout[bench]"``) for Optuna.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

DIM = 5
LOW, HIGH = -5.0, 5.0
RESULTS = Path(__file__).resolve().parent / "results" / "tpe_overhead.md"


def objective_value(x: np.ndarray) -> float:
    return float(np.sum(x**2))


def random_history(n: int, seed: int) -> list[tuple[dict[str, float], float]]:
    rng = np.random.RandomState(seed)
    xs = rng.uniform(LOW, HIGH, size=(n, DIM))
    return [({f"x{i}": float(v) for i, v in enumerate(x)}, objective_value(x)) for x in xs]


Timing = tuple[float, list[float], list[float]]  # cold wall, window wall, window CPU (seconds)


def run_hyperscout(
    history: list[tuple[dict[str, float], float]], seed: int, multivariate: bool, warmup: int, window: int
) -> Timing:
    import hyperscout
    from hyperscout.distributions import FloatDistribution
    from hyperscout.samplers.tpe import TPESampler

    dists = {f"x{i}": FloatDistribution(LOW, HIGH) for i in range(DIM)}
    study = hyperscout.create_study(sampler=TPESampler(seed=seed, multivariate=multivariate))
    study.add_trials(
        hyperscout.trial.create_trial(params=p, distributions=dists, value=v) for p, v in history
    )
    return _time_loop(study, warmup, window)


def run_optuna(
    history: list[tuple[dict[str, float], float]], seed: int, multivariate: bool, warmup: int, window: int
) -> Timing:
    import optuna

    dists = {f"x{i}": optuna.distributions.FloatDistribution(LOW, HIGH) for i in range(DIM)}
    sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate)
    study = optuna.create_study(sampler=sampler)
    study.add_trials(
        [optuna.trial.create_trial(params=p, distributions=dists, value=v) for p, v in history]
    )
    return _time_loop(study, warmup, window)


def _time_loop(study: Any, warmup: int, window: int) -> Timing:
    times: list[float] = []
    cpu: list[float] = []
    cold = 0.0
    for k in range(warmup + window):
        t0, c0 = time.perf_counter(), time.process_time()
        trial = study.ask()
        x = np.array([trial.suggest_float(f"x{i}", LOW, HIGH) for i in range(DIM)])
        study.tell(trial, objective_value(x))
        elapsed, used = time.perf_counter() - t0, time.process_time() - c0
        if k == 0:
            cold = elapsed
        if k >= warmup:
            times.append(elapsed)
            cpu.append(used)
    return cold, times, cpu


CONTENDERS: dict[str, Callable[..., Timing]] = {
    "hyperscout": run_hyperscout,
    "optuna": run_optuna,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--window", type=int, default=20)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    import logging

    import optuna
    import scipy.special  # imported up front, so that no timed call pays for it

    import hyperscout

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    hyperscout.logging.set_verbosity(logging.WARNING)
    warnings.filterwarnings("ignore")

    rows = []
    started = time.perf_counter()
    for multivariate in (False, True):
        for n in args.counts:
            per: dict[str, list[float]] = {name: [] for name in CONTENDERS}
            per_cpu: dict[str, list[float]] = {name: [] for name in CONTENDERS}
            cold: dict[str, list[float]] = {name: [] for name in CONTENDERS}
            for rep in range(args.repeats):
                history = random_history(n - args.warmup - args.window // 2, seed=rep)
                order = list(CONTENDERS) if rep % 2 == 0 else list(reversed(CONTENDERS))
                for name in order:
                    c, times, cpu = CONTENDERS[name](
                        history, rep, multivariate, args.warmup, args.window
                    )
                    per[name].append(statistics.median(times))
                    per_cpu[name].append(statistics.median(cpu))
                    cold[name].append(c)
            hs = statistics.median(per["hyperscout"]) * 1e3
            op = statistics.median(per["optuna"]) * 1e3
            hs_cpu = statistics.median(per_cpu["hyperscout"]) * 1e3
            op_cpu = statistics.median(per_cpu["optuna"]) * 1e3
            spread = {
                name: (min(v) * 1e3, max(v) * 1e3) for name, v in per.items()
            }
            rows.append(
                (
                    multivariate,
                    n,
                    hs,
                    spread["hyperscout"],
                    op,
                    spread["optuna"],
                    op / hs,
                    statistics.median(cold["hyperscout"]) * 1e3,
                    statistics.median(cold["optuna"]) * 1e3,
                    hs_cpu,
                    op_cpu,
                )
            )
            print(
                f"multivariate={multivariate} n={n}: hyperscout {hs:.2f} ms, optuna {op:.2f} ms, "
                f"ratio {op / hs:.1f}x (CPU {hs_cpu:.2f} / {op_cpu:.2f} ms, {op_cpu / hs_cpu:.1f}x)",
                flush=True,
            )
    total = time.perf_counter() - started
    load = os.getloadavg()

    import scipy

    lines = [
        "# TPE overhead: time per suggestion as trials accumulate",
        "",
        "Produced by:",
        "",
        "```",
        "OMP_NUM_THREADS=1 .venv/bin/python benchmarks/tpe_overhead.py"
        + ("" if sys.argv[1:] == [] else " " + " ".join(sys.argv[1:])),
        "```",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; machine: "
        f"{platform.machine()}, {os.cpu_count()} cores (shared, noisy); Python "
        f"{platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"Optuna {optuna.__version__}; OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}.",
        f"- Problem: {DIM}-D float space [{LOW}, {HIGH}]^{DIM}, objective sum(x^2) (trivial), "
        "in-memory storage for both.",
        f"- Method: a study is filled with N - {args.warmup + args.window // 2} random COMPLETE "
        f"trials via add_trials, then {args.warmup} untimed and {args.window} timed TPE trials "
        "(so the window is centred on N). One timed trial = ask + 5 suggest_float + tell. "
        f"{args.repeats} repeats per cell, contenders interleaved, same seeds and histories.",
        "- Both samplers with default arguments except `seed` and `multivariate` "
        "(both default to joint models, multivariate=True, for one objective).",
        "- ms = median over repeats of each window's median; [min, max] over repeats. "
        "Cold = the first trial after loading the history (hyperscout reads the history once "
        "then, and only new trials afterwards).",
        "",
        "| multivariate | N trials | hyperscout ms/suggestion | Optuna ms/suggestion | "
        "Optuna / hyperscout | hyperscout CPU ms | Optuna CPU ms | Optuna / hyperscout, CPU | "
        "hyperscout cold ms | Optuna cold ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mv, n, hs, hs_sp, op, op_sp, ratio, hs_cold, op_cold, hs_cpu, op_cpu in rows:
        lines.append(
            f"| {mv} | {n:,} | {hs:.2f} [{hs_sp[0]:.2f}, {hs_sp[1]:.2f}] | "
            f"{op:.2f} [{op_sp[0]:.2f}, {op_sp[1]:.2f}] | {ratio:.1f}x | {hs_cpu:.2f} | "
            f"{op_cpu:.2f} | {op_cpu / hs_cpu:.1f}x | {hs_cold:.1f} | {op_cold:.1f} |"
        )
    lines += ["", "Growth of hyperscout's time per suggestion from the smallest to the largest N:", ""]
    for mv in (False, True):
        sub = [r for r in rows if r[0] == mv]
        if len(sub) > 1:
            lines.append(
                f"- multivariate={mv}: {sub[-1][1]:,} / {sub[0][1]:,} trials = "
                f"{sub[-1][2] / sub[0][2]:.2f}x wall, {sub[-1][9] / sub[0][9]:.2f}x CPU "
                f"(Optuna: {sub[-1][4] / sub[0][4]:.1f}x wall, {sub[-1][10] / sub[0][10]:.1f}x CPU)."
            )
    lines += [
        "",
        f"Total run time: {total:.0f} s; load average at the end {load[0]:.1f} / {load[1]:.1f} / "
        f"{load[2]:.1f} (1 / 5 / 15 min) on {os.cpu_count()} cores.",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
