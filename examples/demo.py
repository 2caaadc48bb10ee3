"""The README's main job: tune a scikit-learn model in a define-by-run study stored in SQLite.

Run with ``make demo`` (or ``python examples/demo.py --out out/demo``). Running it again resumes
the same study from the SQLite file (``load_if_exists=True``) and adds trials to it.
"""

from __future__ import annotations

import argparse
import os

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score

import hyperscout


def make_objective(X: np.ndarray, y: np.ndarray):  # type: ignore[no-untyped-def]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out/demo", help="folder for the database and plots")
    parser.add_argument("--trials", type=int, default=40, help="trials to run now")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    storage = f"sqlite:///{os.path.join(args.out, 'tuning.db')}"
    X, y = load_breast_cancer(return_X_y=True)

    study = hyperscout.create_study(
        study_name="breast-cancer-hgb",
        storage=storage,
        direction="maximize",
        sampler=hyperscout.samplers.default_sampler(seed=args.seed),
        load_if_exists=True,
    )
    before = len(study.trials)
    study.optimize(make_objective(X, y), n_trials=args.trials)

    print()
    print(
        f"study {study.study_name!r} in {storage}: {len(study.trials)} trials "
        f"({len(study.trials) - before} run now)"
    )
    print(f"best ROC AUC (3-fold CV): {study.best_value:.5f} (trial {study.best_trial.number})")
    print("best parameters:")
    for name, value in study.best_params.items():
        print(f"  {name} = {value!r}")


if __name__ == "__main__":
    main()
