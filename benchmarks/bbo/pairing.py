"""The pairing check of the ablation rounds: does a variant's run replay ``hs-gp``'s stored run
of the same problem and seed over its first trials?

A variant that is the default GP up to some trigger (``hs-stall-*``) must reproduce the stored
``hs-gp`` run value for value up to it; where it does not, the two runs are not paired and the
variant's score difference mixes its own effect with the floating-point environment's.

    python -m benchmarks.bbo.pairing --contender hs-stall-alternate [--first 20] [--problems a,b]

Prints, per problem, the runs whose first ``--first`` values equal ``hs-gp``'s and, for every
run, the first trial where the two differ (none: equal over the whole run), then the totals.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.bbo import harness


def _runs(contender: str, problem: str) -> dict[int, list[float]]:
    """Each stored run's values by seed (empty if the contender did not run the problem)."""
    runs = harness.load_pair(contender, problem).get("runs", {})
    return {int(seed): list(run["values"]) for seed, run in runs.items()}


def first_difference(a: list[float], b: list[float]) -> int | None:
    """The first index where ``a`` and ``b`` differ (over their common length), or None."""
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--contender", required=True)
    ap.add_argument("--baseline", default="hs-gp")
    ap.add_argument("--first", type=int, default=20)
    ap.add_argument("--problems", help="comma-separated (default: every problem the contender ran)")
    args = ap.parse_args()
    folder = Path(harness.RAW) / args.contender
    problems = (
        args.problems.split(",") if args.problems else sorted(p.stem for p in folder.glob("*.json"))
    )
    paired = total = 0
    print(f"| problem | runs paired over the first {args.first} | first difference per seed |")
    print("|---|---|---|")
    for problem in problems:
        ours, base = _runs(args.contender, problem), _runs(args.baseline, problem)
        seeds = sorted(s for s in ours if s in base)
        firsts = {s: first_difference(ours[s], base[s]) for s in seeds}
        ok = sum(d is None or d >= args.first for d in firsts.values())
        paired, total = paired + ok, total + len(seeds)
        text = ", ".join(f"{s}: {'-' if d is None else d}" for s, d in firsts.items())
        print(f"| {problem} | {ok} of {len(seeds)} | {text} |")
    print()
    print(f"Paired over the first {args.first} trials: {paired} of {total} runs.")


if __name__ == "__main__":
    main()
