"""Optuna parity: an Optuna user's code behaves the same after ``import hyperscout as optuna``.

Where Optuna is installed (a benchmark extra) the same function runs on both libraries and the
results are compared; the assertions on hyperscout alone hold without it.
"""

from __future__ import annotations

import math
import types
import warnings
from typing import Any

import numpy as np
import pytest

import hyperscout
from hyperscout.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
    check_distribution_compatibility,
    distribution_to_json,
    json_to_distribution,
)
from hyperscout.trial import FixedTrial, FrozenTrial, TrialState, create_trial


def libraries() -> list[types.ModuleType]:
    out: list[types.ModuleType] = [hyperscout]
    try:
        import optuna

        optuna.logging.set_verbosity(optuna.logging.ERROR)
        out.append(optuna)
    except ImportError:
        pass
    return out


def both(fn: Any) -> Any:
    """``fn(lib)`` on hyperscout and (if installed) on Optuna; asserts equal results."""
    results = [fn(lib) for lib in libraries()]
    for other in results[1:]:
        assert results[0] == other
    return results[0]


def states(study: Any) -> list[str]:
    return [t.state.name for t in study.trials]


# --- step grids -----------------------------------------------------------------------------------


@pytest.mark.parametrize("sampler", ["random", "qmc", "tpe", "gp"])
def test_a_two_point_float_step_grid_samples_both_ends(sampler: str) -> None:
    from hyperscout.samplers import GPSampler, QMCSampler, RandomSampler, TPESampler

    make = {
        "random": lambda: RandomSampler(seed=0),
        "qmc": lambda: QMCSampler(seed=0),
        "tpe": lambda: TPESampler(seed=0, n_startup_trials=2),
        "gp": lambda: GPSampler(seed=0, n_startup_trials=2),
    }[sampler]
    study = hyperscout.create_study(sampler=make())
    study.optimize(lambda t: t.suggest_float("x", 0.2, 0.3, step=0.1), n_trials=12)
    assert {t.params["x"] for t in study.trials} == {0.2, 0.3}


def test_step_counts_tolerate_binary_rounding() -> None:
    assert not FloatDistribution(0.2, 0.3, step=0.1).single()
    assert FloatDistribution(0.3, 0.3, step=0.1).single()
    d = FloatDistribution(0.0, 0.3, step=0.1)  # 0.3 / 0.1 = 2.9999999999999996
    assert d.high == 0.3 and d._contains(0.1 + 0.2) and d._contains(0.3)
    assert not FloatDistribution(0.1, 0.7, step=0.3)._contains(0.5)


def test_a_step_that_does_not_divide_the_range_warns_and_lowers_high() -> None:
    def run(lib: Any) -> Any:
        d = lib.distributions
        with pytest.warns(UserWarning):
            f = d.FloatDistribution(0.0, 1.0, step=0.3)
        with pytest.warns(UserWarning):
            i = d.IntDistribution(0, 5, step=2)
        study = lib.create_study(sampler=lib.samplers.RandomSampler(seed=1))
        with pytest.warns(UserWarning):
            study.optimize(lambda t: t.suggest_int("n", 0, 9, step=4), n_trials=20)
        return f.high, i.high, sorted({t.params["n"] for t in study.trials})

    assert both(run) == (0.9, 4, [0, 4, 8])


# --- values an objective returns or a user tells -------------------------------------------------


def test_a_string_return_fails_the_trial() -> None:
    # Optuna 5 crashes on this (an AssertionError from its optimize loop); the README's rule
    # that a non-number fails the trial is kept.
    study = hyperscout.create_study()
    with pytest.warns(UserWarning, match="must return a number"):
        study.optimize(lambda t: "0.5", n_trials=1)  # type: ignore[arg-type,return-value]
    assert study.trials[0].state == TrialState.FAIL
    assert "got '0.5'" in study.trials[0].system_attrs["fail_reason"]


# The side-by-side run repeats the notice that the end of the test asserts.
@pytest.mark.filterwarnings("ignore:the objective returned a bool:UserWarning")
def test_a_bool_return_keeps_its_value_and_warns() -> None:
    def run(lib: Any) -> Any:
        study = lib.create_study()
        study.optimize(lambda t: True, n_trials=1)
        return states(study), study.trials[0].value

    assert both(run) == (["COMPLETE"], 1.0)
    study = hyperscout.create_study()
    with pytest.warns(UserWarning, match="returned a bool"):
        study.optimize(lambda t: 0.3 > 0.2, n_trials=1)


# This test compares states and values; the notice of the failed NaN trial is not its subject.
@pytest.mark.filterwarnings("ignore:trial .* failed. the objective returned nan:UserWarning")
def test_inf_is_complete_and_nan_fails() -> None:
    def run(lib: Any) -> Any:
        study = lib.create_study()
        study.optimize(lambda t: float("inf"), n_trials=1)
        study.optimize(lambda t: float("nan"), n_trials=1)
        study.optimize(lambda t: -float("inf"), n_trials=1)
        t = study.ask()
        study.tell(t, float("inf"))
        return states(study), [t.value for t in study.trials], study.best_value

    got = both(run)
    assert got[0] == ["COMPLETE", "FAIL", "COMPLETE", "COMPLETE"]
    assert got[2] == -math.inf


def test_tell_of_a_string_fails_the_trial_with_a_warning() -> None:
    def run(lib: Any) -> Any:
        study = lib.create_study()
        t = study.ask()
        with pytest.warns(UserWarning):
            study.tell(t, "a")
        return states(study)

    assert both(run) == ["FAIL"]


def test_a_second_tell_raises_a_value_error() -> None:
    def run(lib: Any) -> Any:
        study = lib.create_study()
        t = study.ask()
        study.tell(t, 1.0)
        with pytest.raises(ValueError):
            study.tell(t, 2.0)
        return states(study)

    assert both(run) == ["COMPLETE"]
    assert issubclass(hyperscout.exceptions.UpdateFinishedTrialError, ValueError)


def test_add_trial_of_a_running_trial_is_accepted() -> None:
    def run(lib: Any) -> Any:
        study = lib.create_study()
        study.add_trial(lib.trial.create_trial(state=lib.trial.TrialState.RUNNING))
        return states(study)

    assert both(run) == ["RUNNING"]


def test_numpy_scalars_are_numbers_everywhere() -> None:
    def run(lib: Any) -> Any:
        study = lib.create_study(sampler=lib.samplers.RandomSampler(seed=0))

        def objective(t: Any) -> Any:
            x = t.suggest_float("x", np.float32(0.0), np.float64(1.0), step=np.float64(0.5))
            n = t.suggest_int("n", np.int64(1), np.int32(3), step=np.int64(2))
            c = t.suggest_categorical("c", np.array([1, 2]))
            t.report(np.float32(0.5), step=np.int64(1))
            return np.float32(x + n + c)

        study.optimize(objective, n_trials=np.int64(3), timeout=np.float64(600), n_jobs=np.int8(1))
        study.enqueue_trial({"x": np.float64(0.5), "n": np.int64(3), "c": np.int64(2)})
        study.optimize(objective, n_trials=1)
        return states(study), study.trials[-1].params, study.trials[0].intermediate_values

    got = both(run)
    assert got[0] == ["COMPLETE"] * 4 and got[1] == {"x": 0.5, "n": 3, "c": 2}
    assert type(got[1]["c"]) is int


def test_grid_sampler_takes_numpy_arrays() -> None:
    def run(lib: Any) -> Any:
        grid = {"x": np.linspace(0.0, 1.0, 3), "n": np.arange(2)}
        study = lib.create_study(sampler=lib.samplers.GridSampler(grid, seed=0))
        study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_int("n", 0, 1), n_trials=6)
        sampler = study.sampler
        return sorted((t.params["x"], t.params["n"]) for t in study.trials), sampler.is_exhausted(
            study
        )

    got = both(run)
    assert len(got[0]) == 6 and got[1] is True


def test_categorical_choices_with_nan_or_duplicates() -> None:
    def run(lib: Any) -> Any:
        d = lib.distributions.CategoricalDistribution([1.0, float("nan"), "a", "a"])
        back = lib.distributions.json_to_distribution(lib.distributions.distribution_to_json(d))
        return (
            d.to_internal_repr(float("nan")),
            d.to_internal_repr("a"),
            d.to_external_repr(3),
            d.single(),
            len(back.choices),
        )

    assert both(run) == (1, 2, "a", False, 4)
    study = hyperscout.create_study(sampler=hyperscout.samplers.RandomSampler(seed=0))
    study.optimize(lambda t: float(t.suggest_categorical("c", [float("nan"), 1.0]) == 1.0), 10)
    assert {math.isnan(t.params["c"]) for t in study.trials} == {True, False}


# --- suggestions ---------------------------------------------------------------------------------


def test_enqueued_non_integer_for_suggest_int_warns() -> None:
    def run(lib: Any) -> Any:
        study = lib.create_study()
        study.enqueue_trial({"n": 2.5})
        with pytest.warns(UserWarning, match="2.5"):
            study.optimize(lambda t: t.suggest_int("n", 0, 5), n_trials=1)
        return study.trials[0].params

    assert both(run) == {"n": 2}


def test_the_same_name_suggested_twice_with_another_range_warns() -> None:
    def run(lib: Any) -> Any:
        study = lib.create_study(sampler=lib.samplers.RandomSampler(seed=0))

        def objective(t: Any) -> float:
            a = t.suggest_float("x", 0, 1)
            with pytest.warns(RuntimeWarning):
                b = t.suggest_float("x", 0, 2)
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                c = t.suggest_float("x", 0, 1)
            assert a == b == c
            return float(a)

        study.optimize(objective, n_trials=1)
        return states(study)

    assert both(run) == ["COMPLETE"]


def test_a_redefinition_error_names_the_parameter() -> None:
    study = hyperscout.create_study()
    t = study.ask()
    t.suggest_float("x", 0, 1)
    with pytest.raises(ValueError, match="'x' was a FloatDistribution, now an IntDistribution"):
        t.suggest_int("x", 0, 1)
    study.tell(t, 1.0)
    later = study.ask()  # an earlier trial defined 'x': the storage's check names it too
    with pytest.raises(ValueError, match="'x' was a FloatDistribution, now an IntDistribution"):
        later.suggest_int("x", 0, 1)


# --- trials --------------------------------------------------------------------------------------


def test_a_frozen_trial_can_be_passed_to_an_objective() -> None:
    def run(lib: Any) -> Any:
        study = lib.create_study(sampler=lib.samplers.RandomSampler(seed=0))

        def objective(t: Any) -> float:
            x = t.suggest_float("x", 0, 1)
            n = t.suggest_int("n", 1, 5)
            t.report(x, 0)
            t.set_user_attr("seen", True)
            if t.should_prune():
                raise lib.TrialPruned()
            return x * n

        study.optimize(objective, n_trials=3)
        best = study.best_trial
        return objective(best) == best.value, best.user_attrs

    assert both(run) == (True, {"seen": True})


def test_frozen_trial_takes_value_and_its_attributes_are_settable() -> None:
    def run(lib: Any) -> Any:
        dist = lib.distributions.FloatDistribution(0, 1)
        t = lib.trial.FrozenTrial(
            number=0,
            state=lib.trial.TrialState.COMPLETE,
            value=0.5,
            datetime_start=None,
            datetime_complete=None,
            params={"x": 0.25},
            distributions={"x": dist},
            user_attrs={},
            system_attrs={},
            intermediate_values={},
            trial_id=0,
        )
        t.value = 0.75
        t.number = 4
        t.params = {"x": 0.5}
        t.user_attrs = {"a": 1}
        t.state = lib.trial.TrialState.PRUNED
        return list(t.values), t.number, t.params, t.user_attrs, t.state.name

    assert both(run) == ([0.75], 4, {"x": 0.5}, {"a": 1}, "PRUNED")
    positional = FrozenTrial(1, TrialState.COMPLETE, 2.0)
    assert positional.value == 2.0 and positional.params == {}


def test_fixed_trial_has_datetime_start() -> None:
    def run(lib: Any) -> Any:
        t = lib.trial.FixedTrial({"x": 1.0})
        return t.datetime_start is not None, t.suggest_float("x", 0, 2)

    assert both(run) == (True, 1.0)
    with pytest.warns(UserWarning, match="not a value"):
        assert FixedTrial({"x": 3.0}).suggest_float("x", 0, 2) == 3.0


# --- distributions' public functions --------------------------------------------------------------


def test_distribution_functions_take_optunas_keyword_names() -> None:
    def run(lib: Any) -> Any:
        d = lib.distributions
        f = d.FloatDistribution(0.0, 1.0)
        back = d.json_to_distribution(json_str=d.distribution_to_json(dist=f))
        d.check_distribution_compatibility(dist_old=f, dist_new=d.FloatDistribution(0.0, 2.0))
        with pytest.raises(ValueError):
            d.check_distribution_compatibility(dist_old=f, dist_new=d.IntDistribution(0, 1))
        c = d.CategoricalDistribution(["a", "b"])
        return (
            back == f,
            c.to_external_repr(param_value_in_internal_repr=1),
            c.to_internal_repr(param_value_in_external_repr="b"),
        )

    assert both(run) == (True, "b", 1)
    assert json_to_distribution(distribution_to_json(IntDistribution(0, 4, step=2))).step == 2
    check_distribution_compatibility(CategoricalDistribution([1]), CategoricalDistribution([1]))


def test_create_trial_round_trip_through_add_trial() -> None:
    study = hyperscout.create_study()
    study.add_trial(
        create_trial(
            value=1.0,
            params={"c": float("nan")},
            distributions={"c": CategoricalDistribution([float("nan"), 1.0])},
        )
    )
    assert math.isnan(study.trials[0].params["c"])


# --- names an Optuna user calls -------------------------------------------------------------------


def test_copy_study_copies_attributes_and_trials(tmp_path: Any) -> None:
    def run(lib: Any) -> Any:
        src = f"sqlite:///{tmp_path / (lib.__name__ + '_src.db')}"
        dst = f"sqlite:///{tmp_path / (lib.__name__ + '_dst.db')}"
        study = lib.create_study(
            study_name="s", storage=src, sampler=lib.samplers.RandomSampler(seed=0)
        )
        study.set_user_attr("owner", "me")
        study.optimize(lambda t: t.suggest_int("n", 0, 9), n_trials=4)
        study.ask()
        study.enqueue_trial({"n": 3})
        lib.copy_study(from_study_name="s", from_storage=src, to_storage=dst, to_study_name="c")
        copied = lib.load_study(study_name="c", storage=dst)
        return (
            states(copied),
            [t.params for t in copied.trials] == [t.params for t in study.trials],
            copied.user_attrs,
            copied.best_value == study.best_value,
        )

    assert both(run) == (["COMPLETE"] * 4 + ["RUNNING", "WAITING"], True, {"owner": "me"}, True)


def test_max_trials_callback_counts_complete_trials() -> None:
    def run(lib: Any) -> Any:
        study = lib.create_study()
        study.optimize(lambda t: 1 / 0, n_trials=2, catch=(ZeroDivisionError,))
        cb = lib.study.MaxTrialsCallback(3, states=(lib.trial.TrialState.COMPLETE,))
        study.optimize(lambda t: 1.0, n_trials=10, callbacks=[cb])
        every = lib.study.MaxTrialsCallback(6, states=None)
        study.optimize(lambda t: 1.0, n_trials=10, callbacks=[every])
        return states(study)

    assert both(run) == ["FAIL", "FAIL"] + ["COMPLETE"] * 4


def test_brute_force_sampler_tries_every_point_of_a_conditional_space_once() -> None:
    def run(lib: Any) -> Any:
        def objective(t: Any) -> float:
            kind = t.suggest_categorical("kind", ["a", "b"])
            if kind == "a":
                return float(t.suggest_int("n", 0, 2))
            return t.suggest_float("x", 0.2, 0.3, step=0.1)

        study = lib.create_study(sampler=lib.samplers.BruteForceSampler(seed=0))
        study.optimize(objective, n_trials=50)
        points = sorted(tuple(sorted(t.params.items())) for t in study.trials)
        return len(study.trials), points

    n, points = both(run)
    assert n == 5 and len(set(points)) == 5
    assert (("kind", "b"), ("x", 0.3)) in points
    study = hyperscout.create_study(sampler=hyperscout.samplers.BruteForceSampler())
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1, catch=(ValueError,))
    assert "step" in study.trials[0].system_attrs["fail_reason"]


def test_partial_fixed_sampler_fixes_some_parameters() -> None:
    def run(lib: Any) -> Any:
        base = lib.samplers.RandomSampler(seed=0)
        sampler = lib.samplers.PartialFixedSampler({"y": 2}, base)
        study = lib.create_study(sampler=sampler)
        study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_int("y", 0, 5), 5)
        return {t.params["y"] for t in study.trials}, len({t.params["x"] for t in study.trials})

    assert both(run) == ({2}, 5)


def test_wilcoxon_pruner_decides_as_optunas() -> None:
    rng = np.random.RandomState(0)
    best = rng.normal(1.0, 0.3, 20)
    # Distinct, non-zero differences: where scipy's p-value is exact for both libraries.
    curves = [best + d for d in (rng.normal(0.5, 0.2, 20), rng.normal(-0.1, 0.2, 20))]
    curves += [best + rng.normal(0, 0.3, 20), best + rng.normal(0.1, 0.1, 20)]

    def run(lib: Any) -> Any:
        out = []
        for direction in ("minimize", "maximize"):
            for p in (0.05, 0.1, 0.3):
                study = lib.create_study(direction=direction)
                study.add_trial(
                    lib.trial.create_trial(
                        value=float(best.mean()),
                        intermediate_values=dict(enumerate(best.tolist())),
                    )
                )
                pruner = lib.pruners.WilcoxonPruner(p_threshold=p, n_startup_steps=3)
                for curve in curves:
                    first = None
                    for k in range(len(curve)):
                        t = lib.trial.create_trial(
                            state=lib.trial.TrialState.RUNNING,
                            intermediate_values=dict(enumerate(curve[: k + 1].tolist())),
                        )
                        if pruner.prune(study, t):
                            first = k
                            break
                    out.append(first)
        return out

    got = both(run)
    assert any(k is not None for k in got) and any(k is None for k in got)


def test_logging_propagation_switches() -> None:
    import logging

    def run(lib: Any) -> Any:
        lib.logging.enable_propagation()
        on = logging.getLogger(lib.__name__).propagate
        lib.logging.disable_propagation()
        return on, logging.getLogger(lib.__name__).propagate

    assert both(run) == (True, False)


def test_qmc_sampler_takes_optunas_warning_arguments(caplog: Any) -> None:
    from hyperscout.samplers import QMCSampler

    QMCSampler(warn_asynchronous_seeding=False, warn_independent_sampling=False)
    sampler = QMCSampler(seed=0, warn_independent_sampling=True)
    study = hyperscout.create_study(sampler=sampler)
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    hyperscout.logging.enable_propagation()
    try:
        with caplog.at_level("WARNING", logger="hyperscout"):
            study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_int("n", 0, 3), 1)
    finally:
        hyperscout.logging.disable_propagation()
    assert "'n'" in caplog.text and "warn_independent_sampling=False" in caplog.text


def test_qmc_sampler_infers_its_space_from_running_trials() -> None:
    from hyperscout.samplers import QMCSampler

    study = hyperscout.create_study(sampler=QMCSampler(seed=0))
    first = study.ask()
    first.suggest_float("x", 0, 1)
    second = study.ask()  # the first is still running
    assert set(second.relative_params) == {"x"}


def test_sample_relative_is_called_for_every_trial() -> None:
    def run(lib: Any) -> Any:
        calls: list[tuple[int, dict[str, Any]]] = []

        class Recorder(lib.samplers.RandomSampler):  # type: ignore[misc,name-defined]
            def sample_relative(self, study: Any, trial: Any, search_space: Any) -> Any:
                calls.append((trial.number, dict(search_space)))
                return {}

        study = lib.create_study(sampler=Recorder(seed=0))
        study.optimize(lambda t: 1.0, n_trials=2)
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
        return calls

    assert both(run) == [(2, {})]  # at the first suggest call, even with an empty space


def test_study_summaries_sort_by_creation(tmp_path: Any) -> None:
    def run(lib: Any) -> Any:
        url = f"sqlite:///{tmp_path / (lib.__name__ + '_sum.db')}"
        for name in ("b", "a", "c"):
            lib.create_study(study_name=name, storage=url)
        summaries = lib.get_all_study_summaries(url)
        return [s.study_name for s in sorted(reversed(summaries))]

    assert both(run) == ["b", "a", "c"]


def test_storage_reads_a_trials_param_and_attributes(tmp_path: Any) -> None:
    for url in (None, f"sqlite:///{tmp_path / 'attrs.db'}"):
        study = hyperscout.create_study(storage=url)
        t = study.ask()
        t.suggest_categorical("c", ["a", "b", "c"])
        t.set_user_attr("u", 1)
        trial_id = t._trial_id
        storage = study._storage
        assert storage.get_trial_param(trial_id, "c") in (0.0, 1.0, 2.0)
        assert storage.get_trial_user_attrs(trial_id) == {"u": 1}
        assert isinstance(storage.get_trial_system_attrs(trial_id), dict)
        with pytest.raises(KeyError, match="no parameter 'z'"):
            storage.get_trial_param(trial_id, "z")


# --- importances and plots on small studies -------------------------------------------------------


def test_param_importances_on_small_conditional_and_multi_objective_studies() -> None:
    def run(lib: Any) -> Any:
        imp = lib.importance.get_param_importances
        empty = lib.create_study()
        one = lib.create_study(sampler=lib.samplers.RandomSampler(seed=0))
        one.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)

        def conditional(t: Any) -> float:
            c = t.suggest_categorical("c", ["a", "b"])
            x = t.suggest_float("x", 0, 1)
            return x + t.suggest_float("y", 0, 1) if c == "a" else x

        cond = lib.create_study(sampler=lib.samplers.RandomSampler(seed=0))
        cond.optimize(conditional, n_trials=20)
        multi = lib.create_study(
            directions=["minimize", "maximize"], sampler=lib.samplers.RandomSampler(seed=0)
        )
        multi.optimize(lambda t: (t.suggest_float("x", 0, 1), t.suggest_float("y", 0, 1)), 10)
        return (
            imp(empty),
            imp(one),
            list(imp(cond, params=["y"])),
            sorted(imp(cond, params=["x", "y"])),
            sorted(imp(multi)),
        )

    assert both(run) == ({}, {"x": 1.0}, ["y"], ["x", "y"], ["x", "y"])


def test_plot_contour_of_an_empty_study() -> None:
    pytest.importorskip("plotly")
    pytest.importorskip("matplotlib")

    def run(lib: Any) -> Any:
        study = lib.create_study()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig = lib.visualization.plot_contour(study, params=["x", "y"])
            ax = lib.visualization.matplotlib.plot_contour(study)
        return type(fig).__name__, type(ax).__name__

    assert both(run) == ("Figure", "Axes")
