"""hyperscout BayesSearchCV vs scikit-optimize BayesSearchCV on the seed pipeline.

The seed: palmerpenguins (numeric and categorical columns, NaN rows dropped), target
``species == "Adelie"``, a ColumnTransformer (StandardScaler / OneHotEncoder) and an
``LGBMClassifier(n_jobs=1, verbose=-1)`` (one thread, so neither contender oversubscribes), the
seed's search space, ``scoring="roc_auc"``, ``n_jobs=1``. Same ``n_iter``, ``cv`` (the same
stratified folds) and seeds for all contenders, run interleaved per seed:

- ``skopt``: ``skopt.BayesSearchCV`` (GP surrogate, its defaults);
- ``hyperscout``: ``hyperscout.sklearn.BayesSearchCV`` (GP sampler, its defaults);
- ``hyperscout+prune``: the same with fold-level pruning (``MedianPruner(n_startup_trials=5)``);
- ``hyperscout+p25``: fold-level pruning that keeps the best quarter
  (``PercentilePruner(25.0, n_startup_trials=5)``).

Per run: best CV score, wall time of ``fit``, and the per-candidate overhead, i.e.
``(wall - refit_time_ - sum of fold fit and score times) / n_candidates``: everything that is
not the estimator's own work (the surrogate, scheduling, bookkeeping).

A second table checks oversubscription: scikit-learn's ``RandomizedSearchCV`` and ours with the
seed's default ``LGBMClassifier()`` (all cores) at ``n_jobs=1`` and ``n_jobs=2``, in a child
process without thread pinning.

Run:   .venv/bin/python benchmarks/sklearn_bayes.py            (5 seeds, n_iter=20, cv=5)
       .venv/bin/python benchmarks/sklearn_bayes.py --quick    (2 seeds, n_iter=10, cv=3)
Writes benchmarks/results/sklearn_bayes.md (``--out`` to change).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

CONTENDERS = ("skopt", "hyperscout", "hyperscout+prune", "hyperscout+p25")
NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
CATEGORICAL = ["island", "sex"]
SPACE = {
    "classifier__learning_rate": (0.0001, 0.1, "log-uniform"),
    "classifier__n_estimators": (100, 1000),
    "classifier__max_depth": (4, 400),
}


def data() -> tuple[Any, Any]:
    from palmerpenguins import load_penguins

    df = load_penguins().dropna()
    y = (df.pop("species") == "Adelie").astype(int)
    return df, y


def pipeline(lgbm_jobs: int | None) -> Any:
    from lightgbm import LGBMClassifier
    from sklearn.compose import make_column_transformer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    kwargs: dict[str, Any] = {"verbose": -1}
    if lgbm_jobs is not None:
        kwargs["n_jobs"] = lgbm_jobs
    return Pipeline(
        [
            (
                "preprocess",
                make_column_transformer(
                    (Pipeline([("scaler", StandardScaler())]), NUMERIC),
                    (Pipeline([("onehot", OneHotEncoder())]), CATEGORICAL),
                ),
            ),
            ("classifier", LGBMClassifier(**kwargs)),
        ]
    )


def estimator_seconds(cv_results: dict[str, Any], n_splits: int) -> float:
    """Sum over candidates and the folds they ran of fit + score time."""
    import numpy as np

    ran = np.zeros(len(cv_results["params"]))
    for k in range(n_splits):
        ran += ~np.isnan(np.asarray(cv_results[f"split{k}_test_score"], dtype=float))
    per_fold = np.asarray(cv_results["mean_fit_time"]) + np.asarray(cv_results["mean_score_time"])
    return float(np.sum(per_fold * ran))


def run_one(contender: str, seed: int, n_iter: int, cv: int, X: Any, y: Any) -> dict[str, Any]:
    if contender == "skopt":
        from skopt import BayesSearchCV as SkoptBayes

        search: Any = SkoptBayes(
            pipeline(1), SPACE, n_iter=n_iter, cv=cv, scoring="roc_auc", random_state=seed, n_jobs=1
        )
    else:
        from hyperscout.pruners import BasePruner, MedianPruner, PercentilePruner
        from hyperscout.sklearn import BayesSearchCV

        pruner: BasePruner | None = None
        if contender == "hyperscout+prune":
            pruner = MedianPruner(n_startup_trials=5)
        elif contender == "hyperscout+p25":
            pruner = PercentilePruner(25.0, n_startup_trials=5)
        search = BayesSearchCV(
            pipeline(1),
            SPACE,
            n_iter=n_iter,
            cv=cv,
            scoring="roc_auc",
            random_state=seed,
            n_jobs=1,
            pruner=pruner,
        )
    start = time.perf_counter()
    search.fit(X, y)
    wall = time.perf_counter() - start
    n = len(search.cv_results_["params"])
    work = estimator_seconds(search.cv_results_, cv)
    pruned = int(sum(search.cv_results_.get("pruned", [])))
    return {
        "contender": contender,
        "seed": seed,
        "best": float(search.best_score_),
        "wall": wall,
        "overhead": (wall - search.refit_time_ - work) / n,
        "n": n,
        "pruned": pruned,
    }


def parallel_child(lib: str, n_jobs: int, n_iter: int, cv: int) -> None:
    """One measurement, without thread pinning; prints one JSON line."""
    from scipy.stats import loguniform, randint
    from sklearn.model_selection import RandomizedSearchCV as SkRandom

    from hyperscout.sklearn import RandomizedSearchCV as HsRandom

    X, y = data()
    dists = {
        "classifier__learning_rate": loguniform(1e-4, 0.1),
        "classifier__n_estimators": randint(100, 1000),
        "classifier__max_depth": randint(4, 400),
    }
    cls: Any = SkRandom if lib == "scikit-learn" else HsRandom
    search = cls(
        pipeline(None),
        dists,
        n_iter=n_iter,
        cv=cv,
        scoring="roc_auc",
        random_state=0,
        n_jobs=n_jobs,
    )
    start = time.perf_counter()
    search.fit(X, y)
    wall = time.perf_counter() - start
    print(json.dumps({"lib": lib, "n_jobs": n_jobs, "wall": wall}), flush=True)


PARALLEL_ITER, PARALLEL_CV, PARALLEL_TIMEOUT = 4, 3, 150.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 seeds, n_iter=10, cv=3")
    parser.add_argument("--seeds", type=int, default=None)
    parser.add_argument("--n-iter", type=int, default=None)
    parser.add_argument("--cv", type=int, default=None)
    parser.add_argument("--skip-parallel", action="store_true")
    parser.add_argument("--parallel-child", nargs=2, default=None, help=argparse.SUPPRESS)
    parser.add_argument(
        "--out", default=str(Path(__file__).parent / "results" / "sklearn_bayes.md")
    )
    args = parser.parse_args()
    seeds = args.seeds if args.seeds is not None else (2 if args.quick else 5)
    n_iter = args.n_iter if args.n_iter is not None else (10 if args.quick else 20)
    cv = args.cv if args.cv is not None else (3 if args.quick else 5)
    if args.parallel_child is not None:
        lib, n_jobs = args.parallel_child
        parallel_child(lib, int(n_jobs), PARALLEL_ITER, PARALLEL_CV)
        return

    # Pin BLAS/OpenMP for both Bayesian contenders (LightGBM already runs one thread).
    os.environ.update(
        {v: "1" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    )
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    warnings.filterwarnings("ignore")
    import hyperscout

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    X, y = data()
    contenders = list(CONTENDERS)
    rows: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for seed in range(seeds):
        order = contenders if seed % 2 == 0 else contenders[::-1]
        for c in order:
            row = run_one(c, seed, n_iter, cv, X, y)
            rows.append(row)
            print(
                f"seed {seed} {c:17s} best {row['best']:.5f} wall {row['wall']:7.2f}s "
                f"overhead {1000 * row['overhead']:8.1f} ms/candidate pruned {row['pruned']}",
                flush=True,
            )
    bayes_seconds = time.perf_counter() - t0

    parallel: list[dict[str, Any]] = []
    if not args.skip_parallel:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
        }
        order = [("hyperscout", 2), ("scikit-learn", 1), ("hyperscout", 1), ("scikit-learn", 2)]
        for lib, n_jobs in order:
            try:
                out = subprocess.run(
                    [sys.executable, __file__, "--parallel-child", lib, str(n_jobs)],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=PARALLEL_TIMEOUT,
                )
                p = next(json.loads(x) for x in out.stdout.splitlines() if x.startswith("{"))
            except subprocess.TimeoutExpired:
                p = {"lib": lib, "n_jobs": n_jobs, "wall": float("inf")}
            parallel.append(p)
            print(f"parallel {lib:12s} n_jobs={n_jobs} wall {p['wall']:.2f}s", flush=True)

    write_report(args, rows, parallel, seeds, n_iter, cv, bayes_seconds)


def write_report(
    args: argparse.Namespace,
    rows: list[dict[str, Any]],
    parallel: list[dict[str, Any]],
    seeds: int,
    n_iter: int,
    cv: int,
    seconds: float,
) -> None:
    import lightgbm
    import sklearn
    import skopt

    def med(c: str, key: str) -> float:
        return statistics.median(r[key] for r in rows if r["contender"] == c)

    def spread(c: str, key: str, scale: float = 1.0, fmt: str = ".2f") -> str:
        vals = [r[key] * scale for r in rows if r["contender"] == c]
        return f"{min(vals):{fmt}}–{max(vals):{fmt}}"

    cmd = "python benchmarks/sklearn_bayes.py" + (" --quick" if args.quick else "")
    lines = [
        "# BayesSearchCV: hyperscout vs scikit-optimize on the seed pipeline",
        "",
        f"Command: `{cmd}` ({seconds / 60:.1f} min for the Bayesian runs).",
        f"palmerpenguins (NaN rows dropped), target `species == 'Adelie'`, `scoring='roc_auc'`, "
        f"`n_iter={n_iter}`, `cv={cv}`, `n_jobs=1`, seeds 0–{seeds - 1}, contenders interleaved "
        "(order reversed on odd seeds). `LGBMClassifier(n_jobs=1, verbose=-1)`; "
        "OMP/OpenBLAS/MKL pinned to 1 thread for everyone.",
        f"Python {platform.python_version()}, scikit-learn {sklearn.__version__}, "
        f"scikit-optimize {skopt.__version__}, LightGBM {lightgbm.__version__}; "
        f"{os.cpu_count()} cores, shared machine (timings are noisy; compare ratios).",
        "",
        "Overhead per candidate = (wall − refit − Σ fold fit+score time) / candidates.",
        "",
        "| contender | median best CV ROC AUC | min–max | median wall (s) | min–max | "
        "median overhead (ms/candidate) | min–max | pruned candidates (median) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in CONTENDERS:
        lines.append(
            f"| {c} | {med(c, 'best'):.5f} | {spread(c, 'best', fmt='.5f')} | {med(c, 'wall'):.1f} "
            f"| {spread(c, 'wall', fmt='.1f')} | {1000 * med(c, 'overhead'):.1f} | "
            f"{spread(c, 'overhead', 1000, '.1f')} | {med(c, 'pruned'):.0f} |"
        )
    by_seed = {}
    for r in rows:
        by_seed.setdefault(r["seed"], {})[r["contender"]] = r
    overhead_ratio = statistics.median(
        d["skopt"]["overhead"] / max(d["hyperscout"]["overhead"], 1e-9) for d in by_seed.values()
    )
    wall_ratio = statistics.median(
        d["hyperscout+prune"]["wall"] / d["skopt"]["wall"] for d in by_seed.values()
    )
    wall_ratio_p25 = statistics.median(
        d["hyperscout+p25"]["wall"] / d["skopt"]["wall"] for d in by_seed.values()
    )
    wall_ratio_plain = statistics.median(
        d["hyperscout"]["wall"] / d["skopt"]["wall"] for d in by_seed.values()
    )
    lines += [
        "",
        "Per seed, side by side:",
        "",
        "| seed | skopt best | hyperscout best | +prune best | +p25 best | skopt wall (s) | "
        "hyperscout wall (s) | +prune wall (s) | +p25 wall (s) | skopt / hyperscout overhead |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for seed, d in sorted(by_seed.items()):
        lines.append(
            f"| {seed} | {d['skopt']['best']:.5f} | {d['hyperscout']['best']:.5f} | "
            f"{d['hyperscout+prune']['best']:.5f} | {d['hyperscout+p25']['best']:.5f} | "
            f"{d['skopt']['wall']:.1f} | {d['hyperscout']['wall']:.1f} | "
            f"{d['hyperscout+prune']['wall']:.1f} | {d['hyperscout+p25']['wall']:.1f} | "
            f"{d['skopt']['overhead'] / max(d['hyperscout']['overhead'], 1e-9):.1f}x |"
        )
    lines += [
        "",
        f"- Median per-seed overhead ratio skopt / hyperscout: **{overhead_ratio:.1f}x**.",
        f"- Median per-seed wall ratio hyperscout / skopt: **{wall_ratio_plain:.2f}**; "
        f"hyperscout+prune / skopt: **{wall_ratio:.2f}**; hyperscout+p25 / skopt: "
        f"**{wall_ratio_p25:.2f}**.",
        "- Best scores: "
        + ", ".join(
            f"hyperscout {'≥' if d['hyperscout']['best'] >= d['skopt']['best'] else '<'} skopt"
            f" (seed {s})"
            for s, d in sorted(by_seed.items())
        )
        + ".",
    ]
    if parallel:
        lines += [
            "",
            "## n_jobs=1 vs n_jobs=2 with the seed's default `LGBMClassifier()` (all cores)",
            "",
            f"`RandomizedSearchCV`, `n_iter={PARALLEL_ITER}`, `cv={PARALLEL_CV}`, same "
            "distributions and `random_state`, each run in its own process without thread pinning "
            f"and stopped after {PARALLEL_TIMEOUT:.0f} s (shown as inf) (LightGBM starts one OpenMP thread per core "
            "unless limited). hyperscout's workers are threads that each limit native threads "
            "to cores // workers with threadpoolctl.",
            "",
            "| library | n_jobs=1 wall (s) | n_jobs=2 wall (s) | n_jobs=2 / n_jobs=1 |",
            "|---|---|---|---|",
        ]
        for lib in ("scikit-learn", "hyperscout"):
            w = {p["n_jobs"]: p["wall"] for p in parallel if p["lib"] == lib}
            ratio = w[2] / w[1] if w[1] != float("inf") else float("nan")
            lines.append(f"| {lib} | {w[1]:.1f} | {w[2]:.1f} | {ratio:.2f} |")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
