"""Wall time of a CPU-bound, pure-Python objective: threads vs worker processes.

A pure-Python busy loop that holds the GIL (a fixed amount of work, about ``--work`` seconds of
one idle core) per trial, ``--trials`` trials of a seeded ``RandomSampler`` on a fresh SQLite
file per run, run as:

- hyperscout ``study.optimize(n_jobs=1)`` (the baseline);
- hyperscout ``study.optimize(n_jobs=W)``: threads, which the GIL serialises;
- hyperscout ``optimize_in_processes(study, n_workers=W)``: spawned worker processes sharing the
  SQLite study (process start-up included in the wall time);
- Optuna 5 ``study.optimize(n_jobs=W)``, the peer's built-in parallelism (threads).

Contenders are interleaved within each repeat; the table reports medians over repeats and the
speed-up against hyperscout's n_jobs=1. The speed-up is bounded by the cores that are free
while it runs, so the table records the load average. Run::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/parallel_speedup.py
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "parallel_speedup.md"


def _spin(rounds: int) -> int:
    acc = 0
    for _ in range(rounds):
        for i in range(1000):
            acc += i * i
    return acc


def _calibrate(seconds: float) -> int:
    """Rounds of :func:`_spin` that take about ``seconds`` of one core (a fixed amount of work,
    so that threads sharing the GIL take longer, as they would with a real objective)."""
    rounds = 10
    while True:
        start = time.perf_counter()
        _spin(rounds)
        took = time.perf_counter() - start
        if took > 0.05:
            return max(1, int(rounds * seconds / took))
        rounds *= 4


def busy_objective(trial: object) -> float:
    """Pure-Python work that keeps the GIL (no numpy), then a trivial value."""
    x = trial.suggest_float("x", -5.0, 5.0)  # type: ignore[attr-defined]
    acc = _spin(int(os.environ["HS_BENCH_ROUNDS"]))
    return x * x + (acc % 2) * 0.0


def _run(kind: str, workers: int, trials: int, folder: str) -> float:
    url = f"sqlite:///{os.path.join(folder, f'{kind}-{time.perf_counter_ns()}.db')}"
    start = time.perf_counter()
    if kind == "optuna-threads":
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        study = optuna.create_study(storage=url, sampler=optuna.samplers.RandomSampler(seed=0))
        study.optimize(busy_objective, n_trials=trials, n_jobs=workers)
        return time.perf_counter() - start
    import hyperscout
    from hyperscout.parallel import optimize_in_processes

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    hs_study = hyperscout.create_study(
        storage=url, sampler=hyperscout.samplers.RandomSampler(seed=0)
    )
    if kind == "hs-processes":
        optimize_in_processes(hs_study, busy_objective, n_trials=trials, n_workers=workers)
    else:
        hs_study.optimize(busy_objective, n_trials=trials, n_jobs=1 if kind == "hs-1" else workers)
    done = len(hs_study.trials)
    assert done == trials, f"{kind}: {done} trials, expected {trials}"
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--work", type=float, default=0.2, help="seconds of CPU per trial")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()
    # The environment reaches spawned workers too, so every contender does the same work.
    os.environ["HS_BENCH_ROUNDS"] = str(_calibrate(args.work))
    kinds = ["hs-1", "hs-threads", "hs-processes", "optuna-threads"]
    times: dict[str, list[float]] = {k: [] for k in kinds}
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:  # warm-up: imports, first database, first spawn
            _run(kind, args.workers, args.workers, folder)
        for r in range(args.repeats):
            order = kinds if r % 2 == 0 else kinds[::-1]
            for kind in order:
                times[kind].append(_run(kind, args.workers, args.trials, folder))
                print(f"repeat {r} {kind}: {times[kind][-1]:.2f} s", flush=True)
    load_after = os.getloadavg()[0]
    base = statistics.median(times["hs-1"])
    labels = {
        "hs-1": "hyperscout `optimize(n_jobs=1)`",
        "hs-threads": f"hyperscout `optimize(n_jobs={args.workers})` (threads)",
        "hs-processes": f"hyperscout `optimize_in_processes(n_workers={args.workers})`",
        "optuna-threads": f"Optuna 5 `optimize(n_jobs={args.workers})` (threads)",
    }
    lines = [
        "# Parallel trials: threads vs worker processes on a CPU-bound objective",
        "",
        "Produced by:",
        "",
        "```",
        "OMP_NUM_THREADS=1 .venv/bin/python benchmarks/parallel_speedup.py",
        "```",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} "
        f"cores; load average {load_before:.1f} before, {load_after:.1f} after (the speed-up "
        "is bounded by the free cores).",
        f"- {args.trials} trials of a pure-Python busy loop (~{args.work} s each, holds the "
        "GIL), seeded RandomSampler, a fresh SQLite file per run; "
        f"{args.repeats} repeats after one untimed warm-up each, contenders interleaved; "
        "process start-up is included.",
        "",
        "| how | median wall (s) | all repeats (s) | speed-up vs n_jobs=1 |",
        "|---|---:|---|---:|",
    ]
    for k in kinds:
        med = statistics.median(times[k])
        runs = ", ".join(f"{t:.1f}" for t in times[k])
        lines.append(f"| {labels[k]} | {med:.2f} | {runs} | {base / med:.2f}x |")
    lines += ["", f"Total run time: {time.perf_counter() - t0:.0f} s.", ""]
    args.out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
