"""A two-armed bandit that hands each trial to a Gaussian-process or a TPE proposer."""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.distributions import BaseDistribution
from hyperscout.exceptions import InvalidArgumentError
from hyperscout.samplers._base import BaseSampler, reseed_sampler
from hyperscout.study._direction import StudyDirection
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["PROPOSER_ATTR", "BanditSampler"]

#: System attribute naming the proposer of a trial: ``"gp"``, ``"tpe"`` or ``"startup"``.
PROPOSER_ATTR = "bandit:proposer"
_ARMS = ("gp", "tpe")


class BanditSampler(BaseSampler):
    """Chooses, for every trial, whether a GP or a TPE sampler proposes it (one objective).

    The choice is Thompson sampling over two arms. A trial *succeeds* when its value beats the
    ``quantile`` of the values of the complete trials numbered before it (with ``0.75``: it
    lands in their best quarter); each arm's successes and failures, every one weighted by
    ``discount ** age`` (``age`` in trials, so the choice follows whichever proposer has done
    well *recently*), give a ``Beta(1 + successes, 1 + failures)`` posterior, one draw is made
    from each, and the higher draw proposes the trial. The GP tends to win while the budget is
    small and the objective smooth; the TPE tends to take over on plateaus and steps (which
    cross-validated scores of trees have) and late in long studies; the bandit follows what
    the study itself shows instead of a fixed rule (``benchmarks/results/bbo/ablation.md``).

    - ``gp``, ``tpe``: the two proposers (by default a ``GPSampler`` and a
      ``TPESampler(multivariate=True, group=True)``, both seeded with ``seed``). Parameters
      outside the GP's search space (conditional ones) and the first ``n_startup_trials``
      trials are always sampled by ``tpe`` (at random during its own startup).
    - ``n_startup_trials``: complete trials before the bandit starts choosing.
    - ``quantile``, ``discount``: see above; ``0.95`` halves an outcome's weight in 14 trials.

    The proposer of each trial is stored on it as the system attribute :data:`PROPOSER_ATTR`,
    and the posterior is rebuilt from the stored trials at every choice, so it is the same after
    a restart and shared by every worker of a study. With ``seed``, the draw for a trial depends
    only on the seed, the trial's number and the history, so runs repeat exactly.
    """

    def __init__(
        self,
        *,
        seed: int | None = None,
        gp: BaseSampler | None = None,
        tpe: BaseSampler | None = None,
        n_startup_trials: int = 10,
        quantile: float = 0.75,
        discount: float = 0.95,
    ) -> None:
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, Integral)):
            raise InvalidArgumentError(f"seed must be an integer or None, got seed={seed!r}")
        for name, member in (("gp", gp), ("tpe", tpe)):
            if member is not None and not isinstance(member, BaseSampler):
                raise InvalidArgumentError(
                    f"{name} must be a sampler (a BaseSampler) or None, got {name}={member!r}"
                )
        if (
            isinstance(n_startup_trials, bool)
            or not isinstance(n_startup_trials, Integral)
            or n_startup_trials < 0
        ):
            raise InvalidArgumentError(
                "n_startup_trials must be an integer >= 0, got "
                f"n_startup_trials={n_startup_trials!r}"
            )
        for name, value in (("quantile", quantile), ("discount", discount)):
            if isinstance(value, bool) or not isinstance(value, Real) or not 0.0 < value <= 1.0:
                raise InvalidArgumentError(f"{name} must be in (0, 1], got {name}={value!r}")
        if quantile >= 1.0:
            raise InvalidArgumentError(f"quantile must be in (0, 1), got quantile={quantile!r}")
        from hyperscout.samplers.gp import GPSampler
        from hyperscout.samplers.tpe import TPESampler

        self._seed: int | None = None if seed is None else int(seed)
        self._n_startup: int = int(n_startup_trials)
        self._quantile: float = float(quantile)
        self._discount: float = float(discount)
        # The GP never samples a parameter on its own here (sample_independent goes to the
        # TPE), so its warning about that would be noise; the TPE models conditional
        # parameters jointly within their groups.
        self._members: dict[str, BaseSampler] = {
            "gp": gp
            if gp is not None
            else GPSampler(
                seed=seed, n_startup_trials=n_startup_trials, warn_independent_sampling=False
            ),
            "tpe": tpe
            if tpe is not None
            else TPESampler(
                seed=seed, n_startup_trials=n_startup_trials, multivariate=True, group=True
            ),
        }
        # trial_id -> proposer, for the trials this process is sampling (the storage has them too)
        self._chosen: dict[int, str] = {}
        self._lock: threading.Lock = threading.Lock()
        self._stream: int | None = None

    @property
    def gp(self) -> BaseSampler:
        return self._members["gp"]

    @property
    def tpe(self) -> BaseSampler:
        return self._members["tpe"]

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def reseed_rng(self, stream: int | None = None) -> None:
        self._stream = stream
        for member in self._members.values():
            reseed_sampler(member, stream)

    # --- the choice ----------------------------------------------------------------------------
    def posterior(self, study: Study, before: int) -> dict[str, tuple[float, float]]:
        """``(alpha, beta)`` of each proposer's discounted Beta posterior, from the complete
        trials numbered below ``before``."""
        finished = sorted(
            (t.number, float(t.values[0]), t.system_attrs.get(PROPOSER_ATTR))
            for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
            if t.number < before and t.values is not None and math.isfinite(t.values[0])
        )
        sign = -1.0 if study.directions[0] == StudyDirection.MAXIMIZE else 1.0
        ab = {arm: [1.0, 1.0] for arm in _ARMS}
        earlier: list[float] = []
        for number, value, arm in finished:
            loss = sign * value
            # Two earlier values at least, so that "beats the quantile" means something.
            if arm in ab and len(earlier) >= 2:
                threshold = float(np.quantile(earlier, 1.0 - self._quantile))
                weight = self._discount ** (before - 1 - number)
                ab[arm][0 if loss < threshold else 1] += weight
            earlier.append(loss)
        return {arm: (a, b) for arm, (a, b) in ab.items()}

    def choose(self, study: Study, trial: FrozenTrial) -> str:
        """The proposer of ``trial``: ``"startup"``, ``"gp"`` or ``"tpe"``."""
        if len(study.directions) != 1:
            raise InvalidArgumentError(
                "BanditSampler handles one objective; use GPSampler or an NSGA sampler for several"
            )
        n_done = sum(
            1
            for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
            if t.number < trial.number
        )
        if n_done < self._n_startup:
            return "startup"
        post = self.posterior(study, trial.number)
        # One generator per (seed, [stream,] trial number): the same history gives the same
        # choice in any process, also after a restart.
        key = None if self._seed is None else [self._seed, trial.number]
        if key is not None and self._stream is not None:
            key.insert(1, self._stream)
        rng = np.random.default_rng(key)
        draws = {arm: float(rng.beta(a, b)) for arm, (a, b) in post.items()}
        return max(_ARMS, key=lambda arm: draws[arm])

    def _arm(self, trial: FrozenTrial) -> str:
        arm = self._chosen.get(trial.trial_id) or trial.system_attrs.get(PROPOSER_ATTR)
        return arm if arm in self._members else "tpe"

    # --- the sampler seam ----------------------------------------------------------------------
    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        arm = self.choose(study, trial)
        with self._lock:
            self._chosen[trial.trial_id] = arm
        study.storage.set_trial_system_attr(trial.trial_id, PROPOSER_ATTR, arm)
        for member in self._members.values():
            member.before_trial(study, trial)

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        return self._members[self._arm(trial)].infer_relative_search_space(study, trial)

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        return self._members[self._arm(trial)].sample_relative(study, trial, search_space)

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        # The TPE models parameters that only some trials have; the GP cannot.
        return self.tpe.sample_independent(study, trial, param_name, param_distribution)

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        for member in self._members.values():
            member.after_trial(study, trial, state, values)
        with self._lock:
            self._chosen.pop(trial.trial_id, None)
