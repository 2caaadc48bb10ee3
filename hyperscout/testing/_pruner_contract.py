"""The contract every pruner keeps, as a test suite a pruner's author can run.

Subclass :class:`PrunerContract` in a pytest module under a name that starts with ``Test``::

    from hyperscout.testing import PrunerContract

    class TestMyPruner(PrunerContract):
        def make_pruner(self):
            return MyPruner()

The checks use scripted report histories (no randomness): a trial with no report is never
pruned, ``prune`` answers a plain bool at every step (NaN and infinite reports included, either
direction), the same history gives the same decisions, on SQLite as in memory, and a
study driven by ``optimize`` stores every trial as COMPLETE or PRUNED.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import hyperscout
from hyperscout.pruners import BasePruner
from hyperscout.study import Study
from hyperscout.trial import Trial, TrialState

__all__ = ["PrunerContract"]

# Finished trials: learning curves of different quality over 8 steps.
_HISTORY = [[1.0 / (1 + k * step) + 0.1 * k for step in range(8)] for k in range(1, 9)]
# A live trial that is worse than every finished one at every step.
_HOPELESS = [2.0 + step * 0.01 for step in range(8)]


def _with_history(pruner: BasePruner, storage: str | None, direction: str) -> Study:
    sign = 1.0 if direction == "minimize" else -1.0
    study = hyperscout.create_study(storage=storage, pruner=pruner, direction=direction)
    for curve in _HISTORY:
        study.add_trial(
            hyperscout.create_trial(
                value=sign * curve[-1],
                intermediate_values={s: sign * v for s, v in enumerate(curve)},
            )
        )
    return study


def _decisions(study: Study, curve: list[float], sign: float) -> list[bool]:
    trial = study.ask()
    out = []
    for step, value in enumerate(curve):
        trial.report(sign * value, step)
        frozen = study.get_trials(deepcopy=False, states=(TrialState.RUNNING,))[-1]
        decision = study.pruner.prune(study, frozen)
        assert isinstance(decision, bool), f"should_prune must return a bool, got {decision!r}"
        out.append(decision)
    if any(out):
        study.tell(trial, state=TrialState.PRUNED)
    else:
        study.tell(trial, sign * curve[-1])
    return out


class PrunerContract:
    """Checks every pruner must pass. Override :meth:`make_pruner`."""

    def make_pruner(self) -> BasePruner:
        """A new pruner."""
        raise NotImplementedError("override make_pruner() to return your pruner")

    def test_a_trial_without_reports_is_not_pruned(self) -> None:
        study = _with_history(self.make_pruner(), None, "minimize")
        study.ask()
        running = study.get_trials(deepcopy=False, states=(TrialState.RUNNING,))[-1]
        assert study.pruner.prune(study, running) is False

    def test_the_same_history_gives_the_same_decisions(self) -> None:
        first = _decisions(_with_history(self.make_pruner(), None, "minimize"), _HOPELESS, 1.0)
        second = _decisions(_with_history(self.make_pruner(), None, "minimize"), _HOPELESS, 1.0)
        assert first == second

    def test_a_maximised_study_is_answered(self) -> None:
        # Relative pruners decide alike in both directions; absolute ones (thresholds) need not.
        _decisions(_with_history(self.make_pruner(), None, "maximize"), _HOPELESS, -1.0)

    def test_sqlite_decides_as_memory(self, tmp_path: Path) -> None:
        url = f"sqlite:///{tmp_path / 'pruner.db'}"
        memory = _decisions(_with_history(self.make_pruner(), None, "minimize"), _HOPELESS, 1.0)
        on_disk = _decisions(_with_history(self.make_pruner(), url, "minimize"), _HOPELESS, 1.0)
        assert memory == on_disk

    def test_nan_and_infinite_reports_are_answered(self) -> None:
        study = _with_history(self.make_pruner(), None, "minimize")
        with warnings.catch_warnings():
            # A pruner may warn that it does not judge a NaN report; this test checks that
            # every report gets an answer.
            warnings.simplefilter("ignore", UserWarning)
            _decisions(study, [math.nan, math.inf, 0.5, -math.inf, math.nan, 0.4, 0.3, 0.2], 1.0)

    def test_optimize_stores_complete_or_pruned(self) -> None:
        def objective(trial: Trial) -> float:
            x = trial.suggest_float("x", 0, 1)
            for step in range(6):
                trial.report(x + 1.0 / (1 + step), step)
                if trial.should_prune():
                    raise hyperscout.TrialPruned()
            return x

        study = hyperscout.create_study(
            pruner=self.make_pruner(), sampler=hyperscout.samplers.RandomSampler(seed=0)
        )
        study.optimize(objective, n_trials=20)
        states = {t.state for t in study.trials}
        assert len(study.trials) == 20
        assert states <= {TrialState.COMPLETE, TrialState.PRUNED}
