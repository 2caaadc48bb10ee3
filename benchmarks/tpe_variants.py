"""hyperscout TPE (this checkout) against Optuna 5's TPE on the synthetic and mixed problems.

A fast ablation harness for TPE design choices: both samplers run in this process, with the
same seeds, on the eight synthetic/mixed problems of ``benchmarks/bbo`` at budget 100, and each
(problem, budget) cell is a normalised score as in the suite (0 = the median of hyperscout's
random search in ``results/bbo/raw/hs-random``, 100 = the known optimum), over ``--seeds``
seeds. TPE runs cost a fraction of a second, so 30 seeds take about a minute per contender;
use this to compare a change with the committed code (run it before and after), then confirm
on the whole suite with ``python -m benchmarks.bbo``.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/tpe_variants.py --seeds 30

Needs the bench extra (``pip install "hyperscout[bench]"``) for Optuna.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bbo.contenders import _suggest  # noqa: E402
from benchmarks.bbo.problems import Problem, all_problems  # noqa: E402

RAW = ROOT / "benchmarks" / "results" / "bbo" / "raw"
PROBLEMS = (
    "branin",
    "hartmann6",
    "rosenbrock10",
    "ackley10",
    "styblinski_tang5",
    "levy10",
    "branin_mixed",
    "mixed_log",
)
BUDGETS = (20, 50, 100)


def _curves(lib: Any, make_sampler: Any, problem: Problem, seeds: range) -> np.ndarray:
    out = []
    for seed in seeds:
        study = lib.create_study(sampler=make_sampler(seed))
        study.optimize(
            lambda t: problem({p.name: _suggest(t, p) for p in problem.space}),
            n_trials=max(BUDGETS),
        )
        out.append(np.minimum.accumulate([t.value for t in study.trials]))
    return np.array(out)


def _scores(curves: np.ndarray, problem: Problem) -> dict[int, float]:
    runs = json.loads((RAW / "hs-random" / f"{problem.name}.json").read_text())["runs"]
    rand = np.array([np.minimum.accumulate(r["values"]) for r in runs.values()])
    assert problem.optimum is not None
    out = {}
    for b in BUDGETS:
        r = float(np.median(rand[:, b - 1]))
        out[b] = 100.0 * (r - float(np.median(curves[:, b - 1]))) / (r - problem.optimum)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=30)
    ap.add_argument("--no-optuna", action="store_true", help="only hyperscout's TPE")
    args = ap.parse_args()

    import hyperscout

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    contenders: dict[str, tuple[Any, Any]] = {
        "hyperscout TPE": (hyperscout, lambda s: hyperscout.samplers.TPESampler(seed=s))
    }
    if not args.no_optuna:
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        contenders["Optuna TPE"] = (optuna, lambda s: optuna.samplers.TPESampler(seed=s))
    problems = {p.name: p for p in all_problems()}
    seeds = range(args.seeds)
    table: dict[str, dict[tuple[str, int], float]] = {}
    for name, (lib, make) in contenders.items():
        t0 = time.perf_counter()
        table[name] = {}
        for pn in PROBLEMS:
            for b, s in _scores(_curves(lib, make, problems[pn], seeds), problems[pn]).items():
                table[name][(pn, b)] = s
        print(f"{name}: {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    rev = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    names = list(table)
    print(f"hyperscout at {rev}; {args.seeds} seeds; cell = normalised score of the median\n")
    print("| problem | B | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for pn in PROBLEMS:
        for b in BUDGETS:
            print(f"| {pn} | {b} | " + " | ".join(f"{table[n][(pn, b)]:.1f}" for n in names) + " |")
    for b in BUDGETS:
        means = [np.mean([table[n][(pn, b)] for pn in PROBLEMS]) for n in names]
        print(f"| **mean** | {b} | " + " | ".join(f"**{m:.1f}**" for m in means) + " |")


if __name__ == "__main__":
    main()
