"""Search quality of the GP sampler's speed settings: an ablation over the suite's problems.

Variants (module settings of ``hyperscout.samplers.gp._sampler``, set in each worker):

- ``every``: kernel hyperparameters refitted at every proposal (``_REFIT_GROWTH = 0``),
  acquisition search of 40 iterations (the settings before the speed work);
- ``growth5``: refitted once the observations grew by 5 % since the last fit, 40 iterations;
- ``growth5-it20``: as ``growth5`` with 20 iterations of the acquisition search.

Each variant runs each problem (``benchmarks/bbo/problems.py``) for ``--budget`` trials and
``--seeds`` seeds, with ``GPSampler(seed=s)`` otherwise default, interleaved over a process pool
(BLAS pinned to one thread). Reported per problem and budget: the median best value over seeds,
and the normalised score of the suite, ``100 * (random - best) / (random - optimum)`` with
``random`` the median of hyperscout's random search in ``benchmarks/results/bbo/raw`` at that
budget and ``optimum`` the known minimum (or, for ML problems, the best value any run found,
the suite's runs included). Quality runs are not timed.

Run:  nice -n 5 .venv/bin/python -m benchmarks.gp_speed_ablation --processes 2
Writes benchmarks/results/gp_speed_ablation.md.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
RAW = RESULTS / "bbo" / "raw"
PROBLEMS = ["branin", "hartmann6", "styblinski_tang5", "levy10", "mixed_log", "dt-diabetes"]
VARIANTS: dict[str, dict[str, float]] = {
    "every": {"_REFIT_GROWTH": 0.0, "_ACQ_MAXITER": 40},
    "growth5": {"_REFIT_GROWTH": 0.05, "_ACQ_MAXITER": 40},
    "growth5-it20": {"_REFIT_GROWTH": 0.05, "_ACQ_MAXITER": 20},
}


def run_one(task: tuple[str, str, int, int]) -> tuple[str, str, int, list[float], float]:
    variant, problem_name, seed, budget = task
    import hyperscout
    import hyperscout.samplers.gp._sampler as gp_module
    from benchmarks.bbo.contenders import _suggest
    from benchmarks.bbo.problems import get_problems
    from hyperscout.samplers.gp import GPSampler

    for name, value in VARIANTS[variant].items():
        setattr(gp_module, name, value)
    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    problem = get_problems([problem_name])[0]
    values: list[float] = []

    def objective(trial: Any) -> float:
        value = problem({p.name: _suggest(trial, p) for p in problem.space})
        values.append(value)
        return value

    study = hyperscout.create_study(sampler=GPSampler(seed=seed), direction="minimize")
    t0 = time.process_time()
    study.optimize(objective, n_trials=budget)
    return variant, problem_name, seed, values, time.process_time() - t0


def _seed_count(runs: dict[tuple[str, str], dict[int, list[float]]]) -> str:
    low, high = min(len(r) for r in runs.values()), max(len(r) for r in runs.values())
    return str(low) if low == high else f"{low} to {high}"


def _random_median(problem: str, budget: int) -> float | None:
    """``None`` when the stored random-search runs are shorter than ``budget``."""
    data = json.loads((RAW / "hs-random" / f"{problem}.json").read_text())
    runs = list(data["runs"].values())
    if any(len(r["values"]) < budget for r in runs):
        return None
    return float(np.median([min(r["values"][:budget]) for r in runs]))


def _best_known(problem: str) -> float:
    best = np.inf
    for path in RAW.glob(f"*/{problem}.json"):
        for run in json.loads(path.read_text())["runs"].values():
            best = min(best, min(run["values"]))
    return float(best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", nargs="+", default=PROBLEMS)
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS))
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--budget", type=int, default=100)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS / "gp_speed_ablation.md")
    parser.add_argument(
        "--raw", type=Path, default=None, help="JSON file of the runs, written as they finish"
    )
    parser.add_argument(
        "--report-only", action="store_true", help="rebuild the table from --raw, run nothing"
    )
    args = parser.parse_args()
    from benchmarks.bbo.problems import get_problems

    problems = {p.name: p for p in get_problems(args.problems)}
    tasks = [
        (v, p, s, args.budget)
        for s in range(args.first_seed, args.first_seed + args.seeds)
        for p in args.problems
        for v in (args.variants if s % 2 == 0 else args.variants[::-1])
    ]
    started = time.time()
    runs: dict[tuple[str, str], dict[int, list[float]]] = {}
    cpu: dict[str, list[float]] = {v: [] for v in args.variants}
    done: list[Any] = []
    if args.report_only:
        done = json.loads(args.raw.read_text())
    else:
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(args.processes) as pool:
            for result in pool.imap_unordered(run_one, tasks):
                done.append(result)
                print(f"{result[0]} {result[1]} seed {result[2]}: best {min(result[3]):.6g}", flush=True)
                if args.raw is not None:
                    args.raw.write_text(json.dumps(done))
    for variant, problem, seed, values, used in done:
        runs.setdefault((variant, problem), {})[seed] = values
        cpu[variant].append(used / args.budget)
    elapsed = time.time() - started

    budgets = [b for b in (20, 50, 100, 200, 300) if b <= args.budget]
    lines = [
        "# GP sampler: search quality of the speed settings (ablation)",
        "",
        "Produced by:",
        "",
        "```",
        f"nice -n 5 .venv/bin/python -m benchmarks.gp_speed_ablation --seeds {args.seeds} "
        f"--budget {args.budget} --processes {args.processes}",
        "```",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; "
        f"{_seed_count(runs)} seeds per problem and variant, budget {args.budget}, "
        "one BLAS thread; "
        f"total run time {elapsed:.0f} s; load average at the end "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1 / 5 / 15 min).",
        "- Variants: " + "; ".join(f"`{v}` {VARIANTS[v]}" for v in args.variants) + ".",
        "- Score: `100 * (random - median best) / (random - optimum)`; random = median of "
        "hyperscout's random search in `results/bbo/raw` at the same budget; optimum = known "
        "minimum, or for ML problems the best value any stored run found.",
        "",
    ]
    scores: dict[tuple[str, int], list[float]] = {}
    for b in budgets:
        lines += [f"## Budget {b}", ""]
        lines.append("| problem | " + " | ".join(f"{v} median best (score)" for v in args.variants) + " |")
        lines.append("|---|" + "---:|" * len(args.variants))
        for p in args.problems:
            rnd = _random_median(p, b)
            opt = problems[p].optimum
            if opt is None:
                opt = min(
                    [_best_known(p)]
                    + [min(vals) for (v, q), by_seed in runs.items() if q == p for vals in by_seed.values()]
                )
            cells = []
            for v in args.variants:
                med = statistics.median(min(vals[:b]) for vals in runs[(v, p)].values())
                if rnd is None:  # no stored random search this long: no score
                    cells.append(f"{med:.5g}")
                    continue
                score = 100.0 * (rnd - med) / (rnd - opt) if rnd != opt else 0.0
                scores.setdefault((v, b), []).append(score)
                cells.append(f"{med:.5g} ({score:.1f})")
            lines.append(f"| {p} | " + " | ".join(cells) + " |")
        if all((v, b) in scores for v in args.variants):
            lines.append(
                "| **mean score** | "
                + " | ".join(f"**{statistics.mean(scores[(v, b)]):.1f}**" for v in args.variants)
                + " |"
            )
        lines.append("")
    lines += [
        "CPU time per trial (objective included, median over runs): "
        + ", ".join(f"`{v}` {1e3 * statistics.median(cpu[v]):.1f} ms" for v in args.variants)
        + ".",
        "",
    ]
    args.out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
