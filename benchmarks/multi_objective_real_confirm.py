"""The real problem (LightGBM, 1 - AUC against pickled KB) at 15 seeds: the committed runs'
seeds 0-4 (``multi_objective_real_lgbm.json``) together with seeds 5-14 made for
ablation13's confirmation (``multi_objective_real_lgbm_confirm.json``), under one fixed
reference point, so that adding runs does not move it.

    python benchmarks/multi_objective.py --part real --real-tag real_lgbm_confirm \\
        --real-seeds 5 6 7 8 9 10 11 12 13 14 --real-budget 300 --contenders <label> ...
    python benchmarks/multi_objective_real_confirm.py

Prints, per contender and budget, the median hypervolume over the seeds with its range, and
the median over seeds of the two ends of each run's front (the lowest 1 - AUC found, the
smallest model found), which is where the hypervolumes here differ; then condition (3) of
ablation13's rule on all seeds (``multi_objective.md``).
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).parent / "results"
# The reference point of the committed real-problem tables (the worst of every run then), fixed
# here so that the confirmation's runs do not move it; points beyond it add nothing.
REFERENCE = (0.4403, 882.3)
DEFAULT = "hyperscout default"
CANDIDATE = (
    "hyperscout GP (composite ParEGO, utopian point, EHVI blind to irrelevant inputs of small "
    "share under dead weights)"
)
OPTUNA = ("optuna TPE", "optuna NSGA-II", "optuna GP")


def _runs() -> dict[str, dict[str, list[list[float]]]]:
    """label -> seed -> rows, from both files (a seed in both is an error)."""
    out: dict[str, dict[str, list[list[float]]]] = {}
    for name in ("real_lgbm", "real_lgbm_confirm"):
        path = RESULTS / f"multi_objective_{name}.json"
        if not path.exists():
            continue
        for label, runs in json.loads(path.read_text()).items():
            for seed, res in runs.items():
                if seed in out.setdefault(label, {}):
                    raise SystemExit(f"seed {seed} of {label!r} is in both files")
                out[label][seed] = res["rows"]
    return out


def _hypervolume(rows: list[list[float]], budget: int) -> float:
    import hyperscout

    pts = np.array([r[:2] for r in rows[:budget]], dtype=float).reshape(-1, 2)
    pts = pts[(pts < np.array(REFERENCE)).all(axis=1)]
    return float(hyperscout.hypervolume(pts, list(REFERENCE))) if len(pts) else 0.0


def summarise(budgets: tuple[int, ...] = (100, 300)) -> dict[str, dict[int, dict[str, Any]]]:
    table: dict[str, dict[int, dict[str, Any]]] = {}
    for label, runs in sorted(_runs().items()):
        for budget in budgets:
            full = {s: r for s, r in runs.items() if len(r) >= budget}
            if not full:
                continue
            hv = [_hypervolume(r, budget) for r in full.values()]
            auc = [min(x[0] for x in r[:budget]) for r in full.values()]
            kb = [min(x[1] for x in r[:budget]) for r in full.values()]
            table.setdefault(label, {})[budget] = {
                "n": len(hv),
                "seeds": sorted(full, key=int),
                "median": statistics.median(hv),
                "low": min(hv),
                "high": max(hv),
                "best_1_minus_auc": statistics.median(auc),
                "smallest_kb": statistics.median(kb),
            }
    return table


def report_lines(candidate: str = CANDIDATE, with_table: bool = True) -> list[str]:
    """The table (``with_table``) and condition (3)'s verdict per budget for ``candidate``, as
    markdown lines."""
    table = summarise()
    lines = [f"Reference point (fixed): 1 - AUC {REFERENCE[0]}, {REFERENCE[1]} KB.", ""]
    if with_table:
        lines += [
            "| contender | trials | seeds | median hypervolume [range] | median lowest 1 - AUC "
            "| median smallest KB |",
            "|---|---|---|---|---|---|",
        ]
    for label, by_budget in table.items() if with_table else ():
        for budget, row in by_budget.items():
            lines.append(
                f"| {label} | {budget} | {row['n']} | {row['median']:.3f} "
                f"[{row['low']:.2f}-{row['high']:.2f}] | {row['best_1_minus_auc']:.4f} "
                f"| {row['smallest_kb']:.2f} |"
            )
    lines.append("")
    for budget in (100, 300):
        ours = table.get(candidate, {}).get(budget)
        default = table.get(DEFAULT, {}).get(budget)
        peers = [table[p][budget] for p in OPTUNA if budget in table.get(p, {})]
        judged = [ours, default, *peers]
        if ours is None or default is None or not peers or any(r["n"] < 15 for r in judged):
            lines.append(
                f"Condition (3) for {candidate} at {budget} trials: not judged (runs missing)."
            )
            lines.append("")
            continue
        best_peer = max(p["median"] for p in peers)
        bar = min(default["median"], best_peer)
        verdict = "passes" if ours["median"] >= bar else "fails"
        lines.append(
            f"Condition (3) for {candidate} at {budget} trials: {ours['median']:.3f} against "
            "the lower of the "
            f"default's {default['median']:.3f} and the best Optuna median {best_peer:.3f}: "
            f"{verdict}."
        )
        lines.append("")
    return lines


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidate", default=CANDIDATE)
    print("\n".join(report_lines(parser.parse_args().candidate)))


if __name__ == "__main__":
    main()
