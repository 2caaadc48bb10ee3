"""Prune unpromising XGBoost trials after each boosting round (XGBoostPruningCallback).

python examples/xgboost_pruning.py
"""

from __future__ import annotations

import xgboost as xgb
from _budget import budget
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

import hyperscout
from hyperscout.integration import XGBoostPruningCallback

X, y = load_breast_cancer(return_X_y=True)
X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.25, random_state=0)
dtrain = xgb.DMatrix(X_train, label=y_train)
dvalid = xgb.DMatrix(X_valid, label=y_valid)


def objective(trial: hyperscout.Trial) -> float:
    params = {
        "objective": "binary:logistic",
        "eval_metric": "auc",
        "nthread": 1,
        "eta": trial.suggest_float("eta", 1e-3, 0.3, log=True),
        "max_depth": trial.suggest_int("max_depth", 2, 8),
        "subsample": trial.suggest_float("subsample", 0.5, 1.0),
    }
    booster = xgb.train(
        params,
        dtrain,
        num_boost_round=100,
        evals=[(dvalid, "validation")],
        verbose_eval=False,
        callbacks=[XGBoostPruningCallback(trial, "validation-auc")],
    )
    return float(booster.eval(dvalid).split(":")[1])


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
