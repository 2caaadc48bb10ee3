"""``n_jobs=1`` vs ``n_jobs=2`` for the *SearchCV estimators on the guide's pipeline.

The guide's pipeline: ``make_column_transformer`` (``StandardScaler`` on the numeric columns,
``OneHotEncoder`` on the categorical ones) then ``LGBMClassifier(verbose=-1)`` with its default
threads (all cores: nothing pinned, so oversubscription would show). Data: 1,500 rows generated
by ``make_classification`` (6 numeric columns) plus two categorical columns binned from two more
features. 6 candidates, ``cv=3``, ``scoring="roc_auc"``, ``random_state=0``.

Contenders, each at ``n_jobs=1`` and ``n_jobs=2``, run interleaved (round r runs every
contender once, in a rotated order) and summarised by the median wall time of ``fit``:

- ``hs-random/processes``: ``hyperscout.sklearn.RandomizedSearchCV`` on joblib's default
  backend (loky processes);
- ``hs-random/threads``: the same under ``joblib.parallel_config(backend="threading")``;
- ``sk-random``: scikit-learn's ``RandomizedSearchCV`` (loky processes);
- ``hs-bayes/processes``, ``hs-bayes/threads``: ``hyperscout.sklearn.BayesSearchCV``;
- ``skopt-bayes``: scikit-optimize's ``BayesSearchCV`` (loky processes).

Both Bayesian searches keep ``n_points=1`` (their default), so each batch is one candidate's
three folds: at most three jobs for two workers.

Run:   .venv/bin/python benchmarks/sklearn_njobs.py [--repeats 3]
Writes benchmarks/results/sklearn_njobs.md (``--out`` to change).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import time
import warnings
from pathlib import Path
from typing import Any

N_ITER = 6
CV = 3


def data() -> tuple[Any, Any]:
    import numpy as np
    import pandas as pd
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=1500, n_features=8, n_informative=5, n_redundant=1, random_state=0
    )
    df = pd.DataFrame(X[:, :6], columns=[f"num{i}" for i in range(6)])
    for j, name in ((6, "cat_a"), (7, "cat_b")):
        edges = np.quantile(X[:, j], [0.2, 0.4, 0.6, 0.8])
        df[name] = np.array(list("abcde"))[np.digitize(X[:, j], edges)]
    return df, y


LGBM_THREADS: int | None = None  # --lgbm-threads; None: LightGBM's default (all cores)


def pipeline() -> Any:
    from lightgbm import LGBMClassifier
    from sklearn.compose import make_column_transformer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    pre = make_column_transformer(
        (StandardScaler(), [f"num{i}" for i in range(6)]),
        (OneHotEncoder(handle_unknown="ignore"), ["cat_a", "cat_b"]),
    )
    return Pipeline([("preprocess", pre), ("classifier", LGBMClassifier(verbose=-1, n_jobs=LGBM_THREADS))])


def _distributions() -> dict[str, Any]:
    from scipy.stats import loguniform, randint

    return {
        "classifier__learning_rate": loguniform(0.01, 0.3),
        "classifier__n_estimators": randint(50, 200),
        "classifier__num_leaves": randint(8, 64),
    }


BAYES_SPACE = {
    "classifier__learning_rate": (0.01, 0.3, "log-uniform"),
    "classifier__n_estimators": (50, 199),
    "classifier__num_leaves": (8, 63),
}


def make(name: str, n_jobs: int) -> tuple[Any, Any]:
    """The search and the context it runs in."""
    import joblib

    common: dict[str, Any] = {
        "cv": CV,
        "scoring": "roc_auc",
        "n_jobs": n_jobs,
        "random_state": 0,
        "n_iter": N_ITER,
    }
    threads = name.endswith("/threads")
    context: Any = (
        joblib.parallel_config(backend="threading") if threads else contextlib.nullcontext()
    )
    if name.startswith("hs-random"):
        from hyperscout.sklearn import RandomizedSearchCV

        return RandomizedSearchCV(pipeline(), _distributions(), **common), context
    if name == "sk-random":
        from sklearn.model_selection import RandomizedSearchCV as SkRandom

        return SkRandom(pipeline(), _distributions(), **common), context
    if name.startswith("hs-bayes"):
        from hyperscout.sklearn import BayesSearchCV

        return BayesSearchCV(pipeline(), BAYES_SPACE, **common), context
    if name == "skopt-bayes":
        from skopt import BayesSearchCV as SkoptBayes

        return SkoptBayes(pipeline(), BAYES_SPACE, **common), context
    raise ValueError(name)


CONTENDERS = (
    "hs-random/processes",
    "hs-random/threads",
    "sk-random",
    "hs-bayes/processes",
    "hs-bayes/threads",
    "skopt-bayes",
)


def run_once(name: str, n_jobs: int, X: Any, y: Any) -> tuple[float, float]:
    search, context = make(name, n_jobs)
    start = time.perf_counter()
    with context, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(X, y)
    return time.perf_counter() - start, float(search.best_score_)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "sklearn_njobs.md"
    )
    parser.add_argument("--lgbm-threads", type=int, default=None)
    args = parser.parse_args()
    global LGBM_THREADS
    LGBM_THREADS = args.lgbm_threads
    import hyperscout

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    X, y = data()
    runs = [(name, n_jobs) for name in CONTENDERS for n_jobs in (1, 2)]
    # One untimed warm-up of each backend (imports, loky's worker start), as a user's second fit.
    for name, n_jobs in runs:
        if n_jobs == 2:
            run_once(name, n_jobs, X, y)
    load_before = os.getloadavg()
    times: dict[tuple[str, int], list[float]] = {r: [] for r in runs}
    scores: dict[tuple[str, int], float] = {}
    for r in range(args.repeats):
        shift = r % len(runs)
        for name, n_jobs in runs[shift:] + runs[:shift]:
            wall, score = run_once(name, n_jobs, X, y)
            times[(name, n_jobs)].append(wall)
            scores[(name, n_jobs)] = score
            print(f"round {r}: {name:22s} n_jobs={n_jobs} {wall:6.2f} s  best {score:.4f}")
    load_after = os.getloadavg()

    lines = [
        "# n_jobs=1 vs n_jobs=2 on the guide's pipeline",
        "",
        "Produced by `benchmarks/sklearn_njobs.py` (see its docstring for the set-up): "
        f"{N_ITER} candidates, cv={CV}, 1,500 rows (6 numeric + 2 categorical columns), "
        + (
            "`LGBMClassifier(verbose=-1)` with its default threads, nothing pinned; "
            if LGBM_THREADS is None
            else f"`LGBMClassifier(verbose=-1, n_jobs={LGBM_THREADS})`; "
        )
        +
        f"{args.repeats} interleaved rounds after one warm-up fit per backend; median wall time of "
        f"`fit`. {os.cpu_count()} cores, Python {platform.python_version()}; load average "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after (a shared machine: compare the "
        "ratios, measured side by side, rather than the seconds).",
        "",
        "| contender | n_jobs=1 (s) | n_jobs=2 (s) | speed-up | spread n_jobs=2 (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in CONTENDERS:
        one = statistics.median(times[(name, 1)])
        two = statistics.median(times[(name, 2)])
        spread = f"{min(times[(name, 2)]):.2f}-{max(times[(name, 2)]):.2f}"
        lines.append(f"| {name} | {one:.2f} | {two:.2f} | {one / two:.2f}x | {spread} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
