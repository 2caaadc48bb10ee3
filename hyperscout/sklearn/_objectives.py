"""Score against cost: the ``objectives=`` and ``budgets=`` arguments of the ``*SearchCV``
estimators.

``objectives`` names what a candidate is judged on: ``"score"`` (the cross-validated score the
search would optimise alone: the single metric, or the ``refit`` metric of several, to
maximise) and any of the measured costs (to minimise):

- ``"size_bytes"``: the fitted model pickled (highest protocol), in bytes;
- ``"latency_per_1k"``: seconds to predict 1,000 rows (the fastest of three ``predict`` calls on
  the test fold, scaled to 1,000 rows);
- ``"fit_time"``: seconds to fit on the training folds;
- ``"n_params"``: numbers the model holds (coefficients and intercepts of a linear model, weights
  and biases of an MLP, support vectors and dual coefficients of an SVM, nodes of trees);
- ``"n_trees"``, ``"n_leaves"``: trees and leaves of a LightGBM, XGBoost or scikit-learn tree
  ensemble (or single tree).

Each cost is measured on every fold of every candidate, in the fold's worker, right after the fold
is scored; ``cv_results_`` gets ``mean_<cost>`` and ``std_<cost>`` (``mean_fit_time`` is already
there), for every cost the estimator exposes. The study then has one direction per objective
(the score first, then the costs in the order given), so ``BayesSearchCV``'s sampler models them
all (a multi-objective search, not the score alone). A pruner cannot be combined with
``objectives`` (it ranks candidates on the score alone).

``budgets`` (``{cost: upper bound}``) makes a candidate whose mean cost exceeds a bound
infeasible: the excess is stored as the trial's constraint (``FrozenTrial.constraints``, so
plots and ``study.best_trials`` see it), and ``BayesSearchCV``'s own TPE or GP sampler is given
those constraints to model.

``pareto_front_`` is the set of candidates no other dominates on the objectives (among the
feasible ones when some are), and ``best_index_`` is chosen by one rule:

1. ``refit`` a callable: its return value, as in scikit-learn (it receives ``cv_results_``,
   cost columns included);
2. otherwise: the candidate with the best score among those within every budget (all
   candidates without ``budgets``), ties broken by the costs in the order of ``objectives``,
   then by position. That candidate is on the Pareto front. When no candidate is within budget,
   the one that exceeds its budgets least (relative excess) is chosen, with a warning.
"""

from __future__ import annotations

import math
import pickle
import time
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout import _warnings
from hyperscout._checks import check_budgets
from hyperscout._multi_objective import non_dominated
from hyperscout.exceptions import InvalidArgumentError, InvalidTypeError

if TYPE_CHECKING:
    from hyperscout.sklearn._evaluate import FoldResult
    from hyperscout.sklearn._results import CandidateRecord
    from hyperscout.trial import Trial

__all__ = [
    "COSTS",
    "SCORE",
    "ObjectiveSpec",
    "measure_costs",
]

SCORE = "score"
# Measured in the fold job; fit_time comes from the fold's own timing.
MEASURED = ("size_bytes", "latency_per_1k", "n_params", "n_trees", "n_leaves")
COSTS = ("size_bytes", "latency_per_1k", "fit_time", "n_params", "n_trees", "n_leaves")
_LATENCY_REPEATS = 3


# --- measuring one fitted model ------------------------------------------------------------------
def _pickled_size(est: Any) -> float:
    try:
        return float(len(pickle.dumps(est, protocol=pickle.HIGHEST_PROTOCOL)))
    except Exception:  # an unpicklable model has no size to report
        return math.nan


def _predict_method(est: Any) -> Any:
    for name in ("predict", "transform", "score_samples", "decision_function"):
        method = getattr(est, name, None)
        if callable(method):
            return method
    return None


def _latency_per_1k(est: Any, X_test: Any) -> float:
    method = _predict_method(est)
    shape = getattr(X_test, "shape", None)
    n = int(shape[0]) if shape else (len(X_test) if hasattr(X_test, "__len__") else 0)
    if method is None or n == 0:
        return math.nan
    best = math.inf
    try:
        for _ in range(_LATENCY_REPEATS):
            start = time.perf_counter()
            method(X_test)
            best = min(best, time.perf_counter() - start)
    except Exception:
        return math.nan
    return best * 1000.0 / n


def _lightgbm_counts(est: Any) -> dict[str, float] | None:
    booster = getattr(est, "booster_", None)
    if booster is None or not hasattr(booster, "dump_model"):
        return None
    info = booster.dump_model().get("tree_info", [])
    leaves = sum(int(t.get("num_leaves", 1)) for t in info)
    n_trees = len(info)
    nodes = 2.0 * leaves - n_trees  # a binary tree of L leaves has L - 1 splits
    return {"n_trees": float(n_trees), "n_leaves": float(leaves), "n_params": nodes}


def _xgboost_counts(est: Any) -> dict[str, float] | None:
    get_booster = getattr(est, "get_booster", None)
    if get_booster is None:
        return None
    try:
        dump = get_booster().get_dump()
    except Exception:
        return None
    leaves = sum(tree.count("leaf=") for tree in dump)
    nodes = sum(sum(1 for line in tree.splitlines() if line.strip()) for tree in dump)
    return {"n_trees": float(len(dump)), "n_leaves": float(leaves), "n_params": float(nodes)}


def _sklearn_trees(est: Any) -> list[Any] | None:
    if hasattr(est, "tree_"):
        return [est]
    members = getattr(est, "estimators_", None)
    if members is None:
        return None
    flat = list(np.asarray(members, dtype=object).ravel())
    if flat and all(hasattr(m, "tree_") for m in flat):
        return flat
    return None


def _hist_gradient_boosting_counts(est: Any) -> dict[str, float] | None:
    n_iter = getattr(est, "n_iter_", None)
    per_iter = getattr(est, "n_trees_per_iteration_", None)
    if n_iter is None or per_iter is None:
        return None
    out = {"n_trees": float(n_iter * per_iter), "n_leaves": math.nan, "n_params": math.nan}
    # Leaves are only on scikit-learn's private predictors; report them while they are there.
    predictors: Any = getattr(est, "_predictors", None)
    try:
        leaves = sum(int(p.get_n_leaf_nodes()) for row in predictors for p in row)
        nodes = sum(len(p.nodes) for row in predictors for p in row)
    except Exception:
        return out
    out.update(n_leaves=float(leaves), n_params=float(nodes))
    return out


def _array_size(values: Any) -> int:
    if isinstance(values, list | tuple):
        return sum(int(np.size(v)) for v in values)
    return int(np.size(values))


def _counts(est: Any) -> dict[str, float]:
    """``n_params``, ``n_trees`` and ``n_leaves`` where the fitted estimator exposes them (NaN
    where it does not); a pipeline sums its steps."""
    out = dict.fromkeys(("n_params", "n_trees", "n_leaves"), math.nan)
    steps = getattr(est, "steps", None)
    if isinstance(steps, list):
        parts = [_counts(step) for _, step in steps if step not in (None, "passthrough")]
        for key in out:
            finite = [p[key] for p in parts if not math.isnan(p[key])]
            if finite:
                out[key] = float(sum(finite))
        return out
    for probe in (_lightgbm_counts, _xgboost_counts, _hist_gradient_boosting_counts):
        found = probe(est)
        if found is not None:
            out.update(found)
            return out
    trees = _sklearn_trees(est)
    if trees is not None:
        out["n_trees"] = float(len(trees))
        out["n_leaves"] = float(sum(int(t.tree_.n_leaves) for t in trees))
        out["n_params"] = float(sum(int(t.tree_.node_count) for t in trees))
        return out
    if hasattr(est, "coefs_"):  # MLP
        out["n_params"] = float(
            _array_size(est.coefs_) + _array_size(getattr(est, "intercepts_", []))
        )
    elif hasattr(est, "support_vectors_"):
        out["n_params"] = float(
            _array_size(est.support_vectors_) + _array_size(getattr(est, "dual_coef_", []))
        )
    elif hasattr(est, "coef_"):
        out["n_params"] = float(
            _array_size(est.coef_) + _array_size(getattr(est, "intercept_", []))
        )
    return out


def measure_costs(est: Any, X_test: Any) -> dict[str, float]:
    """The measured costs of one fitted model (NaN for what it does not expose)."""
    out = {"size_bytes": _pickled_size(est), "latency_per_1k": _latency_per_1k(est, X_test)}
    try:
        out.update(_counts(est))
    except Exception:
        out.update(dict.fromkeys(("n_params", "n_trees", "n_leaves"), math.nan))
    return out


# --- the arguments -------------------------------------------------------------------------------
class ObjectiveSpec:
    """The checked ``objectives`` and ``budgets`` of one search."""

    def __init__(self, objectives: Any, budgets: Any) -> None:
        if isinstance(objectives, str) or not isinstance(objectives, Sequence):
            raise InvalidTypeError(
                "objectives must be a list of names such as ['score', 'size_bytes'], got "
                f"objectives={objectives!r}"
            )
        names = list(objectives)
        allowed = (SCORE, *COSTS)
        unknown = [n for n in names if n not in allowed]
        if unknown or SCORE not in names or len(set(names)) != len(names):
            raise InvalidArgumentError(
                f"objectives must be distinct names from {list(allowed)!r} and include 'score', "
                f"got objectives={objectives!r}"
            )
        checked = check_budgets(budgets, COSTS)
        # The study's objectives: the score first (where a single-objective search has it),
        # then the costs in the order given.
        self.costs = [n for n in names if n != SCORE]
        self.names = [SCORE, *self.costs]
        self.budgets = checked

    @classmethod
    def of(cls, search: Any) -> ObjectiveSpec | None:
        objectives = getattr(search, "objectives", None)
        budgets = getattr(search, "budgets", None)
        if objectives is not None and getattr(search, "pruner", None) is not None:
            raise InvalidArgumentError(
                "a pruner stops candidates on their running score alone, which several "
                "objectives do not rank; drop pruner= or objectives=, got "
                f"objectives={objectives!r}"
            )
        if objectives is None:
            if budgets is not None:
                raise InvalidArgumentError(
                    f"budgets need objectives (e.g. objectives=['score', "
                    f"{next(iter(budgets), 'size_bytes')!r}]), got budgets={budgets!r} and "
                    "objectives=None"
                )
            return None
        return cls(objectives, budgets)

    # --- the study ---------------------------------------------------------------------------
    def directions(self) -> list[str]:
        return ["maximize" if n == SCORE else "minimize" for n in self.names]

    def metric_names(self, score_name: str | None) -> list[str]:
        return [(score_name or SCORE) if n == SCORE else n for n in self.names]

    def definition(self) -> str:
        return repr({"objectives": self.names, "budgets": sorted(self.budgets.items())})

    # --- one candidate -----------------------------------------------------------------------
    @staticmethod
    def fold_costs(folds: Sequence[FoldResult | None]) -> dict[str, list[float]]:
        """Per cost, the value on each fold (NaN where the fold did not run or failed)."""
        out: dict[str, list[float]] = {name: [] for name in MEASURED}
        for r in folds:
            costs = None if r is None or r.failed else r.costs
            for name in MEASURED:
                out[name].append(math.nan if costs is None else float(costs.get(name, math.nan)))
        return out

    def mean_cost(self, record: CandidateRecord, name: str) -> float:
        if name == "fit_time":
            values = record.fit_time
        else:
            values = (record.costs or {}).get(name, [])
        finite = [v for v in values if not math.isnan(v)]
        return float(np.mean(finite)) if finite else math.nan

    def values(self, record: CandidateRecord, score: float, estimator: Any) -> list[float]:
        """The study's values for a candidate (score first where ``objectives`` puts it)."""
        out = []
        for name in self.names:
            if name == SCORE:
                out.append(score)
                continue
            value = self.mean_cost(record, name)
            if math.isnan(value) and record.n_failed < len(record.fit_time):
                raise InvalidArgumentError(
                    f"objective {name!r} is not exposed by {type(estimator).__name__}; choose "
                    f"among the costs it has, got objectives={self.names!r}"
                )
            out.append(value)
        return out

    def constraints(self, record: CandidateRecord) -> list[float] | None:
        """Mean cost minus budget per budget (``<= 0`` is within budget)."""
        if not self.budgets:
            return None
        out = []
        for name, bound in self.budgets.items():
            value = self.mean_cost(record, name)
            out.append(math.inf if math.isnan(value) else value - bound)
        return out

    def store_constraints(self, trial: Trial, record: CandidateRecord) -> None:
        from hyperscout.trial._frozen import CONSTRAINTS_KEY

        cons = self.constraints(record)
        if cons is None:
            return
        finite = [c if math.isfinite(c) else 1e300 for c in cons]
        trial._storage.set_trial_system_attr(trial._trial_id, CONSTRAINTS_KEY, finite)

    # --- the whole search --------------------------------------------------------------------
    def add_columns(self, results: dict[str, Any], records: Sequence[CandidateRecord]) -> None:
        """``mean_<cost>``/``std_<cost>`` for every measured cost some candidate exposes."""
        for name in MEASURED:
            rows = np.array(
                [(r.costs or {}).get(name, [math.nan] * len(r.fit_time)) for r in records],
                dtype=float,
            )
            if rows.size == 0 or np.isnan(rows).all():
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                results[f"mean_{name}"] = np.nanmean(rows, axis=1)
                results[f"std_{name}"] = np.nanstd(rows, axis=1)

    def front(
        self, results: Mapping[str, Any], records: Sequence[CandidateRecord], score_key: str
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(values, usable, feasible)``: the objective values (n, m) as losses, the candidates
        with finite values that were not pruned, and those within every budget."""
        n = len(records)
        loss = np.empty((n, len(self.names)))
        for j, name in enumerate(self.names):
            if name == SCORE:
                loss[:, j] = -np.asarray(results[score_key], dtype=float)
            else:
                loss[:, j] = [self.mean_cost(r, name) for r in records]
        usable = np.isfinite(loss).all(axis=1) & np.array([not r.pruned for r in records])
        feasible = np.ones(n, dtype=bool)
        for i, r in enumerate(records):
            cons = self.constraints(r)
            if cons is not None:
                feasible[i] = all(c <= 0 for c in cons)
        return loss, usable, feasible

    def pareto(
        self, results: dict[str, Any], records: Sequence[CandidateRecord], score_key: str
    ) -> tuple[dict[str, Any], np.ndarray]:
        """``pareto_front_`` (columns ``index``, ``params`` and one per objective, best score
        first) and the mask of the candidates on it; adds the columns to ``results``."""
        loss, usable, feasible = self.front(results, records, score_key)
        pool = usable & feasible if (usable & feasible).any() else usable
        mask = np.zeros(len(records), dtype=bool)
        idx = np.flatnonzero(pool)
        if idx.size:
            mask[idx[non_dominated(loss[idx])]] = True
        results["pareto_optimal"] = mask
        if self.budgets:
            results["within_budget"] = feasible & usable
        on = np.flatnonzero(mask)
        # Best score first, ties by the costs in order (lexsort's last key is the primary one).
        order = on[np.lexsort(loss[on].T[::-1])] if on.size else on
        front: dict[str, Any] = {
            "index": order.astype(int),
            "params": [results["params"][i] for i in order],
        }
        for j, name in enumerate(self.names):
            sign = -1.0 if name == SCORE else 1.0
            front[name] = sign * loss[order, j]
        return front, mask

    def best_index(
        self, results: Mapping[str, Any], records: Sequence[CandidateRecord], score_key: str
    ) -> int:
        loss, usable, feasible = self.front(results, records, score_key)
        if not usable.any():
            raise InvalidArgumentError(
                "no candidate has a finite score and costs, so none can be the best one"
            )
        pool = usable & feasible
        if not pool.any():
            excess = np.full(len(records), np.inf)
            for i, r in enumerate(records):
                cons = self.constraints(r)
                if usable[i] and cons is not None:
                    excess[i] = sum(
                        max(c, 0.0) / max(bound, 1e-300)
                        for c, bound in zip(cons, self.budgets.values())
                    )
            best = int(np.argmin(excess))
            _warnings.warn(
                f"no candidate is within budgets={self.budgets!r}; best_index_ is candidate "
                f"{best}, the one that exceeds them least"
            )
            return best
        idx = np.flatnonzero(pool)
        return int(idx[np.lexsort(loss[idx].T[::-1])[0]])
