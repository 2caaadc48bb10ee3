from __future__ import annotations

import os

import keras
import numpy as np
import pytest

import hyperscout
import hyperscout.keras as kt
from hyperscout.pruners import ThresholdPruner

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def test_random_search_end_to_end(tmp_path, digits, build_model, capsys) -> None:  # type: ignore[no-untyped-def]
    x, y, xv, yv = digits
    tuner = kt.RandomSearch(
        build_model, objective="val_accuracy", max_trials=3, seed=1,
        directory=tmp_path, project_name="p",
    )
    tuner.search_space_summary()
    tuner.search(x, y, epochs=2, validation_data=(xv, yv), verbose=0)
    out = capsys.readouterr().out
    assert "Default search space size: 3" in out and "units (Int)" in out
    assert os.path.exists(tmp_path / "p" / "study.db")

    trials = tuner.oracle.get_best_trials(3)
    assert len(trials) == 3 and all(t.status == "COMPLETED" for t in trials)
    scores = [t.score for t in trials]
    assert scores == sorted(scores, reverse=True)
    # The score is the best epoch's val_accuracy (KerasTuner's rule).
    best = trials[0]
    assert best.score == pytest.approx(best.metrics["val_accuracy"])
    assert best.best_step in (0, 1)
    frozen = tuner.study.trials[0]
    assert frozen.intermediate_values.keys() == {1, 2}  # step = epochs done
    assert frozen.user_attrs["n_params"] > 0
    assert 0 < frozen.user_attrs["predict_seconds_per_sample"] < 0.1

    best_hps = tuner.get_best_hyperparameters(1)[0]
    assert set(best_hps.values) == {"units", "dropout", "learning_rate"}
    assert best_hps.values == best.hyperparameters.values
    model = tuner.hypermodel.build(best_hps)
    assert model.layers[0].units == best_hps.get("units")

    (best_model,) = tuner.get_best_models(1)
    _, acc = best_model.evaluate(xv, yv, verbose=0)
    assert acc == pytest.approx(best.score, abs=1e-6)  # best-epoch weights were kept

    tuner.results_summary(2)
    out = capsys.readouterr().out
    assert "Results summary" in out and 'Objective(name="val_accuracy", direction="max")' in out
    assert f"Trial {best.trial_id} summary" in out and f"Score: {best.score}" in out


def test_hypermodel_fit_override_tunes_training_and_validation_split(tmp_path, digits, build_model) -> None:  # type: ignore[no-untyped-def]
    x, y, _, _ = digits

    class MyHyperModel(kt.HyperModel):
        def build(self, hp):  # type: ignore[no-untyped-def]
            return build_model(hp)

        def fit(self, hp, model, *args, **kwargs):  # type: ignore[no-untyped-def]
            return model.fit(*args, batch_size=hp.Choice("batch_size", [32, 64]), **kwargs)

    tuner = kt.RandomSearch(
        MyHyperModel(), objective="val_loss", max_trials=2, seed=0,
        directory=tmp_path, project_name="fit",
    )
    tuner.search(x, y, epochs=1, validation_split=0.2, verbose=0)
    assert tuner.oracle.objective.direction == "min"
    assert all("batch_size" in t.params for t in tuner.study.trials)


def test_bayesian_grid_and_hyperband_run(tmp_path, digits, build_model) -> None:  # type: ignore[no-untyped-def]
    x, y, xv, yv = digits
    bo = kt.BayesianOptimization(
        build_model, objective="val_accuracy", max_trials=4, num_initial_points=2, seed=0,
        directory=tmp_path, project_name="bo",
    )
    bo.search(x, y, epochs=1, validation_data=(xv, yv), verbose=0)
    assert len(bo.study.trials) == 4
    assert type(bo.study.sampler).__name__ == "GPSampler"

    def small(hp):  # type: ignore[no-untyped-def]
        model = keras.Sequential([keras.Input(shape=(64,)),
                                  keras.layers.Dense(hp.Choice("units", [8, 16])),
                                  keras.layers.Dense(10)])
        model.compile(optimizer="adam", metrics=["accuracy"],
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        if hp.Boolean("sgd"):
            model.compile(optimizer="sgd", metrics=["accuracy"],
                          loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        return model

    grid = kt.GridSearch(small, objective="val_accuracy", directory=tmp_path, project_name="g")
    grid.search(x, y, epochs=1, validation_data=(xv, yv), verbose=0)
    combos = [(t.params["units"], t.params["sgd"]) for t in grid.study.trials]
    # KerasTuner's order: defaults first, the last parameter moves fastest.
    assert combos == [(8, False), (8, True), (16, False), (16, True)]


def test_grid_search_discovers_parameters_of_other_branches(tmp_path) -> None:  # type: ignore[no-untyped-def]
    class Scored(kt.GridSearch):
        def run_trial(self, trial, *args, **kwargs):  # type: ignore[no-untyped-def]
            hp = trial.hyperparameters
            kind = hp.Choice("kind", ["plain", "deep"])
            depth = 0
            if kind == "deep":  # a parameter the default build never defines
                with hp.conditional_scope("kind", "deep"):
                    depth = hp.Int("depth", 1, 3)
                    with hp.conditional_scope("depth", 3):
                        hp.Boolean("residual")
            return float(depth)

    tuner = Scored(max_trials=None, directory=tmp_path, project_name="cond")
    tuner.search()
    seen = [tuple(sorted(t.params.items())) for t in tuner.study.trials]
    assert seen == [
        (("kind", "plain"),),
        (("depth", 1), ("kind", "deep")),
        (("depth", 2), ("kind", "deep")),
        (("depth", 3), ("kind", "deep"), ("residual", False)),
        (("depth", 3), ("kind", "deep"), ("residual", True)),
    ]
    assert {p.name for p in tuner.oracle.hyperparameters.space} == {"kind", "depth", "residual"}


def test_next_grid_values_follows_the_active_parameters() -> None:
    from hyperscout.keras._tuners import next_grid_values

    hp = kt.HyperParameters()
    hp.Choice("a", ["x", "y"])
    with hp.conditional_scope("a", "y"):
        hp.Int("b", 0, 2)
    space = hp.space
    assert next_grid_values(space, {"a": "x"}) == {"a": "y", "b": 0}
    assert next_grid_values(space, {"a": "y", "b": 0}) == {"a": "y", "b": 1}
    assert next_grid_values(space, {"a": "y", "b": 2}) is None



def test_hyperband_follows_kerastuner_schedule_and_warm_starts(tmp_path, digits, build_model) -> None:  # type: ignore[no-untyped-def]
    from hyperscout.keras._tuners import HYPERBAND_KEY, hyperband_budget, hyperband_schedule

    x, y, xv, yv = digits
    # max_epochs=3, factor=3: bracket 0 trains 3 models for 1 epoch and the best on to 3;
    # bracket 1 trains 2 models for 3 epochs.
    assert hyperband_schedule(3, 3) == [[(3, 1), (1, 3)], [(2, 3)]]
    assert hyperband_schedule(9, 3) == [[(9, 1), (3, 3), (1, 9)], [(5, 3), (2, 9)], [(3, 9)]]
    assert hyperband_budget(9, 3) == (17, 75)  # KerasTuner's 17 models, 75 epochs

    hb = kt.Hyperband(
        build_model, objective="val_accuracy", max_epochs=3, factor=3, seed=0,
        directory=tmp_path, project_name="hb",
    )
    started = {}
    build = hb._build_for_trial

    def spy(trial):  # type: ignore[no-untyped-def]
        model = build(trial)
        started[trial.number] = [w.copy() for w in model.get_weights()]
        return model

    hb._build_for_trial = spy  # type: ignore[method-assign]
    hb.search(x, y, epochs=50, validation_data=(xv, yv), verbose=0)
    trials = hb.study.trials
    assert type(hb.study.pruner).__name__ == "NopPruner"  # the schedule stops models
    assert len(trials) == 6 and all(t.state.name == "COMPLETE" for t in trials)
    tags = [t.user_attrs[HYPERBAND_KEY] for t in trials]
    assert [(g["bracket"], g["round"]) for g in tags] == [(0, 0)] * 3 + [(0, 1)] + [(1, 0)] * 2
    assert [sorted(t.intermediate_values) for t in trials] == [[1]] * 3 + [[2, 3]] + [[1, 2, 3]] * 2

    promoted = trials[3]
    first_round = trials[:3]
    best = max(first_round, key=lambda t: t.value)
    assert tags[3]["parent"] == best.number and promoted.params == best.params
    # It started from the saved weights of its parent's best epoch, not from new ones.
    with np.load(tmp_path / "hb" / f"trial_{best.number}" / "weights.npz") as saved:
        parent_weights = [saved[f"arr_{i}"] for i in range(len(saved.files))]
    assert all(np.array_equal(a, b) for a, b in zip(started[3], parent_weights, strict=True))
    assert not np.array_equal(started[4][0], started[5][0])  # new models start afresh
    assert hb.oracle.get_trial(promoted.number).best_step in (1, 2)  # counted from epoch 0


def test_pruner_pass_through_prunes_in_random_search(tmp_path, digits, build_model) -> None:  # type: ignore[no-untyped-def]
    x, y, xv, yv = digits
    tuner = kt.RandomSearch(
        build_model, objective="val_accuracy", max_trials=2, seed=0,
        pruner=ThresholdPruner(lower=1.5), directory=tmp_path, project_name="pr",
    )
    tuner.search(x, y, epochs=4, validation_data=(xv, yv), verbose=0)
    states = [t.state for t in tuner.study.trials]
    assert states == [hyperscout.TrialState.PRUNED] * 2
    assert all(list(t.intermediate_values) == [1] for t in tuner.study.trials)


class _Scripted(kt.RandomSearch):
    """Reports a scripted val_loss per epoch: trials 0-4 learn, later ones do not."""

    def run_trial(self, trial, *args, **kwargs):  # type: ignore[no-untyped-def]
        trial.hyperparameters.Float("x", 0.0, 1.0)
        bad = trial.number >= 5
        for epoch in range(4):
            value = 5.0 if bad else 1.0 / (epoch + 1)
            self.on_epoch_end(trial, None, epoch, logs={"val_loss": value})
        return {"val_loss": 5.0 if bad else 0.25}


def test_median_pruning_by_default_and_none_disables_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    tuner = _Scripted(objective="val_loss", max_trials=7, seed=0,
                      directory=tmp_path, project_name="default")
    assert type(tuner.study.pruner).__name__ == "MedianPruner"
    tuner.search()
    trials = tuner.study.trials
    assert [t.state.name for t in trials] == ["COMPLETE"] * 5 + ["PRUNED"] * 2
    assert all(sorted(t.intermediate_values) == [1, 2] for t in trials[5:])  # epoch 2
    assert [t.status for t in tuner.oracle.trials.values()][5:] == ["PRUNED"] * 2

    off = _Scripted(objective="val_loss", max_trials=7, seed=0, pruner=None,
                    directory=tmp_path, project_name="off")
    assert type(off.study.pruner).__name__ == "NopPruner"
    off.search()
    assert [t.state.name for t in off.study.trials] == ["COMPLETE"] * 7
    with pytest.raises(ValueError, match="pruner must be a hyperscout pruner"):
        kt.RandomSearch(build_model_unused, objective="val_loss", pruner="median")


def build_model_unused(hp):  # type: ignore[no-untyped-def]
    raise AssertionError("not built")


def test_custom_run_trial_without_hypermodel_and_default_objective(tmp_path) -> None:  # type: ignore[no-untyped-def]
    class MyTuner(kt.RandomSearch):
        def run_trial(self, trial, *args, **kwargs):  # type: ignore[no-untyped-def]
            hp = trial.hyperparameters
            x = hp.Float("x", -2.0, 2.0)
            for epoch in range(3):  # a hand-written loop reports like Keras' fit
                self.on_epoch_end(trial, None, epoch, logs={"default_objective": (x + 1) ** 2})
            return (x + 1) ** 2

    tuner = MyTuner(max_trials=5, seed=0, directory=tmp_path, project_name="c")
    tuner.search()
    assert len(tuner.study.trials) == 5
    best = tuner.oracle.get_best_trials(1)[0]
    assert best.score == min(t.value for t in tuner.study.trials)


def test_retries_and_consecutive_failures(tmp_path, digits, build_model) -> None:  # type: ignore[no-untyped-def]
    x, y, xv, yv = digits
    calls = []

    def flaky(hp):  # type: ignore[no-untyped-def]
        calls.append(1)
        model = build_model(hp)
        if len(calls) == 2:  # the first trial's build (the first call learns the space)
            raise RuntimeError("out of luck once")
        return model

    tuner = kt.RandomSearch(
        flaky, objective="val_accuracy", max_trials=2, seed=0, max_retries_per_trial=1,
        directory=tmp_path, project_name="retry",
    )
    tuner.search(x, y, epochs=1, validation_data=(xv, yv), verbose=0)
    trials = tuner.study.trials
    assert [t.state.name for t in trials] == ["FAIL", "COMPLETE", "COMPLETE"]
    assert trials[1].params == trials[0].params  # the retry reran the same values
    assert trials[1].user_attrs["keras:retry_of"] == 0

    def broken(hp):  # type: ignore[no-untyped-def]
        build_model(hp)
        raise ValueError("bad model")

    tuner = kt.RandomSearch(
        broken, objective="val_accuracy", max_trials=10, seed=0,
        max_consecutive_failed_trials=2, directory=tmp_path, project_name="broken",
    )
    with pytest.raises(RuntimeError, match="consecutive failures exceeded the limit of 2"):
        tuner.search(x, y, epochs=1, validation_data=(xv, yv), verbose=0)
    assert len(tuner.study.trials) == 2


def test_resume_in_process_and_overwrite(tmp_path, digits, build_model, capsys) -> None:  # type: ignore[no-untyped-def]
    x, y, xv, yv = digits
    args = dict(objective="val_accuracy", seed=0, directory=tmp_path, project_name="r")
    kt.RandomSearch(build_model, max_trials=2, **args).search(
        x, y, epochs=1, validation_data=(xv, yv), verbose=0
    )
    tuner = kt.RandomSearch(build_model, max_trials=3, **args)
    assert "Resuming the search" in capsys.readouterr().out
    assert tuner.remaining_trials == 1
    tuner.search(x, y, epochs=1, validation_data=(xv, yv), verbose=0)
    assert len(tuner.study.trials) == 3
    fresh = kt.RandomSearch(build_model, max_trials=1, overwrite=True, **args)
    assert len(fresh.study.trials) == 0
    with pytest.raises(ValueError, match="overwrite=True"):
        kt.RandomSearch(build_model, max_trials=1, **{**args, "objective": "val_loss"})


def test_bad_arguments(build_model) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="max_trials must be an int >= 1 or None, got max_trials=0"):
        kt.RandomSearch(build_model, objective="val_accuracy", max_trials=0)
    with pytest.raises(ValueError, match="hypermodel=None"):
        kt.RandomSearch(objective="val_accuracy")
    with pytest.raises(ValueError, match="factor must be an int >= 2, got factor=1"):
        kt.Hyperband(build_model, objective="val_accuracy", factor=1)
    with pytest.raises(ValueError, match="unrecognized arguments"):
        kt.RandomSearch(build_model, objective="val_accuracy", max_trails=3)


def test_history_metrics_are_numbers_not_models(tmp_path, digits, build_model) -> None:  # type: ignore[no-untyped-def]
    x, y, xv, yv = digits
    tuner = kt.RandomSearch(build_model, objective="val_accuracy", max_trials=1,
                            directory=tmp_path, project_name="h", executions_per_trial=2)
    trial = tuner.oracle.create_trial()
    assert trial is not None
    results = tuner.run_trial(trial, x, y, epochs=1, validation_data=(xv, yv), verbose=0)
    assert len(results) == 2 and all(not hasattr(r, "model") for r in results)
    assert np.isfinite(results[0].history["val_accuracy"][0])


def test_hyperband_retry_keeps_its_place_in_the_schedule(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from hyperscout.keras._tuners import HYPERBAND_KEY

    calls = []

    class Flaky(kt.Hyperband):
        def run_trial(self, trial, *args, **kwargs):  # type: ignore[no-untyped-def]
            x = trial.hyperparameters.Float("x", 0.0, 1.0)
            calls.append(trial.number)
            if len(calls) == 2:
                raise RuntimeError("out of luck once")
            return x

    tuner = Flaky(max_epochs=3, factor=3, seed=0, max_retries_per_trial=1,
                  directory=tmp_path, project_name="hbretry")
    tuner.search()
    trials = tuner.study.trials
    assert [t.state.name for t in trials] == ["COMPLETE", "FAIL"] + ["COMPLETE"] * 5
    retry = trials[2]
    assert retry.user_attrs["keras:retry_of"] == 1 and retry.params == trials[1].params
    assert retry.user_attrs[HYPERBAND_KEY] == trials[1].user_attrs[HYPERBAND_KEY]
    promoted = [t for t in trials if t.user_attrs[HYPERBAND_KEY]["round"] == 1]
    first_round = [t for t in trials[:4] if t.state.name == "COMPLETE"]
    assert len(promoted) == 1
    assert promoted[0].user_attrs[HYPERBAND_KEY]["parent"] == min(first_round, key=lambda t: t.value).number
