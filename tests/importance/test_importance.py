from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import hyperscout as hs
from hyperscout.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hyperscout.importance import (
    BaseImportanceEvaluator,
    FanovaImportanceEvaluator,
    MeanDecreaseImpurityImportanceEvaluator,
    PedAnovaImportanceEvaluator,
    get_param_importances,
)
from hyperscout.importance._fanova import tree_main_effects

DISTS = {
    "x": FloatDistribution(-5.0, 5.0),
    "lr": FloatDistribution(1e-4, 1.0, log=True),
    "n": IntDistribution(1, 10),
    "kind": CategoricalDistribution(["a", "b", "c"]),
}
EVALUATORS = [
    FanovaImportanceEvaluator(seed=0),
    PedAnovaImportanceEvaluator(),
    MeanDecreaseImpurityImportanceEvaluator(seed=0),
]


def _random_params(rng: np.random.Generator) -> dict[str, Any]:
    return {
        "x": float(rng.uniform(-5, 5)),
        "lr": float(10 ** rng.uniform(-4, 0)),
        "n": int(rng.integers(1, 11)),
        "kind": ["a", "b", "c"][int(rng.integers(3))],
    }


def _study(f, n: int = 200, seed: int = 0, direction: str = "minimize") -> hs.Study:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    study = hs.create_study(direction=direction)
    trials = []
    for _ in range(n):
        p = _random_params(rng)
        trials.append(hs.create_trial(value=f(p), params=p, distributions=DISTS))
    study.add_trials(trials)
    return study


@pytest.mark.parametrize("evaluator", EVALUATORS, ids=lambda e: type(e).__name__)
def test_function_of_x_only(evaluator: BaseImportanceEvaluator) -> None:
    study = _study(lambda p: p["x"] ** 2)
    imp = get_param_importances(study, evaluator=evaluator)
    assert next(iter(imp)) == "x"
    assert imp["x"] > 0.9
    assert all(imp[k] < 0.05 for k in ("lr", "n", "kind")), imp
    assert sum(imp.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("evaluator", EVALUATORS, ids=lambda e: type(e).__name__)
def test_log_and_categorical_parameters_can_matter(evaluator: BaseImportanceEvaluator) -> None:
    study = _study(lambda p: np.log10(p["lr"]) ** 2 + 10.0 * (p["kind"] == "b"), n=300)
    imp = get_param_importances(study, evaluator=evaluator)
    assert set(list(imp)[:2]) == {"lr", "kind"}, imp
    assert imp["x"] + imp["n"] < 0.15, imp


def test_fanova_matches_the_additive_decomposition() -> None:
    # f = x + 2 y on a uniform box: main-effect variances 1/12 and 4/12, so 0.2 and 0.8.
    rng = np.random.default_rng(0)
    dists = {"x": FloatDistribution(0, 1), "y": FloatDistribution(0, 1)}
    study = hs.create_study()
    study.add_trials(
        hs.create_trial(value=x + 2 * y, params={"x": x, "y": y}, distributions=dists)
        for x, y in rng.uniform(size=(400, 2))
    )
    imp = get_param_importances(study, evaluator=FanovaImportanceEvaluator(seed=0))
    assert imp["y"] == pytest.approx(0.8, abs=0.05)
    raw = get_param_importances(study, evaluator=FanovaImportanceEvaluator(seed=0), normalize=False)
    assert 0.9 < sum(raw.values()) <= 1.0 + 1e-9  # additive: main effects explain almost all


def test_tree_main_effects_of_a_step() -> None:
    from sklearn.tree import DecisionTreeRegressor

    xs = np.array([[a, b] for a in np.linspace(0.05, 0.95, 10) for b in np.linspace(0, 1, 5)])
    y = (xs[:, 0] > 0.5).astype(float)
    tree = DecisionTreeRegressor(random_state=0).fit(xs, y).tree_
    effects, total = tree_main_effects(tree, np.array([[0.0, 1.0], [0.0, 1.0]]))
    assert total == pytest.approx(0.25)  # half the box at 0, half at 1
    np.testing.assert_allclose(effects, [0.25, 0.0], atol=1e-12)


def test_pure_interaction_has_no_main_effect() -> None:
    from sklearn.tree import DecisionTreeRegressor

    g = np.linspace(0.05, 0.95, 10)
    xs = np.array([[a, b] for a in g for b in g])
    y = ((xs[:, 0] > 0.5) ^ (xs[:, 1] > 0.5)).astype(float)  # XOR: all variance is interaction
    tree = DecisionTreeRegressor(random_state=0).fit(xs, y).tree_
    effects, total = tree_main_effects(tree, np.array([[0.0, 1.0], [0.0, 1.0]]))
    assert total == pytest.approx(0.25)
    np.testing.assert_allclose(effects, [0.0, 0.0], atol=1e-12)


def test_fanova_is_deterministic_for_a_seed() -> None:
    study = _study(lambda p: p["x"] + np.log(p["lr"]) + p["n"], n=80)
    a = get_param_importances(study, evaluator=FanovaImportanceEvaluator(seed=3))
    b = get_param_importances(study, evaluator=FanovaImportanceEvaluator(seed=3))
    c = get_param_importances(study, evaluator=FanovaImportanceEvaluator(seed=4))
    assert a == b
    assert a != c
    assert get_param_importances(study) == get_param_importances(study)  # default seed


def test_maximize_direction_for_ped_anova() -> None:
    # The best trials (largest values) sit at x near 5 when maximising.
    study = _study(lambda p: p["x"], direction="maximize")
    imp = get_param_importances(study, evaluator=PedAnovaImportanceEvaluator())
    assert next(iter(imp)) == "x"


def test_params_target_and_errors() -> None:
    study = _study(lambda p: p["x"] ** 2, n=30)
    imp = get_param_importances(study, params=["n", "x"])
    assert set(imp) == {"n", "x"}
    imp = get_param_importances(study, target=lambda t: t.params["n"])
    assert next(iter(imp)) == "n"
    with pytest.raises(ValueError, match=r"\['nope'\]"):
        get_param_importances(study, params=["nope"])
    with pytest.raises(TypeError, match="BaseImportanceEvaluator"):
        get_param_importances(study, evaluator="fanova")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n_trees"):
        FanovaImportanceEvaluator(n_trees=0)
    with pytest.raises(ValueError, match="target_quantile"):
        PedAnovaImportanceEvaluator(target_quantile=0.5, region_quantile=0.2)


def test_too_few_trials_and_multi_objective() -> None:
    study = hs.create_study()
    assert get_param_importances(study) == {}  # as Optuna
    with pytest.raises(ValueError, match="at least 2 COMPLETE"):
        FanovaImportanceEvaluator().evaluate(study)
    multi = hs.create_study(directions=["minimize", "minimize"])
    assert get_param_importances(multi) == {}


def test_constant_objective_and_single_valued_parameter() -> None:
    dists = {"x": FloatDistribution(0, 1), "fixed": IntDistribution(3, 3)}
    study = hs.create_study()
    study.add_trials(
        hs.create_trial(value=1.0, params={"x": x, "fixed": 3}, distributions=dists)
        for x in (0.1, 0.5, 0.9)
    )
    imp = get_param_importances(study)
    assert imp == {"x": 0.5, "fixed": 0.5}  # nothing varies: equal shares
    study.add_trial(hs.create_trial(value=2.0, params={"x": 0.7, "fixed": 3}, distributions=dists))
    imp = get_param_importances(study)
    assert imp["x"] == pytest.approx(1.0) and imp["fixed"] == 0.0


def test_parameters_missing_from_some_trials_are_left_out() -> None:
    study = _study(lambda p: p["x"], n=20)
    study.add_trial(hs.create_trial(value=0.0, params={"x": 1.0}, distributions={"x": DISTS["x"]}))
    assert set(get_param_importances(study)) == {"x"}


def test_fanova_subsampled_trees_still_find_x() -> None:
    study = _study(lambda p: p["x"] ** 2 + 0.1 * p["n"], n=300)
    imp = get_param_importances(
        study, evaluator=FanovaImportanceEvaluator(seed=0, n_trees=16, max_samples=100)
    )
    assert next(iter(imp)) == "x" and imp["x"] > 0.8
    with pytest.raises(ValueError, match="max_samples=1"):
        FanovaImportanceEvaluator(max_samples=1)


def _two_objective_study(n: int = 120) -> hs.Study:
    """Objective 0 (minimised) depends on x only, objective 1 (maximised) on n only; lr and
    kind matter to neither."""
    rng = np.random.default_rng(1)
    study = hs.create_study(directions=["minimize", "maximize"])
    study.set_metric_names(["loss", "gain"])
    for _ in range(n):
        p = _random_params(rng)
        study.add_trial(
            hs.create_trial(values=[p["x"] ** 2, float(p["n"])], params=p, distributions=DISTS)
        )
    return study


def test_multi_objective_needs_a_target_for_fanova_and_mdi() -> None:
    study = _two_objective_study()
    for evaluator in (FanovaImportanceEvaluator(seed=0), MeanDecreaseImpurityImportanceEvaluator()):
        with pytest.raises(ValueError, match="needs a target"):
            get_param_importances(study, evaluator=evaluator)
        with pytest.raises(ValueError, match="needs a target"):
            evaluator.evaluate(study)


@pytest.mark.parametrize("evaluator", EVALUATORS, ids=lambda e: type(e).__name__)
def test_importance_per_objective(evaluator: BaseImportanceEvaluator) -> None:
    study = _two_objective_study()
    first = get_param_importances(study, evaluator=evaluator, target=lambda t: t.values[0])
    second = get_param_importances(study, evaluator=evaluator, target=lambda t: -t.values[1])
    assert next(iter(first)) == "x"
    assert next(iter(second)) == "n"


def test_without_target_ped_anova_rates_reaching_the_pareto_front() -> None:
    # Both objectives want x in [0, 2] and kind != "c" (a penalty on both): x and kind decide
    # who reaches the Pareto front, lr and n do not.
    rng = np.random.default_rng(2)
    study = hs.create_study(directions=["minimize", "minimize"])
    for _ in range(150):
        p = _random_params(rng)
        penalty = 10.0 if p["kind"] == "c" else 0.0
        values = [p["x"] ** 2 + penalty, (p["x"] - 2) ** 2 + penalty]
        study.add_trial(hs.create_trial(values=values, params=p, distributions=DISTS))
    default = get_param_importances(study)  # Optuna 5's default evaluator for this case
    assert default == get_param_importances(study, evaluator=PedAnovaImportanceEvaluator())
    assert set(list(default)[:2]) == {"x", "kind"}
