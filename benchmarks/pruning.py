"""Pruning on real gradient boosting: hyperscout's pruners against Optuna's, side by side.

Task: scikit-learn's bundled digits, odd vs even (1,797 images, 64 features; fixed 70/30
stratified split), validation log loss reported after every boosting round (up to ``--rounds``).
Models: LightGBM (``lgb.train``) and XGBoost (``xgb.train``, ``hist``), one thread each
(``num_threads=1`` / ``nthread=1``, ``OMP_NUM_THREADS=1``), fixed model seed.

Per seed, both libraries tune the *same* 100 random configurations: each study gets the same
seeded list of configurations enqueued in the same order (``--sampler shared``, the default), so
a difference between the two libraries comes from their pruners and overhead only. (With
``--sampler random`` or ``--sampler tpe`` each library uses its own seeded sampler instead.)

Pruners, same arguments on both sides:

- none: ``NopPruner``
- median: ``MedianPruner(n_startup_trials=5, n_warmup_steps=10)``
- asha: ``SuccessiveHalvingPruner(min_resource=5, reduction_factor=3)`` (rungs 5, 15, 45)
- hyperband: ``HyperbandPruner(min_resource=1, max_resource=rounds, reduction_factor=3)``
  (Optuna's defaults with the maximum given; brackets start at 1, 3, 9, 27, 81 rounds)

hyperscout reports through ``hyperscout.integration``'s callbacks, Optuna through
``optuna_integration``'s. Runs are interleaved (hyperscout/Optuna order alternating) so machine
noise hits both alike. Reported: wall time of ``study.optimize``, boosting rounds trained (sum of
reports over trials), best validation log loss among COMPLETE trials and the validation
accuracy of that trial, their regret against the unpruned run of the same library and seed, and
how often both libraries decided a trial's fate (pruned at the same round, or completed)
identically (meaningful with the shared sampler only, where trial ``n`` has the same
configuration on both sides).

    python benchmarks/pruning.py             # 100 trials; LightGBM 5 seeds, XGBoost 3 seeds
    python benchmarks/pruning.py --quick     # 2 seeds, 40 trials, 60 rounds

A last table times the libraries alone: synthetic learning curves without a model, so the
per-report cost of ``report`` + ``should_prune`` (pruner and storage) is measured without the
noise of model training.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy/LightGBM/XGBoost load

import datetime
import logging
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import hyperscout

RESULTS = os.path.join(os.path.dirname(__file__), "results", "pruning.md")
KINDS = ("none", "median", "asha", "hyperband")
LIBS = ("hyperscout", "optuna")


# --- data and search spaces -------------------------------------------------------------------
def load_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    y = (y % 2).astype(np.int64)
    X_train, X_valid, y_train, y_valid = train_test_split(
        X, y, test_size=0.3, random_state=0, stratify=y
    )
    return X_train, y_train, X_valid, y_valid


def lgb_space(trial: Any) -> dict[str, Any]:
    return {
        "learning_rate": trial.suggest_float("learning_rate", 0.005, 0.3, log=True),
        "num_leaves": trial.suggest_int("num_leaves", 4, 64, log=True),
        "min_child_samples": trial.suggest_int("min_child_samples", 5, 50),
        "feature_fraction": trial.suggest_float("feature_fraction", 0.4, 1.0),
        "lambda_l2": trial.suggest_float("lambda_l2", 1e-3, 10.0, log=True),
    }


def xgb_space(trial: Any) -> dict[str, Any]:
    return {
        "eta": trial.suggest_float("eta", 0.005, 0.3, log=True),
        "max_depth": trial.suggest_int("max_depth", 2, 8),
        "min_child_weight": trial.suggest_float("min_child_weight", 0.5, 10.0, log=True),
        "subsample": trial.suggest_float("subsample", 0.5, 1.0),
        "colsample_bytree": trial.suggest_float("colsample_bytree", 0.4, 1.0),
        "lambda": trial.suggest_float("lambda", 1e-3, 10.0, log=True),
    }


def random_configs(model: str, seed: int, n: int) -> list[dict[str, Any]]:
    """``n`` random configurations: hyperscout's RandomSampler, replayed by both libraries."""
    space = lgb_space if model == "lightgbm" else xgb_space
    study = hyperscout.create_study(sampler=hyperscout.samplers.RandomSampler(seed=seed))
    configs = []
    for _ in range(n):
        trial = study.ask()
        configs.append(space(trial))
        study.tell(trial, 0.0)
    return configs


# --- objectives -----------------------------------------------------------------------------
def make_objective(lib: str, model: str, data: Any, rounds: int) -> Callable[[Any], float]:
    X_train, y_train, X_valid, y_valid = data
    if model == "lightgbm":
        import lightgbm as lgb

        if lib == "hyperscout":
            from hyperscout.integration import LightGBMPruningCallback as LgbCallback
        else:
            from optuna_integration import LightGBMPruningCallback as LgbCallback
        # Binned once and reused by every trial (min_child_samples varies, so no pre-filter).
        dtrain = lgb.Dataset(X_train, y_train, params={"feature_pre_filter": False, "verbose": -1})
        dvalid = lgb.Dataset(X_valid, y_valid, reference=dtrain)

        def lgb_objective(trial: Any) -> float:
            params = {
                "objective": "binary",
                "verbose": -1,
                "num_threads": 1,
                "seed": 0,
                "deterministic": True,
                **lgb_space(trial),
            }
            booster = lgb.train(
                params,
                dtrain,
                rounds,
                valid_sets=[dvalid],
                callbacks=[LgbCallback(trial, "binary_logloss")],
            )
            accuracy = np.mean((booster.predict(X_valid) > 0.5) == y_valid)
            trial.set_user_attr("accuracy", float(accuracy))
            return float(booster.best_score["valid_0"]["binary_logloss"])

        return lgb_objective

    import xgboost as xgb

    if lib == "hyperscout":
        from hyperscout.integration import XGBoostPruningCallback as XgbCallback
    else:
        from optuna_integration import XGBoostPruningCallback as XgbCallback
    dtrain = xgb.DMatrix(X_train, y_train)
    dvalid = xgb.DMatrix(X_valid, y_valid)

    def xgb_objective(trial: Any) -> float:
        params = {
            "objective": "binary:logistic",
            "eval_metric": "logloss",
            "tree_method": "hist",
            "nthread": 1,
            "seed": 0,
            **xgb_space(trial),
        }
        log: dict[str, Any] = {}
        booster = xgb.train(
            params,
            dtrain,
            rounds,
            evals=[(dvalid, "validation")],
            evals_result=log,
            callbacks=[XgbCallback(trial, "validation-logloss")],
            verbose_eval=False,
        )
        accuracy = np.mean((booster.predict(dvalid) > 0.5) == y_valid)
        trial.set_user_attr("accuracy", float(accuracy))
        return float(log["validation"]["logloss"][-1])

    return xgb_objective


def make_pruner(lib: str, kind: str, rounds: int) -> Any:
    if lib == "hyperscout":
        p: Any = hyperscout.pruners
    else:
        import optuna

        p = optuna.pruners
    if kind == "none":
        return p.NopPruner()
    if kind == "median":
        return p.MedianPruner(n_startup_trials=5, n_warmup_steps=10)
    if kind == "asha":
        return p.SuccessiveHalvingPruner(min_resource=5, reduction_factor=3)
    return p.HyperbandPruner(min_resource=1, max_resource=rounds, reduction_factor=3)


def make_sampler(lib: str, name: str, seed: int) -> Any:
    if lib == "hyperscout":
        if name == "tpe":
            from hyperscout.samplers.tpe import TPESampler

            return TPESampler(seed=seed)
        return hyperscout.samplers.RandomSampler(seed=seed)
    import optuna

    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    return optuna.samplers.RandomSampler(seed=seed)


# --- one run ----------------------------------------------------------------------------------
@dataclass
class Run:
    wall: float
    rounds: int
    best: float
    accuracy: float  # of the best trial
    n_pruned: int
    fates: list[int | None] = field(default_factory=list)  # pruned at round, or None


def run_once(
    lib: str,
    model: str,
    kind: str,
    seed: int,
    data: Any,
    configs: list[dict[str, Any]] | None,
    args: argparse.Namespace,
) -> Run:
    if lib == "hyperscout":
        create: Any = hyperscout.create_study
        complete, pruned = hyperscout.TrialState.COMPLETE, hyperscout.TrialState.PRUNED
    else:
        import optuna

        create = optuna.create_study
        complete, pruned = optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED
    study = create(
        direction="minimize",
        sampler=make_sampler(lib, args.sampler, seed),
        pruner=make_pruner(lib, kind, args.rounds),
        study_name=f"pruning-{model}-{kind}-{seed}",
    )
    for config in configs or []:
        study.enqueue_trial(config)
    objective = make_objective(lib, model, data, args.rounds)
    start = time.perf_counter()
    study.optimize(objective, n_trials=args.trials)
    wall = time.perf_counter() - start
    trials = study.get_trials(deepcopy=False)
    done = [t for t in trials if t.state == complete]
    best = min(done, key=lambda t: t.value)
    return Run(
        wall=wall,
        rounds=sum(len(t.intermediate_values) for t in trials),
        best=best.value,
        accuracy=best.user_attrs["accuracy"],
        n_pruned=sum(t.state == pruned for t in trials),
        fates=[t.last_step if t.state == pruned else None for t in trials],
    )


# --- pruner overhead without a model ----------------------------------------------------------
def synthetic_objective(n_steps: int, pruned_exc: type[Exception]) -> Callable[[Any], float]:
    """A learning curve from two parameters, no model: only the library's own time is measured."""

    def objective(trial: Any) -> float:
        rate = trial.suggest_float("rate", 0.01, 1.0, log=True)
        floor = trial.suggest_float("floor", 0.0, 1.0)
        value = 1.0
        for step in range(n_steps):
            value = floor + (1.0 - floor) * (1.0 - rate) ** step
            trial.report(value, step)
            if trial.should_prune():
                raise pruned_exc()
        return value

    return objective


def overhead_once(lib: str, kind: str, storage: str | None, n_trials: int, n_steps: int) -> float:
    if lib == "hyperscout":
        create: Any = hyperscout.create_study
        exc: type[Exception] = hyperscout.TrialPruned
    else:
        import optuna

        create = optuna.create_study
        exc = optuna.TrialPruned
    study = create(
        storage=storage,
        sampler=make_sampler(lib, "random", 0),
        pruner=make_pruner(lib, kind, n_steps),
        study_name=f"overhead-{kind}",
    )
    start = time.perf_counter()
    study.optimize(synthetic_objective(n_steps, exc), n_trials=n_trials)
    return time.perf_counter() - start


def overhead_table(repeats: int) -> list[str]:
    import tempfile

    out = [
        "### Library time per report + should_prune, no model",
        "",
        "Synthetic learning curves (two random parameters), RandomSampler(seed=0) on both sides, "
        f"median of {repeats} (SQLite: {min(repeats, 3)}) interleaved repetitions. Same pruner "
        "arguments as above; us = microseconds.",
        "",
        "| storage | trials x steps | pruner | hyperscout us/report | Optuna us/report "
        "| hyperscout / Optuna |",
        "|---|---|---|---|---|---|",
    ]
    settings = [("in-memory", 100, 100), ("SQLite file", 10, 30)]
    for label, n_trials, n_steps in settings:
        for k, kind in enumerate(KINDS):
            times: dict[str, list[float]] = {lib: [] for lib in LIBS}
            for r in range(repeats if label == "in-memory" else min(repeats, 3)):
                for lib in LIBS if (r + k) % 2 == 0 else LIBS[::-1]:
                    with tempfile.TemporaryDirectory() as tmp:
                        storage = None if label == "in-memory" else f"sqlite:///{tmp}/o.db"
                        wall = overhead_once(lib, kind, storage, n_trials, n_steps)
                    # Reports actually made: pruned trials stop early, identically on both sides.
                    times[lib].append(wall)
            reports = _count_reports(kind, n_trials, n_steps)
            hs, op = (_med(times[lib]) / reports * 1e6 for lib in LIBS)
            ratio = _med([a / b for a, b in zip(times["hyperscout"], times["optuna"])])
            out.append(
                f"| {label} | {n_trials} x {n_steps} | {kind} | {hs:.0f} | {op:.0f} | {ratio:.2f} |"
            )
            print(out[-1], flush=True)
    out.append("")
    return out


def _count_reports(kind: str, n_trials: int, n_steps: int) -> int:
    study = hyperscout.create_study(
        sampler=make_sampler("hyperscout", "random", 0),
        pruner=make_pruner("hyperscout", kind, n_steps),
        study_name=f"overhead-{kind}",
    )
    study.optimize(synthetic_objective(n_steps, hyperscout.TrialPruned), n_trials=n_trials)
    return sum(len(t.intermediate_values) for t in study.get_trials(deepcopy=False))


# --- report -----------------------------------------------------------------------------------
def _med(xs: list[float]) -> float:
    return statistics.median(xs)


def table(model: str, runs: dict[tuple[str, str, int], Run], seeds: list[int]) -> list[str]:
    out = [
        f"### {model}",
        "",
        "| pruner | library | wall s, median (min-max) | wall / unpruned | rounds trained "
        "| rounds / unpruned | best val log loss | log loss regret % (median, max) "
        "| its accuracy | accuracy regret % (median, max) | pruned trials |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        for lib in LIBS:
            rs = [runs[(lib, kind, s)] for s in seeds]
            base = [runs[(lib, "none", s)] for s in seeds]
            walls = [r.wall for r in rs]
            wall_ratio = _med([r.wall / b.wall for r, b in zip(rs, base)])
            round_ratio = _med([r.rounds / b.rounds for r, b in zip(rs, base)])
            regrets = [100 * (r.best - b.best) / b.best for r, b in zip(rs, base)]
            acc_regrets = [100 * (b.accuracy - r.accuracy) / b.accuracy for r, b in zip(rs, base)]
            out.append(
                f"| {kind} | {lib} | {_med(walls):.1f} ({min(walls):.1f}-{max(walls):.1f}) "
                f"| {wall_ratio:.2f} | {_med([r.rounds for r in rs]):.0f} | {round_ratio:.2f} "
                f"| {_med([r.best for r in rs]):.4f} | {_med(regrets):+.2f}, {max(regrets):+.2f} "
                f"| {_med([r.accuracy for r in rs]):.4f} "
                f"| {_med(acc_regrets):+.2f}, {max(acc_regrets):+.2f} "
                f"| {_med([r.n_pruned for r in rs]):.0f} |"
            )
    out += [
        "",
        "| pruner | wall hyperscout / Optuna (median over seeds, min-max) "
        "| rounds hyperscout / Optuna | same fate for a trial (pruned at the same round, or "
        "completed) |",
        "|---|---|---|---|",
    ]
    for kind in KINDS:
        ratios = [runs[("hyperscout", kind, s)].wall / runs[("optuna", kind, s)].wall for s in seeds]
        rounds = [
            runs[("hyperscout", kind, s)].rounds / runs[("optuna", kind, s)].rounds for s in seeds
        ]
        same = [
            np.mean(
                [
                    a == b
                    for a, b in zip(
                        runs[("hyperscout", kind, s)].fates, runs[("optuna", kind, s)].fates
                    )
                ]
            )
            for s in seeds
        ]
        out.append(
            f"| {kind} | {_med(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}) "
            f"| {_med(rounds):.2f} | {100 * float(np.mean(same)):.0f}% |"
        )
    out.append("")
    # Targets: Hyperband/ASHA within 0.5% of unpruned in at most a third of its wall time.
    for kind in ("asha", "hyperband"):
        for lib in LIBS:
            rs = [runs[(lib, kind, s)] for s in seeds]
            base = [runs[(lib, "none", s)] for s in seeds]
            regret = _med([100 * (r.best - b.best) / b.best for r, b in zip(rs, base)])
            acc = _med([100 * (b.accuracy - r.accuracy) / b.accuracy for r, b in zip(rs, base)])
            ratio = _med([r.wall / b.wall for r, b in zip(rs, base)])
            out.append(
                f"- {lib} {kind}: median wall ratio {ratio:.2f} (target <= 0.33: "
                f"{'met' if ratio <= 1 / 3 else 'NOT met'}); median regret in log loss "
                f"{regret:+.2f}% ({'met' if regret <= 0.5 else 'NOT met'}), in accuracy "
                f"{acc:+.2f}% ({'met' if acc <= 0.5 else 'NOT met'}) (target <= 0.5%)"
            )
    out.append("")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 seeds, 40 trials, 60 rounds")
    parser.add_argument("--seeds", type=int, default=None, help="LightGBM seeds (5)")
    parser.add_argument("--xgb-seeds", type=int, default=None, help="XGBoost seeds (3)")
    parser.add_argument("--trials", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--models", default="lightgbm,xgboost")
    parser.add_argument("--sampler", choices=("shared", "random", "tpe"), default="shared")
    parser.add_argument("--out", default=None, help=f"markdown file (default {RESULTS})")
    parser.add_argument("--append", action="store_true", help="append to --out, not overwrite")
    parser.add_argument("--no-overhead", action="store_true", help="skip the no-model overhead")
    args = parser.parse_args()
    if args.seeds is None:
        args.seeds = 2 if args.quick else 5
    if args.xgb_seeds is None:
        args.xgb_seeds = min(args.seeds, 3)
    if args.trials is None:
        args.trials = 40 if args.quick else 100
    if args.rounds is None:
        args.rounds = 60 if args.quick else 100
    out_path = args.out or (RESULTS if not args.quick else RESULTS.replace(".md", "-quick.md"))

    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    logging.getLogger("lightgbm").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=UserWarning)
    warnings.filterwarnings("ignore", module="optuna")  # ExperimentalWarning and friends

    data = load_data()
    models = [m for m in args.models.split(",") if m]
    started = time.perf_counter()
    lines = [
        "# Pruning: hyperscout vs Optuna on LightGBM and XGBoost"
        if not args.append
        else f"## The same with sampler {args.sampler!r}",
        "",
        f"Command: `python {' '.join(sys.argv)}`  ",
        f"Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; "
        f"Python {platform.python_version()}, hyperscout {hyperscout.__version__}, "
        f"Optuna {optuna.__version__}; {os.cpu_count()} cores, shared and noisy (compare the "
        "ratios, not the seconds).",
        "",
        f"Task: digits odd vs even (sklearn, bundled), validation log loss each round, up to "
        f"{args.rounds} rounds; {args.trials} trials per study; seeds 0-{args.seeds - 1} for "
        f"LightGBM, 0-{args.xgb_seeds - 1} for XGBoost; sampler: "
        f"{args.sampler} (shared = the same seeded random configurations enqueued on both "
        "sides); one model thread (num_threads/nthread=1, OMP_NUM_THREADS=1); in-memory "
        "storage. Runs interleaved hyperscout/Optuna with alternating order.",
        "",
    ]
    for model in models:
        runs: dict[tuple[str, str, int], Run] = {}
        seeds = list(range(args.seeds if model == "lightgbm" else args.xgb_seeds))
        for seed in seeds:
            configs = (
                random_configs(model, seed, args.trials) if args.sampler == "shared" else None
            )
            for k, kind in enumerate(KINDS):
                order = LIBS if (seed + k) % 2 == 0 else LIBS[::-1]
                for lib in order:
                    run = run_once(lib, model, kind, seed, data, configs, args)
                    runs[(lib, kind, seed)] = run
                    print(
                        f"{model:8s} seed {seed} {kind:9s} {lib:10s} wall {run.wall:6.1f}s "
                        f"rounds {run.rounds:5d} best {run.best:.4f} pruned {run.n_pruned}",
                        flush=True,
                    )
        lines += table(model, runs, seeds)
    if not args.no_overhead:
        lines += overhead_table(repeats=3 if args.quick else 5)
    lines.append(f"Total benchmark time: {time.perf_counter() - started:.0f} s.")
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "a" if args.append else "w") as f:
        if args.append:
            f.write("\n")
        f.write(text)
    sys.stdout.write("\n" + text)


if __name__ == "__main__":
    main()
