"""XGBoostPruningCallback with real XGBoost fits on scikit-learn's breast cancer data."""

from __future__ import annotations

import importlib
import sys

import pytest

import hyperscout
from hyperscout.integration import XGBoostPruningCallback
from hyperscout.pruners import MedianPruner, NopPruner
from hyperscout.trial import TrialState

xgb = pytest.importorskip("xgboost")

N_ROUNDS = 20
PARAMS = {"objective": "binary:logistic", "eval_metric": "logloss", "nthread": 1, "eta": 0.1}


@pytest.fixture(scope="module")
def data():
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    X, y = load_breast_cancer(return_X_y=True)
    return train_test_split(X, y, test_size=0.3, random_state=0)


def _study(pruner, direction="minimize", perfect=0.0):
    """A study whose one finished trial was perfect at every round: the median prunes."""
    study = hyperscout.create_study(direction=direction, pruner=pruner)
    study.add_trial(
        hyperscout.create_trial(
            value=perfect, intermediate_values={s: perfect for s in range(1000)}
        )
    )
    return study


def _train(data, trial, rounds=N_ROUNDS, params=PARAMS, **kwargs):
    X_train, X_valid, y_train, y_valid = data
    return xgb.train(
        params,
        xgb.DMatrix(X_train, y_train),
        rounds,
        evals=[(xgb.DMatrix(X_valid, y_valid), "validation")],
        callbacks=[XGBoostPruningCallback(trial, "validation-logloss", **kwargs)],
        verbose_eval=False,
    )


@pytest.mark.parametrize(
    ("pruner", "state", "steps"),
    [
        (MedianPruner(n_startup_trials=1, n_warmup_steps=4), TrialState.PRUNED, list(range(5))),
        (NopPruner(), TrialState.COMPLETE, list(range(N_ROUNDS))),
    ],
)
def test_train_pruned_or_not(data, pruner, state, steps):
    study = _study(pruner)
    study.optimize(
        lambda trial: float(_train(data, trial).eval(xgb.DMatrix(data[1], data[3])).split(":")[1]),
        n_trials=1,
    )
    trial = study.trials[-1]
    assert trial.state == state
    assert sorted(trial.intermediate_values) == steps
    values = [trial.intermediate_values[s] for s in steps]
    assert values[-1] < values[0]  # XGBoost's own validation loss, falling


@pytest.mark.parametrize(
    ("pruner", "state"),
    [(MedianPruner(n_startup_trials=1), TrialState.PRUNED), (NopPruner(), TrialState.COMPLETE)],
)
def test_sklearn_api_with_a_maximised_metric(data, pruner, state):
    X_train, X_valid, y_train, y_valid = data
    study = _study(pruner, "maximize", perfect=1.0)

    def objective(trial):
        model = xgb.XGBClassifier(
            n_estimators=N_ROUNDS,
            n_jobs=1,
            eval_metric="auc",
            callbacks=[XGBoostPruningCallback(trial, "validation_0-auc")],
        )
        model.fit(X_train, y_train, eval_set=[(X_valid, y_valid)], verbose=False)
        return float(model.evals_result()["validation_0"]["auc"][-1])

    study.optimize(objective, n_trials=1)
    trial = study.trials[-1]
    assert trial.state == state
    expected = [0] if state == TrialState.PRUNED else list(range(N_ROUNDS))
    assert sorted(trial.intermediate_values) == expected


def test_cv_reports_the_mean_over_folds(data):
    X_train, _, y_train, _ = data
    study = _study(MedianPruner(n_startup_trials=1, n_warmup_steps=2))

    def objective(trial):
        xgb.cv(
            PARAMS,
            xgb.DMatrix(X_train, y_train),
            N_ROUNDS,
            nfold=3,
            seed=0,
            callbacks=[XGBoostPruningCallback(trial, "test-logloss")],
        )
        return 0.0

    study.optimize(objective, n_trials=1)
    assert study.trials[-1].state == TrialState.PRUNED
    assert sorted(study.trials[-1].intermediate_values) == [0, 1, 2]


def test_patience_stops_boosting_and_sets_best_iteration(data):
    study = _study(NopPruner())
    trial = study.ask()
    booster = _train(data, trial, rounds=300, params={**PARAMS, "eta": 0.6}, patience=5)
    reported = trial._frozen().intermediate_values
    assert len(reported) < 300
    best_step = min(reported, key=reported.__getitem__)
    assert booster.best_iteration == best_step
    assert len(reported) == best_step + 1 + 5


def test_errors_name_what_to_fix(data):
    trial = _study(NopPruner()).ask()
    with pytest.raises(ValueError, match=r"no 'validation-auc'.*'validation-logloss'"):
        X_train, X_valid, y_train, y_valid = data
        xgb.train(
            PARAMS,
            xgb.DMatrix(X_train, y_train),
            2,
            evals=[(xgb.DMatrix(X_valid, y_valid), "validation")],
            callbacks=[XGBoostPruningCallback(trial, "validation-auc")],
            verbose_eval=False,
        )
    with pytest.raises(ValueError, match="observation_key='logloss'"):
        XGBoostPruningCallback(trial, "logloss")
    with pytest.raises(ValueError, match="min_delta=-1"):
        XGBoostPruningCallback(trial, "validation-logloss", min_delta=-1)


def test_missing_xgboost_names_the_extra(monkeypatch):
    name = "hyperscout.integration._xgboost"
    module = importlib.import_module(name)
    trial = hyperscout.create_study().ask()
    try:
        monkeypatch.setitem(sys.modules, "xgboost", None)
        monkeypatch.setitem(sys.modules, "xgboost.callback", None)
        reloaded = importlib.reload(module)
        with pytest.raises(ImportError, match=r'pip install "hyperscout\[xgboost\]"'):
            reloaded.XGBoostPruningCallback(trial, "validation-logloss")
    finally:
        monkeypatch.undo()
        importlib.reload(module)
