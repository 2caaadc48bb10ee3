"""GPSampler's input warping (``GPAblation.input_warping``, on by default from 30 observations and on
evidence): the Kumaraswamy warp, the warped kernel's likelihood and predictions with their
gradients, and what the warp buys."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import hyperscout
from hyperscout.samplers.gp import GPSampler
from hyperscout.samplers.gp._ablation import NO_INPUT_WARP
from hyperscout.samplers.gp._acquisition import Acquisition
from hyperscout.samplers.gp._gp import (
    GPModel,
    fit_kernel_params,
    kumaraswamy_warp,
    ls_prior_centres,
    n_warp_params,
    neg_log_posterior,
    neg_log_posterior_warped,
    pairwise_sq_diffs,
    warp_is_supported,
)


def _mixed_data(rng: np.random.RandomState, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Three numeric columns and a categorical one; standardised targets."""
    x = np.column_stack([rng.rand(n, 3), rng.randint(3, size=n)])
    is_cat = np.array([False, False, False, True])
    y = np.sqrt(x[:, 0]) + x[:, 1] ** 2 + 0.3 * x[:, 3] + 0.05 * rng.randn(n)
    return x, (y - y.mean()) / y.std(), is_cat


def test_warp_is_the_identity_at_a_b_1_and_its_derivatives_match_finite_differences() -> None:
    x = np.linspace(0.01, 0.99, 37)[:, None]
    w, d_x, _, _ = kumaraswamy_warp(x, np.zeros(1), np.zeros(1))
    np.testing.assert_allclose(w, x, rtol=1e-12)
    np.testing.assert_allclose(d_x, 1.0, rtol=1e-9)
    log_a, log_b = np.array([-0.9]), np.array([0.7])
    w, d_x, d_a, d_b = kumaraswamy_warp(x, log_a, log_b)
    assert np.all(np.diff(w[:, 0]) > 0) and w.min() > 0.0 and w.max() < 1.0
    h = 1e-6
    for got, plus, minus in (
        (d_x, kumaraswamy_warp(x + h, log_a, log_b), kumaraswamy_warp(x - h, log_a, log_b)),
        (d_a, kumaraswamy_warp(x, log_a + h, log_b), kumaraswamy_warp(x, log_a - h, log_b)),
        (d_b, kumaraswamy_warp(x, log_a, log_b + h), kumaraswamy_warp(x, log_a, log_b - h)),
    ):
        np.testing.assert_allclose(got, (plus[0] - minus[0]) / (2 * h), rtol=1e-5, atol=1e-8)


def test_model_with_identity_warp_predicts_as_the_plain_model() -> None:
    rng = np.random.RandomState(4)
    x, y, is_cat = _mixed_data(rng, 14)
    kern = np.array([-0.7, 0.2, 1.1, -0.3, 0.4, -3.0])
    plain = GPModel(x, y, is_cat, kern, 1e-6, True)
    warped = GPModel(x, y, is_cat, np.concatenate([kern, np.zeros(6)]), 1e-6, True)
    assert plain.warp is None and warped.warp is not None
    xs = np.column_stack([rng.rand(5, 3), [0, 1, 2, 0, 1]])
    for a, b in zip(plain.predict_with_grad(xs), warped.predict_with_grad(xs)):
        # Identical up to the clip of the inputs into [1e-6, 1 - 1e-6].
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-8)
    centres = ls_prior_centres(is_cat)
    value, grad = neg_log_posterior(kern, pairwise_sq_diffs(x, x, is_cat), y, 1e-6, True, centres)
    value_w, grad_w = neg_log_posterior_warped(
        np.concatenate([kern, np.zeros(6)]), x, y, is_cat, 1e-6, True, centres
    )
    assert value_w == pytest.approx(value, rel=1e-6)  # the warp prior is 0 at its centre
    np.testing.assert_allclose(grad_w[:6], grad, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("fit_noise", [True, False])
def test_warped_log_posterior_gradient_matches_finite_differences(fit_noise: bool) -> None:
    rng = np.random.RandomState(3)
    x, y, is_cat = _mixed_data(rng, 15)
    assert n_warp_params(is_cat) == 6
    theta = np.array([-0.7, 0.2, 1.1, -0.3, 0.4, -3.0, -0.5, 0.3, 0.1, 0.6, -0.2, 0.4])
    args = (x, y, is_cat, 1e-6, fit_noise, ls_prior_centres(is_cat))
    _, grad = neg_log_posterior_warped(theta, *args)
    h = 1e-6
    for j in range(len(theta)):
        e = np.zeros_like(theta)
        e[j] = h
        fd = (
            neg_log_posterior_warped(theta + e, *args)[0]
            - neg_log_posterior_warped(theta - e, *args)[0]
        ) / (2 * h)
        assert grad[j] == pytest.approx(fd, rel=1e-4, abs=1e-6), j
    if not fit_noise:
        assert grad[5] == 0.0


def test_warped_posterior_and_acquisition_gradients_go_through_the_warp(
    gradient_check: Callable[..., np.ndarray],
) -> None:
    rng = np.random.RandomState(5)
    x, y, is_cat = _mixed_data(rng, 12)
    theta = np.array([-1.0, -0.5, -0.8, 0.0, 0.3, -4.0, -1.2, 0.5, 0.2, 0.8, -0.4, 0.1])
    model = GPModel(x, y, is_cat, theta, 1e-6, True)
    xs = np.column_stack([rng.rand(4, 3), [0, 1, 2, 0]])
    mean, var, d_mean, d_var = model.predict_with_grad(xs)
    np.testing.assert_allclose((mean, var), model.predict(xs), rtol=1e-8)
    h = 1e-6
    for j in range(3):
        e = np.zeros(4)
        e[j] = h
        (mp, vp), (mm, vm) = model.predict(xs + e), model.predict(xs - e)
        np.testing.assert_allclose(d_mean[:, j], (mp - mm) / (2 * h), rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(d_var[:, j], (vp - vm) / (2 * h), rtol=1e-4, atol=1e-6)
    assert np.all(d_mean[:, 3] == 0.0) and np.all(d_var[:, 3] == 0.0)
    acq = Acquisition("logei", model, best=float(y.max()) + 0.3)
    gradient_check(acq, xs, columns=range(3))


def test_warping_fits_a_function_steep_near_zero_better_on_held_out_points() -> None:
    # log(x + 1e-3) falls by 7 units over the first 1 % of [0, 1] and by 1 over the rest: no
    # single lengthscale fits both parts, a warp with a < 1 that stretches the start does.
    rng = np.random.RandomState(0)
    f = lambda x: np.log(x[:, 0] + 1e-3)  # noqa: E731
    x, x_test = rng.rand(15, 1), rng.rand(300, 1)
    raw = f(x)
    y, y_test = (raw - raw.mean()) / raw.std(), (f(x_test) - raw.mean()) / raw.std()
    is_cat = np.zeros(1, dtype=bool)
    held_out = {}
    thetas = {}
    for warp in (False, True):
        theta = fit_kernel_params(
            x, y, is_cat, noise_floor=1e-6, fit_noise=True, theta0=None, warp=warp
        )
        model = GPModel(x, y, is_cat, theta, 1e-6, True)
        mean, var = model.predict(x_test)
        var = var + model.noise
        held_out[warp] = float(
            np.mean(-0.5 * np.log(2 * np.pi * var) - 0.5 * (y_test - mean) ** 2 / var)
        )
        thetas[warp] = theta
    assert len(thetas[True]) == 3 + 2 and len(thetas[False]) == 3
    assert thetas[True][3] < -0.3  # log a: the region near 0 is stretched
    assert held_out[True] > held_out[False] + 2.0


def _steep_near_zero(trial: hyperscout.Trial) -> float:
    # The minimum is at x = 9e-4 of [0, 1] on a linear scale: its basin is a sliver at x ~ 0.
    x = trial.suggest_float("x", 0.0, 1.0)
    y = trial.suggest_float("y", 0.0, 1.0)
    return (math.log10(x + 1e-4) + 3.0) ** 2 + (y - 0.5) ** 2


def _best_values(warp: bool, seeds: range) -> list[float]:
    out = []
    for seed in seeds:
        sampler = GPSampler(seed=seed, n_startup_trials=5)
        sampler._set_ablation(**{**NO_INPUT_WARP, "input_warping": warp})
        study = hyperscout.create_study(sampler=sampler)
        study.optimize(_steep_near_zero, n_trials=20)
        out.append(study.best_value)
    return out


def test_warping_finds_a_minimum_in_a_sliver_near_a_bound_more_often() -> None:
    plain, warped = _best_values(False, range(8)), _best_values(True, range(8))
    # Without the warp most seeds stay at the x = 0 corner (value 1); with it most get close.
    assert np.median(warped) < 0.5 * np.median(plain)
    assert sum(v < 0.2 for v in warped) > sum(v < 0.2 for v in plain)


def test_input_warping_from_the_first_fit_is_seeded() -> None:
    def params(seed: int, **ablation: Any) -> list[dict[str, float]]:
        sampler = GPSampler(seed=seed, n_startup_trials=5)
        sampler._set_ablation(**{**NO_INPUT_WARP, **ablation})
        study = hyperscout.create_study(sampler=sampler)
        study.optimize(_steep_near_zero, n_trials=9)
        return [dict(t.params) for t in study.trials]

    assert params(1, input_warping=True) == params(1, input_warping=True)
    plain = params(1)
    warped = params(1, input_warping=True)
    assert warped[:5] == plain[:5]  # the same random start
    assert warped[5:] != plain[5:]
    assert all(0.0 <= p["x"] <= 1.0 and 0.0 <= p["y"] <= 1.0 for p in warped)


# -- warping only on evidence (the private ``GPAblation.warp_on_evidence``) ------------------------------


def test_warp_is_supported_on_a_steep_end_and_not_on_a_stationary_function() -> None:
    rng = np.random.RandomState(0)
    x = rng.rand(20, 2)
    is_cat = np.zeros(2, dtype=bool)
    verdicts = {}
    for name, raw in (
        ("steep", np.log(x[:, 0] + 1e-3) + 0.5 * x[:, 1]),
        ("stationary", np.sin(5 * x[:, 0]) + np.cos(3 * x[:, 1])),
    ):
        y = (raw - raw.mean()) / raw.std()
        fits = [
            fit_kernel_params(x, y, is_cat, noise_floor=1e-6, fit_noise=True, theta0=None, warp=w)
            for w in (False, True)
        ]
        verdicts[name] = warp_is_supported(x, y, is_cat, fits[0], fits[1], 1e-6, True)
    assert verdicts == {"steep": True, "stationary": False}


def _branin01(trial: hyperscout.Trial) -> float:
    x1 = -5.0 + 15.0 * trial.suggest_float("x", 0.0, 1.0)
    x2 = 15.0 * trial.suggest_float("y", 0.0, 1.0)
    b, c, t = 5.1 / (4 * math.pi**2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1**2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


@pytest.mark.parametrize(("objective", "same"), [(_branin01, True), (_steep_near_zero, False)])
def test_warp_on_evidence_proposes_as_the_default_until_the_data_support_a_warp(
    objective: Callable[[hyperscout.Trial], float], same: bool
) -> None:
    def params(warp: bool) -> list[dict[str, float]]:
        sampler = GPSampler(seed=2, n_startup_trials=5)
        sampler._set_ablation(**{**NO_INPUT_WARP, "input_warping": warp, "warp_on_evidence": warp})
        study = hyperscout.create_study(sampler=sampler)
        study.optimize(objective, n_trials=20)
        return [dict(t.params) for t in study.trials]

    assert (params(True) == params(False)) is same


# -- a warp gate closed before a number of observations (``GPAblation.warp_min_trials``) ---------------


def _steep_params(n_trials: int, **ablation: Any) -> list[dict[str, float]]:
    """The parameters of a seeded study of ``_steep_near_zero`` under ``ablation``'s switches."""
    sampler = GPSampler(seed=2, n_startup_trials=5)
    sampler._set_ablation(**ablation)
    study = hyperscout.create_study(sampler=sampler)
    study.optimize(_steep_near_zero, n_trials=n_trials)
    return [dict(t.params) for t in study.trials]


def test_warp_min_trials_proposes_as_the_default_until_the_minimum_then_opens_the_gate() -> None:
    default = _steep_params(20, **NO_INPUT_WARP)
    evidence = _steep_params(20, input_warping=True, warp_on_evidence=True, warp_min_trials=0)
    late = _steep_params(20, input_warping=True, warp_on_evidence=True, warp_min_trials=15)
    # Without the minimum the gate opens earlier here, so the equality below is not vacuous.
    assert evidence[:15] != default[:15]
    assert late[:15] == default[:15]
    # The proposal of trial 15 is made on 15 observations: the gate may open, and here does.
    assert late[15:] != default[15:]


def test_the_default_warps_on_evidence_from_30_observations() -> None:
    assert (
        GPSampler()._ablation.input_warping,
        GPSampler()._ablation.warp_on_evidence,
        GPSampler()._ablation.warp_min_trials,
    ) == (True, True, 30)

    default, plain = _steep_params(36), _steep_params(36, **NO_INPUT_WARP)
    assert default[:30] == plain[:30]
    assert default[30:] != plain[30:]
