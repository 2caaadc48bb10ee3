"""The README's main job: tune a scikit-learn model in a define-by-run study stored in SQLite.

Run with ``make demo`` (or ``python examples/demo.py --out out/demo``). It writes, in ``--out``:

- ``tuning.db``: the SQLite study (run the demo again and the main study resumes, adding trials),
- ``history.png``, ``slice.png``, ``importance.png``: the main study's pictures,
- ``comparison.png``: grid vs random vs Bayesian search on this same problem, best-so-far against
  trials, each method run from scratch with the same budget,
- ``report.html``: the self-contained report of the main study (plots, trials, time profile).
"""

from __future__ import annotations

import argparse
import os

# One OpenMP thread per model fit: on a small data set a second thread gains little, and on a
# busy machine spinning OpenMP threads slow every fit down by an order of magnitude.
os.environ.setdefault("OMP_NUM_THREADS", "1")
from collections.abc import Callable

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score

import hyperscout

# The grid that grid search walks; every value lies inside the ranges the objective suggests.
GRID = {
    "learning_rate": [0.01, 0.05, 0.2],
    "max_leaf_nodes": [4, 16, 64],
    "min_samples_leaf": [2, 20],
    "l2_regularization": [1e-4, 1.0],
    "max_iter": [100],
}


def make_objective(X: np.ndarray, y: np.ndarray) -> Callable[[hyperscout.Trial], float]:
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)

    def objective(trial: hyperscout.Trial) -> float:
        params = {
            "learning_rate": trial.suggest_float("learning_rate", 1e-3, 0.5, log=True),
            "max_leaf_nodes": trial.suggest_int("max_leaf_nodes", 4, 64, log=True),
            "min_samples_leaf": trial.suggest_int("min_samples_leaf", 1, 100, log=True),
            "l2_regularization": trial.suggest_float("l2_regularization", 1e-6, 10.0, log=True),
            "max_iter": trial.suggest_categorical("max_iter", [50, 100, 200]),
        }
        model = HistGradientBoostingClassifier(random_state=0, early_stopping=False, **params)
        return float(cross_val_score(model, X, y, cv=cv, scoring="roc_auc").mean())

    return objective


def compare_methods(
    objective: Callable[[hyperscout.Trial], float], storage: str, budget: int, seed: int
) -> dict[str, hyperscout.Study]:
    """Grid, random and Bayesian search from scratch, same budget, same storage."""
    samplers = {
        "grid": hyperscout.samplers.GridSampler(GRID, seed=seed),
        "random": hyperscout.samplers.RandomSampler(seed=seed),
        "bayesian (GP)": hyperscout.samplers.default_sampler(seed=seed),
    }
    studies = {}
    for label, sampler in samplers.items():
        name = f"compare-{label.split()[0]}"
        if name in hyperscout.get_all_study_names(storage):
            hyperscout.delete_study(study_name=name, storage=storage)  # a fresh race each run
        study = hyperscout.create_study(
            study_name=name, storage=storage, direction="maximize", sampler=sampler
        )
        study.optimize(objective, n_trials=budget)
        studies[label] = study
    return studies


def save(ax: object, path: str) -> None:
    figure = ax.figure if hasattr(ax, "figure") else ax  # an Axes, or an array of them
    if not hasattr(figure, "savefig"):
        figure = np.ravel(ax)[0].figure
    figure.savefig(path, dpi=110, bbox_inches="tight")
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out/demo", help="folder for the database and pictures")
    parser.add_argument("--trials", type=int, default=40, help="trials of the main study to run")
    parser.add_argument("--compare-budget", type=int, default=20, help="trials per method")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import hyperscout.visualization.matplotlib as hv
    from hyperscout.report import write_report

    os.makedirs(args.out, exist_ok=True)
    storage = f"sqlite:///{os.path.join(args.out, 'tuning.db')}"
    X, y = load_breast_cancer(return_X_y=True)
    objective = make_objective(X, y)

    study = hyperscout.create_study(
        study_name="breast-cancer-hgb",
        storage=storage,
        direction="maximize",
        sampler=hyperscout.samplers.default_sampler(seed=args.seed),
        load_if_exists=True,
    )
    before = len(study.trials)
    study.optimize(objective, n_trials=args.trials)

    hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
    print(f"\ncomparing grid, random and Bayesian search ({args.compare_budget} trials each)...")
    compared = compare_methods(objective, storage, args.compare_budget, args.seed)

    save(hv.plot_optimization_history(study), os.path.join(args.out, "history.png"))
    save(hv.plot_slice(study), os.path.join(args.out, "slice.png"))
    save(hv.plot_param_importances(study), os.path.join(args.out, "importance.png"))
    save(
        hv.plot_comparison(compared, target_name="ROC AUC"),
        os.path.join(args.out, "comparison.png"),
    )
    plt.close("all")
    print(f"wrote {write_report(study, os.path.join(args.out, 'report.html'))}")

    print()
    print(
        f"study {study.study_name!r} in {storage}: {len(study.trials)} trials "
        f"({len(study.trials) - before} run now)"
    )
    print(f"best ROC AUC (3-fold CV): {study.best_value:.5f} (trial {study.best_trial.number})")
    print("best parameters:")
    for name, value in study.best_params.items():
        print(f"  {name} = {value!r}")
    print("\nsame budget, from scratch — best ROC AUC by method:")
    for label, s in compared.items():
        print(f"  {label:15s} {s.best_value:.5f}")


if __name__ == "__main__":
    main()
