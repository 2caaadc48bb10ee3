"""A define-by-run study: the objective asks for its parameters as it goes, including a
parameter that exists only for one choice of another (conditional space).

    python examples/define_by_run.py
"""

from __future__ import annotations

from _budget import budget
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import hyperscout

X, y = load_breast_cancer(return_X_y=True)


def objective(trial: hyperscout.Trial) -> float:
    kind = trial.suggest_categorical("model", ["logistic", "forest"])
    if kind == "logistic":
        c = trial.suggest_float("C", 1e-3, 1e2, log=True)
        model = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=500))
    else:
        model = RandomForestClassifier(
            n_estimators=trial.suggest_int("n_estimators", 10, 100, log=True),
            max_depth=trial.suggest_int("max_depth", 2, 12),
            random_state=0,
        )
    return float(cross_val_score(model, X, y, cv=3, scoring="roc_auc").mean())


def main() -> None:
    study = hyperscout.create_study(
        direction="maximize", sampler=hyperscout.samplers.TPESampler(seed=0)
    )
    study.set_metric_names(["ROC AUC"])
    study.optimize(objective, n_trials=budget(30))
    print(f"best ROC AUC {study.best_value:.4f} with {study.best_params}")


if __name__ == "__main__":
    main()
