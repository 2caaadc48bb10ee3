"""Gaussian-process Bayesian optimisation (numpy/scipy only)."""

from __future__ import annotations

import dataclasses
import functools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout import _warnings
from hyperscout._checks import check_choice, check_real
from hyperscout._multi_objective import non_dominated
from hyperscout.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hyperscout.exceptions import InvalidArgumentError
from hyperscout.samplers._base import BaseSampler, reseed_sampler, startup_done, stream_seed
from hyperscout.samplers._constraints import (
    ConstraintsFunc,
    check_constraints_func,
    store_constraints,
)
from hyperscout.samplers._random import RandomSampler
from hyperscout.samplers._search_space import IntersectionSearchSpace
from hyperscout.samplers.gp._ablation import GPAblation
from hyperscout.samplers.gp._acquisition import ACQUISITIONS, Acquisition, AugmentedLogEI
from hyperscout.samplers.gp._batch import FantasyLogEI, PenalisedLogEI
from hyperscout.samplers.gp._composite import AUGMENTATION, LogCompositeEI, Unsquash
from hyperscout.samplers.gp._constrained import FeasibilityWeighted
from hyperscout.samplers.gp._ehvi import LogEHVI, box_decomposition
from hyperscout.samplers.gp._gp import (
    GPModel,
    fit_kernel_params,
    irrelevant_inputs,
    long_ls_prior_centres,
    matern52_value,
    warp_is_supported,
)
from hyperscout.samplers.gp._optimize import maximize_acquisition
from hyperscout.samplers.gp._space import EncodedSpace
from hyperscout.samplers.gp._stall import (
    has_plateau_ties,
    plateau_members,
    stalled_on_incumbent_plateau,
)
from hyperscout.study._direction import StudyDirection
from hyperscout.trial import TrialState

if TYPE_CHECKING:
    from hyperscout.study import Study
    from hyperscout.trial import FrozenTrial

__all__ = ["GPSampler"]

_NOISE_FLOOR = 1e-6
_DETERMINISTIC_NOISE = 1e-6
_MAX_FIT_TRIALS = 100
# Single objective: the kernel hyperparameters are refitted once the finished observations have
# grown by this fraction since the last fit (every proposal below 40 observations, every 5th at
# 100, every 15th at 300); in between, the last fit is reused. A warm-started fit is most of a
# proposal's time in long studies, and by then one more observation barely moves the maximum of
# the marginal likelihood. Measured in benchmarks/results/gp_speed_ablation.md.
_REFIT_GROWTH = 0.05
# Single objective: iterations of the joint gradient search over the acquisition's starts. It
# nearly always runs to this cap; 20 would save a quarter of a proposal's time, but in the same
# ablation it found the global basin of Styblinski-Tang-5 at 200 trials less often (2 of 10
# seeds against 4), so it stays at 40 until a larger run settles it.
_ACQ_MAXITER = 40
# The composite ParEGO: Monte Carlo base samples per proposal.
_COMPOSITE_SAMPLES = 128
# EHVI: the most objectives it handles (its box decomposition has about n^(m-1) boxes for a
# front of n points); beyond, ParEGO.
_EHVI_MAX_OBJECTIVES = 3
# EHVI with 3 objectives: at most this many front points enter the box decomposition (its
# boxes grow as n^1.5-n^2: about 630 for 60 points on a sphere, 1,450 for 100, and the
# acquisition's sweep over 512 candidates with them costs 0.26 and 0.73 CPU s); a larger front
# is thinned to points that cover it (_thin_front), which makes EHVI approximate there.
_EHVI_MAX_FRONT_3D = 60
# EHVI's reference point: the worst value per objective plus this fraction of the range, both
# over the front ("front"; one standard deviation of the objective where the range is 0) or over
# all trials ("all"), on the GP's scale (bad tail compressed, standardised).
_EHVI_REF_MARGIN = 0.1
# GPAblation.parego_blind_gate="lengthscale-and-share": an input marked irrelevant is blinded
# only if the kernel varies along it by less than this share of its variation along the
# model's most varying input (a near-linear effect has a long lengthscale and a large share).
_BLIND_SHARE = 0.1
# Running trials: draws of their values for the fantasy acquisition, and the random points
# (besides the observed ones) where local penalisation estimates the Lipschitz constant.
_N_FANTASIES = 16
_LIPSCHITZ_POINTS = 256


# The system attribute on which the switch stall_turns marks the trials its TPE proposed
# ("tpe"; the GP's carry none), so that every worker and a restarted study see who proposed it.
PROPOSER_ATTR = "gp:proposer"


def _check_count(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise InvalidArgumentError(f"{name} must be an integer >= {minimum}, got {name}={value!r}")
    return int(value)


def select_subset(x: np.ndarray, y: np.ndarray, cap: int) -> np.ndarray:
    """Indices of at most ``cap`` rows (rows in trial order, ``y`` maximised).

    Kept: the best ``cap // 2`` by ``y``; then the ``cap // 4`` most recent of the others (so a
    poor proposal stays in the model long enough not to be proposed again); then a space-filling
    rest, chosen greedily by largest distance to the rows kept so far (farthest-point sampling).
    Deterministic; all rows when there are at most ``cap``.
    """
    n = len(y)
    if n <= cap:
        return np.arange(n)
    order = np.argsort(-y, kind="stable")
    chosen = np.zeros(n, dtype=bool)
    chosen[order[: cap // 2]] = True
    recent = np.flatnonzero(~chosen)[::-1][: cap // 4]
    chosen[recent] = True
    rest = np.flatnonzero(~chosen)
    xr, xk = x[rest], x[chosen]
    # Squared distances by expansion: |a|^2 + |b|^2 - 2ab.
    nr = np.einsum("ij,ij->i", xr, xr)
    dist = np.min(nr[:, None] + np.einsum("ij,ij->i", xk, xk)[None, :] - 2.0 * xr @ xk.T, axis=1)
    gram = xr @ xr.T
    for _ in range(cap - int(chosen.sum())):
        i = int(np.argmax(dist))
        chosen[rest[i]] = True
        np.minimum(dist, nr + nr[i] - 2.0 * gram[i], out=dist)
        dist[i] = -np.inf
    return np.flatnonzero(chosen)


def bad_tail_fence(y: np.ndarray) -> tuple[float, float] | None:
    """Tukey's lower fence ``q25 - 1.5 IQR`` of ``y`` and the IQR, as :func:`squash_bad_tail`
    uses them; ``None`` when it leaves ``y`` alone (fewer than 4 values, or IQR 0)."""
    if len(y) < 4:
        return None
    q25, q75 = np.percentile(y, [25.0, 75.0])
    iqr = float(q75 - q25)
    if iqr <= 0.0:
        return None
    return float(q25 - 1.5 * iqr), iqr


def squash_bad_tail(y: np.ndarray) -> np.ndarray:
    """Compress values far on the bad side (``y`` is maximised) logarithmically.

    Values below Tukey's lower fence ``q25 - 1.5 IQR`` become ``fence - log1p(fence - y)`` (in
    IQR units), which keeps their order but stops one diverged run (a loss of 1e6 among losses
    near 1) from setting the output scale and flattening everything else once standardised.
    The good tail, where the search happens, is left alone.
    """
    tail = bad_tail_fence(y)
    if tail is None:
        return y
    fence, iqr = tail
    low = y < fence
    if not low.any():
        return y
    out = y.copy()
    out[low] = fence - iqr * np.log1p((fence - y[low]) / iqr)
    return out


def _within_reach(
    model: GPModel, seen: np.ndarray, reach: float
) -> tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]:
    """``eligible``: rows -> whether each lies within ``reach`` lengthscales (the kernel's scaled
    distance, categorical mismatches included) of a row of ``seen``; ``pull``: rows -> the same
    rows, those out of reach moved along the line to their nearest row of ``seen`` (numeric
    columns only) until they are within reach, so that the sweep's points in high dimensions,
    which are mostly out of reach, still give starts."""
    limit = reach * reach
    num = ~model.is_cat

    def eligible(xs: np.ndarray) -> np.ndarray:
        return np.asarray(np.min(model._r2(xs, seen), axis=1) <= limit)

    def pull(xs: np.ndarray) -> np.ndarray:
        r2 = model._r2(xs, seen)
        near = np.argmin(r2, axis=1)
        d2 = r2[np.arange(len(xs)), near]
        far = d2 > limit
        if not far.any():
            return xs
        out = xs.copy()
        anchor = seen[near[far]]
        # Categorical mismatches add a fixed amount; the numeric part shrinks to fit the rest.
        diff = xs[far][:, num] - anchor[:, num]
        num2 = np.einsum("ij,ij,j->i", diff, diff, model.inv_l2[num])
        rest = np.maximum(limit - (d2[far] - num2), 0.0)
        shrink = 0.999 * np.sqrt(rest / np.maximum(num2, 1e-300))
        out_far = out[far]
        out_far[:, num] = anchor[:, num] + np.minimum(shrink, 1.0)[:, None] * diff
        out[far] = out_far
        return out

    return eligible, pull


def _not_noise_repeats(model: GPModel, seen: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """Rows -> whether each is more than a repeat up to noise of every row of ``seen``.

    Under the model, the latent values at ``x`` and at an evaluated ``x_i`` differ with prior
    variance ``2 s (1 - k(x, x_i) / s)`` (``s`` the signal variance); where that is below the
    noise variance, an evaluation at ``x`` tells the model about as much as repeating ``x_i``
    would. On cross-validation scores the late log-EI proposals land there most of the time
    (30-41 of trials 51-100 on three of four problems traced), re-measuring the incumbent's
    plateau. The ball this excludes scales with the fitted noise: about ``sqrt(0.6 noise / s)``
    lengthscales, 0.001 for a deterministic objective's noise floor.
    """
    limit = 1.0 - 0.5 * model.noise / model.signal

    def eligible(xs: np.ndarray) -> np.ndarray:
        r2 = np.min(model._r2(xs, seen), axis=1)
        return np.asarray(matern52_value(r2) <= limit)

    return eligible


def _both(
    a: Callable[[np.ndarray], np.ndarray], b: Callable[[np.ndarray], np.ndarray]
) -> Callable[[np.ndarray], np.ndarray]:
    return lambda xs: a(xs) & b(xs)


class GPSampler(BaseSampler):
    """Bayesian optimisation with a Gaussian-process surrogate (Matérn-5/2, ARD).

    Each trial after ``n_startup_trials`` finished ones is proposed by maximising an acquisition
    function over the search space that all finished trials share; other parameters are
    sampled by ``independent_sampler`` (random search by default), with one warning per name.

    One objective: from 30 observations on, every refit of the kernel also fits a warped kernel
    (each numeric input through a Kumaraswamy CDF, Snoek et al. 2014; see :mod:`._gp`) beside
    the plain one, and the proposals use the warped one while its log posterior beats the plain
    one's by BIC's price of the warp's parameters (:func:`._gp.warp_is_supported`): functions
    that change much faster near one end of a parameter's range (a regularisation strength, a
    learning rate) get a model that can follow them, stationary ones keep the plain kernel, and
    the first 30 proposals never depend on a warp fitted from a few rows. On the benchmark suite
    (``benchmarks/results/bbo/ablation.md``, paired runs at 10 seeds) this added 3.1 normalised
    points on the scikit-learn problems at 100 evaluations (6.2 on the regression problems at
    50) and lost in no family; it costs a second kernel fit per refit.

    One objective, on step-like objectives (cross-validation accuracies, the losses of tree
    models): while the study is stalled on the incumbent's plateau (the last 10 finished trials
    found no new best, all after the random start, and two different configurations share the
    best value; :func:`._stall.stalled_on_plateau`), a ``TPESampler(seed, n_startup_trials)``
    fitted to the same trials proposes the odd-numbered trials and the GP the even ones, so the
    search leaves a plateau the GP would keep re-measuring. The TPE's trials carry the system
    attribute ``gp:proposer = "tpe"``, so that workers and restarts agree. On an objective
    without ties (no two configurations with the same value) nothing changes, and never before
    trial 21. On the benchmark suite (all 50 problems, paired runs at 10 seeds) the turns added
    4.6 normalised points on the scikit-learn problems at 100 evaluations (5.8 on
    classification at 50, 6.2 on regression at 100) and lost in no family; they cost about
    0.5 ms per suggestion at 300 trials (``benchmarks/results/gp_overhead_stall_turns.md``).

    - ``seed``: makes the proposals deterministic for a given history, also across processes.
    - ``independent_sampler``: samples startup trials and parameters outside the shared space.
    - ``n_startup_trials``: finished trials (complete, or pruned with a reported value) to collect
      before the GP is used. With parallel workers, trials still running count too once half
      of them have finished, so the random start is as long as a sequential one
      (:func:`~hyperscout.samplers._base.startup_done`).
    - ``deterministic_objective``: the objective has no noise: the GP's noise variance is pinned
      to a tiny value instead of being fitted.
    - ``constraints_func``: ``FrozenTrial -> sequence of floats``, evaluated on every finished
      trial and stored on it (``FrozenTrial.constraints``); a value ``> 0`` violates a
      constraint. Each constraint gets its own GP and the acquisition is weighted by the
      probability of feasibility (see :mod:`._constrained`).
    - ``warn_independent_sampling``: warn (once per parameter) when a parameter falls outside the
      shared space and is sampled independently.
    - ``acquisition``: ``"logei"`` (log expected improvement, the default), ``"ucb"``, ``"pi"``
      or ``"augmented_ei"``: the augmented expected improvement of Huang, Allen, Notz & Zeng
      (2006), log EI plus ``log(1 - sqrt(noise / (var + noise)))`` with the GP's fitted noise
      and latent variance, over the trial with the best posterior mean minus one posterior
      standard deviation. Where the model is already as sure as its noise allows (next to
      trials already made) the factor goes to 0, so the search leaves plateaus of step-like
      objectives, such as cross-validation scores of trees or accuracies, instead of refining
      them. On the benchmark suite (``benchmarks/results/bbo/ablation.md``) it gains on the
      scikit-learn classification problems (10 seeds) and loses on smooth synthetic functions
      at 100 evaluations, on a mixed integer/categorical problem at 20 and on the smooth
      regression problems at 20, hence not a default, also not of ``BayesSearchCV``.
      It applies to one objective without constraints and a fitted noise; with
      ``deterministic_objective=True``, several objectives or ``constraints_func`` it is log EI.
    - ``ucb_beta``: ``beta`` of ``mean + sqrt(beta) * std`` for ``acquisition="ucb"``.
    - ``max_model_trials``: at most this many observations condition the GP: the best half by
      value, the most recent quarter of the others, and a space-filling selection of the
      rest (see :func:`select_subset`). Kernel hyperparameters are fitted on at most 100
      of those, chosen the same way, warm-started from the previous fit, and (one
      objective) refitted only once the observations grew by 5 % since the last fit.
      This bounds the cost per proposal in long studies
      (``benchmarks/results/gp_overhead.md`` has the numbers).
    - ``n_candidates``: points of the Sobol sweep that picks the starts of the local optimiser.
    - ``n_local_starts``: starts of the gradient-based acquisition optimiser.

    Several objectives: ParEGO (Knowles 2006) under one GP per objective, see
    :meth:`_propose_composite`: each proposal draws random weights for a Chebyshev scalarisation
    of the objectives and maximises the expected improvement of that scalarisation of the
    per-objective posteriors (Monte Carlo, :mod:`._composite`), so successive proposals spread
    along the Pareto front. The objectives are scaled to [0, 1] over all trials and measured
    from a utopian point 10% of each range below the best values. In
    ``benchmarks/results/multi_objective.md`` this replaced one GP fitted to each scalarisation
    (:meth:`_scalarised`, the private ablation switch ``multi_objective="parego"``, see below)
    by the rule fixed before its runs: as many cells ahead of Optuna's samplers, by a larger
    mean margin; it is still behind Optuna's GP on ZDT3, and on DTLZ2 at 300 trials behind
    Optuna's TPE. Of the scalings compared there (over the front, or alternating the two), none
    was ahead of Optuna's samplers on every problem and budget. Log expected hypervolume
    improvement under the same per-objective GPs (:meth:`_propose_ehvi`,
    ``multi_objective="ehvi"``) was measured there too and did not replace the scalarisation;
    nor did this one with the objectives scaled by the front, or alternating the two scalings,
    or with the acquisition's search also started at the front points (``acq_front_starts``), or
    with each proposal's weights the best of several draws by the acquisition's peak
    (``parego_weight_draws``), or redrawn when the search fell back to its sweep
    (``parego_redraws``), or, when dead (the incumbent's largest term is an objective at its
    lowest value, so that only a new lowest value of it improves), redrawn
    (``parego_dead_redraws``) or replaced by log EHVI (``parego_dead_ehvi``), or with the
    per-objective models' lengthscale prior centred at Hvarfner et al.'s sqrt2 + log(d)/2 or
    made flat above its centre (``objective_ls_prior``), which lengthen the lengthscales of
    inputs an objective ignores (on ZDT3 they closed the gap to Optuna's GP) and of inputs
    that matter only weakly (on DTLZ2 they lost it); nor did refitting with the prior flat
    above its centre only on the inputs whose default fit lies more than 3 prior sds above it
    (``objective_ls_prior="one-sided-irrelevant"``), which kept DTLZ2's lead but not ZDT3's gain.
    Log EHVI under dead weights with each objective's model blind to the inputs its fit marks
    irrelevant (``parego_dead_ehvi`` with ``parego_dead_blind``; the composite blinded alone
    did not pass its screen) passed its rule there, 8 of 10 cells ahead of Optuna's samplers
    against this default's 7; it is not the default: switching is a separate decision. It
    blinds every objective's model, and on a 5-variable ZDT2 it stays at the ideal corner at 3
    seeds of 5; blinding only the dead objective's model (``parego_blind_scope="dead"``) leaves
    the corner at every seed but reached 7 of 10 cells, not 8. Weights aimed at targets on the
    front (``parego_weights="targets"``) won DTLZ2 and stopped extending every other front;
    aimed only when dead in an objective at a floor (``"floor-targets"``) they led 8 of 10
    cells and this default in 8 of 10 over 10 seeds, but lost the LightGBM problem at 300
    trials, which their rule forbade.

    The variants measured by the benchmarks' ablations and not adopted stay available as
    private switches, the fields of :class:`._ablation.GPAblation` (whose defaults are this
    sampler's behaviour; each field says which ablation measured it and what it found), set on
    one sampler with ``sampler._set_ablation(name=value, ...)``. They are not public API.

    Objective values are turned into the GP's targets by flipping the sign for minimisation,
    compressing outliers on the bad side (:func:`squash_bad_tail`) and standardising.

    Trials that are still running when a trial is proposed enter the model with the GP's own
    prediction as their value (the "kriging believer" of Ginsbourger, Le Riche & Carraro, 2010),
    so that concurrent workers are not all sent to the same point; the optimiser also never
    returns a point already evaluated or running while another is available. Pruned trials
    enter with their last reported value; failed trials are ignored. Batch acquisitions (local
    penalisation, fantasy q-EI; :mod:`._batch`; the ablation switch ``pending``) were measured
    against the believer in ``benchmarks/results/parallel_quality.md`` and not adopted.

    Example::

        from hyperscout.samplers.gp import GPSampler

        study = hyperscout.create_study(sampler=GPSampler(seed=0))
        study.optimize(objective, n_trials=60)
    """

    def __init__(
        self,
        *,
        seed: int | None = None,
        independent_sampler: BaseSampler | None = None,
        n_startup_trials: int = 10,
        deterministic_objective: bool = False,
        constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
        warn_independent_sampling: bool = True,
        acquisition: str = "logei",
        ucb_beta: float = 2.0,
        max_model_trials: int = 200,
        n_candidates: int = 512,
        n_local_starts: int = 5,
    ) -> None:
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, Integral)):
            raise InvalidArgumentError(f"seed must be an integer or None, got seed={seed!r}")
        if independent_sampler is not None and not isinstance(independent_sampler, BaseSampler):
            raise InvalidArgumentError(
                "independent_sampler must be a sampler (a BaseSampler) or None, got "
                f"independent_sampler={independent_sampler!r}"
            )
        self._constraints_func: ConstraintsFunc | None = check_constraints_func(constraints_func)
        check_choice("acquisition", acquisition, ACQUISITIONS)
        check_real("ucb_beta", ucb_beta, low=0, low_open=True, finite=True)
        self._n_startup_trials: int = _check_count("n_startup_trials", n_startup_trials, 0)
        self._max_model_trials: int = _check_count("max_model_trials", max_model_trials, 4)
        self._n_candidates: int = _check_count("n_candidates", n_candidates, 1)
        self._n_local_starts: int = _check_count("n_local_starts", n_local_starts, 1)
        self._seed: int | None = None if seed is None else int(seed)
        self._rng: np.random.RandomState = np.random.RandomState(self._seed)
        # The shift of the composite ParEGO's lattice weights (GPAblation.parego_weights),
        # drawn from the stream at its first use.
        self._weight_shift: np.ndarray | None = None
        self._independent_sampler: BaseSampler = (
            independent_sampler if independent_sampler is not None else RandomSampler(seed=seed)
        )
        self._deterministic: bool = bool(deterministic_objective)
        self._warn_independent: bool = bool(warn_independent_sampling)
        self._acquisition: str = acquisition
        self._ucb_beta: float = float(ucb_beta)
        self._search_space: IntersectionSearchSpace = IntersectionSearchSpace()
        self._theta_cache: dict[tuple[Any, ...], np.ndarray] = {}
        # Observations behind each cached fit of the objective's GP (single objective only).
        self._fit_sizes: dict[tuple[Any, ...], int] = {}
        self._warned: set[str] = set()
        # The private switches kept for the benchmarks' ablations (what each does, which
        # ablation measured it and its outcome: _ablation.GPAblation); the defaults are the
        # shipped behaviour. Set them with _set_ablation.
        self._ablation: GPAblation = GPAblation()
        # The switch stall_turns: its TPE (made at first use), the stream it is seeded from
        # (reseed_rng's), and the proposer chosen for each of this process's running trials.
        self._stall_sampler: BaseSampler | None = None
        self._stream: int | None = None
        self._proposers: dict[int, str] = {}

    def _set_ablation(self, **changes: Any) -> None:
        """Set private ablation switches of this sampler (fields of :class:`GPAblation`), the
        others keeping their values, e.g. ``sampler._set_ablation(reach=_ablation.REACH)``:
        for the benchmarks' ablations and the tests, not public API. The record is replaced,
        never changed in place, and each value is checked as it is made; an unknown name
        raises :class:`~hyperscout.exceptions.InvalidArgumentError` listing the known ones."""
        known = [f.name for f in dataclasses.fields(GPAblation)]
        unknown = sorted(changes.keys() - set(known))
        if unknown:
            raise InvalidArgumentError(
                f"ablation switches must be fields of GPAblation ({', '.join(known)}), got "
                f"{', '.join(unknown)}"
            )
        self._ablation = dataclasses.replace(self._ablation, **changes)

    def reseed_rng(self, stream: int | None = None) -> None:
        self._rng = np.random.RandomState(stream_seed(self._seed, stream))
        self._weight_shift = None
        reseed_sampler(self._independent_sampler, stream)
        self._stream = stream
        if self._stall_sampler is not None:
            reseed_sampler(self._stall_sampler, stream)

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        turn = self._stall_turn(trial)
        if turn is not None:
            return turn.infer_relative_search_space(study, trial)
        return self._search_space.calculate(study)

    # --- stall turns (the private switch stall_turns) -------------------------------------
    def _stall_tpe(self) -> BaseSampler:
        """The TPE that proposes the stalled studies' odd-numbered trials, made at first use
        (with the sampler's seed, so that a run replays)."""
        if self._stall_sampler is None:
            from hyperscout.samplers.tpe import TPESampler

            tpe = TPESampler(seed=self._seed, n_startup_trials=self._n_startup_trials)
            if self._stream is not None:
                reseed_sampler(tpe, self._stream)
            self._stall_sampler = tpe
        return self._stall_sampler

    def _choose_proposer(self, study: Study, trial: FrozenTrial) -> str:
        """``"tpe"`` for an odd-numbered trial of a single-objective study (``before_trial``
        asks only for those) stalled on the incumbent's plateau (over its finished trials
        numbered below ``trial``), ``"gp"`` otherwise."""
        if trial.number % 2 == 0:
            return "gp"
        stalled = stalled_on_incumbent_plateau(study, trial.number, self._n_startup_trials)
        return "tpe" if stalled else "gp"

    def _stall_turn(self, trial: FrozenTrial) -> BaseSampler | None:
        """The TPE if ``trial`` is its turn (chosen in this process, or stored on the trial by
        another), else None."""
        if not self._ablation.stall_turns:
            return None
        proposer = self._proposers.get(trial.trial_id) or trial.system_attrs.get(PROPOSER_ATTR)
        return self._stall_tpe() if proposer == "tpe" else None

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        turn = self._stall_turn(trial)
        if turn is not None:
            return turn.sample_relative(study, trial, search_space)
        if not search_space:
            return {}
        fixed = {n: _single_value(d) for n, d in search_space.items() if d.single()}
        modelled = {n: d for n, d in search_space.items() if not d.single()}
        finished: list[tuple[FrozenTrial, float]] = []
        scalarised = len(study.directions) > 1
        ehvi = scalarised and self._uses_ehvi(len(study.directions))
        composite = scalarised and self._ablation.multi_objective == "composite"
        if ehvi or composite:
            finished = [(t, 0.0) for t in self._complete_multi(study, modelled)]
            sign = -1.0
        elif scalarised:
            finished = self._scalarised(study, modelled, trial.number)
            sign = -1.0
        else:
            for t in study.get_trials(
                deepcopy=False, states=(TrialState.COMPLETE, TrialState.PRUNED)
            ):
                v = _observed_value(t)
                if v is not None and modelled.keys() <= t.internal_params.keys():
                    finished.append((t, v))
            sign = 1.0 if study.directions[0] == StudyDirection.MAXIMIZE else -1.0
        n_startup = max(self._n_startup_trials, 1)
        # Running trials matter only during the random start: past it, no query for them.
        if len(finished) < n_startup:
            n_running = sum(
                1
                for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,))
                if t.number != trial.number
            )
            if not startup_done(len(finished), n_running, n_startup):
                return {}
        if not modelled:
            return fixed
        with _limit_blas_threads():
            if ehvi:
                params = self._propose_ehvi(study, trial, modelled, [t for t, _ in finished])
            elif composite:
                params = self._propose_composite(study, trial, modelled, [t for t, _ in finished])
            else:
                params = self._propose(study, trial, modelled, finished, sign, scalarised)
        params.update(fixed)
        return params

    def _propose(
        self,
        study: Study,
        trial: FrozenTrial,
        space: dict[str, BaseDistribution],
        finished: list[tuple[FrozenTrial, float]],
        sign: float,
        scalarised: bool = False,
    ) -> dict[str, Any]:
        """``sign``: +1 to maximise the values in ``finished``, -1 to minimise them.

        ``scalarised``: the values are a fresh ParEGO scalarisation, so the kernel is refitted
        every time and the acquisition search keeps its previous iteration budget.
        """
        enc = EncodedSpace(space)
        x = enc.encode([t.internal_params for t, _ in finished])
        raw = sign * np.array([v for _, v in finished])
        finite = np.isfinite(raw)
        x, raw = x[finite], raw[finite]
        if len(raw) == 0:
            return {}
        raw = squash_bad_tail(raw)
        y_mean, y_std = float(raw.mean()), float(raw.std())
        y = (raw - y_mean) / (y_std if y_std > 1e-12 else 1.0)

        x_all = x
        model_idx = select_subset(x, y, self._max_model_trials)
        x, y = x[model_idx], y[model_idx]
        cap = min(_MAX_FIT_TRIALS, self._max_model_trials)
        model = self._objective_model(
            enc.signature(),
            enc.is_cat,
            x,
            y,
            lambda: select_subset(x, y, cap),
            len(raw),
            refit=scalarised,
            warp=self._ablation.input_warping and not scalarised,
        )
        if self._constraints_func is not None:
            return self._propose_constrained(study, enc, finished, finite, model_idx, model, x)

        # A pinned (deterministic) noise leaves augmented EI's factor at 1 but at the trials
        # themselves, so it is plain log EI there.
        augmented = not self._deterministic and (
            self._acquisition == "augmented_ei"
            or (
                self._acquisition == "logei"
                and self._ablation.augmented_ei_on_ties
                and has_plateau_ties(x_all, raw)
            )
        )
        if self._deterministic:
            best_i = int(np.argmax(y))
            best = float(y[best_i])
        elif augmented:
            # Huang et al.'s effective best: the trial with the best mean minus one latent
            # standard deviation, and its posterior mean as the level to improve on.
            fitted_mean, fitted_var = model.predict(x)
            best_i = int(np.argmax(fitted_mean - np.sqrt(fitted_var)))
            best = float(fitted_mean[best_i])
        else:
            # Noisy observations: the incumbent is the best posterior mean at observed points.
            fitted_mean = model.fitted_mean()
            best_i = int(np.argmax(fitted_mean))
            best = float(fitted_mean[best_i])

        if self._acquisition == "logei" and not scalarised and not augmented:
            best += self._ablation.ei_margin  # EI's margin xi (0.0 unless set for an ablation)
        xp = _running_points(study, trial, space, enc, x)
        value, value_and_grad = self._acquisition_with_running(
            model, xp, best, enc, x, augmented=augmented
        )
        seen = np.vstack([x_all, xp])
        eligible = pull = None
        # The ablation's restrictions of the search apply to one objective's log EI only.
        ablation = self._ablation if self._acquisition == "logei" and not scalarised else None
        if ablation is not None and ablation.reach is not None:
            eligible, pull = _within_reach(model, seen, ablation.reach)
        if ablation is not None and ablation.exclude_noise_repeats:
            new = _not_noise_repeats(model, seen)
            eligible = new if eligible is None else _both(eligible, new)
        if ablation is not None and ablation.exclude_plateau_repeats:
            on_plateau = x_all[plateau_members(x_all, raw)]
            if len(on_plateau):
                new = _not_noise_repeats(model, on_plateau)
                eligible = new if eligible is None else _both(eligible, new)
        u = maximize_acquisition(
            value,
            value_and_grad,
            enc,
            self._rng,
            extra_starts=x[best_i : best_i + 1],
            exclude=seen,
            n_candidates=self._n_candidates,
            n_starts=self._n_local_starts,
            maxiter=40 if scalarised else _ACQ_MAXITER,
            eligible=eligible,
            pull=pull,
        )
        return enc.decode(u)

    def _acquisition_with_running(
        self,
        model: GPModel,
        xp: np.ndarray,
        best: float,
        enc: EncodedSpace,
        x: np.ndarray,
        *,
        augmented: bool = False,
    ) -> tuple[Callable[[np.ndarray], np.ndarray], Any]:
        """The acquisition (value, value-and-gradient) given the running trials' points ``xp``
        (encoded; none in a sequential study, where this is the plain acquisition and draws
        nothing from the random stream). What the running points do is the ablation switch
        ``pending`` (log EI only; the other acquisitions always use the believer):
        ``"believer"`` (kriging believer), ``"pessimist"`` (believed at the worst observed
        value), ``"fantasy"`` (:class:`FantasyLogEI`), ``"penalise"`` (:class:`PenalisedLogEI`)
        or ``"ignore"`` (only exact repeats of them excluded). ``augmented``: the
        augmented EI (:class:`AugmentedLogEI`), with the believer; ``acquisition="augmented_ei"``
        without it (a deterministic objective) is log EI."""
        kind = "logei" if self._acquisition == "augmented_ei" else self._acquisition
        mode = self._ablation.pending if kind == "logei" and not augmented else "believer"
        if len(xp) and mode == "fantasy":
            z = self._rng.standard_normal((_N_FANTASIES, len(xp)))
            fantasy = FantasyLogEI(model, xp, best, z)
            return fantasy, fantasy.value_and_grad
        if len(xp) and mode == "penalise":
            points = np.vstack([x, enc.sample(self._rng, _LIPSCHITZ_POINTS)])
            penalised = PenalisedLogEI(model, xp, best, points)
            return penalised, penalised.value_and_grad
        if len(xp) and mode != "ignore":
            lie = np.full(len(xp), float(model.y.min())) if mode == "pessimist" else None
            model = model.condition_on(xp, model.predict(xp)[0] if lie is None else lie)
        if augmented:
            aei = AugmentedLogEI(model, best)
            return aei, aei.value_and_grad
        acq = Acquisition(kind, model, best, self._ucb_beta)
        return acq, acq.value_and_grad

    def _uses_ehvi(self, n_objectives: int) -> bool:
        return self._ablation.multi_objective == "ehvi" and n_objectives <= _EHVI_MAX_OBJECTIVES

    @staticmethod
    def _complete_multi(study: Study, space: dict[str, BaseDistribution]) -> list[FrozenTrial]:
        """COMPLETE trials with every objective finite and every parameter of ``space``."""
        return [
            t
            for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
            if t.values is not None
            and space.keys() <= t.internal_params.keys()
            and all(np.isfinite(v) for v in t.values)
        ]

    def _per_objective_models(
        self,
        study: Study,
        trial: FrozenTrial,
        space: dict[str, BaseDistribution],
        trials: list[FrozenTrial],
    ) -> _PerObjective:
        """One GP per objective of ``trials`` (EHVI and the composite ParEGO): each objective,
        as a loss, compressed on its bad tail (:func:`squash_bad_tail`) and standardised; the
        rows that condition the models are the least dominated first (:func:`select_subset`);
        kernels refitted on the single-objective schedule. Running trials enter every GP at
        their predicted values (kriging believer)."""
        enc = EncodedSpace(space)
        x_all = enc.encode([t.internal_params for t in trials])
        signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in study.directions])
        loss = np.array([t.values for t in trials], dtype=float) * signs
        m = loss.shape[1]
        y = np.empty_like(loss)
        unsquash: list[Unsquash] = []
        for j in range(m):
            tail = bad_tail_fence(-loss[:, j])
            col = -squash_bad_tail(-loss[:, j])
            mean, std = float(col.mean()), float(col.std())
            std = std if std > 1e-12 else 1.0
            y[:, j] = (col - mean) / std
            # The compression of the loss starts at minus the fence of the negated loss.
            fence, iqr = (None, 1.0) if tail is None else (-tail[0], tail[1])
            unsquash.append(Unsquash(mean, std, fence, iqr))
        # Rows for the models: the least dominated first (see select_subset).
        n_dominating = np.array(
            [int(np.sum(np.all(y <= row, axis=1) & np.any(y < row, axis=1))) for row in y]
        )
        score = -n_dominating.astype(float)
        model_idx = select_subset(x_all, score, self._max_model_trials)
        x = x_all[model_idx]
        fit_idx = select_subset(x, score[model_idx], min(_MAX_FIT_TRIALS, self._max_model_trials))
        key = enc.signature()
        ls_centres = None
        if self._ablation.objective_ls_prior == "long":
            ls_centres = long_ls_prior_centres(enc.is_cat)
        one_sided = self._ablation.objective_ls_prior == "one-sided"
        gate = self._ablation.objective_ls_prior == "one-sided-irrelevant"
        models = [
            self._objective_model(
                (key, "objective", j),
                enc.is_cat,
                x,
                y[model_idx, j],
                lambda: fit_idx,
                len(trials),
                ls_centres=ls_centres,
                ls_one_sided=one_sided,
                ls_gate=gate,
            )
            for j in range(m)
        ]
        if self._constraints_func is None:
            feasible = np.ones(len(trials), dtype=bool)
        else:
            feasible = np.array([t.constraints is not None and _feasible(t) for t in trials])
        xp = _running_points(study, trial, space, enc, x)
        believed: list[np.ndarray] = []
        if len(xp):
            believed = [model.predict(xp)[0] for model in models]
            models = [model.condition_on(xp, b) for model, b in zip(models, believed)]
        return _PerObjective(
            enc, x_all, loss, y, model_idx, x, models, feasible, xp, believed, unsquash
        )

    def _propose_ehvi(
        self,
        study: Study,
        trial: FrozenTrial,
        space: dict[str, BaseDistribution],
        trials: list[FrozenTrial],
    ) -> dict[str, Any]:
        """Log expected hypervolume improvement (:mod:`._ehvi`) under one GP per objective.

        Each objective, as a loss, is compressed on its bad tail (:func:`squash_bad_tail`) and
        standardised; its GP is fitted (kernel refitted on the single-objective schedule) and
        everything below happens on that scale. The front is the non-dominated set of the
        feasible trials' observed values; the reference point is the worst value per objective
        plus 10% of the range (:data:`_EHVI_REF_MARGIN`), both over the front
        (ablation switch ``ehvi_reference="front"``; 0.1 standard deviations where the range
        is 0) or over all trials (``"all"``, feasible or not). With ``constraints_func``, the
        log probability of feasibility is added (as for one objective), and while no trial is
        feasible it alone is maximised. Running trials enter every GP at their predicted values
        (kriging believer) and, without constraints, the front too.
        """
        if not trials:
            return {}
        fit = self._per_objective_models(study, trial, space, trials)
        acq = self._ehvi_acquisition(fit, self._ablation.ehvi_reference)
        return self._maximize_multi(acq, fit, trials, extra_starts=fit.x[:0])

    def _ehvi_acquisition(self, fit: _PerObjective, reference: str) -> LogEHVI | None:
        """:meth:`_propose_ehvi`'s acquisition under the models ``fit``, its reference point
        from the front or from all trials (``reference``); None while no trial is feasible."""
        y, m, xp = fit.y, fit.y.shape[1], fit.xp
        front = y[fit.feasible]
        if len(xp) and self._constraints_func is None:
            front = np.vstack([front, np.column_stack(fit.believed)])
        if not len(front):
            return None
        front = front[non_dominated(front)]
        over = front if reference == "front" else y
        nadir = over.max(axis=0)
        span = nadir - over.min(axis=0)
        ref = nadir + _EHVI_REF_MARGIN * np.where(span > 1e-12, span, 1.0)
        if m >= 3 and len(front) > _EHVI_MAX_FRONT_3D:
            front = _thin_front(front, _EHVI_MAX_FRONT_3D)
        lower, upper = box_decomposition(front, ref)
        return LogEHVI(fit.models, lower, upper)

    def _maximize_multi(
        self,
        acq: LogEHVI | LogCompositeEI | None,
        fit: _PerObjective,
        trials: list[FrozenTrial],
        extra_starts: np.ndarray,
        constraint_models: tuple[list[GPModel], list[float]] | None = None,
        info: dict[str, bool] | None = None,
    ) -> dict[str, Any]:
        """Maximise ``acq`` (several objectives), weighted by the probability of feasibility
        under ``constraints_func`` (its models fitted here unless ``constraint_models`` are
        given); with constraints and ``acq`` None (no feasible trial yet), that probability
        alone."""
        enc, xp = fit.enc, fit.xp
        exclude = np.vstack([fit.x_all, xp])
        if self._constraints_func is not None:
            if constraint_models is None:
                constraint_models = self._fit_constraint_models(fit, trials)
            c_models, thresholds = constraint_models
            weighted = FeasibilityWeighted(
                acq, acq.value_and_grad if acq is not None else None, c_models, thresholds
            )
            value: Callable[[np.ndarray], np.ndarray] = weighted
            value_and_grad = weighted.value_and_grad
        elif acq is not None:
            value, value_and_grad = acq, acq.value_and_grad
        else:  # pragma: no cover - every finished trial is feasible without constraints
            return {}
        u = maximize_acquisition(
            value,
            value_and_grad,
            enc,
            self._rng,
            extra_starts=extra_starts,
            exclude=exclude,
            n_candidates=self._n_candidates,
            n_starts=self._n_local_starts,
            maxiter=_ACQ_MAXITER,
            info=info,
        )
        return enc.decode(u)

    def _propose_composite(
        self,
        study: Study,
        trial: FrozenTrial,
        space: dict[str, BaseDistribution],
        trials: list[FrozenTrial],
    ) -> dict[str, Any]:
        """ParEGO under one GP per objective (:mod:`._composite`): the weights and the scaling
        are ParEGO's (:meth:`_scalarised`), but instead of one GP fitted to the scalarised
        losses, the acquisition is the log expected improvement of the scalarisation of the
        per-objective posteriors over the best scalarised loss of a feasible trial (Monte Carlo,
        :data:`_COMPOSITE_SAMPLES` base samples drawn per proposal). With ``constraints_func``
        it is weighted by the probability of feasibility, which alone is maximised while no
        trial is feasible."""
        if not trials:
            return {}
        fit = self._per_objective_models(study, trial, space, trials)
        m = fit.loss.shape[1]
        low, span = self._parego_range(fit.loss, trials, trial.number)
        redraw = self._ablation.parego_redraws > 0 and fit.feasible.any()
        draws = self._ablation.parego_weight_draws > 1 and fit.feasible.any()
        constraint_models: tuple[list[GPModel], list[float]] | None = None
        if (redraw or draws) and self._constraints_func is not None:
            # Fitted once for every weight vector and search of this proposal.
            constraint_models = self._fit_constraint_models(fit, trials)
        if draws:
            ws = self._rng.dirichlet(np.ones(m), size=self._ablation.parego_weight_draws)
            z = self._rng.standard_normal((_COMPOSITE_SAMPLES, m))
            w = self._best_weights(fit, low, span, ws, z, constraint_models)
        else:
            w = self._weights(trial.number, m)
            if self._ablation.parego_weights == "targets":
                w = target_weights(w, _scaled_front(fit.loss, fit.feasible, low, span))
            elif self._ablation.parego_weights == "floor-targets" and fit.feasible.any():
                w = self._aimed_off_floors(fit, low, span, w)
            if self._ablation.parego_dead_redraws > 0 and fit.feasible.any():
                for _ in range(self._ablation.parego_dead_redraws):
                    if not _dead_weights(fit.loss[fit.feasible], low, span, w):
                        break
                    w = self._rng.dirichlet(np.ones(m))
            z = self._rng.standard_normal((_COMPOSITE_SAMPLES, m))
        if (
            self._ablation.parego_dead_blind
            and fit.feasible.any()
            and self._dead(fit.loss[fit.feasible], low, span, w)
        ):
            only = None
            if self._ablation.parego_blind_scope == "dead":
                only = _dead_objective(fit.loss[fit.feasible], low, span, w)
            fit = self._blind_to_irrelevant(fit, only)
        if (
            self._ablation.parego_dead_ehvi
            and m <= _EHVI_MAX_OBJECTIVES
            and fit.feasible.any()
            and self._dead(fit.loss[fit.feasible], low, span, w)
        ):
            ehvi = self._ehvi_acquisition(fit, "all")
            return self._maximize_multi(ehvi, fit, trials, extra_starts=fit.x[:0])
        acq, starts = self._composite_acquisition(fit, low, span, w, z)
        info: dict[str, bool] | None = {} if redraw else None
        params = self._maximize_multi(
            acq, fit, trials, extra_starts=starts, constraint_models=constraint_models, info=info
        )
        for _ in range(self._ablation.parego_redraws if redraw else 0):
            if info is None or not info["from_sweep"]:
                break
            w = self._rng.dirichlet(np.ones(m))
            acq, starts = self._composite_acquisition(fit, low, span, w, z)
            info = {}
            params = self._maximize_multi(
                acq, fit, trials, starts, constraint_models=constraint_models, info=info
            )
        return params

    def _weights(self, number: int, m: int) -> np.ndarray:
        """The composite ParEGO's weight vector for trial ``number`` over ``m`` objectives: a
        uniform draw from the simplex (the default), or with ``parego_weights="lattice"`` the
        trial's point of a shifted low-discrepancy sequence (:func:`lattice_weights`). With
        ``"targets"`` and ``"floor-targets"`` the uniform draw is aimed afterwards
        (:func:`target_weights`, :meth:`_aimed_off_floors`)."""
        if self._ablation.parego_weights in ("random", "targets", "floor-targets"):
            return self._rng.dirichlet(np.ones(m))
        if self._weight_shift is None or len(self._weight_shift) != m - 1:
            self._weight_shift = self._rng.random_sample(m - 1)
        return lattice_weights(number, self._weight_shift)

    def _aimed_off_floors(
        self, fit: _PerObjective, low: np.ndarray, span: np.ndarray, w: np.ndarray
    ) -> np.ndarray:
        """``parego_weights="floor-targets"``: the drawn weights ``w``, unless they are dead in
        an objective whose lowest value is a floor (:func:`_dead_weights`, :func:`_at_floor`:
        only a new lowest value of that objective could improve on the incumbent, and it is a
        value the proposals keep reaching), in which case the draw is aimed at a target on the
        front instead (:func:`target_weights`). Dead weights in an objective still falling keep
        aiming past the front's end, which extends it. A front of one point, or of no width in
        an objective, has no inside to aim at, and keeps the draw."""
        loss = fit.loss[fit.feasible]
        if not _dead_weights(loss, low, span, w):
            return w
        if not _at_floor(loss, _dead_objective(loss, low, span, w)):
            return w
        front = _scaled_front(fit.loss, fit.feasible, low, span)
        if (front.max(axis=0) - front.min(axis=0) <= 1e-12).any():
            return w
        return target_weights(w, front)

    def _dead(self, loss: np.ndarray, low: np.ndarray, span: np.ndarray, w: np.ndarray) -> bool:
        """Whether weights ``w`` count as dead for the dead-weight switches: :func:`_dead_weights`,
        and with ``parego_dead_floor`` only where the dead objective's lowest value is a floor
        (:func:`_at_floor`)."""
        if not _dead_weights(loss, low, span, w):
            return False
        if not self._ablation.parego_dead_floor:
            return True
        return _at_floor(loss, _dead_objective(loss, low, span, w))

    def _blind_to_irrelevant(self, fit: _PerObjective, only: int | None = None) -> _PerObjective:
        """``fit`` with each objective's model (only objective ``only``'s if given, the others
        kept whole: ``parego_blind_scope="dead"``) blind to the inputs its fitted kernel marks
        irrelevant (:func:`._gp.irrelevant_inputs` against the prior it was fitted with;
        :meth:`._gp.GPModel.blind_to`), the ablation switch ``parego_dead_blind``."""
        centres = None
        if self._ablation.objective_ls_prior == "long":
            centres = long_ls_prior_centres(fit.enc.is_cat)
        share_gate = self._ablation.parego_blind_gate == "lengthscale-and-share"
        models = []
        for j, model in enumerate(fit.models):
            if only is not None and j != only:
                models.append(model)
                continue
            blind = irrelevant_inputs(model.theta, fit.enc.is_cat, centres)
            if share_gate and blind.any():
                d = len(blind)
                variation = 1.0 - matern52_value(np.exp(-2.0 * model.theta[:d]))
                blind &= variation < _BLIND_SHARE * variation.max()
            models.append(model.blind_to(blind))
        return dataclasses.replace(fit, models=models)

    def _composite_acquisition(
        self, fit: _PerObjective, low: np.ndarray, span: np.ndarray, w: np.ndarray, z: np.ndarray
    ) -> tuple[LogCompositeEI | None, np.ndarray]:
        """The composite log EI under weights ``w`` (None while no trial is feasible) and the
        extra starts of its search: the incumbent, and with ``acq_front_starts`` the front
        points best under ``w``."""
        rho = self._ablation.parego_augmentation
        scal = _chebyshev((fit.loss - low) / span, w, rho)
        acq: LogCompositeEI | None = None
        starts = fit.x[:0]
        if fit.feasible.any():
            best_i = int(np.flatnonzero(fit.feasible)[np.argmin(scal[fit.feasible])])
            best = float(scal[best_i])
            acq = LogCompositeEI(fit.models, fit.unsquash, low, span, w, best, z, rho)
            starts = fit.x_all[best_i : best_i + 1]
            n_front = self._ablation.acq_front_starts
            if n_front > 0:
                feasible = np.flatnonzero(fit.feasible)
                front = feasible[non_dominated(fit.loss[feasible])]
                front = front[np.argsort(scal[front], kind="stable")][:n_front]
                starts = np.vstack([starts, fit.x_all[front]])
        return acq, starts

    def _best_weights(
        self,
        fit: _PerObjective,
        low: np.ndarray,
        span: np.ndarray,
        ws: np.ndarray,
        z: np.ndarray,
        constraint_models: tuple[list[GPModel], list[float]] | None,
    ) -> np.ndarray:
        """The row of ``ws`` whose composite log EI (plus the log probability of feasibility
        under ``constraint_models``) has the highest maximum over a Sobol sweep of
        ``n_candidates`` points (the first on ties). The posteriors are predicted once and
        shared by every weight vector, so the choice costs one sweep's predictions; a weight
        vector whose improvement region is empty or negligible scores low everywhere and is
        passed over (the ablation switch ``parego_weight_draws``)."""
        cand = fit.enc.sample(self._rng, self._n_candidates)
        preds = [model.predict(cand) for model in fit.models]
        mu = np.column_stack([p[0] for p in preds])
        sigma = np.sqrt(np.column_stack([p[1] for p in preds]))
        log_feasible = (
            FeasibilityWeighted(None, None, *constraint_models)(cand)
            if constraint_models is not None
            else np.zeros(len(cand))
        )
        feasible = np.flatnonzero(fit.feasible)
        scores = []
        for w in ws:
            best = float(np.min(_chebyshev((fit.loss[feasible] - low) / span, w)))
            acq = LogCompositeEI(fit.models, fit.unsquash, low, span, w, best, z)
            scores.append(float(np.max(acq.of_posterior(mu, sigma) + log_feasible)))
        return np.asarray(ws[int(np.argmax(scores))])

    def _scaling_for(self, number: int) -> str:
        """The range ParEGO scales the objectives by for the proposal of trial ``number``:
        ``"all"`` (every trial's) or ``"front"`` (the non-dominated feasible trials'; the
        ablation's ``"front-any"`` ignores feasibility). ``"alternate"`` takes ``"all"`` for
        even trial numbers and ``"front"`` for odd ones: a function of the number, not of a
        counter in this sampler, so that it is the same under a seed and across workers."""
        if self._ablation.parego_scale == "alternate":
            return "all" if number % 2 == 0 else "front"
        return self._ablation.parego_scale

    def _scalarised(
        self, study: Study, space: dict[str, BaseDistribution], number: int = 0
    ) -> list[tuple[FrozenTrial, float]]:
        """ParEGO (Knowles 2006): the COMPLETE trials with one loss each, the augmented
        Chebyshev scalarisation ``max_i w_i f_i + 0.05 sum_i w_i f_i`` of their objectives
        (as losses, scaled to [0, 1] by the range :meth:`_scaling_for` picks for trial
        ``number``) under weights ``w`` drawn uniformly from the simplex for this proposal.
        Each proposal thus aims at another part of the front."""
        trials = [
            t
            for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
            if t.values is not None and space.keys() <= t.internal_params.keys()
        ]
        if not trials:
            return []
        signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in study.directions])
        loss = np.array([t.values for t in trials], dtype=float) * signs
        low, span = self._parego_range(loss, trials, number)
        w = self._rng.dirichlet(np.ones(loss.shape[1]))
        scal = _chebyshev((loss - low) / span, w)
        return [(t, float(v)) for t, v in zip(trials, scal)]

    def _parego_range(
        self, loss: np.ndarray, trials: list[FrozenTrial], number: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """The lowest loss per objective and the range (1 where it is 0) that ParEGO scales
        ``loss`` (rows of ``trials``) by for the proposal of trial ``number``; the lowest loss
        less ``parego_utopia`` times the range (a utopian point strictly better than the ideal
        one, see :class:`GPAblation`)."""
        span = loss[np.isfinite(loss).all(axis=1)]
        scale = self._scaling_for(number)
        if scale in ("front", "front-any") and len(span):
            feasible = np.array([_feasible(t) for t in trials])[np.isfinite(loss).all(axis=1)]
            if scale == "front" and feasible.any():
                span = span[feasible]
            span = span[non_dominated(span)]
        low, high = (span.min(axis=0), span.max(axis=0)) if len(span) else (0.0, 1.0)
        width = np.where(high - low > 1e-12, high - low, 1.0)
        offset = self._ablation.parego_utopia * self._utopia_width(loss, trials, width, number)
        return low - offset + np.zeros(loss.shape[1]), width

    def _utopia_width(
        self, loss: np.ndarray, trials: list[FrozenTrial], width: np.ndarray, number: int
    ) -> np.ndarray:
        """The range the utopian point's offset is a fraction of (``parego_utopia_width``):
        ``width``, the range ParEGO scales by, or the non-dominated feasible trials' range
        (every finite trial's non-dominated ones while none is feasible; ``width`` where that
        range is 0); with "alternate", the first for an even trial ``number`` and the second
        for an odd one."""
        choice = self._ablation.parego_utopia_width
        if choice == "scaled" or (choice == "alternate" and number % 2 == 0):
            return width
        front = _front_rows(loss, np.array([_feasible(t) for t in trials], dtype=bool))
        if not len(front):
            return width
        front_width = front.max(axis=0) - front.min(axis=0)
        return np.where(front_width > 1e-12, front_width, width)

    def _propose_constrained(
        self,
        study: Study,
        enc: EncodedSpace,
        finished: list[tuple[FrozenTrial, float]],
        finite: np.ndarray,
        model_idx: np.ndarray,
        model: GPModel,
        x: np.ndarray,
    ) -> dict[str, Any]:
        """Log EI over the best feasible trial (or nothing while none is feasible), plus the
        log probability of feasibility under one GP per constraint."""
        trials = [t for (t, _), ok in zip(finished, finite) if ok]
        trials = [trials[i] for i in model_idx]
        cons = [t.constraints for t in trials]
        known = [i for i, c in enumerate(cons) if c is not None]
        feasible = [i for i in known if all(v <= 0.0 for v in cons[i] or ())]
        base = base_grad = None
        if feasible:
            fitted = model.fitted_mean() if not self._deterministic else model.y
            best_i = max(feasible, key=lambda i: fitted[i])
            acq = Acquisition("logei", model, float(fitted[best_i]), self._ucb_beta)
            base, base_grad = acq, acq.value_and_grad
            starts = x[best_i : best_i + 1]
        else:
            starts = x[:0]
        models, thresholds = self._constraint_models(enc, cons, x)
        weighted = FeasibilityWeighted(base, base_grad, models, thresholds)
        u = maximize_acquisition(
            weighted,
            weighted.value_and_grad,
            enc,
            self._rng,
            extra_starts=starts,
            exclude=x,
            n_candidates=self._n_candidates,
            n_starts=self._n_local_starts,
        )
        return enc.decode(u)

    def _objective_model(
        self,
        cache_key: Any,
        is_cat: np.ndarray,
        x: np.ndarray,
        y: np.ndarray,
        fit_rows: Callable[[], np.ndarray],
        n_obs: int,
        refit: bool = False,
        ls_centres: np.ndarray | None = None,
        ls_one_sided: bool = False,
        ls_gate: bool = False,
        warp: bool = False,
    ) -> GPModel:
        """A GP of ``y`` at ``x``; its kernel is refitted on the rows ``fit_rows()`` (chosen only
        when needed: it can cost more than the rest) when ``refit``, when none is cached under
        ``cache_key`` or when the trials grew enough since the last fit (:func:`_refit_due`),
        and taken from the cache otherwise. ``ls_centres``: the log-lengthscale priors' centres
        (None: the default prior, see :func:`._gp.ls_prior_centres`), and with ``ls_one_sided``
        that prior flat above them. ``ls_gate``: fit in two stages (automatic relevance
        determination): with the prior as given, then, if some inputs' lengthscales came out
        far above it (:func:`._gp.irrelevant_inputs`), again from that fit with the prior
        flat above its centre on those inputs only; the first stage is warm-started from its
        own previous fit (cached apart), so it is the fit the sampler makes without the gate.
        ``warp``: with input warping (``GPAblation.input_warping``; the default prior only),
        from ``GPAblation.warp_min_trials`` observations on; before that the default's fit."""
        warp_gated = warp and n_obs < self._ablation.warp_min_trials
        warp = warp and not warp_gated
        noise_floor = _DETERMINISTIC_NOISE if self._deterministic else _NOISE_FLOOR
        theta = self._theta_cache.get(cache_key)
        if refit or theta is None or _refit_due(self._fit_sizes.get(cache_key), n_obs):
            fit_idx = fit_rows()
            first_key = (cache_key, "before the gate")

            def fit(theta0: np.ndarray | None, one_sided: bool | np.ndarray) -> np.ndarray:
                return fit_kernel_params(
                    x[fit_idx],
                    y[fit_idx],
                    is_cat,
                    noise_floor=noise_floor,
                    fit_noise=not self._deterministic,
                    theta0=theta0,
                    ls_centres=ls_centres,
                    ls_one_sided=one_sided,
                    warp=warp,
                )

            if warp and self._ablation.warp_on_evidence:
                theta = self._fit_warp_on_evidence(
                    cache_key, x[fit_idx], y[fit_idx], is_cat, noise_floor
                )
            else:
                theta = fit(self._theta_cache.get(first_key) if ls_gate else theta, ls_one_sided)
                if ls_gate:
                    self._theta_cache[first_key] = theta
                    irrelevant = irrelevant_inputs(theta, is_cat, ls_centres)
                    if irrelevant.any():
                        theta = fit(theta, irrelevant)
            self._theta_cache[cache_key] = theta
            if warp_gated:
                # The plain fits of warp_on_evidence, once the gate opens, continue from the
                # default's sequence of fits.
                self._theta_cache[(cache_key, "plain")] = theta
            self._fit_sizes[cache_key] = n_obs
        return GPModel(x, y, is_cat, theta, noise_floor, not self._deterministic)

    def _fit_warp_on_evidence(
        self,
        cache_key: Any,
        x: np.ndarray,
        y: np.ndarray,
        is_cat: np.ndarray,
        noise_floor: float,
    ) -> np.ndarray:
        """Both the plain and the warped kernel fitted (each warm-started from its own last fit);
        the warped one if the data support it (:func:`warp_is_supported`), else the plain one."""
        fit_noise = not self._deterministic
        fits = {}
        for warp in (False, True):
            key = (cache_key, "warped" if warp else "plain")
            fits[warp] = fit_kernel_params(
                x,
                y,
                is_cat,
                noise_floor=noise_floor,
                fit_noise=fit_noise,
                theta0=self._theta_cache.get(key),
                warp=warp,
            )
            self._theta_cache[key] = fits[warp]
        chosen = warp_is_supported(x, y, is_cat, fits[False], fits[True], noise_floor, fit_noise)
        return fits[chosen]

    def _fit_constraint_models(
        self, fit: _PerObjective, trials: list[FrozenTrial]
    ) -> tuple[list[GPModel], list[float]]:
        """:meth:`_constraint_models` on the rows ``fit``'s models are conditioned on."""
        cons = [trials[i].constraints for i in fit.model_idx]
        return self._constraint_models(fit.enc, cons, fit.x)

    def _constraint_models(
        self, enc: EncodedSpace, cons: list[tuple[float, ...] | None], x: np.ndarray
    ) -> tuple[list[GPModel], list[float]]:
        """One GP per constraint, on the rows of ``x`` whose constraints are known, and the
        threshold (0 on the GP's standardised scale) of each."""
        known = [i for i, c in enumerate(cons) if c is not None]
        models: list[GPModel] = []
        thresholds: list[float] = []
        n_cons = min((len(cons[i] or ()) for i in known), default=0)
        xk = x[known]
        for k in range(n_cons):
            raw = np.array([(cons[i] or ())[k] for i in known], dtype=float)
            mean, std = float(raw.mean()), float(raw.std())
            std = std if std > 1e-12 else 1.0
            yk = (raw - mean) / std
            cache_key = (enc.signature(), "constraint", k)
            theta_k = fit_kernel_params(
                xk,
                yk,
                enc.is_cat,
                noise_floor=_DETERMINISTIC_NOISE,
                fit_noise=True,
                theta0=self._theta_cache.get(cache_key),
            )
            self._theta_cache[cache_key] = theta_k
            models.append(GPModel(xk, yk, enc.is_cat, theta_k, _DETERMINISTIC_NOISE, True))
            thresholds.append(-mean / std)
        return models, thresholds

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        turn = self._stall_turn(trial)
        if turn is not None:
            return turn.sample_independent(study, trial, param_name, param_distribution)
        if self._warn_independent and param_name not in self._warned:
            n_finished = sum(
                1
                for t in study.get_trials(
                    deepcopy=False, states=(TrialState.COMPLETE, TrialState.PRUNED)
                )
                if _observed_value(t) is not None
            )
            if n_finished >= max(self._n_startup_trials, 1):
                self._warned.add(param_name)
                _warnings.warn(
                    f"GPSampler samples parameter {param_name!r} with its independent sampler "
                    f"({type(self._independent_sampler).__name__}) because it is not in the "
                    "search space that all finished trials share (it appears in only some "
                    "trials, or its distribution changed). This warning is shown once per "
                    "parameter."
                )
        return self._independent_sampler.sample_independent(
            study, trial, param_name, param_distribution
        )

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        if self._ablation.stall_turns and len(study.directions) == 1:
            proposer = self._choose_proposer(study, trial)
            self._proposers[trial.trial_id] = proposer
            # Only the TPE's turns are stored: the GP's trials are the rule, and one more
            # storage write on every trial would cost the SQL storages a transaction each.
            if proposer == "tpe":
                study.storage.set_trial_system_attr(trial.trial_id, PROPOSER_ATTR, proposer)
                self._stall_tpe().before_trial(study, trial)
        self._independent_sampler.before_trial(study, trial)

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        if self._constraints_func is not None:
            store_constraints(self._constraints_func, study, trial, state, values)
        if self._stall_sampler is not None:
            self._stall_sampler.after_trial(study, trial, state, values)
        self._proposers.pop(trial.trial_id, None)
        self._independent_sampler.after_trial(study, trial, state, values)


def _chebyshev(scaled: np.ndarray, w: np.ndarray, augmentation: float = AUGMENTATION) -> np.ndarray:
    """ParEGO's augmented Chebyshev scalarisation of rows of scaled losses under weights ``w``."""
    return (scaled * w).max(axis=1) + augmentation * (scaled * w).sum(axis=1)


def _at_floor(loss: np.ndarray, j: int) -> bool:
    """Whether the lowest value of objective ``j`` among the rows ``loss`` looks like a floor:
    two or more rows hold it, to 1e-9 of the objective's range (a bound the proposals keep
    reaching, as ZDT's f1 = 0), rather than one row alone (an end the search may extend)."""
    col = loss[:, j]
    tol = 1e-9 * float(col.max() - col.min())
    return int(np.count_nonzero(col <= col.min() + tol)) >= 2


# How far past the front's extreme points the targets of ``target_weights`` reach, as a
# fraction of the front's range: not tuned, a hedge so that some proposals (2 * 0.1 / 1.2 of
# them for two objectives) still aim beyond the front's ends and can extend it.
_TARGET_REACH = 0.1


def _front_rows(loss: np.ndarray, feasible: np.ndarray) -> np.ndarray:
    """The non-dominated rows of ``loss`` among its finite, ``feasible`` ones (among every
    finite row while none of those is feasible)."""
    finite = np.isfinite(loss).all(axis=1)
    rows = loss[finite & feasible] if (finite & feasible).any() else loss[finite]
    return rows[non_dominated(rows)] if len(rows) else rows


def _scaled_front(
    loss: np.ndarray, feasible: np.ndarray, low: np.ndarray, span: np.ndarray
) -> np.ndarray:
    """:func:`_front_rows`, scaled as ParEGO scales the losses: ``(rows - low) / span``."""
    return (_front_rows(loss, feasible) - low) / span


def target_weights(share: np.ndarray, front: np.ndarray) -> np.ndarray:
    """Weights that aim the Chebyshev scalarisation at a target on the scaled ``front``.

    ``share`` (a point of the simplex) places the target on the hyperplane through the front's
    extreme points, ``t = a + ((1 + m r) share - r) (b - a)`` with ``a`` and ``b`` the front's
    lowest and highest scaled losses and ``r`` :data:`_TARGET_REACH` (so the targets reach
    ``r`` of the range past each extreme point). The scaled losses are measured from the
    utopian point, and the weighted Chebyshev terms ``w_i f_i`` are equal along the ray
    through ``t`` when ``w_i`` is proportional to ``1 / t_i``: the scalarisation's optimum on
    the front is where that ray meets it. ``share`` itself is returned while the front is
    empty."""
    if not len(front):
        return share
    a, b = front.min(axis=0), front.max(axis=0)
    m = len(share)
    target = a + ((1.0 + m * _TARGET_REACH) * share - _TARGET_REACH) * (b - a)
    inverse = 1.0 / np.maximum(target, 1e-9)
    return inverse / inverse.sum()


def lattice_weights(index: int, shift: np.ndarray) -> np.ndarray:
    """Point ``index`` of a low-discrepancy sequence on the simplex of ``len(shift) + 1``
    weights: the Kronecker sequence ``u_n = frac(shift + n alpha)`` in ``len(shift)``
    dimensions, with ``alpha`` the powers of the inverse of the root of ``x^(d+1) = x + 1``
    (the golden ratio for ``d = 1``; Roberts' R_d sequence), mapped to the simplex by the
    spacings of its sorted coordinates (the map that takes uniform points of the cube to
    uniform points of the simplex). Any run of consecutive indices covers the simplex evenly;
    ``shift`` (a random Cranley-Patterson rotation) makes the sequence differ by seed."""
    u = np.sort(np.mod(shift + index * _kronecker_steps(len(shift)), 1.0))
    return np.diff(np.concatenate([[0.0], u, [1.0]]))


@functools.cache
def _kronecker_steps(d: int) -> np.ndarray:
    """Roberts' R_d steps: the powers 1..d of the inverse of the root of ``x^(d+1) = x + 1``
    (computed once per dimension, not per proposal)."""
    phi = 2.0
    for _ in range(64):  # fixed point of x = (1 + x)^(1 / (d + 1)), converged long before
        phi = (1.0 + phi) ** (1.0 / (d + 1))
    steps = phi ** -np.arange(1, d + 1, dtype=float)
    steps.flags.writeable = False  # shared by every call
    return steps


def _dead_objective(loss: np.ndarray, low: np.ndarray, span: np.ndarray, w: np.ndarray) -> int:
    """The objective of the largest weighted term of the incumbent among ``loss`` under weights
    ``w`` (see :func:`_dead_weights`): the one whose weight is dead when they are."""
    scaled = (loss - low) / span
    best = int(np.argmin(_chebyshev(scaled, w)))
    return int(np.argmax(scaled[best] * w))


def _dead_weights(loss: np.ndarray, low: np.ndarray, span: np.ndarray, w: np.ndarray) -> bool:
    """Whether under weights ``w`` the incumbent among ``loss`` (rows of feasible losses, scaled
    by ``low`` and ``span``) has its largest weighted term in an objective where it holds the
    lowest value of all rows. Lowering the other objectives then leaves that term, and the
    scalarisation, where they are: only a new lowest value of that objective improves on the
    incumbent, which is impossible where that value is already the objective's minimum (ZDT3's
    f1 = 0 at the end point (0, 1))."""
    scaled = (loss - low) / span
    best = int(np.argmin(_chebyshev(scaled, w)))
    j = int(np.argmax(scaled[best] * w))
    return bool(loss[best, j] <= loss[:, j].min())


@dataclass(frozen=True)
class _PerObjective:
    """One GP per objective (:meth:`GPSampler._per_objective_models`): the encoded space, every
    trial's point and loss, the standardised (bad tail compressed) losses ``y``, the rows of
    the models and their points, the models (conditioned on the running trials ``xp`` at their
    ``believed`` values), which trials are feasible, and the map back from each GP's scale."""

    enc: EncodedSpace
    x_all: np.ndarray
    loss: np.ndarray
    y: np.ndarray
    model_idx: np.ndarray
    x: np.ndarray
    models: list[GPModel]
    feasible: np.ndarray
    xp: np.ndarray
    believed: list[np.ndarray]
    unsquash: list[Unsquash]


def _thin_front(front: np.ndarray, keep: int) -> np.ndarray:
    """``keep`` points of ``front`` that cover it: each objective's best point, then greedily
    the point farthest (Euclidean, on the standardised scale the front is given in) from those
    kept so far. Deterministic; O(n * keep)."""
    chosen = list(dict.fromkeys(int(i) for i in np.argmin(front, axis=0)))[:keep]
    dist = np.min(np.sum((front[:, None, :] - front[None, chosen, :]) ** 2, axis=2), axis=1)
    while len(chosen) < keep:
        i = int(np.argmax(dist))
        chosen.append(i)
        np.minimum(dist, np.sum((front - front[i]) ** 2, axis=1), out=dist)
    return front[np.sort(np.array(chosen))]


def _running_points(
    study: Study,
    trial: FrozenTrial,
    space: dict[str, BaseDistribution],
    enc: EncodedSpace,
    x: np.ndarray,
) -> np.ndarray:
    """The encoded points of the other RUNNING trials that have every parameter of ``space``
    with the same distribution (the kriging believer's pending points); ``x[:0]`` if none."""
    pending = [
        t
        for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,))
        if t.number != trial.number
        and space.keys() <= t.internal_params.keys()
        and all(t.distributions[n] == d for n, d in space.items())
    ]
    return enc.encode([t.internal_params for t in pending]) if pending else x[:0]


def _refit_due(fitted_on: int | None, n_obs: int) -> bool:
    """Whether ``n_obs`` observations call for a new kernel fit after one on ``fitted_on``."""
    if fitted_on is None or n_obs < fitted_on:
        return True
    return n_obs - fitted_on >= max(1, int(_REFIT_GROWTH * fitted_on))


def _feasible(trial: FrozenTrial) -> bool:
    return all(v <= 0.0 for v in trial.constraints or ())


def _observed_value(trial: FrozenTrial) -> float | None:
    """The value a finished trial contributes: its value, or for a pruned trial without one,
    its last reported intermediate value (pruned trials are evidence too)."""
    if trial.values is not None:
        return float(trial.values[0])
    if trial.state == TrialState.PRUNED and trial.intermediate_values:
        return float(trial.intermediate_values[max(trial.intermediate_values)])
    return None


def _single_value(dist: BaseDistribution) -> Any:
    """The one value of a single-valued distribution (external representation)."""
    if isinstance(dist, CategoricalDistribution):
        return dist.choices[0]
    assert isinstance(dist, FloatDistribution | IntDistribution)
    return dist.low


class _BlasLimit:
    """Limit BLAS to one thread while the sampler runs: its matrices are small (at most a few
    hundred rows), where threading costs more than it gains and oversubscribes parallel
    workers (``benchmarks/results/gp_overhead.md`` gives a suggestion's time with and
    without the limit).

    Threads of one process share BLAS settings, so the limit is reference-counted: the first
    sampler call to enter sets it, the last to leave restores the user's setting (nested
    enter/exit pairs from ``n_jobs`` threads would otherwise restore each other's values).
    """

    _controller: Any = None
    _active: Any = None
    _depth = 0
    _lock = threading.Lock()

    def __enter__(self) -> None:
        cls = _BlasLimit
        with cls._lock:
            if cls._controller is None:
                from threadpoolctl import ThreadpoolController

                cls._controller = ThreadpoolController()
            limiter = cls._controller.limit(limits=1, user_api="blas")
            if cls._depth == 0:
                cls._active = limiter  # remembers the user's setting, restored by the last exit
            # Nested entries re-apply the limit (someone else may have changed it meanwhile)
            # but leave restoring to the outermost one.
            cls._depth += 1

    def __exit__(self, *exc: object) -> None:
        cls = _BlasLimit
        with cls._lock:
            cls._depth -= 1
            if cls._depth == 0 and cls._active is not None:
                cls._active.restore_original_limits()
                cls._active = None


def _limit_blas_threads() -> _BlasLimit:
    return _BlasLimit()
