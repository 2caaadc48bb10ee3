"""Command line: ``python -m benchmarks.bbo --quick`` (see ``--help``)."""

from __future__ import annotations

import os

# Pin every BLAS/OpenMP pool to one thread *before* numpy (or torch) is imported anywhere, here
# and in the spawned workers (they inherit the environment).
for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
):
    os.environ[_var] = "1"
if __name__ == "__main__":  # the command line, not a test importing this module
    from benchmarks._kernels import pin_openblas_kernels

    pin_openblas_kernels()

import argparse  # noqa: E402
import multiprocessing as mp  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from benchmarks.bbo.contenders import RANDOM, get_contenders  # noqa: E402
from benchmarks.bbo.harness import (  # noqa: E402
    Task,
    existing_seeds,
    init_worker,
    run_task,
    save_result,
)
from benchmarks.bbo.problems import QUICK_PROBLEMS, get_problems  # noqa: E402


def _parse_caps(text: str) -> dict[str, tuple[int, int]]:
    """``name=N`` caps both kinds of problem; ``name=N:M`` caps synthetic at N and ML at M."""
    caps = {}
    for item in filter(None, text.split(",")):
        name, _, spec = item.partition("=")
        synth, _, ml = spec.partition(":")
        ml = ml or synth
        if not (synth.isdigit() and ml.isdigit()):
            raise SystemExit(f"--seed-cap wants name=N or name=N:M, got {item!r}")
        caps[name] = (int(synth), int(ml))
    return caps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bbo", description=__doc__)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="few problems, budgets 20/50, 3 seeds")
    mode.add_argument("--full", action="store_true", help="every problem, budgets 20/50/100")
    ap.add_argument("--contenders", help="comma-separated names (default: all available)")
    ap.add_argument("--problems", help="comma-separated names (default: the mode's set)")
    ap.add_argument("--seeds", type=int, help="seeds for synthetic problems (quick 3, full 10)")
    ap.add_argument("--ml-seeds", type=int, help="seeds for ML problems (quick 3, full 5)")
    ap.add_argument("--budget", type=int, help="largest budget (quick 50, full 100)")
    ap.add_argument(
        "--seed-cap",
        default="",
        help="fewer seeds for slow contenders: skopt-gp=5 or skopt-gp=5:3 (synthetic:ML)",
    )
    ap.add_argument("--processes", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--resume", action="store_true", help="skip seeds already on disk")
    ap.add_argument("--report-only", action="store_true", help="only rebuild summary.md/plots")
    ap.add_argument("--no-report", action="store_true")
    args = ap.parse_args(argv)

    from benchmarks.bbo.report import write_report

    if args.report_only:
        write_report()
        return 0

    quick = not args.full
    budget = args.budget or (50 if quick else 100)
    n_seeds = args.seeds or (3 if quick else 10)
    n_ml_seeds = args.ml_seeds or (3 if quick else 5)
    caps = _parse_caps(args.seed_cap)
    problem_names = args.problems.split(",") if args.problems else None
    if problem_names is None and quick:
        problem_names = list(QUICK_PROBLEMS)
    problems = get_problems(problem_names)
    contenders = []
    for c in get_contenders(args.contenders.split(",") if args.contenders else None):
        reason = c.unavailable_reason()
        if reason is None:
            contenders.append(c)
        else:
            print(f"skipping {c.name}: {reason}", file=sys.stderr)
    if not contenders:
        print("no contender available", file=sys.stderr)
        return 1
    if RANDOM not in [c.name for c in contenders]:
        print(f"note: {RANDOM} not in this run; scores use the one on disk", file=sys.stderr)

    # Interleave: seed-major, then problem, then contenders in an order rotated per seed so no
    # contender always runs first (machine noise hits all alike).
    # tracemalloc slows Python-heavy optimisers a lot, so only one problem's seed-0 run is traced
    traced = "hartmann6" if "hartmann6" in [p.name for p in problems] else problems[0].name
    tasks = []
    max_seeds = max(n_seeds, n_ml_seeds)
    for seed in range(max_seeds):
        for problem in problems:
            if seed >= (n_ml_seeds if problem.is_ml else n_seeds):
                continue
            k = seed % len(contenders)
            for c in contenders[k:] + contenders[:k]:
                if seed >= caps.get(c.name, (max_seeds, max_seeds))[int(problem.is_ml)]:
                    continue
                if args.resume and seed in existing_seeds(c.name, problem.name, budget):
                    continue
                tasks.append(
                    Task(c.name, problem.name, seed, budget, trace_memory=seed == 0 and problem.name == traced)
                )
    print(f"{len(tasks)} runs: {len(problems)} problems x {len(contenders)} contenders, "
          f"budget {budget}, processes {args.processes}", file=sys.stderr)

    t0 = time.time()
    done = 0

    def handle(res: dict[str, object]) -> None:
        nonlocal done
        done += 1
        task = res["task"]
        if "error" in res:
            print(f"  ERROR {task} seed {res['seed']}: {res['error']}", file=sys.stderr)
        save_result(res)
        if done % 20 == 0 or done == len(tasks):
            print(f"  {done}/{len(tasks)} runs, {time.time() - t0:.0f}s", file=sys.stderr)

    if args.processes <= 1:
        init_worker()
        for task in tasks:
            handle(run_task(task))
    else:
        # SIGTERM -> SystemExit, so the pool's context manager terminates the workers
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        ctx = mp.get_context("spawn")
        with ctx.Pool(args.processes, initializer=init_worker) as pool:
            for res in pool.imap_unordered(run_task, tasks, chunksize=1):
                handle(res)
    if not args.no_report:
        write_report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
