"""The contract every sampler keeps, as a test suite a sampler's author can run.

Subclass :class:`SamplerContract` in a pytest module under a name that starts with ``Test`` and
say how to build the sampler::

    from hyperscout.testing import SamplerContract

    class TestMySampler(SamplerContract):
        def make_sampler(self, seed):
            return MySampler(seed=seed)

pytest then runs every check below on it: values inside their spaces, seeded determinism,
conditional spaces, failed and pruned trials in the history, and the same sequence on SQLite as
in memory. A sampler with a fixed space (a grid) overrides :meth:`SamplerContract.make_sampler`
to cover :data:`CONTRACT_PARAMETERS`.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import hyperscout
from hyperscout.exceptions import InvalidArgumentError
from hyperscout.samplers import BaseSampler
from hyperscout.trial import Trial, TrialState

__all__ = ["CONTRACT_PARAMETERS", "SamplerContract", "mixed_objective"]

# Every parameter the contract's objectives suggest, with values inside their distributions:
# what a fixed-space sampler (GridSampler) must cover.
CONTRACT_PARAMETERS: dict[str, list[Any]] = {
    "a": [-1.5, 0.0, 1.5],
    "b": [1e-3, 0.1],
    "c": [0.25, 0.75],
    "d": [2, 16],
    "e": [3, 9],
    "f": ["x", None],
    "kind": ["linear", "tree"],
    "alpha": [0.01, 1.0],
    "depth": [2, 7],
    "x": [0.2, 0.8],
}


def mixed_objective(trial: Trial) -> float:
    """Every kind of distribution: float, log float, stepped float, log int, stepped int,
    categorical with mixed types."""
    a = trial.suggest_float("a", -2, 2)
    b = trial.suggest_float("b", 1e-4, 1, log=True)
    c = trial.suggest_float("c", 0, 1, step=0.25)
    d = trial.suggest_int("d", 1, 64, log=True)
    e = trial.suggest_int("e", 0, 12, step=3)
    f = trial.suggest_categorical("f", ["x", 2, None, 1.5])
    return a**2 + b + c + d / 64 + e / 12 + (0.0 if f == "x" else 1.0)


def _conditional_objective(trial: Trial) -> float:
    kind = trial.suggest_categorical("kind", ["linear", "tree"])
    if kind == "linear":
        return trial.suggest_float("alpha", 1e-3, 10, log=True)
    return trial.suggest_int("depth", 1, 10) / 10


class SamplerContract:
    """Checks every sampler must pass. Override :meth:`make_sampler`."""

    n_trials = 20

    def make_sampler(self, seed: int | None) -> BaseSampler:
        """A new sampler seeded with ``seed``."""
        raise NotImplementedError("override make_sampler(seed) to return your sampler")

    def _params(self, seed: int | None, n: int = 12) -> list[dict[str, Any]]:
        study = hyperscout.create_study(sampler=self.make_sampler(seed))
        study.optimize(mixed_objective, n_trials=n)
        return [dict(t.params) for t in study.trials]

    def test_values_stay_inside_their_distributions(self) -> None:
        study = hyperscout.create_study(sampler=self.make_sampler(0))
        study.optimize(mixed_objective, n_trials=self.n_trials)
        assert study.trials, "the sampler ran no trial"
        for t in study.trials:
            assert t.state == TrialState.COMPLETE, (t.number, t.state)
            for name, dist in t.distributions.items():
                assert dist._contains(dist.to_internal_repr(t.params[name])), (name, t.params)
            assert isinstance(t.params["d"], int) and isinstance(t.params["e"], int)

    def test_same_seed_same_sequence_different_seed_different(self) -> None:
        assert self._params(7) == self._params(7)
        assert self._params(7) != self._params(8)

    def test_conditional_spaces(self) -> None:
        study = hyperscout.create_study(sampler=self.make_sampler(1))
        with warnings.catch_warnings():
            # A sampler may tell its user that it samples a conditional parameter on its own;
            # this test checks the trials, not that notice.
            warnings.simplefilter("ignore", UserWarning)
            study.optimize(_conditional_objective, n_trials=25)
        assert all(t.state == TrialState.COMPLETE for t in study.trials)
        for t in study.trials:
            expected = {"kind", "alpha"} if t.params["kind"] == "linear" else {"kind", "depth"}
            assert set(t.params) == expected

    def test_failed_and_pruned_trials_in_the_history(self) -> None:
        def objective(trial: Trial) -> float:
            x = trial.suggest_float("x", 0, 1)
            if trial.number % 3 == 1:
                trial.report(x, 0)
                raise hyperscout.TrialPruned()
            if trial.number % 3 == 2:
                raise InvalidArgumentError("boom")
            return x

        study = hyperscout.create_study(sampler=self.make_sampler(2))
        study.optimize(objective, n_trials=24, catch=(ValueError,))
        states = [t.state for t in study.trials]
        assert states.count(TrialState.COMPLETE) == 8
        assert states.count(TrialState.PRUNED) == 8
        assert states.count(TrialState.FAIL) == 8

    def test_same_sequence_on_sqlite_as_in_memory(self, tmp_path: Path) -> None:
        url = f"sqlite:///{tmp_path / 'sampler.db'}"
        on_disk = hyperscout.create_study(storage=url, sampler=self.make_sampler(4))
        on_disk.optimize(mixed_objective, n_trials=12)
        memory = hyperscout.create_study(sampler=self.make_sampler(4))
        memory.optimize(mixed_objective, n_trials=12)
        assert [t.params for t in on_disk.trials] == [t.params for t in memory.trials]
