"""The sampler seam.

Call order for one trial, all made by the study (``Study.ask`` and ``Trial.suggest_*``):

1. ``reserve_candidates(study)`` — only for samplers over a finite set of points (grid,
   random-without-replacement). Returns ``None`` (the default: no reservation) or a list of
   ``(claim_key, params)`` in order of preference. The study creates the new trial atomically
   with the first claim key no other trial holds, and fixes ``params`` on it; an empty list, or
   every key already taken, raises :class:`~hyperscout.exceptions.SearchSpaceExhausted` and the
   optimize loop stops. This is what makes every grid point run exactly once, even with several
   processes on one storage.
2. ``before_trial(study, trial)`` — the trial exists (RUNNING); no parameters yet.
3. ``infer_relative_search_space(study, trial)`` then ``sample_relative(study, trial, space)`` —
   at the trial's first ``suggest_*`` call (also when the space is empty, as in Optuna), to
   propose parameters jointly. Return ``{}`` to not model any parameter jointly.
4. ``sample_independent(study, trial, name, distribution)`` — for each suggested parameter that
   is not fixed (enqueued or reserved) and not in the relative proposal.
5. ``after_trial(study, trial, state, values)`` — after the objective, before the trial's final
   state is written.

Samplers see trials only through ``study.get_trials(deepcopy=False, states=...)`` and must not
mutate what they get. They must be deterministic for a given ``seed`` and history.
"""

from __future__ import annotations

import abc
import inspect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout.distributions import BaseDistribution
from hyperscout.exceptions import InvalidArgumentError

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial, TrialState

__all__ = ["BaseSampler", "reseed_sampler", "startup_done", "stream_seed"]


class BaseSampler(abc.ABC):
    """Proposes parameter values. See the module docstring for the call order."""

    def reserve_candidates(self, study: Study) -> list[tuple[str, dict[str, Any]]] | None:
        return None

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:  # noqa: B027 - a hook
        pass

    @abc.abstractmethod
    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        raise NotImplementedError

    @abc.abstractmethod
    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        raise NotImplementedError

    @abc.abstractmethod
    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        raise NotImplementedError

    def after_trial(  # noqa: B027 - a hook
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        pass

    def reseed_rng(self, stream: int | None = None) -> None:  # noqa: B027 - a hook
        """Restart the random streams, so that parallel workers do not repeat each other.

        ``stream=None`` draws fresh entropy from the OS (Optuna's behaviour). ``stream=i`` (worker
        ``i`` of :func:`hyperscout.parallel.optimize_in_processes`) makes a seeded sampler switch
        to stream ``i`` of its seed, see :func:`stream_seed`: reproducible per worker, different
        between workers. An unseeded sampler draws fresh entropy either way.
        """
        pass


def stream_seed(seed: int | None, stream: int | None) -> int | None:
    """The seed of stream ``stream`` of ``seed``: the ``stream``-th child of
    ``numpy.random.SeedSequence(seed)`` (what ``SeedSequence(seed).spawn`` returns), as a 32-bit
    int; ``None`` (fresh entropy) when either is ``None``."""
    if seed is None or stream is None:
        return None
    if isinstance(stream, bool) or not isinstance(stream, int) or stream < 0:
        raise InvalidArgumentError(f"stream must be None or an int >= 0, got stream={stream!r}")
    return int(np.random.SeedSequence(seed, spawn_key=(stream,)).generate_state(1)[0])


def reseed_sampler(sampler: BaseSampler, stream: int | None) -> None:
    """``sampler.reseed_rng(stream=stream)``, or ``sampler.reseed_rng()`` for a sampler whose
    hook takes no argument (Optuna's signature): it then draws fresh entropy."""
    if stream is not None:
        try:
            accepts = "stream" in inspect.signature(sampler.reseed_rng).parameters
        except (TypeError, ValueError):  # no signature to read
            accepts = False
        if accepts:
            sampler.reseed_rng(stream=stream)
            return
    sampler.reseed_rng()


def startup_done(n_finished: int, n_running: int, n_startup_trials: int) -> bool:
    """Whether a model-based sampler is past its random start of ``n_startup_trials`` trials.

    The random start counts proposals, not results: it is over once ``n_startup_trials``
    trials have finished, or once finished and running trials (other than the one being
    proposed) together reach it with at least half of them finished. Sequentially nothing else
    runs and this is ``n_finished >= n_startup_trials``. With ``k`` parallel workers, waiting
    for ``n_startup_trials`` results would make ``k - 1`` more random proposals than a
    sequential study makes, which costs the most at small budgets
    (``benchmarks/results/parallel_quality.md``); the running start points are spread at
    random already, and the model-based proposal accounts for them (constant liar, kriging
    believer). The half keeps a study that starts many workers at once from fitting a model to
    a handful of results.
    """
    if n_finished >= n_startup_trials:
        return True
    return n_finished + n_running >= n_startup_trials and 2 * n_finished >= n_startup_trials
