"""GPSampler: arguments, encoding, kernel and acquisition maths, and search behaviour."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.stats import norm

import hyperscout
from hyperscout.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.samplers import RandomSampler
from hyperscout.samplers.gp import GPSampler
from hyperscout.samplers.gp._ablation import REACH
from hyperscout.samplers.gp._acquisition import Acquisition, AugmentedLogEI, log_h
from hyperscout.samplers.gp._gp import (
    GPModel,
    fit_kernel_params,
    ls_prior_centres,
    neg_log_posterior,
    pairwise_sq_diffs,
)
from hyperscout.samplers.gp._optimize import maximize_acquisition
from hyperscout.samplers.gp._sampler import (
    _not_noise_repeats,
    _within_reach,
    select_subset,
    squash_bad_tail,
)
from hyperscout.samplers.gp._space import EncodedSpace
from hyperscout.samplers.gp._stall import has_plateau_ties, plateau_members
from hyperscout.trial import TrialState, create_trial

# -- helpers ------------------------------------------------------------------------------------


def mixed_objective(trial: hyperscout.Trial) -> float:
    a = trial.suggest_float("a", -2.0, 2.0)
    b = trial.suggest_float("b", 1e-4, 1.0, log=True)
    c = trial.suggest_float("c", 0.0, 1.0, step=0.25)
    d = trial.suggest_int("d", 1, 64, log=True)
    e = trial.suggest_int("e", 0, 12, step=3)
    f = trial.suggest_categorical("f", ["x", 2, None, 1.5])
    return a**2 + math.log10(b) ** 2 / 10 + c + abs(math.log2(d) - 3) + e / 12 + (f == 2)


def mixed_params(seed: int | None, n: int = 14) -> list[dict[str, Any]]:
    study = hyperscout.create_study(sampler=GPSampler(seed=seed, n_startup_trials=4))
    study.optimize(mixed_objective, n_trials=n)
    return [dict(t.params) for t in study.trials]


def branin(trial: hyperscout.Trial) -> float:
    x = trial.suggest_float("x", -5.0, 10.0)
    y = trial.suggest_float("y", 0.0, 15.0)
    return float(
        (y - 5.1 / (4 * np.pi**2) * x**2 + 5 / np.pi * x - 6) ** 2
        + 10 * (1 - 1 / (8 * np.pi)) * np.cos(x)
        + 10
    )


def shifted_quadratic(trial: hyperscout.Trial) -> float:
    xs = [trial.suggest_float(f"x{i}", -5.0, 5.0) for i in range(4)]
    return float(sum((x - 1.3) ** 2 for x in xs))


# -- arguments ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": 1.5}, "seed must be an integer or None, got seed=1.5"),
        ({"seed": True}, "seed must be an integer or None"),
        (
            {"n_startup_trials": -1},
            "n_startup_trials must be an integer >= 0, got n_startup_trials=-1",
        ),
        ({"n_startup_trials": 2.0}, "n_startup_trials must be an integer"),
        (
            {"acquisition": "ei"},
            "acquisition must be one of ['logei', 'ucb', 'pi', 'augmented_ei'], got "
            "acquisition='ei'",
        ),
        ({"ucb_beta": 0.0}, "ucb_beta must be a finite number > 0, got ucb_beta=0.0"),
        ({"ucb_beta": float("inf")}, "ucb_beta must be a finite number > 0"),
        (
            {"max_model_trials": 2},
            "max_model_trials must be an integer >= 4, got max_model_trials=2",
        ),
        ({"n_candidates": 0}, "n_candidates must be an integer >= 1"),
        ({"n_local_starts": 0}, "n_local_starts must be an integer >= 1"),
        ({"independent_sampler": "random"}, "independent_sampler must be a sampler"),
    ],
)
def test_bad_arguments_raise_early(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as err:
        GPSampler(**kwargs)
    assert message in str(err.value)


def test_several_objectives_use_parego_and_beat_random() -> None:
    def zdt1(t: hyperscout.Trial) -> tuple[float, float]:
        x = np.array([t.suggest_float(f"x{i}", 0.0, 1.0) for i in range(4)])
        g = 1.0 + 9.0 * x[1:].mean()
        return float(x[0]), float(g * (1.0 - np.sqrt(x[0] / g)))

    hv = {}
    for name, sampler in [("gp", GPSampler(seed=0)), ("random", RandomSampler(seed=0))]:
        study = hyperscout.create_study(directions=["minimize", "minimize"], sampler=sampler)
        study.optimize(zdt1, n_trials=30)
        hv[name] = hyperscout.hypervolume([t.values for t in study.best_trials], [1.1, 11.0])
    assert hv["gp"] > hv["random"] + 0.3


# -- search-space encoding ----------------------------------------------------------------------


SPACE = {
    "f": FloatDistribution(-3.0, 5.0),
    "flog": FloatDistribution(1e-5, 1e2, log=True),
    "fstep": FloatDistribution(0.0, 1.0, step=0.1),
    "i": IntDistribution(-4, 7),
    "ilog": IntDistribution(1, 1000, log=True),
    "istep": IntDistribution(0, 20, step=5),
    "cat": CategoricalDistribution(("a", None, 3, 2.5)),
}


def test_encoding_round_trips_and_stays_in_bounds() -> None:
    enc = EncodedSpace(SPACE)
    rng = np.random.RandomState(0)
    u = enc.sample(rng, 64)
    for row in u:
        params = enc.decode(row)
        internal = {n: SPACE[n].to_internal_repr(v) for n, v in params.items()}
        for name, dist in SPACE.items():
            assert dist._contains(internal[name]), (name, params[name])
        again = enc.decode(enc.encode([internal])[0])
        assert again == params
    numeric = u[:, enc.is_numeric]
    assert numeric.min() >= 0.0 and numeric.max() <= 1.0
    # Log-scaled parameters are uniform in log space: the median of flog's encoded column is
    # near 0.5 only if log values are spread evenly.
    assert abs(np.median(u[:, 1]) - 0.5) < 0.1


def test_snap_rounds_to_the_nearest_lattice_point() -> None:
    enc = EncodedSpace({"i": IntDistribution(0, 10), "s": FloatDistribution(0.0, 1.0, step=0.25)})
    u = enc.encode([{"i": 3.0, "s": 0.5}])[0]
    nudged = u + np.array([0.3 / 11, 0.1 / 1.25])  # less than half a step in each column
    assert enc.decode(nudged) == {"i": 3, "s": 0.5}
    assert enc.decode(u + np.array([0.7 / 11, 0.0])) == {"i": 4, "s": 0.5}


# -- kernel and likelihood ----------------------------------------------------------------------


@pytest.mark.parametrize("fit_noise", [True, False])
def test_log_posterior_gradient_matches_finite_differences(fit_noise: bool) -> None:
    rng = np.random.RandomState(3)
    x = np.column_stack([rng.rand(15, 3), rng.randint(3, size=15)])
    is_cat = np.array([False, False, False, True])
    y = np.sin(5 * x[:, 0]) + x[:, 1] ** 2 + 0.3 * x[:, 3] + 0.05 * rng.randn(15)
    y = (y - y.mean()) / y.std()
    sq = pairwise_sq_diffs(x, x, is_cat)
    theta = np.array([-0.7, 0.2, 1.1, -0.3, 0.4, -3.0])
    centres = ls_prior_centres(is_cat)
    _, grad = neg_log_posterior(theta, sq, y, 1e-6, fit_noise, centres)
    h = 1e-6
    for j in range(len(theta)):
        e = np.zeros_like(theta)
        e[j] = h
        fd = (
            neg_log_posterior(theta + e, sq, y, 1e-6, fit_noise, centres)[0]
            - neg_log_posterior(theta - e, sq, y, 1e-6, fit_noise, centres)[0]
        ) / (2 * h)
        assert grad[j] == pytest.approx(fd, rel=1e-4, abs=1e-6), j
    if not fit_noise:
        assert grad[-1] == 0.0


def test_fit_finds_the_relevant_dimension_and_interpolates_without_noise() -> None:
    rng = np.random.RandomState(0)
    x = rng.rand(30, 2)
    y = np.sin(6 * x[:, 0])  # the second column is irrelevant
    y = (y - y.mean()) / y.std()
    is_cat = np.zeros(2, dtype=bool)
    theta = fit_kernel_params(x, y, is_cat, noise_floor=1e-6, fit_noise=False, theta0=None)
    assert theta[1] > theta[0] + 1.0  # a much longer lengthscale on the irrelevant column
    model = GPModel(x, y, is_cat, theta, 1e-6, False)
    mean, var = model.predict(x)
    np.testing.assert_allclose(mean, y, atol=1e-2)
    assert var.max() < 1e-3


def test_noise_is_fitted_on_noisy_data() -> None:
    rng = np.random.RandomState(1)
    x = rng.rand(40, 1)
    clean = np.sin(4 * x[:, 0])
    noisy = clean + 0.5 * rng.randn(40)
    is_cat = np.zeros(1, dtype=bool)

    def noise_of(y: np.ndarray) -> float:
        y = (y - y.mean()) / y.std()
        theta = fit_kernel_params(x, y, is_cat, noise_floor=1e-6, fit_noise=True, theta0=None)
        return 1e-6 + math.exp(theta[-1])

    assert noise_of(noisy) > 10 * noise_of(clean)


def test_posterior_gradients_match_finite_differences() -> None:
    rng = np.random.RandomState(5)
    x = np.column_stack([rng.rand(12, 2), rng.randint(2, size=12)])
    is_cat = np.array([False, False, True])
    y = rng.randn(12)
    model = GPModel(x, y, is_cat, np.array([-1.0, -0.5, 0.0, 0.3, -4.0]), 1e-6, True)
    xs = np.column_stack([rng.rand(4, 2), [0, 1, 1, 0]])
    mean, var, d_mean, d_var = model.predict_with_grad(xs)
    m2, v2 = model.predict(xs)
    np.testing.assert_allclose(mean, m2, rtol=1e-10)
    np.testing.assert_allclose(var, v2, rtol=1e-8)
    h = 1e-6
    for j in range(2):
        e = np.zeros(3)
        e[j] = h
        mp, vp = model.predict(xs + e)
        mm, vm = model.predict(xs - e)
        np.testing.assert_allclose(d_mean[:, j], (mp - mm) / (2 * h), rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(d_var[:, j], (vp - vm) / (2 * h), rtol=1e-4, atol=1e-6)
    assert np.all(d_mean[:, 2] == 0.0) and np.all(d_var[:, 2] == 0.0)


# -- acquisition --------------------------------------------------------------------------------


def test_log_ei_matches_log_of_ei_where_ei_is_not_tiny() -> None:
    z = np.linspace(-8.0, 6.0, 57)
    ei = norm.pdf(z) + z * norm.cdf(z)
    np.testing.assert_allclose(log_h(z)[0], np.log(ei), rtol=1e-9, atol=1e-12)


def test_log_ei_is_finite_and_increasing_where_ei_underflows() -> None:
    z = -np.logspace(1, 12, 60)[::-1]  # from -1e12 up to -10
    ei = norm.pdf(z) + z * norm.cdf(z)
    assert (ei[:20] == 0.0).all()  # the direct formula underflows there
    lh, d_lh = log_h(z)
    assert np.isfinite(lh).all() and np.isfinite(d_lh).all()
    assert np.all(np.diff(lh) > 0)
    # Asymptote: log h(z) ~ -z^2/2 - log(2 pi)/2 - 2 log|z| for z -> -inf.
    far = z[:5]
    np.testing.assert_allclose(
        lh[:5], -0.5 * far**2 - 0.5 * np.log(2 * np.pi) - 2 * np.log(-far), rtol=1e-12
    )


def test_log_h_derivative_matches_finite_differences() -> None:
    z = np.array([-60.0, -20.0, -3.0, -1.0001, -0.9999, 0.0, 2.5])
    h = 1e-6
    fd = (log_h(z + h)[0] - log_h(z - h)[0]) / (2 * h)
    np.testing.assert_allclose(log_h(z)[1], fd, rtol=1e-5)


@pytest.mark.parametrize("kind", ["logei", "ucb", "pi"])
def test_acquisition_gradients_match_finite_differences(
    kind: str, gradient_check: Callable[..., np.ndarray]
) -> None:
    rng = np.random.RandomState(2)
    x = rng.rand(10, 3)
    y = rng.randn(10)
    model = GPModel(
        x, y, np.zeros(3, dtype=bool), np.array([-1.0, -1.0, -1.0, 0.0, -5.0]), 1e-6, True
    )
    acq = Acquisition(kind, model, best=float(y.max()) + 0.5)
    gradient_check(acq, rng.rand(5, 3))


def test_augmented_ei_is_log_ei_times_the_noise_factor_with_exact_gradients(
    gradient_check: Callable[..., np.ndarray],
) -> None:
    rng = np.random.RandomState(3)
    x = rng.rand(12, 3)
    y = rng.randn(12)
    model = GPModel(
        x, y, np.zeros(3, dtype=bool), np.array([-1.0, -1.0, -1.0, 0.0, -3.0]), 1e-6, True
    )
    best = float(y.max())
    aei, ei = AugmentedLogEI(model, best), Acquisition("logei", model, best)
    xs = rng.rand(5, 3)
    var = model.predict(xs)[1]
    factor = 1.0 - np.sqrt(model.noise / (var + model.noise))
    np.testing.assert_allclose(aei(xs), ei(xs) + np.log(factor), rtol=1e-12)
    gradient_check(aei, xs)
    # At an observed point the latent variance is below the noise: the factor is small there.
    at_obs = aei(x[:3]) - ei(x[:3])
    assert np.all(at_obs < np.log(0.5))


def _plateaus(trial: hyperscout.Trial) -> float:
    x = trial.suggest_float("x", 0.0, 1.0)
    y = trial.suggest_float("y", 0.0, 1.0)
    return float((math.floor(8 * x) - 5) ** 2 + (math.floor(8 * y) - 2) ** 2)


def test_augmented_ei_leaves_plateaus_sooner_than_log_ei() -> None:
    """On a step function (plateaus of width 1/8) ``acquisition="augmented_ei"`` spreads the
    model-based trials over more plateaus than log EI, on every seed, and still finds the
    minimum."""
    cells = {}
    for aei in (False, True):
        for seed in range(3):
            sampler = GPSampler(seed=seed, acquisition="augmented_ei" if aei else "logei")
            study = hyperscout.create_study(sampler=sampler)
            study.optimize(_plateaus, n_trials=40)
            assert study.best_value == 0.0
            cells[aei, seed] = len(
                {
                    (math.floor(8 * t.params["x"]), math.floor(8 * t.params["y"]))
                    for t in study.trials[10:]
                }
            )
    assert all(cells[True, s] >= cells[False, s] for s in range(3))
    assert sum(cells[True, s] for s in range(3)) > sum(cells[False, s] for s in range(3))
    assert GPSampler()._acquisition == "logei"


def _proposals(n_trials: int, objective: Callable[[hyperscout.Trial], float], **kwargs: Any) -> Any:
    study = hyperscout.create_study(sampler=GPSampler(seed=3, **kwargs))
    study.optimize(objective, n_trials=n_trials)
    return [t.params for t in study.trials]


def test_augmented_ei_proposes_other_points_than_log_ei_after_the_random_start() -> None:
    logei = _proposals(16, _plateaus)
    aei = _proposals(16, _plateaus, acquisition="augmented_ei")
    assert aei[:10] == logei[:10] and aei[10:] != logei[10:]


def test_augmented_ei_with_a_deterministic_objective_is_log_ei() -> None:
    """A pinned noise would leave augmented EI's factor at 1 away from the trials: the option
    then proposes exactly what log EI does (documented)."""
    kwargs: dict[str, Any] = {"deterministic_objective": True}
    assert _proposals(16, _plateaus, acquisition="augmented_ei", **kwargs) == _proposals(
        16, _plateaus, **kwargs
    )


def test_plateau_ties_need_two_different_configurations_with_one_value() -> None:
    x = np.array([[0.1, 0.2], [0.3, 0.4], [0.1, 0.2]])
    assert not has_plateau_ties(x, np.array([1.0, 2.0, 1.0]))  # a repeat of one configuration
    assert has_plateau_ties(x, np.array([1.0, 1.0, 3.0]))
    assert not has_plateau_ties(x, np.array([1.0, 1.0 + 1e-12, 3.0]))
    assert not has_plateau_ties(x[:1], np.array([1.0]))


def test_augmented_ei_on_ties_proposes_as_log_ei_without_ties() -> None:
    def smooth(trial: hyperscout.Trial) -> float:
        return (trial.suggest_float("x", -2.0, 2.0) - 0.3) ** 2 + trial.suggest_float("y", 0.0, 1.0)

    def proposals(
        objective: Callable[[hyperscout.Trial], float], n: int, on_ties: bool
    ) -> list[dict[str, Any]]:
        sampler = GPSampler(seed=1)
        sampler._set_ablation(augmented_ei_on_ties=on_ties)
        study = hyperscout.create_study(sampler=sampler)
        study.optimize(objective, n_trials=n)
        return [t.params for t in study.trials]

    assert proposals(smooth, 20, False) == proposals(smooth, 20, True)
    # With plateaus the switch takes over: the same seed then gives other proposals.
    off, on = proposals(_plateaus, 30, False), proposals(_plateaus, 30, True)
    assert off[:10] == on[:10] and off != on


def _styblinski_tang2(trial: hyperscout.Trial) -> float:
    xs = (trial.suggest_float("x", -5.0, 5.0), trial.suggest_float("y", -5.0, 5.0))
    return 0.5 * sum(v**4 - 16 * v**2 + 5 * v for v in xs)


def test_reach_switch_is_off_by_default_and_the_default_proposes_as_before() -> None:
    """The private ablation switch ``reach`` is off by default, and the default's seeded values are those it
    gave before the switch existed (pinned from the code of baa12df)."""
    assert GPSampler()._ablation.reach is None
    study = hyperscout.create_study(sampler=GPSampler(seed=3))
    study.optimize(_styblinski_tang2, n_trials=16)
    pinned = [-61.427808, -55.966219, 72.87716, -74.935685, -49.57154, -48.886873]
    assert [t.value for t in study.trials[10:]] == pytest.approx(pinned, rel=1e-6)


def test_noise_repeats_are_points_the_model_tells_from_a_seen_one_by_less_than_noise() -> None:
    """Excluded: rows whose latent difference from some seen row has prior variance
    ``2 s (1 - rho)`` below the noise variance; the seen rows themselves are excluded, rows a
    lengthscale away are not, and the ball shrinks with the noise."""
    rng = np.random.RandomState(1)
    x = rng.rand(8, 3)
    theta = np.array([-1.0, -1.0, -1.0, 0.0, math.log(1e-2)])
    model = GPModel(x, rng.randn(8), np.zeros(3, dtype=bool), theta, 1e-6, True)
    eligible = _not_noise_repeats(model, x)
    assert not eligible(x.copy()).any()
    step = np.exp(-1.0) * np.eye(3)[0]  # one lengthscale along the first column
    assert eligible(x + step).all()
    # On the line from a seen row: excluded up to r = sqrt(0.6 noise / s) or so, not beyond.
    ls = math.exp(-1.0)
    r_ball = math.sqrt(0.6 * model.noise / model.signal)
    near = x[:1] + 0.8 * r_ball * ls * np.eye(3)[:1]
    far = x[:1] + 1.25 * r_ball * ls * np.eye(3)[:1]
    assert not eligible(near)[0] and eligible(far)[0]
    quiet = GPModel(x, model.y, model.is_cat, np.array([-1.0, -1.0, -1.0, 0.0, -20.0]), 1e-6, True)
    assert _not_noise_repeats(quiet, x)(near)[0]
    assert GPSampler()._ablation.exclude_noise_repeats is False


def test_plateau_members_are_rows_sharing_a_value_with_a_different_row() -> None:
    x = np.array([[0.1], [0.2], [0.3], [0.1], [0.5], [0.6], [0.7], [0.7]])
    y = np.array([1.0, 2.0, 1.0, 1.0, 3.0, 3.0, 4.0, 4.0])
    expected = [True, False, True, True, True, True, False, False]
    assert plateau_members(x, y).tolist() == expected  # rows 6, 7: one configuration twice
    assert not plateau_members(x[:1], y[:1]).any()


def test_plateau_repeats_switch_is_off_and_inert_without_ties() -> None:
    """Off by default; on an objective without ties it proposes what the default does, and on
    plateaus it proposes otherwise."""
    assert GPSampler()._ablation.exclude_plateau_repeats is False

    def _smooth(trial: hyperscout.Trial) -> float:
        return (trial.suggest_float("x", -2.0, 2.0) - 0.3) ** 2 + trial.suggest_float("y", 0, 1)

    runs = {}
    for objective in (_smooth, _plateaus):
        for on in (False, True):
            sampler = GPSampler(seed=1)
            sampler._set_ablation(exclude_plateau_repeats=on)
            study = hyperscout.create_study(sampler=sampler)
            study.optimize(objective, n_trials=30)
            runs[objective.__name__, on] = [t.params for t in study.trials]
            if objective is _smooth:
                values = [t.value for t in study.trials]
                assert len(set(values)) == len(values)  # no ties there
    assert runs["_smooth", False] == runs["_smooth", True]
    assert runs["_plateaus", False] != runs["_plateaus", True]


def test_within_reach_pulls_far_rows_into_reach_and_leaves_near_ones() -> None:
    rng = np.random.RandomState(0)
    x = rng.rand(12, 6)
    model = GPModel(x, rng.randn(12), np.zeros(6, dtype=bool), np.full(8, -1.5), 1e-6, True)
    eligible, pull = _within_reach(model, x, REACH)
    xs = rng.rand(200, 6)
    inside = eligible(xs)
    assert inside.any() and not inside.all()
    pulled = pull(xs)
    assert eligible(pulled).all()
    np.testing.assert_array_equal(pulled[inside], xs[inside])
    assert np.all((pulled >= 0.0) & (pulled <= 1.0))


def test_maximizer_stays_eligible_and_falls_back_when_nothing_is() -> None:
    """An acquisition that grows towards the corner (1, 1, 1): restricted to a ball around the
    centre, the answer is in the ball (on its edge nearest the corner); with nothing eligible,
    the unrestricted search answers, and it finds the corner."""
    space = EncodedSpace({n: FloatDistribution(0.0, 1.0) for n in "abc"})

    def value(u: np.ndarray) -> np.ndarray:
        return u.sum(axis=1)

    def value_and_grad(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return u.sum(axis=1), np.ones_like(u)

    def run(eligible: Callable[[np.ndarray], np.ndarray], pull: Any = None) -> np.ndarray:
        return maximize_acquisition(
            value,
            value_and_grad,
            space,
            np.random.RandomState(0),
            extra_starts=np.full((1, 3), 0.5),
            exclude=np.full((1, 3), 0.5),
            n_candidates=64,
            n_starts=3,
            eligible=eligible,
            pull=pull,
        )

    def ball(u: np.ndarray) -> np.ndarray:
        return np.linalg.norm(u - 0.5, axis=1) <= 0.2

    def into_ball(u: np.ndarray) -> np.ndarray:
        d = np.linalg.norm(u - 0.5, axis=1, keepdims=True)
        return 0.5 + (u - 0.5) * np.minimum(1.0, 0.199 / d)

    inside = run(ball, into_ball)
    assert ball(inside[None])[0] and inside.sum() > 1.5 + 0.19 * math.sqrt(3) - 0.05
    nowhere = run(lambda u: np.zeros(len(u), dtype=bool))
    np.testing.assert_allclose(nowhere, 1.0)


# -- sampler behaviour --------------------------------------------------------------------------


def test_values_stay_inside_their_distributions_and_types() -> None:
    study = hyperscout.create_study(sampler=GPSampler(seed=0, n_startup_trials=4))
    study.optimize(mixed_objective, n_trials=16)
    gp_trials = study.trials[4:]
    for t in study.trials:
        for name, dist in t.distributions.items():
            assert dist._contains(dist.to_internal_repr(t.params[name])), (name, t.params)
        assert isinstance(t.params["d"], int) and isinstance(t.params["e"], int)
        assert isinstance(t.params["a"], float)
    # The GP proposes every parameter jointly after the startup trials.
    assert all(t.params["e"] % 3 == 0 for t in gp_trials)


def test_gp_is_used_after_startup_trials() -> None:
    study = hyperscout.create_study(sampler=GPSampler(seed=0, n_startup_trials=3))
    for _ in range(3):
        trial = study.ask()
        assert trial.relative_params == {}
        study.tell(trial, trial.suggest_float("x", 0, 1))
    trial = study.ask()
    assert set(trial.relative_params) == {"x"}


def test_same_seed_same_sequence_different_seed_different() -> None:
    assert mixed_params(3) == mixed_params(3)
    assert mixed_params(3) != mixed_params(4)


def test_determinism_holds_in_a_fresh_process() -> None:
    here = str(Path(__file__).parent)
    code = (
        f"import json, sys; sys.path.insert(0, {here!r})\n"
        "from test_gp import mixed_params\n"
        "print(json.dumps(mixed_params(11)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    expected = json.loads(json.dumps(mixed_params(11)))  # None/str/int/float as JSON has them
    assert json.loads(out.stdout.strip().splitlines()[-1]) == expected


def test_reseed_rng_changes_proposals() -> None:
    def run(reseed: bool) -> list[dict[str, Any]]:
        sampler = GPSampler(seed=5, n_startup_trials=3)
        if reseed:
            sampler.reseed_rng()
        study = hyperscout.create_study(sampler=sampler)
        study.optimize(lambda t: (t.suggest_float("x", -1, 1) - 0.2) ** 2, n_trials=6)
        return [dict(t.params) for t in study.trials]

    assert run(False) == run(False)
    assert run(True) != run(False)


@pytest.mark.parametrize(
    ("objective", "optimum"), [(branin, 0.397887), (shifted_quadratic, 0.0)], ids=["branin", "quad"]
)
def test_beats_random_search_in_median(objective: Any, optimum: float) -> None:
    budget, seeds = 30, range(5)
    gp_best, random_best = [], []
    for seed in seeds:
        gp = hyperscout.create_study(sampler=GPSampler(seed=seed, n_startup_trials=8))
        gp.optimize(objective, n_trials=budget)
        rs = hyperscout.create_study(sampler=RandomSampler(seed=seed))
        rs.optimize(objective, n_trials=budget)
        gp_best.append(gp.best_value - optimum)
        random_best.append(rs.best_value - optimum)
    # A wide, robust margin: the median regret of the GP is under a fifth of random search's.
    assert np.median(gp_best) < 0.2 * np.median(random_best), (gp_best, random_best)


@pytest.mark.parametrize("acquisition", ["ucb", "pi", "augmented_ei"])
def test_other_acquisitions_make_progress(acquisition: str) -> None:
    study = hyperscout.create_study(
        sampler=GPSampler(seed=0, n_startup_trials=6, acquisition=acquisition)
    )
    study.optimize(shifted_quadratic, n_trials=25)
    startup_best = min(t.value for t in study.trials[:6] if t.value is not None)
    assert study.best_value < 0.5 * startup_best


def test_concurrent_asks_get_distinct_proposals() -> None:
    study = hyperscout.create_study(sampler=GPSampler(seed=0, n_startup_trials=5))
    study.optimize(branin, n_trials=8)
    trials = [study.ask() for _ in range(4)]
    points = np.array([[t.suggest_float("x", -5, 10), t.suggest_float("y", 0, 15)] for t in trials])
    dist = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    off_diagonal = dist[~np.eye(4, dtype=bool)]
    assert off_diagonal.min() > 1e-3 * 15, points


def test_pruned_trials_count_as_observations_and_failed_ones_do_not() -> None:
    def history(last_state: TrialState) -> hyperscout.Study:
        study = hyperscout.create_study(sampler=GPSampler(seed=0, n_startup_trials=3))
        for i in range(2):
            trial = study.ask()
            study.tell(trial, trial.suggest_float("x", 0, 1) + i)
        trial = study.ask()
        trial.suggest_float("x", 0, 1)
        if last_state == TrialState.PRUNED:
            trial.report(0.5, step=1)
        study.tell(trial, state=last_state)
        return study

    pruned = history(TrialState.PRUNED)
    assert pruned.trials[-1].values == (0.5,)
    assert set(pruned.ask().relative_params) == {"x"}
    failed = history(TrialState.FAIL)
    assert failed.ask().relative_params == {}


def test_pruned_value_steers_the_search() -> None:
    # Complete trials say "larger is worse" near 0 and 1; a pruned trial at 0.9 reported the
    # best value seen. The GP must move towards it rather than ignore it.
    study = hyperscout.create_study(
        sampler=GPSampler(seed=0, n_startup_trials=1, deterministic_objective=True)
    )
    dist = {"x": FloatDistribution(0.0, 1.0)}
    for x, v in [(0.05, 1.0), (0.3, 1.2), (0.5, 1.5), (0.7, 1.4)]:
        study.add_trial(create_trial(params={"x": x}, distributions=dist, value=v))
    # Recorded without a value (as some storages keep pruned trials): its last report counts.
    study.add_trial(
        create_trial(
            state=TrialState.PRUNED,
            params={"x": 0.9},
            distributions=dist,
            intermediate_values={1: 2.0, 3: -3.0},
        )
    )
    assert study.trials[-1].values is None
    trial = study.ask()
    assert trial.suggest_float("x", 0.0, 1.0) > 0.75


def test_parameters_outside_the_shared_space_warn_once() -> None:
    def objective(trial: hyperscout.Trial) -> float:
        x = trial.suggest_float("x", 0, 1)
        if trial.number % 2:
            return x + trial.suggest_float("extra", 0, 1)
        return x

    study = hyperscout.create_study(sampler=GPSampler(seed=0, n_startup_trials=2))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        study.optimize(objective, n_trials=10)
    messages = [str(w.message) for w in caught if "independent sampler" in str(w.message)]
    assert len(messages) == 1 and "'extra'" in messages[0]


def test_single_valued_and_mixed_spaces() -> None:
    def objective(trial: hyperscout.Trial) -> float:
        one = trial.suggest_int("one", 3, 3)
        only = trial.suggest_categorical("only", ["solo"])
        x = trial.suggest_float("x", 0, 1)
        assert one == 3 and only == "solo"
        return x

    study = hyperscout.create_study(sampler=GPSampler(seed=0, n_startup_trials=3))
    study.optimize(objective, n_trials=6)
    assert len(study.trials) == 6 and all(t.state == TrialState.COMPLETE for t in study.trials)


def test_categorical_only_space_finds_the_best_pair() -> None:
    table = {
        ("a", 0): 3.0,
        ("a", 1): 2.0,
        ("b", 0): 1.0,
        ("b", 1): 5.0,
        ("c", 0): 4.0,
        ("c", 1): 0.0,
    }

    def objective(trial: hyperscout.Trial) -> float:
        return table[
            (trial.suggest_categorical("k", ["a", "b", "c"]), trial.suggest_int("j", 0, 1))
        ]

    study = hyperscout.create_study(sampler=GPSampler(seed=1, n_startup_trials=2))
    study.optimize(objective, n_trials=10)
    assert study.best_value == 0.0


def test_long_studies_use_a_bounded_model() -> None:
    sampler = GPSampler(seed=0, n_startup_trials=5, max_model_trials=12)
    study = hyperscout.create_study(sampler=sampler)
    study.optimize(shifted_quadratic, n_trials=30)
    assert len(study.trials) == 30
    assert study.best_value < min(t.value for t in study.trials[:5] if t.value is not None)


def test_select_subset_keeps_the_best_and_spreads_the_rest() -> None:
    rng = np.random.RandomState(0)
    x = rng.rand(50, 2)
    y = rng.randn(50)
    keep = select_subset(x, y, 10)
    assert len(keep) == 10 and len(set(keep.tolist())) == 10
    assert set(np.argsort(-y)[:5].tolist()) <= set(keep.tolist())
    np.testing.assert_array_equal(select_subset(x, y, 10), keep)
    np.testing.assert_array_equal(select_subset(x, y, 60), np.arange(50))
    # Space-filling: the non-best picks are farther apart than a random pick of the same size.
    rest = sorted(set(keep.tolist()) - set(np.argsort(-y)[:5].tolist()))

    def min_gap(idx: list[int]) -> float:
        d = np.sqrt(((x[idx][:, None] - x[idx][None]) ** 2).sum(-1))
        return float(d[~np.eye(len(idx), dtype=bool)].min())

    random_gaps = [min_gap(list(rng.choice(50, 5, replace=False))) for _ in range(50)]
    assert min_gap(rest) > np.median(random_gaps)


def test_squash_bad_tail_keeps_order_and_only_touches_outliers() -> None:
    rng = np.random.RandomState(0)
    y = rng.rand(40)
    np.testing.assert_array_equal(squash_bad_tail(y), y)  # uniform data: nothing past the fence
    y[[3, 7]] = [-1e6, -50.0]
    out = squash_bad_tail(y)
    assert np.array_equal(np.argsort(out), np.argsort(y))
    assert out[3] > -30.0 and out[3] < out[7] < np.delete(out, [3, 7]).min()
    keep = np.ones(40, dtype=bool)
    keep[[3, 7]] = False
    np.testing.assert_array_equal(out[keep], y[keep])


def test_one_diverged_region_does_not_flatten_the_model() -> None:
    # Branin, except that a strip of the space "diverges" to 1e6: without compressing that
    # tail, standardised targets of all other points collapse together (median best ~4.6).
    def objective(trial: hyperscout.Trial) -> float:
        value = branin(trial)
        return value if trial.params["x"] > -3.5 else 1e6

    best = []
    for seed in range(5):
        study = hyperscout.create_study(sampler=GPSampler(seed=seed))
        study.optimize(objective, n_trials=30)
        best.append(study.best_value)
    assert np.median(best) < 1.5, best


def test_maximize_direction() -> None:
    study = hyperscout.create_study(
        direction="maximize", sampler=GPSampler(seed=0, n_startup_trials=5)
    )
    study.optimize(lambda t: -shifted_quadratic(t), n_trials=20)
    assert study.best_value > max(t.value for t in study.trials[:5] if t.value is not None)


def _blas_threads() -> list[int]:
    from threadpoolctl import ThreadpoolController

    return [i["num_threads"] for i in ThreadpoolController().info() if i["user_api"] == "blas"]


def test_blas_threads_are_limited_inside_the_sampler_and_restored_after() -> None:
    from threadpoolctl import threadpool_limits

    seen: list[list[int]] = []

    class Spy(GPSampler):
        def _propose(self, *args: Any) -> dict[str, Any]:
            seen.append(_blas_threads())
            return super()._propose(*args)

    with threadpool_limits(limits=2, user_api="blas"):
        before = _blas_threads()
        study = hyperscout.create_study(sampler=Spy(seed=0, n_startup_trials=3))
        study.optimize(shifted_quadratic, n_trials=6)
        assert _blas_threads() == before
    assert len(seen) == 3 and all(all(n == 1 for n in s) for s in seen)


def test_runs_on_sqlite_like_in_memory(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'gp.db'}"
    on_disk = hyperscout.create_study(storage=url, sampler=GPSampler(seed=2, n_startup_trials=4))
    on_disk.optimize(mixed_objective, n_trials=8)
    memory = hyperscout.create_study(sampler=GPSampler(seed=2, n_startup_trials=4))
    memory.optimize(mixed_objective, n_trials=8)
    assert [t.params for t in on_disk.trials] == [t.params for t in memory.trials]


def test_default_sampler_for_several_objectives_is_the_gp() -> None:
    study = hyperscout.create_study(directions=["minimize", "maximize"])
    assert isinstance(study.sampler, GPSampler)


def test_refit_is_due_once_the_observations_grew_by_the_set_fraction() -> None:
    from hyperscout.samplers.gp._sampler import _refit_due

    assert _refit_due(None, 12)  # never fitted
    assert _refit_due(30, 31)  # below 40 observations: every proposal
    assert not _refit_due(100, 104) and _refit_due(100, 105)  # 5 % of 100
    assert not _refit_due(300, 314) and _refit_due(300, 315)
    assert _refit_due(300, 120)  # fewer observations than the fit saw: another study


def test_long_studies_refit_the_kernel_less_often_and_stay_seeded(monkeypatch: Any) -> None:
    import hyperscout.samplers.gp._sampler as gp_module

    fits: list[int] = []
    warped: list[int] = []
    real_fit = gp_module.fit_kernel_params

    def counting_fit(x: np.ndarray, *args: Any, **kwargs: Any) -> np.ndarray:
        # From 30 observations on a refit also fits the warped kernel beside the plain one (the
        # default's evidence-gated warp): one refit, counted once, by its plain fit.
        (warped if kwargs.get("warp") else fits).append(len(x))
        return real_fit(x, *args, **kwargs)

    monkeypatch.setattr(gp_module, "fit_kernel_params", counting_fit)
    runs = []
    for _ in range(2):
        fits.clear()
        warped.clear()
        study = hyperscout.create_study(sampler=GPSampler(seed=3, n_startup_trials=5))
        study.optimize(shifted_quadratic, n_trials=70)
        runs.append(([t.params for t in study.trials], list(fits)))
    assert runs[0] == runs[1]
    n_fits = len(runs[0][1])
    # Every proposal up to 40 observations (35 of them), then every 2nd or 3rd one.
    assert 35 + 10 <= n_fits < 65
    # The warp is fitted at the refits from 30 observations on, and never before.
    assert warped and min(warped) >= 30 and len(warped) == sum(n >= 30 for n in fits)
    assert study.best_value < min(t.value for t in study.trials[:5] if t.value is not None)


def _parego_values(sampler: GPSampler, values: list[list[float]], number: int = 0) -> list[float]:
    space = {"x": FloatDistribution(0.0, 1.0)}
    study = hyperscout.create_study(directions=["minimize", "minimize"], sampler=sampler)
    for i, v in enumerate(values):
        study.add_trial(create_trial(params={"x": i / len(values)}, distributions=space, values=v))
    sampler.reseed_rng(0)
    return [v for _, v in sampler._scalarised(study, space, number)]


def _scaled(scale: str, seed: int = 0, **kwargs: Any) -> GPSampler:
    """The scalings' ablation: one GP on the scalarisation, measured from the ideal point."""
    sampler = GPSampler(seed=seed, **kwargs)
    # The benchmark's ablation switches.
    sampler._set_ablation(parego_scale=scale, multi_objective="parego", parego_utopia=0.0)
    return sampler


def _front_scaled(seed: int) -> GPSampler:
    return _scaled("front", seed)


def test_parego_scaling_by_the_front_ignores_dominated_outliers() -> None:
    # Scaled by the front, weights mean the same trade-off whatever dominated trials lie far
    # away: the front's scalarised values do not move when a far dominated trial is added.
    front = [[0.0, 1.0], [0.3, 0.4], [0.6, 0.1], [1.0, 0.0]]
    plain = _parego_values(_front_scaled(0), front)
    with_outlier = _parego_values(_front_scaled(0), [*front, [50.0, 900.0]])
    assert with_outlier[:4] == pytest.approx(plain)
    assert with_outlier[4] > max(plain)


def test_parego_scaling_by_all_trials_feels_dominated_outliers() -> None:
    # Scaled over every trial, a far dominated trial shrinks the front's share of the unit box.
    front = [[0.0, 1.0], [0.3, 0.4], [0.6, 0.1], [1.0, 0.0]]
    plain = _parego_values(_scaled("all"), front)
    with_outlier = _parego_values(_scaled("all"), [*front, [50.0, 900.0]])
    assert max(with_outlier[:4]) < 0.5 * max(plain)


def test_parego_scales_by_all_trials_from_a_utopian_point_by_default() -> None:
    # The default (kept by the benchmark's decision rules) scales over every trial, whatever
    # the trial's number, measured from 10% of each range below the lowest loss.
    values = [[0.0, 1.0], [0.3, 0.4], [0.6, 0.1], [1.0, 0.0], [50.0, 900.0]]
    ideal = _parego_values(_scaled("all"), values)
    for number in (0, 1, 6, 7):
        got = _parego_values(GPSampler(seed=0), values, number)
        # Every scaled loss grows by 0.1: the weighted maximum by 0.1 w_i of some objective,
        # the augmentation by 0.05 * 0.1 (weights sum to 1), so by 0.005 to 0.105 in all.
        diff = np.array(got) - np.array(ideal)
        assert np.all(diff > 0.005) and np.all(diff < 0.105)


def _feasible_trial(values: list[float], feasible: bool = True) -> Any:
    """A finished two-objective trial with ``values`` and one constraint value."""
    space = {"x": FloatDistribution(0.0, 1.0)}
    return create_trial(
        params={"x": 0.5},
        distributions=space,
        values=values,
        constraints=[-1.0 if feasible else 1.0],
    )


def test_parego_utopian_point_from_the_fronts_range() -> None:
    # With parego_utopia_width="front" the utopian point lies 0.1 of the non-dominated
    # trials' range below the lowest loss (here 0.1 on both objectives, the front spanning
    # [0, 1]), not 0.1 of every trial's range (5 and 90 with the far dominated trial); the
    # scaling itself is still by every trial's range.
    values = [[0.0, 1.0], [0.3, 0.4], [0.6, 0.1], [1.0, 0.0], [50.0, 900.0]]
    loss = np.array(values)
    sampler = GPSampler(seed=0)
    low, span = sampler._parego_range(loss, [], 0)
    np.testing.assert_allclose(low, [-5.0, -90.0])
    sampler._set_ablation(parego_utopia_width="front")
    trials = [_feasible_trial(v) for v in values]
    front_low, front_span = sampler._parego_range(loss, trials, 0)
    np.testing.assert_allclose(front_low, [-0.1, -0.1])
    np.testing.assert_allclose(front_span, span)
    # Infeasible trials do not make the front while one is feasible.
    trials[3] = _feasible_trial(values[3], feasible=False)
    # The front is then [0, 0.6] x [0.1, 1]: offsets 0.06 and 0.09.
    np.testing.assert_allclose(sampler._parego_range(loss, trials, 0)[0], [-0.06, -0.09])


def test_alternating_utopian_offsets_go_by_the_trial_number() -> None:
    # parego_utopia_width="alternate" measures the offset from every trial's range on even
    # trial numbers and from the front's on odd ones; the scaling is every trial's throughout.
    values = [[0.0, 1.0], [0.3, 0.4], [0.6, 0.1], [1.0, 0.0], [50.0, 900.0]]
    loss = np.array(values)
    trials = [_feasible_trial(v) for v in values]
    ranges = {}
    for width in ("scaled", "front"):
        sampler = GPSampler(seed=0)
        sampler._set_ablation(parego_utopia_width=width)
        ranges[width] = sampler._parego_range(loss, trials, 0)
    sampler = GPSampler(seed=0)
    sampler._set_ablation(parego_utopia_width="alternate")
    for number in range(4):
        low, span = sampler._parego_range(loss, trials, number)
        expected = ranges["scaled" if number % 2 == 0 else "front"]
        np.testing.assert_allclose(low, expected[0])
        np.testing.assert_allclose(span, expected[1])
    assert not np.allclose(ranges["scaled"][0], ranges["front"][0])


def test_alternating_parego_scaling_goes_by_the_trial_number() -> None:
    # "alternate" scales by all trials for even trial numbers and by the front for odd ones:
    # the same weights (same seed) give the values of the one or the other scaling.
    values = [[0.0, 1.0], [0.3, 0.4], [0.6, 0.1], [1.0, 0.0], [50.0, 900.0]]
    by_all = _parego_values(_scaled("all"), values)
    by_front = _parego_values(_scaled("front"), values)
    assert by_all != pytest.approx(by_front)
    for number in range(4):
        expected = by_all if number % 2 == 0 else by_front
        assert _parego_values(_scaled("alternate"), values, number) == pytest.approx(expected)


def test_alternating_parego_scaling_in_a_study_is_seeded() -> None:
    # In a run, proposals alternate between the scalings by trial number, and a seed fixes
    # the trials.
    def objective(t: hyperscout.Trial) -> tuple[float, float]:
        x, y = t.suggest_float("x", 0.0, 1.0), t.suggest_float("y", 0.0, 1.0)
        return x, (1.0 + 9.0 * y) * (1.0 - math.sqrt(x / (1.0 + 9.0 * y)))

    runs = []
    for _ in range(2):
        sampler = _scaled("alternate", n_startup_trials=4)
        used: list[tuple[int, str]] = []
        scaling_for = sampler._scaling_for

        def record(number: int, scaling_for: Any = scaling_for, used: Any = used) -> str:
            used.append((number, scaling_for(number)))
            return used[-1][1]

        sampler._scaling_for = record  # type: ignore[method-assign]
        study = hyperscout.create_study(directions=["minimize", "minimize"], sampler=sampler)
        study.optimize(objective, n_trials=8)
        # Trial 0 has nothing to scale; trials 1-3 are scalarised, then sampled at random.
        assert used == [(n, "all" if n % 2 == 0 else "front") for n in range(1, 8)]
        runs.append([t.params for t in study.trials])
    assert runs[0] == runs[1]


@pytest.mark.parametrize(
    ("n_finished", "n_running", "model_based"),
    [(7, 3, True), (7, 0, False), (10, 0, True), (4, 6, False)],
)
def test_running_trials_count_towards_the_random_start(
    n_finished: int, n_running: int, model_based: bool
) -> None:
    # 4 workers: the 11th trial is asked with 7 results and 3 trials running. The random start
    # counts proposals (10, as in a sequential study), provided half of them have results.
    study = hyperscout.create_study(sampler=GPSampler(seed=0, n_startup_trials=10))
    for _ in range(n_finished):
        trial = study.ask()
        study.tell(trial, (trial.suggest_float("x", -5, 5) - 1.0) ** 2)
    running = [study.ask() for _ in range(n_running)]
    for trial in running:
        trial.suggest_float("x", -5, 5)
    trial = study.ask()
    assert (trial.relative_params != {}) is model_based
    if model_based and running:
        # The kriging believer keeps the new proposal off the running points.
        x = trial.suggest_float("x", -5, 5)
        assert min(abs(x - t.params["x"]) for t in running) > 1e-3


# -- running trials: the ablation's alternatives to the kriging believer ------------------------

_PENDING_MODES = ("believer", "fantasy", "penalise", "pessimist", "ignore")


@pytest.mark.parametrize("mode", _PENDING_MODES[1:])
def test_running_trial_modes_leave_sequential_proposals_unchanged(mode: str) -> None:
    # Without running trials every mode is the plain log EI and draws nothing extra from the
    # random stream: the same proposals as the believer, bit for bit.
    runs = []
    for m in ("believer", mode):
        sampler = GPSampler(seed=3, n_startup_trials=4)
        sampler._set_ablation(pending=m)
        study = hyperscout.create_study(sampler=sampler)
        study.optimize(mixed_objective, n_trials=12)
        runs.append([t.params for t in study.trials])
    assert runs[0] == runs[1]


def _proposal_with_running(mode: str | None, running_x: list[float]) -> float:
    sampler = GPSampler(seed=0, n_startup_trials=6, deterministic_objective=True)
    if mode is not None:
        sampler._set_ablation(pending=mode)
    study = hyperscout.create_study(sampler=sampler)
    for x in np.linspace(-4.5, 4.5, 8):
        study.enqueue_trial({"x": float(x)})
        trial = study.ask()
        study.tell(trial, (trial.suggest_float("x", -5, 5) - 1.0) ** 2)
    for x in running_x:
        study.enqueue_trial({"x": x})
        study.ask().suggest_float("x", -5, 5)
    return float(study.ask().suggest_float("x", -5, 5))


@pytest.mark.parametrize("mode", _PENDING_MODES)
def test_running_trial_modes_are_seeded_and_never_repeat_a_running_point(mode: str) -> None:
    running = [1.0, 0.8, 1.2]  # around the minimum at 1, where log EI peaks
    first = _proposal_with_running(mode, running)
    assert first == _proposal_with_running(mode, running)
    assert min(abs(first - r) for r in running) > 1e-6


def test_local_penalisation_moves_a_proposal_further_from_a_running_point() -> None:
    # One trial runs at the predicted minimum: the believer keeps the mean there and only
    # shrinks the variance, local penalisation also discounts the acquisition around it.
    believer = _proposal_with_running("believer", [1.0])
    penalised = _proposal_with_running("penalise", [1.0])
    assert abs(penalised - 1.0) > abs(believer - 1.0)


def test_running_trials_are_believed_by_default() -> None:
    # Local penalisation is measured, not adopted (benchmarks/results/parallel_quality.md).
    default = _proposal_with_running(None, [1.0, 0.8, 1.2])
    assert default == _proposal_with_running("believer", [1.0, 0.8, 1.2])
    assert default != _proposal_with_running("penalise", [1.0, 0.8, 1.2])


def _small_model(seed: int = 0) -> tuple[GPModel, np.ndarray]:
    rng = np.random.RandomState(seed)
    is_cat = np.array([False, False, True])
    x = rng.rand(15, 3)
    x[:, 2] = rng.randint(0, 3, 15)
    y = np.sin(5 * x[:, 0]) + x[:, 1] ** 2 + 0.3 * x[:, 2]
    y = (y - y.mean()) / y.std()
    theta = fit_kernel_params(x, y, is_cat, noise_floor=1e-6, fit_noise=True, theta0=None)
    return GPModel(x, y, is_cat, theta, 1e-6, True), rng.rand(6, 3) * [1, 1, 0] + [0, 0, 1]


def test_batch_acquisition_gradients_match_finite_differences(
    gradient_check: Callable[..., np.ndarray],
) -> None:
    from hyperscout.samplers.gp._batch import FantasyLogEI, PenalisedLogEI

    model, xs = _small_model()
    pending = np.array([[0.2, 0.3, 0.0], [0.7, 0.1, 1.0], [0.5, 0.9, 2.0]])
    best = float(model.fitted_mean().max())
    z = np.random.RandomState(1).standard_normal((16, 3))
    for acq in (FantasyLogEI(model, pending, best, z), PenalisedLogEI(model, pending, best, xs)):
        grad = gradient_check(acq, xs, (0, 1), atol=1e-4)
        assert np.all(grad[:, 2] == 0.0)


def test_fantasy_at_the_posterior_mean_is_the_believer_with_the_incumbent_raised() -> None:
    # A single draw z = 0 puts the running points at their posterior mean: the believer's GP,
    # with the incumbent the best of the observed and the believed values.
    from hyperscout.samplers.gp._batch import FantasyLogEI, posterior_cov

    model, xs = _small_model()
    pending = np.array([[0.2, 0.3, 0.0], [0.7, 0.1, 1.0]])
    best = float(model.fitted_mean().max())
    mean_p = posterior_cov(model, pending)[0]
    fantasy = FantasyLogEI(model, pending, best, np.zeros((1, 2)))
    believer = Acquisition("logei", model.condition_on(pending, mean_p), max(best, *mean_p))
    np.testing.assert_allclose(fantasy(xs), believer(xs), rtol=1e-7, atol=1e-9)


def test_fantasy_draws_survive_a_singular_covariance_of_the_running_points() -> None:
    # A noiseless GP and three running trials within 3e-9 of an observed point: their joint
    # posterior covariance has a (rounding) negative eigenvalue, where a Cholesky factor
    # fails; the draws must still be finite.
    from hyperscout.samplers.gp._batch import FantasyLogEI, posterior_cov

    fitted, xs = _small_model()
    x, y, is_cat = fitted.x, fitted.y, fitted.is_cat
    theta = fit_kernel_params(x, y, is_cat, noise_floor=1e-6, fit_noise=False, theta0=None)
    model = GPModel(x, y, is_cat, theta, 1e-6, False)
    pending = np.vstack([x[2] + [k * 1e-9, 0.0, 0.0] for k in (1, 2, 3)])
    assert np.linalg.eigvalsh(posterior_cov(model, pending)[1]).min() < 0.0
    z = np.random.RandomState(2).standard_normal((16, 3))
    acq = FantasyLogEI(model, pending, float(model.fitted_mean().max()), z)
    value, grad = acq.value_and_grad(xs)
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(grad))
