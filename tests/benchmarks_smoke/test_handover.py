"""The GP/TPE hand-over of the benchmark's ablation (``benchmarks/bbo/variants.py``): it hands
proposals to the TPE only when the TPE's stored predictions were the better ones."""

from __future__ import annotations

import math

import pytest

import hyperscout
from benchmarks.bbo.variants import (
    HANDOVER_PREFIX,
    HandoverJudgeSampler,
    HandoverSampler,
    handover_log_bf,
)
from hyperscout.distributions import FloatDistribution
from hyperscout.samplers.gp import GPSampler
from hyperscout.trial import create_trial

SPACE = {"x": FloatDistribution(-5.0, 5.0), "y": FloatDistribution(-5.0, 5.0)}


def _events(n: int) -> list[bool]:
    return [i % 3 == 0 for i in range(n)]  # a third of the trials enter the good group


def _records(n: int, sharp: str) -> list[tuple[float, float, bool]]:
    """The ``sharp`` model gives 0.8 to events and 0.2 to non-events; the other 0.4 always."""
    out = []
    for ev in _events(n):
        good = 0.8 if ev else 0.2
        out.append((good, 0.4, ev) if sharp == "gp" else (0.4, good, ev))
    return out


def test_log_bf_needs_enough_records_and_has_the_right_sign() -> None:
    assert handover_log_bf(_records(9, "tpe")) is None
    assert handover_log_bf(_records(20, "tpe")) >= math.log(10.0)
    assert handover_log_bf(_records(20, "gp")) <= -math.log(10.0)
    # Only the last 20 count: old evidence for the TPE is forgotten.
    assert handover_log_bf(_records(30, "tpe") + _records(20, "gp")) < 0


def _study(n: int, sharp: str) -> hyperscout.Study:
    """A study of ``n`` finished trials whose stored probabilities favour ``sharp``."""
    study = hyperscout.create_study(sampler=HandoverSampler(seed=0), direction="minimize")
    for i, ((p_gp, p_tpe, ev), _) in enumerate(zip(_records(n, sharp), range(n))):
        # Threshold 0.5: a value of 0 beats it (event), 1 does not.
        attrs = {
            HANDOVER_PREFIX + "p_gp": p_gp,
            HANDOVER_PREFIX + "p_tpe": p_tpe,
            HANDOVER_PREFIX + "threshold": 0.5,
        }
        study.add_trial(
            create_trial(
                value=0.0 if ev else 1.0,
                params={"x": float(i % 7) - 3.0, "y": float(i % 5) - 2.0},
                distributions=SPACE,
                system_attrs=attrs,
            )
        )
    return study


@pytest.mark.parametrize(
    ("n", "sharp", "expected"),
    [(20, "tpe", "tpe"), (20, "gp", "gp"), (9, "tpe", "gp")],
)
def test_hands_over_only_on_evidence_for_the_tpe(n: int, sharp: str, expected: str) -> None:
    study = _study(n, sharp)
    trial = study.ask(SPACE)
    assert study.trials[-1].system_attrs[HANDOVER_PREFIX + "proposer"] == expected
    study.tell(trial, 0.3)


def _objective(trial: hyperscout.Trial) -> float:
    x = trial.suggest_float("x", -5.0, 5.0)
    y = trial.suggest_float("y", -5.0, 5.0)
    return (x - 1.0) ** 2 + abs(y + 0.5) + 0.5 * math.sin(3.0 * x)


@pytest.mark.parametrize("cls", [HandoverSampler, HandoverJudgeSampler])
def test_is_the_gp_for_the_first_20_trials_and_stores_both_predictions(cls: type) -> None:
    ref = hyperscout.create_study(sampler=GPSampler(seed=3))
    ref.optimize(_objective, n_trials=20)
    study = hyperscout.create_study(sampler=cls(seed=3))
    study.optimize(_objective, n_trials=20)
    assert [t.value for t in study.trials] == [t.value for t in ref.trials]
    scored = [t for t in study.trials if HANDOVER_PREFIX + "p_gp" in t.system_attrs]
    assert [t.number for t in scored] == list(range(10, 20))
    for t in scored:
        assert 0.0 <= t.system_attrs[HANDOVER_PREFIX + "p_gp"] <= 1.0
        assert 0.0 <= t.system_attrs[HANDOVER_PREFIX + "p_tpe"] <= 1.0
