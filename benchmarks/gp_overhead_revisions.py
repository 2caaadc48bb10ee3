"""Time per suggestion of hyperscout's GPSampler at two code revisions, paired on this machine.

A change meant to make the GP faster without changing a proposal is measured here: the same
seeded history and the same suggestions (``gp_overhead.py``'s protocol, hyperscout only) are
timed at revision A and at revision B, each in its own process, alternating A B / B A so that a
slow minute of a shared machine falls on both. Reported: per seed, the median of the pairs' CPU
ratios A / B, and each side's median CPU per suggestion. Each revision is a checkout (for
example a ``git worktree``) whose ``hyperscout`` package is imported first.

On a machine whose speed drifts by tens of percent from one second to the next, whole
suggestions pair poorly; ``--model-calls`` also times the GP model's prediction with gradients
(the acquisition search's inner call) of both revisions in one process, alternating call by
call, on the same data with and without input warping, and checks that both give the same bits.

Run:  OMP_NUM_THREADS=1 .venv/bin/python benchmarks/gp_overhead_revisions.py /tmp/before . \\
          --size 300 --seeds 0 1 2 3 --pairs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


def _child(size: int, seed: int, k: int) -> None:
    """In the child: time ``k`` suggestions and print the CPU seconds of each as JSON."""
    sys.path.insert(0, str(_HERE))
    import gp_overhead

    times = gp_overhead.time_hyperscout(gp_overhead.history(size, seed), k, seed)
    print(json.dumps({"cpu": [c for _, c in times], "module": _imported_from()}))


def _proposals_child() -> None:
    """In the child: the parameters of every trial of six seeded studies, as JSON."""
    import math

    import hyperscout
    from hyperscout.samplers.gp import GPSampler

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)

    def smooth(t: hyperscout.Trial) -> float:  # Styblinski-Tang-5
        return sum(
            0.5 * (v**4 - 16 * v**2 + 5 * v)
            for v in (t.suggest_float(f"x{i}", -5, 5) for i in range(5))
        )

    def mixed(t: hyperscout.Trial) -> float:
        a = t.suggest_float("a", 1e-4, 1.0, log=True)
        b = t.suggest_int("b", 1, 20)
        c = t.suggest_categorical("c", ["p", "q", "r"])
        d = t.suggest_float("d", 0.0, 1.0, step=0.1)
        return (math.log10(a) + 2) ** 2 + (b - 7) ** 2 / 10 + "pqr".index(c) / 2 + abs(d - 0.3)

    def steps(t: hyperscout.Trial) -> float:
        x, y = t.suggest_float("x", 0.0, 1.0), t.suggest_float("y", 0.0, 1.0)
        return math.floor(8 * x) / 8 + math.floor(5 * y) / 5

    runs = {}
    for objective, n_trials in ((smooth, 90), (mixed, 60), (steps, 60)):
        for seed in (0, 1):
            study = hyperscout.create_study(sampler=GPSampler(seed=seed))
            study.optimize(objective, n_trials=n_trials)
            runs[f"{objective.__name__} seed {seed}"] = [t.params for t in study.trials]
    print(json.dumps({"runs": runs, "module": _imported_from()}))


def _same_proposals(a: Path, b: Path) -> None:
    got = {tree: _in_tree(tree, "--proposals-child")["runs"] for tree in (a, b)}
    for name, trials_a in got[a].items():
        trials_b = got[b][name]
        if trials_a != trials_b:
            first = next(i for i, (p, q) in enumerate(zip(trials_a, trials_b)) if p != q)
            raise SystemExit(f"{name}: the revisions part at trial {first}")
        print(f"{name}: {len(trials_a)} proposals, the same at both revisions")


def _model_calls(a: Path, size: int, calls: int) -> None:
    """Revision A's ``_gp.py`` loaded by path beside this process's ``hyperscout`` (B's)."""
    import importlib.util
    import time

    import numpy as np

    from hyperscout.samplers.gp import _gp as gp_b

    spec = importlib.util.spec_from_file_location(
        "gp_revision_a", a / "hyperscout/samplers/gp/_gp.py"
    )
    assert spec is not None and spec.loader is not None
    gp_a = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gp_a  # dataclasses look their module up
    spec.loader.exec_module(gp_a)
    rng = np.random.RandomState(0)
    d = 5
    x, y, is_cat = rng.rand(size, d), rng.randn(size), np.zeros(d, dtype=bool)
    xs = rng.rand(6, d)  # the acquisition search's batch: 5 starts and the incumbent
    print("\n| model rows | input warping | A µs per call | B µs per call | A / B |")
    print("|---:|---|---:|---:|---:|")
    for warp in (False, True):
        theta = np.r_[np.full(d, np.log(0.3)), 0.0, np.log(1e-3)]
        if warp:
            theta = np.r_[theta, 0.3 * rng.randn(2 * d)]
        models = [m.GPModel(x, y, is_cat, theta, 1e-6, True) for m in (gp_a, gp_b)]
        outs = [m.predict_with_grad(xs) for m in models]
        if not all(np.array_equal(p, q) for p, q in zip(*outs)):
            raise SystemExit("the two revisions' predictions differ")
        times: list[list[float]] = [[], []]
        for i in range(calls):
            for j in (0, 1) if i % 2 == 0 else (1, 0):
                t0 = time.perf_counter()
                models[j].predict_with_grad(xs)
                times[j].append(time.perf_counter() - t0)
        ta, tb = (statistics.median(t) for t in times)
        print(
            f"| {size} | {'yes' if warp else 'no'} | {1e6 * ta:.0f} | {1e6 * tb:.0f} | {ta / tb:.2f}x |"
        )


def _imported_from() -> str:
    import hyperscout

    return str(Path(hyperscout.__file__).resolve().parent.parent)


def _in_tree(tree: Path, *args: str) -> dict[str, Any]:
    """This script run as a child with ``tree``'s ``hyperscout`` first on the path: its last
    line of output, a JSON record, after checking where ``hyperscout`` came from."""
    env = dict(os.environ, PYTHONPATH=str(tree), OMP_NUM_THREADS="1")
    out = subprocess.run(
        [sys.executable, __file__, *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=tree,
    ).stdout
    record: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    if Path(record["module"]) != tree.resolve():
        raise SystemExit(f"hyperscout was imported from {record['module']}, not from {tree}")
    return record


def _run(tree: Path, size: int, seed: int, k: int) -> list[float]:
    return list(_in_tree(tree, "--child", str(size), str(seed), str(k))["cpu"])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--proposals-child":
        _proposals_child()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path, help="checkout of revision A")
    parser.add_argument("b", type=Path, help="checkout of revision B")
    parser.add_argument("--size", type=int, default=300, help="trials in the history")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3])
    parser.add_argument("--pairs", type=int, default=5, help="A/B pairs per seed")
    parser.add_argument("--k", type=int, default=15, help="timed suggestions per run")
    parser.add_argument(
        "--model-calls",
        type=int,
        default=0,
        help="also time this many prediction calls of each revision's GP model in one process "
        "(model rows: the GP's cap of 200, or --size if smaller); B must be this checkout",
    )
    parser.add_argument(
        "--same-proposals",
        action="store_true",
        help="first check that both revisions make the same proposals in six seeded studies",
    )
    args = parser.parse_args()
    if args.same_proposals:
        _same_proposals(args.a, args.b)
    rows = []
    for seed in args.seeds:
        med = {"A": [], "B": []}
        ratios = []
        for p in range(args.pairs):
            order = [("A", args.a), ("B", args.b)]
            if p % 2:
                order.reverse()
            got = {
                name: statistics.median(_run(tree, args.size, seed, args.k)) for name, tree in order
            }
            med["A"].append(got["A"])
            med["B"].append(got["B"])
            ratios.append(got["A"] / got["B"])
        rows.append((seed, statistics.median(med["A"]), statistics.median(med["B"]), ratios))
        print(
            f"seed {seed}: A {1e3 * rows[-1][1]:.1f} ms, B {1e3 * rows[-1][2]:.1f} ms, "
            f"A/B {statistics.median(ratios):.2f}x",
            flush=True,
        )
    print()
    print(
        f"| seed | A median CPU ms | B median CPU ms | A / B, median of {args.pairs} pairs | pair ratios |"
    )
    print("|---:|---:|---:|---:|---|")
    for seed, a, b, ratios in rows:
        print(
            f"| {seed} | {1e3 * a:.1f} | {1e3 * b:.1f} | {statistics.median(ratios):.2f}x | "
            + ", ".join(f"{r:.2f}" for r in ratios)
            + " |"
        )
    all_ratios = [r for *_, ratios in rows for r in ratios]
    print(
        f"\nMedian of all {len(all_ratios)} pair ratios: {statistics.median(all_ratios):.2f}x "
        f"(A: {args.a}, B: {args.b}, {args.size} trials, {args.k} suggestions per run)."
    )
    if args.model_calls:
        if Path(_imported_from()) != args.b.resolve():
            raise SystemExit(
                f"--model-calls needs B to be the imported checkout, {_imported_from()}"
            )
        _model_calls(args.a, min(args.size, 200), args.model_calls)


if __name__ == "__main__":
    main()
