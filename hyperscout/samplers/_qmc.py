"""Quasi-Monte Carlo search: low-discrepancy points (Sobol or Halton) cover the space evenly."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
    _float_step_count,
    _step_value,
)
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError
from hyperscout.logging import get_logger
from hyperscout.samplers._base import BaseSampler, reseed_sampler
from hyperscout.samplers._random import RandomSampler
from hyperscout.samplers._search_space import IntersectionSearchSpace
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["QMCSampler", "from_unit"]

_logger = get_logger("hyperscout.samplers")
_FINISHED = (TrialState.COMPLETE, TrialState.PRUNED)


def from_unit(u: float, dist: BaseDistribution) -> float:
    """Map ``u`` in [0, 1) to the distribution's internal representation."""
    u = min(max(float(u), 0.0), np.nextafter(1.0, 0.0))
    if isinstance(dist, CategoricalDistribution):
        return float(int(u * len(dist.choices)))
    if isinstance(dist, FloatDistribution):
        if dist.log:
            lo, hi = np.log(dist.low), np.log(dist.high)
            return float(np.exp(lo + u * (hi - lo)))
        if dist.step is not None:
            n = _float_step_count(dist.low, dist.high, dist.step)
            return _step_value(dist.low, dist.high, dist.step, int(u * (n + 1)))
        return float(dist.low + u * (dist.high - dist.low))
    if isinstance(dist, IntDistribution):
        if dist.log:
            lo, hi = np.log(dist.low - 0.5), np.log(dist.high + 0.5)
            return float(min(dist.high, max(dist.low, int(np.round(np.exp(lo + u * (hi - lo)))))))
        n = (dist.high - dist.low) // dist.step
        return float(dist.low + int(u * (n + 1)) * dist.step)
    raise InvalidTypeError(f"unknown distribution {dist!r}")


class QMCSampler(BaseSampler):
    """Trial ``n`` takes point ``n`` of a (scrambled) Sobol or Halton sequence.

    The space is the one every finished trial shared; the very first trial, before any space is
    known, is sampled at random by ``independent_sampler``. Give the same ``seed`` to every
    worker so they walk one sequence.
    """

    def __init__(
        self,
        *,
        qmc_type: str = "sobol",
        scramble: bool = True,
        seed: int | None = None,
        independent_sampler: BaseSampler | None = None,
        warn_asynchronous_seeding: bool = True,
        warn_independent_sampling: bool = True,
    ) -> None:
        if qmc_type not in ("sobol", "halton"):
            raise InvalidArgumentError(
                f"qmc_type must be 'sobol' or 'halton', got qmc_type={qmc_type!r}"
            )
        if seed is None and scramble and warn_asynchronous_seeding:
            _logger.warning(
                "QMCSampler has no seed, so its scrambled sequence is seeded at random; workers "
                "of one study must share a seed to walk one sequence. Give seed=..., or "
                "warn_asynchronous_seeding=False to silence this."
            )
        self._warn_independent_sampling = warn_independent_sampling
        self._qmc_type = qmc_type
        self._scramble = scramble
        self._seed = (
            int(np.random.SeedSequence(seed).generate_state(1)[0])
            if (seed is None and scramble)
            else seed
        )
        self._independent = independent_sampler or RandomSampler(seed=seed)
        self._space = IntersectionSearchSpace()

    def reseed_rng(self, stream: int | None = None) -> None:
        # The scrambled sequence stays the same in every worker (its seed is shared on purpose).
        reseed_sampler(self._independent, stream)

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        space = self._space.calculate(study)
        if not study.get_trials(deepcopy=False, states=_FINISHED):
            # Before any trial finished, the running ones say what the space is (as in Optuna),
            # so that parallel workers start on the sequence rather than at random.
            space = {}
            for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
                if t.number != trial.number:
                    space.update(t.distributions)
            space = dict(sorted(space.items()))
        return {n: d for n, d in space.items() if not d.single()}

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        if not search_space:
            return {}
        from scipy.stats import qmc

        d = len(search_space)
        engine: Any
        if self._qmc_type == "sobol":
            engine = qmc.Sobol(d, scramble=self._scramble, seed=self._seed)
        else:
            engine = qmc.Halton(d, scramble=self._scramble, seed=self._seed)
        if trial.number > 0:
            engine.fast_forward(trial.number)
        with warnings.catch_warnings():
            # One point at a time is the point of define-by-run; Sobol's balance warning about
            # sample sizes that are not powers of two does not apply to a growing sequence.
            warnings.simplefilter("ignore", UserWarning)
            point = engine.random(1)[0]
        return {
            name: dist.to_external_repr(from_unit(u, dist))
            for (name, dist), u in zip(search_space.items(), point)
        }

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        if self._warn_independent_sampling and study.get_trials(deepcopy=False, states=_FINISHED):
            _logger.warning(
                f"parameter {param_name!r} of trial {trial.number} is not in the space every "
                f"finished trial shares, so {type(self._independent).__name__} samples it "
                "instead of the QMC sequence (warn_independent_sampling=False silences this)"
            )
        return self._independent.sample_independent(study, trial, param_name, param_distribution)
