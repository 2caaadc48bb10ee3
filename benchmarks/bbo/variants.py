"""Candidate default samplers measured by the ablation in ``results/bbo/ablation.md``.

Experiments only: a variant moves into :mod:`hyperscout.samplers` if it wins on the whole
suite. Each is a sampler built from hyperscout's GP and TPE samplers.

- :class:`BanditSampler` (``hs-bandit``): a two-armed bandit between the GP (log EI) and the
  TPE inside one study, now :class:`hyperscout.samplers._bandit.BanditSampler`. Every trial
  after the startup ones is proposed by one of them, chosen by Thompson sampling on a
  discounted Beta posterior of each proposer's success rate, where a trial succeeds when its
  value is in the best quarter of the trials that finished before it. The choice is recorded
  on the trial (system attribute), and the posterior is recomputed from the stored trials
  each time, so it survives restarts and is shared by workers.
- :class:`GPHedgeSampler` (``hs-gphedge``): the GP with a portfolio of acquisitions (log EI,
  log PI, UCB) chosen per proposal by Hedge on the gains of Hoffman, Brochu & de Freitas (2011):
  each acquisition nominates a point, one nominee is evaluated, and every acquisition's gain
  grows by the refitted model's posterior mean at its own nominee.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.distributions import BaseDistribution
from hyperscout.samplers._bandit import BanditSampler as _BanditSampler
from hyperscout.samplers.gp import GPSampler

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["BanditSampler", "GPHedgeSampler"]

# The bandit moved into the package unchanged (it reproduces this suite's raw runs exactly).
BanditSampler = _BanditSampler


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
