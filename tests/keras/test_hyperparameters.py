from __future__ import annotations

import pytest

import hyperscout
import hyperscout.keras as kt
from hyperscout.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.keras._hyperparameters import for_trial
from hyperscout.samplers import RandomSampler


def _values(define, n=40, seed=0):  # type: ignore[no-untyped-def]
    """Run ``define(hp)`` on ``n`` trials of a seeded random study; return values, study."""
    study = hyperscout.create_study(sampler=RandomSampler(seed=seed))
    out = []
    for _ in range(n):
        trial = study.ask()
        hp = for_trial(trial)
        out.append(define(hp))
        study.tell(trial, 0.0)
    return out, study


def test_int_linear_step_keeps_kerastuner_grid_and_max_value_included() -> None:
    values, study = _values(lambda hp: hp.Int("n", 6, 13, step=3))
    assert set(values) == {6, 9, 12}
    assert study.trials[0].distributions["n"] == IntDistribution(6, 12, step=3)
    values, _ = _values(lambda hp: hp.Int("m", 1, 4))
    assert set(values) == {1, 2, 3, 4}


def test_int_log_with_step_multiplies() -> None:
    values, study = _values(lambda hp: hp.Int("batch", 2, 32, step=2, sampling="log"))
    assert set(values) <= {2, 4, 8, 16, 32} and len(set(values)) >= 4
    assert isinstance(study.trials[0].distributions["batch"], CategoricalDistribution)


def test_float_log_without_step_is_a_log_distribution() -> None:
    values, study = _values(lambda hp: hp.Float("lr", 1e-4, 1e-1, sampling="log"))
    assert all(1e-4 <= v <= 1e-1 for v in values)
    assert study.trials[0].distributions["lr"] == FloatDistribution(1e-4, 1e-1, log=True)


def test_float_linear_step_values_are_clean() -> None:
    values, _ = _values(lambda hp: hp.Float("dropout", 0.0, 0.5, step=0.1))
    assert set(values) <= {0.0, 0.1, 0.2, 0.3, 0.4, 0.5}
    assert 0.3 in set(values) or 0.30000000000000004 not in set(values)


def test_reverse_log_is_dense_near_max_and_stored_mirrored() -> None:
    values, study = _values(lambda hp: hp.Float("m", 1.0, 100.0, sampling="reverse_log"), n=200)
    assert all(1.0 <= v <= 100.0 for v in values)
    assert sum(v > 50 for v in values) > 0.75 * len(values)  # log would put ~15% above 50
    params = study.trials[0].params
    assert "m:mirrored" in params
    assert values[0] == pytest.approx(101.0 - params["m:mirrored"])


def test_choice_boolean_fixed() -> None:
    values, study = _values(
        lambda hp: (hp.Choice("act", ["relu", "tanh"]), hp.Boolean("bn"), hp.Fixed("k", 3))
    )
    assert {v[0] for v in values} == {"relu", "tanh"}
    assert {v[1] for v in values} == {False, True}
    assert {v[2] for v in values} == {3}
    assert study.trials[0].params["k"] == 3


def test_defaults_outside_a_search() -> None:
    hp = kt.HyperParameters()
    assert hp.Int("units", 32, 512, step=32) == 32
    assert hp.Int("u2", 32, 512, step=32, default=64) == 64
    assert hp.Float("lr", 1e-4, 1e-2, sampling="log") == 1e-4
    assert hp.Choice("act", ["relu", "tanh"]) == "relu"
    assert hp.Choice("opt", ["a", "b"], default="b") == "b"
    assert hp.Boolean("bn") is False
    assert hp.values == {"units": 32, "u2": 64, "lr": 1e-4, "act": "relu", "opt": "b", "bn": False}
    assert hp.get("units") == 32 and hp["act"] == "relu" and "bn" in hp
    with pytest.raises(KeyError, match="does not exist"):
        hp.get("nope")
    given = kt.HyperParameters()
    given.values["units"] = 256
    assert given.Int("units", 32, 512, step=32) == 256


def test_conditional_scope_inactive_parameters_are_none_and_not_sampled() -> None:
    def define(hp):  # type: ignore[no-untyped-def]
        kind = hp.Choice("kind", ["mlp", "cnn"])
        with hp.conditional_scope("kind", ["mlp"]):
            mlp_units = hp.Int("mlp_units", 8, 64)
        with hp.conditional_scope("kind", "cnn"):
            filters = hp.Int("filters", 4, 16)
        return kind, mlp_units, filters, dict(hp.values)

    values, study = _values(define, n=30)
    for (kind, mlp_units, filters, hp_values), trial in zip(values, study.trials):
        if kind == "mlp":
            assert filters is None and mlp_units is not None
            assert "filters" not in trial.params and "filters" not in hp_values
        else:
            assert mlp_units is None and filters is not None
            assert "mlp_units" not in trial.params
    assert {v[0] for v in values} == {"mlp", "cnn"}
    hp = kt.HyperParameters()
    hp.Choice("kind", ["mlp", "cnn"])
    with hp.conditional_scope("kind", ["cnn"]):
        assert hp.Int("filters", 4, 16) is None
    with pytest.raises(ValueError, match="inactive"):
        hp.get("filters")
    with (
        pytest.raises(ValueError, match="parent defined first"),
        hp.conditional_scope("missing", [1]),
    ):
        pass


def test_parent_name_argument_is_a_conditional_scope() -> None:
    hp = kt.HyperParameters()
    hp.Boolean("deep")
    assert hp.Int("extra", 1, 4, parent_name="deep", parent_values=[True]) is None
    assert hp.Int("other", 1, 4, parent_name="deep", parent_values=[False]) == 1


def test_parameters_first_seen_in_build_are_sampled_dynamically() -> None:
    def define(hp):  # type: ignore[no-untyped-def]
        n = hp.Int("layers", 1, 4)
        return n, [hp.Int(f"units_{i}", 8, 64, step=8) for i in range(n)]

    values, study = _values(define, n=30)
    for (n, units), trial in zip(values, study.trials):
        assert sorted(k for k in trial.params if k.startswith("units_")) == [
            f"units_{i}" for i in range(n)
        ]
        assert [trial.params[f"units_{i}"] for i in range(n)] == units
    assert len({v[0] for v in values}) >= 3


def test_name_scope() -> None:
    hp = kt.HyperParameters()
    with hp.name_scope("block1"):
        hp.Int("units", 1, 3)
    assert hp.values == {"block1/units": 1}


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda hp: hp.Int("a", 5, 1), "min_value must be <= max_value, got min_value=5, max_value=1"),
        (lambda hp: hp.Int("a", 0, 10, sampling="log"), "needs min_value > 0, got min_value=0"),
        (lambda hp: hp.Int("a", 1, 10, sampling="cube"), "sampling must be one of"),
        (lambda hp: hp.Int("a", 1.5, 10), "min_value must be an int, got min_value=1.5"),
        (lambda hp: hp.Float("a", 1, 8, step=1, sampling="log"), "must be > 1, got step=1"),
        (lambda hp: hp.Choice("a", []), "non-empty list"),
        (lambda hp: hp.Choice("a", [1, "x"]), "all ints, all floats"),
        (lambda hp: hp.Choice("a", ["x", "y"], ordered=True), "ordered=True needs int or float"),
        (lambda hp: hp.Choice("a", [1, 2], default=3), "default must be one of the values"),
    ],
)
def test_bad_definitions_raise_with_the_rule_and_value(call, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=match):
        call(kt.HyperParameters())


def test_objective_direction_inferred_like_kerastuner() -> None:
    from hyperscout.keras._objective import create_objective

    assert create_objective("val_accuracy").direction == "max"
    assert create_objective("accuracy").direction == "max"
    assert create_objective("val_loss").direction == "min"
    assert create_objective("val_auc").direction == "max"
    assert create_objective("val_mean_absolute_error").direction == "min"
    assert create_objective("mse").direction == "min"
    assert create_objective(kt.Objective("val_f", "max")).direction == "max"
    multi = create_objective(["val_loss", kt.Objective("val_accuracy", "max")])
    assert multi.get_value({"val_loss": 0.5, "val_accuracy": 0.75}) == pytest.approx(-0.25)
    with pytest.raises(ValueError, match='cannot infer whether to minimise or maximise the metric "val_custom"'):
        create_objective("val_custom")
    with pytest.raises(ValueError, match="direction must be 'min' or 'max'"):
        kt.Objective("x", "up")
