"""Contenders: one small adapter per optimiser, ``(problem, budget, seed) -> RunResult``.

Every adapter wraps the problem's objective in :class:`_Recorder`, which timestamps each call, so
the time spent *inside the optimiser* is everything between objective calls (and after the last).
Peers are imported inside the adapters only; a missing module makes the contender unavailable
with a note instead of failing the whole run.
"""

from __future__ import annotations

import importlib
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from benchmarks.bbo.problems import Param, Problem

__all__ = ["CONTENDERS", "Contender", "RunResult", "get_contenders"]


@dataclass
class RunResult:
    values: list[float]
    total_time: float  # wall time of the whole optimisation
    objective_time: float  # of which inside the objective
    gaps: list[float]  # optimiser time before each objective call
    tail: float = 0.0  # optimiser time after the last call
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def optimiser_time(self) -> float:
        return self.total_time - self.objective_time


class _Recorder:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.values: list[float] = []
        self.gaps: list[float] = []
        self.objective_time = 0.0
        self.start = time.perf_counter()
        self._last = self.start

    def __call__(self, params: Mapping[str, Any]) -> float:
        t0 = time.perf_counter()
        self.gaps.append(t0 - self._last)
        value = self.problem(params)
        t1 = time.perf_counter()
        self.objective_time += t1 - t0
        self._last = t1
        self.values.append(value)
        return value

    def result(self) -> RunResult:
        end = time.perf_counter()
        return RunResult(
            values=self.values,
            total_time=end - self.start,
            objective_time=self.objective_time,
            gaps=self.gaps,
            tail=end - self._last,
        )


@dataclass(frozen=True)
class Contender:
    name: str
    label: str
    run: Callable[[Problem, int, int], RunResult] = field(repr=False)
    requires: tuple[str, ...] = ()  # modules that must import
    note: str = ""
    # A candidate measured only for an ablation (results/bbo/ablation.md): it stays out of
    # summary.md, whose tables compare the samplers a user can pick with the peers.
    ablation_only: bool = False

    def unavailable_reason(self) -> str | None:
        for mod in self.requires:
            try:
                importlib.import_module(mod)
            except ImportError as exc:
                return f"{mod} not importable ({exc})"
        return None


# --------------------------------------------------------------------------- define-by-run


def _suggest(trial: Any, p: Param) -> Any:
    if p.kind == "float":
        return trial.suggest_float(p.name, p.low, p.high, log=p.log)
    if p.kind == "int":
        return trial.suggest_int(p.name, int(p.low), int(p.high), log=p.log)
    return trial.suggest_categorical(p.name, list(p.choices))


def _define_by_run(lib: Any, make_sampler: Callable[[int], Any]) -> Callable[..., RunResult]:
    def run(problem: Problem, budget: int, seed: int) -> RunResult:
        sampler = make_sampler(seed)
        study = lib.create_study(sampler=sampler, direction="minimize")
        rec = _Recorder(problem)

        def objective(trial: Any) -> float:
            return rec({p.name: _suggest(trial, p) for p in problem.space})

        rec.start = rec._last = time.perf_counter()
        study.optimize(objective, n_trials=budget)
        return rec.result()

    return run


def _hyperscout(sampler_path: str, cls_name: str) -> Callable[..., RunResult]:
    def run(problem: Problem, budget: int, seed: int) -> RunResult:
        import hyperscout

        hyperscout.logging.set_verbosity(hyperscout.logging.WARNING)
        cls = getattr(importlib.import_module(sampler_path), cls_name)
        return _define_by_run(hyperscout, lambda s: cls(seed=s))(problem, budget, seed)

    return run


def _optuna(cls_name: str) -> Callable[..., RunResult]:
    def run(problem: Problem, budget: int, seed: int) -> RunResult:
        import warnings

        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
        cls = getattr(optuna.samplers, cls_name)
        return _define_by_run(optuna, lambda s: cls(seed=s))(problem, budget, seed)

    return run


# --------------------------------------------------------------------------- scikit-optimize


def _skopt(problem: Problem, budget: int, seed: int) -> RunResult:
    import warnings

    from skopt import gp_minimize
    from skopt.space import Categorical, Integer, Real

    dims: list[Any] = []
    for p in problem.space:
        prior = "log-uniform" if p.log else "uniform"
        if p.kind == "float":
            dims.append(Real(p.low, p.high, prior=prior, name=p.name))
        elif p.kind == "int":
            dims.append(Integer(int(p.low), int(p.high), prior=prior, name=p.name))
        else:
            dims.append(Categorical(list(p.choices), name=p.name))
    rec = _Recorder(problem)

    def objective(x: list[Any]) -> float:
        return rec({p.name: v for p, v in zip(problem.space, x)})

    with warnings.catch_warnings():
        # skopt warns when it re-proposes an evaluated point; that is its behaviour, keep going
        warnings.simplefilter("ignore")
        rec.start = rec._last = time.perf_counter()
        gp_minimize(
            objective, dims, n_calls=budget, n_initial_points=min(10, budget), random_state=seed
        )
    return rec.result()


# --------------------------------------------------------------------------- hyperopt


def _hyperopt(problem: Problem, budget: int, seed: int) -> RunResult:
    import logging

    import numpy as np
    from hyperopt import Trials, fmin, hp, tpe

    logging.getLogger("hyperopt").setLevel(logging.WARNING)
    space: dict[str, Any] = {}
    for p in problem.space:
        if p.kind == "float":
            space[p.name] = (
                hp.loguniform(p.name, math.log(p.low), math.log(p.high))
                if p.log
                else hp.uniform(p.name, p.low, p.high)
            )
        elif p.kind == "int":
            # uniform over [low - 0.5, high + 0.5] rounded (in log space for log ints)
            lo, hi = p.low - 0.5, p.high + 0.4999
            space[p.name] = (
                hp.loguniform(p.name, math.log(max(lo, 0.5)), math.log(hi))
                if p.log
                else hp.uniform(p.name, lo, hi)
            )
        else:
            space[p.name] = hp.choice(p.name, list(p.choices))
    ints = {p.name: (int(p.low), int(p.high)) for p in problem.space if p.kind == "int"}
    rec = _Recorder(problem)

    def objective(params: dict[str, Any]) -> float:
        params = dict(params)
        for name, (lo, hi) in ints.items():
            params[name] = min(hi, max(lo, round(params[name])))
        return rec(params)

    rec.start = rec._last = time.perf_counter()
    fmin(
        objective,
        space,
        algo=tpe.suggest,
        max_evals=budget,
        trials=Trials(),
        rstate=np.random.default_rng(seed),
        show_progressbar=False,
    )
    return rec.result()


# --------------------------------------------------------------------------- registry

CONTENDERS: dict[str, Contender] = {
    c.name: c
    for c in [
        Contender(
            "hs-tpe",
            "hyperscout TPE",
            _hyperscout("hyperscout.samplers.tpe", "TPESampler"),
            ("hyperscout.samplers.tpe",),
        ),
        Contender(
            "hs-gp",
            "hyperscout GP",
            _hyperscout("hyperscout.samplers.gp", "GPSampler"),
            # Its stall turns import the TPE at their first use.
            ("hyperscout.samplers.gp", "hyperscout.samplers.tpe"),
        ),
        Contender(
            "hs-random",
            "hyperscout Random",
            _hyperscout("hyperscout.samplers", "RandomSampler"),
            ("hyperscout.samplers",),
        ),
        Contender(
            "hs-qmc",
            "hyperscout QMC (Sobol)",
            _hyperscout("hyperscout.samplers", "QMCSampler"),
            ("hyperscout.samplers",),
        ),
        # Candidate defaults of the ablation (results/bbo/ablation.md), see variants.py.
        Contender(
            "hs-bandit",
            "hyperscout GP/TPE bandit",
            _hyperscout("benchmarks.bbo.variants", "BanditSampler"),
            ("hyperscout.samplers.gp", "hyperscout.samplers.tpe"),
            ablation_only=True,
        ),
        Contender(
            "hs-bandit-gpprior",
            "hyperscout GP/TPE bandit, GP prior",
            _hyperscout("benchmarks.bbo.variants", "GPPriorBanditSampler"),
            ("hyperscout.samplers.gp", "hyperscout.samplers.tpe"),
            ablation_only=True,
        ),
        Contender(
            "hs-gphedge",
            "hyperscout GP-Hedge",
            _hyperscout("benchmarks.bbo.variants", "GPHedgeSampler"),
            ("hyperscout.samplers.gp",),
            ablation_only=True,
        ),
        Contender("optuna-tpe", "Optuna TPE", _optuna("TPESampler"), ("optuna",)),
        Contender("optuna-gp", "Optuna GP", _optuna("GPSampler"), ("optuna", "torch")),
        Contender("skopt-gp", "skopt gp_minimize", _skopt, ("skopt",)),
        Contender("hyperopt-tpe", "hyperopt TPE", _hyperopt, ("hyperopt",)),
    ]
}

RANDOM = "hs-random"  # the 0 of the normalised score


def get_contenders(names: list[str] | None) -> list[Contender]:
    if names is None:
        return list(CONTENDERS.values())
    unknown = [n for n in names if n not in CONTENDERS]
    if unknown:
        raise ValueError(f"unknown contenders {unknown}; known: {sorted(CONTENDERS)}")
    return [CONTENDERS[n] for n in names]


# Ablation-only candidates built in benchmarks/bbo/variants.py (results/bbo/ablation.md), each
# registered after the registry by one call in a block of its own.
_GP = ("hyperscout.samplers.gp",)
_TPE = ("hyperscout.samplers.tpe",)
_GP_TPE = ("hyperscout.samplers.gp", "hyperscout.samplers.tpe")


def _variant(name: str, label: str, cls_name: str, requires: tuple[str, ...] = _GP) -> None:
    CONTENDERS[name] = Contender(
        name,
        label,
        _hyperscout("benchmarks.bbo.variants", cls_name),
        requires,
        ablation_only=True,
    )


# --------------------------------------------------------------------------- hs-tpe-noprior
# TPE kernel screen (results/bbo/ablation.md, "TPE kernels without the prior as a neighbour").
# Registered here, after the registry, as a self-contained block.
_variant(
    "hs-tpe-noprior",
    "hyperscout TPE, kernels sized without the prior",
    "TPENoPriorNeighbourSampler",
    _TPE,
)

# --------------------------------------------------------------------------- hs-handover
# GP -> TPE hand-over by prequential predictive likelihood (results/bbo/ablation.md).
_variant("hs-handover", "hyperscout GP→TPE hand-over", "HandoverSampler", _GP_TPE)
_variant(
    "hs-handover-judge",
    "hyperscout GP/TPE nominees, better predictor judges",
    "HandoverJudgeSampler",
    _GP_TPE,
)
# --------------------------------------------------------------------------- hs-gp-aei
# GP with augmented EI (results/bbo/ablation.md, "Augmented EI for step-like CV scores").
_variant("hs-gp-aei", "hyperscout GP, augmented EI", "AugmentedEIGPSampler")
_variant("hs-gp-aei-ties", "hyperscout GP, augmented EI on ties", "TiesAugmentedEIGPSampler")
# --------------------------------------------------------------------------- hs-gp-reach
# GP proposing only within the model's reach (results/bbo/ablation.md, "Proposals out of the
# model's reach").
_variant("hs-gp-reach", "hyperscout GP, within reach", "ReachGPSampler")
# --------------------------------------------------------------------------- hs-gp-norepeat
# GP never proposing a repeat up to noise (results/bbo/ablation.md, "Repeats up to noise").
_variant("hs-gp-norepeat", "hyperscout GP, no repeats up to noise", "NoRepeatGPSampler")
_variant(
    "hs-gp-norepeat-plateau",
    "hyperscout GP, no repeats up to noise on plateaus",
    "PlateauNoRepeatGPSampler",
)
# --------------------------------------------------------------------------- hs-gp-warp
# GP with Kumaraswamy input warping (results/bbo/ablation.md, "Input warping").
_variant("hs-gp-warp", "hyperscout GP, input warping", "InputWarpingGPSampler")
_variant(
    "hs-gp-warp-evidence",
    "hyperscout GP, input warping on evidence",
    "EvidenceWarpingGPSampler",
)
# --------------------------------------------------------------------------- hs-stall-tpe
# The default GP, the TPE proposing while stalled on plateaus (results/bbo/ablation.md).
_variant(
    "hs-stall-tpe",
    "hyperscout GP, TPE while stalled on plateaus",
    "StallTPESampler",
    _GP_TPE,
)
_variant(
    "hs-stall-tpe-incumbent",
    "hyperscout GP, TPE while stalled on the incumbent's plateau",
    "IncumbentStallTPESampler",
    _GP_TPE,
)
_variant(
    "hs-stall-alternate",
    "hyperscout GP, GP and TPE taking turns while stalled on the incumbent's plateau",
    "AlternatingStallTPESampler",
    _GP_TPE,
)
_variant(
    "hs-gp-stall-turns",
    "hyperscout GP, stall turns switched on (the shipped form of hs-stall-alternate)",
    "StallTurnsGPSampler",
    _GP_TPE,
)
# --------------------------------------------------------------------------- hs-gp-xi
# The default GP with EI's exploration margin xi = 0.01 (results/bbo/ablation.md, "EI's
# exploration margin").
_variant("hs-gp-xi", "hyperscout GP, EI margin 0.01", "MarginEIGPSampler")
# --------------------------------------------------------------------------- hs-gp-startup5
# GP with 5 random startup trials instead of 10 (results/bbo/ablation.md, "Random startup size").
_variant("hs-gp-startup5", "hyperscout GP, 5 startup trials", "Startup5GPSampler")
_variant(
    "hs-gp-warp-late",
    "hyperscout GP, input warping on evidence from 30 trials",
    "LateEvidenceWarpingGPSampler",
)
# hs-gp-warp-late again, run under the pinned SkylakeX kernels (benchmarks/_kernels.py) under
# which the stored raw/hs-gp runs replay exactly, so that the two are paired run for run (its
# first 30 trials equal hs-gp's); hs-gp-warp-late's own runs were made under Haswell's.
_variant(
    "hs-gp-warp-late-pinned",
    "hyperscout GP, input warping on evidence from 30 trials (pinned kernels)",
    "LateEvidenceWarpingGPSampler",
)
# Today's GP rerun on an AMD EPYC machine whose environment set OPENBLAS_CORETYPE=Haswell, before
# the suite pinned OpenBLAS's SkylakeX kernels (benchmarks/_kernels.py; the stored raw/hs-gp
# runs were made under those, and replay exactly under the pin): the paired baseline of
# hs-gp-warp-late's diagnostic in ablation.md ("A warp gate that opens at 30 trials"), whose
# runs were made under the same Haswell kernels. Rerunning it now runs under the pin.
_variant("hs-gp-epyc", "hyperscout GP (rerun, EPYC machine)", "NoWarpGPSampler")
# The GP shipped until its late, evidence-gated input warp became the default (results/bbo/
# ablation.md, "Next round for hs-gp-warp-late"): its runs are raw/hs-gp's as they were before
# that switch (moved here, byte for byte), and running it runs GPAblation's warp switches off.
_variant(
    "hs-gp-nowarp",
    "hyperscout GP without input warping (the default before the warp gate)",
    "NoWarpGPSampler",
)
# The GP shipped until its GP/TPE turns while stalled on the incumbent's plateau became the
# default (results/bbo/ablation.md, "Next round for hs-stall-alternate"): its runs are raw/hs-gp's
# as they were before that switch (moved here, byte for byte), and running it runs the switch
# stall_turns off.
_variant(
    "hs-gp-noturns",
    "hyperscout GP without the stall turns (the default before them)",
    "NoTurnsGPSampler",
)
# The GP's runs made before 2026-11-30, at 17 earlier commits (each run's git field). The
# default's sequential algorithm changed in detail among them (the kernel refitted once the
# observations grew by 5 %, 286d514; predictions through the inverse Cholesky factor, 6b5777f),
# and today's code reproduces few of them under the same seeds (trajectories part from about
# trial 10-57 on). raw/hs-gp holds today's reruns (called hs-gp-rerun in ablation.md's sections
# of that date); these stay for the ablation sections written against them. Running this
# contender runs today's GPSampler, not the old code.
_variant(
    "hs-gp-before",
    "hyperscout GP (runs at earlier commits, before 2026-11-30)",
    "NoWarpGPSampler",
)
