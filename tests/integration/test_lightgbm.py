"""LightGBMPruningCallback with real LightGBM fits on scikit-learn's breast cancer data."""

from __future__ import annotations

import importlib
import sys
import warnings

import numpy as np
import pytest

import hyperscout
from hyperscout.integration import LightGBMPruningCallback
from hyperscout.pruners import MedianPruner, NopPruner
from hyperscout.trial import TrialState

lgb = pytest.importorskip("lightgbm")

N_ROUNDS = 20
PARAMS = {"objective": "binary", "verbose": -1, "num_threads": 1, "learning_rate": 0.1}


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


def _train_objective(data, **callback_kwargs):
    X_train, X_valid, y_train, y_valid = data

    def objective(trial):
        callback = LightGBMPruningCallback(trial, "binary_logloss", **callback_kwargs)
        booster = lgb.train(
            PARAMS,
            lgb.Dataset(X_train, y_train),
            N_ROUNDS,
            valid_sets=[lgb.Dataset(X_valid, y_valid)],
            callbacks=[callback],
        )
        return booster.best_score["valid_0"]["binary_logloss"]

    return objective


def test_train_is_pruned_at_the_first_checked_round(data):
    study = _study(MedianPruner(n_startup_trials=1, n_warmup_steps=3))
    study.optimize(_train_objective(data), n_trials=1)
    trial = study.trials[-1]
    assert trial.state == TrialState.PRUNED
    assert sorted(trial.intermediate_values) == [0, 1, 2, 3]
    assert trial.value == trial.intermediate_values[3] > 0.0


def test_train_with_nop_pruner_reports_every_round(data):
    study = _study(NopPruner())
    study.optimize(_train_objective(data), n_trials=1)
    trial = study.trials[-1]
    assert trial.state == TrialState.COMPLETE
    assert sorted(trial.intermediate_values) == list(range(N_ROUNDS))
    # The reported values are LightGBM's own validation losses, falling on this data.
    assert trial.intermediate_values[N_ROUNDS - 1] < trial.intermediate_values[0]


def test_report_interval(data):
    study = _study(NopPruner())
    study.optimize(_train_objective(data, report_interval=3), n_trials=1)
    assert sorted(study.trials[-1].intermediate_values) == [2, 5, 8, 11, 14, 17]


def test_sklearn_fit_with_a_maximised_metric(data):
    X_train, X_valid, y_train, y_valid = data
    for pruner, expected in (
        (MedianPruner(n_startup_trials=1), TrialState.PRUNED),
        (NopPruner(), TrialState.COMPLETE),
    ):
        study = _study(pruner, "maximize", perfect=1.0)

        def objective(trial):
            model = lgb.LGBMClassifier(n_estimators=N_ROUNDS, verbose=-1, n_jobs=1)
            callback = LightGBMPruningCallback(trial, "auc", valid_name="holdout")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # eval_set is deprecated in LightGBM 4.7
                model.fit(
                    X_train,
                    y_train,
                    eval_set=[(X_valid, y_valid)],
                    eval_names=["holdout"],
                    eval_metric="auc",
                    callbacks=[callback],
                )
            return model.best_score_["holdout"]["auc"]

        study.optimize(objective, n_trials=1)
        assert study.trials[-1].state == expected
        steps = sorted(study.trials[-1].intermediate_values)
        assert steps == ([0] if expected == TrialState.PRUNED else list(range(N_ROUNDS)))


def test_cv_reports_the_mean_over_folds(data):
    X_train, _, y_train, _ = data
    study = _study(MedianPruner(n_startup_trials=1, n_warmup_steps=2))

    def objective(trial):
        lgb.cv(
            PARAMS,
            lgb.Dataset(X_train, y_train),
            N_ROUNDS,
            nfold=3,
            stratified=True,
            callbacks=[LightGBMPruningCallback(trial, "binary_logloss")],
        )
        return 0.0

    study.optimize(objective, n_trials=1)
    assert study.trials[-1].state == TrialState.PRUNED
    assert sorted(study.trials[-1].intermediate_values) == [0, 1, 2]


def test_patience_stops_boosting_and_the_trial_completes(data):
    X_train, X_valid, y_train, y_valid = data
    study = _study(NopPruner())
    trial = study.ask()
    booster = lgb.train(
        {**PARAMS, "learning_rate": 0.5},
        lgb.Dataset(X_train, y_train),
        300,
        valid_sets=[lgb.Dataset(X_valid, y_valid)],
        callbacks=[LightGBMPruningCallback(trial, "binary_logloss", patience=5)],
    )
    reported = trial._frozen().intermediate_values
    assert len(reported) < 300  # stopped early
    # best_iteration is 1-based; five more rounds were run without improvement.
    assert len(reported) == booster.best_iteration + 5
    best_step = min(reported, key=reported.__getitem__)
    assert best_step == booster.best_iteration - 1
    study.tell(trial, reported[best_step])
    assert study.trials[-1].state == TrialState.COMPLETE


def test_errors_name_what_to_fix(data):
    X_train, X_valid, y_train, y_valid = data
    study = _study(NopPruner())
    trial = study.ask()

    def fit(callback):
        lgb.train(
            PARAMS,
            lgb.Dataset(X_train, y_train),
            2,
            valid_sets=[lgb.Dataset(X_valid, y_valid)],
            callbacks=[callback],
        )

    with pytest.raises(ValueError, match=r"no metric 'auc'.*\('valid_0', 'binary_logloss'\)"):
        fit(LightGBMPruningCallback(trial, "auc"))
    maximize = hyperscout.create_study(direction="maximize").ask()
    with pytest.raises(ValueError, match="direction='minimize'"):
        fit(LightGBMPruningCallback(maximize, "binary_logloss"))
    with pytest.raises(ValueError, match="report_interval=0"):
        LightGBMPruningCallback(trial, "auc", report_interval=0)
    with pytest.raises(ValueError, match="patience=-1"):
        LightGBMPruningCallback(trial, "auc", patience=-1)
    with pytest.raises(ValueError, match="no validation set"):
        lgb.train(
            PARAMS,
            lgb.Dataset(X_train, y_train),
            2,
            callbacks=[LightGBMPruningCallback(trial, "binary_logloss")],
        )


def test_missing_lightgbm_names_the_extra(monkeypatch):
    module = importlib.import_module("hyperscout.integration._lightgbm")
    monkeypatch.setitem(sys.modules, "lightgbm", None)
    trial = hyperscout.create_study().ask()
    with pytest.raises(ImportError, match=r'pip install "hyperscout\[lightgbm\]"'):
        module.LightGBMPruningCallback(trial, "auc")


def test_importing_the_package_does_not_import_lightgbm():
    import subprocess

    code = (
        "import sys, hyperscout.integration\n"
        "print('lightgbm' in sys.modules, 'xgboost' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_reports_are_plain_floats(data):
    # The reports are plain floats even though LightGBM hands numpy scalars.
    study = _study(NopPruner())
    study.optimize(_train_objective(data), n_trials=1)
    assert all(type(v) is float for v in study.trials[-1].intermediate_values.values())
    assert np.isfinite(list(study.trials[-1].intermediate_values.values())).all()


def test_reachable_as_optuna_spells_it():
    import hyperscout as optuna

    assert optuna.integration.LightGBMPruningCallback is LightGBMPruningCallback
