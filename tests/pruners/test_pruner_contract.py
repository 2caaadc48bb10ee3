"""The exported pruner contract (hyperscout.testing.PrunerContract) on every built-in pruner."""

from __future__ import annotations

from hyperscout import pruners
from hyperscout.testing import PrunerContract


class TestMedianPruner(PrunerContract):
    def make_pruner(self) -> pruners.BasePruner:
        return pruners.MedianPruner(n_startup_trials=2)


class TestPercentilePruner(PrunerContract):
    def make_pruner(self) -> pruners.BasePruner:
        return pruners.PercentilePruner(25.0, n_startup_trials=2)


class TestSuccessiveHalvingPruner(PrunerContract):
    def make_pruner(self) -> pruners.BasePruner:
        return pruners.SuccessiveHalvingPruner()


class TestHyperbandPruner(PrunerContract):
    def make_pruner(self) -> pruners.BasePruner:
        return pruners.HyperbandPruner(min_resource=1, max_resource=8)


class TestThresholdPruner(PrunerContract):
    def make_pruner(self) -> pruners.BasePruner:
        return pruners.ThresholdPruner(upper=1.5)


class TestPatientPruner(PrunerContract):
    def make_pruner(self) -> pruners.BasePruner:
        return pruners.PatientPruner(pruners.MedianPruner(n_startup_trials=2), patience=1)


class TestWilcoxonPruner(PrunerContract):
    def make_pruner(self) -> pruners.BasePruner:
        return pruners.WilcoxonPruner(p_threshold=0.1)


class TestNopPruner(PrunerContract):
    def make_pruner(self) -> pruners.BasePruner:
        return pruners.NopPruner()


def test_every_pruner_is_covered() -> None:
    covered = {
        name.removeprefix("Test") for name in globals() if name.startswith("Test")
    }
    exported = {name for name in pruners.__all__ if name != "BasePruner"}
    assert exported <= covered, exported - covered
