"""Prune unpromising LightGBM trials after each boosting round (LightGBMPruningCallback).

python examples/lightgbm_pruning.py
"""

from __future__ import annotations

import lightgbm as lgb
from _budget import budget
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

import hyperscout
from hyperscout.integration import LightGBMPruningCallback

X, y = load_breast_cancer(return_X_y=True)
X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.25, random_state=0)


def objective(trial: hyperscout.Trial) -> float:
    params = {
        "objective": "binary",
        "metric": "auc",
        "verbosity": -1,
        "num_threads": 1,
        "learning_rate": trial.suggest_float("learning_rate", 1e-3, 0.3, log=True),
        "num_leaves": trial.suggest_int("num_leaves", 4, 64, log=True),
        "min_child_samples": trial.suggest_int("min_child_samples", 5, 100, log=True),
    }
    train = lgb.Dataset(X_train, y_train)
    valid = lgb.Dataset(X_valid, y_valid)
    booster = lgb.train(
        params,
        train,
        num_boost_round=100,
        valid_sets=[valid],
        callbacks=[LightGBMPruningCallback(trial, "auc")],
    )
    return float(roc_auc_score(y_valid, booster.predict(X_valid)))


def main() -> None:
    study = hyperscout.create_study(
        direction="maximize",
        sampler=hyperscout.samplers.TPESampler(seed=0),
        pruner=hyperscout.pruners.MedianPruner(n_warmup_steps=10),
    )
    study.optimize(objective, n_trials=budget(40))
    pruned = sum(t.state == hyperscout.TrialState.PRUNED for t in study.trials)
    print(f"best AUC {study.best_value:.4f}; {pruned} of {len(study.trials)} trials pruned")


if __name__ == "__main__":
    main()
