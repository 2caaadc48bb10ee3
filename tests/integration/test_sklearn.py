"""report_partial_fit with real scikit-learn estimators on the bundled digits data."""

from __future__ import annotations

import pytest

import hyperscout
from hyperscout.integration import report_partial_fit
from hyperscout.pruners import MedianPruner, NopPruner
from hyperscout.trial import TrialState

N_EPOCHS = 8


@pytest.fixture(scope="module")
def data():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = load_digits(return_X_y=True)
    X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.3, random_state=0)
    scaler = StandardScaler().fit(X_train)
    # In report_partial_fit's order: training data, then validation data.
    return scaler.transform(X_train), y_train, scaler.transform(X_valid), y_valid


def _study(pruner):
    """A maximising study whose one finished trial scored 1.0 at every epoch."""
    study = hyperscout.create_study(direction="maximize", pruner=pruner)
    study.add_trial(
        hyperscout.create_trial(value=1.0, intermediate_values={s: 1.0 for s in range(100)})
    )
    return study


def _sgd():
    from sklearn.linear_model import SGDClassifier

    return SGDClassifier(random_state=0)


@pytest.mark.parametrize(
    ("pruner", "state", "steps"),
    [
        (MedianPruner(n_startup_trials=1, n_warmup_steps=2), TrialState.PRUNED, [0, 1, 2]),
        (NopPruner(), TrialState.COMPLETE, list(range(N_EPOCHS))),
    ],
)
def test_partial_fit_pruned_or_not(data, pruner, state, steps):
    study = _study(pruner)
    study.optimize(lambda t: report_partial_fit(t, _sgd(), *data, N_EPOCHS), n_trials=1)
    trial = study.trials[-1]
    assert trial.state == state
    assert sorted(trial.intermediate_values) == steps
    # The reports are the estimator's validation accuracy, well above chance (0.1) on digits.
    assert all(0.8 < v < 1.0 for v in trial.intermediate_values.values())


def test_partial_fit_score_matches_the_estimator(data):
    _, _, X_valid, y_valid = data
    study = _study(NopPruner())
    trial = study.ask()
    model = _sgd()
    score = report_partial_fit(trial, model, *data, 3, scoring="balanced_accuracy")
    from sklearn.metrics import balanced_accuracy_score

    assert score == pytest.approx(balanced_accuracy_score(y_valid, model.predict(X_valid)))
    assert trial._frozen().intermediate_values[2] == score


def test_warm_start_grows_n_estimators_each_epoch(data):
    from sklearn.ensemble import RandomForestClassifier

    study = _study(NopPruner())
    trial = study.ask()
    model = RandomForestClassifier(n_estimators=3, random_state=0, n_jobs=1)
    report_partial_fit(trial, model, *data, 4)
    assert model.n_estimators == 12 and len(model.estimators_) == 12
    assert sorted(trial._frozen().intermediate_values) == [0, 1, 2, 3]


def test_warm_start_without_n_estimators_continues_fitting(data):
    from sklearn.linear_model import LogisticRegression

    study = _study(MedianPruner(n_startup_trials=1, n_warmup_steps=1))
    model = LogisticRegression(max_iter=2)
    study.optimize(lambda t: report_partial_fit(t, model, *data, N_EPOCHS), n_trials=1)
    assert study.trials[-1].state == TrialState.PRUNED
    assert sorted(study.trials[-1].intermediate_values) == [0, 1]


def test_patience_stops_within_the_trial(data):
    from sklearn.neural_network import MLPClassifier

    study = _study(NopPruner())
    trial = study.ask()
    # A tiny, over-regularised network plateaus fast.
    model = MLPClassifier(hidden_layer_sizes=(4,), alpha=5.0, random_state=0)
    report_partial_fit(trial, model, *data, 200, patience=3, min_delta=0.01)
    reported = trial._frozen().intermediate_values
    assert 3 < len(reported) < 200
    values = [reported[s] for s in sorted(reported)]
    # The last epoch that beat the best before it by more than 0.01 ...
    best = 0
    for i, v in enumerate(values):
        if v > values[best] + 0.01:
            best = i
    # ... was exactly 3 epochs before the stop.
    assert len(values) - 1 == best + 3


def test_errors_name_what_to_fix(data):
    from sklearn.neighbors import KNeighborsClassifier

    minimize = hyperscout.create_study(direction="minimize").ask()
    with pytest.raises(ValueError, match="direction='maximize'"):
        report_partial_fit(minimize, _sgd(), *data, 2)
    trial = _study(NopPruner()).ask()
    with pytest.raises(TypeError, match="partial_fit or a warm_start.*KNeighborsClassifier"):
        report_partial_fit(trial, KNeighborsClassifier(), *data, 2)
    with pytest.raises(ValueError, match="n_epochs=0"):
        report_partial_fit(trial, _sgd(), *data, 0)
    with pytest.raises(ValueError, match="patience=-2"):
        report_partial_fit(trial, _sgd(), *data, 2, patience=-2)
