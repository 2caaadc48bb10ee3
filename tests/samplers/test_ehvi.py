"""Expected hypervolume improvement: box decomposition, value, gradient, and GPSampler's use."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import hyperscout
from hyperscout.samplers.gp import GPSampler
from hyperscout.samplers.gp._ehvi import LogEHVI, box_decomposition, log_ehvi
from hyperscout.samplers.gp._gp import GPModel
from hyperscout.samplers.gp._sampler import _thin_front


def _random_front(rng: np.random.RandomState, n: int, m: int) -> np.ndarray:
    """Points near the unit sphere's positive part (mostly non-dominated) plus some noise."""
    pts = np.abs(rng.randn(n, m))
    pts /= np.linalg.norm(pts, axis=1, keepdims=True)
    return pts + 0.05 * rng.rand(n, m)


def _hvi_boxes(lower: np.ndarray, upper: np.ndarray, y: np.ndarray) -> float:
    return float(np.sum(np.prod(np.clip(upper - np.maximum(lower, y), 0.0, None), axis=1)))


@pytest.mark.parametrize("m", [2, 3])
def test_boxes_give_the_exact_hypervolume_improvement(m: int) -> None:
    rng = np.random.RandomState(m)
    for _ in range(5):
        front = _random_front(rng, 15, m)
        ref = np.full(m, 1.3)
        lower, upper = box_decomposition(front, ref)
        base = hyperscout.hypervolume(front, ref)
        for y in rng.rand(20, m) * 1.5 - 0.1:
            expected = hyperscout.hypervolume(np.vstack([front, y]), ref) - base
            assert _hvi_boxes(lower, upper, y) == pytest.approx(expected, abs=1e-10)


def test_two_objectives_give_the_staircase() -> None:
    front = np.array([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0], [0.8, 0.9]])  # the last is dominated
    lower, upper = box_decomposition(front, np.array([2.0, 2.0]))
    assert len(lower) == 4
    assert np.all(np.isneginf(lower[:, 1]))
    np.testing.assert_array_equal(upper[:, 1], [2.0, 1.0, 0.5, 0.0])


def test_empty_front_is_one_box_below_the_reference_point() -> None:
    lower, upper = box_decomposition(np.array([[3.0, 3.0]]), np.array([2.0, 2.0]))
    assert np.all(np.isneginf(lower)) and np.array_equal(upper, [[2.0, 2.0]])


@pytest.mark.parametrize("m", [2, 3])
def test_ehvi_matches_monte_carlo_with_the_hypervolume_function(m: int) -> None:
    rng = np.random.RandomState(10 + m)
    for _ in range(3):
        front = _random_front(rng, 8, m)
        ref = np.full(m, 1.2)
        lower, upper = box_decomposition(front, ref)
        mu = rng.rand(m) * 0.8 + 0.1
        sigma = rng.rand(m) * 0.3 + 0.05
        exact = float(np.exp(log_ehvi(mu[None], sigma[None], lower, upper)[0][0]))
        base = hyperscout.hypervolume(front, ref)
        samples = mu + sigma * rng.randn(4000, m)
        hvi = np.array(
            [
                hyperscout.hypervolume(np.vstack([front, s]), ref) - base
                if np.all(s < ref)
                else 0.0
                for s in samples
            ]
        )
        se = hvi.std() / np.sqrt(len(hvi))
        # Four standard errors of the Monte Carlo mean (fixed seed, so deterministic).
        assert abs(exact - hvi.mean()) <= 4.0 * se + 1e-12, (exact, hvi.mean(), se)


def test_log_ehvi_stays_finite_and_ordered_far_from_the_front() -> None:
    front = np.array([[0.0, 1.0], [1.0, 0.0]])
    lower, upper = box_decomposition(front, np.array([1.1, 1.1]))
    mu = np.array([[5.0, 5.0], [20.0, 20.0], [60.0, 60.0]])
    sigma = np.full_like(mu, 0.1)
    value, d_mu, _ = log_ehvi(mu, sigma, lower, upper)
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(d_mu))
    assert value[0] > value[1] > value[2]  # EHVI itself is 0.0 in floating point for all three
    assert np.all(d_mu < 0)  # moving towards the front helps


def test_log_ehvi_gradient_in_mu_and_sigma_matches_finite_differences() -> None:
    rng = np.random.RandomState(3)
    front = _random_front(rng, 10, 3)
    lower, upper = box_decomposition(front, np.full(3, 1.2))
    mu = rng.rand(4, 3)
    sigma = rng.rand(4, 3) * 0.3 + 0.05
    _, d_mu, d_sigma = log_ehvi(mu, sigma, lower, upper)
    eps = 1e-6
    for j in range(3):
        e = np.zeros(3)
        e[j] = eps
        num_mu = (
            log_ehvi(mu + e, sigma, lower, upper)[0] - log_ehvi(mu - e, sigma, lower, upper)[0]
        ) / (2 * eps)
        num_sigma = (
            log_ehvi(mu, sigma + e, lower, upper)[0] - log_ehvi(mu, sigma - e, lower, upper)[0]
        ) / (2 * eps)
        np.testing.assert_allclose(d_mu[:, j], num_mu, rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(d_sigma[:, j], num_sigma, rtol=1e-5, atol=1e-7)


def test_acquisition_gradient_in_the_inputs_matches_finite_differences(
    gradient_check: Callable[..., np.ndarray],
    two_objective_gps: Callable[..., tuple[np.ndarray, list[GPModel]]],
) -> None:
    rng = np.random.RandomState(4)
    # Noisy targets keep the posterior uncertain, so log EHVI is not deep in its far tail, where
    # its curvature would dominate the finite differences' error.
    _, models = two_objective_gps(rng)
    front = np.column_stack([m.y for m in models])
    front = front[hyperscout._multi_objective.non_dominated(front)]
    lower, upper = box_decomposition(front, front.max(axis=0) + 0.1)
    acq = LogEHVI(models, lower, upper)
    gradient_check(acq, rng.rand(6, 3) * 0.8 + 0.1)


def test_thin_front_keeps_the_extremes_and_the_size() -> None:
    rng = np.random.RandomState(5)
    front = _random_front(rng, 40, 3)
    front = front[hyperscout._multi_objective.non_dominated(front)]
    thin = _thin_front(front, 20)
    assert len(thin) == 20 == len(np.unique(thin, axis=0))
    assert all(any(np.array_equal(p, q) for q in front) for p in thin)
    for j in range(3):
        assert thin[:, j].min() == front[:, j].min()
    # Covering: every dropped point is closer to a kept one than the spacing of a random pick.
    gap = np.max(np.min(np.linalg.norm(front[:, None] - thin[None], axis=2), axis=1))
    pick = front[rng.choice(len(front), 20, replace=False)]
    gap_random = np.max(np.min(np.linalg.norm(front[:, None] - pick[None], axis=2), axis=1))
    assert gap < gap_random


def _zdt1(trial: hyperscout.Trial) -> tuple[float, float]:
    x = np.array([trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(4)])
    g = 1.0 + 9.0 * x[1:].mean()
    return float(x[0]), float(g * (1.0 - np.sqrt(x[0] / g)))


def _ehvi_sampler(seed: int, ref: str = "front", **kwargs: object) -> GPSampler:
    sampler = GPSampler(seed=seed, n_startup_trials=8, **kwargs)  # type: ignore[arg-type]
    sampler._set_ablation(multi_objective="ehvi", ehvi_reference=ref)
    return sampler


def _run(sampler: GPSampler, objective: object, n: int, m: int = 2) -> hyperscout.Study:
    study = hyperscout.create_study(directions=["minimize"] * m, sampler=sampler)
    study.optimize(objective, n_trials=n)  # type: ignore[arg-type]
    return study


def test_ehvi_sampler_is_deterministic_under_a_seed() -> None:
    a = _run(_ehvi_sampler(7), _zdt1, 16)
    b = _run(_ehvi_sampler(7), _zdt1, 16)
    assert [t.params for t in a.trials] == [t.params for t in b.trials]
    c = _run(_ehvi_sampler(8), _zdt1, 16)
    assert [t.params for t in a.trials[8:]] != [t.params for t in c.trials[8:]]


@pytest.mark.parametrize("reference", ["front", "all"])
def test_ehvi_sampler_beats_random_search_on_zdt1(reference: str) -> None:
    ref = [1.1, 11.0]

    def hv(study: hyperscout.Study) -> float:
        return hyperscout.hypervolume(np.array([t.values for t in study.trials]), ref)

    ehvi = hv(_run(_ehvi_sampler(0, reference), _zdt1, 30))
    rand = hv(_run(hyperscout.samplers.RandomSampler(seed=0), _zdt1, 30))  # type: ignore[arg-type]
    assert ehvi > rand + 0.5


def test_ehvi_sampler_with_a_constraint_searches_the_feasible_front() -> None:
    # Feasible iff x1 >= 0.5: the infeasible trials (x1 small) dominate the feasible ones, so
    # a front of all trials would send the search to the infeasible region.
    def objective(trial: hyperscout.Trial) -> tuple[float, float]:
        f = _zdt1(trial)
        trial.set_user_attr("c", 0.5 - trial.params["x1"])
        return f

    def feasible_hv(study: hyperscout.Study) -> float:
        pts = [t.values for t in study.trials if t.user_attrs["c"] <= 0.0]
        return hyperscout.hypervolume(np.array(pts).reshape(-1, 2), [1.1, 11.0])

    sampler = _ehvi_sampler(1, constraints_func=lambda t: [t.user_attrs["c"]])
    study = _run(sampler, objective, 24)
    assert all(t.constraints is not None for t in study.trials)
    later = [t.user_attrs["c"] <= 0.0 for t in study.trials[8:]]
    assert sum(later) >= 13, later  # random search: 10 of these 16 (seed 1)
    rand = _run(hyperscout.samplers.RandomSampler(seed=1), objective, 24)  # type: ignore[arg-type]
    assert feasible_hv(study) > feasible_hv(rand) + 1.0


def test_ehvi_sampler_without_a_feasible_trial_searches_for_one() -> None:
    def objective(trial: hyperscout.Trial) -> tuple[float, float]:
        f = _zdt1(trial)
        trial.set_user_attr("c", 0.95 - trial.params["x1"])  # feasible iff x1 >= 0.95
        return f

    sampler = _ehvi_sampler(2, constraints_func=lambda t: [t.user_attrs["c"]])
    study = _run(sampler, objective, 16)
    assert any(t.constraints[0] <= 0.0 for t in study.trials[8:])  # type: ignore[index]


def test_ehvi_sampler_with_three_and_four_objectives() -> None:
    def objective(trial: hyperscout.Trial) -> tuple[float, ...]:
        x = np.array([trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(4)])
        return tuple(float(np.sum((x - c) ** 2)) for c in (0.0, 0.5, 1.0, 0.25))

    study3 = _run(_ehvi_sampler(3), lambda t: objective(t)[:3], 14, m=3)
    assert len(study3.best_trials) >= 1
    study4 = _run(_ehvi_sampler(3), objective, 12, m=4)  # ParEGO beyond 3 objectives
    assert len(study4.trials) == 12
