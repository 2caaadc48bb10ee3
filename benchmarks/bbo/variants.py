"""Candidate default samplers measured by the ablation in ``results/bbo/ablation.md``.

Experiments only: a variant moves into :mod:`hyperscout.samplers` if it wins on the whole
suite. Each is a sampler built from hyperscout's GP and TPE samplers.

- :class:`BanditSampler` (``hs-bandit``): a two-armed bandit between the GP (log EI) and the
  TPE inside one study. Every trial after the startup ones is proposed by one of them, chosen by
  Thompson sampling on a discounted Beta posterior of each proposer's success rate, where a
  trial succeeds when its value is in the best quarter of the trials that finished before it.
  The choice is recorded on the trial (system attribute), and the posterior is recomputed
  from the stored trials each time, so it survives restarts and is shared by workers.
- :class:`GPPriorBanditSampler` (``hs-bandit-gpprior``): the same bandit with a prior that
  favours the GP and is never discounted: one pseudo-success for the GP arm and one
  pseudo-failure for the TPE arm (``Beta(2, 1)`` against ``Beta(1, 2)`` before any evidence, so
  the TPE wins a first draw with probability 1/6 instead of 1/2). Evidence overrides it: the
  discounted counts of either arm reach about 20 trials' weight against the prior's one. Its
  random start counts running trials as the GP's does (``startup_done``), which changes
  nothing sequentially.
- :class:`GPHedgeSampler` (``hs-gphedge``): the GP with a portfolio of acquisitions (log EI,
  log PI, UCB) chosen per proposal by Hedge on the gains of Hoffman, Brochu & de Freitas (2011):
  each acquisition nominates a point, one nominee is evaluated, and every acquisition's gain
  grows by the refitted model's posterior mean at its own nominee.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.distributions import BaseDistribution
from hyperscout.samplers._base import BaseSampler, startup_done
from hyperscout.samplers.gp import GPSampler
from hyperscout.samplers.tpe import TPESampler
from hyperscout.study._direction import StudyDirection
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = [
    "AugmentedEIGPSampler",
    "TiesAugmentedEIGPSampler",
    "BanditSampler",
    "GPHedgeSampler",
    "GPPriorBanditSampler",
]

PROPOSER_KEY = "bandit:proposer"


class BanditSampler(BaseSampler):
    """Thompson sampling between a GP and a TPE proposer (see the module docstring).

    ``quantile``: a trial succeeds when it beats this fraction of the earlier finished trials'
    values (0.75: it lands in their best quarter). ``discount``: each proposer's older outcomes
    count ``discount**age`` (age counted in the study's trials), so the choice follows a
    proposer whose trials have recently become better; 0.95 halves an outcome's weight after
    about 14 trials.
    """

    ARMS = ("gp", "tpe")

    def __init__(
        self,
        *,
        seed: int | None = None,
        n_startup_trials: int = 10,
        quantile: float = 0.75,
        discount: float = 0.95,
    ) -> None:
        self._seed = seed
        self._n_startup = n_startup_trials
        self._quantile = quantile
        self._discount = discount
        self._members: dict[str, BaseSampler] = {
            "gp": GPSampler(seed=seed, n_startup_trials=n_startup_trials),
            "tpe": TPESampler(seed=seed, n_startup_trials=n_startup_trials),
        }
        self._chosen: dict[int, str] = {}  # trial_id -> arm, for this process's own trials

    # --- the choice ------------------------------------------------------------------------
    def posterior(self, study: Study, before: int) -> dict[str, tuple[float, float]]:
        """Discounted Beta(1 + successes, 1 + failures) per arm from the finished trials whose
        number is below ``before`` and that record a proposer."""
        finished = [
            t
            for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
            if t.number < before and t.values is not None and math.isfinite(t.values[0])
        ]
        finished.sort(key=lambda t: t.number)
        sign = -1.0 if study.directions[0] == StudyDirection.MAXIMIZE else 1.0
        ab = {arm: [1.0, 1.0] for arm in self.ARMS}
        earlier: list[float] = []
        for t in finished:
            loss = sign * float(t.values[0])
            arm = t.system_attrs.get(PROPOSER_KEY)
            if arm in ab and len(earlier) >= 2:
                threshold = float(np.quantile(earlier, 1.0 - self._quantile))
                w = self._discount ** (before - 1 - t.number)
                ab[arm][0 if loss < threshold else 1] += w
            earlier.append(loss)
        return {arm: (a, b) for arm, (a, b) in ab.items()}

    def choose(self, study: Study, trial: FrozenTrial) -> str:
        n_done = sum(
            1
            for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
            if t.number < trial.number
        )
        if n_done < self._n_startup:
            return "startup"
        post = self.posterior(study, trial.number)
        # One generator per (seed, trial number): the same history gives the same choice in any
        # process, also after a restart.
        rng = np.random.default_rng(None if self._seed is None else [self._seed, trial.number])
        draws = {arm: rng.beta(a, b) for arm, (a, b) in post.items()}
        return max(self.ARMS, key=lambda arm: draws[arm])

    def _arm(self, trial: FrozenTrial) -> str:
        arm = self._chosen.get(trial.trial_id) or trial.system_attrs.get(PROPOSER_KEY)
        return arm if arm in self._members else "tpe"

    # --- the sampler seam ------------------------------------------------------------------
    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        arm = self.choose(study, trial)
        self._chosen[trial.trial_id] = arm
        study.storage.set_trial_system_attr(trial.trial_id, PROPOSER_KEY, arm)
        for m in self._members.values():
            m.before_trial(study, trial)

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
        return self._members[self._arm(trial)].sample_independent(
            study, trial, param_name, param_distribution
        )

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        for m in self._members.values():
            m.after_trial(study, trial, state, values)
        self._chosen.pop(trial.trial_id, None)


class GPPriorBanditSampler(BanditSampler):
    """:class:`BanditSampler` whose Beta priors favour the GP, undiscounted.

    ``prior``: extra pseudo-counts ``(GP successes, TPE failures)`` added after discounting, so
    they never fade: ``Beta(1 + 1 + s, 1 + f)`` for the GP and ``Beta(1 + s, 1 + 1 + f)`` for
    the TPE with ``prior = (1, 1)``. Chosen up front, not tuned: the smallest whole pseudo-count
    on each side, which makes the TPE's share of the first model-based trials about 1/6 (the
    bandit's was 1/2, and that half is what it lost at 20 evaluations), while the priors' means
    (2/3 for the GP, 1/3 for the TPE) stay above the success rates of late trials (a trial lands
    in the best quarter less and less often), so an arm that has not been tried for a while is
    still explored and the TPE can take over when its recent trials do better.
    """

    def __init__(self, *, prior: tuple[float, float] = (1.0, 1.0), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._prior = prior

    def posterior(self, study: Study, before: int) -> dict[str, tuple[float, float]]:
        post = super().posterior(study, before)
        (ga, gb), (ta, tb) = post["gp"], post["tpe"]
        return {"gp": (ga + self._prior[0], gb), "tpe": (ta, tb + self._prior[1])}

    def choose(self, study: Study, trial: FrozenTrial) -> str:
        trials = study.get_trials(deepcopy=False)
        n_done = sum(
            1 for t in trials if t.state == TrialState.COMPLETE and t.number < trial.number
        )
        n_running = sum(
            1 for t in trials if t.state == TrialState.RUNNING and t.number != trial.number
        )
        if not startup_done(n_done, n_running, self._n_startup):
            return "startup"
        post = self.posterior(study, trial.number)
        rng = np.random.default_rng(None if self._seed is None else [self._seed, trial.number])
        draws = {arm: rng.beta(a, b) for arm, (a, b) in post.items()}
        return max(self.ARMS, key=lambda arm: draws[arm])


class GPHedgeSampler(GPSampler):
    """``GPSampler`` whose acquisition is chosen per proposal by GP-Hedge (Hoffman et al. 2011).

    ``eta``: Hedge's learning rate on the gains, which are sums of posterior means on the GP's
    standardised scale (1.0, as in scikit-optimize's ``gp_hedge``).
    """

    KINDS = ("logei", "pi", "ucb")

    def __init__(self, *, eta: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._eta = eta
        self._gains = np.zeros(len(self.KINDS))
        self._nominees: np.ndarray | None = None  # encoded nominees of the last proposal
        self.history: list[str] = []  # the acquisition behind each proposal

    @contextlib.contextmanager
    def _portfolio(self) -> Iterator[None]:
        from hyperscout.samplers.gp import _sampler as mod
        from hyperscout.samplers.gp._acquisition import Acquisition

        original = mod.maximize_acquisition

        def hedge(acq: Any, _value_and_grad: Any, enc: Any, rng: Any, **kw: Any) -> np.ndarray:
            model = acq.model
            if self._nominees is not None and self._nominees.shape[1] == model.x.shape[1]:
                # The gains of the last round, under the model that has seen its outcome.
                self._gains += model.predict(self._nominees)[0]
            nominees = []
            for kind in self.KINDS:
                a = Acquisition(kind, model, acq.best, self._ucb_beta)
                nominees.append(original(a, a.value_and_grad, enc, rng, **kw))
            self._nominees = np.array(nominees)
            logits = self._eta * (self._gains - self._gains.max())
            p = np.exp(logits) / np.exp(logits).sum()
            k = int(rng.choice(len(self.KINDS), p=p))
            self.history.append(self.KINDS[k])
            return nominees[k]

        mod.maximize_acquisition = hedge
        try:
            yield
        finally:
            mod.maximize_acquisition = original

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        with self._portfolio():
            return super().sample_relative(study, trial, search_space)


# --------------------------------------------------------------------------- hs-tpe-noprior
# Screen of the TPE's kernel bandwidths (results/bbo/ablation.md, "TPE kernels without the
# prior as a neighbour"). Self-contained block: it touches nothing above.


class TPENoPriorNeighbourSampler(TPESampler):
    """``TPESampler`` (``hs-tpe-noprior``) whose observation kernels are sized by their
    neighbours among the observations alone; the prior's centre is not one of them. The prior
    kernel still enters both mixtures with the same width and weight. Everything else is
    ``TPESampler``'s defaults."""

    _prior_as_neighbour = False


# --------------------------------------------------------------------------- hs-gp-aei
# The GP with augmented expected improvement (results/bbo/ablation.md, "Augmented EI for
# step-like cross-validation scores"). Self-contained block: it touches nothing above.


class AugmentedEIGPSampler(GPSampler):
    """``GPSampler`` (``hs-gp-aei``) whose acquisition is the augmented EI of Huang et al.
    (2006): log EI plus ``log(1 - sqrt(noise / (var + noise)))``, over the trial with the best
    posterior mean minus one posterior standard deviation. Everything else is ``GPSampler``'s
    defaults (the private switch ``_augmented_ei``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._augmented_ei = True


class TiesAugmentedEIGPSampler(GPSampler):
    """``GPSampler`` (``hs-gp-aei-ties``) that uses augmented EI only once two different
    finished configurations share an exact value (``has_plateau_ties``: evidence of plateaus)
    and log EI before that; on an objective without ties it proposes exactly what
    ``GPSampler`` does (the private switch ``_augmented_ei_on_ties``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._augmented_ei_on_ties = True
