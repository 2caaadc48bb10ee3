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

``--lgbm-threads default 1`` (the default) measures two estimators in one run: LightGBM with
its default threads (its fit is multi-threaded: ``n_jobs=None`` asks for every physical core)
and LightGBM pinned to one thread (a single-threaded fit, where ``k`` workers can approach a
``k``-fold speed-up). A fit that runs longer than ``--fit-timeout`` seconds (default 60) is
stopped with SIGALRM (joblib then terminates its workers; an untimed search starts new ones
and lets them import what a fit needs, so the next contender finds warm workers, as a user's
next fit would) and shown as ``>60``: scikit-learn's and scikit-optimize's searches start
``2 x cores`` OpenMP threads with LightGBM's default threads at ``n_jobs=2``, and such a fit
took from 3.6 s to 650 s here.

The run needs both cores: take the lock exclusively
(``flock -x /work/notes/cores.lock python benchmarks/sklearn_njobs.py``).

Run:   .venv/bin/python benchmarks/sklearn_njobs.py [--repeats 3] [--lgbm-threads default 1]
Writes benchmarks/results/sklearn_njobs.md (``--out`` to change).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import platform
import signal
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
    return Pipeline(
        [("preprocess", pre), ("classifier", LGBMClassifier(verbose=-1, n_jobs=LGBM_THREADS))]
    )


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


class FitTimeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise FitTimeout


def _restart_workers(X: Any, y: Any) -> None:
    """After a stopped fit joblib has terminated its loky workers: start new ones and let them
    import what a fit needs (one untimed search), so the next contender does not pay for it."""
    from hyperscout.sklearn import RandomizedSearchCV

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one_thread = pipeline().set_params(classifier__n_jobs=1)  # cannot oversubscribe
        RandomizedSearchCV(one_thread, _distributions(), n_iter=2, cv=2, n_jobs=2).fit(X, y)


def run_once(name: str, n_jobs: int, X: Any, y: Any, timeout: int) -> tuple[float, float]:
    """Wall time of one ``fit`` (``inf`` when stopped after ``timeout`` seconds) and its score."""
    search, context = make(name, n_jobs)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    start = time.perf_counter()
    try:
        with context, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            search.fit(X, y)
    except FitTimeout:
        signal.alarm(0)
        _restart_workers(X, y)
        return math.inf, math.nan
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - start, float(search.best_score_)


def _fmt(seconds: float, timeout: int) -> str:
    return f">{timeout}" if math.isinf(seconds) else f"{seconds:.2f}"


def measure(threads: int | None, repeats: int, timeout: int, X: Any, y: Any) -> list[str]:
    """One table: every contender at n_jobs=1 and 2 with LightGBM on ``threads`` threads."""
    global LGBM_THREADS
    LGBM_THREADS = threads
    runs = [(name, n_jobs) for name in CONTENDERS for n_jobs in (1, 2)]
    # One untimed warm-up of each backend (imports, loky's worker start), as a user's second fit.
    for name, n_jobs in runs:
        if n_jobs == 2:
            wall, _ = run_once(name, n_jobs, X, y, timeout)
            print(f"warm-up: {name:22s} n_jobs=2 {_fmt(wall, timeout)} s", flush=True)
    load_before = os.getloadavg()
    times: dict[tuple[str, int], list[float]] = {r: [] for r in runs}
    for r in range(repeats):
        shift = r % len(runs)
        for name, n_jobs in runs[shift:] + runs[:shift]:
            wall, score = run_once(name, n_jobs, X, y, timeout)
            times[(name, n_jobs)].append(wall)
            print(
                f"round {r}: {name:22s} n_jobs={n_jobs} {_fmt(wall, timeout)} s  best {score:.4f}",
                flush=True,
            )
    load_after = os.getloadavg()
    what = (
        "`LGBMClassifier(verbose=-1)` with its default threads (every physical core)"
        if threads is None
        else f"`LGBMClassifier(verbose=-1, n_jobs={threads})`"
    )
    lines = [
        f"## {what}",
        "",
        f"{repeats} interleaved rounds after one warm-up fit per backend; median wall time of "
        f"`fit`; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after.",
        "",
        "| contender | n_jobs=1 (s) | n_jobs=2 (s) | speed-up | spread n_jobs=2 (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in CONTENDERS:
        one = statistics.median(times[(name, 1)])
        two = statistics.median(times[(name, 2)])
        low, high = min(times[(name, 2)]), max(times[(name, 2)])
        ratio = one / two
        speed = f"<{ratio:.2f}x" if math.isinf(two) else f"{ratio:.2f}x"
        if math.isinf(two) and math.isinf(one):
            speed = "-"
        spread = f"{_fmt(low, timeout)}-{_fmt(high, timeout)}"
        lines.append(
            f"| {name} | {_fmt(one, timeout)} | {_fmt(two, timeout)} | {speed} | {spread} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "sklearn_njobs.md"
    )
    parser.add_argument(
        "--lgbm-threads",
        nargs="+",
        default=["default", "1"],
        help="LightGBM thread settings to measure: 'default' (n_jobs=None) or a count",
    )
    parser.add_argument("--fit-timeout", type=int, default=60)
    args = parser.parse_args()
    import hyperscout

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    X, y = data()
    lines = [
        "# n_jobs=1 vs n_jobs=2 on the guide's pipeline",
        "",
        "Produced by `benchmarks/sklearn_njobs.py` (see its docstring for the set-up): "
        f"{N_ITER} candidates, cv={CV}, 1,500 rows (6 numeric + 2 categorical columns). "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. A shared machine: compare "
        f"the ratios, measured side by side, rather than the seconds. `>{args.fit_timeout}`: the "
        f"fit was stopped after {args.fit_timeout} s.",
        "",
    ]
    for setting in args.lgbm_threads:
        threads = None if setting == "default" else int(setting)
        lines += [*measure(threads, args.repeats, args.fit_timeout, X, y), ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
