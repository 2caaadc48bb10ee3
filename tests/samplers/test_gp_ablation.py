"""GPSampler's private ablation switches: the record that holds them and the way to set them."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from hyperscout.exceptions import InvalidArgumentError, InvalidArgumentTypeError
from hyperscout.samplers.gp import GPSampler
from hyperscout.samplers.gp._ablation import REACH, GPAblation


def test_defaults_are_the_shipped_behaviour() -> None:
    # Each default is the shipped behaviour: what GPSampler did before its switch existed, but
    # for the three warp switches, adopted as the default after their ablation; changing one
    # changes the default's seeded proposals (pinned in test_gp.py and test_composite_parego.py).
    assert GPSampler()._ablation == GPAblation()
    assert dataclasses.asdict(GPAblation()) == {
        "parego_scale": "all",
        "parego_utopia": 0.1,
        "parego_utopia_width": "scaled",
        "multi_objective": "composite",
        "acq_front_starts": 0,
        "parego_weight_draws": 1,
        "parego_redraws": 0,
        "parego_dead_redraws": 0,
        "parego_weights": "random",
        "parego_augmentation": 0.05,
        "parego_dead_ehvi": False,
        "parego_dead_blind": False,
        "parego_blind_scope": "all",
        "parego_blind_gate": "lengthscale",
        "parego_dead_floor": False,
        "objective_ls_prior": "default",
        "ehvi_reference": "front",
        "pending": "believer",
        "augmented_ei_on_ties": False,
        "reach": None,
        "exclude_noise_repeats": False,
        "ei_margin": 0.0,
        "stall_turns": True,
        "exclude_plateau_repeats": False,
        "input_warping": True,
        "warp_on_evidence": True,
        "warp_min_trials": 30,
    }


def test_record_is_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        GPAblation().reach = REACH  # type: ignore[misc]


def test_set_ablation_replaces_the_record_and_keeps_the_other_switches() -> None:
    sampler = GPSampler(seed=0)
    before = sampler._ablation
    sampler._set_ablation(multi_objective="ehvi", ehvi_reference="all")
    sampler._set_ablation(parego_redraws=2)
    assert before == GPAblation()  # not changed in place
    assert sampler._ablation == GPAblation(
        multi_objective="ehvi", ehvi_reference="all", parego_redraws=2
    )
    # One sampler's switches are not another's.
    assert GPSampler(seed=0)._ablation == GPAblation()


def test_set_ablation_refuses_an_unknown_switch_and_names_the_known_ones() -> None:
    sampler = GPSampler()
    with pytest.raises(
        InvalidArgumentError, match=r"fields of GPAblation \(parego_scale, .*got _reach"
    ):
        sampler._set_ablation(_reach=REACH)
    assert sampler._ablation == GPAblation()


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        (
            {"parego_scale": "x"},
            InvalidArgumentError,
            "parego_scale must be one of ['all', 'front', 'front-any', 'alternate'], "
            "got parego_scale='x'",
        ),
        (
            {"multi_objective": "nsga"},
            InvalidArgumentError,
            "multi_objective must be one of ['composite', 'parego', 'ehvi'], "
            "got multi_objective='nsga'",
        ),
        (
            {"ehvi_reference": "nadir"},
            InvalidArgumentError,
            "ehvi_reference must be one of ['front', 'all'], got ehvi_reference='nadir'",
        ),
        (
            {"objective_ls_prior": "hvarfner"},
            InvalidArgumentError,
            "objective_ls_prior must be one of ['default', 'long', 'one-sided', "
            "'one-sided-irrelevant'], "
            "got objective_ls_prior='hvarfner'",
        ),
        (
            {"pending": "kriging"},
            InvalidArgumentError,
            "pending must be one of ['believer', 'pessimist', 'fantasy', 'penalise', 'ignore'], "
            "got pending='kriging'",
        ),
        (
            {"parego_utopia": -0.1},
            InvalidArgumentError,
            "parego_utopia must be a finite number >= 0.0, got parego_utopia=-0.1",
        ),
        (
            {"parego_utopia": float("nan")},
            InvalidArgumentError,
            "parego_utopia must be a finite number >= 0.0, got parego_utopia=nan",
        ),
        (
            {"parego_augmentation": -0.05},
            InvalidArgumentError,
            "parego_augmentation must be a finite number >= 0.0, got parego_augmentation=-0.05",
        ),
        (
            {"acq_front_starts": -1},
            InvalidArgumentError,
            "acq_front_starts must be an int >= 0, got acq_front_starts=-1",
        ),
        (
            {"ei_margin": -0.01},
            InvalidArgumentError,
            "ei_margin must be a finite number >= 0.0, got ei_margin=-0.01",
        ),
        (
            {"parego_weights": "sobol"},
            InvalidArgumentError,
            "parego_weights must be one of ['random', 'lattice', 'targets', 'floor-targets'], "
            "got parego_weights='sobol'",
        ),
        (
            {"parego_utopia_width": "all"},
            InvalidArgumentError,
            "parego_utopia_width must be one of ['scaled', 'front', 'alternate'], got "
            "parego_utopia_width='all'",
        ),
        (
            {"parego_weight_draws": 0},
            InvalidArgumentError,
            "parego_weight_draws must be an int >= 1, got parego_weight_draws=0",
        ),
        (
            {"warp_min_trials": -1},
            InvalidArgumentError,
            "warp_min_trials must be an int >= 0, got warp_min_trials=-1",
        ),
        (
            {"warp_min_trials": 30.0},
            InvalidArgumentTypeError,
            "warp_min_trials must be an int >= 0, got warp_min_trials=30.0",
        ),
        (
            {"parego_redraws": 1.5},
            InvalidArgumentTypeError,
            "parego_redraws must be an int >= 0, got parego_redraws=1.5",
        ),
        (
            {"parego_dead_blind": 1},
            InvalidArgumentTypeError,
            "parego_dead_blind must be a bool, got parego_dead_blind=1",
        ),
        (
            {"parego_blind_scope": "live"},
            InvalidArgumentError,
            "parego_blind_scope must be one of ['all', 'dead'], got parego_blind_scope='live'",
        ),
        (
            {"parego_blind_gate": "share"},
            InvalidArgumentError,
            "parego_blind_gate must be one of ['lengthscale', 'lengthscale-and-share'], "
            "got parego_blind_gate='share'",
        ),
        (
            {"augmented_ei_on_ties": 1},
            InvalidArgumentTypeError,
            "augmented_ei_on_ties must be a bool, got augmented_ei_on_ties=1",
        ),
        (
            {"reach": 0.0},
            InvalidArgumentError,
            "reach must be None or a finite number > 0.0, got reach=0.0",
        ),
        (
            {"reach": float("inf")},
            InvalidArgumentError,
            "reach must be None or a finite number > 0.0, got reach=inf",
        ),
        (
            {"exclude_noise_repeats": "yes"},
            InvalidArgumentTypeError,
            "exclude_noise_repeats must be a bool, got exclude_noise_repeats='yes'",
        ),
        (
            {"exclude_plateau_repeats": None},
            InvalidArgumentTypeError,
            "exclude_plateau_repeats must be a bool, got exclude_plateau_repeats=None",
        ),
    ],
)
def test_invalid_switches_state_the_rule_and_echo_the_value(
    changes: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as direct:
        GPAblation(**changes)
    assert str(direct.value) == message
    sampler = GPSampler()
    with pytest.raises(error) as through_sampler:
        sampler._set_ablation(**changes)
    assert str(through_sampler.value) == message
    assert sampler._ablation == GPAblation()  # a refused change leaves the switches alone


def test_values_are_stored_as_the_declared_types() -> None:
    record = GPAblation(parego_utopia=0, acq_front_starts=np.int64(3), reach=np.float64(2.0))
    assert type(record.parego_utopia) is float
    assert type(record.acq_front_starts) is int
    assert type(record.reach) is float
    assert type(GPAblation(augmented_ei_on_ties=np.bool_(True)).augmented_ei_on_ties) is bool


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_an_ei_margin_keeps_the_random_start_and_sends_proposals_away_from_the_incumbent(
    seed: int,
) -> None:
    # With the margin (in sds of the standardised objective), EI credits only improvement beyond
    # the incumbent plus the margin, which a confident model next to the incumbent cannot offer:
    # a large margin turns the search into exploration. 0.0, the default, is plain log EI.
    import hyperscout

    def proposals(margin: float) -> np.ndarray:
        sampler = GPSampler(seed=seed)
        sampler._set_ablation(ei_margin=margin)
        study = hyperscout.create_study(sampler=sampler)
        study.optimize(lambda t: (t.suggest_float("x", -5, 5) - 1.0) ** 2, n_trials=25)
        return np.array([t.params["x"] for t in study.trials])

    plain, wide = proposals(0.0), proposals(2.0)
    assert (plain[:10] == wide[:10]).all()
    assert np.median(np.abs(plain[10:] - 1.0)) < 0.1
    assert np.median(np.abs(wide[10:] - 1.0)) > 1.0
