"""Ablation tables of candidate defaults against the best peer, per family and budget.

``python -m benchmarks.bbo.ablation --contenders hs-gp,hs-tpe,hs-bandit`` prints Markdown to
stdout (``results/bbo/ablation.md`` is made of it). Scores are those of ``summary.md``
(:func:`benchmarks.bbo.report.compute_scores`, every contender on disk sets the ML optima),
optionally on the first ``--seeds``/``--ml-seeds`` seeds only so that a partial run is compared
with the others on the same seeds. Per family and budget: the mean and the median over the
family's problems of each contender's per-problem score (itself the median over seeds), and the
best peer's, on the problems where every listed contender and that peer have a score. With
``--seed-mean`` each per-problem score is instead the mean over seeds of every run's own score
(:func:`benchmarks.bbo.report.seed_mean_scores`), a check that a verdict is not an artefact of
medians of coarse scores.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence

import numpy as np

from benchmarks.bbo.report import (
    BUDGETS,
    Scores,
    _family_of,
    _in_family,
    _label,
    compute_scores,
    load_all,
    restrict_seeds,
    seed_mean_scores,
)

PEERS = ("optuna-tpe", "optuna-gp", "skopt-gp", "hyperopt-tpe")
FAMILIES = ("synthetic", "mixed", "ML", "ML classification", "ML regression")


def _restricted_scores(
    fam: dict[str, str], n_seeds: int | None, n_ml_seeds: int | None, seed_mean: bool = False
) -> Scores:
    """Scores from every raw run, ML problems cut to their first ``n_ml_seeds`` seeds and the
    others to their first ``n_seeds`` (``None``: all); ``seed_mean``: each the mean over seeds
    of the runs' scores instead of the score of their median."""
    pairs = {
        key: restrict_seeds(pair, n_ml_seeds if _in_family("ML", fam.get(key[1])) else n_seeds)
        for key, pair in load_all().items()
    }
    scores = compute_scores(pairs)
    return seed_mean_scores(pairs, scores) if seed_mean else scores


def tables(
    contenders: Sequence[str],
    n_seeds: int | None = None,
    n_ml_seeds: int | None = None,
    problems: Sequence[str] | None = None,
    families: Sequence[str] = FAMILIES,
    seed_mean: bool = False,
) -> list[str]:
    fam = _family_of()
    scores = _restricted_scores(fam, n_seeds, n_ml_seeds, seed_mean)
    names = [p for p in fam if problems is None or p in problems]
    out = [
        "| family | B | problems | seeds | "
        + " | ".join(f"{_label(c)} mean / median" for c in contenders)
        + " | best peer (mean) | peer mean / median | best ours − peer (mean) |",
        "|" + "---|" * (7 + len(contenders)),
    ]
    for f in families:
        for b in BUDGETS:
            probs = [
                p
                for p in names
                if _in_family(f, fam.get(p))
                and all(scores.score.get((p, c, b)) is not None for c in contenders)
            ]
            if not probs:
                continue
            cells = []
            ours = []
            for c in contenders:
                v = np.array([scores.score[(p, c, b)] for p in probs], dtype=float)
                cells.append(f"{v.mean():.1f} / {np.median(v):.1f}")
                ours.append(v.mean())
            seeds = sorted({scores.median[(p, c, b)][1] for p in probs for c in contenders})
            best_peer, best_vals = None, None
            for peer in PEERS:
                vals = [scores.score.get((p, peer, b)) for p in probs]
                if any(v is None for v in vals):
                    continue
                arr = np.array(vals, dtype=float)
                if best_vals is None or arr.mean() > best_vals.mean():
                    best_peer, best_vals = peer, arr
            if best_vals is None:
                peer_cell, margin = "– (no peer ran all)", "–"
                peer_name = "–"
            else:
                peer_name = _label(best_peer or "")
                peer_cell = f"{best_vals.mean():.1f} / {np.median(best_vals):.1f}"
                margin = f"{max(ours) - best_vals.mean():+.1f}"
            seed_txt = (
                "–".join(str(s) for s in (seeds[0], seeds[-1])) if len(seeds) > 1 else str(seeds[0])
            )
            out.append(
                f"| {f} | {b} | {len(probs)} | {seed_txt} | "
                + " | ".join(cells)
                + f" | {peer_name} | {peer_cell} | {margin} |"
            )
    return out


def per_problem(
    contenders: Sequence[str],
    budget: int,
    problems: Sequence[str] | None,
    n_seeds: int | None = None,
    n_ml_seeds: int | None = None,
    seed_mean: bool = False,
) -> list[str]:
    fam = _family_of()
    scores = _restricted_scores(fam, n_seeds, n_ml_seeds, seed_mean)
    cols = list(contenders) + [p for p in PEERS]
    out = [
        f"| problem (B={budget}) | " + " | ".join(_label(c) for c in cols) + " |",
        "|" + "---|" * (1 + len(cols)),
    ]
    for p in fam:
        if problems is not None and p not in problems:
            continue
        vals = [scores.score.get((p, c, budget)) for c in cols]
        if all(v is None for v in vals[: len(contenders)]):
            continue
        out.append(
            f"| {p} | "
            + " | ".join("–" if v is None or not math.isfinite(v) else f"{v:.1f}" for v in vals)
            + " |"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bbo.ablation")
    ap.add_argument("--contenders", required=True)
    ap.add_argument("--seeds", type=int, help="only seeds below this (synthetic/mixed)")
    ap.add_argument("--ml-seeds", type=int, help="only seeds below this (ML)")
    ap.add_argument("--problems", help="comma-separated subset")
    ap.add_argument("--per-problem", type=int, help="also a per-problem table at this budget")
    ap.add_argument("--all", action="store_true", help="also the 'all' family (every problem)")
    ap.add_argument(
        "--seed-mean",
        action="store_true",
        help="score each problem by the mean over seeds of the runs' scores, not their median's",
    )
    args = ap.parse_args(argv)
    contenders = args.contenders.split(",")
    problems = args.problems.split(",") if args.problems else None
    families = ("all", *FAMILIES) if args.all else FAMILIES
    print(
        "\n".join(tables(contenders, args.seeds, args.ml_seeds, problems, families, args.seed_mean))
    )
    if args.per_problem:
        print()
        print(
            "\n".join(
                per_problem(
                    contenders,
                    args.per_problem,
                    problems,
                    args.seeds,
                    args.ml_seeds,
                    args.seed_mean,
                )
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
