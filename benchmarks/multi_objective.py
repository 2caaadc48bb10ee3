"""Several objectives: hyperscout's samplers against Optuna 5's, side by side in one run.

Quality: the exact hypervolume (``hyperscout.hypervolume``) of the front of the feasible COMPLETE
trials after 100 and 300 trials (the first 100 trials of a 300-trial run are the 100-trial run:
no sampler here knows the budget), 5 seeds, on

- ZDT1, ZDT2, ZDT3 (Zitzler, Deb and Thiele 2000) with 10 variables, reference point (1.1, 11);
- DTLZ2 (Deb, Thiele, Laumanns and Zitzler 2002) with 3 objectives and 12 variables,
  reference point (2.5, 2.5, 2.5);
- C2-DTLZ2 (Jain and Deb 2014): DTLZ2 whose feasible region is the parts of objective space
  near the corners and the centre of the front (r = 0.4), same reference point; samplers get
  the constraint through ``constraints_func`` where they take one;
- a real one: ROC AUC (held-out quarter) against the pickled size in KB of a
  ``HistGradientBoostingClassifier`` on scikit-learn's breast-cancer data, both as losses
  (1 - AUC, KB), reference point: the worst value of each over every run; 40 trials, 2 seeds
  (each trial fits a model).

Overhead: time per suggestion (``ask`` + 5 ``suggest_float`` + ``tell``) after 1,000 trials,
NSGA-II ours vs Optuna's, median of 50 timed trials, repeated and interleaved.

Contenders are interleaved (A B A B ...) per seed and problem. Run with one BLAS thread:

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/multi_objective.py

``--part synthetic|real|overhead|picture|report`` runs one part; raw results go to
``benchmarks/results/multi_objective_*.json`` and the table to ``multi_objective.md``.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import pickle
import platform
import statistics
import time
import warnings
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from benchmarks._kernels import pin_openblas_kernels

if __name__ == "__main__":  # the benchmark, not a test importing it; before numpy loads OpenBLAS
    pin_openblas_kernels()

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results"
SEEDS = [0, 1, 2, 3, 4]
BUDGETS = [100, 300]
ZDT_VARS = 10
DTLZ_VARS = 12
REF_ZDT = [1.1, 11.0]
REF_DTLZ = [2.5, 2.5, 2.5]


# --- problems (losses, all minimised) ---------------------------------------------------------
def zdt(kind: int, x: np.ndarray) -> list[float]:
    f1 = float(x[0])
    g = 1.0 + 9.0 * float(x[1:].mean())
    if kind == 1:
        h = 1.0 - math.sqrt(f1 / g)
    elif kind == 2:
        h = 1.0 - (f1 / g) ** 2
    else:
        h = 1.0 - math.sqrt(f1 / g) - (f1 / g) * math.sin(10.0 * math.pi * f1)
    return [f1, g * h]


def dtlz2(x: np.ndarray, m: int = 3) -> list[float]:
    g = float(((x[m - 1 :] - 0.5) ** 2).sum())
    out = []
    for i in range(m):
        v = 1.0 + g
        for j in range(m - 1 - i):
            v *= math.cos(0.5 * math.pi * x[j])
        if i > 0:
            v *= math.sin(0.5 * math.pi * x[m - 1 - i])
        out.append(v)
    return out


def c2_violation(f: list[float], r: float = 0.4) -> float:
    """C2-DTLZ2's constraint, feasible when <= 0."""
    fa = np.asarray(f)
    m = fa.size
    corner = min(
        (fa[i] - 1.0) ** 2 + float((np.delete(fa, i) ** 2).sum()) - r * r for i in range(m)
    )
    centre = float(((fa - 1.0 / math.sqrt(m)) ** 2).sum()) - r * r
    return float(min(corner, centre))


PROBLEMS: dict[str, dict[str, Any]] = {
    "ZDT1": {"n": ZDT_VARS, "m": 2, "f": lambda x: zdt(1, x), "ref": REF_ZDT},
    "ZDT2": {"n": ZDT_VARS, "m": 2, "f": lambda x: zdt(2, x), "ref": REF_ZDT},
    "ZDT3": {"n": ZDT_VARS, "m": 2, "f": lambda x: zdt(3, x), "ref": REF_ZDT},
    "DTLZ2": {"n": DTLZ_VARS, "m": 3, "f": dtlz2, "ref": REF_DTLZ},
    "C2-DTLZ2": {"n": DTLZ_VARS, "m": 3, "f": dtlz2, "ref": REF_DTLZ, "constrained": True},
}


# --- contenders ------------------------------------------------------------------------------
def _cons(t: Any) -> list[float]:
    return [float(t.user_attrs["c"])]


# The default for several objectives before the composite ParEGO: one GP on each scalarisation,
# measured from the ideal point. The ablation's labels pin it, so that they keep meaning the
# configuration that ran under them.
ONE_GP: dict[str, Any] = {"multi": "parego", "utopia": 0.0}


def _hs_gp(
    scale: str | None = None,
    multi: str | None = None,
    ref: str | None = None,
    utopia: float | None = None,
    front_starts: int | None = None,
    weight_draws: int | None = None,
    redraws: int | None = None,
    dead_redraws: int | None = None,
    dead_ehvi: bool | None = None,
    ls_prior: str | None = None,
    dead_blind: bool | None = None,
    blind_scope: str | None = None,
    blind_gate: str | None = None,
    dead_floor: bool | None = None,
    weights: str | None = None,
    utopia_width: str | None = None,
    augmentation: float | None = None,
    **kwargs: Any,
) -> Callable[[int, Any], tuple[Any, Any]]:
    """hyperscout's ``GPSampler`` as ``default_sampler`` builds it for several objectives (its
    independent sampler is the same TPE), with ``constraints_func`` and ``kwargs``; ``scale``
    overrides ParEGO's scaling of the objectives and ``multi`` the acquisition for several
    objectives, ``ref`` EHVI's reference point, ``utopia`` ParEGO's utopian margin and
    ``front_starts`` the composite's L-BFGS starts at front points, ``weight_draws`` the weight
    vectors the composite draws to keep the best of, ``redraws`` its new weights after a search
    fell back to the sweep, ``dead_redraws`` its new weights while the drawn ones are dead,
    ``dead_ehvi`` log EHVI instead under dead weights, ``ls_prior`` the per-objective models'
    lengthscale prior, ``dead_blind`` the models blind to the inputs they mark irrelevant under
    dead weights, ``blind_scope`` whose models (every objective's or the dead one's),
    ``blind_gate`` which of their inputs, ``dead_floor`` dead weights only at a floor, ``weights`` how the composite draws its weight
    vectors, ``utopia_width`` the range the utopian margin is a fraction of, ``augmentation``
    ParEGO's augmentation in the composite's scalarisation (private
    switches for the ablation: the fields ``parego_scale``,
    ``multi_objective``, ``ehvi_reference``, ``parego_utopia``, ``acq_front_starts``,
    ``parego_weight_draws``, ``parego_redraws``, ``parego_dead_redraws``, ``parego_dead_ehvi``,
    ``objective_ls_prior``, ``parego_dead_blind``, ``parego_blind_scope``,
    ``parego_blind_gate``, ``parego_dead_floor``, ``parego_weights`` and
    ``parego_utopia_width``, ``parego_augmentation`` of
    ``hyperscout.samplers.gp._ablation.GPAblation``; None leaves the sampler's default)."""
    switches = {
        "parego_scale": scale,
        "multi_objective": multi,
        "ehvi_reference": ref,
        "parego_utopia": utopia,
        "acq_front_starts": front_starts,
        "parego_weight_draws": weight_draws,
        "parego_redraws": redraws,
        "parego_dead_redraws": dead_redraws,
        "parego_dead_ehvi": dead_ehvi,
        "objective_ls_prior": ls_prior,
        "parego_dead_blind": dead_blind,
        "parego_blind_scope": blind_scope,
        "parego_blind_gate": blind_gate,
        "parego_dead_floor": dead_floor,
        "parego_weights": weights,
        "parego_utopia_width": utopia_width,
        "parego_augmentation": augmentation,
    }
    changes = {name: value for name, value in switches.items() if value is not None}

    def make(s: int, cf: Any) -> tuple[Any, Any]:
        import hyperscout
        from hyperscout.samplers import GPSampler, TPESampler

        tpe = TPESampler(multivariate=True, group=True, constant_liar=True, seed=s)
        sampler = GPSampler(
            seed=s,
            independent_sampler=tpe,
            warn_independent_sampling=False,
            constraints_func=cf,
            **kwargs,
        )
        sampler._set_ablation(**changes)
        return hyperscout, sampler

    return make


# ablation13's variant (EHVI under dead weights, blind to irrelevant inputs of small share), which
# ablation14 extends.
_SMALL_SHARE: dict[str, Any] = {
    "multi": "composite",
    "utopia": 0.1,
    "dead_ehvi": True,
    "dead_blind": True,
    "blind_gate": "lengthscale-and-share",
}


def _hs(cls: str, **kwargs: Any) -> Callable[[int, Any], tuple[Any, Any]]:
    def make(s: int, cf: Any) -> tuple[Any, Any]:
        import hyperscout

        return hyperscout, getattr(hyperscout.samplers, cls)(seed=s, constraints_func=cf, **kwargs)

    return make


def _op(cls: str, **kwargs: Any) -> Callable[[int, Any], tuple[Any, Any]]:
    def make(s: int, cf: Any) -> tuple[Any, Any]:
        import optuna

        return optuna, getattr(optuna.samplers, cls)(seed=s, constraints_func=cf, **kwargs)

    return make


# The EHVI variants' labels (``GPAblation.multi_objective = "ehvi"``), by reference point
# (``GPAblation.ehvi_reference``).
EHVI_LABELS = {
    "front": "hyperscout GP (EHVI, reference point from the front)",
    "all": "hyperscout GP (EHVI, reference point from all trials)",
}
# Every contender this script knows, by label; ``--contenders`` picks some (default: DEFAULT).
# Labels starting with "hyperscout" / "optuna" are ours / the peer's in the ratio column.
CONTENDERS: dict[str, Callable[[int, Any], tuple[Any, Any]]] = {
    "hyperscout default": _hs_gp(),
    "hyperscout NSGA-II": _hs("NSGAIISampler"),
    "optuna TPE": _op("TPESampler"),
    "optuna NSGA-II": _op("NSGAIISampler"),
    "optuna GP": _op("GPSampler"),
    "hyperscout GP (ParEGO, scaled by all trials)": _hs_gp(scale="all", **ONE_GP),
    "hyperscout GP (ParEGO, scaled by the front)": _hs_gp(scale="front", **ONE_GP),
    "hyperscout GP (ParEGO, scaled by the front, feasible or not)": _hs_gp(
        scale="front-any", **ONE_GP
    ),
    "hyperscout GP (ParEGO, alternating all trials / the front)": _hs_gp(
        scale="alternate", **ONE_GP
    ),
    EHVI_LABELS["front"]: _hs_gp(multi="ehvi", ref="front"),
    EHVI_LABELS["all"]: _hs_gp(multi="ehvi", ref="all"),
    "hyperscout GP (ParEGO, per-objective GPs)": _hs_gp(multi="composite", utopia=0.0),
    "hyperscout GP (ParEGO, per-objective GPs, utopian point)": _hs_gp(
        multi="composite", utopia=0.1
    ),
    "hyperscout GP (ParEGO, utopian point)": _hs_gp(multi="parego", utopia=0.1),
    "hyperscout GP (composite ParEGO, utopian point, scaled by the front)": _hs_gp(
        multi="composite", utopia=0.1, scale="front"
    ),
    "hyperscout GP (composite ParEGO, utopian point, front starts)": _hs_gp(
        multi="composite", utopia=0.1, front_starts=10
    ),
    "hyperscout GP (composite ParEGO, utopian point, alternating all trials / the front)": _hs_gp(
        multi="composite", utopia=0.1, scale="alternate"
    ),
    "hyperscout GP (composite ParEGO, utopian point, scaled by the front, front starts)": _hs_gp(
        multi="composite", utopia=0.1, scale="front", front_starts=10
    ),
    "hyperscout GP (composite ParEGO, utopian point, best of 4 weights)": _hs_gp(
        multi="composite", utopia=0.1, weight_draws=4
    ),
    "hyperscout GP (composite ParEGO, utopian point, best of 8 weights)": _hs_gp(
        multi="composite", utopia=0.1, weight_draws=8
    ),
    "hyperscout GP (composite ParEGO, utopian point, weights redrawn after a fallback)": _hs_gp(
        multi="composite", utopia=0.1, redraws=3
    ),
    "hyperscout GP (composite ParEGO, utopian point, dead weights redrawn)": _hs_gp(
        multi="composite", utopia=0.1, dead_redraws=10
    ),
    "hyperscout GP (composite ParEGO, utopian point, EHVI under dead weights)": _hs_gp(
        multi="composite", utopia=0.1, dead_ehvi=True
    ),
    "hyperscout GP (composite ParEGO, utopian point, long lengthscale prior)": _hs_gp(
        multi="composite", utopia=0.1, ls_prior="long"
    ),
    "hyperscout GP (composite ParEGO, utopian point, one-sided lengthscale prior)": _hs_gp(
        multi="composite", utopia=0.1, ls_prior="one-sided"
    ),
    "hyperscout GP (composite ParEGO, utopian point, one-sided prior on irrelevant inputs)": _hs_gp(
        multi="composite", utopia=0.1, ls_prior="one-sided-irrelevant"
    ),
    "hyperscout GP (composite ParEGO, utopian point, blind to irrelevant inputs under dead weights)": (
        _hs_gp(multi="composite", utopia=0.1, dead_blind=True)
    ),
    "hyperscout GP (composite ParEGO, utopian point, EHVI blind to irrelevant inputs under dead weights)": (
        _hs_gp(multi="composite", utopia=0.1, dead_ehvi=True, dead_blind=True)
    ),
    "hyperscout GP (composite ParEGO, utopian point, EHVI blind to the dead objectives' irrelevant inputs)": (
        _hs_gp(multi="composite", utopia=0.1, dead_ehvi=True, dead_blind=True, blind_scope="dead")
    ),
    "hyperscout GP (composite ParEGO, utopian point, EHVI blind to irrelevant inputs of small share under dead weights)": (
        _hs_gp(**_SMALL_SHARE)
    ),
    "hyperscout GP (composite ParEGO, utopian point, EHVI blind to irrelevant inputs of small share under dead weights at a floor)": (
        _hs_gp(**_SMALL_SHARE, dead_floor=True)
    ),
    "hyperscout GP (composite ParEGO, utopian point, lattice weights)": _hs_gp(
        multi="composite", utopia=0.1, weights="lattice"
    ),
    "hyperscout GP (composite ParEGO, utopian point from the front's range)": _hs_gp(
        multi="composite", utopia=0.1, utopia_width="front"
    ),
    "hyperscout GP (composite ParEGO, utopian point alternating all trials' / the front's range)": (
        _hs_gp(multi="composite", utopia=0.1, utopia_width="alternate")
    ),
    "hyperscout GP (composite ParEGO, utopian point, weights aimed at targets on the front)": (
        _hs_gp(multi="composite", utopia=0.1, weights="targets")
    ),
    "hyperscout GP (composite ParEGO, utopian point, weights aimed at targets on the front, plain Chebyshev)": (
        _hs_gp(multi="composite", utopia=0.1, weights="targets", augmentation=0.0)
    ),
    "hyperscout GP (composite ParEGO, utopian point, weights dead at a floor aimed at targets on the front)": (
        _hs_gp(multi="composite", utopia=0.1, weights="floor-targets")
    ),
    "hyperscout GP (composite ParEGO, utopian point, weights dead at a floor aimed at targets on the front, plain Chebyshev)": (
        _hs_gp(multi="composite", utopia=0.1, weights="floor-targets", augmentation=0.0)
    ),
    "hyperscout TPE": _hs("TPESampler", multivariate=True, group=True),
    "hyperscout TPE (independent)": _hs("TPESampler"),
}
# ParEGO's scalarisation under one GP per objective (``GPAblation.multi_objective =
# "composite"``), judged by NOTES_COMPOSITE's rule.
# The default when their rule was fixed (its runs are no longer "hyperscout default").
ONE_GP_ALL = "hyperscout GP (ParEGO, scaled by all trials)"
COMPOSITE_LABELS = [
    "hyperscout GP (ParEGO, per-objective GPs)",
    "hyperscout GP (ParEGO, per-objective GPs, utopian point)",
    "hyperscout GP (ParEGO, utopian point)",
]
# Variants of the composite ParEGO default (tag ``ablation6``), judged by NOTES_ABLATION6's rule
# against the runs of "hyperscout default"; the first runs 300 trials unscreened, later ones
# are screened at 100 trials first.
ABLATION6_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point, scaled by the front)",
    "hyperscout GP (composite ParEGO, utopian point, front starts)",
    "hyperscout GP (composite ParEGO, utopian point, scaled by the front, front starts)",
    "hyperscout GP (composite ParEGO, utopian point, alternating all trials / the front)",
]
ABLATION6_UNSCREENED = {"hyperscout GP (composite ParEGO, utopian point, scaled by the front)"}
# The composite's weights chosen best of several draws (tag ``ablation7``), judged by
# NOTES_ABLATION7's rule (the same as ablation6's, every variant screened).
ABLATION7_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point, best of 4 weights)",
    "hyperscout GP (composite ParEGO, utopian point, best of 8 weights)",
    "hyperscout GP (composite ParEGO, utopian point, weights redrawn after a fallback)",
]
# Dead weights redrawn, or searched by EHVI (tag ``ablation8``), judged by NOTES_ABLATION8's rule
# (ablation7's, every variant screened).
ABLATION8_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point, dead weights redrawn)",
    "hyperscout GP (composite ParEGO, utopian point, EHVI under dead weights)",
]
# The per-objective models' lengthscale prior (tag ``ablation9``), judged by NOTES_ABLATION9's
# rule (ablation8's); the second variant was added after the first's screen
# (NOTES_ABLATION9_SECOND), under the same rule.
ABLATION9_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point, long lengthscale prior)",
    "hyperscout GP (composite ParEGO, utopian point, one-sided lengthscale prior)",
]
# The one-sided prior only on inputs the default prior's fit marks irrelevant (tag
# ``ablation10``), judged by NOTES_ABLATION10's rule (ablation9's).
ABLATION10_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point, one-sided prior on irrelevant inputs)",
]
# Under dead weights, the models blind to the inputs they mark irrelevant, for the composite or
# for ablation8's EHVI under dead weights (tag ``ablation11``), judged by NOTES_ABLATION11's rule
# (ablation10's).
ABLATION11_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point, blind to irrelevant inputs under dead weights)",
    "hyperscout GP (composite ParEGO, utopian point, EHVI blind to irrelevant inputs under dead weights)",
]
# ablation11's EHVI variant with only the dead objective's model blinded (tag ``ablation12``),
# judged by NOTES_ABLATION12's rule against ablation11's variant.
ABLATION12_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point, EHVI blind to the dead objectives' irrelevant inputs)",
]
# ablation11's EHVI variant blinding only inputs of small share in their model's variation
# (tag ``ablation13``), judged by NOTES_ABLATION13's rule against ablation11's variant.
ABLATION13_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point, EHVI blind to irrelevant inputs of small share under dead weights)",
]
# ablation13's variant with weights counted dead only in an objective at a floor (tag
# ``ablation14``), judged by NOTES_ABLATION14's rule (ablation13's, condition (3) on 15 seeds).
ABLATION14_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point, EHVI blind to irrelevant inputs of small share under dead weights at a floor)",
]
# The default with its weight vectors from a low-discrepancy sequence (tag ``ablation15``),
# judged by NOTES_ABLATION15's rule (ablation7's, with ablation14's condition (3)).
ABLATION15_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point, lattice weights)",
]
# The default with its utopian point 10% of the front's range below the lowest losses (tag
# ``ablation16``), judged by NOTES_ABLATION16's rule.
ABLATION16_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point from the front's range)",
]
# The default with its utopian point's offset from every trial's range on even trials and from
# the front's on odd ones (tag ``ablation17``), judged by NOTES_ABLATION17's rule.
ABLATION17_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point alternating all trials' / the front's range)",
]
# The default with each proposal's uniform draw read as a target on the front's hyperplane and
# its weights aimed through it (tag ``ablation18``), judged by NOTES_ABLATION18's rule.
ABLATION18_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point, weights aimed at targets on the front)",
    "hyperscout GP (composite ParEGO, utopian point, weights aimed at targets on the front, plain Chebyshev)",
]
# The default with draws dead in an objective at a floor aimed at targets on the front (tag
# ``ablation19``), judged by NOTES_ABLATION19's rule.
ABLATION19_LABELS = [
    "hyperscout GP (composite ParEGO, utopian point, weights dead at a floor aimed at targets on the front)",
    "hyperscout GP (composite ParEGO, utopian point, weights dead at a floor aimed at targets on the front, plain Chebyshev)",
]
ABLATION11_EHVI = ABLATION11_LABELS[1]
# ParEGO's scalings (``GPAblation.parego_scale``) and the label of each one's runs; the scaling
# the sampler uses by default is the one of "hyperscout default" (see ``_scale_labels``).
SCALE_LABELS = {
    "all": "hyperscout GP (ParEGO, scaled by all trials)",
    "front": "hyperscout GP (ParEGO, scaled by the front)",
    "front-any": "hyperscout GP (ParEGO, scaled by the front, feasible or not)",
    "alternate": "hyperscout GP (ParEGO, alternating all trials / the front)",
}
DEFAULT_CONTENDERS = [
    "hyperscout default",
    "hyperscout NSGA-II",
    "optuna TPE",
    "optuna NSGA-II",
    "optuna GP",
]


def run_synthetic(
    name: str, make: Callable[[int, Any], tuple[Any, Any]], seed: int, budget: int
) -> dict[str, Any]:
    spec = PROBLEMS[name]
    lib, sampler = make(seed, _cons if spec.get("constrained") else None)
    study = lib.create_study(directions=["minimize"] * spec["m"], sampler=sampler)
    n = spec["n"]

    def objective(t: Any) -> list[float]:
        x = np.array([t.suggest_float(f"x{i}", 0.0, 1.0) for i in range(n)])
        f = spec["f"](x)
        if spec.get("constrained"):
            t.set_user_attr("c", c2_violation(f))
        return f

    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    study.optimize(objective, n_trials=budget)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    rows = []
    for t in study.trials:
        if t.values is None:
            continue
        c = t.user_attrs.get("c", 0.0)
        rows.append([*t.values, c])
    return {"rows": rows, "seconds": seconds, "cpu": cpu, "load": load}


def hv_of(rows: list[list[float]], m: int, ref: list[float], budget: int) -> float:
    import hyperscout

    pts = [r[:m] for r in rows[:budget] if r[m] <= 0.0]
    return hyperscout.hypervolume(np.array(pts).reshape(-1, m), ref)


# --- the real problem --------------------------------------------------------------------------
# The real problem's model: LightGBM (one thread; results in multi_objective_real_lgbm.json) or
# scikit-learn's HistGradientBoosting (the earlier, slower version; multi_objective_real.json).
REAL_MODELS = {"lgbm": "real_lgbm", "hgb": "real"}
REAL_TITLES = {"real_lgbm": "LightGBM", "real": "HistGradientBoostingClassifier"}


def real_objective_factory(model_name: str = "lgbm") -> Callable[[Any], list[float]]:
    from sklearn.datasets import load_breast_cancer
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    x, y = load_breast_cancer(return_X_y=True)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.25, random_state=0, stratify=y)

    def make_model(t: Any) -> Any:
        if model_name == "lgbm":
            from lightgbm import LGBMClassifier

            return LGBMClassifier(
                n_estimators=t.suggest_int("n_estimators", 5, 200, log=True),
                num_leaves=t.suggest_int("num_leaves", 2, 63, log=True),
                learning_rate=t.suggest_float("learning_rate", 0.01, 1.0, log=True),
                max_depth=t.suggest_int("max_depth", 1, 10),
                min_child_samples=t.suggest_int("min_child_samples", 2, 60, log=True),
                num_threads=1,
                verbose=-1,
                random_state=0,
            )
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(
            max_iter=t.suggest_int("max_iter", 5, 100, log=True),
            max_leaf_nodes=t.suggest_int("max_leaf_nodes", 2, 63, log=True),
            learning_rate=t.suggest_float("learning_rate", 0.01, 1.0, log=True),
            max_depth=t.suggest_int("max_depth", 1, 10),
            min_samples_leaf=t.suggest_int("min_samples_leaf", 2, 60, log=True),
            early_stopping=False,
            random_state=0,
        )

    def objective(t: Any) -> list[float]:
        model = make_model(t)
        model.fit(xtr, ytr)
        auc = roc_auc_score(yte, model.predict_proba(xte)[:, 1])
        buf = io.BytesIO()
        pickle.dump(model, buf)
        return [1.0 - float(auc), buf.tell() / 1024.0]

    return objective


def run_real(
    make: Callable[[int, Any], tuple[Any, Any]], seed: int, budget: int, model_name: str
) -> dict[str, Any]:
    lib, sampler = make(seed, None)
    study = lib.create_study(directions=["minimize", "minimize"], sampler=sampler)
    objective = real_objective_factory(model_name)
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    study.optimize(objective, n_trials=budget)
    rows = [[*t.values, 0.0] for t in study.trials if t.values is not None]
    return {
        "rows": rows,
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "load": load,
    }


# --- overhead --------------------------------------------------------------------------------
def overhead_once(lib_name: str, n_history: int = 1000, window: int = 50) -> float:
    import optuna

    import hyperscout

    lib: Any = optuna if lib_name == "optuna" else hyperscout
    sampler = lib.samplers.NSGAIISampler(seed=0)
    study = lib.create_study(directions=["minimize", "minimize"], sampler=sampler)

    def obj(t: Any) -> tuple[float, float]:
        x = [t.suggest_float(f"x{i}", 0.0, 1.0) for i in range(5)]
        return sum(x), sum((1.0 - v) ** 2 for v in x)

    study.optimize(obj, n_trials=n_history)
    times = []
    for _ in range(window):
        t0 = time.perf_counter()
        trial = study.ask()
        values = obj(trial)
        study.tell(trial, values)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def _quiet() -> None:
    import optuna

    import hyperscout

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    hyperscout.logging.set_verbosity(hyperscout.logging.ERROR)
    warnings.simplefilter("ignore")


def _dump(name: str, data: Any) -> None:
    (RESULTS / f"multi_objective_{name}.json").write_text(json.dumps(data))


def _load(name: str) -> Any:
    path = RESULTS / f"multi_objective_{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _record(tag: str, keys: list[str], value: Any) -> None:
    """Merge one result into ``multi_objective_TAG.json`` under a file lock, so that several
    processes can fill the same table."""
    import fcntl

    RESULTS.mkdir(exist_ok=True)
    with open(RESULTS / f".multi_objective_{tag}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = _load(tag) or {}
        node = data
        for k in keys[:-1]:
            node = node.setdefault(k, {})
        node[keys[-1]] = value
        _dump(tag, data)


def part_synthetic(
    seeds: list[int], problems: list[str], labels: list[str], budget: int, tag: str
) -> None:
    """Runs not yet in the results file ``tag``, seed-major so that an interrupted run leaves
    whole seeds; contenders interleaved per seed and problem."""
    for seed in seeds:
        for name in problems:
            spec = PROBLEMS[name]
            for label in labels:
                data = _load(tag) or {}
                old = data.get(name, {}).get(label, {}).get(str(seed))
                if old is not None and old["trials"] >= budget:
                    continue  # done in an earlier, interrupted run
                res = run_synthetic(name, CONTENDERS[label], seed, budget)
                hv = {
                    str(b): hv_of(res["rows"], spec["m"], spec["ref"], b)
                    for b in BUDGETS
                    if b <= budget
                }
                record = {
                    "hv": hv,
                    "trials": len(res["rows"]),
                    "seconds": round(res["seconds"], 2),
                    "cpu": round(res["cpu"], 2),
                    "load": round(res["load"], 2),
                }
                _record(tag, [name, label, str(seed)], record)
                print(
                    f"{name} {label} seed={seed} hv={hv} {res['seconds']:.1f}s "
                    f"cpu={res['cpu']:.1f}s load={res['load']:.2f}",
                    flush=True,
                )


def part_real(
    seeds: list[int], labels: list[str], budget: int, model_name: str, tag: str | None = None
) -> None:
    """Runs of the real problem not yet in ``multi_objective_TAG.json`` (by default the model's
    own file, which the report reads; another tag keeps a confirmation's runs apart)."""
    tag = tag or REAL_MODELS[model_name]
    for seed in seeds:
        for label in labels:
            old = (_load(tag) or {}).get(label, {}).get(str(seed))
            if old is not None and len(old["rows"]) >= budget:
                continue
            res = run_real(CONTENDERS[label], seed, budget, model_name)
            res["rows"] = [[round(v, 6) for v in r] for r in res["rows"]]
            _record(tag, [label, str(seed)], res)
            print(
                f"real {label} seed={seed} {res['seconds']:.1f}s cpu={res['cpu']:.1f}s "
                f"load={res['load']:.2f}",
                flush=True,
            )


def part_overhead(repeats: int) -> None:
    out: dict[str, Any] = {"hyperscout": [], "optuna": [], "load": os.getloadavg()[0]}
    for _ in range(repeats):
        for lib in ("hyperscout", "optuna"):
            out[lib].append(overhead_once(lib))
            print(lib, out[lib][-1], flush=True)
    _dump("overhead", out)


def part_picture(model_name: str) -> None:
    """Every trial of the real problem's runs (``model_name``) and their joint front."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import hyperscout

    tag = REAL_MODELS[model_name]
    data = _load(tag) or {}
    pts = np.array([r[:2] for runs in data.values() for res in runs.values() for r in res["rows"]])
    front = pts[hyperscout._multi_objective.non_dominated(pts)]
    front = front[np.argsort(front[:, 1])]
    fig, ax = plt.subplots(figsize=(5, 3.2), dpi=100)
    ax.scatter(pts[:, 1], 1.0 - pts[:, 0], s=6, color="#bbbbbb", label="all trials")
    ax.step(front[:, 1], 1.0 - front[:, 0], where="post", color="#1f77b4")
    ax.scatter(front[:, 1], 1.0 - front[:, 0], s=14, color="#1f77b4", label="Pareto front")
    ax.set_xscale("log")
    ax.set_xlabel("pickled model size (KB)")
    ax.set_ylabel("ROC AUC (held out)")
    ax.set_ylim(max(0.9, float((1.0 - pts[:, 0]).min())), 1.0)
    ax.set_title(f"{REAL_TITLES[tag]} on breast cancer: AUC vs size", fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    out = Path(__file__).resolve().parent.parent / "docs" / "images" / "pareto_auc_size.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)


def _median(xs: list[float]) -> float:
    return float(statistics.median(xs)) if xs else float("nan")


def _hv_table(
    data: dict[str, Any], budget: int, lines: list[str], names: list[str] | None = None
) -> None:
    labels: list[str] = []
    for runs in data.values():
        labels += [k for k in runs if k not in labels]
    lines.append("| problem | " + " | ".join(labels) + " | best hyperscout / best Optuna |")
    lines.append("|---" * (len(labels) + 2) + "|")
    for name in names or list(PROBLEMS):
        runs = data.get(name)
        if not runs:
            continue
        cells, med = [], {}
        for label in labels:
            hvs = [
                r["hv"][str(budget)] for r in runs.get(label, {}).values() if str(budget) in r["hv"]
            ]
            if hvs:
                med[label] = _median(hvs)
                cells.append(f"{med[label]:.3f} [{min(hvs):.2f}-{max(hvs):.2f}] (n={len(hvs)})")
            else:
                cells.append("-")
        ours = max((v for k, v in med.items() if k.startswith("hyperscout")), default=0.0)
        theirs = max((v for k, v in med.items() if k.startswith("optuna")), default=0.0)
        ratio = f"{ours / theirs:.3f}" if theirs else "-"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {ratio} |")
    lines.append("")


def _cell(runs: dict[str, Any], label: str, budget: int) -> tuple[float, int] | None:
    """Median hypervolume of ``label`` at ``budget`` over its seeds, and their number."""
    hvs = [r["hv"][str(budget)] for r in runs.get(label, {}).values() if str(budget) in r["hv"]]
    return (_median(hvs), len(hvs)) if hvs else None


def _scale_labels() -> dict[str, str]:
    """Each ParEGO scaling's label in the results (one GP on the scalarisation, measured from
    the ideal point: the default while the scalings were compared)."""
    return dict(SCALE_LABELS)


def _scale_decision(runs_by_problem: dict[str, Any], lines: list[str]) -> None:
    """Apply the decision rule of ``NOTES_ABLATION`` to every scaling and write its table."""
    labels = _scale_labels()
    rows = []
    for scale, label in labels.items():
        ratios: dict[str, float] = {}
        seeds: list[int] = []
        for name, spec in PROBLEMS.items():
            runs = runs_by_problem.get(name, {})
            # Without constraints "front-any" is "front": both scale by the whole front.
            use = labels["front"] if scale == "front-any" and not spec.get("constrained") else label
            for budget in BUDGETS:
                ours = _cell(runs, use, budget)
                peers = [_cell(runs, k, budget) for k in runs if k.startswith("optuna")]
                theirs = max((c[0] for c in peers if c), default=0.0)
                if ours and theirs:
                    ratios[f"{name} {budget}"] = ours[0] / theirs
                    seeds.append(ours[1])
        if len(ratios) < len(PROBLEMS) * len(BUDGETS):
            continue
        gmean = math.exp(statistics.fmean(math.log(r) for r in ratios.values()))
        failing = [cell for cell, r in ratios.items() if r <= 1.0]
        rows.append((not failing, gmean, scale, label, failing, min(seeds), ratios))
    if not rows:
        return
    lines.append(
        "| scaling | cells ahead of the best Optuna | cells behind | geometric mean of "
        "ours / best Optuna | fewest seeds in a cell |"
    )
    lines.append("|---|---|---|---|---|")
    for _ok, gmean, scale, label, failing, n, ratios in sorted(rows, reverse=True):
        behind = ", ".join(f"{c} ({ratios[c]:.3f})" for c in failing) or "none"
        lines.append(
            f"| `{scale}` ({label}) | {len(ratios) - len(failing)} of {len(ratios)} | {behind} "
            f"| {gmean:.4f} | {n} |"
        )
    best = max(rows)
    lines.append("")
    lines.append(
        f"Outcome of the rule: `{best[2]}`"
        + (" (ahead in every cell)." if best[0] else f" (behind in: {', '.join(best[4])}).")
    )
    lines.append("")
    _ehvi_decision(runs_by_problem, best[2], best[3], lines)


def _ehvi_cpu(runs_by_problem: dict[str, Any], lines: list[str]) -> None:
    """Median CPU seconds per run of 300 trials, per problem: the default against EHVI."""
    labels = [ONE_GP_ALL, *EHVI_LABELS.values(), "hyperscout default"]
    lines.append(
        "CPU seconds per run of 300 trials (process time, median over seeds; shared machine, "
        "not a timed benchmark); the last column is the composite ParEGO adopted later:"
    )
    lines.append("")
    lines.append("| problem | " + " | ".join(labels) + " |")
    lines.append("|---" * (len(labels) + 1) + "|")
    for name in PROBLEMS:
        runs = runs_by_problem.get(name, {})
        cells = []
        for label in labels:
            cpu = [r["cpu"] for r in runs.get(label, {}).values() if r["trials"] == 300]
            cells.append(f"{_median(cpu):.1f} (n={len(cpu)})" if cpu else "-")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")


def _ehvi_decision(
    runs_by_problem: dict[str, Any], scale: str, scale_label: str, lines: list[str]
) -> None:
    """The EHVI rule of ``NOTES_ABLATION``: a configuration replaces the scaling rule's winner iff
    it is ahead of the best Optuna median in more cells, ties broken by the geometric mean."""
    configs = {f"`{scale}` (the rule above)": {name: scale_label for name in PROBLEMS}}
    for ref, label in EHVI_LABELS.items():
        configs[f"`ehvi-{ref}-2`"] = {
            name: label if spec["m"] == 2 else scale_label for name, spec in PROBLEMS.items()
        }
        configs[f"`ehvi-{ref}`"] = {name: label for name in PROBLEMS}
    rows = []
    for order, (config, labels) in enumerate(configs.items()):
        judged = _judge_against_optuna(runs_by_problem, labels, BUDGETS)
        if judged is None:
            lines.append(f"{config}: not judged (not every cell has runs).")
            lines.append("")
            continue
        ahead, gmean, ratios, fewest = judged
        # Equal on both criteria: the incumbent (listed first) stays.
        rows.append((ahead, gmean, -order, config, ratios, fewest))
    if len(rows) < 2:
        return
    lines.append(
        "| configuration | cells ahead of the best Optuna | cells behind | geometric mean of "
        "ours / best Optuna | fewest seeds in a cell |"
    )
    lines.append("|---|---|---|---|---|")
    for ahead, gmean, _o, config, ratios, n in sorted(rows, reverse=True):
        behind = ", ".join(f"{c} ({r:.3f})" for c, r in ratios.items() if r <= 1.0) or "none"
        lines.append(f"| {config} | {ahead} of {len(ratios)} | {behind} | {gmean:.4f} | {n} |")
    lines.append("")
    lines.append(f"Outcome of the EHVI rule: {max(rows)[3]}.")
    lines.append("")
    _ehvi_cpu(runs_by_problem, lines)


def _model_fit_section(lines: list[str]) -> None:
    """The table of ``benchmarks/mo_gp_model_fit.py``'s results (see NOTES_MODEL_FIT)."""
    path = RESULTS / "mo_gp_model_fit.json"
    if not path.exists():
        return
    rows = json.loads(path.read_text())
    lines.append(NOTES_MODEL_FIT.strip())
    lines.append("")
    lines.append(
        "| target | trials | test | RMSE ours | RMSE Optuna | RMSE per-objective | LPD ours "
        "| LPD Optuna | LPD per-objective | per-objective RMSE < ours | lengthscale of x1 ours "
        "/ Optuna | shortest other lengthscale ours / Optuna | noise ours / Optuna |"
    )
    lines.append("|---" * 13 + "|")
    for target in ("f1", "f2", "ParEGO target"):
        for n in (50, 150):
            key = "parego" if target == "ParEGO target" else target
            sel = [r for r in rows if r["n"] == n and r["target"].startswith(key)]
            for test in ("next", "uniform"):

                def med(key: str, what: str, sel: list[Any] = sel, test: str = test) -> str:
                    vals = [r[f"{key}_{test}"][what] for r in sel if f"{key}_{test}" in r]
                    return f"{_median(vals):.3f}" if vals else "-"

                per = [r for r in sel if f"ours_perobj_{test}" in r]
                wins = sum(
                    r[f"ours_perobj_{test}"]["rmse"] < r[f"ours_{test}"]["rmse"] for r in per
                )
                l1 = "-"
                other = "-"
                noise = "-"
                if test == "next":
                    l1 = " / ".join(
                        f"{_median([r[k]['lengthscales'][0] for r in sel]):.2f}"
                        for k in ("ours", "optuna")
                    )
                    other = " / ".join(
                        f"{_median([min(r[k]['lengthscales'][1:]) for r in sel]):.2f}"
                        for k in ("ours", "optuna")
                    )
                    noise = " / ".join(
                        f"{_median([r[k]['noise'] for r in sel]):.1e}" for k in ("ours", "optuna")
                    )
                lines.append(
                    f"| {target} | {n} | {test} | {med('ours', 'rmse')} | "
                    f"{med('optuna', 'rmse')} | {med('ours_perobj', 'rmse')} | "
                    f"{med('ours', 'lpd')} | {med('optuna', 'lpd')} | "
                    f"{med('ours_perobj', 'lpd')} | "
                    + (f"{wins} of {len(per)}" if per else "-")
                    + f" | {l1} | {other} | {noise} |"
                )
    lines.append("")


Judged = tuple[int, float, dict[str, float], int]


def _judge_against_optuna(
    runs_by_problem: dict[str, Any], label: str | Mapping[str, str], budgets: Sequence[int]
) -> Judged | None:
    """``label``'s cells against the best Optuna median of each (problem x budget): how many
    it leads, the geometric mean of the ratios, the ratios, and its fewest seeds in a cell;
    ``None`` unless every cell has runs of both. ``label`` may name the runs per problem (a
    configuration that uses one variant on some problems and another elsewhere)."""
    ratios: dict[str, float] = {}
    seeds: list[int] = []
    for name in PROBLEMS:
        runs = runs_by_problem.get(name, {})
        ours_label = label if isinstance(label, str) else label[name]
        for budget in budgets:
            ours = _cell(runs, ours_label, budget)
            peers = [_cell(runs, k, budget) for k in runs if k.startswith("optuna")]
            theirs = max((c[0] for c in peers if c), default=0.0)
            if not (ours and theirs):
                return None
            ratios[f"{name} {budget}"] = ours[0] / theirs
            seeds.append(ours[1])
    ahead = sum(r > 1.0 for r in ratios.values())
    gmean = math.exp(statistics.fmean(math.log(r) for r in ratios.values()))
    return ahead, gmean, ratios, min(seeds)


def _judged_table(
    rows: list[tuple[int, str, int, float, dict[str, float], int]],
    lines: list[str],
    unscreened: Collection[str] = (),
) -> None:
    """The table of screen (1 budget) and rule (2 budgets) rows of the composite ablations."""
    lines.append(
        "| stage | configuration | cells ahead of the best Optuna | cells behind | geometric "
        "mean of ours / best Optuna | fewest seeds in a cell |"
    )
    lines.append("|---|---|---|---|---|---|")
    for nb, label, ahead, gmean, ratios, n in rows:
        behind = ", ".join(f"{c} ({r:.3f})" for c, r in ratios.items() if r <= 1.0) or "none"
        stage = "screen (100 trials)" if nb == 1 else "rule (100 and 300 trials)"
        if nb == 1 and label in unscreened:
            stage = "100 trials (not screened)"
        lines.append(
            f"| {stage} | {label} | {ahead} of {len(ratios)} | {behind} | {gmean:.4f} | {n} |"
        )
    lines.append("")


def _composite_decision(runs_by_problem: dict[str, Any], lines: list[str]) -> None:
    """NOTES_COMPOSITE's rule: the 100-trial screen, then (if it passed and every cell has
    runs) the full rule against the default."""
    rows = []
    for budgets in ([100], BUDGETS):
        for label in (ONE_GP_ALL, *COMPOSITE_LABELS):
            judged = _judge_against_optuna(runs_by_problem, label, budgets)
            if judged is not None:
                rows.append((len(budgets), label, *judged))
    if not rows:
        return
    _judged_table(rows, lines)
    for nb, stage in ((1, "screen"), (2, "rule")):
        got = {r[1]: (r[2], r[3]) for r in rows if r[0] == nb}
        base = got.get(ONE_GP_ALL)
        for label in COMPOSITE_LABELS:
            if base is None or label not in got:
                continue
            passed = got[label] > base
            lines.append(
                f"Outcome of the {stage} for {label}: {'passed' if passed else 'not passed'}."
            )
            lines.append("")


def _ablation6_decision(
    runs_by_problem: dict[str, Any],
    lines: list[str],
    labels: list[str] = ABLATION6_LABELS,
    unscreened: set[str] = ABLATION6_UNSCREENED,
) -> None:
    """NOTES_ABLATION6's rule (also NOTES_ABLATION7's, with its ``labels``): each variant
    against the default's runs ("hyperscout default"), the 100-trial screen for the screened
    ones, then the rule over the 10 cells."""

    base = "hyperscout default"
    rows = []
    for nb, budgets in ((1, [100]), (2, BUDGETS)):
        for label in (base, *labels):
            got = _judge_against_optuna(runs_by_problem, label, budgets)
            if got is not None:
                rows.append((nb, label, *got))
    if len(rows) < 2:
        return
    _judged_table(rows, lines, unscreened)
    screen = {r[1]: r for r in rows if r[0] == 1}
    rule = {r[1]: r for r in rows if r[0] == 2}
    winners = []
    for label in labels:
        if label not in unscreened and label in screen and base in screen:
            b, v = screen[base][4], screen[label][4]
            led = [c for c, r in b.items() if r > 1.0]
            zdt3 = "ZDT3 100"
            passed = all(v[c] > 1.0 for c in led) and v[zdt3] > b[zdt3]
            lines.append(
                f"Outcome of the screen for {label}: {'passed' if passed else 'not passed'}."
            )
            lines.append("")
        if label in rule and base in rule:
            passed = rule[label][2:4] > rule[base][2:4]
            if passed:
                winners.append((rule[label][2], rule[label][3], label))
            lines.append(
                f"Outcome of the rule for {label}: {'passed' if passed else 'not passed'}."
            )
            lines.append("")
    if winners:
        lines.append(
            f"Replaces the default (most cells ahead, then geometric mean): {max(winners)[2]}."
        )
        lines.append("")


# The keys of ``multi_objective_zdt2_corner.py``'s results for the configurations of
# ablation12's check (0), and the spread a seed must exceed.
ZDT2_CORNER_KEYS = {
    "hyperscout default": "default",
    ABLATION11_EHVI: "dead EHVI blind",
    ABLATION12_LABELS[0]: "dead EHVI blind dead-scope",
    ABLATION13_LABELS[0]: "dead EHVI blind small-share",
    ABLATION14_LABELS[0]: "dead EHVI blind small-share floor",
}
ZDT2_CORNER_SPREAD = 0.3


def _ablation12_decision(
    runs_by_problem: dict[str, Any], lines: list[str], label: str = ABLATION12_LABELS[0]
) -> None:
    """NOTES_ABLATION12's rule (ablation13's too, for its ``label``): the ZDT2 corner check
    (0), the 100-trial screen (1) against the default, then the 10 cells (2) against
    ablation11's EHVI variant."""
    corner = _load("zdt2_corner") or {}
    check: bool | None = None
    if corner:
        lines.append(
            "Check (0): front spread on the 5-variable ZDT2 after 80 trials (largest f1 among "
            f"trials with f2 < 1.2; the corner is left iff > {ZDT2_CORNER_SPREAD})."
        )
        lines.append("")
        lines.append("| configuration | " + " | ".join(f"seed {s}" for s in SEEDS) + " | left |")
        lines.append("|---|" + "---|" * (len(SEEDS) + 1))
        for name, key in ZDT2_CORNER_KEYS.items():
            if key not in corner:
                continue
            spread = corner[key]["spread"]
            left = sum(spread[str(s)] > ZDT2_CORNER_SPREAD for s in SEEDS)
            cells = " | ".join(f"{spread[str(s)]:.3f}" for s in SEEDS)
            lines.append(f"| {name} | {cells} | {left} of {len(SEEDS)} |")
            if name == label:
                check = left == len(SEEDS)
        lines.append("")
    lines.append(
        f"Outcome of check (0) for {label}: "
        f"{'not run' if check is None else 'passed' if check else 'failed'}."
    )
    lines.append("")
    base = "hyperscout default"
    rows = []
    for nb, budgets in ((1, [100]), (2, BUDGETS)):
        for name in (base, ABLATION11_EHVI, label):
            got = _judge_against_optuna(runs_by_problem, name, budgets)
            if got is not None:
                rows.append((nb, name, *got))
    if rows:
        _judged_table(rows, lines)
    screen = {r[1]: r for r in rows if r[0] == 1}
    rule = {r[1]: r for r in rows if r[0] == 2}
    screened: bool | None = None
    if label in screen and base in screen:
        b, v = screen[base][4], screen[label][4]
        zdt3 = "ZDT3 100"
        screened = all(v[c] > 1.0 for c, r in b.items() if r > 1.0) and v[zdt3] > b[zdt3]
    lines.append(
        f"Outcome of the screen (1) for {label}: "
        f"{'not run' if screened is None else 'passed' if screened else 'not passed'}."
    )
    lines.append("")
    if label in rule and ABLATION11_EHVI in rule:
        recommended = bool(check) and bool(screened) and rule[label][2] >= rule[ABLATION11_EHVI][2]
        verdict = "recommended as the default" if recommended else "not recommended"
        lines.append(
            f"Outcome of the rule (2) for {label}: {rule[label][2]} of 10 cells ahead against "
            f"ablation11's variant's {rule[ABLATION11_EHVI][2]}: {verdict}."
        )
    else:
        lines.append(
            f"Outcome of the rule (2) for {label}: not every cell has runs; it cannot pass."
        )
    lines.append("")


def _label_order(label: str) -> int:
    """Tables list contenders in the order of ``CONTENDERS``."""
    order = list(CONTENDERS)
    return order.index(label) if label in order else len(order)


def _real_section(tag: str, lines: list[str]) -> None:
    """The real problem's tables (results file ``tag``): hypervolume at each budget the runs
    reach, against the worst value of each objective over every run of that model."""
    real = _load(tag) or {}
    if not real:
        return
    pts = np.array([r[:2] for runs in real.values() for res in runs.values() for r in res["rows"]])
    ref = pts.max(axis=0).tolist()
    longest = max(len(res["rows"]) for runs in real.values() for res in runs.values())
    budgets = [b for b in BUDGETS if b <= longest] or [longest]
    name = f"{REAL_TITLES[tag]}, breast cancer"
    table = {
        name: {
            label: {
                seed: {
                    "hv": {
                        str(b): hv_of(res["rows"], 2, ref, b)
                        for b in budgets
                        if len(res["rows"]) >= b
                    },
                    "cpu": res.get("cpu"),
                    "trials": len(res["rows"]),
                }
                for seed, res in runs.items()
            }
            for label, runs in sorted(real.items(), key=lambda kv: _label_order(kv[0]))
        }
    }
    lines.append(f"## Real problem: 1 - AUC and pickled KB of {REAL_TITLES[tag]}, breast cancer")
    lines.append("")
    lines.append(NOTES_REAL[tag].strip())
    lines.append("")
    lines.append(
        f"Reference point (worst of every run): 1 - AUC {ref[0]:.4f}, {ref[1]:.1f} KB. "
        f"Results: `multi_objective_{tag}.json`."
    )
    lines.append("")
    for b in budgets:
        lines.append(f"### {b} trials")
        lines.append("")
        _hv_table(table, b, lines, names=[name])
    cells = []
    for label, runs in table[name].items():
        for b in budgets:
            cpu = [r["cpu"] for r in runs.values() if r["trials"] == b and r["cpu"] is not None]
            if cpu:
                cells.append(f"{label} {_median(cpu):.1f} s at {b} (n={len(cpu)})")
    if cells:
        lines.append("Median CPU seconds per run (shared machine): " + "; ".join(cells) + ".")
        lines.append("")
    if tag == REAL_MODELS["lgbm"]:
        lines.append("![AUC vs size](../../docs/images/pareto_auc_size.png)")
        lines.append("")


def _cpu_table(data: dict[str, Any], lines: list[str]) -> None:
    """Median CPU seconds of the main process per run (``time.process_time``): what a sampler
    costs, far less sensitive to the machine's load than wall time; not a timed benchmark."""
    labels: list[str] = []
    for runs in data.values():
        labels += [k for k in runs if k not in labels]
    lines.append("## CPU seconds per run (median over seeds and problems)")
    lines.append("")
    lines.append(
        "Process CPU time of a whole run (sampler plus the microsecond objective), from the same "
        "runs; one BLAS/OpenMP thread for everyone. Not a timed benchmark (shared machine), but "
        "CPU time is much less sensitive to load than wall time."
    )
    lines.append("")
    lines.append("| budget | " + " | ".join(labels) + " |")
    lines.append("|---" * (len(labels) + 1) + "|")
    for budget in BUDGETS:
        cells = []
        for label in labels:
            cpu = [
                r["cpu"]
                for runs in data.values()
                for r in runs.get(label, {}).values()
                if r["trials"] == budget
            ]
            cells.append(f"{_median(cpu):.1f} (n={len(cpu)})" if cpu else "-")
        lines.append(f"| {budget} | " + " | ".join(cells) + " |")
    lines.append("")


def _loads(*datasets: Any) -> str:
    loads = [
        r["load"]
        for data in datasets
        for runs in data.values()
        for seeds in runs.values()
        for r in seeds.values()
    ]
    if not loads:
        return "-"
    return f"{min(loads):.2f}-{max(loads):.2f} (median {_median(loads):.2f})"


# Prose of the report, kept next to the code that produces its numbers.
NOTES_INTRO = """
Median exact hypervolume (`hyperscout.hypervolume`) of the front of the feasible trials, higher is
better; in brackets the min-max over seeds, `n` the number of seeds in the cell (seeds 0-4 where
`n=5`, the lowest seeds otherwise). The last column divides the best hyperscout median by the
best Optuna median (> 1: we lead). These are quality runs: no timing claim is made from them
(they ran at `nice -n 5` next to other jobs; the load averages above are for the record).

Contenders: `hyperscout default` is what `create_study(directions=[...])` picks for several
objectives, `GPSampler` (`hyperscout.samplers.default_sampler`) with ParEGO's random Chebyshev
scalarisations of one GP per objective, the objectives scaled over all trials and measured from
a utopian point (the last ablation below; until then the default fitted one GP to each
scalarisation, measured from the ideal point: its runs are now the ablation's `hyperscout GP
(ParEGO, scaled by all trials)`), given `constraints_func` on C2-DTLZ2; `hyperscout NSGA-II` is
our `NSGAIISampler()`; `optuna TPE`,
`optuna NSGA-II` and `optuna GP` are Optuna 5's `TPESampler`, `NSGAIISampler` and `GPSampler`
(which for several objectives maximises log expected hypervolume improvement) with their defaults;
`constraints_func` on C2-DTLZ2 for all. ZDT problems use 10 variables, not 30. Budget 100 comes
from runs of 100 trials or the first 100 trials of runs of 300 (none of the samplers knows the
budget, and all but Optuna's GP are deterministic under a seed, so the two are the same run).
Optuna's GP is not exactly reproducible here: the first 100 trials of its 300-trial runs differ
from its 100-trial runs at the same seed (seed 0: 11.684 against 11.723 on ZDT1, 12.186 against
12.181 on ZDT3). The tables use the later runs, so on ZDT1 and ZDT3 all five of its 100-trial
values are prefixes of 300-trial runs. That moved its 100-trial median on ZDT3 from 11.924 (the
100-trial runs, in the repository's history) to 12.065, ahead of the default of that time
(11.930). The same holds
for the seeds of ZDT2, DTLZ2 and C2-DTLZ2 that also ran 300 trials (DTLZ2 100-trial median
13.306 before, 13.271 with seeds 0-2 as prefixes, 13.116 with all five; C2-DTLZ2 9.582 before,
9.600 now). At 300 trials Optuna's GP has all five seeds on ZDT2 and DTLZ2 (seeds 3-4 added in
a later session: ZDT2 11.000 both, DTLZ2 14.731 and 14.099, 86-282 CPU seconds per run; the
300-trial medians stayed 11.000 and 14.303) and seeds 0-1 on C2-DTLZ2: one such C2-DTLZ2 run
took 2,337 CPU seconds here, so seeds 2-4 there did not fit in a session. They cannot change
that cell's outcome: its two runs (9.37, 10.43) and its 100-trial runs (9.30-11.60) are far
below the default's lowest seed (14.79).

Runs are filed by the configuration that ran: `hyperscout default` holds runs of the
configuration that is the default now, whichever label they were made under; the samplers are
deterministic under a seed (a re-run of ZDT1 and C2-DTLZ2, seed 0, under a changed default gave
identical hypervolumes; so did ZDT3 seed 0 of the composite ParEGO under its ablation label and
as the default). The synthetic runs of the current default are those of `hyperscout GP
(ParEGO, per-objective GPs, utopian point)` (`multi_objective_ablation5.json`), copied; the
real problem's were run under the default's label. For a while during this work the
alternating scaling was the default (see the ablation's outcome); its runs are in the ablation
under its own label.

Commands (from the repository root, shared virtualenv, one process at a time; a command skips
the runs its results file already holds, so each can be resumed):

    P="nice -n 5 env OMP_NUM_THREADS=1 python benchmarks/multi_objective.py"
    # main tables
    $P --part synthetic --budget 300 \\
        --contenders 'hyperscout default' 'hyperscout NSGA-II' 'optuna TPE' 'optuna NSGA-II'
    $P --part synthetic --budget 100 --contenders 'optuna GP'
    $P --part synthetic --budget 300 --contenders 'optuna GP' --problems ZDT1 --seeds 0
    $P --part synthetic --budget 300 --contenders 'optuna GP' --problems ZDT3 --seeds 0
    $P --part synthetic --budget 300 --contenders 'optuna GP' --problems ZDT2 DTLZ2 C2-DTLZ2 --seeds 0
    $P --part synthetic --budget 300 --contenders 'optuna GP' --problems ZDT1 ZDT3 --seeds 1 2 3 4
    $P --part synthetic --budget 300 --contenders 'optuna GP' --problems ZDT2 DTLZ2 C2-DTLZ2 --seeds 1 2
    $P --part synthetic --budget 300 --contenders 'optuna GP' --problems ZDT2 DTLZ2 --seeds 3 4
    # ablation
    $P --part synthetic --budget 300 --tag ablation3 \\
        --contenders 'hyperscout GP (ParEGO, alternating all trials / the front)'
    $P --part synthetic --budget 300 --tag ablation \\
        --contenders 'hyperscout GP (ParEGO, scaled by the front)'
    $P --part synthetic --budget 300 --tag ablation2 --problems C2-DTLZ2 \\
        --contenders 'hyperscout GP (ParEGO, scaled by the front, feasible or not)'
    $P --part synthetic --budget 300 --tag ablation4 --problems ZDT1 ZDT2 ZDT3 \\
        --contenders 'hyperscout GP (EHVI, reference point from the front)'
    $P --part synthetic --budget 300 --tag ablation4 --problems ZDT1 ZDT2 ZDT3 \\
        --contenders 'hyperscout GP (EHVI, reference point from all trials)'
    $P --part synthetic --budget 300 --tag ablation4 --problems DTLZ2 C2-DTLZ2 \\
        --contenders 'hyperscout GP (EHVI, reference point from all trials)'
    # ParEGO under per-objective GPs: the fit measurement, the 100-trial screen (then 300)
    nice -n 5 env OMP_NUM_THREADS=1 python benchmarks/mo_gp_model_fit.py
    $P --part synthetic --budget 100 --tag ablation5 \\
        --contenders 'hyperscout GP (ParEGO, per-objective GPs)'
    $P --part synthetic --budget 100 --tag ablation5 \\
        --contenders 'hyperscout GP (ParEGO, per-objective GPs, utopian point)' \\
        'hyperscout GP (ParEGO, utopian point)'
    $P --part synthetic --budget 300 --tag ablation5 \\
        --contenders 'hyperscout GP (ParEGO, per-objective GPs, utopian point)' \\
        'hyperscout GP (ParEGO, utopian point)'
    # the composite ParEGO scaled by the front, and the acquisition's search (ablation6; run at
    # nice -n 10 beside other sessions' benchmarks)
    $P --part synthetic --budget 300 --tag ablation6 \\
        --contenders 'hyperscout GP (composite ParEGO, utopian point, scaled by the front)'
    $P --part synthetic --budget 100 --tag ablation6 \\
        --contenders 'hyperscout GP (composite ParEGO, utopian point, front starts)' \\
        'hyperscout GP (composite ParEGO, utopian point, scaled by the front, front starts)'
    $P --part synthetic --budget 100 --tag ablation6 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, alternating all trials / the front)'
    # the composite's weights, best of several draws (ablation7; nice -n 10): the screen,
    # then 300 trials for a variant that passed it
    $P --part synthetic --budget 100 --tag ablation7 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, best of 4 weights)' \\
        'hyperscout GP (composite ParEGO, utopian point, best of 8 weights)'
    $P --part synthetic --budget 100 --tag ablation7 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, weights redrawn after a fallback)'
    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_zdt3_waste.py
    # why the composite's ZDT3 proposals go to the end point, then the dead weights' variants
    # (ablation8; nice -n 10): the screen, then 300 trials for a variant that passed it
    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_zdt3_why.py
    $P --part synthetic --budget 100 --tag ablation8 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, dead weights redrawn)' \\
        'hyperscout GP (composite ParEGO, utopian point, EHVI under dead weights)'
    W="nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_zdt3_waste.py"
    $W --keys default 'dead redrawn' 'dead EHVI'
    $W --problem ZDT1 --keys default 'dead redrawn'
    # what the per-objective GPs learn about inputs an objective ignores, then the long
    # lengthscale prior (ablation9; nice -n 10): the screen, then 300 trials if it passed
    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_lengthscales.py
    $P --part synthetic --budget 100 --tag ablation9 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, long lengthscale prior)'
    L=benchmarks/multi_objective_lengthscales.py
    nice -n 10 env OMP_NUM_THREADS=1 python $L --modes --problems DTLZ2 ZDT3 \\
        --label 'hyperscout GP (composite ParEGO, utopian point, long lengthscale prior)'
    $P --part synthetic --budget 100 --tag ablation9 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, one-sided lengthscale prior)'
    $P --part synthetic --budget 300 --tag ablation9 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, one-sided lengthscale prior)'
    # which inputs the gate marks on the default's runs, then the one-sided prior on those
    # inputs only (ablation10; nice -n 10): the screen, then 300 trials if it passed
    nice -n 10 env OMP_NUM_THREADS=1 python $L --gate
    $P --part synthetic --budget 100 --tag ablation10 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, one-sided prior on irrelevant inputs)'
    $W --keys 'one-sided on irrelevant'
    $P --part synthetic --budget 300 --tag ablation10 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, one-sided prior on irrelevant inputs)'
    # under dead weights, the models blind to the inputs they mark irrelevant, for the
    # composite and for EHVI (ablation11; nice -n 10): the screens, then 300 trials for a
    # variant that passed
    B='blind to irrelevant inputs under dead weights'
    $P --part synthetic --budget 100 --tag ablation11 --contenders \\
        "hyperscout GP (composite ParEGO, utopian point, EHVI $B)"
    $P --part synthetic --budget 100 --tag ablation11 --contenders \\
        "hyperscout GP (composite ParEGO, utopian point, $B)"
    $P --part synthetic --budget 300 --tag ablation11 --contenders \\
        "hyperscout GP (composite ParEGO, utopian point, EHVI $B)"
    $W --keys default 'dead EHVI blind' 'dead blind'
    $W --keys 'dead EHVI'
    # ablation11's EHVI variant with only the dead objective's model blinded (ablation12;
    # nice -n 10): the ZDT2 corner check (0), the screen, then 300 trials if both passed
    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_zdt2_corner.py \\
        --keys 'dead EHVI blind dead-scope' 'dead EHVI blind' default
    D="EHVI blind to the dead objectives' irrelevant inputs"
    $P --part synthetic --budget 100 --tag ablation12 --contenders \\
        "hyperscout GP (composite ParEGO, utopian point, $D)"
    $P --part synthetic --budget 300 --tag ablation12 --contenders \\
        "hyperscout GP (composite ParEGO, utopian point, $D)"
    # the default rerun on this machine (not read by the report; see ablation11's outcome)
    $P --part synthetic --budget 300 --tag rerun11 --contenders 'hyperscout default'
    # ablation13: the corner check, then the variant's runs and the real problem
    nice -n 5 env OMP_NUM_THREADS=1 python benchmarks/multi_objective_zdt2_corner.py \\
        --keys 'dead EHVI blind small-share'
    $P --part synthetic --budget 300 --tag ablation13 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, EHVI blind to irrelevant inputs of small share under dead weights)'
    $P --part real --real-budget 300 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, EHVI blind to irrelevant inputs of small share under dead weights)'
    # ablation11's EHVI variant replayed under the stored runs' OpenBLAS kernels (which the
    # benchmark now pins), then on the real problem
    $P --part synthetic --budget 300 --tag replay11 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, EHVI blind to irrelevant inputs under dead weights)'
    $P --part real --real-budget 300 --contenders \\
        'hyperscout GP (composite ParEGO, utopian point, EHVI blind to irrelevant inputs under dead weights)'
    # real problem (LightGBM), its picture, and the earlier HistGradientBoosting version
    $P --part real --real-budget 300 \\
        --contenders 'hyperscout default' 'hyperscout NSGA-II' 'optuna TPE' 'optuna NSGA-II'
    $P --part real --real-budget 100 --contenders 'optuna GP'
    $P --part real --real-budget 300 --contenders \\
        'hyperscout GP (EHVI, reference point from all trials)' \\
        'hyperscout GP (EHVI, reference point from the front)'
    $P --part picture
    $P --part real --real-model hgb --real-budget 40 \\
        --contenders 'hyperscout GP (ParEGO, scaled by all trials)' 'hyperscout NSGA-II' \\
        'optuna TPE' 'optuna NSGA-II' 'optuna GP' 'hyperscout GP (ParEGO, scaled by the front)'
    # overhead (an earlier run, not repeated), then this file
    flock -s /work/notes/cores.lock env OMP_NUM_THREADS=1 python benchmarks/multi_objective.py --part overhead
    $P --part report

Raw results, per problem, contender and seed (hypervolume at each budget, wall and CPU seconds,
load average at the start): `multi_objective_hv.json`, `multi_objective_ablation*.json`,
`multi_objective_real_lgbm.json` and `multi_objective_real.json` (every trial's values),
`multi_objective_overhead.json`.
"""
NOTES_ABLATION = """
The default changed with the ablation after this one (ParEGO under one GP per
objective). Until that one, "the default" in the text means the configuration of its time, one
GP fitted to each scalarisation, measured from the ideal point, whose runs are labelled
`hyperscout GP (ParEGO, scaled by all trials)`; the tables' `hyperscout default` column holds
the current default's runs.

The GP's private switches named in this file (`GPAblation.multi_objective` and the like) are
the fields of the record `GPAblation` (`hyperscout/samplers/gp/_ablation.py`), set on a sampler
with `GPSampler._set_ablation(...)`. When the runs below were made they were attributes of
`GPSampler` (`GPSampler._multi_objective` and so on), with the same values and behaviour.

ParEGO turns the objectives into one loss per proposal, `max_i w_i f_i + 0.05 sum_i w_i f_i` with
random weights `w`, after scaling each objective to [0, 1]. The question measured here is which
range the scaling uses; the weights only mean an even trade-off if the scale is that of the front.

- `all` (scaled by all trials): the range over all trials (as in Knowles 2006). Dominated
  trials far from the front (ZDT's second objective reaches 7 at random points, the front's
  only 1) squeeze the front into a corner of the unit box, so most weight vectors point at one
  end of it.
- `front` (scaled by the front): the range over the non-dominated feasible trials (all trials'
  front while none is feasible).
- `front-any` (scaled by the front, feasible or not): the range over the non-dominated trials,
  ignoring the constraints. It differs from `front` only on C2-DTLZ2, the one problem with a
  constraint, so it was run there only and its other cells are `front`'s.
- `alternate` (alternating all trials / the front): a portfolio of the two, `all` for the
  proposals of trials with an even number and `front` for odd ones. It goes by the trial's
  number, not by a counter in the sampler, so it is the same under a seed and when several
  workers share a study.

Decision rule, fixed before the alternating variant was run and applied by the script
(`--part report`): the default becomes the scaling whose median beats the best Optuna median
(over every Optuna sampler with runs in that cell) in every cell, 5 problems x 2 budgets; among
those, the one with the highest geometric mean of (its median / the best Optuna median) over the
10 cells; if none beats every cell, the one with the highest geometric mean, and the cells it
loses are listed.

`hyperscout GP (EHVI, ...)` (tag `ablation4`) replaces the scalarisation by log expected
hypervolume improvement (`GPAblation.multi_objective = "ehvi"`,
`hyperscout/samplers/gp/_ehvi.py`): one GP per objective (each a loss, its bad tail compressed,
standardised), the exact EHVI of the candidate's independent Gaussian posterior over a box
decomposition of the region the feasible front does not dominate, in log space (logsumexp over
boxes), times the probability of feasibility under constraints. With 3 objectives at most 60
front points enter the decomposition (a larger front is thinned to 60 that cover it, so EHVI is
approximate there). The reference point is the worst value per objective plus 10% of the range,
on the GP's scale, the same rule on every problem, over one of two sets:

- `front` (reference point from the front): the current feasible front (0.1 standard
  deviations beyond it where its range is 0).
- `all` (reference point from all trials): every trial, feasible or not.

Configurations judged: `ehvi-REF` (EHVI for 2 and 3 objectives) and `ehvi-REF-2` (EHVI for 2
objectives, the default ParEGO for 3, so its DTLZ2 and C2-DTLZ2 cells are the default's runs).

Decision rule for EHVI, fixed before any of its benchmark runs was looked at (one seed-0 ZDT1
run of 100 trials was made as a smoke test while writing it): EHVI becomes the default for the
objectives it covers iff its configuration beats the best Optuna median in more of the 10
cells than the winner of the rule above, ties broken by the higher geometric mean of (its median
/ the best Optuna median) over the 10 cells; among the EHVI configurations the same criterion
picks. A configuration without runs in all its cells is not judged. The real problem is
reported alongside and does not enter the rule.

The `all` reference point was added after the ZDT runs of `front` had been seen, and is judged
by the same rule: `front` was behind the default on ZDT3 at both budgets and its 100-trial
fronts on ZDT2 were sometimes the single point (0, 1) (hypervolume 11.000), the signature of a
reference point that collapses onto a one-point front, leaving EHVI nothing to gain by
extending it. Choosing between two variants after seeing one is a second look at the same
seeds; the table keeps both.
"""
NOTES_OUTCOME = """
Reading the outcome: no scaling leads every cell. Optuna's GP (log expected hypervolume
improvement), with five seeds at 300 trials on ZDT1 and ZDT3 and one on the other three problems
(140-390 CPU seconds per run), leads every scaling on ZDT3 at both budgets (by 0.1-1.1%) and
`all` on ZDT1 at 100 trials (by 0.1%). By the rule's last clause the default is the highest
geometric mean, `all`. Before Optuna's GP ran at 300 trials, `alternate` led every cell and the
default had been switched to it; the switch was undone when the first such run came in, applying
the rule as it was fixed, and the seeds run afterwards to complete the protocol's five did not
change the outcome. Per problem, `front` leads on the ZDT problems and `all` on C2-DTLZ2 at 100
trials (by 5% over `alternate`). ZDT3's front is disconnected: expected hypervolume improvement
aims at the gaps that add most, where a random scalarisation spends proposals evenly, so an
EHVI acquisition for our GP was the next variant measured (below: it did not close the gap).

Reading the EHVI outcome: the default stays. With the reference point from the front, EHVI
stalls on a one-point front: on ZDT2, 2 of 5 seeds had only the point (0, 1) (hypervolume
11.000) after 100 trials, and on ZDT3 its median trails the default by 5.0% at 100 trials and
3.5% at 300, with a seed stuck near 11.07 at both. With the reference point from all trials it
leads the default on ZDT3 (11.991 against 11.930 at 100 trials, 12.193 against 12.143 at 300)
but is still behind Optuna's GP there (12.065, 12.213), and it trails the default by 0.1-0.2%
on ZDT1 and ZDT2, falling behind Optuna's GP on ZDT1 at 300 trials (11.740 against 11.744):
6 cells ahead against the default's 7, although its geometric mean is marginally higher
(1.0675 against 1.0670 when it was decided; 1.0673 against 1.0668 with the Optuna GP runs added
since). Both 2-objective configurations share their 3-objective cells with the default, so
Optuna GP runs added later on DTLZ2 and C2-DTLZ2 cannot change this comparison.
With 3 objectives, EHVI with the reference point from all trials (`ehvi-all`) leads the default
on C2-DTLZ2 (13.282 against 12.980 at 100 trials, 14.502 against 14.181 at 300) but trails it and
Optuna's TPE on DTLZ2 (13.231 against 14.601 and 13.812 at 100 trials, 14.200 against 14.832 and
14.817 at 300): 4 cells ahead in all. Whether thinning the front to 60 points for the box
decomposition costs it on DTLZ2 was not measured. The front-based reference point was not run
with 3 objectives (time). On the real problem both are below the default at both budgets (the
all-trials reference point within the seeds' spread). EHVI costs about 3x the default's CPU per
run with 2 objectives and 3-6x with 3 (table above). Per suggestion
(`benchmarks/multi_objective_suggest_cpu.py`, seed 0, process time of `ask()` and the
suggestions, mean over trials 91-110 / 281-300; rerun after the composite became the default
and its value-only evaluations in the acquisition's sweep stopped computing gradients, on a
quiet machine, load average 0.8): ZDT1 0.051 / 0.055 s for the default (one GP per objective,
composite log EI by Monte Carlo), 0.018 / 0.024 s for ParEGO with one GP on the scalarised
target (the default before it) and 0.030 / 0.029 s for EHVI; DTLZ2 0.054 / 0.068 s, 0.022 /
0.030 s and 0.065 / 0.119 s, where EHVI sweeps the box decomposition of the 3-objective front
(up to 60 points, several hundred boxes) for every candidate. So the default costs about
2.2-2.8x what the one-GP ParEGO did per suggestion. (Before the sweep change, next to one other
benchmark process: 0.055 / 0.059 s on ZDT1 and 0.058 / 0.082 s on DTLZ2; same proposals.) (An earlier run, next to a test
job, gave the one-GP ParEGO 0.040 / 0.049 s and EHVI 0.056 / 0.059 s on ZDT1: the machine's
load moves these numbers by 2x.)
"""
NOTES_MODEL_FIT = """
Why ZDT3: the model, measured (`benchmarks/mo_gp_model_fit.py`, results
`mo_gp_model_fit.json`). For seeds 0-2, the trials of a seeded 200-trial run of the default on
ZDT3 (10 variables); at 50 and 150 training trials (the first ones) our GP and Optuna's
(`optuna._gp` with its default prior, fitted to the same standardised targets, as a measuring
reference) predict the next 50 trials of the run (where the search goes, near the front) and
500 uniform random points. Scores on the standardised scale of the training targets: RMSE and
mean log predictive density (LPD, higher is better; latent variance plus noise). `ParEGO
target` is the default's scalarisation (5 weight vectors per seed and size, scaled by all
trials): one GP fitted to it (ours, Optuna's), against the same scalarisation of our two
per-objective posteriors (Monte Carlo, 512 draws; `per-objective`). Medians over the rows
(3 seeds for f1 and f2, 15 seed-weight pairs for ParEGO), and how often per-objective beats
our GP on the scalarised target.
"""
NOTES_COMPOSITE = """
`hyperscout GP (ParEGO, per-objective GPs)` (tag `ablation5`, `GPAblation.multi_objective =
"composite"`, `hyperscout/samplers/gp/_composite.py`): the default's weights and scaling (all
trials), but instead of one GP fitted to the scalarised loss (a maximum of objectives, not
smooth where the maximising objective changes), one GP per objective (those of EHVI: bad tail
compressed, standardised, kernels refitted on the single-objective schedule) and as
acquisition the log expected improvement of the scalarisation of their posteriors over the
best scalarised loss of a feasible trial, by Monte Carlo (128 base samples per proposal,
softplus of temperature 0.001 in place of the positive part, in log space), weighted by the
probability of feasibility under constraints. The measurement above motivates it: our
per-objective GPs are as accurate as Optuna's, while the GP on the scalarised target is the
least accurate model of that target. One variant only: the fit measurement gave no reason to
change the kernel's priors, bounds or noise floor (the fitted lengthscales and noise are close
to Optuna's, and our per-objective predictions are as good or better).

Decision rule, fixed and committed before any of its benchmark runs (one 30-trial seed-0 run
of ZDT3 and C2-DTLZ2 was made as a smoke test while writing it), the rule the EHVI variants
had: the composite becomes the default iff it beats the best Optuna median in more of the 10
synthetic cells (5 problems x 100 and 300 trials) than the default, ties broken by the higher
geometric mean of (its median / the best Optuna median) over the 10 cells. Screen first, for
CPU: it runs 300 trials only if at 100 trials (5 seeds, all 5 problems) it beats the best
Optuna median in more of the 5 cells than the default, or in as many with a higher geometric
mean over those 5 cells; otherwise it stays a 100-trial ablation row. The real problem does
not enter the rule.

Its screen failed (table below): on ZDT2 two seeds and on ZDT3 all five ended on the point
(0, 1) and a few near it. The cause, found by inspecting a seed-0 ZDT2 proposal: the default's
scaling measures from the lowest loss per objective over all trials (the ideal point), and
(0, 1) has the lowest f1 and the lowest f2 of every trial, so it scalarises to 0 under every
weight; a new point improves on it only by dominating it, which no point of the front does.
The per-objective models know that, so the expected improvement is nil everywhere and the
search wanders. The default's single GP, fitted to the non-smooth target with noise, does
not see the wall as sharply and gets past it. Weighted Chebyshev methods measure from a
utopian point, strictly better than the ideal one (Miettinen 1999), for this reason. Two more
variants, rule and screen as above (fixed and committed before their runs, after the screen
of the first had been seen):

- `hyperscout GP (ParEGO, per-objective GPs, utopian point)`: the composite with the scaled
  losses measured from the ideal point less 10% of each objective's range over all trials
  (`GPAblation.parego_utopia = 0.1`, the margin EHVI's reference point has on the other side).
- `hyperscout GP (ParEGO, utopian point)`: the default (one GP on the scalarised loss) with
  the same utopian point, to tell the model's part from the reference point's.
"""
NOTES_COMPOSITE_OUTCOME = """
Reading the outcome: by the rule fixed before its runs, `hyperscout GP (ParEGO, per-objective
GPs, utopian point)` became the default (`GPAblation`'s `multi_objective = "composite"` and
`parego_utopia = 0.1`): ahead of the best Optuna median in 7 of 10 cells, as many as the
previous default, with the higher geometric mean (1.0745 against 1.0668). It does not close
the gap this round was about. On ZDT3 it is still behind Optuna's GP at both budgets (11.879
against 12.065 at 100 trials, 0.985, a little further behind than the previous default's
11.930; 12.149 against 12.213 at 300, 0.995 against 0.994). It moves ZDT1 at 100 trials ahead
(11.738 against 11.721, the previous default 11.712) and falls behind Optuna's TPE on DTLZ2 at
300 (14.770 against 14.817; the previous default 14.832); at 100 trials on DTLZ2 it is 2% below
the previous default (14.298 against 14.601), still ahead of every Optuna sampler. The higher
geometric mean comes mostly from C2-DTLZ2 (13.660 against 12.980 at 100 trials, 14.832 against
14.181 at 300, and its worst seed 13.26 against 10.76 at 100). The utopian point alone, on the
one-GP scalarisation, gives 7 of 10 cells with a geometric mean of 1.0659, below the previous
default: the gain is the per-objective models', which without the utopian point stall on
ZDT2 and ZDT3 (the screen). It costs more: 13-29 CPU seconds per 300-trial run against 6-8
for the one-GP variant with the utopian point run next to it (same session; the CPU table
above compares with runs of other sessions).

What the model measurement says about ZDT3: our per-objective GPs predict f1 and f2 as well as
Optuna's (better on f1, level on f2, similar lengthscales and noise), so the remaining ZDT3
gap to Optuna's GP is not explained by the accuracy of our objective models. The GP on the
scalarised target was the least accurate model of that target (per-objective posteriors had
the lower RMSE in 57 of 60 seed-weight-size-test combinations), and replacing it improved C2-DTLZ2
and ZDT1 but not ZDT3. Optuna's GP aims its proposals at the gaps of the disconnected front
through expected hypervolume improvement; our EHVI with the same per-objective models was
measured above and is behind it on ZDT3 too (12.193 against 12.213 at 300 trials), so the
difference lies in how the acquisition is searched or conditioned rather than in the
acquisition's form alone; that was not examined further here.
"""
NOTES_ABLATION6 = """
Where the default's ZDT3 proposals go (a diagnostic, not a benchmark: seed 0, 100 trials,
10 variables, the default's run unchanged while each proposal's acquisition was also
maximised with extra starts at every front point, and with a sweep of 8,192 points and 20
starts, on copies of the random state): of its 90 model-based proposals 33 land at f1 below
0.06 with f2 between 1.6 and 8 (18 with x0 at its bound 0), and the front at 100 trials has
no point with f1 above 0.43, so the two segments of ZDT3's front with the lowest f2 (f1 near 0.62-0.65
and 0.82-0.85) are missing. Two causes show. (1) The scaling: over all trials f2 spans about
9 (the front's f2 only -0.77 to 1), so the front is squeezed into a corner of the unit box
and every weight vector that is not small on f1 makes the end point (0, 1) the incumbent;
improving on it needs f2 below 1 at f1 = 0, which ZDT3 does not have. (2) The search of the
acquisition: at such a proposal the acquisition's maximum in the box is the incumbent itself
(x = 0, an evaluated point, excluded), every L-BFGS start converges there, and the proposal
falls back to the best point of the 512-point sweep (log EI -72 at trial 72, where points of
-7.3 exist). Extra starts at the front points did not change those proposals (all
converge to the excluded incumbent); over the 90 proposals they found a higher acquisition
value (by more than 0.01 in log EI) 15 times and a lower one 18 times (one joint L-BFGS
over more starts converges worse). The larger sweep found a higher value 36 times (lower 16),
in the stuck proposals mostly at near-repeats of (0, 1), which add no hypervolume either.
So the scaling is the first suspect; the one-GP ParEGO scaled by the front (ablation above) was ahead of the composite default on
exactly its lost cells (ZDT3 12.002 / 12.203, DTLZ2 14.832 at 300 trials).

Variants (tag `ablation6`, `multi_objective_ablation6.json`):

- `hyperscout GP (composite ParEGO, utopian point, scaled by the front)`: the default with the
  objectives scaled by the range of the non-dominated feasible trials (all trials' front while
  none is feasible) instead of all trials (`GPAblation.parego_scale = "front"`, which the
  composite already honoured: no code changed), measured from the utopian point 10% of that
  range below the front's best values. Run at 300 trials without a screen.

Added after that variant's seed-0 runs of ZDT1, ZDT2 and ZDT3 had been seen (ZDT3: 11.354 at
100 trials, 11.381 at 300, the front stuck on its first segment), and after a second
diagnostic: the same ZDT3 run under the front scaling, where the front grows to 50
points (all on the first segment of ZDT3's front at 100 trials), and extra starts at every
front point found a higher acquisition value than the default's search in 51 of 90
proposals and a lower one in 5 (the larger sweep 39 and 29); under the all-trials scaling it
had been 15 and 18. So the second change, screened at 100 trials first by the rule below:

- `... front starts`: besides the incumbent, L-BFGS also starts at the (at most) 10
  non-dominated feasible trials that are best under the proposal's weights
  (`GPAblation.acq_front_starts = 10`, new, 0 by default), with the default's scaling
  (`hyperscout GP (composite ParEGO, utopian point, front starts)`) and with the scaling by
  the front (`hyperscout GP (composite ParEGO, utopian point, scaled by the front, front
  starts)`).

Added after all 25 runs of the front-scaled variant had been seen (7 of 10 cells, geometric
mean 1.0433 against the default's 1.0745: ahead of the default on ZDT2, on ZDT1 at 300 trials
and on DTLZ2 at both budgets, DTLZ2 at 300 trials 14.911 against Optuna's TPE 14.817, but
behind on ZDT3, where 3 of 5 seeds ended at 11.38-11.73 after 300 trials, on ZDT1 at 100 trials and on C2-DTLZ2), and while the front-start screens ran
(none of their results seen), screened by the same rule:

- `hyperscout GP (composite ParEGO, utopian point, alternating all trials / the front)`: the
  default's composite with the scaling of the ablation above that alternated by trial number
  (`GPAblation.parego_scale = "alternate"`: all trials for even trial numbers, the front for
  odd ones; no code changed), to keep the all-trials scaling's reach along ZDT3's front and
  the front scaling's spread on DTLZ2.

Decision rule, fixed and committed before any run of these variants (the same form as the
ablations above): a variant replaces the default iff it beats the best Optuna median in more
of the 10 synthetic cells (5 problems x 100 and 300 trials) than the default (7 when this was
written), ties broken by the higher geometric mean of (its median / the best Optuna median)
over the 10 cells; if several pass, the one with most cells ahead, then the higher geometric
mean. The default's cells are the runs of `hyperscout default`; the best Optuna median is
taken over every Optuna sampler's runs in the cell at report time (Optuna GP runs being
added in another session can move it, for the default and the variants alike). Variants
added later (stated here before their runs) are screened at 100 trials first: the screen
passes iff at 100 trials the variant is ahead of the best Optuna median in every 100-trial
cell where the default is ahead, and its ZDT3 median at 100 trials is higher than the
default's; only then does it run 300 trials. The real problem does not enter the rule.
"""
NOTES_ABLATION6_OUTCOME = """
Reading the outcome: the default stays; no variant passed. Scaled by the front, the composite
gains where the front is connected (ZDT2 at both budgets, ZDT1 at 300 trials, DTLZ2 14.514
against 14.298 at 100 trials and 14.911 against 14.770 at 300, ahead of Optuna's TPE's
14.817 there) but loses ZDT3 (11.702 / 11.733 against 11.879 / 12.149) and C2-DTLZ2 (10.942 /
14.247 against 13.660 / 14.832; still far ahead of Optuna's samplers there), and falls behind
Optuna's GP on ZDT1 at 100 trials (11.617): its fronts on ZDT3 stay on the segments found first,
as the second diagnostic showed (the front's range is small in f1, so any point on a farther
segment scalarises badly under most weights). The extra L-BFGS starts at the front points,
which in the diagnostic reached higher acquisition values under the front scaling, did not
turn into hypervolume: with the default's scaling ZDT3 at 100 trials fell to 11.730, DTLZ2
to 13.912 and C2-DTLZ2 to 13.558 (ZDT1 and ZDT2 within 0.03% of the default's), and they did
not rescue the front scaling on ZDT3 (11.732). The alternating
scaling, measured after these, was level with or ahead of the default on ZDT1 and ZDT2 at 100
trials but behind on ZDT3 (11.741), DTLZ2 (14.096) and C2-DTLZ2 (12.376). ZDT3 at 100 trials
splits the seeds of every configuration into two groups, 11.69-11.74 and 11.81-11.96 (and one
front-scaled seed at 11.35); the medians of five seeds turn on which group the third seed
falls into, so the screen's ZDT3 criterion is a coarse one. The
ZDT3 cells and DTLZ2 at 300 trials stay behind the best Optuna sampler. CPU per 100-trial run
of the screened variants (median per problem, shared machine): 4.0-6.6 s with the front starts
and the default's scaling, 4.2-7.3 s with the front scaling, 3.9-5.7 s alternating; the
default's 300-trial runs take 13-29 s.
"""
NOTES_ABLATION7 = """
The diagnostic above found most of the default's wasted ZDT3 proposals under weight vectors
whose incumbent is the end point (0, 1): the acquisition's maximum is that evaluated point, and
the proposal falls back to a sweep point of log EI -72. The scaling changes tried above moved
the waste elsewhere. This round keeps the default's scaling and spends the proposal on a weight
vector that has something to gain, measured by the acquisition itself:

- `hyperscout GP (composite ParEGO, utopian point, best of K weights)`, K = 4 and 8: each
  proposal draws K weight vectors from the simplex (the same seeded stream), evaluates the
  composite log EI of each (plus the log probability of feasibility under `constraints_func`)
  on one Sobol sweep of 512 points (the posteriors predicted once and shared), keeps the weight
  vector with the highest maximum on that sweep, and maximises its acquisition as the default
  does (`GPAblation.parego_weight_draws = K`, new, 1 by default). A weight vector whose
  improvement region is empty or tiny scores low everywhere, so it is passed over. This
  biases the weights towards the parts of the front where the model expects the most
  improvement: a greedy choice among random scalarisations, not a uniform one.

Decision rule, fixed and committed before any run of these variants (the same as ablation6's,
every variant screened): at 100 trials a variant passes the screen iff it is ahead of the best
Optuna median in every 100-trial cell where the default is ahead, and its ZDT3 median at 100
trials is higher than the default's 11.879; only then does it run 300 trials (if both pass,
the one with the higher geometric mean at 100 trials runs first; a variant whose 300-trial
runs do not finish in the session is reported as undecided). A variant replaces the default
iff it beats the best Optuna median in more of the 10 synthetic cells than the default (7),
ties broken by the higher geometric mean of (its median / the best Optuna median) over the 10
cells; if both pass, most cells ahead, then the higher geometric mean. The default's cells are
the runs of `hyperscout default`; the best Optuna median is taken over every Optuna sampler's
runs in the cell at report time. The real problem does not enter the rule.

Added after the first 15 of the best-of-K screen's 50 runs had been seen (seed 0 of every
problem, seed 1 of ZDT1, ZDT2 and of ZDT3 with K = 4: ZDT1 11.583-11.729 and ZDT2
11.064-11.247 against the default's 11.73-11.74 and 11.39-11.41, ZDT3 11.926 and 11.936 with
K = 4, 11.706 with K = 8; the greedy choice looked likely to cost the connected fronts their
spread), screened by the same rule:

- `hyperscout GP (composite ParEGO, utopian point, weights redrawn after a fallback)`: the
  default's proposal, unless its search falls back to the sweep's best point (no local search
  beat it; on ZDT3 the sign of a maximum at the excluded incumbent); then new weights are
  drawn from the same stream and the acquisition searched again, at most 3 times
  (`GPAblation.parego_redraws = 3`, new, 0 by default). Proposals whose search does not fall
  back keep the default's uniformly drawn weights.
"""
NOTES_ABLATION7_OUTCOME = """
Reading the outcome: the default stays; no variant passed the screen, so none ran 300 trials.
Best of K weights loses the connected fronts' spread: ZDT1 at 100 trials 11.709 (K = 4) and
11.674 (K = 8) against the default's 11.738 and Optuna's GP's 11.721, ZDT2 11.064 and 11.000
against 11.396 (level with Optuna's GP at K = 8), DTLZ2 14.200 and 14.098 against 14.298;
ZDT3 11.882 with K = 4 (the default 11.879) and 11.706 with K = 8. Redrawing the weights
after a fallback changed nothing on DTLZ2 and C2-DTLZ2 (the same hypervolume to the last
digit on every seed, so no search there fell back), gained a little on ZDT1 (11.741) and ZDT2
(11.416), and on ZDT3 moved seeds between the two groups noted above (11.723-12.023, median
11.758 against 11.879; seed 3 from 11.729 to 12.023, seed 1 from 11.891 to 11.758). CPU per
100-trial run (median per problem, shared machine): 7.8-10.0 s with K = 4, 12.4-14.0 s with
K = 8, 5.1-6.0 s redrawing.

Why, from a diagnostic on ZDT3's five seeds at 100 trials (not a benchmark: the runs above
replayed, deterministic under their seeds, with the search's fallbacks counted;
`benchmarks/multi_objective_zdt3_waste.py`): the proposals that land at f1 below 0.06 with f2
between 1.6 and 8 number 19-31 of 90 per seed under the default (31 at seed 0 by this
script's count), 46-62 with the best of 4
weights and 14-26 redrawing. In the redrawing runs the first search fell back to the sweep in
only 2-10 of 90 proposals (and no proposal still fell back after its redraws). So the
fallback at the excluded incumbent, the mechanism the diagnostic above described, accounts
for a minority of the wasted proposals; most go where the composite log EI itself is highest,
and choosing the weights by that value sends more proposals there, not fewer. Why the
acquisition rates that region so high (presumably the models' uncertainty about f2 near
f1 = 0) was not measured. The ZDT3 gap to Optuna's GP stays open.
"""
NOTES_ABLATION8 = """
Why the composite's ZDT3 proposals go next to the end point (0, 1), measured
(`benchmarks/multi_objective_zdt3_why.py`: the default's 100-trial ZDT3 runs, seeds 0-4,
replayed, deterministic under their seeds; at each of the 450 model-based proposals the weights,
the incumbent under them, the per-objective posteriors at the proposed point as losses, the
Monte Carlo samples' improvement and the GPs' kernels). Medians [quartiles], split by where the
proposal landed ("wasted": f1 < 0.06 and 1.6 < f2 < 8, the waste script's test):

| at the proposal | wasted (128) | other (322) |
|---|---|---|
| weight on f1 | 0.80 [0.69, 0.91] | 0.40 [0.20, 0.57] |
| incumbent under the weights (f1, f2) | (0, 1) | (0.081, 0.756) |
| proposed x0; mean of x1-x9 | 0 (the bound); 0.29 | 0.12; 0 |
| posterior f1: mean, sd | 0.0049, 0.0051 | 0.129, 0.0010 |
| posterior f2: mean, sd; observed f2 | 3.35, 0.47; 3.34 | 0.89, 0.09; 0.83 |
| scalarisation of the posterior mean minus the incumbent's | +0.0087 (worse) | +0.0006 |
| share of the samples that improve | 0.20 | 0.39 |
| share of the improvement from samples with f1 below its lowest observed value | 1.00 [0.56, 1] | 0 [0, 0] |
| f2 GP: lengthscale of x0; median of x1-x9; noise | 0.61; 1.69; 0.012 | 0.59; 1.80; 0.010 |
| f1 GP: lengthscale of x0; median of x1-x9; noise | 0.93; 12.8; 1e-5 | 0.93; 15.2; 7e-6 |

The mechanism is not the f2 model's uncertainty (its mean at the wasted points is right:
3.35 predicted, 3.34 observed, and no improvement comes through f2) but the weights. Scaled over
all trials, f2 spans about 6.2 (median over the proposals) while the front's f2 spans about 0.75
(from 1 at the end point to a lowest value of 0.25, medians), and the utopian point lies 10% of
each range below the best values; under a weight vector with w1 / w2 above about 2.2 (the
median of that threshold at the wasted proposals, quartiles 1.9-2.8) the end point (0, 1) is
then the incumbent with f1's term the larger one, at f1's lowest value 0 (a bound of the box). Call such weights dead: the incumbent's largest term belongs to an objective
at its lowest observed feasible value, so only a new lowest value of that objective improves the
scalarisation. In these runs 131 proposals were dead in f1 (97 of them wasted: 76% of the
wasted proposals) and 82 dead in f2 (2 wasted), 213 of 450 (47%); 29 proposals were wasted under
live weights. Under weights dead in f1 the only improvement the acquisition sees is from
posterior samples of f1 below 0, where the f1 model is least sure: at x0 = 0 with the
other variables moved away from the trials (f1's sd 0.005 there against 0.001 at the other
proposals), so it proposes x0 = 0 with x1-x9 near 0.3, and f2 comes out at 3.3. A better
model of f1 (input warping included) would not help: with f1's floor known exactly, these
weights leave nothing to gain anywhere. Under weights dead in f2 the improvement is a new
lowest f2, which ZDT3 has (its front goes to f2 = -0.77 at f1 = 0.85), but at seed 0 the f2
model, with x0's lengthscale 0.6 against ZDT3's period 0.2 in x0, puts it nowhere (log EI
falling to -23 over trials 66-85 with the incumbent (0.43, 0.01)).

Optuna's GP sampler, for comparison (its 5.0 source): log EHVI by quasi-Monte Carlo (128 Sobol
base samples) under one GP per objective, each objective standardised over all trials (no
compression of the bad tail), the reference point 1.1 times the worst standardised loss over
all trials (0.9 times where that is negative), the box decomposition of the region the
feasible trials' front does not dominate; the acquisition's search starts from the best of 2,048
quasi-random points, from points drawn in proportion to exp(acquisition) among the others and
from up to 5 random front points, 10 local searches in all; the kernels' prior favours
lengthscales near 1 in the unit cube. It has no weights, so no dead ones: a proposal goes where
the expected area gained is largest, an extreme included only if extending it gains area.

Two variants, both for dead weights only (live weights keep the default's proposal, same
stream), tag `ablation8`, `multi_objective_ablation8.json`:

- `hyperscout GP (composite ParEGO, utopian point, dead weights redrawn)`: dead weights are
  redrawn from the same stream until live, at most 10 times (`GPAblation.parego_dead_redraws =
  10`, new, 0 by default). Weights are then uniform on the simplex less its dead corners. Risk:
  the weights dead in f2 are also the only ones that push f2 below its lowest value, how
  ZDT3's far segments get found.
- `hyperscout GP (composite ParEGO, utopian point, EHVI under dead weights)`: a proposal whose
  weights are dead maximises log EHVI under the same per-objective GPs, reference point from all
  trials (`_propose_ehvi`'s acquisition, the ablation4 variant that was ahead of the default on
  ZDT3 and behind on DTLZ2; `GPAblation.parego_dead_ehvi = True`, new, off by default). EHVI
  credits any extension of the front by its area, the far segments included, and gives no
  credit at an end that cannot move; the scalarisation keeps the live weights' proposals.

Decision rule, fixed and committed before any run of these variants (ablation7's): at 100
trials a variant passes the screen iff it is ahead of the best Optuna median in every 100-trial
cell where the default is ahead, and its ZDT3 median at 100 trials is higher than the default's
11.879; only then does it run 300 trials (both if both pass). A variant replaces the default
iff it beats the best Optuna median in more of the 10 synthetic cells than the default (7),
ties broken by the higher geometric mean of (its median / the best Optuna median) over the 10
cells; if both pass, most cells ahead, then the higher geometric mean. The default's cells are
the runs of `hyperscout default`; the best Optuna median is taken over every Optuna sampler's
runs in the cell at report time. The real problem does not enter the rule.
"""
NOTES_ABLATION8_OUTCOME = """
Reading the outcome: the default stays; neither variant passed the screen, so neither ran 300
trials. Redrawing the dead weights lost ZDT3 on every seed (11.32-11.35, median 11.347 against
11.879) and ZDT1 (11.448 against the default's 11.738 and Optuna's GP's 11.721), was level on
ZDT2 (11.400) and ahead on DTLZ2 (14.445 against 14.298), behind on C2-DTLZ2 (12.024). EHVI
under dead weights was ahead of the best Optuna median in the same four cells as the default
(ZDT1 11.744, ZDT2 11.395, DTLZ2 14.199, C2-DTLZ2 13.700) but its ZDT3 median was 11.761
(seeds 11.27-12.11, one above every default seed). CPU per 100-trial run (median per problem,
shared machine): 3.3-5.6 s redrawing, 3.6-5.2 s with EHVI.

Why, from the waste script rerun on these variants (`multi_objective_zdt3_waste.py --keys
default 'dead redrawn' 'dead EHVI'`, and `--problem ZDT1 --keys default 'dead redrawn'`; the
benchmark's runs replayed): redrawing cut the wasted proposals on ZDT3 only to 12-18 of 90 per
seed (default 19-31; the rest come under live weights), and its fronts ended at f1 0.060-0.082
(the default's at 0.26-0.82), on ZDT1 at 0.13-0.27 (the default's at 0.88-1.00): the weights
dead in f2 are the ones that push the front's other end outwards, and on ZDT1 and ZDT3 that end
can move, so without them the front stays at the f1 end. EHVI under dead weights did not cut
the waste (23-62 per seed; at seed 4, 62, with the front ending at f1 0.042): with the
reference point from all trials (f2 about 9 there), a posterior sample of f1 below 0 at x0 = 0
gains a slab of height about 6, the same extension that cannot happen, worth more to EHVI
than to the scalarisation. So a dead weight is waste only where its objective's lowest value
cannot go lower (f1 = 0 is a bound of the box), and neither the weights nor these acquisitions
tell that end from the other: both credit the f1 model's posterior mass below 0 (sd 0.005 at
x0 = 0 with x1-x9 moved away from the trials). Input warping of the GP's inputs does not bear
on it: f1 = x0 is already linear in x0, and the sd comes from the nine variables f1 does not
depend on (f2's x0 lengthscale 0.6 against ZDT3's period of 0.2 in x0, the other weakness seen
above, is not a monotone distortion either). Not tried (the round's limit was two variants):
counting a weight as dead only where the model also gives no mass below the objective's lowest
value, or modelling a loss whose lowest observed value sits at a bound of the box as bounded
there. The ZDT3 gap to Optuna's GP stays open.
"""
NOTES_ABLATION9 = """
What the per-objective GPs learn about the inputs an objective does not depend on, measured
(`benchmarks/multi_objective_lengthscales.py`: the default's 100-trial runs, seeds 0-4,
replayed; the kernels at the proposals of trials 30, 60 and 90, lengthscales in the unit cube,
signal and noise variances on the GP's standardised scale; medians [quartiles] over the seeds,
the other inputs' range in the second bracket):

| problem | trial | objective | lengthscale x0 | other inputs: median [range] | signal | noise |
|---|---|---|---|---|---|---|
| ZDT3 | 30 | f1 | 0.74 | 4.0 [1.8, 4.9] | 0.54 | 5e-4 |
| ZDT3 | 30 | f2 | 0.47 | 1.2 [0.45, 1.6] | 0.71 | 0.014 |
| ZDT3 | 60 | f1 | 1.26 | 21 [12, 30] | 0.90 | 4e-6 |
| ZDT3 | 60 | f2 | 0.91 | 2.1 [1.4, 2.8] | 1.01 | 0.009 |
| ZDT3 | 90 | f1 | 1.15 | 33 [24, 46] | 0.63 | 1.8e-6 |
| ZDT3 | 90 | f2 | 1.00 | 3.2 [1.7, 4.9] | 1.39 | 0.006 |
| DTLZ2 | 30 | f1 / f2 / f3 | 0.56 / 0.60 / 0.53 | 1.5 / 1.6 / 1.6 [0.36, 3.9] | 0.5-0.6 | 0.005 |
| DTLZ2 | 60 | f1 / f2 / f3 | 0.75 / 0.81 / 0.73 | 2.9 / 2.4 / 3.1 [0.47, 6.8] | 0.6-0.7 | 0.002 |
| DTLZ2 | 90 | f1 / f2 / f3 | 0.89 / 0.81 / 0.87 | 1.9 / 2.9 / 3.4 [0.54, 11] | 0.8-1.0 | 0.001 |

On ZDT3 the f1 model does learn that x1-x9 hardly matter (their lengthscales grow from 4 at
trial 30 to about 33 at trial 90, 4-5 prior standard deviations above the default prior's centre
of 0.52 at ten inputs), and still, at the proposals, f1's posterior variance comes almost all
from them. At each of the 450 model-based proposals (f1 as a loss; the same split as
ablation8's, 128 wasted, 322 other), against the same model with its kernel blind to x1-x9
(their lengthscales made infinite, nothing refitted):

| f1 at the proposal | wasted (128) | other (322) |
|---|---|---|
| posterior mean | 0.0049 [0.0012, 0.017] | 0.13 [0.038, 0.28] |
| posterior sd | 0.0051 [0.0007, 0.035] | 0.0009 [0.0002, 0.0078] |
| posterior sd, kernel blind to x1-x9 | 0.0002 [0.0001, 0.0042] | 0.0003 [0.0001, 0.0015] |
| share of the posterior variance from x1-x9 | 0.99 [0.95, 1.00] | 0.77 [0.46, 0.95] |
| the noise's sd | 0.0008 [0.0004, 0.010] | 0.0006 [0.0004, 0.004] |
| posterior mass below the lowest f1 observed | 0.32 [0.002, 0.45] | 0 [0, 3e-8] |

With a noise variance of 2e-6 the model nearly interpolates, so the variance off the trials
grows with the squared scaled distance, and at the wasted points x1-x9 are moved about 0.3 away
from the trials near x0 = 0 (ablation8's table): even at lengthscales of 30 that is what leaves
f1 a sd six times the noise's; it falls only as those lengthscales grow. Refitting
f1's kernel at every third proposal (50 wasted, 100 other), the run otherwise the default's:
with the prior centred at log 1 (Optuna's favoured lengthscale) the lengthscales of x1-x9 become
26 (wasted) and 19 (other), the sd 0.68 and 0.83 times the default's, the mass below the lowest
f1 0.235 at the wasted points; with Hvarfner, Hellsten & Nardi (2024)'s centre, log l = sqrt2 +
log(d)/2 (13 at ten inputs; the prior's spread kept at 1), they become 95 and 80, x0's 1.46 and
1.40 (1.15 with the default prior), the sd 0.26 and 0.43 times the default's, and the mass below
the lowest f1 at the wasted points 0.002 (median). On DTLZ2 every objective depends on every
input (x0, x1 place the point on the front, x2-x11 its distance from it), and the fitted
lengthscales stay at 0.5-11.

The variant, chosen by that argument: a centre at log 1 hardly changes what the data already
says (the lengthscales are 3.5-4 prior standard deviations out either way), and the
measurement says the sd falls only where the lengthscales grow several-fold; the published centre for high
dimensions does that. It was not adopted for one objective (the gp module's docstring: it
over-smoothed Hartmann-6 at 50 trials); here it applies only to the per-objective models of
several objectives, at budgets of 100-300 trials. The risk is f2 on ZDT3, whose x0 lengthscale
(about 1) is already long against ZDT3's period of 0.2 in x0, and DTLZ2's objectives, whose
inputs all matter. Not run: crediting improvement below an objective's lowest value only where
the model's mass there exceeds noise level, because the measurement says that test does not
fire at the wasted points (sd six times the noise's, mass 0.32).

One variant, tag `ablation9`, `multi_objective_ablation9.json`:

- `hyperscout GP (composite ParEGO, utopian point, long lengthscale prior)`: the per-objective
  models (several objectives only; not the constraints' models) fitted with the lengthscale
  prior centred at sqrt2 + log(d)/2 (`GPAblation.objective_ls_prior = "long"`, new, "default"
  by default); nothing else changes.

Decision rule, fixed and committed before any run of this variant (ablation8's): at 100 trials
the variant passes the screen iff it is ahead of the best Optuna median in every 100-trial cell
where the default is ahead, and its ZDT3 median at 100 trials is higher than the default's
11.879; only then does it run 300 trials. It replaces the default iff it beats the best Optuna
median in more of the 10 synthetic cells than the default (7), ties broken by the higher
geometric mean of (its median / the best Optuna median) over the 10 cells. The default's cells
are the runs of `hyperscout default`; the best Optuna median is taken over every Optuna
sampler's runs in the cell at report time. The real problem does not enter the rule.
"""
NOTES_ABLATION9_SECOND = """
The long prior's screen, and a second variant added after it was seen (the rule above, with
its screen and its 10-cell rule, judges both). The long prior did not pass the screen: ZDT3 rose
to 12.011 (seeds 11.97-12.08, every one above the default's median 11.879; Optuna's GP 12.065),
ZDT1 11.744 and ZDT2 11.396 held, C2-DTLZ2 13.672 held (the default's 13.660), but DTLZ2 fell
to 11.382 (seeds 11.27-11.92; the default's 14.298, Optuna's TPE 13.812). So it ran no 300
trials.

Why DTLZ2 fell (`multi_objective_lengthscales.py --label` the variant, and `--modes`, on its own
runs): x2-x11 set the distance from the front through g = sum (x_i - 0.5)^2, each input weakly,
and under the long prior their lengthscales became 17-24 (median over the inputs, at trials 30,
60 and 90; 1.5-4.5 with the default prior) while the noise variance rose to 0.02-0.06 (0.001-0.006
with the default prior): the model explains the bowl in each of these inputs as noise, so the
acquisition no longer sees the valley at x_i = 0.5. It is the prior's own mode, not a poor
fit: refitted from the default prior's centres instead of the long prior's, the long prior's
posterior came out higher by more than 0.001 nats in 8 of 45 DTLZ2 fits (5 seeds, 3 objectives,
3 checkpoints; 0 of 30 on ZDT3), with the same median lengthscales (17-24). A longer centre pulls every input long, the weakly
relevant ones with the irrelevant.

The second variant keeps the default prior's centre and removes only its upper half:
`hyperscout GP (composite ParEGO, utopian point, one-sided lengthscale prior)`, the
per-objective models (several objectives only) fitted with log l ~ Normal(-1 + log(d/5)/2, 1)
below that centre and flat above it (`GPAblation.objective_ls_prior = "one-sided"`, new). The
argument: the prior is there to keep small budgets from over-fitting (short lengthscales,
wiggly fits; the gp module's docstring); its upper half does not serve that, and it is what
holds the irrelevant inputs' lengthscales near 33 when the data push them further, without
pulling the weakly relevant ones anywhere they were not. Measured before running it (the same
refits of the default's runs as above): on ZDT3 f1's lengthscales of x1-x9 go to the bound (200)
at trials 30-90, f1's sd at the wasted proposals falls to 0.22 of the default's (quartiles
0.08-0.44; 0.34 at the others) and its mass below the lowest f1 from 0.32 to 4e-7 (median); f2
keeps x0's lengthscale (0.38-1.33; 0.47-1.00 by default) and x1-x9's become 2.5-9 (1.2-3.2 by
default), its noise no higher. The risk is the same as the long prior's, smaller: on DTLZ2 most of x2-x11 go to
the bound too at 30-60 trials (median over the inputs 200; at 90 trials 16-200), though with
the noise at the default's level (0.0006-0.005), not absorbing the bowl. The rule is the one
above (its screen, then its 10-cell rule).
"""
NOTES_ABLATION9_OUTCOME = """
Reading the outcome: the default stays; neither variant passed the screen, so neither ran 300
trials. The one-sided prior was ahead of the best Optuna median on ZDT3 at 100 trials, the only
configuration in these ablations to be (12.094, seeds 11.86-12.13, against Optuna's GP's
12.065 and the default's 11.879), and on ZDT1 (11.730 against 11.721), ZDT2 (11.395) and
C2-DTLZ2 (14.344, the default's 13.660), but behind on DTLZ2 (12.656, seeds 12.48-13.63,
against Optuna's TPE's 13.812 and the default's 14.298), as the refits predicted: DTLZ2's
weakly relevant inputs lose their pull too. CPU per 100-trial run (median per problem, shared
machine): 3.1-5.7 s with the long prior, 3.4-5.5 s one-sided.

Neither prior cut the ZDT3 proposals wasted next to (0, 1) (`multi_objective_zdt3_waste.py
--keys default 'long prior' 'one-sided prior'`, the benchmark's runs replayed): 27, 19, 28, 20
and 28 of 90 per seed with the long prior, 31, 18, 29, 20 and 25 one-sided, against the
default's 31, 19, 31, 20 and 27. Where they gained is the front's far end: its largest f1 was
0.45-0.88 with either prior (median 0.64 with the long prior, 0.84 one-sided) against the
default's 0.26-0.82 (median 0.43), ZDT3's last two segments (f1 beyond 0.6) reached at 4 seeds
of 5 with either against 1. So the measured mechanism, f1's posterior mass below its bound, is real
(the refits take it from 0.32 to near 0 at the wasted points) but not what the wasted proposals
depend on: under weights dead in f1 there is nothing to gain anywhere, and with that mass gone
the acquisition's maximum still lies next to (0, 1), where its smoothed log EI is least
negative. The far end of the front is a new lowest f2 (ablation8), which the f2 model decides,
and both priors lengthen f2's lengthscales of x1-x9 too (one-sided, in the refits above, 2.5-9
against 1.2-3.2 at trials 30-90); how that sends the proposals further along the front was not
measured. What was measured: the ZDT3 gain came through the far end, not the waste, and the
DTLZ2 lead needs weakly relevant inputs to keep short lengthscales, so a prior on the
lengthscales alone did not serve both here.
"""
NOTES_ABLATION10 = """
The idea ablation9 left open: relax the prior only on the inputs the data already mark as
irrelevant (automatic relevance determination in two stages). Each per-objective model
(several objectives only; not the constraints' models nor one objective's) is fitted with the
default prior, as the default fits it (warm-started from its own previous such fit); the inputs
whose fitted log-lengthscale lies more than 3 prior standard deviations above the prior's centre
(`_gp.irrelevant_inputs`: a lengthscale about 20 times the centre's, 10.4 at ten inputs, 11.4 at
twelve) are then refitted, from that fit, with the prior flat above its centre on those inputs
only; the others keep the default prior. If no input is marked the model is the default's.

The threshold, stated (committed in `_gp.IRRELEVANT_LS_SDS`) before any run: three sds, not two,
because a fit has d lengthscales per objective and is redone every few trials; at two (the
prior's 97.7% quantile) one of DTLZ2's 36 (12 inputs, 3 objectives) would cross by the prior
alone in more than half of the fits, at three (99.87%) in about 5%; and at a lengthscale of 10
in the unit cube, moving an input across its whole range keeps the Matern-5/2 correlation above
0.99. It was chosen knowing ablation9's tables (ZDT3's f1: x1-x9 at 12-46 from trial 60;
DTLZ2's x2-x11 at medians 1.5-3.4 but single inputs up to 11 at trial 90), so it is expected to
mark ZDT3's x1-x9 in f1 from about trial 60 and, rarely, a DTLZ2 input late in a run. What the
gate marks on the default's 100-trial runs (`multi_objective_lengthscales.py --gate`, seeds 0-4,
every model-based proposal, the default's fits), measured after the threshold was committed and
before any run of the variant:

| problem | trials | objective | proposals with x0 marked | with every other input marked | with some other input marked | other inputs marked, mean per proposal |
|---|---|---|---|---|---|---|
| ZDT3 | 10-29 | f1 / f2 | 0 / 0 of 100 | 0 / 0 | 0 / 0 | 0 / 0 of 9 |
| ZDT3 | 30-59 | f1 / f2 | 0 / 0 of 150 | 48 / 0 | 88 / 0 | 4.07 / 0 of 9 |
| ZDT3 | 60-99 | f1 / f2 | 0 / 0 of 200 | 200 / 0 | 200 / 0 | 9.00 / 0 of 9 |
| DTLZ2 | 10-29 | f1 / f2 / f3 | 0 of 100 each | 0 | 0 | 0 of 11 |
| DTLZ2 | 30-59 | f1 / f2 / f3 | 0 of 150 each | 0 | 0 | 0 of 11 |
| DTLZ2 | 60-99 | f1 / f2 / f3 | 0 of 200 each | 0 / 0 / 0 | 0 / 0 / 14 | 0 / 0 / 0.07 of 11 |

As intended: in ZDT3's f1 the gate marks all of x1-x9 at every proposal from trial 60 (and
some of them at 88 of 150 proposals in 30-59), never x0, never anything in f2; on DTLZ2 it
leaves x2-x11 alone except in f3 at 14 of 200 proposals in trials 60-99 (a few inputs of one
or two seeds' fits, 0.07 inputs per proposal on average), where those inputs then lose their
pull.

One variant, tag `ablation10`, `multi_objective_ablation10.json`:

- `hyperscout GP (composite ParEGO, utopian point, one-sided prior on irrelevant inputs)`
  (`GPAblation.objective_ls_prior = "one-sided-irrelevant"`, new, "default" by default);
  nothing else changes.

Decision rule, fixed and committed before any run of this variant (ablation9's; the variant was
added after ablation9's results were seen): at 100 trials it passes the screen iff it is ahead
of the best Optuna median in every 100-trial cell where the default is ahead, and its ZDT3
median at 100 trials is higher than the default's 11.879; only then does it run 300 trials. It
replaces the default iff it beats the best Optuna median in more of the 10 synthetic cells than
the default (7), ties broken by the higher geometric mean of (its median / the best Optuna
median) over the 10 cells. The default's cells are the runs of `hyperscout default`; the best
Optuna median is taken over every Optuna sampler's runs in the cell at report time. The real
problem does not enter the rule. Passing the rule is reported, not acted on here: switching
the default is a separate decision.
"""
NOTES_ABLATION10_OUTCOME = """
Reading the outcome: the default stays; the variant did not pass the screen, so it ran no 300
trials. Its ZDT3 median at 100 trials fell to 11.730 (seeds 11.36-12.16; the default's 11.879,
the one-sided prior's 12.094, Optuna's GP's 12.065); the other 100-trial cells held: ZDT1
11.736, ZDT2 11.394, DTLZ2 14.298 (seeds 0, 1, 3 and 4 the default's runs exactly, seed 2 14.719
against 14.710: the gate fired only in seed 2's late f3 fits), C2-DTLZ2 13.660. So the gate
kept DTLZ2 as the default has it, as the check above said it would, but gave none of the
one-sided prior's ZDT3 gain. Per seed against the default: 11.881 / 11.879, 11.695 / 11.891,
12.163 / 11.688, 11.730 / 11.729, 11.361 / 11.930: two seeds unchanged, one up, two down.
CPU per 100-trial run 3.2-5.5 s (shared machine).

Where the ZDT3 proposals went (`multi_objective_zdt3_waste.py --keys 'one-sided on
irrelevant'`): wasted next to (0, 1) 30, 16, 31, 20 and 30 of 90 per seed (the default's 31,
19, 31, 20, 27), and the front's largest f1 0.43, 0.44, 0.84, 0.26 and 0.18 (median 0.43, the
default's median; the one-sided prior's 0.84), the far segments (f1 beyond 0.6) reached at 1
seed of 5, as by default. This separates what ablation9 could not: lengthening f1's x1-x9 alone
(the gate marks them in every fit from trial 60, and only them) neither cuts the waste nor
reaches the far end. The one-sided prior's ZDT3 gain came with f2's x1-x9 lengthened too (2.5-9
against 1.2-3.2), and f2 depends on them through g, so no relevance gate on f2 would mark them:
the gain, if it is the lengthscales', comes from over-smoothing a relevant input, which is
what lost DTLZ2.
"""
NOTES_ABLATION11 = """
What ablations 8-10 leave: under weights dead in f1 the only improvement the composite credits
is f1's posterior mass below its lowest value (0, a bound of the box), and 99% of f1's posterior
variance at those proposals comes from x1-x9, inputs f1 does not depend on (ablation9's table);
lengthening their lengthscales in the fit (ablation10, which marks exactly those inputs in f1
from about trial 60) did not cut the waste, and lengthening every irrelevant-looking input
lost DTLZ2 (ablation9). Here nothing is refitted and no lengthscale changes for live weights:
only when a proposal's weights are dead (`_dead_weights`, ablation8's test) does its
acquisition read each objective's posterior from that objective's kernel made blind to the
inputs its own fit marks irrelevant (`_gp.irrelevant_inputs`, ablation10's gate, 3 prior sds
above the prior's centre, not changed here; `GPModel.blind_to` sets those lengthscales to
infinity, the data and every other hyperparameter kept). Improvement that only the variance of
such inputs supplies is then not credited. On ZDT3 the gate marks f1's x1-x9 (in some fits
from trial 30, in every fit from trial 60) and nothing in f2; on DTLZ2's default runs it marked
an input of f3 at 14 of 200 late proposals and nothing else (ablation10's table), so there the
variants are expected to act as their unblinded counterparts.

Two variants, tag `ablation11`, `multi_objective_ablation11.json` (`GPAblation.parego_dead_blind
= True`, new, off by default):

- `hyperscout GP (composite ParEGO, utopian point, EHVI blind to irrelevant inputs under dead
  weights)`: ablation8's EHVI under dead weights (`parego_dead_ehvi`), its models blinded.
  Ablation8 measured why that variant failed ZDT3 (11.761 against the default's 11.879): with
  the reference point from all trials, a posterior sample of f1 below 0 at x0 = 0 gained a slab
  of height about 6, so EHVI chased the same impossible extension (23-62 wasted proposals per
  seed). Blind, f1's sd there falls to about the noise's (ablation9's table: 0.0002 against
  0.0051, noise sd 0.0008), and EHVI's credit goes to extensions and gaps that f2's model and
  x0 can supply (ZDT3's far segments, which the one-sided prior's gain came through). This is
  the variant expected to help; on ZDT1, ZDT2, DTLZ2 and C2-DTLZ2 ablation8's unblinded
  version was ahead of the best Optuna median at 100 trials (11.744, 11.395, 14.199, 13.700).
- `hyperscout GP (composite ParEGO, utopian point, blind to irrelevant inputs under dead
  weights)`: the composite's own acquisition under dead weights, blinded: the direction as
  first suggested. Expected not to help: under weights dead in f1 the blind model leaves
  nothing to gain anywhere, and ablation10 (whose refit took f1's x1-x9 lengthscales to the
  bound, 200, near the same sd) saw the acquisition's maximum stay next to (0, 1); it is run as
  the control that separates the blinding from the EHVI.

Decision rule, fixed and committed before any run of these variants (ablation10's, and
ablation8's for two variants; chosen after ablations 8-10's results were seen): at 100 trials a
variant passes the screen iff it is ahead of the best Optuna median in every 100-trial cell
where the default is ahead, and its ZDT3 median at 100 trials is higher than the default's
11.879; only then does it run 300 trials (the EHVI variant first if both pass, as far as the
session's time allows; cells not run are reported as not run, and a variant without all 10
cells cannot pass the 10-cell rule). A variant replaces the default iff it beats the best
Optuna median in more of the 10 synthetic cells than the default (7), ties broken by the higher
geometric mean of (its median / the best Optuna median) over the 10 cells; if both pass, most
cells ahead, then the higher geometric mean. The default's cells are the runs of `hyperscout
default`; the best Optuna median is taken over every Optuna sampler's runs in the cell at report
time. The real problem does not enter the rule. Passing the rule is reported, not acted on
here: switching the default is a separate decision.
"""
NOTES_ABLATION11_OUTCOME = """
Reading the outcome: by the rule fixed before its runs, EHVI blind to irrelevant inputs under
dead weights passes (8 of 10 cells ahead of the best Optuna median against the default's 7,
geometric mean 1.0755 against 1.0745); the composite blinded alone did not pass the screen. The
default is not switched here. Per cell, the EHVI variant's median [seeds]: ZDT1 11.747 / 11.760
(100 / 300 trials), ZDT2 11.404 / 11.422, ZDT3 12.126 [12.06-12.18] / 12.211 [12.13-12.21],
DTLZ2 14.190 / 14.754 [14.70-14.81], C2-DTLZ2 13.535 [11.47-14.50] / 14.819. At 100 trials four
of its five ZDT3 seeds are above Optuna's GP's median (12.065), and its lowest (12.057) above
every seed of the default's stored runs (11.69-11.93); at 300 trials ZDT3 stays behind Optuna's GP by 0.002 (12.211 against 12.213, three of five
seeds at 12.21-12.22) and DTLZ2 behind Optuna's TPE (14.754 against 14.817): the 300-trial gaps
narrowed, the DTLZ2 one did not close. The composite blinded alone: ZDT3 11.730 (seeds
11.72-11.97), the other 100-trial cells ahead (ZDT1 11.738, ZDT2 11.399, DTLZ2 14.301,
C2-DTLZ2 13.854). CPU per run (median, shared machine): 2.2-3.9 s at 100 trials, 8.2-23.1 s at
300 for the EHVI variant.

A caveat measured after these runs were seen, not part of the rule: on this session's machine
the default's seeded runs are not those stored in `multi_objective_hv.json` (the same code at
ablation10's commit replays ZDT3 seed 0 at 100 trials to 11.728, not 11.879, and seed 4 to
11.353, not 11.930; the pinned-proposals test of the composite fails the same way at 1e-8, in
main's code too), so the numerics differ by machine and the runs diverge from there. The
default rerun here on every cell (`--tag rerun11`, `multi_objective_rerun11.json`, not read by
this report) has medians ZDT1 11.739 / 11.757, ZDT2 11.399 / 11.420, ZDT3 11.728 / 12.131,
DTLZ2 14.301 / 14.687, C2-DTLZ2 13.854 / 14.810: by the same rule 7 of 10 cells (behind on
ZDT3 at both budgets and DTLZ2 at 300), geometric mean 1.0738. So the EHVI variant's lead holds
against the default on the same machine: ZDT3 12.126 against 11.728 at 100 trials and 12.211
against 12.131 at 300 (every seed higher at both), DTLZ2 at 300 14.754 against 14.687 (three
seeds higher, two lower).

Where the ZDT3 proposals went (`multi_objective_zdt3_waste.py`, the 100-trial runs replayed on
this machine; the variants' replays reproduce their benchmark runs): wasted next to (0, 1)
19, 18, 15, 15 and 20 of 90 per seed with the EHVI variant (the default's replays 29, 21, 26,
20 and 34), and the front's largest f1 0.85, 0.85, 0.86, 0.65 and 0.87 (the default's 0.26,
0.88, 0.26, 0.26, 0.08): ZDT3's last segment reached at 4 seeds of 5 against 1. Of its 90
searches per seed 31-50 were EHVI (dead weights) and 16-32 read a blinded model (the gate marks
f1's x1-x9 only from about trial 30). ablation8's EHVI under dead weights, unblinded, replayed
here (`--keys 'dead EHVI'`): ZDT3 11.991, 11.902, 12.112, 12.043 and 11.819 (median 11.991;
its stored runs 11.761), wasted 25, 36, 26, 34 and 64: blinding raised every seed (12.137,
12.057, 12.181, 12.126, 12.095) and cut the waste, as ablation8's diagnosis said (EHVI there
chased f1's posterior mass below its bound). The composite blinded alone wasted 28, 22, 27, 20
and 29 and its front ended at f1 0.26-0.46, as predicted: under weights dead in f1 the blinded
scalarisation has nothing to gain anywhere and its search stays next to (0, 1); what moves the
front's far end is EHVI's credit for extending it. Where the EHVI variant's remaining waste
comes from was not traced.
"""
NOTES_ABLATION12 = """
A defect of ablation11's EHVI variant found after its runs: on the 5-variable ZDT2 of
`test_default_with_its_utopian_point_leaves_the_ideal_corner_of_zdt2` (f1 = x0, f2 = g (1 -
(x0 / g)^2), g from x1-x4), with `parego_dead_ehvi` and `parego_dead_blind` the sampler never
leaves the ideal corner (0, 1) at seeds 0, 2 and 4 of 0-4 (front spread, the largest f1 among
trials with f2 < 1.2, not above 0.3 after 80 trials), where the default leaves it at every
seed. At the corner every weight is dead; f1's model marks x1-x4 irrelevant and f2's often
marks x0 (its effect on f2 is small against g's), so blinded, f1 reads only x0 and f2 only
x1-x4, and EHVI sees no gain along x0, the only way off the corner. Ablation11's diagnosis was
about the dead objective's own posterior mass below its lowest value (ZDT3's f1, whose
variance at the wasted proposals came from x1-x9); blinding the other objectives' models was
not part of it.

One variant, tag `ablation12`, `multi_objective_ablation12.json` (`GPAblation.parego_blind_scope
= "dead"`, new; "all", the default, is ablation11's):

- `hyperscout GP (composite ParEGO, utopian point, EHVI blind to the dead objectives'
  irrelevant inputs)`: ablation11's EHVI variant (`parego_dead_ehvi`, `parego_dead_blind`), but
  under dead weights only the model of the objective whose weight is dead
  (`_sampler._dead_objective`: the incumbent's largest weighted Chebyshev term) is blinded; the
  other objectives' models are read whole. On ZDT3 the gate marks nothing in f2 (ablation11's
  notes), so where f1 is the dead objective the variant acts as ablation11's.

Decision rule, fixed and committed before any run of this variant (chosen after ablation11's
results and the ZDT2 defect were seen): (0) a behaviour check first: on the 5-variable ZDT2
above, the variant must leave the ideal corner (front spread > 0.3 after 80 trials,
`benchmarks/multi_objective_zdt2_corner.py`, `GPSampler(seed=s)` with the variant's switches) at
each of seeds 0-4; if not, it fails and nothing else runs. (1) The 100-trial screen of
ablations 8-11: ahead of the best Optuna median in every 100-trial cell where the default is
ahead, and its ZDT3 median at 100 trials above the default's 11.879. (2) At 100 and 300 trials
over the 10 synthetic cells: the variant is recommended as the default iff it beats the best
Optuna median in at least as many of the 10 cells as ablation11's EHVI variant (8); a tie with
ablation11's variant is resolved in this variant's favour, because it passes (0) and
ablation11's does not. Only if (0) and (1) pass does it run 300 trials (ZDT3 and DTLZ2 first,
as far as the session's time allows); cells not run are reported as not run, and a variant
without all 10 cells cannot pass (2). The best Optuna median is taken over every Optuna
sampler's runs in the cell at report time. The real problem does not enter the rule.
Recommending is reported, not acted on here: switching the default is a separate decision.
"""
NOTES_ABLATION12_OUTCOME = """
Reading the outcome: by the rule fixed before its runs, blinding only the dead objective's model
passes check (0) (spread 1.000 at every seed, where ablation11's variant stays at the corner at
seeds 0, 2 and 4: 0.000, 0.066, 0.000) and the screen (1) (ZDT3 at 100 trials 11.954 [11.90-12.09]
against the default's 11.879; ZDT1 11.747, ZDT2 11.408, DTLZ2 14.190, C2-DTLZ2 13.535 ahead of
the best Optuna median), but fails the rule (2): 7 of 10 cells ahead of the best Optuna median
against ablation11's variant's 8 (geometric mean 1.0738 against 1.0755), so it is not
recommended, and the default is unchanged. Behind: ZDT3 at 100 trials (11.954 against Optuna's
GP's 12.065), ZDT3 at 300 (12.197 [12.13-12.21] against 12.213) and DTLZ2 at 300 (14.752
[14.48-14.79] against Optuna's TPE's 14.817). Seed by seed against ablation11's variant: ZDT3
at 100 trials every seed lower (12.032, 11.950, 11.954, 12.086, 11.898 against 12.137, 12.057,
12.181, 12.126, 12.095), at 300 two higher and three lower; at 100 trials DTLZ2 the same at 4
of 5 seeds and C2-DTLZ2 at 3; ZDT1 and ZDT2 within 0.02. So on ZDT3, where the gate marks nothing
in f2, blinding only the dead objective still lost what ablation11 had gained at 100 trials:
under weights dead in f2 ablation11 also read f1's model blind to x1-x9, and that part of its
blinding (not the diagnosis it was made for) carried some of its ZDT3 gain. That reading is
not traced here (no waste count was made). CPU per run (median per problem, shared machine):
2.5-3.9 s at 100 trials, 8.6-21.8 s at 300.

Decision on ablations 11 and 12: **the default stays the composite ParEGO** (both switches
off). Ablation11's rule said its EHVI variant replaces the default; it is not adopted, for two
findings outside the rule's ten cells, both measured after its runs:

- **A collapse on a small problem.** On the test suite's 5-variable ZDT2 it never leaves the
  ideal corner in 80 trials at seeds 0, 2 and 4 (check (0) above); the default and ablation12's
  variant leave it at all five seeds.
- **The real problem is lower at both budgets.** LightGBM's AUC against size, 5 seeds
  (`multi_objective_real_lgbm.json`, the column of its label): 378.901 [378.23-379.71] at 100
  trials and 379.391 [379.34-380.24] at 300, against the default's 379.751 and 380.247 and
  Optuna's TPE's 379.367 and 380.108 (ranges overlap).

Ablation12's variant fixes the collapse but fails its own rule (7 of 10 cells), so neither
replaces the default. Its synthetic gain is not an artefact of the machine: the runs of these
two ablations were made under OpenBLAS's Haswell kernels (this machine kind's setting), the
stored default and Optuna runs under its SkylakeX kernels, and seeded GP runs diverge between
the two after a few dozen trials. Replayed under SkylakeX's (`multi_objective_replay11.json`,
not read by the tables; the benchmark now pins those kernels, `benchmarks/_kernels.py`),
ablation11's variant has medians ZDT1 11.748 / 11.760 (100 / 300 trials), ZDT2 11.403 /
11.421, ZDT3 12.082 / 12.207, DTLZ2 14.199 / 14.798, C2-DTLZ2 13.700 / 14.802: again 8 of 10
cells ahead of the best Optuna median (ZDT3 at 100 trials 12.082 against 12.065; behind on
ZDT3 at 300, 12.207 against 12.213, and DTLZ2 at 300, 14.798 against 14.817), where the
default, whose stored runs replay exactly under those kernels (ZDT3 seeds 0 and 4: 11.879,
11.930), has 7.
"""
NOTES_ABLATION13 = """
ablation11's EHVI variant blinds a model to every input whose lengthscale lies more than 3
prior sds above the prior's centre. On the 5-variable ZDT2 at the ideal corner that gate marks
all five of f2's inputs (lengthscales 3.3-3.4 sds up, measured on seeds 0 and 2), although f2
varies strongly along them: a long lengthscale with a large signal variance is a near-linear
effect, not an irrelevant input. Measured there and on ZDT3 (seed 0), the kernel's variation
along an input across its range, signal * (1 - matern52(1 / lengthscale^2)), as a share of
its variation along the model's most varying input: about 1 for every input of ZDT2's f2,
10^-2.8 for ZDT2's f1's x1-x4 and 10^-1.7 for ZDT3's f1's x1-x9 (medians over the proposals).

One variant, tag `ablation13`, `multi_objective_ablation13.json`
(`GPAblation.parego_blind_gate = "lengthscale-and-share"`, new, off by default): ablation11's
EHVI variant (every objective's model blinded under dead weights) blinding only the inputs
that gate marks AND whose share is below 0.1. Its runs are made under OpenBLAS's SkylakeX
kernels (the benchmark now pins them), as the stored default and Optuna runs were.

Decision rule, fixed and committed before any run of this variant (ablation12's, with the real
problem added because it was one of the two reasons ablation11's variant was not adopted): (0)
on the 5-variable ZDT2 of the test suite the variant leaves the ideal corner (front spread >
0.3 after 80 trials) at each of seeds 0-4, else it fails and nothing else runs; (1) at 100
trials it is ahead of the best Optuna median in every 100-trial cell where the default is
ahead, and its ZDT3 median at 100 trials is higher than the default's 11.879; (2) over the 10
synthetic cells it is ahead of the best Optuna median in at least as many cells as ablation11's
variant (8); (3) on the real problem (LightGBM, 5 seeds, 300 trials, 100 as their prefix) its
median at each budget is at least the lower of the default's median and the best Optuna
median there, read from the real problem's tables (ablation11's variant fails (3): 378.901
against 379.367 at 100 trials). It
replaces the default iff (0)-(3) all pass. Cells not run are reported as not run and cannot
pass.
"""
NOTES_ABLATION13_OUTCOME = """
Reading the outcome: by the rule fixed before its runs, the gate by share passes (0) (spread
1.000 at every seed, under OpenBLAS's Haswell kernels: the corner script does not pin them),
(1) and (2) (8 of 10 cells, as ablation11's variant; "recommended as the default" above is
(2)'s verdict alone), and **fails (3)**: on the real problem its median is 378.901 at 100
trials against 379.367 (the lower of the default's 379.751 and Optuna's TPE's 379.367) and
379.391 at 300 against 380.108 (Optuna's TPE; the default 380.247). So it does not replace the
default. Its runs are those of ablation11's variant replayed under the same kernels
(`multi_objective_replay11.json`), hypervolume for hypervolume, on ZDT1, ZDT3, DTLZ2, C2-DTLZ2
and the real problem; on the 10-variable ZDT2 they differ from the fourth decimal on (same
medians): there the share gate blinds the same inputs, so it changes only cases like the
5-variable ZDT2, where a near-linear objective has every lengthscale long. The real problem's loss is then
ablation11's: EHVI under dead weights, not the gate. Medians: ZDT1 11.748 / 11.760 (100 / 300
trials), ZDT2 11.403 / 11.421, ZDT3 12.082 / 12.207, DTLZ2 14.199 / 14.798, C2-DTLZ2 13.700 /
14.802. CPU per run (median, shared machine): 7-20 s at 300 trials.
"""
NOTES_REAL = {
    "real_lgbm": """
A held-out quarter of scikit-learn's breast-cancer data (stratified, fixed split); each trial
fits `lightgbm.LGBMClassifier(num_threads=1)` on the rest with `n_estimators` 5-200,
`num_leaves` 2-63, `learning_rate` 0.01-1 (all log), `max_depth` 1-10 and `min_child_samples`
2-60 (log), and returns 1 - ROC AUC on the held-out quarter and the pickled size in KB, both
minimised. Budget 100 is the first 100 trials of the 300-trial runs where those exist; Optuna's
GP ran at 100 trials only (about 90 CPU seconds per 100-trial run here against our 20 per
300-trial run). A trial costs about 0.04 CPU seconds of LightGBM fitting against about 0.08 for
the HistGradientBoosting version below (30 and 15 random configurations, one thread each).

The reference point is the worst value of each objective over every run so far, so it moves
when runs are added (the largest model is over 800 KB, the front ends near 35 KB); the
hypervolumes differ by hundredths to tenths of a percent and the seeds' ranges of all
contenders overlap: on this problem no sampler is ahead of another by more than its spread
over seeds.
""",
    "real": """
The earlier version of the real problem (same split and losses): scikit-learn's
`HistGradientBoostingClassifier` (`max_iter` 5-100, `max_leaf_nodes` 2-63, `learning_rate`
0.01-1, `max_depth` 1-10, `min_samples_leaf` 2-60), 40 trials only (about 0.5 s of wall time
per fit at that run's load). Kept for the record; the LightGBM version above replaces it at the
issue's budgets. Its first column is the default of that time (scaled by all trials).
""",
}
NOTES_ABLATION14 = """
ablation13's variant failed only condition (3), and its confirmation on 15 seeds (next
section) failed it again: the loss on the real problem is real. Where it comes from: the
real problem's hypervolumes differ by the lowest 1 - AUC a run finds (every run's smallest
model is 7.58-7.61 KB), and the variant's is worse (median 0.0065 against the default's
0.0055 at 300 trials, 15 seeds). Weights are dead when the incumbent's largest weighted
term is an objective at its lowest value: the scalarisation's EI then asks only for a new
lowest value of that objective. That is waste where the lowest value is a floor (ZDT3's f1 = 0,
a bound: 27 of the default's 100 trials at seed 0 hold it; DTLZ2's three objectives, 37-57
trials each; the real problem's smallest size, 4-13 of 300), which is what ablation8-13
measured on ZDT3; but where one trial alone holds it (the real problem's best AUC, in 5 runs of
5; ZDT3's f2) it is the search for the front's end, and EHVI, which credits area, asks for it
less.

One variant, tag `ablation14` (`GPAblation.parego_dead_floor`, new, off by default): ablation13's
variant, with weights counted dead only in an objective whose lowest value two or more feasible
trials hold (to 1e-9 of its range; `_sampler._at_floor`); other dead weights keep the
composite's log EI, as the default. Runs under OpenBLAS's SkylakeX kernels (the benchmark pins
them), as the stored default and Optuna runs were.

Decision rule, fixed and committed before any run of this variant (ablation13's, with (3) on
the real problem's 15 seeds): (0) on the 5-variable ZDT2 of the test suite the variant leaves
the ideal corner (front spread > 0.3 after 80 trials) at each of seeds 0-4, else it fails and
nothing else runs; (1) at 100 trials it is ahead of the best Optuna median in every 100-trial
cell where the default is ahead, and its ZDT3 median at 100 trials is higher than the
default's 11.879; (2) over the 10 synthetic cells it is ahead of the best Optuna median in at
least as many cells as ablation11's variant (8); (3) on the real problem (LightGBM, seeds
0-14, 300 trials, 100 as their prefix; seeds 5-14 in `multi_objective_real_lgbm_confirm.json`)
its median at each budget is at least the lower of the default's median and the best Optuna
median there (the confirmation's table, its fixed reference point). It replaces the default
iff (0)-(3) all pass, after the checks a default needs. Cells not run by 04:05 UTC are
reported as not run and cannot pass.

```
P="python benchmarks/multi_objective.py"; V='<the variant>'
python benchmarks/multi_objective_zdt2_corner.py --keys 'dead EHVI blind small-share floor'
$P --part synthetic --budget 300 --tag ablation14 --contenders "$V"
$P --part real --real-budget 300 --real-seeds 0 1 2 3 4 --contenders "$V"
$P --part real --real-tag real_lgbm_confirm --real-budget 300 --real-seeds 5 6 7 8 9 10 11 12 13 14 --contenders "$V"
$P --part report
```
"""

NOTES_ABLATION14_OUTCOME = """
Reading the outcome: the floor gate passes (0) and (1) and **fails (2)** (7 of 10 cells: ZDT3
at 100 trials 11.936, behind Optuna's GP again) and **(3)** at both budgets (379.105 against
379.391 at 100, 380.137 against 380.233 at 300; table of the confirmation above). It does not
replace the default and stays a private switch, off.

What it shows. The diagnosis holds on the real problem: with EHVI kept to floors, the best AUC
comes back most of the way (median lowest 1 - AUC 0.0067 / 0.0057 at 100 / 300 trials, against
ablation13's 0.0071 / 0.0065 and the default's 0.0061 / 0.0055) and so does the hypervolume
(380.137 at 300 against ablation13's 379.415 and the default's 380.233). But the same proposals
were what gained on ZDT3: there the weights dead in f2, whose lowest value no second trial
holds (ZDT3's front ends at f2 = -0.77), went to EHVI under ablation13, and handing them back
to the composite's log EI lost most of ZDT3's gain at 100 trials (12.082 -> 11.936). So the
ZDT3 cell and the real problem want opposite things of the same proposals, and the floor is
not what separates them; whatever does would have to tell a front's end still worth extending
(the real problem's best AUC) from one where EHVI's other gains are worth more (ZDT3's f2
end); not measured here. Synthetic medians: ZDT1 11.747 / 11.759 (100 / 300), ZDT2 11.403 /
11.421, ZDT3 11.936 / 12.154, DTLZ2 14.204 / 14.704, C2-DTLZ2 13.629 / 14.842.

Runs: 2026-12-01 02:27-02:56 UTC, without `OMP_NUM_THREADS=1` (see the confirmation above),
beside three other benchmark processes.
"""

NOTES_ABLATION15 = """
Every round since ablation7 worked on ZDT3's wasted proposals; the misses left are ZDT3 at
both budgets and DTLZ2 at 300 trials (14.770 against Optuna's TPE 14.817). On DTLZ2 the
default's seeds spread widely (14.57-14.93 at 300 trials) where Optuna's TPE does not
(14.81-14.83), and seeds 0 and 1 are the low ones. A front's hypervolume is lost in its gaps,
and the default chooses where on the front to look by drawing each proposal's weight vector
independently and uniformly from the simplex: over 200 model-based proposals, independent
draws leave some directions of the front with few proposals and others with many, and
which ones differs by seed. Knowles 2006's ParEGO draws from a fixed, evenly spread set of
weight vectors instead.

One variant, tag `ablation15` (`GPAblation.parego_weights = "lattice"`, new, "random" by
default): the default, but trial n's weight vector is the n-th point of a Kronecker sequence
(the golden ratio for two objectives, Roberts' R_2 for three), shifted by a random vector drawn
once from the sampler's seeded stream, and mapped to the simplex by the spacings of its sorted
coordinates (`_sampler.lattice_weights`). Any run of consecutive trials then covers the
simplex evenly (for two objectives, 64 consecutive weights leave no gap wider than 2.62/64,
against about 4.2/64 for independent draws), and the weights remain uniform on the simplex on
average. Everything else (scaling, utopian point, models, acquisition, its search) is the
default's. Runs under OpenBLAS's SkylakeX kernels (the benchmark pins them).

Decision rule, fixed and committed before any run of this variant (ablation7's, with
ablation14's condition (3)): (1) at 100 trials it is ahead of the best Optuna median in every
100-trial cell where the default is ahead, and its ZDT3 median at 100 trials is higher than the
default's 11.879; (2) it is ahead of the best Optuna median in more of the 10 synthetic cells
than the default (7), or in as many with a higher geometric mean of (its median / the best
Optuna median) over the 10 cells; (3) on the real problem (LightGBM, seeds 0-14, 300 trials,
100 as their prefix; seeds 5-14 in `multi_objective_real_lgbm_confirm.json`) its median at each
budget is at least the lower of the default's median and the best Optuna median there (the
confirmation's table, its fixed reference point). It replaces the default iff (1)-(3) all
pass, after the checks a default needs. The synthetic runs are made at 300 trials at once; the
screen (1) reads their first 100 trials (no sampler here knows its budget, so these are the
100-trial runs), and the 300-trial cells count only if (1) passes. Cells not run by 11:45
UTC are reported as not run and cannot pass.

```
P="python benchmarks/multi_objective.py"
V='hyperscout GP (composite ParEGO, utopian point, lattice weights)'
$P --part synthetic --budget 300 --tag ablation15 --contenders "$V"
$P --part real --real-budget 300 --real-seeds 0 1 2 3 4 --contenders "$V"
$P --part real --real-tag real_lgbm_confirm --real-budget 300 --real-seeds 5 6 7 8 9 10 11 12 13 14 --contenders "$V"
$P --part report
```
"""

NOTES_ABLATION15_OUTCOME = """
Reading the outcome: lattice weights **fail (1), (2) and (3)**. The screen fails on ZDT3 at 100
trials (11.786 against the default's 11.879, and behind Optuna's GP, 12.065), the 10 cells
give 7 ahead like the default but a lower geometric mean (1.0699 against 1.0745), and the real
problem is lower at both budgets on 15 seeds (379.051 against 379.391 at 100 trials, 379.759
against 380.233 at 300; median lowest 1 - AUC 0.0069 and 0.0061 against the default's 0.0061
and 0.0055, smallest model the same 7.58 KB). It stays a private switch, off.

What it shows. Even coverage helps where the front is connected and the search is already
near it: ZDT1 gains at every seed and both budgets, ZDT2 at all but seed 1 at 100 trials (ZDT1 11.761 against 11.758 at 300
trials, ZDT2 11.425 against 11.420), and DTLZ2 at 300 trials comes within 0.01 of Optuna's TPE
(14.807 against 14.817; the default 14.770), but not by narrowing the seeds' spread, which
widens (seeds 0-4: 14.459, 14.378, 14.807, 14.899, 14.884 against the default's 14.574, 14.648,
14.930, 14.770, 14.792): the hypothesis that independent draws cause the spread is not borne
out. It costs the early budget: C2-DTLZ2 at 100 trials falls from 13.660 to 12.952 (still
ahead of Optuna's best, 9.600), ZDT3 at 100 from 11.879 to 11.786. So the hypervolume the
default loses to gaps between its weights is small next to what a given weight sequence wins
or loses by where it sends the early proposals; no weight scheme measured here (random, best
of K, redrawn, lattice) changes that. Synthetic medians (100 / 300 trials): ZDT1 11.743 /
11.761, ZDT2 11.409 / 11.425, ZDT3 11.786 / 12.154, DTLZ2 14.490 / 14.807, C2-DTLZ2 12.952 /
14.822. Median CPU seconds per 300-trial run 19.6-48.7 by problem (the weights themselves cost one
Kronecker step per proposal; the default's CPU was measured in other sessions, so no
comparison is drawn).

Runs: 2026-12-01 09:35-09:50 UTC, `OMP_NUM_THREADS=1`, the synthetic and real runs side by side
on the 2 cores (load 0.6-2.1).

**The machine, found after the verdict.** The rule says the runs were made under OpenBLAS's
SkylakeX kernels, as the stored ones; they were not. This session's machine is an AMD EPYC
without AVX-512, where the benchmark cannot pin those kernels (`benchmarks/_kernels.py` leaves
OpenBLAS to choose), and today's default does not replay its stored runs here (ZDT3 seed 0:
11.860 / 12.130 at 100 / 300 trials against the stored 11.879 / 12.212). So the default was
rerun on this machine, every synthetic cell at seeds 0-4 and the real problem at seeds 0-14
(tags `epyc15` and `real_lgbm_epyc15`), to tell the variant's effect from the machine's. The
table above this note (generated: stored default, default rerun here, the variant, and the best
Optuna median of the stored runs) gives the reading:

- **The verdict stands on one machine.** Against the default rerun here, lattice weights pass
  (1) (ZDT3 at 100 trials 11.786 against 11.730), but they still fail (2) (7 cells ahead of the
  best Optuna median, as the default here, and a lower geometric mean: 1.0699 against 1.0733)
  and (3) (LightGBM 379.051 against the lower of 379.345 and 379.391 at 100 trials, 379.759
  against 379.961 at 300).
- **The machine moves the default as much as the variants do.** The default's medians here
  differ from its stored ones by -0.149 on ZDT3 at 100 trials (11.730 against 11.879), -0.184
  on DTLZ2 at 300 (14.586 against 14.770), +0.606 on C2-DTLZ2 at 100 (14.266 against 13.660)
  and -0.272 on the LightGBM problem at 300 (379.961 against 380.233), with the same code,
  seeds and settings: only the floating-point kernels differ, and the runs part after a few
  dozen trials. Differences of that size decided several cells of the ablations above (ZDT3 at
  300 trials, DTLZ2 at 300, the real problem); on this evidence those cells are within what
  the floating-point environment alone does to a 5-seed median, and a variant should be judged
  against the default rerun on the same machine, as here.

```
P="python benchmarks/multi_objective.py"
$P --part synthetic --budget 300 --tag epyc15 --contenders 'hyperscout default'
$P --part real --real-tag real_lgbm_epyc15 --real-budget 300 \
    --real-seeds 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 --contenders 'hyperscout default'
```
"""

NOTES_ABLATION16 = """
Why the default's DTLZ2 proposals end on the front's edges (the lead of the one-machine
section below): its utopian point. The default measures the Chebyshev scalarisation from 10%
of each objective's range below its lowest value, and that range is every trial's, which the
random start makes several times the front's: on DTLZ2 (seed 0, trials 100-159) the utopian
point lies 0.25-0.29 below the lowest losses, a quarter of the front's extent of about 1.
Under weights w, the Chebyshev optimum on the front is where w_i (f_i - u_i) are equal; when
w_i |u_i| exceeds that common level for some i, the optimum is f_i at its lowest, an edge or a
corner of the front. With u = -0.25, weights such as (0.6, 0.29, 0.11) have their optimum at
the corner f1 = f2 = 0, and 40 of those 60 proposals were a corner or an edge
(`multi_objective_bounds.py`). The same holds for ZDT3's end point (0, 1), where 47% of the
default's weights were "dead" at 100 trials (ablation8): f2's range over all trials is about
8, the front's about 1.8.

One variant, tag `ablation16` (`GPAblation.parego_utopia_width = "front"`, new, "scaled" by
default): the default, but the utopian point's offset is 10% of the range of the
non-dominated feasible trials (all trials' non-dominated ones while none is feasible), not of
the range the objectives are scaled by. The scaling itself (every trial's range), models,
weights, acquisition and its search are the default's. A mechanism check before this rule was
written (DTLZ2, seed 0, 300 trials, bounds only, no hypervolume read): proposals with an input
at a bound 250 of 290, against the default's 282 on this machine (x0 at a bound 178 against
220).

The machine. This session's machine has AVX-512, the benchmark pins OpenBLAS's SkylakeX
kernels, and today's default replays its stored run here (ZDT3, seed 0: 11.8788 at 100 trials,
equal to the stored value), so the variant is judged against the stored default.

Decision rule, fixed and committed before any run of this variant: ablation15's conditions
(1)-(3) (the screen on the 100-trial cells and ZDT3 at 100 trials against 11.879; more of the
10 synthetic cells ahead of the best Optuna median than the default's 7, or as many with a
higher geometric mean; the real problem on seeds 0-14 at least the lower of the default's
median and the best Optuna median at each budget), and (4), against the noise of 5-seed
medians: on seeds 0-9 (seeds 5-9 of the default and the variant in
`multi_objective_seeds10.json`), the variant's median is higher than the default's in more
of the 10 synthetic cells than it is lower. It replaces the default iff (1)-(4) all pass,
after the checks a default needs. Cells not run by 14:15 UTC are reported as not run and
cannot pass.

```
P="python benchmarks/multi_objective.py"
V="hyperscout GP (composite ParEGO, utopian point from the front's range)"
$P --part synthetic --budget 300 --tag ablation16 --contenders "$V"
$P --part synthetic --budget 300 --tag seeds10 --seeds 5 6 7 8 9 --contenders "$V" 'hyperscout default'
$P --part real --real-budget 300 --real-seeds 0 1 2 3 4 --contenders "$V"
$P --part real --real-tag real_lgbm_confirm --real-budget 300 --real-seeds 5 6 7 8 9 10 11 12 13 14 --contenders "$V"
$P --part report
```
"""

NOTES_ABLATION16_OUTCOME = """
Correction to the text above, found after the runs: "40 of those 60 proposals were a corner or
an edge" is wrong. 40 is the number of those proposals at which some objective's posterior mean
is below its lowest observed value (a scratch count); the edges and corners are more: over all
290 model-based proposals of seed 0, x0 (which alone puts a point on the f3 = 0 arc or the f3
corner) is at a bound in 220, x1 in 180, some input in 282 (`python
benchmarks/multi_objective_bounds.py --seeds 0 --problems DTLZ2`). The diagnosis and the rule
are unchanged.

Reading the outcome: the utopian point from the front's range **fails (1), (2), (3) and (4)**.
It gains where the lead said it would: DTLZ2 at 300 trials 14.845 against the default's 14.729
over seeds 0-9 (14.811 against 14.574 on seed 0; the stored best Optuna median is 14.817), and
C2-DTLZ2 at 100 trials 13.508 against 13.427. It loses ZDT1 and ZDT3 badly (ZDT3 at 300 trials
11.355 against 12.100 over seeds 0-9; ZDT1 at 100 trials 11.490 against 11.738), and the
LightGBM problem at both budgets (379.040 and 379.415 against the default's 379.650 and
380.233, 15 seeds). It stays a private switch, off.

Why it loses on ZDT3 (`python benchmarks/multi_objective_bounds.py --front-width --seeds 5
--problems ZDT3`: the non-dominated trials' range per objective at 20-100 trials, variant and
default, seed 5): the variant's front stays on one segment,
0.08 wide in f1 and 0.33 in f2 from trial 40 to trial 100 while it grows from 11 to 59 points
(the default's: 0.26 and 0.76, 32 points). Tied to the front's own range, the utopian point
comes closer as the front narrows, so the weights' Chebyshev optima fall inside the front
already found, and the search fills it instead of extending it; at 20 trials the front is one
point and the offset is the scaling range's (the fallback for a zero width). The default's
offset, a fraction of every trial's range, is large next to the front and keeps the optima of
many weights at the front's ends: on ZDT that extends the front, on DTLZ2's sphere it puts
the proposals on its edges. The same setting does both; what DTLZ2 needs without losing ZDT
is an offset that does not shrink with the front, which no variant here has measured.

The default at 10 seeds, made for condition (4) under the pinned SkylakeX kernels (seeds 5-9
new, 0-4 the stored runs): ZDT3 11.740 / 12.100 at 100 / 300 trials, DTLZ2 14.249 / 14.729,
C2-DTLZ2 13.427 / 14.814, ZDT1 11.738 / 11.758, ZDT2 11.397 / 11.420. Against the stored
5-seed best Optuna medians, ZDT3 at 100 (12.065) and 300 (12.213) and DTLZ2 at 300 (14.817)
stay behind: the three misses hold at 10 seeds under these kernels too.

Runs: 2026-12-01 12:03-12:34 UTC, `OMP_NUM_THREADS=1`, two processes (then beside the
single-objective suite's `hs-stall-alternate` round; load 1.0-4.1); this machine has AVX-512,
the kernels are pinned, and the default's stored ZDT3 seed-0 run replays here (11.8788).
"""

NOTES_ABLATION17 = """
Why: ablation16 found that one setting does two jobs. The default's utopian offset, a fraction
of every trial's range, is large next to the front, so the Chebyshev optima of many weights
lie at the front's ends: on ZDT1 and ZDT3 that extends the front (the variant measuring the
offset from the front's own range stopped doing so: ZDT3 at 300 trials 11.355 against
12.100), on DTLZ2's sphere it puts the proposals on its edges (the same variant: 14.845
against 14.729). This variant hedges between the two, as the single-objective suite's
`hs-stall-alternate` hedged between its GP and TPE: tag `ablation17`
(`GPAblation.parego_utopia_width = "alternate"`, new): the default, but the offset is 10% of
every trial's range (the default's) for even-numbered trials and 10% of the non-dominated
feasible trials' range (ablation16's) for odd-numbered ones. Scaling, models, weights,
acquisition and its search are the default's. Nothing is tuned: the turn is one trial each.
No run of it was made before this rule was committed.

Decision rule, fixed and committed before any run of this variant: ablation16's, unchanged:
(1)-(3) of ablation15 (the screen on the 100-trial cells and ZDT3 at 100 trials against
11.879; more of the 10 synthetic cells ahead of the best Optuna median than the default's 7,
or as many with a higher geometric mean; the real problem on seeds 0-14 at least the lower of
the default's median and the best Optuna median at each budget) and (4): on seeds 0-9 (seeds
5-9 of the default already in `multi_objective_seeds10.json`), the variant's median is higher
than the default's in more of the 10 synthetic cells than it is lower. It replaces the default
iff (1)-(4) all pass, after the checks a default needs. The runs may span sessions; a cell
without its runs is reported as not run and cannot pass. They must be made on a machine whose
default replays its stored runs (ZDT3, seed 0: 11.8788 at 100 trials), as ablation16's were.

```
P="python benchmarks/multi_objective.py"
V="hyperscout GP (composite ParEGO, utopian point alternating all trials' / the front's range)"
$P --part synthetic --budget 300 --tag ablation17 --contenders "$V"
$P --part synthetic --budget 300 --tag seeds10 --seeds 5 6 7 8 9 --contenders "$V"
$P --part real --real-budget 300 --real-seeds 0 1 2 3 4 --contenders "$V"
$P --part real --real-tag real_lgbm_confirm --real-budget 300 --real-seeds 5 6 7 8 9 10 11 12 13 14 --contenders "$V"
$P --part report
```
"""

NOTES_ABLATION17_OUTCOME = """
Reading the outcome: alternating the two offsets **fails (1), (2), (3) and (4)**. The hedge
keeps most of ablation16's DTLZ2 gain at 300 trials (14.821 against the default's 14.729 over
seeds 0-9; at 5 seeds its median is ahead of Optuna's TPE, so DTLZ2 at 300 is no longer a cell
it trails) and most of the default's ZDT3 at 300 (12.052 against 12.100; ablation16: 11.355).
But it is lower than the default in 7 of the 10 synthetic cells at 10 seeds: by 0.02-0.5% in
six (ZDT1 at both budgets, ZDT2 and DTLZ2 at 100 trials, ZDT3 and C2-DTLZ2 at 300) and by 3.6%
on C2-DTLZ2 at 100 (12.945 against 13.427);
at 5 seeds it trails the best Optuna median on ZDT1 at 100 (by less than 0.1%) where the
default does not, so it leads as many cells as the default (7 of 10) with a lower geometric
mean; and on the LightGBM problem (15 seeds) it is below both the default and the best Optuna
median at both budgets (379.324 and 379.959 against 379.650 / 379.391 and 380.233 / 380.318).
It stays a private switch, off.

What it says: the offset decides between the front's interior and its ends, and alternating
them per trial splits the difference, trading the DTLZ2 gain for small losses almost
everywhere else. A fix for DTLZ2 at 300 trials without those losses would have to tell, from
the trials, which of the two a front needs now (for example whether the last proposals at the
front's ends still extended it); none is measured here.

Runs: 2026-12-01 15:45-17:00 UTC, `OMP_NUM_THREADS=1`, one process at the lowest priority beside
the single-objective suite's last check-4 runs, a CI rehearsal and an overhead run; the
default's stored ZDT3 seed-0 run replayed here first (11.8788 at 100 trials).
"""

NOTES_ABLATION18 = """
Why: the one-machine section below traced the DTLZ2 cell to the proposals' aims. 282 of the
default's 290 model-based proposals (seed 0, 300 trials) put an input at a bound, a point on an
edge of the front. A weight vector ``w`` aims the Chebyshev scalarisation along ``1 / w`` from
the utopian point, and with that point a tenth of every trial's range below the lowest losses
(a third of DTLZ2's front's extent) most directions of uniform weights miss the front and end
on an edge. ablation16 moved the utopian point up to the front and lost ZDT's ends; ablation17
alternated the two and lost a little everywhere. These variants keep the utopian point and
change the aims instead: each proposal's uniform draw from the simplex (the same draw, from the
same stream) is read as a target on the hyperplane through the front's extreme points, reaching
10% of the front's range past each of them (`_sampler._TARGET_REACH`, not tuned: about one
proposal in six still aims past an end of a two-objective front), and the weights are those
whose equal Chebyshev terms lie on the ray from the utopian point through the target,
``w_i`` proportional to ``1 / t_i`` in the scaled losses (`_sampler.target_weights`; the method
of reference directions, e.g. MOEA/D's, in place of uniform weights). A check of the
geometry (`test_composite_parego`, 100 targets on a spherical front a third of the offset away)
found ParEGO's augmentation (0.05 times the sum of the weighted terms) sliding the aimed optima
back onto the edges where the sphere turns steep (64% on an edge augmented, 27% plain, 81% for
weights drawn on the simplex), so the plain maximum is the second variant:

- tag `ablation18`, `GPAblation.parego_weights = "targets"`: the default with aimed weights;
- the same with `GPAblation.parego_augmentation = 0.0`: aimed weights, plain Chebyshev maximum
  (in the composite's acquisition and its incumbent).

Everything else (scaling, utopian point, models, acquisition and its search) is the default's.
Mechanism check before this rule was written (DTLZ2 seed 0, 300 trials, bounds only, no
hypervolume read; `at_bounds` of `multi_objective_bounds.py`): proposals with an input at a
bound 282 of 290 for the default, 222 aimed, 152 aimed with the plain maximum (x0 at a bound
220, 134, 91).

Decision rule, fixed and committed before any benchmark run of these variants: ablation16's
(1)-(4), unchanged, for each variant on its own. It replaces the default iff (1)-(4) all pass,
after the checks a default needs; if both pass, the one with more of the 10 synthetic cells
ahead of the best Optuna median (then the higher geometric mean) does. The runs must be made on
a machine whose default replays its stored runs (checked this session: ZDT3 seed 0, 11.8788 at
100 trials). Runs not finished by 23:00 UTC are reported as not run, and a variant with a cell
not run cannot pass.

```
P="python benchmarks/multi_objective.py"
for V in "hyperscout GP (composite ParEGO, utopian point, weights aimed at targets on the front)" \
         "hyperscout GP (composite ParEGO, utopian point, weights aimed at targets on the front, plain Chebyshev)"; do
  $P --part synthetic --budget 300 --tag ablation18 --contenders "$V"
  $P --part synthetic --budget 300 --tag seeds10 --seeds 5 6 7 8 9 --contenders "$V"
  $P --part real --real-budget 300 --real-seeds 0 1 2 3 4 --contenders "$V"
  $P --part real --real-tag real_lgbm_confirm --real-budget 300 --real-seeds 5 6 7 8 9 10 11 12 13 14 --contenders "$V"
done
$P --part report
```
"""

NOTES_ABLATION18_OUTCOME = """
Reading the outcome: both variants **fail the screen (1) and the rule (2)**, by far; conditions
(3) and (4) were not run (stopped after the synthetic runs: no result of theirs could pass a
variant that fails (1) and (2); one seed-5 ZDT1 run of the first variant finished before the
stop and is in `multi_objective_seeds10.json`). On DTLZ2 the aims do what they were made for:
medians 14.601 / 14.952 (100 / 300 trials) augmented and 14.581 / 14.970 plain, against the
default's 14.298 / 14.770 and Optuna's TPE's 13.812 / 14.817, every 300-trial seed but one
(14.75, 14.81) above 14.93. Everywhere else they stop the search from extending the front:
ZDT2 ends at 11.000 at every seed (the corner (0, 1) alone: a one-point front has no width,
so every target is that point and no aim leaves it), ZDT3 at 11.34-11.36 at 300 trials
(ablation16's 11.355: the ends never found), ZDT1 at 11.30-11.32 and C2-DTLZ2 at 7.8-10.3
(against 14.832). Aims that reach a tenth of the front's range past its extreme points are too
short wherever the front's ends still move; the default's long aims past the ends are what
extends them. ablation19 keeps those and aims only draws dead in an objective at a floor.
"""

NOTES_ABLATION19 = """
Why: ablation18's aimed weights won DTLZ2 and lost every ZDT problem and C2-DTLZ2 (outcome
above): aims that reach only a tenth of the front's range past its extreme points stop
extending a front whose ends still move, and on ZDT2 never leave the corner. The default's
aims past an end do two jobs, and a trial history tells them apart: an objective whose lowest
value is a *floor* (held by two or more trials, to 1e-9 of its range: a value the proposals
keep reaching, as DTLZ2's f_i = 0 on its edges and ZDT's f1 = 0 at x0 = 0) has no end left to
extend, while one whose lowest value a single trial holds may still fall (ZDT's f2 end). So
these variants aim a draw only when the default's weights are dead (ablation8's definition: the
incumbent's largest Chebyshev term is an objective at its lowest value, so only a new lowest
value of it improves the scalarisation) *in an objective at a floor* (`_sampler._at_floor`,
ablation14's test); every other draw keeps the default's weights, aims past a moving end
included. A front with no width in an objective (one point) keeps the draw. The aim is
ablation18's (`target_weights`, unchanged):

- tag `ablation19`, `GPAblation.parego_weights = "floor-targets"`
  (`GPSampler._aimed_off_floors`);
- the same with `GPAblation.parego_augmentation = 0.0` (the plain Chebyshev maximum, as
  ablation18's second variant).

Everything else is the default's. Mechanism check before this rule was written (DTLZ2 seed 0,
300 trials, bounds only, no hypervolume read): proposals with an input at a bound 262 of 290,
and 247 with the plain maximum (the default 282; ablation18's 222 and 152; ablation16's 250,
which gained on DTLZ2 at 300 trials).

Decision rule, fixed and committed before any benchmark run of these variants: ablation18's
(ablation16's (1)-(4) for each variant on its own; if both pass, the one with more of the 10
synthetic cells ahead of the best Optuna median, then the higher geometric mean, replaces the
default after the checks a default needs). On a machine whose default replays its stored runs
(checked this session). Runs not finished by 23:00 UTC are reported as not run, and a variant
with a cell not run cannot pass.

Commands: ablation18's above, with `--tag ablation19` in its first line and the two labels
above as `V`: `hyperscout GP (composite ParEGO, utopian point, weights dead at a floor aimed
at targets on the front)`, and the same with `, plain Chebyshev` before its closing bracket.
"""

NOTES_ABLATION19_OUTCOME = """
Reading the outcome (the table's "Replaces the default" line reads conditions (1) and (2)
only): aiming only the draws dead at a floor **passes (1), (2) and (4) and fails (3)**, so it
does not replace the default; it stays a private switch, off. The plain-maximum variant fails
the screen (1) (ZDT3 at 100 trials 11.826 against the default's 11.879; seed 0 at 11.354), so
its later runs were stopped (seeds 5-9 partly run, the real problem not run).

- (1) passed: ahead of the best Optuna median in the four 100-trial cells the default leads,
  and ZDT3 at 100 trials 12.019 against the default's 11.879 (Optuna's GP 12.065).
- (2) passed: 8 of the 10 synthetic cells ahead against the default's 7 (geometric mean 1.0780
  against 1.0745). DTLZ2 at 300 trials is now ahead (14.911 against Optuna's TPE's 14.817);
  ZDT3 is still behind Optuna's GP at both budgets (by 0.4% and 0.6%).
- (4) passed: over seeds 0-9 the variant is higher than the default in 8 cells and lower in 2,
  ZDT3 at 100 trials by 2.0% (11.973 against 11.740); lower on DTLZ2 and C2-DTLZ2 at 100 trials
  (14.109 against 14.249, 13.053 against 13.427).
- (3) failed at 300 trials: on the LightGBM problem (15 seeds) 379.776 [379.17-380.87] against
  the lower of the default's 380.233 and Optuna's TPE's 380.318; at 100 trials it passes
  (379.534 against 379.391). Seed by seed at 300 trials it is below the default at 11 of 15
  (median difference -0.18; only the 10 random start trials are shared, so the seeds are not
  true pairs), and its median lowest 1 - AUC is 0.0061 against the default's 0.0055: it finds
  a less accurate best model, the end of that front which decides these hypervolumes (the
  smallest model, 7.58 KB, is the same for both).

The ZDT2 check of the test suite (`multi_objective_zdt2_corner.py --keys 'floor targets'`, 80
trials): it leaves the ideal corner at seeds 0-4 (spread 1.000 at each).

What it says: telling an end that still moves from a floor fixes most of what the default's
long aims waste (ZDT3's proposals at (0, 1), DTLZ2's edges) without ablation18's collapse, and
it is the best synthetic result of these ablations; on the one real problem it costs accuracy
at the front's far end at 300 trials. Whether that is this variant or the noise of a minimum
over 143 held-out rows was not measured further this session.

Runs: 2026-12-01 20:54-21:23 UTC, `OMP_NUM_THREADS=1`, two processes on the 2 cores (this
session's Intel Xeon with AVX-512, where the default's stored ZDT3 seed-0 run replayed first:
11.8788 at 100 trials).
"""

NOTES_REAL_MORE_SEEDS = """
ablation19's variant failed only condition (3), the real problem at 300 trials, where every
contender's hypervolume is set by the lowest 1 - AUC a run found on 143 held-out rows. Whether
that loss holds on seeds it was not judged on is measured here: seeds 15-29 of the real problem,
300 trials (100 as their prefix), for the default and that variant, in
`multi_objective_real_lgbm_more.json` (apart from the files condition (3) reads), hypervolume
at the same fixed reference point. **Reading, fixed and committed before the runs:** the
medians of both on seeds 15-29 and on seeds 0-29, at each budget, and the number of seeds
15-29 where the variant is higher. No sampler or setting changes with the result, and the
variant's failed rule stands: this says whether its 300-trial loss is a property of the
variant or of the 15 seeds it was judged on. Runs not finished by 22:40 UTC are reported as
missing.

```
P="python benchmarks/multi_objective.py --part real --real-tag real_lgbm_more --real-budget 300"
$P --real-seeds 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 --contenders 'hyperscout default' \\
    'hyperscout GP (composite ParEGO, utopian point, weights dead at a floor aimed at targets on the front)'
```
"""

NOTES_REAL_MORE_SEEDS_OUTCOME = """
Reading the outcome: **on seeds 15-29 the 300-trial loss reverses.** The variant's median is
379.965 against the default's 379.756, higher at 10 of the 15 seeds; over seeds 0-29 the two
are level (379.921 against 379.960, 0.01% apart). At 100 trials the variant is a little lower
on both halves (379.053 against 379.304 on seeds 15-29; 379.279 against 379.415 over 30). The
default's own 300-trial median moves from 380.233 on seeds 0-14 to 379.756 on seeds 15-29,
by more than any difference between contenders in these tables: at 15 seeds this problem
does not tell these two apart. The rule stands as fixed (the variant failed condition (3) and
is not the default); what the real problem can decide is for the issue's restatement.

Runs: 2026-12-01 21:36-21:48 UTC, `OMP_NUM_THREADS=1`, one process per contender on the 2
cores.
"""

NOTES_CONFIRM13 = """
ablation13's variant failed only condition (3), the real problem, on 5 seeds, where every
contender's range overlaps every other's. Where those hypervolumes differ was measured first
(on the committed runs, table below at 5 seeds): every contender's smallest model is 7.58-7.61
KB in every run, so the differences come from the other end of the front, the lowest 1 - AUC a
run found (held out on 143 samples, so a few pairs of rows decide it): 0.0055 for the default
against 0.0065 for the variant at 300 trials (medians over seeds), worth about 0.9 in
hypervolume at this reference point.

So condition (3) is a comparison of noisy extremes at 5 seeds. This confirmation adds ten
independent seeds and judges the same condition on fifteen. **Rule, fixed and committed before
its runs:** seeds 5-14 of the real problem, 300 trials (100 as their prefix), for `hyperscout
default`, the variant, `optuna TPE`, `optuna NSGA-II` and `hyperscout NSGA-II`, and `optuna GP`
at 100 trials (its cost), written to `multi_objective_real_lgbm_confirm.json` so that the
5-seed tables above stay as they were; hypervolumes at the fixed reference point of those
tables. Condition (3) is then judged on seeds 0-14 exactly as before: at each budget the
variant's median at least the lower of the default's median and the best Optuna median. If it
passes at both budgets, the variant, which passed (0)-(2), replaces the default for several
objectives, after the checks a default needs (the pinned proposals, the test suite, the
several-objectives tables regenerated with it as the default); if not, it stays a private
switch, off. Runs missing by 03:50 UTC: not judged. Conditions (0)-(2) are not rerun.

```
python benchmarks/multi_objective.py --part real --real-tag real_lgbm_confirm --real-budget 300 \
    --real-seeds 5 6 7 8 9 10 11 12 13 14 --contenders 'hyperscout default' '<the variant>' \
    'optuna TPE' 'optuna NSGA-II' 'hyperscout NSGA-II'
python benchmarks/multi_objective.py --part real --real-tag real_lgbm_confirm --real-budget 100 \
    --real-seeds 5 6 7 8 9 10 11 12 13 14 --contenders 'optuna GP'
python benchmarks/multi_objective_real_confirm.py
```
"""

NOTES_CONFIRM13_OUTCOME = """
Reading the outcome: on 15 seeds ablation13's variant **fails (3) again**, at both budgets:
378.765 against 379.391 at 100 trials (Optuna's TPE; the default 379.650) and 379.415 against
380.233 at 300 (the default; Optuna's TPE 380.318). Its lowest 1 - AUC is worse at both
budgets (median 0.0071 and 0.0065 against the default's 0.0061 and 0.0055), and its smallest
model the same, so the 5-seed loss was not noise: EHVI under dead weights finds a worse best
AUC. The variant stays a private switch, off (ablation14 below tests why).

Found on the way, for the issue's target: on 15 seeds the default is ahead of the best Optuna
median at 100 trials (379.650 against Optuna's TPE 379.391; Optuna's GP 378.833) but **behind
Optuna's TPE at 300** (380.233 against 380.318), where on the tables' 5 seeds it was ahead
(380.271 against 380.132). The ranges of the two overlap widely (378.61-380.84 and
379.60-381.37), so on this problem neither is ahead by more than the seeds' spread; the 5-seed
tables above are left as they were made.

Runs: seeds 5-14 at 300 trials, 2026-12-01 02:07-02:29 UTC, without `OMP_NUM_THREADS=1` (the
default's seed 5 rerun with it gives the same 300 rows); Optuna's GP at 100 trials, seed 5 the
same way, seeds 6-14 with `OMP_NUM_THREADS=1` (two threads made its seed 5 cost 407 CPU
seconds under the load; one thread about 38).
"""

NOTES_ONE_MACHINE = """
The three synthetic cells where an Optuna sampler's median still leads the default (ZDT3 at
100 and 300 trials, Optuna's GP; DTLZ2 at 300, Optuna's TPE) are decided by 0.3-1.5%, and
ablation15's rerun showed the default's own medians moving by that much between machines. This
section measures those cells again with everything on one machine (this session's AMD EPYC,
OpenBLAS choosing its kernels) and twice the seeds: the default, Optuna's TPE and, on ZDT3,
Optuna's GP, seeds 0-9, 300 trials (100 as their prefix), tag `epyc10`. Its seeds 0-4 of the
default must equal the `epyc15` rerun value for value (a replay check on this machine).

**Reading, fixed and committed before the runs:** a cell is led by the default iff its 10-seed
median is above every Optuna sampler's 10-seed median in that cell on this machine; each cell
is reported with both medians and the seeds' ranges. No sampler or setting changes with the
result: it says whether the issue's three remaining misses are misses on one machine at 10
seeds. Runs not finished by 11:40 UTC are reported as missing.

```
P="python benchmarks/multi_objective.py --part synthetic --budget 300 --tag epyc10"
S="--seeds 0 1 2 3 4 5 6 7 8 9"
$P --problems ZDT3 $S --contenders 'optuna GP'
$P --problems ZDT3 DTLZ2 $S --contenders 'hyperscout default' 'optuna TPE'
```
"""

NOTES_ONE_MACHINE_OUTCOME = """
Reading the outcome. On one machine at 10 seeds, **two of the three misses are real and one is
a tie.** On ZDT3 at 100 trials Optuna's GP leads by 1.6% (11.949 against 11.753; 6 of its
10 seeds are above 11.9, 2 of ours), as on the stored runs. On DTLZ2 at 300 trials Optuna's
TPE leads by 0.6% (14.801 against 14.707): its seeds sit in 14.59-14.83, ours spread over 14.46-14.91, the same picture as the stored runs. On
ZDT3 at 300 trials the default's median is 0.002 above Optuna's GP (12.132 against 12.130),
where the stored runs had it 0.5% behind: Optuna's GP ends on three levels (11.98 in four
seeds, 12.13 in four, 12.21 in two), ours
between 12.01 and 12.22, so neither leads by more than the seeds' spread; by the reading fixed
above the cell counts as led, and it is a tie. The replay check holds: the default's seeds 0-4
here equal its `epyc15` runs on both problems, so runs on one machine are reproducible, and
the differences to the stored runs are the kernels'.

Not the cause on DTLZ2, checked after: the GP conditions on at most 200 trials
(`max_model_trials`), so from trial 200 on a third of the history is left out. With
`max_model_trials=300` (everything else the default's), seeds 0 and 1 end at 14.561 and 14.563
against 14.553 and 14.568 (a scratch run on this machine, `run_synthetic("DTLZ2",
_hs_gp(max_model_trials=300), seed, 300)`): the cap costs nothing there. What the trials show
instead (`python benchmarks/multi_objective_bounds.py --seeds 0 1 --problems DTLZ2`): 276-277
of the default's 290 model-based proposals put an input exactly at a bound, x0 in 204-215 of
them and x1 in 202-207, that is a point on the front's edge (x0 = 0: the f3 = 0 arc; x0 = 1:
the f3 corner; x1 at a bound: the f1 = 0 or f2 = 0 arc), where a point adds little volume;
Optuna's TPE puts no input at a bound in any trial. (On ZDT1-3 most inputs are optimal at 0, a
bound, and Optuna's GP goes there too.) This is the lead for the DTLZ2 cell: the composite's
search ends on the box's faces for x0 and x1, and those faces are the front's edges. Why, in
`python benchmarks/multi_objective_bounds.py --acquisition --problems DTLZ2` (proposals 100-119
of seed 0): in all 19 proposals with an input at a bound the composite log EI falls as that
input moves inwards (for example -4.61, -4.70, -4.89, -5.38 at 0, 0.02, 0.05 and 0.1), under
interior weights such as (0.55, 0.15, 0.29), and in 10 of them every objective's posterior sd
is *lower* at the face than 0.1 inwards (in the other 9 at least one is higher, by up to
0.09): the variance does not explain it, the models' means make the faces look best, although on DTLZ2's spherical front a Chebyshev scalarisation with interior
weights has its optimum in the front's interior. The per-objective models of the products
(1 + g) cos(x0 pi/2) ... mislead the search there; not examined further this session.

Runs: 2026-12-01 10:21-10:53 UTC, `OMP_NUM_THREADS=1`, two processes on the 2 cores (load
0.2-2.1); Optuna's GP took 220-285 CPU seconds per 300-trial run here.
"""

NOTES_TPE = """
## Ablation: hyperscout's TPE for several objectives (earlier run, not repeated)

From the previous version of this table (same problems, reference points and seeds 0-4, load
16-25 on 2 cores; `n` seeds finished). `hyperscout TPE` is `TPESampler(multivariate=True,
group=True)`, the default for several objectives before the GP; `(independent)` is
`TPESampler()`. Optuna's TPE from that run for comparison. Both were behind the GP (ParEGO) at
100 trials on every problem where the GP ran, which is why the default moved to the GP.

| problem | budget | hyperscout TPE | hyperscout TPE (independent) | optuna TPE (same run) |
|---|---|---|---|---|
| ZDT1 | 100 | 10.046 [9.51-10.42] (n=5) | 9.732 [9.47-10.33] (n=5) | 10.163 [9.82-10.61] (n=5) |
| ZDT2 | 100 | 8.841 [7.60-9.72] (n=5) | 8.969 [8.76-9.39] (n=5) | 8.984 [8.62-9.60] (n=5) |
| ZDT3 | 100 | 9.196 [9.14-10.31] (n=5) | 9.881 [9.18-10.49] (n=5) | 10.335 [9.89-10.72] (n=5) |
| DTLZ2 | 100 | 12.307 [12.06-12.82] (n=5) | 13.232 [12.59-13.46] (n=5) | 13.812 [13.62-14.10] (n=5) |
| C2-DTLZ2 | 100 | 0.000 [0.00-7.81] (n=5) | 0.000 [0.00-8.72] (n=5) | 8.853 [7.10-11.39] (n=5) |
| ZDT1 | 300 | 10.007 [9.95-10.07] (n=2) | 10.774 [10.20-11.13] (n=5) | 10.936 [10.92-10.95] (n=2) |
| ZDT2 | 300 | 9.372 [9.14-9.60] (n=2) | 9.584 [9.50-9.99] (n=5) | 9.689 [9.27-10.11] (n=2) |
| ZDT3 | 300 | 10.111 [9.64-10.58] (n=2) | 10.888 [10.37-11.41] (n=5) | 11.355 [11.36-11.36] (n=1) |
| DTLZ2 | 300 | 13.010 [13.01-13.01] (n=1) | 14.288 [14.02-14.37] (n=5) | 14.808 [14.81-14.81] (n=1) |
| C2-DTLZ2 | 300 | 8.876 [8.88-8.88] (n=1) | 0.000 [0.00-13.80] (n=5) | 11.208 [11.21-11.21] (n=1) |
"""


def _same_machine_lines(label: str, variant_tag: str, tag: str, real_tag: str) -> list[str]:
    """``label``'s medians (its runs in ``multi_objective_VARIANT_TAG.json``) beside the
    default's stored runs and the default rerun on the machine ``label`` ran on (results
    ``multi_objective_TAG.json``, and for the real problem ``multi_objective_REAL_TAG.json`` at
    the confirmation's fixed reference point), and the best Optuna median: how much of the
    difference to the stored default is the machine's."""
    from benchmarks.multi_objective_real_confirm import _hypervolume, _runs

    stored, rerun = _load("hv") or {}, _load(tag) or {}
    ours = {name: runs.get(label, {}) for name, runs in (_load(variant_tag) or {}).items()}
    if not rerun:
        return []
    lines = [
        "| problem | trials | default, stored runs | default, rerun on this machine | "
        f"{label} | best Optuna (stored) | seeds |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in PROBLEMS:
        for budget in BUDGETS:
            cells = [
                _cell(stored.get(name, {}), "hyperscout default", budget),
                _cell(rerun.get(name, {}), "hyperscout default", budget),
                _cell({label: ours.get(name, {})}, label, budget),
            ]
            peers = [
                _cell(stored.get(name, {}), k, budget)
                for k in stored.get(name, {})
                if k.startswith("optuna")
            ]
            best = max((c[0] for c in peers if c), default=float("nan"))
            if any(c is None for c in cells):
                continue
            text = " | ".join(f"{c[0]:.3f}" for c in cells if c)
            seeds = "/".join(str(c[1]) for c in cells if c)
            lines.append(f"| {name} | {budget} | {text} | {best:.3f} | {seeds} |")
    real_rerun = _load(real_tag) or {}
    runs = _runs()
    if real_rerun and label in runs:
        rerun_rows = {s: r["rows"] for s, r in real_rerun.get("hyperscout default", {}).items()}
        for budget in BUDGETS:
            cols = [runs.get("hyperscout default", {}), rerun_rows, runs[label]]
            meds = [
                _median([_hypervolume(r, budget) for r in col.values() if len(r) >= budget])
                for col in cols
            ]
            peers = [
                _median([_hypervolume(r, budget) for r in runs[k].values() if len(r) >= budget])
                for k in runs
                if k.startswith("optuna") and any(len(r) >= budget for r in runs[k].values())
            ]
            n = "/".join(str(sum(len(r) >= budget for r in col.values())) for col in cols)
            text = " | ".join(f"{m:.3f}" for m in meds)
            lines.append(
                f"| LightGBM (fixed reference) | {budget} | {text} | {max(peers):.3f} | {n} |"
            )
    return [*lines, ""]


def _ten_seed_lines(runs_by_problem: dict[str, Any], label: str, tag: str) -> list[str]:
    """NOTES_ABLATION16's condition (4): ``label``'s and the default's medians over seeds 0-9
    (seeds 0-4 from ``runs_by_problem``, 5-9 from ``multi_objective_TAG.json``) per synthetic
    cell, and whether the variant is higher in more cells than it is lower."""
    extra = _load(tag) or {}
    if not extra:
        return []
    base = "hyperscout default"
    lines = [
        f"Condition (4), seeds 0-9: the default and {label}.",
        "",
        "| problem | trials | default | variant | seeds |",
        "|---|---|---|---|---|",
    ]
    higher = lower = 0
    for name in PROBLEMS:
        for budget in BUDGETS:
            meds, counts = [], []
            for who in (base, label):
                runs = {**runs_by_problem.get(name, {}).get(who, {})}
                runs.update(extra.get(name, {}).get(who, {}))
                hvs = [r["hv"][str(budget)] for r in runs.values() if str(budget) in r["hv"]]
                meds.append(_median(hvs))
                counts.append(len(hvs))
            if min(counts) < 10:
                lines.append(f"| {name} | {budget} | not run | not run | {counts} |")
                continue
            higher += meds[1] > meds[0]
            lower += meds[1] < meds[0]
            lines.append(
                f"| {name} | {budget} | {meds[0]:.3f} | {meds[1]:.3f} | {counts[0]}/{counts[1]} |"
            )
    verdict = "passes" if higher > lower else "fails"
    lines += [
        "",
        f"Condition (4): the variant is higher in {higher} cells and lower in {lower}: it "
        f"{verdict}.",
        "",
    ]
    return lines


# The cells of NOTES_ONE_MACHINE: (problem, budget).
ONE_MACHINE_CELLS = (("ZDT3", 100), ("ZDT3", 300), ("DTLZ2", 300))


def _real_more_seeds_lines() -> list[str]:
    """NOTES_REAL_MORE_SEEDS's table: the default's and ablation19's variant's medians on the
    real problem over seeds 15-29 (``real_lgbm_more``) and over seeds 0-29, and the seeds 15-29
    where the variant is higher."""
    from benchmarks.multi_objective_real_confirm import _hypervolume, _runs

    more = _load("real_lgbm_more") or {}
    if not more:
        return []
    earlier = _runs()
    labels = ["hyperscout default", ABLATION19_LABELS[0]]
    lines = [
        "| trials | contender | seeds 15-29 | median [range], seeds 15-29 | median, seeds 0-29 |",
        "|---|---|---|---|---|",
    ]
    for budget in BUDGETS:
        hvs = {}
        for label in labels:
            new = {s: _hypervolume(r["rows"], budget) for s, r in more.get(label, {}).items()}
            old = [_hypervolume(rows, budget) for rows in earlier.get(label, {}).values()]
            hvs[label] = new
            if not new:
                lines.append(f"| {budget} | {label} | 0 | missing | - |")
                continue
            both = [*new.values(), *old]
            lines.append(
                f"| {budget} | {label} | {len(new)} | {_median(list(new.values())):.3f} "
                f"[{min(new.values()):.3f}-{max(new.values()):.3f}] | {_median(both):.3f} "
                f"(n={len(both)}) |"
            )
        shared = sorted(set(hvs[labels[0]]) & set(hvs[labels[1]]), key=int)
        higher = sum(hvs[labels[1]][s] > hvs[labels[0]][s] for s in shared)
        lines.append(
            f"| {budget} | the variant higher than the default | {len(shared)} | "
            f"{higher} of {len(shared)} seeds | - |"
        )
    return [*lines, ""]


def _one_machine_lines() -> list[str]:
    """NOTES_ONE_MACHINE's table and verdict per cell (tag ``epyc10``), and its replay check
    against the default's ``epyc15`` runs."""
    data, earlier = _load("epyc10") or {}, _load("epyc15") or {}
    if not data:
        return []
    lines = [
        "| problem | trials | contender | seeds | median [range] |",
        "|---|---|---|---|---|",
    ]
    verdicts = []
    for name, budget in ONE_MACHINE_CELLS:
        runs = data.get(name, {})
        medians: dict[str, tuple[float, int]] = {}
        for label in sorted(runs):
            hvs = [r["hv"][str(budget)] for r in runs[label].values() if str(budget) in r["hv"]]
            if not hvs:
                continue
            medians[label] = (_median(hvs), len(hvs))
            lines.append(
                f"| {name} | {budget} | {label} | {len(hvs)} | {_median(hvs):.3f} "
                f"[{min(hvs):.3f}-{max(hvs):.3f}] |"
            )
        ours = medians.get("hyperscout default")
        peers = {k: v for k, v in medians.items() if k.startswith("optuna")}
        if ours is None or not peers or min(n for _, n in [ours, *peers.values()]) < 10:
            verdicts.append(f"{name} at {budget} trials: not judged (runs missing).")
            continue
        best_label, (best, _) = max(peers.items(), key=lambda kv: kv[1][0])
        led = "led by the default" if ours[0] > best else f"led by {best_label}"
        verdicts.append(
            f"{name} at {budget} trials: the default {ours[0]:.3f} against {best_label} "
            f"{best:.3f}: {led}."
        )
    lines.append("")
    for text in verdicts:
        lines += [text, ""]
    same = differ = 0
    for name, runs in data.items():
        for seed, res in runs.get("hyperscout default", {}).items():
            old = earlier.get(name, {}).get("hyperscout default", {}).get(seed)
            if old is not None:
                same += old["hv"] == res["hv"]
                differ += old["hv"] != res["hv"]
    lines += [
        f"Replay check: {same} of the default's runs here equal its `epyc15` runs of the same "
        f"problem and seed, {differ} differ.",
        "",
    ]
    return lines


def _section(lines: list[str], title: str, notes: str, body: list[str], outcome: str) -> None:
    """A report section: its title, its notes (the rule), ``body`` and its outcome if written."""
    lines += [f"## {title}", "", notes.strip(), ""]
    lines.extend(body)
    if outcome.strip():
        lines += [outcome.strip(), ""]


def part_report(tag: str, ablation_tag: str) -> None:
    data = _load(tag) or {}
    ablation: dict[str, Any] = {}
    # In the order the ablations were run (ablation2 before ablation10), which the tables'
    # columns follow.
    files = RESULTS.glob(f"multi_objective_{ablation_tag}*.json")
    for path in sorted(files, key=lambda p: (len(p.stem), p.stem)):
        for name, runs in json.loads(path.read_text()).items():
            ablation.setdefault(name, {}).update(runs)
    real = {tag: _load(tag) or {} for tag in REAL_MODELS.values()}
    lines = ["# Several objectives: hyperscout vs Optuna 5", ""]
    lines.append(
        f"Python {platform.python_version()}, Optuna {_version('optuna')}, {os.cpu_count()} "
        f"cores shared with other jobs. Load average (1 min) at the start of each run: "
        f"synthetic {_loads(data)}, ablation {_loads(ablation)}, real problem "
        f"{_loads(real)}; at report time {os.getloadavg()[0]:.2f}."
    )
    lines.append("")
    lines.append(NOTES_INTRO.strip())
    lines.append("")
    for budget in BUDGETS:
        lines.append(f"## Budget {budget} trials")
        lines.append("")
        _hv_table(data, budget, lines)
    _cpu_table(data, lines)
    for tag in REAL_MODELS.values():
        _real_section(tag, lines)
    over = _load("overhead")
    if over:
        ours, theirs = _median(over["hyperscout"]), _median(over["optuna"])
        lines.append(
            "## Time per suggestion at 1,000 trials, NSGA-II (in memory, 5-D, 2 objectives)"
        )
        lines.append("")
        lines.append(
            "`flock -s /work/notes/cores.lock env OMP_NUM_THREADS=1 python "
            "benchmarks/multi_objective.py --part overhead`; load average "
            f"{over.get('load', float('nan')):.2f} at its start."
        )
        lines.append("")
        lines.append("| hyperscout ms | Optuna ms | Optuna / hyperscout | repeats |")
        lines.append("|---|---|---|---|")
        lines.append(
            f"| {ours:.2f} | {theirs:.2f} | {theirs / ours:.1f}x | {len(over['hyperscout'])} |"
        )
        lines.append("")
    if ablation:
        lines.append("## Ablation: variants of the GP sampler for several objectives")
        lines.append("")
        lines.append(NOTES_ABLATION.strip())
        lines.append("")
        merged: dict[str, Any] = {}
        keep = ("hyperscout default", "optuna GP", "optuna TPE")
        for name, runs in data.items():
            merged[name] = {k: v for k, v in runs.items() if k in keep}
        for name, runs in ablation.items():
            merged.setdefault(name, {}).update(runs)
        for budget in BUDGETS:
            lines.append(f"### Budget {budget} trials")
            lines.append("")
            _hv_table(merged, budget, lines)
        lines.append("### The decision rule applied")
        lines.append("")
        every: dict[str, Any] = {name: dict(runs) for name, runs in data.items()}
        for name, runs in ablation.items():
            every.setdefault(name, {}).update(runs)
        _scale_decision(every, lines)
        lines.append(NOTES_OUTCOME.strip())
        lines.append("")
        lines.append("## Ablation: ParEGO's scalarisation under one GP per objective")
        lines.append("")
        _model_fit_section(lines)
        lines.append(NOTES_COMPOSITE.strip())
        lines.append("")
        _composite_decision(every, lines)
        lines.append(NOTES_COMPOSITE_OUTCOME.strip())
        lines.append("")
        lines.append("## Ablation: the composite ParEGO's scaling and its acquisition search")
        lines.append("")
        lines.append(NOTES_ABLATION6.strip())
        lines.append("")
        _ablation6_decision(every, lines)
        lines.append(NOTES_ABLATION6_OUTCOME.strip())
        lines.append("")
        # The screened ablations, each judged by ablation7's rule on its own contenders.
        for title, notes, labels, outcome in [
            (
                "the composite ParEGO's weights, best of several draws",
                [NOTES_ABLATION7],
                ABLATION7_LABELS,
                NOTES_ABLATION7_OUTCOME,
            ),
            (
                "the composite ParEGO's dead weights",
                [NOTES_ABLATION8],
                ABLATION8_LABELS,
                NOTES_ABLATION8_OUTCOME,
            ),
            (
                "the per-objective models' lengthscale prior",
                [NOTES_ABLATION9, NOTES_ABLATION9_SECOND],
                ABLATION9_LABELS,
                NOTES_ABLATION9_OUTCOME,
            ),
            (
                "the one-sided prior on the inputs marked irrelevant",
                [NOTES_ABLATION10],
                ABLATION10_LABELS,
                NOTES_ABLATION10_OUTCOME,
            ),
            (
                "dead weights' acquisition blind to the inputs marked irrelevant",
                [NOTES_ABLATION11],
                ABLATION11_LABELS,
                NOTES_ABLATION11_OUTCOME,
            ),
        ]:
            lines.append(f"## Ablation: {title}")
            lines.append("")
            for note in notes:
                lines.append(note.strip())
                lines.append("")
            _ablation6_decision(every, lines, labels, set())
            if outcome.strip():
                lines.append(outcome.strip())
                lines.append("")
        condition3 = (
            f"Condition (3) for {ABLATION13_LABELS[0]}: read from the real problem's tables above "
            "(its column against `hyperscout default` and the Optuna columns)."
        )
        for title, notes, label, extra, outcome in [
            (
                "EHVI under dead weights blind only to the dead objective's irrelevant inputs "
                "(ablation12)",
                NOTES_ABLATION12,
                ABLATION12_LABELS[0],
                [],
                NOTES_ABLATION12_OUTCOME,
            ),
            (
                "EHVI under dead weights blind to irrelevant inputs of small share (ablation13)",
                NOTES_ABLATION13,
                ABLATION13_LABELS[0],
                [condition3],
                NOTES_ABLATION13_OUTCOME,
            ),
        ]:
            lines.append(f"## Ablation: {title}")
            lines.append("")
            lines.append(notes.strip())
            lines.append("")
            _ablation12_decision(every, lines, label)
            for text in [*extra, outcome.strip()]:
                lines.append(text)
                lines.append("")
        from benchmarks.multi_objective_real_confirm import report_lines

        title = "Confirmation: ablation13's condition (3) on 15 seeds of the real problem"
        _section(lines, title, NOTES_CONFIRM13, report_lines(), NOTES_CONFIRM13_OUTCOME)
        body: list[str] = []
        _ablation12_decision(every, body, ABLATION14_LABELS[0])
        body += report_lines(ABLATION14_LABELS[0], with_table=False)[2:]
        title = "Ablation: EHVI under dead weights only at a floor (ablation14)"
        _section(lines, title, NOTES_ABLATION14, body, NOTES_ABLATION14_OUTCOME)
        body = []
        _ablation6_decision(every, body, ABLATION15_LABELS, set())
        body += report_lines(ABLATION15_LABELS[0], with_table=False)[2:]
        body += _same_machine_lines(
            ABLATION15_LABELS[0], "ablation15", "epyc15", "real_lgbm_epyc15"
        )
        title = (
            "Ablation: the composite ParEGO's weights from a low-discrepancy sequence (ablation15)"
        )
        _section(lines, title, NOTES_ABLATION15, body, NOTES_ABLATION15_OUTCOME)
        # The utopian point's ablations, each judged by ablation16's rule (its condition (4) on
        # seeds 0-9 included).
        for labels, title, notes, outcome in [
            (
                ABLATION16_LABELS,
                "Ablation: the composite ParEGO's utopian point from the front's range (ablation16)",
                NOTES_ABLATION16,
                NOTES_ABLATION16_OUTCOME,
            ),
            (
                ABLATION17_LABELS,
                "Ablation: the utopian point's offset alternating two ranges (ablation17)",
                NOTES_ABLATION17,
                NOTES_ABLATION17_OUTCOME,
            ),
            (
                ABLATION18_LABELS,
                "Ablation: the composite ParEGO's weights aimed at targets on the front "
                "(ablation18)",
                NOTES_ABLATION18,
                NOTES_ABLATION18_OUTCOME,
            ),
            (
                ABLATION19_LABELS,
                "Ablation: weights dead at a floor aimed at targets on the front (ablation19)",
                NOTES_ABLATION19,
                NOTES_ABLATION19_OUTCOME,
            ),
        ]:
            body = []
            _ablation6_decision(every, body, labels, set())
            for label in labels:
                body += report_lines(label, with_table=False)[2:]
            for label in labels:
                body += _ten_seed_lines(every, label, "seeds10")
            _section(lines, title, notes, body, outcome)
    body = _real_more_seeds_lines()
    if body:
        title = "Diagnostic: ablation19's variant on the real problem, seeds 15-29"
        _section(lines, title, NOTES_REAL_MORE_SEEDS, body, NOTES_REAL_MORE_SEEDS_OUTCOME)
    body = _one_machine_lines()
    if body:
        title = "Confirmation on one machine: the three cells an Optuna sampler leads, 10 seeds"
        _section(lines, title, NOTES_ONE_MACHINE, body, NOTES_ONE_MACHINE_OUTCOME)
    lines.append("")
    lines.append(NOTES_TPE.strip())
    (RESULTS / "multi_objective.md").write_text("\n".join(lines) + "\n")


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", default="all")
    parser.add_argument("--seeds", type=int, nargs="*", default=SEEDS)
    parser.add_argument("--problems", nargs="*", default=list(PROBLEMS))
    parser.add_argument(
        "--contenders", nargs="*", default=DEFAULT_CONTENDERS, choices=list(CONTENDERS)
    )
    parser.add_argument("--budget", type=int, default=max(BUDGETS))
    parser.add_argument("--tag", default="hv", help="results file multi_objective_TAG.json")
    parser.add_argument("--ablation-tag", default="ablation")
    parser.add_argument("--real-seeds", type=int, nargs="*", default=SEEDS)
    parser.add_argument("--real-budget", type=int, default=max(BUDGETS))
    parser.add_argument("--real-model", default="lgbm", choices=list(REAL_MODELS))
    parser.add_argument("--real-tag", default=None, help="results file of --part real")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    _quiet()
    if args.part in ("synthetic", "all"):
        part_synthetic(args.seeds, args.problems, args.contenders, args.budget, args.tag)
    if args.part in ("real", "all"):
        part_real(
            args.real_seeds, args.contenders, args.real_budget, args.real_model, args.real_tag
        )
    if args.part in ("picture", "all"):
        part_picture(args.real_model)
    if args.part in ("overhead", "all"):
        part_overhead(args.repeats)
    if args.part in ("report", "all"):
        part_report(args.tag, args.ablation_tag)


if __name__ == "__main__":
    main()
