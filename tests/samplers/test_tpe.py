"""TPESampler: arguments, Parzen estimator maths, the split, and search behaviour."""

from __future__ import annotations

import json
import math
import pickle
import subprocess
import sys
import warnings
from typing import Any

import numpy as np
import pytest

import hyperscout
from hyperscout.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.samplers import RandomSampler
from hyperscout.samplers.tpe import TPESampler, default_gamma, default_weights
from hyperscout.samplers.tpe._observations import ObservationStore
from hyperscout.samplers.tpe._parzen import ParzenEstimator, dimension_of
from hyperscout.trial import TrialState, create_trial

hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)

# -- helpers ------------------------------------------------------------------------------------


def mixed_objective(trial: hyperscout.Trial) -> float:
    a = trial.suggest_float("a", -2.0, 2.0)
    b = trial.suggest_float("b", 1e-4, 1.0, log=True)
    c = trial.suggest_float("c", 0.0, 1.0, step=0.25)
    d = trial.suggest_int("d", 1, 64, log=True)
    e = trial.suggest_int("e", 0, 12, step=3)
    f = trial.suggest_categorical("f", ["x", 2, None, 1.5, True])
    return a**2 + b + c + d / 64 + e / 12 + (0.0 if f == "x" else 1.0)


def branin(trial: hyperscout.Trial) -> float:
    x = trial.suggest_float("x", -5.0, 10.0)
    y = trial.suggest_float("y", 0.0, 15.0)
    b, c, t = 5.1 / (4 * math.pi**2), 5 / math.pi, 1 / (8 * math.pi)
    return (y - b * x**2 + c * x - 6) ** 2 + 10 * (1 - t) * math.cos(x) + 10


def run(sampler: Any, objective: Any, n: int, **kwargs: Any) -> hyperscout.Study:
    study = hyperscout.create_study(sampler=sampler, **kwargs)
    study.optimize(objective, n_trials=n)
    return study


def params_of(study: hyperscout.Study) -> list[dict[str, Any]]:
    return [dict(t.params) for t in study.trials]


# -- arguments ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_startup_trials": -1}, ValueError, "n_startup_trials must be >= 0, got"),
        ({"n_startup_trials": 2.5}, TypeError, "n_startup_trials must be an int"),
        ({"n_ei_candidates": 0}, ValueError, "n_ei_candidates must be >= 1, got n_ei_cand"),
        ({"prior_weight": 0.0}, ValueError, r"prior_weight must be finite and > 0, got prior"),
        ({"prior_weight": float("nan")}, ValueError, "prior_weight must be finite"),
        ({"prior_weight": "1"}, TypeError, "prior_weight must be a number"),
        ({"consider_prior": 1}, TypeError, "consider_prior must be a bool, got consider_prior=1"),
        ({"constant_liar": "yes"}, TypeError, "constant_liar must be a bool"),
        ({"multivariate": 1}, TypeError, "multivariate must be a bool or None"),
        ({"gamma": 0.25}, TypeError, "gamma must be a callable"),
        ({"weights": [1.0]}, TypeError, "weights must be a callable"),
        ({"seed": -1}, ValueError, r"seed must be in \[0, 2\*\*32 - 1\], got seed=-1"),
        ({"seed": 1.5}, TypeError, "seed must be an int or None, got seed=1.5"),
        (
            {"group": True, "multivariate": False},
            ValueError,
            "group=True .* needs multivariate=True",
        ),
    ],
)
def test_bad_arguments_raise_with_the_value(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        TPESampler(**kwargs)


def test_positional_arguments_are_refused() -> None:
    with pytest.raises(TypeError):
        TPESampler(True)  # type: ignore[misc]


def test_gamma_and_weights_results_are_checked() -> None:
    study = hyperscout.create_study(sampler=TPESampler(n_startup_trials=2, gamma=lambda n: n + 1))
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    with pytest.raises(ValueError, match=r"gamma\(2\) must return an int in \[0, 2\], got 3"):
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)

    sampler = TPESampler(n_startup_trials=2, weights=lambda n: -np.ones(n))
    study = hyperscout.create_study(sampler=sampler)
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    with pytest.raises(ValueError, match="must be finite and >= 0"):
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)


def test_default_gamma_and_weights() -> None:
    assert [default_gamma(n) for n in (1, 10, 11, 100, 1000)] == [1, 1, 2, 10, 25]
    w = default_weights(100)
    assert w.shape == (100,)
    assert np.all(w[-25:] == 1.0)
    assert np.all(np.diff(w) >= 0)  # older observations never weigh more
    assert w[0] < 0.05
    assert np.all(default_weights(10) == 1.0)


def _two_objectives(t: hyperscout.Trial) -> tuple[float, float]:
    x = t.suggest_float("x", 0.0, 2.0)
    # Three nuisance parameters that only hurt both objectives away from 0.
    y = sum(t.suggest_float(f"y{i}", -2.0, 2.0) ** 2 for i in range(3))
    return x**2 + y, (x - 2.0) ** 2 + y


def _hypervolume_2d(points: np.ndarray, ref: tuple[float, float]) -> float:
    pts = points[(points[:, 0] < ref[0]) & (points[:, 1] < ref[1])]
    pts = pts[np.argsort(pts[:, 0])]
    hv, best_y = 0.0, ref[1]
    for x, y in pts:
        if y < best_y:
            hv += (ref[0] - x) * (best_y - y)
            best_y = y
    return hv


def test_multi_objective_beats_random_search_in_hypervolume() -> None:
    tpe, rnd = [], []
    for seed in range(3):
        for sampler, out in ((TPESampler(seed=seed), tpe), (RandomSampler(seed=seed), rnd)):
            study = run(sampler, _two_objectives, 60, directions=["minimize", "minimize"])
            values = np.array([t.values for t in study.trials])
            out.append(_hypervolume_2d(values, (5.0, 5.0)))
    # Seen here: TPE about 18-19, random about 15-17 (seeds 0-4).
    assert np.median(tpe) > 1.05 * np.median(rnd)


def test_multi_objective_split_takes_whole_fronts_then_the_most_spread() -> None:
    dist = {"x": FloatDistribution(0, 10)}
    points = [(0.0, 4.0), (1.0, 3.0), (2.0, 2.0), (4.0, 0.0), (3.0, 3.0), (5.0, 5.0)]
    study = hyperscout.create_study(directions=["minimize", "maximize"])
    study.add_trials(
        create_trial(values=(a, -b), params={"x": float(i)}, distributions=dist)
        for i, (a, b) in enumerate(points)
    )
    store = ObservationStore((0, 0))
    store.update(study, current_trial_id=-1, signs=(1.0, -1.0))
    x = store.columns[("x", ("float", False))][: store.n]
    below, _ = store.split(4)
    assert sorted(x[below]) == [0.0, 1.0, 2.0, 3.0]  # the first front, 4 points
    below, _ = store.split(5)
    assert sorted(x[below]) == [0.0, 1.0, 2.0, 3.0, 4.0]  # plus the second front
    below, _ = store.split(2)
    assert sorted(x[below]) == [0.0, 3.0]  # the two ends of the front (largest crowding)


# -- Parzen estimator maths ---------------------------------------------------------------------


def _estimator(obs: np.ndarray, dims: list[Any], **kwargs: Any) -> ParzenEstimator:
    options = {
        "prior_weight": 1.0,
        "consider_prior": True,
        "consider_magic_clip": True,
        "consider_endpoints": False,
    }
    options.update(kwargs)
    return ParzenEstimator(obs, np.ones(obs.shape[0]), dims, **options)


@pytest.mark.parametrize("log", [False, True])
def test_continuous_density_integrates_to_one(log: bool) -> None:
    dist = FloatDistribution(0.01, 10.0, log=log)
    obs = np.random.RandomState(0).uniform(0.01, 10.0, size=(30, 1))
    est = _estimator(obs, [dimension_of(dist)])
    # The density lives in the modelling scale (log x for log=True): integrate there.
    t = np.linspace(math.log(0.01), math.log(10.0), 40001) if log else np.linspace(0.01, 10, 40001)
    x = np.exp(t) if log else t
    assert np.trapezoid(np.exp(est.log_pdf(x[:, None])), t) == pytest.approx(1.0, abs=1e-4)


def test_joint_density_integrates_to_one() -> None:
    dims = [dimension_of(FloatDistribution(-1.0, 1.0)), dimension_of(FloatDistribution(0.0, 3.0))]
    rng = np.random.RandomState(2)
    obs = np.column_stack([rng.uniform(-1, 1, 12), rng.uniform(0, 3, 12)])
    est = _estimator(obs, dims)
    u, v = np.linspace(-1, 1, 401), np.linspace(0, 3, 601)
    uu, vv = np.meshgrid(u, v, indexing="ij")
    dens = np.exp(est.log_pdf(np.column_stack([uu.ravel(), vv.ravel()]))).reshape(uu.shape)
    total = np.trapezoid(np.trapezoid(dens, v, axis=1), u)
    assert total == pytest.approx(1.0, abs=1e-3)


def test_density_matches_a_direct_mixture_of_truncated_normals() -> None:
    from scipy.stats import truncnorm

    obs = np.array([[-4.0], [0.5], [1.0], [3.0]])
    dims = [dimension_of(FloatDistribution(-5.0, 5.0))]
    est = _estimator(obs, dims, consider_magic_clip=False)
    mus = np.array([-4.0, 0.5, 1.0, 3.0, 0.0])  # observations, then the prior at the centre
    sigmas = est._sigma[0]
    # Bergstra's rule: the larger gap to a sorted neighbour (the prior at 0 counts), prior = range
    assert sigmas[:4] == pytest.approx([4.0, 0.5, 2.0, 2.0])
    assert sigmas[4] == pytest.approx(10.0)
    # The magic clip floors bandwidths at range / (1 + kernels) = 10 / 6 here (hyperopt's rule).
    clipped = _estimator(obs, dims)._sigma[0]
    assert clipped[:4] == pytest.approx([4.0, 10.0 / 6.0, 2.0, 2.0])
    x = np.linspace(-5, 5, 11)
    ref = sum(
        truncnorm.pdf(x, (-5 - m) / s, (5 - m) / s, loc=m, scale=s) / 5
        for m, s in zip(mus, sigmas)
    )
    assert est.log_pdf(x[:, None]) == pytest.approx(np.log(ref), rel=1e-10)


def test_joint_kernels_size_each_dimension_by_its_own_neighbours() -> None:
    # The same observations in two dimensions with different spreads: each dimension's
    # bandwidths are that dimension's neighbour gaps, not one shared (Scott-style) width.
    obs = np.array([[-4.0, 0.1], [0.5, 0.2], [1.0, 0.4], [3.0, 0.9]])
    dims = [dimension_of(FloatDistribution(-5.0, 5.0)), dimension_of(FloatDistribution(0.0, 1.0))]
    est = _estimator(obs, dims, consider_magic_clip=False)
    assert est._sigma[0][:4] == pytest.approx([4.0, 0.5, 2.0, 2.0])
    # second dimension, sorted 0.1 0.2 0.4 0.5 (prior) 0.9: gaps 0.1 0.2 0.1 0.4
    assert est._sigma[1][:4] == pytest.approx([0.1, 0.2, 0.2, 0.4])
    assert [est._sigma[0][4], est._sigma[1][4]] == pytest.approx([10.0, 1.0])


@pytest.mark.parametrize(
    "dist",
    [
        IntDistribution(1, 20),
        IntDistribution(1, 1000, log=True),
        IntDistribution(0, 12, step=3),
        FloatDistribution(0.0, 1.0, step=0.125),
        CategoricalDistribution(("a", "b", "c", "d")),
    ],
)
def test_discrete_probabilities_sum_to_one_and_samples_are_on_the_grid(dist: Any) -> None:
    dim = dimension_of(dist)
    rng = np.random.RandomState(1)
    step = 1.0 if dim.half == 0 else 2 * dim.half
    grid = np.arange(dim.low, dim.high + 1e-9, step)
    obs = grid[rng.randint(len(grid), size=7)][:, None]
    est = _estimator(obs, [dim])
    assert np.exp(est.log_pdf(grid[:, None])).sum() == pytest.approx(1.0, abs=1e-9)
    draws = est.sample(rng, 500)[:, 0]
    assert all(dist._contains(float(v)) for v in draws)


def test_categorical_kernel_prefers_the_observed_choice() -> None:
    dim = dimension_of(CategoricalDistribution(("a", "b", "c")))
    est = _estimator(np.array([[1.0], [1.0], [1.0]]), [dim])
    p = np.exp(est.log_pdf(np.array([[0.0], [1.0], [2.0]])))
    assert p[1] > 0.7
    assert p[0] == pytest.approx(p[2])
    assert p[0] > 0.0  # the kernel and the prior keep every choice possible


def test_far_candidate_without_prior_is_finite() -> None:
    dim = dimension_of(FloatDistribution(0.0, 1000.0))
    obs = np.array([[0.0], [0.001], [0.002]])
    est = _estimator(obs, [dim], consider_prior=False, consider_magic_clip=False)
    out = est.log_pdf(np.array([[0.001], [1000.0]]))
    assert np.isfinite(out[0])
    assert out[1] < out[0]


# -- the split ----------------------------------------------------------------------------------


def test_split_ranks_complete_then_pruned_by_step_then_value() -> None:
    dist = {"x": FloatDistribution(0, 10)}
    trials = [
        create_trial(value=5.0, params={"x": 0.0}, distributions=dist),
        create_trial(value=1.0, params={"x": 1.0}, distributions=dist),
        create_trial(
            state=TrialState.PRUNED,
            params={"x": 2.0},
            distributions=dist,
            intermediate_values={0: 9.0, 5: 0.1},  # went to step 5
        ),
        create_trial(
            state=TrialState.PRUNED,
            params={"x": 3.0},
            distributions=dist,
            intermediate_values={0: 0.0, 1: -100.0},  # better value but stopped at step 1
        ),
        create_trial(
            state=TrialState.PRUNED,
            params={"x": 4.0},
            distributions=dist,
            intermediate_values={0: 0.5, 5: 0.05},  # as far as x=2, better value there
        ),
        create_trial(state=TrialState.PRUNED, params={"x": 5.0}, distributions=dist),
        create_trial(state=TrialState.FAIL, params={"x": 6.0}, distributions=dist),
    ]
    study = hyperscout.create_study()
    study.add_trials(trials)
    store = ObservationStore((0, 0))
    store.update(study, current_trial_id=-1, signs=(1.0,))
    assert store.n == 6  # the failed trial is ignored
    x = store.columns[("x", ("float", False))][: store.n]
    expected_order = [1.0, 0.0, 4.0, 2.0, 3.0, 5.0]
    for k in range(1, 7):
        below, above = store.split(k)
        assert sorted(x[below]) == sorted(expected_order[:k])
        assert sorted(x[above]) == sorted(expected_order[k:])
        assert list(below) == sorted(below) and list(above) == sorted(above)  # oldest first


def test_split_for_maximisation_flips_the_order() -> None:
    dist = {"x": FloatDistribution(0, 10)}
    study = hyperscout.create_study(direction="maximize")
    study.add_trials(
        create_trial(value=v, params={"x": v}, distributions=dist) for v in (3.0, 9.0, 1.0)
    )
    store = ObservationStore((0, 0))
    store.update(study, current_trial_id=-1, signs=(-1.0,))
    below, _ = store.split(1)
    assert store.columns[("x", ("float", False))][below[0]] == 9.0


def test_store_reads_each_finished_trial_once() -> None:
    study = hyperscout.create_study(sampler=TPESampler(seed=0, n_startup_trials=3))
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=30)
    store = study.sampler._store  # type: ignore[attr-defined]
    assert store.n == 29  # all but the last trial were finished when it was proposed
    assert store._unfinished == [29]  # the trial being proposed, looked at again next time


# -- behaviour ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"multivariate": True}, {"multivariate": True, "group": True}, {"constant_liar": True}],
)
def test_seeded_runs_repeat_and_different_seeds_differ(kwargs: dict[str, Any]) -> None:
    a = params_of(run(TPESampler(seed=3, n_startup_trials=5, **kwargs), mixed_objective, 25))
    b = params_of(run(TPESampler(seed=3, n_startup_trials=5, **kwargs), mixed_objective, 25))
    c = params_of(run(TPESampler(seed=4, n_startup_trials=5, **kwargs), mixed_objective, 25))
    assert a == b
    assert a[5:] != c[5:]


FRESH_SCRIPT = """
import json, hyperscout
from hyperscout.samplers.tpe import TPESampler
hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
def objective(t):
    x = t.suggest_float("x", -3, 3)
    k = t.suggest_categorical("k", ["a", "b", "c"])
    n = t.suggest_int("n", 1, 100, log=True)
    return x * x + (k != "b") + abs(n - 10) / 10
study = hyperscout.create_study(sampler=TPESampler(seed=11, n_startup_trials=4, multivariate=True))
study.optimize(objective, n_trials=20)
print(json.dumps([t.params for t in study.trials]))
"""


def test_seeded_runs_repeat_in_a_fresh_process() -> None:
    outs = [
        subprocess.run(
            [sys.executable, "-c", FRESH_SCRIPT], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    first = json.loads(outs[0])
    assert len(first) == 20
    assert json.loads(outs[1]) == first


def test_reseed_rng_changes_the_proposals() -> None:
    a = params_of(run(TPESampler(seed=3, n_startup_trials=3), mixed_objective, 10))
    sampler = TPESampler(seed=3, n_startup_trials=3)
    sampler.reseed_rng()
    b = params_of(run(sampler, mixed_objective, 10))
    assert a != b


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"multivariate": True},
        {"multivariate": True, "group": True},
        {"consider_endpoints": True, "consider_magic_clip": False, "consider_prior": False},
    ],
)
def test_every_value_is_inside_its_distribution(kwargs: dict[str, Any]) -> None:
    study = run(TPESampler(seed=0, n_startup_trials=5, **kwargs), mixed_objective, 40)
    assert len(study.trials) == 40
    for t in study.trials:
        assert t.state == TrialState.COMPLETE
        for name, dist in t.distributions.items():
            assert dist._contains(dist.to_internal_repr(t.params[name])), (name, t.params)
        assert isinstance(t.params["d"], int) and isinstance(t.params["e"], int)
        assert t.params["e"] % 3 == 0
        assert t.params["c"] in (0.0, 0.25, 0.5, 0.75, 1.0)
        assert type(t.params["f"]) in (str, int, type(None), float, bool)


def conditional_objective(trial: hyperscout.Trial) -> float:
    kind = trial.suggest_categorical("kind", ["linear", "tree"])
    if kind == "linear":
        c = trial.suggest_float("c", 1e-3, 1e3, log=True)
        return abs(math.log10(c) - 1.0) / 2  # in [0, 2], best at c = 10
    depth = trial.suggest_int("depth", 1, 10)
    leaf = trial.suggest_float("leaf", 0.0, 1.0)
    return 1.0 + abs(depth - 3) / 10 + leaf  # in [1, 2.7]


@pytest.mark.parametrize("kwargs", [{"multivariate": False}, {"multivariate": True, "group": True}])
def test_conditional_space_without_warnings(kwargs: dict[str, Any]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        study = run(TPESampler(seed=1, n_startup_trials=5, **kwargs), conditional_objective, 40)
    linear = [t for t in study.trials if t.params["kind"] == "linear"]
    tree = [t for t in study.trials if t.params["kind"] == "tree"]
    assert linear and tree
    assert all(set(t.params) == {"kind", "c"} for t in linear)
    assert all(set(t.params) == {"kind", "depth", "leaf"} for t in tree)
    # After the start-up trials, the better branch (linear, optimum 0 at c = 10) dominates.
    assert sum(t.params["kind"] == "linear" for t in study.trials[20:]) >= 12


def test_group_decomposition_models_cooccurring_parameters_jointly() -> None:
    sampler = TPESampler(seed=1, n_startup_trials=5, multivariate=True, group=True)
    study = run(sampler, conditional_objective, 15)
    store = sampler._store
    assert store is not None
    groups = sorted(sorted(name for name, _ in g) for g in store.groups)
    assert groups == [["c"], ["depth", "leaf"], ["kind"]]
    # The next trial gets every group's parameters from the joint (relative) proposal.
    trial = study.ask()
    assert set(trial.relative_params) == {"kind", "c", "depth", "leaf"}


def test_multivariate_without_group_warns_once_per_parameter() -> None:
    sampler = TPESampler(seed=1, n_startup_trials=5, multivariate=True)
    with pytest.warns(UserWarning) as record:
        run(sampler, conditional_objective, 30)
    messages = [str(w.message) for w in record if "samples parameter" in str(w.message)]
    named = sorted(m.split("'")[1] for m in messages)
    assert named == ["c", "depth", "leaf"]  # each once; "kind" is in every trial
    assert all("group=True" in m for m in messages)

    quiet = TPESampler(seed=1, n_startup_trials=5, multivariate=True,
                       warn_independent_sampling=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run(quiet, conditional_objective, 30)


@pytest.mark.parametrize("kwargs", [{}, {"multivariate": True}])
def test_beats_random_search_on_branin(kwargs: dict[str, Any]) -> None:
    tpe, rnd = [], []
    for seed in range(5):
        tpe.append(run(TPESampler(seed=seed, **kwargs), branin, 60).best_value)
        rnd.append(run(RandomSampler(seed=seed), branin, 60).best_value)
    # Optimum 0.398; seen here: TPE medians about 0.45-0.55, random about 1.2.
    assert np.median(tpe) < 0.75 * np.median(rnd)
    assert np.median(tpe) < 0.9


def test_beats_random_search_when_maximising() -> None:
    def objective(t: hyperscout.Trial) -> float:
        return -sum((t.suggest_float(f"x{i}", -5, 5) - 1.0) ** 2 for i in range(3))

    tpe = [run(TPESampler(seed=s), objective, 50, direction="maximize").best_value
           for s in range(5)]
    rnd = [run(RandomSampler(seed=s), objective, 50, direction="maximize").best_value
           for s in range(5)]
    assert np.median(tpe) > 0.5 * np.median(rnd)  # values are <= 0: closer to 0 is better


def _concurrent_proposals(constant_liar: bool, seed: int) -> np.ndarray:
    sampler = TPESampler(seed=seed, n_startup_trials=5, constant_liar=constant_liar)
    study = hyperscout.create_study(sampler=sampler)
    study.optimize(lambda t: (t.suggest_float("x", -10, 10) - 2.0) ** 2, n_trials=30)
    trials = [study.ask() for _ in range(8)]
    xs = np.array([t.suggest_float("x", -10, 10) for t in trials])
    for t in trials:
        study.tell(t, (t.params["x"] - 2.0) ** 2)
    return xs


def test_constant_liar_spreads_concurrent_proposals() -> None:
    with_liar, without = [], []
    for seed in range(5):
        a = np.sort(_concurrent_proposals(True, seed))
        b = np.sort(_concurrent_proposals(False, seed))
        assert len(np.unique(a)) == len(a)  # distinct proposals
        with_liar.append(np.min(np.diff(a)))
        without.append(np.min(np.diff(b)))
    assert np.median(with_liar) > np.median(without)


def test_constant_liar_runs_with_threads() -> None:
    study = hyperscout.create_study(sampler=TPESampler(seed=0, constant_liar=True))
    study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=30, n_jobs=2)
    assert len(study.trials) == 30
    assert all(t.state == TrialState.COMPLETE for t in study.trials)


def _pruned_history(centre: float) -> list[Any]:
    """100 pruned trials; the closer x is to ``centre``, the further it ran and the better it
    reported there."""
    dist = {"x": FloatDistribution(-10, 10)}
    out = []
    for x in np.random.RandomState(0).uniform(-10, 10, size=100):
        steps = int(10 - min(9, abs(x - centre)))
        out.append(
            create_trial(
                state=TrialState.PRUNED,
                params={"x": float(x)},
                distributions=dist,
                intermediate_values={s: float(abs(x - centre)) for s in range(steps)},
            )
        )
    return out


@pytest.mark.parametrize("centre", [2.0, -6.0])
def test_pruned_trials_guide_the_search(centre: float) -> None:
    """Only pruned trials in the history: proposals follow the ones that got furthest."""
    distances = []
    for seed in range(3):
        study = hyperscout.create_study(sampler=TPESampler(seed=seed))
        study.add_trials(_pruned_history(centre))
        for _ in range(10):
            trial = study.ask()
            distances.append(abs(trial.suggest_float("x", -10, 10) - centre))
            study.tell(trial, state=TrialState.FAIL)  # keep the history to pruned trials only
    # Uniform proposals would have a median distance of about 5.
    assert np.median(distances) < 1.0


def test_failed_trials_are_ignored() -> None:
    sampler = TPESampler(seed=0, n_startup_trials=3)
    study = hyperscout.create_study(sampler=sampler)
    dist = {"x": FloatDistribution(0, 1)}
    study.add_trials(
        create_trial(state=TrialState.FAIL, params={"x": 0.5}, distributions=dist)
        for _ in range(20)
    )
    trial = study.ask()
    trial.suggest_float("x", 0, 1)
    assert sampler._store is not None and sampler._store.n == 0


def test_runs_on_sqlite_like_in_memory(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path}/x.db"
    on_sql = run(TPESampler(seed=5, n_startup_trials=5, multivariate=True, group=True),
                 conditional_objective, 20, storage=url)
    in_mem = run(TPESampler(seed=5, n_startup_trials=5, multivariate=True, group=True),
                 conditional_objective, 20)
    assert params_of(on_sql) == params_of(in_mem)
    reloaded = hyperscout.load_study(study_name=on_sql.study_name, storage=url)
    assert len(reloaded.trials) == 20


def test_sampler_pickles_and_keeps_working() -> None:
    sampler = TPESampler(seed=2, n_startup_trials=3)
    study = run(sampler, mixed_objective, 8)
    clone = pickle.loads(pickle.dumps(sampler))
    study.sampler = clone
    study.optimize(mixed_objective, n_trials=3)
    assert len(study.trials) == 11


def test_suggestion_cost_does_not_loop_over_history() -> None:
    """The per-trial scan touches only new and unfinished trials (no wall clock involved)."""
    sampler = TPESampler(seed=0, n_startup_trials=3)
    study = run(sampler, lambda t: t.suggest_float("x", 0, 1), 50)
    store = sampler._store
    assert store is not None
    calls = {"n": 0}
    original = store._take

    def counting(trial: Any, signs: Any) -> bool:
        calls["n"] += 1
        return original(trial, signs)

    store._take = counting  # type: ignore[method-assign]
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
    assert calls["n"] <= 2 * 5  # each new trial once, plus the one running


def test_changed_ranges_keep_values_valid() -> None:
    """Define-by-run spaces may change ranges between trials: old observations outside the new
    range are left out instead of breaking the model."""
    sampler = TPESampler(seed=0, n_startup_trials=5)
    study = hyperscout.create_study(sampler=sampler)

    def wide(t: hyperscout.Trial) -> float:
        x = t.suggest_float("x", -10.0, 10.0)
        n = t.suggest_int("n", 0, 100)
        return x**2 + n

    def narrow(t: hyperscout.Trial) -> float:
        x = t.suggest_float("x", 5.0, 6.0)
        n = t.suggest_int("n", 0, 30, step=3)
        return x + n

    study.optimize(wide, n_trials=20)
    with pytest.warns(UserWarning, match="samples parameter '[xn]' on its own"):
        study.optimize(narrow, n_trials=10)
    for t in study.trials[20:]:
        assert 5.0 <= t.params["x"] <= 6.0
        assert t.params["n"] in range(0, 31, 3)


def test_enqueued_parameters_are_kept_and_the_rest_sampled() -> None:
    study = hyperscout.create_study(sampler=TPESampler(seed=0, n_startup_trials=3))
    study.optimize(mixed_objective, n_trials=10)
    study.enqueue_trial({"a": 1.5, "f": None})
    study.optimize(mixed_objective, n_trials=1)
    last = study.trials[-1]
    assert last.params["a"] == 1.5 and last.params["f"] is None
    assert set(last.params) == {"a", "b", "c", "d", "e", "f"}



# -- bounded mixtures (thinning) ----------------------------------------------------------------


def test_thin_keeps_total_weight_order_and_heavy_rows() -> None:
    from hyperscout.samplers.tpe._parzen import thin

    obs = np.arange(1000.0)[:, None]
    w = default_weights(1000)
    w[500] = 40.0  # heavier than one share (total / 64): always kept
    kept, kw = thin(obs, w, 64)
    assert kept.shape[0] <= 64
    assert kw.sum() == pytest.approx(w.sum(), rel=1e-12)
    assert np.all(np.diff(kept[:, 0]) > 0)  # rows keep their (age) order
    assert 500.0 in kept[:, 0]
    share = w.sum() / 64
    assert kw[list(kept[:, 0]).index(500.0)] == pytest.approx(share * round(40.0 / share), rel=1e-9)
    # Zero-weight rows are never picked; at or below the cap nothing changes.
    w0 = np.ones(1000)
    w0[::2] = 0.0
    assert np.all(thin(obs, w0, 64)[0][:, 0] % 2 == 1)
    same, sw = thin(obs[:64], w[:64], 64)
    assert same is obs[:64] or np.array_equal(same, obs[:64])
    assert np.array_equal(sw, w[:64])


def test_thinned_mixture_estimates_the_full_one() -> None:
    # 2,000 observations, the older half around (-2, 2), the newer half around (2, -2); with
    # linear forgetting the newer cluster holds about three quarters of the weight. Thinned to
    # the default cap, the mixture keeps the prior's share and each cluster's mass.
    rng = np.random.RandomState(0)
    old = rng.normal([-2.0, 2.0], 0.7, size=(1000, 2))
    new = rng.normal([2.0, -2.0], 0.7, size=(1000, 2))
    obs = np.clip(np.vstack([old, new]), -5.0, 5.0)
    dims = [dimension_of(FloatDistribution(-5.0, 5.0))] * 2
    w = default_weights(2000)
    options = {
        "prior_weight": 1.0,
        "consider_prior": True,
        "consider_magic_clip": True,
        "consider_endpoints": False,
    }
    full = ParzenEstimator(obs, w, dims, max_kernels=None, **options)
    thinned = ParzenEstimator(obs, w, dims, **options)
    assert full.n_kernels == 2001
    assert thinned.n_kernels <= 257
    assert thinned._weights[-1] == pytest.approx(full._weights[-1], rel=1e-12)  # prior share
    g = np.linspace(-5.0, 5.0, 81)
    xx, yy = np.meshgrid(g, g, indexing="ij")
    pts = np.column_stack([xx.ravel(), yy.ravel()])
    cell = (g[1] - g[0]) ** 2
    newer = (pts[:, 0] > 0) & (pts[:, 1] < 0)
    older = (pts[:, 0] < 0) & (pts[:, 1] > 0)
    for est in (full, thinned):
        dens = np.exp(est.log_pdf(pts)) * cell
        assert dens.sum() == pytest.approx(1.0, abs=0.01)
    d_full, d_thin = (np.exp(e.log_pdf(pts)) * cell for e in (full, thinned))
    assert d_thin[newer].sum() == pytest.approx(d_full[newer].sum(), abs=0.03)
    assert d_thin[older].sum() == pytest.approx(d_full[older].sum(), abs=0.03)
    assert d_full[newer].sum() > 2.5 * d_full[older].sum()


def test_mixtures_at_or_below_the_cap_are_exact() -> None:
    rng = np.random.RandomState(1)
    obs = rng.uniform(-5.0, 5.0, size=(200, 3))
    dims = [dimension_of(FloatDistribution(-5.0, 5.0))] * 3
    w = default_weights(200)
    options = {
        "prior_weight": 1.0,
        "consider_prior": True,
        "consider_magic_clip": True,
        "consider_endpoints": False,
    }
    x = rng.uniform(-5.0, 5.0, size=(50, 3))
    exact = ParzenEstimator(obs, w, dims, max_kernels=None, **options).log_pdf(x)
    assert np.array_equal(ParzenEstimator(obs, w, dims, **options).log_pdf(x), exact)


def test_long_study_thins_the_bad_group_and_stays_seeded() -> None:
    # Past the cap the proposals still come from a deterministic model: two seeded runs of a
    # 400-trial study (bad group above 256 observations) propose the same points.
    def objective(t: hyperscout.Trial) -> float:
        return (t.suggest_float("x", -5, 5) - 1.0) ** 2 + t.suggest_float("y", -5, 5) ** 2

    runs = []
    for _ in range(2):
        study = hyperscout.create_study(sampler=TPESampler(seed=4))
        study.add_trials(
            create_trial(
                params={"x": float(x), "y": float(y)},
                distributions={"x": FloatDistribution(-5, 5), "y": FloatDistribution(-5, 5)},
                value=float((x - 1.0) ** 2 + y**2),
            )
            for x, y in np.random.RandomState(0).uniform(-5, 5, size=(390, 2))
        )
        study.optimize(objective, n_trials=10)
        runs.append([t.params for t in study.trials[390:]])
    assert runs[0] == runs[1]
    assert min(t.value for t in study.trials[390:]) < 1.0  # still searches near (1, 0)


def test_split_ranking_is_kept_between_calls_and_breaks_ties_by_age() -> None:
    # Values with many ties, added a few at a time: every split equals a fresh stable ranking
    # (ties go to the older trial), whatever the order in which the rows arrived.
    dist = {"x": FloatDistribution(0, 200)}
    rng = np.random.RandomState(3)
    values = rng.randint(0, 6, size=120).astype(float)
    study = hyperscout.create_study()
    store = ObservationStore((0, 0))
    for start in range(0, 120, 17):
        study.add_trials(
            create_trial(value=float(v), params={"x": float(start + i)}, distributions=dist)
            for i, v in enumerate(values[start : start + 17])
        )
        store.update(study, current_trial_id=-1, signs=(1.0,))
        n = store.n
        ranked = np.argsort(values[:n], kind="stable")
        for k in (1, 5, 13, min(25, n)):
            below, above = store.split(k)
            assert list(below) == sorted(ranked[:k])
            assert list(above) == sorted(ranked[k:])


def test_bad_group_reads_only_the_kept_rows_and_matches_the_full_thinning() -> None:
    from hyperscout.samplers.tpe._observations import param_key
    from hyperscout.samplers.tpe._parzen import thin

    dists = {"x": FloatDistribution(-5, 5), "k": IntDistribution(0, 9)}
    rng = np.random.RandomState(0)
    study = hyperscout.create_study()
    study.add_trials(
        create_trial(
            value=float(x**2 + k), params={"x": float(x), "k": int(k)}, distributions=dists
        )
        for x, k in zip(rng.uniform(-5, 5, 700), rng.randint(0, 10, 700))
    )
    sampler = TPESampler(seed=0)
    store = ObservationStore((0, 0))
    store.update(study, current_trial_id=-1, signs=(1.0,))
    _, above = store.split(25)
    keys = [param_key("k", dists["k"]), param_key("x", dists["x"])]
    dims = [dimension_of(dists["k"]), dimension_of(dists["x"])]
    lies = [{keys[0]: 3.0, keys[1]: 0.5}, {keys[0]: 8.0, keys[1]: -4.0}]
    full = sampler._observations(store, above, lies, keys, dims)
    expected = thin(full, sampler._weights_for(full.shape[0]), 256)
    fast = sampler._bad_group(store, above, lies, keys, dims)
    assert np.array_equal(fast[0], expected[0]) and np.array_equal(fast[1], expected[1])
    # A value outside the range (a narrowed distribution) is left out, as the full path does.
    dims_narrow = [dimension_of(IntDistribution(0, 5)), dims[1]]
    full = sampler._observations(store, above, lies, keys, dims_narrow)
    assert full.shape[0] < above.shape[0] + 2
    expected = thin(full, sampler._weights_for(full.shape[0]), 256)
    slow = thin(*sampler._bad_group(store, above, lies, keys, dims_narrow), 256)
    assert np.array_equal(slow[0], expected[0]) and np.array_equal(slow[1], expected[1])


def test_sampling_all_numeric_dimensions_at_once_draws_the_same_numbers() -> None:
    from hyperscout.samplers.tpe._parzen import _sample_truncated

    dists = [FloatDistribution(-5, 5), FloatDistribution(1e-3, 1.0, log=True), IntDistribution(0, 9)]
    dims = [dimension_of(d) for d in dists]
    rng = np.random.RandomState(0)
    obs = np.column_stack([rng.uniform(-5, 5, 40), np.exp(rng.uniform(-6, 0, 40)), rng.randint(0, 10, 40)])
    est = ParzenEstimator(
        obs,
        np.ones(40),
        dims,
        prior_weight=1.0,
        consider_prior=True,
        consider_magic_clip=True,
        consider_endpoints=False,
    )
    got = est.sample(np.random.RandomState(7), 24)
    # One dimension at a time, from the same stream.
    r = np.random.RandomState(7)
    comp = np.minimum(np.searchsorted(est._cum_weights, r.uniform(size=24), side="right"), 40)
    for j, dim in enumerate(dims):
        t = _sample_truncated(r, est._mu[j][comp], est._sigma[j][comp], dim.a, dim.b)
        assert np.array_equal(got[:, j], dim.snap(dim.untransform(t)))


def _study_in_flight(sampler: Any, n_finished: int, n_running: int) -> hyperscout.Study:
    """``n_finished`` told trials, then ``n_running`` asked ones with their parameter set (as
    other workers leave them while they train)."""
    study = hyperscout.create_study(sampler=sampler)
    for _ in range(n_finished):
        trial = study.ask()
        study.tell(trial, trial.suggest_float("x", -5, 5) ** 2)
    for _ in range(n_running):
        study.ask().suggest_float("x", -5, 5)
    return study


@pytest.mark.parametrize(
    ("n_finished", "n_running", "model_based"),
    [
        (7, 3, True),  # 4 workers, 11th proposal: 10 were random, as in a sequential study
        (7, 0, False),  # sequential: unchanged, the random start waits for 10 results
        (10, 0, True),
        (4, 6, False),  # many workers started at once: fewer than half the start has results
        (5, 5, True),
    ],
)
def test_running_trials_count_towards_the_random_start(
    n_finished: int, n_running: int, model_based: bool
) -> None:
    study = _study_in_flight(TPESampler(seed=0, n_startup_trials=10), n_finished, n_running)
    assert (study.ask().relative_params != {}) is model_based


@pytest.mark.parametrize("clip", [False, True])
def test_prior_as_neighbour_switch_sizes_kernels_from_the_observations_alone(clip: bool) -> None:
    # Three good points near the top of a log range: ln 30, ln 50, ln 80 against a range of
    # [ln 1e-5, ln 100], whose centre (the prior's) is far below them.
    dims = [dimension_of(FloatDistribution(1e-5, 100.0, log=True))]
    obs = np.array([[50.0], [30.0], [80.0]])
    t = np.log(obs[:, 0])
    a, b = math.log(1e-5), math.log(100.0)
    width, mid = b - a, 0.5 * (a + b)
    default = _estimator(obs, dims, consider_magic_clip=clip)
    same = _estimator(obs, dims, consider_magic_clip=clip, prior_as_neighbour=True)
    alone = _estimator(obs, dims, consider_magic_clip=clip, prior_as_neighbour=False)
    # The default is the documented rule, unchanged: the prior's centre is a neighbour, so the
    # lowest point's kernel spans the gap down to it.
    floor = width / 5.0 if clip else 0.0  # the magic clip: range / (1 + 4 kernels)
    want_default = [
        max(max(t[0] - t[1], t[2] - t[0]), floor),  # ln 50: neighbours ln 30 and ln 80
        max(max(t[1] - mid, t[0] - t[1]), floor),  # ln 30: neighbours the prior and ln 50
        max(t[2] - t[0], floor),  # ln 80: the last one, its lower gap
        width,  # the prior
    ]
    assert default._sigma[0] == pytest.approx(want_default, rel=1e-12)
    for attr in ("_mu", "_sigma"):
        assert np.array_equal(getattr(default, attr)[0], getattr(same, attr)[0])
    x = np.array([[1e-4], [1.0], [40.0], [99.0]])
    assert np.array_equal(default.log_pdf(x), same.log_pdf(x))
    # Switched: sized among the three observations only; the prior kernel is the same.
    want_alone = [
        max(max(t[0] - t[1], t[2] - t[0]), floor),
        max(t[0] - t[1], floor),  # ln 30: the first one, its upper gap
        max(t[2] - t[0], floor),
        width,
    ]
    assert alone._sigma[0] == pytest.approx(want_alone, rel=1e-12)
    assert alone._sigma[0][1] < default._sigma[0][1]
    assert np.array_equal(alone._mu[0], default._mu[0])
    assert np.array_equal(alone._weights, default._weights)


def test_prior_as_neighbour_switch_reaches_the_sampler_and_is_off_by_default() -> None:
    class Switched(TPESampler):
        _prior_as_neighbour = False

    def run(sampler: TPESampler) -> list[float]:
        study = hyperscout.create_study(sampler=sampler)
        study.optimize(
            lambda trial: (math.log10(trial.suggest_float("c", 1e-5, 100.0, log=True)) - 1.5) ** 2,
            n_trials=25,
        )
        return [trial.params["c"] for trial in study.trials]

    assert TPESampler._prior_as_neighbour is True
    default = run(TPESampler(seed=3))
    assert run(TPESampler(seed=3)) == default
    switched = run(Switched(seed=3))
    assert switched[:10] == default[:10]  # the same random startup trials
    assert switched[10:] != default[10:]
