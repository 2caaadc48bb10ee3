"""Turn the raw JSON on disk into ``summary.md`` and best-so-far plots.

Everything is recomputed from ``raw/`` each time, so results of different runs (for example the
peers once, hyperscout's samplers again after a fix) merge without rerunning anything.
"""

from __future__ import annotations

import json
import math
import warnings
import zlib
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.bbo import harness
from benchmarks.bbo.contenders import CONTENDERS, RANDOM
from benchmarks.bbo.problems import all_problems, is_regression

BUDGETS = (20, 50, 100)
# The protocol's seeds per problem (``--full``): the summary reads only these, so that extra
# seeds run for one contender (an ablation's, e.g. seeds 5-9 of the GP on the ML problems)
# neither put it on more seeds than its peers nor move the ML optima the scores are
# normalised by. ``ablation.py`` reads the extra seeds with ``--seeds``/``--ml-seeds``.
PROTOCOL_SEEDS = 10
PROTOCOL_ML_SEEDS = 5
# "ML" is the union of the two ML families; "all" is every problem
FAMILIES = ("all", "synthetic", "mixed", "ML", "ML classification", "ML regression")
BOOTSTRAP_REPLICATES = 2000
BOOTSTRAP_SEED = 0
SEGMENTS = ((1, 10), (11, 20), (21, 50), (51, 100))  # trial ranges for per-suggestion overhead


@dataclass
class Pair:
    contender: str
    problem: str
    runs: list[dict[str, Any]]  # successful runs
    errors: list[str]
    env: dict[str, Any]

    def curves(self, budget: int) -> np.ndarray:
        """Best-so-far, one row per seed that reached ``budget``."""
        rows = [
            np.minimum.accumulate(r["values"][:budget])
            for r in self.runs
            if len(r["values"]) >= budget
        ]
        return np.array(rows) if rows else np.empty((0, budget))


def load_all(raw: Path | None = None) -> dict[tuple[str, str], Pair]:
    raw = raw or harness.RAW
    pairs = {}
    for path in sorted(raw.glob("*/*.json")):
        data = json.loads(path.read_text())
        runs = [r for r in data["runs"].values() if "error" not in r]
        errors = [f"seed {r['seed']}: {r['error']}" for r in data["runs"].values() if "error" in r]
        pairs[(data["contender"], data["problem"])] = Pair(
            data["contender"], data["problem"], runs, errors, data.get("env", {})
        )
    return pairs


def restrict_seeds(pair: Pair, n_seeds: int | None) -> Pair:
    """``pair`` with only its runs of seeds below ``n_seeds`` (``None``: all of them)."""
    if n_seeds is None:
        return pair
    runs = [r for r in pair.runs if int(r["seed"]) < n_seeds]
    return Pair(pair.contender, pair.problem, runs, pair.errors, pair.env)


def protocol_pairs(pairs: dict[tuple[str, str], Pair]) -> dict[tuple[str, str], Pair]:
    """``pairs`` cut to the protocol's seeds (:data:`PROTOCOL_ML_SEEDS` on ML problems,
    :data:`PROTOCOL_SEEDS` elsewhere)."""
    ml = {p.name for p in all_problems() if p.is_ml}
    return {
        key: restrict_seeds(pair, PROTOCOL_ML_SEEDS if key[1] in ml else PROTOCOL_SEEDS)
        for key, pair in pairs.items()
    }


def _order(names: set[str]) -> list[str]:
    known = [c for c in CONTENDERS if c in names]
    return known + sorted(names - set(known))


def _label(c: str) -> str:
    return CONTENDERS[c].label if c in CONTENDERS else c


@dataclass
class Scores:
    # (problem, contender, budget) -> (median best, n seeds)
    median: dict[tuple[str, str, int], tuple[float, int]]
    # (problem, contender, budget) -> normalised score or None
    score: dict[tuple[str, str, int], float | None]
    optimum: dict[str, float]
    optimum_known: dict[str, bool]


def compute_scores(pairs: dict[tuple[str, str], Pair]) -> Scores:
    problems = {p.name: p for p in all_problems()}
    median: dict[tuple[str, str, int], tuple[float, int]] = {}
    by_problem: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs.values():
        by_problem[pair.problem].append(pair)
    optimum: dict[str, float] = {}
    known: dict[str, bool] = {}
    for name, plist in by_problem.items():
        prob = problems.get(name)
        if prob is not None and prob.optimum is not None:
            optimum[name], known[name] = prob.optimum, True
        else:
            vals = [min(r["values"]) for pair in plist for r in pair.runs if r["values"]]
            if not vals:
                continue
            optimum[name], known[name] = min(vals), False
        for pair in plist:
            for b in BUDGETS:
                curves = pair.curves(b)
                if len(curves):
                    median[(name, pair.contender, b)] = (
                        float(np.median(curves[:, -1])),
                        len(curves),
                    )
    score: dict[tuple[str, str, int], float | None] = {}
    for (name, c, b), (med, _) in median.items():
        rand = median.get((name, RANDOM, b))
        if rand is None:
            score[(name, c, b)] = None
            continue
        denom = rand[0] - optimum[name]
        score[(name, c, b)] = 100.0 * (rand[0] - med) / denom if denom > 1e-12 else None
    return Scores(median, score, optimum, known)


def seed_mean_scores(pairs: dict[tuple[str, str], Pair], scores: Scores) -> Scores:
    """``scores`` with each defined score replaced by the mean over seeds of every run's own
    normalised score (the same random-search median and optimum as the score of the median).

    A robustness view, not the summary's metric: on coarse objectives (CV accuracies that move in
    steps of 20-50 normalised points) the median over seeds flips between steps when one run
    changes, and the mean shows how many runs moved.
    """
    score: dict[tuple[str, str, int], float | None] = {}
    for (name, c, b), s in scores.score.items():
        if s is None:
            score[(name, c, b)] = None
            continue
        rand, best = scores.median[(name, RANDOM, b)][0], scores.optimum[name]
        last = pairs[(c, name)].curves(b)[:, -1]
        score[(name, c, b)] = float(np.mean(100.0 * (rand - last) / (rand - best)))
    return replace(scores, score=score)


def _fmt(x: float | None, digits: int = 1) -> str:
    return "–" if x is None or not math.isfinite(x) else f"{x:.{digits}f}"


def _family_of() -> dict[str, str]:
    """Problem name -> its finest family (the ML problems split by task)."""
    out = {}
    for p in all_problems():
        if p.is_ml:
            out[p.name] = "ML regression" if is_regression(p.name) else "ML classification"
        else:
            out[p.name] = p.family
    return out


def _in_family(family: str, problem_family: str | None) -> bool:
    if family == "all":
        return True
    if family == "ML":
        return problem_family is not None and problem_family.startswith("ML ")
    return problem_family == family


def _summary_contenders(pairs: dict[tuple[str, str], Pair]) -> list[str]:
    """The contenders of the summary's tables and plots: every one on disk but the ablation's
    (``ablation.md`` has those)."""
    return [
        c
        for c in _order({c for c, _ in pairs})
        if not (c in CONTENDERS and CONTENDERS[c].ablation_only)
    ]


def summary_tables(pairs: dict[tuple[str, str], Pair], scores: Scores) -> list[str]:
    fam = _family_of()
    contenders = _summary_contenders(pairs)
    # A problem counts once a sampler other than random search has run on it (random search
    # alone scores 0 by definition and would only leave everyone else "partial").
    problems = [
        p.name
        for p in all_problems()
        if p.name in scores.optimum and any((c, p.name) in pairs for c in contenders if c != RANDOM)
    ]
    lines: list[str] = []

    lines += ["## Mean normalised score per contender and budget", ""]
    lines += [
        "100 = the optimum, 0 = hyperscout random search at the same budget (its median). Mean "
        "over the problems the contender ran where the score is defined (`n`); problems where "
        "random search already reaches the optimum have no score. Per family below, and every "
        "problem in the per-problem tables, so no loss hides in an average.",
        "",
    ]
    families = list(FAMILIES)
    head = "| contender | " + " | ".join(f"{f} B={b}" for f in families for b in BUDGETS) + " |"
    lines += [head, "|" + "---|" * (1 + len(families) * len(BUDGETS))]
    for c in contenders:
        cells = []
        for f in families:
            for b in BUDGETS:
                vals = [
                    s
                    for p in problems
                    if _in_family(f, fam.get(p)) and (s := scores.score.get((p, c, b))) is not None
                ]
                cells.append(f"{np.mean(vals):.1f} (n={len(vals)})" if vals else "–")
        lines.append(f"| {_label(c)} | " + " | ".join(cells) + " |")
    lines.append("")

    lines += family_medians(pairs, contenders, problems, scores, fam)
    lines += common_problem_means(contenders, problems, scores)
    lines += target_check(contenders, problems, scores, fam)

    for b in BUDGETS:
        lines += [f"## Per-problem normalised score, B={b}", ""]
        lines += [
            "Cell: score (seeds). Optimum: known, or (ML, marked *) the best value any "
            "contender found in any run.",
            "",
        ]
        lines += [
            "| problem | optimum | random median | " + " | ".join(map(_label, contenders)) + " |",
            "|" + "---|" * (3 + len(contenders)),
        ]
        for p in problems:
            rand = scores.median.get((p, RANDOM, b))
            cells = []
            for c in contenders:
                m = scores.median.get((p, c, b))
                cells.append("" if m is None else f"{_fmt(scores.score.get((p, c, b)))} ({m[1]})")
            star = "" if scores.optimum_known[p] else "*"
            lines.append(
                f"| {p} | {scores.optimum[p]:.5g}{star} | "
                f"{'' if rand is None else f'{rand[0]:.5g}'} | " + " | ".join(cells) + " |"
            )
        lines.append("")

    lines += ["## Median best value found, B=100", ""]
    lines += [
        "| problem | " + " | ".join(map(_label, contenders)) + " |",
        "|" + "---|" * (1 + len(contenders)),
    ]
    for p in problems:
        cells = []
        for c in contenders:
            m = scores.median.get((p, c, 100))
            cells.append("" if m is None else f"{m[0]:.5g}")
        lines.append(f"| {p} | " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def _bootstrap_medians(values: np.ndarray, key: str) -> np.ndarray:
    """Medians of ``BOOTSTRAP_REPLICATES`` resamples (with replacement) of ``values``.

    The generator is seeded by a fixed seed and ``key`` (problem, contender, budget), so a
    pair's replicates do not depend on which other pairs are on disk.
    """
    rng = np.random.default_rng([BOOTSTRAP_SEED, zlib.crc32(key.encode())])
    idx = rng.integers(0, len(values), size=(BOOTSTRAP_REPLICATES, len(values)))
    return np.asarray(np.median(values[idx], axis=1))


def family_medians(
    pairs: dict[tuple[str, str], Pair],
    contenders: list[str],
    problems: list[str],
    scores: Scores,
    fam: dict[str, str],
) -> list[str]:
    """Per family and budget: mean and median of the per-problem scores, with a bootstrap 95%
    interval for the median.

    One bootstrap replicate resamples the seeds of every problem (the contender's and random
    search's, the normaliser, independently) with replacement, recomputes each per-problem median
    and score (optimum held fixed), and takes the median over the family's problems; the interval
    is the 2.5-97.5 percentile range of ``BOOTSTRAP_REPLICATES`` replicates. A replicate where
    random search's resampled median reaches the optimum leaves that problem out of that
    replicate (its score is undefined there, as in the point estimate).
    """
    lines = [
        "## Mean and median normalised score per family, with bootstrap intervals",
        "",
        "Per family and budget: the mean and the **median** over problems of the per-problem "
        "normalised score, and a **95% bootstrap interval** for the median: "
        f"{BOOTSTRAP_REPLICATES} replicates (fixed seed {BOOTSTRAP_SEED}), each resampling the "
        "seeds within every problem with replacement (the contender's and random search's), "
        "recomputing the per-problem medians and scores (optimum fixed) and then the median over "
        "the family's problems; percentile interval. `n` = problems with a defined score. The "
        "interval reflects seed-to-seed noise only, not the choice of problems.",
        "",
    ]
    final: dict[tuple[str, str, int], np.ndarray] = {}
    for (c, p), pair in pairs.items():
        for b in BUDGETS:
            curves = pair.curves(b)
            if len(curves):
                final[(p, c, b)] = curves[:, -1]
    boot: dict[tuple[str, str, int], np.ndarray] = {}  # per-problem score replicates

    def replicates(p: str, c: str, b: int) -> np.ndarray:
        if (p, c, b) not in boot:
            rand = _bootstrap_medians(final[(p, RANDOM, b)], f"{p}|{RANDOM}|{b}")
            med = rand if c == RANDOM else _bootstrap_medians(final[(p, c, b)], f"{p}|{c}|{b}")
            denom = rand - scores.optimum[p]
            with np.errstate(divide="ignore", invalid="ignore"):
                boot[(p, c, b)] = np.where(denom > 1e-12, 100.0 * (rand - med) / denom, np.nan)
        return boot[(p, c, b)]

    for f in FAMILIES:
        fam_problems = [p for p in problems if _in_family(f, fam.get(p))]
        if not fam_problems:
            continue
        lines += [f"### {f}", ""]
        lines += [
            "| contender | "
            + " | ".join(f"B={b} mean | B={b} median [95% CI]" for b in BUDGETS)
            + " |",
            "|" + "---|" * (1 + 2 * len(BUDGETS)),
        ]
        for c in contenders:
            cells = []
            for b in BUDGETS:
                probs = [p for p in fam_problems if scores.score.get((p, c, b)) is not None]
                if not probs:
                    cells += ["–", "–"]
                    continue
                point = [scores.score[(p, c, b)] for p in probs]
                reps = np.stack([replicates(p, c, b) for p in probs])
                with warnings.catch_warnings():  # an all-undefined replicate is dropped below
                    warnings.simplefilter("ignore", RuntimeWarning)
                    fam_reps = np.nanmedian(reps, axis=0)
                fam_reps = fam_reps[np.isfinite(fam_reps)]
                lo, hi = np.percentile(fam_reps, [2.5, 97.5]) if len(fam_reps) else (np.nan,) * 2
                cells += [
                    f"{np.mean(point):.1f} (n={len(probs)})",
                    f"{np.median(point):.1f} [{_fmt(float(lo))}, {_fmt(float(hi))}]",
                ]
            lines.append(f"| {_label(c)} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def common_problem_means(contenders: list[str], problems: list[str], scores: Scores) -> list[str]:
    """Means over only the problems where every contender has a score at that budget, so a
    contender that ran a subset (scikit-optimize) is compared on equal terms."""
    lines = [
        "## Mean normalised score on the problems every contender ran",
        "",
        "Only problems where every contender below has a defined score at that budget "
        "(the families each budget covers are listed), so contenders that ran a subset "
        "are compared on the same problems.",
        "",
    ]
    lines += [
        "| contender | " + " | ".join(f"B={b}" for b in BUDGETS) + " |",
        "|" + "---|" * (1 + len(BUDGETS)),
    ]
    common = {
        b: [p for p in problems if all(scores.score.get((p, c, b)) is not None for c in contenders)]
        for b in BUDGETS
    }
    for c in contenders:
        cells = [
            f"{np.mean([scores.score[(p, c, b)] for p in common[b]]):.1f} (n={len(common[b])})"
            if common[b]
            else "–"
            for b in BUDGETS
        ]
        lines.append(f"| {_label(c)} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Problems: " + "; ".join(f"B={b}: {', '.join(common[b]) or 'none'}" for b in BUDGETS),
        "",
    ]
    return lines


# What create_study() uses for one objective (hyperscout.samplers.default_sampler).
DEFAULT_CONTENDER = "hs-gp"


def target_check(
    contenders: list[str], problems: list[str], scores: Scores, fam: dict[str, str]
) -> list[str]:
    """Issue 3's targets per family and budget: hyperscout's best sampler against the best peer.

    Only contenders that have a score on every scored problem of the family take part, so every
    mean is over the same problems; a contender that ran a subset is listed under the table.
    """
    ours = [c for c in contenders if c.startswith("hs-") and c != RANDOM]
    peers = [c for c in contenders if not c.startswith("hs-")]
    lines = [
        "## Target check: hyperscout's best sampler vs the best peer, per family",
        "",
        "Mean normalised score over the family's scored problems; only contenders with a "
        "score on all of them take part (same problems for everyone). Margin = ours − "
        "best peer (target: > 0 overall at B=50/100, ≥ −5 in every family). The best "
        "hyperscout sampler differs by cell; the last column is the margin of the one a user "
        "gets without choosing, the default (`create_study()`'s, contender "
        f"`{DEFAULT_CONTENDER}`), which is what issue 15's target (≥ +5 in every cell) is about.",
        "",
    ]
    lines += [
        "| family | B | problems | best hyperscout | score | best peer | score | margin "
        "| default's margin |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    partial: set[str] = set()
    for f in FAMILIES:
        for b in BUDGETS:
            probs = [
                p
                for p in problems
                if _in_family(f, fam.get(p)) and scores.score.get((p, RANDOM, b)) is not None
            ]
            if not probs:
                continue

            def mean(c: str, probs: list[str] = probs, b: int = b) -> float | None:
                vals = [scores.score.get((p, c, b)) for p in probs]
                if any(v is None for v in vals):
                    if any(v is not None for v in vals):
                        partial.add(c)
                    return None
                return float(np.mean([v for v in vals if v is not None]))

            best: list[tuple[str, float] | None] = []
            for group in (ours, peers):
                ranked = [(c, m) for c in group if (m := mean(c)) is not None]
                best.append(max(ranked, key=lambda cm: cm[1]) if ranked else None)
            o, q = best
            margin = "–" if o is None or q is None else f"{o[1] - q[1]:+.1f}"
            d = mean(DEFAULT_CONTENDER)
            default_margin = "–" if d is None or q is None else f"{d - q[1]:+.1f}"
            lines.append(
                f"| {f} | {b} | {len(probs)} | "
                + (f"{_label(o[0])} | {o[1]:.1f}" if o else "– | –")
                + " | "
                + (f"{_label(q[0])} | {q[1]:.1f}" if q else "– | –")
                + f" | {margin} | {default_margin} |"
            )
    if partial:
        lines += [
            "",
            "Not in this table for a family where they ran only some problems: "
            + ", ".join(_label(c) for c in sorted(partial))
            + " (see the table above and the per-problem tables).",
        ]
    lines.append("")
    return lines


HEAD_TO_HEAD = (
    ("hs-tpe", "optuna-tpe"),
    ("hs-tpe", "hyperopt-tpe"),
    ("hs-gp", "optuna-gp"),
    ("hs-gp", "skopt-gp"),
    ("hs-qmc", "hs-random"),
)


def head_to_head(scores: Scores) -> list[str]:
    """Per pair and budget: on how many problems A's median best beats, ties or loses to B's."""
    fam = _family_of()
    lines = [
        "## Head to head (median best value per problem)",
        "",
        "Problems where the first contender's median best is lower / equal / higher than "
        "the second's, over the problems both ran (ties: relative difference < 1e-9).",
        "",
        "| pair | family | " + " | ".join(f"B={b}" for b in BUDGETS) + " |",
        "|" + "---|" * (2 + len(BUDGETS)),
    ]
    for a, b in HEAD_TO_HEAD:
        for f in FAMILIES:
            cells = []
            for budget in BUDGETS:
                w = t = lo = 0
                for p in scores.optimum:
                    if not _in_family(f, fam.get(p)):
                        continue
                    ma = scores.median.get((p, a, budget))
                    mb = scores.median.get((p, b, budget))
                    if ma is None or mb is None:
                        continue
                    if abs(ma[0] - mb[0]) <= 1e-9 * max(1.0, abs(mb[0])):
                        t += 1
                    elif ma[0] < mb[0]:
                        w += 1
                    else:
                        lo += 1
                cells.append(f"{w} / {t} / {lo}" if w + t + lo else "–")
            if any(c != "–" for c in cells):
                lines.append(f"| {_label(a)} vs {_label(b)} | {f} | " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def overhead_tables(pairs: dict[tuple[str, str], Pair]) -> list[str]:
    """Per-suggestion time inside the optimiser, on the synthetic problems (objective ~ free)."""
    fam = _family_of()
    contenders = _order({c for c, _ in pairs})
    lines = ["## Optimiser overhead per suggestion (synthetic problems)", ""]
    lines += [
        "Milliseconds spent in the optimiser per trial (wall time between objective calls: "
        "sampling, model fitting, bookkeeping), median over the runs (problems x seeds) of the "
        "mean over each range of trials. One thread (OMP/MKL/OpenBLAS/torch = 1), runs of all "
        "contenders interleaved in one process pool on a shared 2-core machine: read ratios, "
        "not absolute times. Seed-0 runs are traced by `tracemalloc` and left out of the times. "
        "Peak memory: `tracemalloc` peak during the seed-0 run on Hartmann-6 (median if several); "
        "it counts Python and numpy allocations, not torch's (Optuna GP is undercounted).",
        "",
    ]
    seg_names = [f"trials {a}-{b}" for a, b in SEGMENTS]
    lines += [
        "| contender | "
        + " | ".join(seg_names)
        + " | total s per 100-trial run | peak MB | runs |",
        "|" + "---|" * (4 + len(SEGMENTS)),
    ]
    for c in contenders:
        segs: list[list[float]] = [[] for _ in SEGMENTS]
        totals, mems, n = [], [], 0
        for (cc, p), pair in pairs.items():
            if cc != c or fam.get(p) not in ("synthetic", "mixed"):
                continue
            for r in pair.runs:
                if r.get("traced"):
                    if "peak_mem_mb" in r and p == "hartmann6":
                        mems.append(r["peak_mem_mb"])
                    continue
                gaps = r["gaps_ms"]
                n += 1
                for i, (a, b) in enumerate(SEGMENTS):
                    if len(gaps) >= b:
                        segs[i].append(float(np.mean(gaps[a - 1 : b])))
                if len(gaps) >= 100:
                    totals.append(r["total_s"] - r["objective_s"])
        cells = [_fmt(float(np.median(s)) if s else None, 2) for s in segs]
        lines.append(
            f"| {_label(c)} | "
            + " | ".join(cells)
            + f" | {_fmt(float(np.median(totals)) if totals else None, 2)}"
            + f" | {_fmt(float(np.median(mems)) if mems else None, 1)} | {n} |"
        )
    lines.append("")
    return lines


def plot_curves(pairs: dict[tuple[str, str], Pair], scores: Scores, out: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fam = {p.name: p.family for p in all_problems()}
    contenders = _summary_contenders(pairs)
    colors = {c: plt.get_cmap("tab10")(i % 10) for i, c in enumerate(contenders)}
    by_family: dict[str, list[str]] = defaultdict(list)
    for p in all_problems():
        if p.name in scores.optimum:
            family = fam[p.name]
            if p.is_ml:
                family = "ml_regression" if is_regression(p.name) else "ml_classification"
            by_family[family].append(p.name)
    written = []
    out.mkdir(parents=True, exist_ok=True)
    for family, names in by_family.items():
        ncol = min(4, len(names))
        nrow = math.ceil(len(names) / ncol)
        fig, axes = plt.subplots(nrow, ncol, figsize=(3.6 * ncol, 2.8 * nrow), squeeze=False)
        for ax, name in zip(axes.flat, names):
            opt = scores.optimum[name]
            for c in contenders:
                pair = pairs.get((c, name))
                if pair is None:
                    continue
                budget = max((len(r["values"]) for r in pair.runs), default=0)
                curves = pair.curves(budget)
                if not len(curves):
                    continue
                regret = np.median(curves, axis=0) - opt
                ax.plot(
                    np.arange(1, budget + 1),
                    np.maximum(regret, 1e-6),
                    color=colors[c],
                    lw=1.2,
                    label=_label(c),
                )
            ax.set_yscale("log")
            ax.set_title(name, fontsize=9)
            ax.tick_params(labelsize=7)
        spare = list(axes.flat)[len(names) :]
        for ax in spare:
            ax.axis("off")
        axes.flat[0].set_ylabel("median best − optimum", fontsize=8)
        handles, labels = axes.flat[0].get_legend_handles_labels()
        if spare:  # the legend fills the first empty panel
            fig.tight_layout()
            spare[0].legend(handles, labels, loc="center", fontsize=8, frameon=False)
        else:
            fig.tight_layout(rect=(0, 0, 0.78 if ncol == 1 else 0.86, 1))
            fig.legend(handles, labels, loc="center right", fontsize=7, frameon=False)
        path = out / f"best_so_far_{family}.png"
        fig.savefig(path, dpi=70)
        plt.close(fig)
        written.append(path.name)
    return written


def write_report(results: Path | None = None) -> Path:
    results = results or harness.RESULTS
    pairs = protocol_pairs(load_all(results / "raw"))
    scores = compute_scores(pairs)
    lines = [
        "# Black-box optimisation benchmark: hyperscout vs peers",
        "",
        "Generated by `python -m benchmarks.bbo` (see `benchmarks/bbo/README.md`) from "
        "`benchmarks/results/bbo/raw/`. Minimisation throughout. Each run is made at the "
        "largest budget; B=20/50 are its prefixes (no contender adapts to the budget).",
        "",
    ]
    envs = {json.dumps(p.env.get("versions", {}), sort_keys=True) for p in pairs.values()}
    for e in sorted(envs):
        lines.append(f"Versions: `{e}`  ")
    lines.append("")
    notes = results / "notes.md"  # hand-written conditions of the committed run, if any
    if notes.exists():
        lines += [notes.read_text().rstrip(), ""]
    lines += summary_tables(pairs, scores)
    lines += head_to_head(scores)
    lines += overhead_tables(pairs)
    errors = [f"- {p.contender} / {p.problem}: {e}" for p in pairs.values() for e in p.errors]
    if errors:
        lines += ["## Failed runs", "", *errors[:50], ""]
    plots = plot_curves(pairs, scores, results / "plots")
    lines += ["## Best-so-far curves (median over seeds)", ""]
    lines += [f"![{name}](plots/{name})" for name in plots]
    lines.append("")
    path = results / "summary.md"
    path.write_text("\n".join(lines))
    return path
