"""Where the 4-worker loss at N=20 comes from: the random start, and how close concurrent
proposals are to the trials still running.

Reruns ``benchmarks.parallel_quality``'s simulation (same seeds and durations) at budget 20 and
records, per problem, sequentially (1 worker) and with 4 workers:

- ``random``: proposals among the first 20 made before the model took over (the rule of
  :func:`hyperscout.samplers._base.startup_done` with ``n_startup_trials=10``, evaluated on the
  study at the time of each ask), and whether the first 10 proposals are the same points as the
  sequential run's (``same start``: fraction of seeds);
- ``d_run``: for each model-based proposal made while trials run, the distance to the nearest
  running point; ``d_obs``: to the nearest trial already told (both in the unit cube of the
  problem, log scale for log parameters, 1 per differing category, divided by ``sqrt(d)``);
  medians over proposals and seeds (``d_obs`` sequentially: every model-based proposal);
- ``N=20``: the score (as ``parallel_quality.md``'s, from these runs).

    OMP_NUM_THREADS=1 python -m benchmarks.parallel_diagnostics --contenders hs-default --seeds 30
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.bbo.harness import init_worker
from benchmarks.bbo.problems import Param, Problem, get_problems
from benchmarks.parallel_quality import (
    CONTENDERS,
    RESULTS,
    SYNTHETIC,
    WORKERS,
    _bests,
    _references,
    _score,
    load_runs,
    simulate,
)
from hyperscout.samplers._base import startup_done

OUT = RESULTS / "parallel_quality" / "diagnostics.md"
BUDGET = 20
N_STARTUP = 10


def _unit(p: Param, v: Any) -> float:
    if p.kind == "cat":
        return float(p.choices.index(v))
    if p.log:
        return (math.log(v) - math.log(p.low)) / (math.log(p.high) - math.log(p.low))
    return (float(v) - p.low) / (p.high - p.low)


def _dist(problem: Problem, a: dict[str, Any], b: dict[str, Any]) -> float:
    total = 0.0
    for p in problem.space:
        if p.kind == "cat":
            total += float(a[p.name] != b[p.name])
        else:
            total += (_unit(p, a[p.name]) - _unit(p, b[p.name])) ** 2
    return math.sqrt(total / len(problem.space))


def diagnose(name: str, problem: Problem, seed: int, workers: int) -> dict[str, Any]:
    lib, build = CONTENDERS[name].setup()
    asked: list[dict[str, Any]] = []
    n_random = 0
    d_run: list[float] = []
    d_obs: list[float] = []

    def on_ask(n_told: int, params: dict[str, Any], running: list[dict[str, Any]]) -> None:
        nonlocal n_random
        model = startup_done(n_told, len(running), N_STARTUP)
        n_random += not model
        if model and running:
            d_run.append(min(_dist(problem, params, r) for r in running))
        if model:
            done = [q for q in asked if q not in running]
            d_obs.append(min(_dist(problem, params, q) for q in done))
        asked.append(params)

    values, _ = simulate(lib, build(seed), problem, BUDGET, seed, workers, on_ask)
    return {
        "random": n_random,
        "start": asked[:N_STARTUP],
        "d_run": d_run,
        "d_obs": d_obs,
        "best20": min(values),
    }


LAG_OUT = RESULTS / "parallel_quality" / "delay.md"


def delay_table(stored: Sequence[str]) -> Path:
    """From the stored N=20 runs (no rerun): per problem the sequential score at 20, the
    sequential score 3 trials earlier (normalised at 20) and the 4-worker score, and over the
    8 problems the medians of the per-problem differences: ``4w - seq`` (the table's Δ),
    ``seq N-3 - seq`` (the information delay alone) and ``4w - seq N-3`` (what remains)."""
    runs = load_runs()
    rand, optimum = _references(runs)
    lines = [
        "# Parallel quality at N=20: the information delay against the rest",
        "",
        "From the stored N=20 runs of `benchmarks/parallel_quality.py` (30 seeds per problem, "
        "no rerun). Per problem: the sequential score at N=20, the sequential score 3 trials "
        "earlier (normalised at 20: `seq N−3`) and the 4-worker score, each the median over "
        "seeds. Over the 8 synthetic/mixed problems, medians of the per-problem differences: "
        "Δ = 4w − seq (the main table's Δ), delay = seq N−3 − seq (what 4 workers would cost "
        "if each proposal only missed the 3 results still running) and rest = 4w − seq N−3 "
        "(what the handling of the running trials adds or recovers).",
        "",
        "```",
        "python -m benchmarks.parallel_diagnostics --delay-only --stored " + ",".join(stored),
        "```",
        "",
        "| stored runs | " + " | ".join(SYNTHETIC) + " | Δ | delay | rest |",
        "|---|" + "---|" * (len(SYNTHETIC) + 3),
    ]
    for name in stored:
        data = runs[name]
        cells, delta, delay, rest = [], [], [], []
        for p in SYNTHETIC:
            ref = (rand[(p, BUDGET)], optimum[p])
            seq = _score(_bests(data, p, 1, BUDGET), *ref) or 0.0
            lag = _score(_bests(data, p, 1, BUDGET, WORKERS - 1), *ref) or 0.0
            par = _score(_bests(data, p, WORKERS, BUDGET), *ref) or 0.0
            cells.append(f"{seq:.0f} / {lag:.0f} / {par:.0f}")
            delta.append(par - seq)
            delay.append(lag - seq)
            rest.append(par - lag)
        med = [f"{float(np.median(v)):+.1f}" for v in (delta, delay, rest)]
        lines.append(f"| {name} | " + " | ".join(cells) + " | " + " | ".join(med) + " |")
    lines += ["", "Cells: seq / seq N−3 / 4w."]
    LAG_OUT.write_text("\n".join(lines) + "\n")
    return LAG_OUT


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--contenders", default="hs-default")
    ap.add_argument("--seeds", type=int, default=30)
    ap.add_argument("--delay-only", action="store_true", help="only the delay table, from disk")
    ap.add_argument("--stored", default="hs-default-n20", help="raw files for the delay table")
    args = ap.parse_args(argv)
    if args.delay_only:
        print(f"wrote {delay_table(args.stored.split(','))}")
        return
    init_worker()
    rand, optimum = _references(load_runs())
    lines = [
        "# Parallel quality at N=20: random start and distances of concurrent proposals",
        "",
        (__doc__ or "").split("\n\n", 1)[1].split("    OMP")[0].strip(),
        "",
        "```",
        f"OMP_NUM_THREADS=1 python -m benchmarks.parallel_diagnostics --contenders "
        f"{args.contenders} --seeds {args.seeds}",
        "```",
        "",
        "| contender | problem | random (1w / 4w) | same start | d_run 4w | d_obs 1w / 4w "
        "| N=20 1w / 4w |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for name in args.contenders.split(","):
        for problem in get_problems(list(SYNTHETIC)):
            res = {
                w: [diagnose(name, problem, s, w) for s in range(args.seeds)] for w in (1, WORKERS)
            }
            r, o = rand[(problem.name, BUDGET)], optimum[problem.name]

            def sc(
                w: int,
                key: str,
                res: dict[int, list[dict[str, Any]]] = res,
                r: float = r,
                o: float = o,
            ) -> float:
                best = float(np.median([x[key] for x in res[w]]))
                return _score(np.array([best]), r, o) or float("nan")

            def med(w: int, key: str, res: dict[int, list[dict[str, Any]]] = res) -> float:
                vals = [d for x in res[w] for d in x[key]]
                return float(np.median(vals)) if vals else float("nan")

            same = np.mean([a["start"] == b["start"] for a, b in zip(res[1], res[WORKERS])])
            rnd = [float(np.mean([x["random"] for x in res[w]])) for w in (1, WORKERS)]
            lines.append(
                f"| {name} | {problem.name} | {rnd[0]:.1f} / {rnd[1]:.1f} | {same:.2f} | "
                f"{med(WORKERS, 'd_run'):.3f} | {med(1, 'd_obs'):.3f} / "
                f"{med(WORKERS, 'd_obs'):.3f} | {sc(1, 'best20'):.1f} / {sc(WORKERS, 'best20'):.1f} |"
            )
            print(lines[-1], flush=True)
            Path(OUT).write_text("\n".join(lines) + "\n")  # kept as it grows
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
