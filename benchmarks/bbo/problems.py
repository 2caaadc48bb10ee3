"""Benchmark problems: synthetic functions with known optima and a Bayesmark-like ML grid.

A problem is a search space (a tuple of :class:`Param`) plus an objective that takes a
``{name: value}`` dict and returns a float to minimise. Every contender sees the same space
through its own vocabulary (see ``contenders.py``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

__all__ = ["Param", "Problem", "all_problems", "get_problems", "is_regression", "QUICK_PROBLEMS"]


@dataclass(frozen=True)
class Param:
    """One dimension: ``kind`` is ``"float"``, ``"int"`` or ``"cat"``."""

    name: str
    kind: str
    low: float = 0.0
    high: float = 1.0
    log: bool = False
    choices: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in ("float", "int", "cat"):
            raise ValueError(f"kind must be 'float', 'int' or 'cat', got kind={self.kind!r}")
        if self.kind == "cat" and len(self.choices) < 2:
            raise ValueError(f"a categorical needs >= 2 choices, got choices={self.choices!r}")
        if self.kind != "cat" and not self.low < self.high:
            raise ValueError(f"low must be < high, got low={self.low}, high={self.high}")


def real(name: str, low: float, high: float, log: bool = False) -> Param:
    return Param(name, "float", low, high, log)


def integer(name: str, low: int, high: int, log: bool = False) -> Param:
    return Param(name, "int", low, high, log)


def cat(name: str, *choices: Any) -> Param:
    return Param(name, "cat", choices=tuple(choices))


@dataclass(frozen=True)
class Problem:
    """``optimum`` is the known minimum, or ``None`` (ML problems: best value any contender found)."""

    name: str
    family: str
    space: tuple[Param, ...]
    func: Callable[[Mapping[str, Any]], float] = field(repr=False)
    optimum: float | None = None

    @property
    def is_ml(self) -> bool:
        return self.optimum is None

    def __call__(self, params: Mapping[str, Any]) -> float:
        return float(self.func(params))


# --------------------------------------------------------------------------- synthetic


def _vec(params: Mapping[str, Any], d: int) -> np.ndarray:
    return np.array([float(params[f"x{i}"]) for i in range(d)])


def _branin_xy(x1: float, x2: float) -> float:
    b, c, r, s, t = 5.1 / (4 * math.pi**2), 5 / math.pi, 6.0, 10.0, 1 / (8 * math.pi)
    return (x2 - b * x1**2 + c * x1 - r) ** 2 + s * (1 - t) * math.cos(x1) + s


def _branin(p: Mapping[str, Any]) -> float:
    return _branin_xy(float(p["x0"]), float(p["x1"]))


_H6_A = np.array(
    [
        [10, 3, 17, 3.5, 1.7, 8],
        [0.05, 10, 17, 0.1, 8, 14],
        [3, 3.5, 1.7, 10, 17, 8],
        [17, 8, 0.05, 10, 0.1, 14],
    ]
)
_H6_P = 1e-4 * np.array(
    [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
)
_H6_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def _hartmann6(p: Mapping[str, Any]) -> float:
    x = _vec(p, 6)
    return float(-np.sum(_H6_ALPHA * np.exp(-np.sum(_H6_A * (x - _H6_P) ** 2, axis=1))))


def _rosenbrock(d: int) -> Callable[[Mapping[str, Any]], float]:
    def f(p: Mapping[str, Any]) -> float:
        x = _vec(p, d)
        return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))

    return f


def _ackley(d: int) -> Callable[[Mapping[str, Any]], float]:
    def f(p: Mapping[str, Any]) -> float:
        x = _vec(p, d)
        a = -20.0 * math.exp(-0.2 * math.sqrt(float(np.mean(x**2))))
        return float(a - math.exp(float(np.mean(np.cos(2 * math.pi * x)))) + 20.0 + math.e)

    return f


def _styblinski_tang(d: int) -> Callable[[Mapping[str, Any]], float]:
    def f(p: Mapping[str, Any]) -> float:
        x = _vec(p, d)
        return float(0.5 * np.sum(x**4 - 16 * x**2 + 5 * x))

    return f


def _levy(d: int) -> Callable[[Mapping[str, Any]], float]:
    def f(p: Mapping[str, Any]) -> float:
        w = 1 + (_vec(p, d) - 1) / 4
        head = math.sin(math.pi * w[0]) ** 2
        mid = np.sum((w[:-1] - 1) ** 2 * (1 + 10 * np.sin(math.pi * w[:-1] + 1) ** 2))
        tail = (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)
        return float(head + mid + tail)

    return f


# Mixed Branin: x0 on a grid of step 0.25 (an integer index), x1 continuous, plus a categorical
# offset. For fixed x0 Branin is minimised at x1 = b x0^2 - c x0 + r (clipped), so the grid
# optimum is exact.
_BRANIN_OFFSETS = {"none": 0.0, "small": 0.5, "medium": 2.0, "large": 10.0}


def _branin_mixed(p: Mapping[str, Any]) -> float:
    x0 = -5.0 + 0.25 * int(p["k"])
    return _branin_xy(x0, float(p["x1"])) + _BRANIN_OFFSETS[str(p["offset"])]


def _branin_mixed_optimum() -> float:
    b, c, r = 5.1 / (4 * math.pi**2), 5 / math.pi, 6.0
    best = math.inf
    for k in range(61):
        x0 = -5.0 + 0.25 * k
        x1 = min(15.0, max(0.0, b * x0**2 - c * x0 + r))
        best = min(best, _branin_xy(x0, x1))
    return best


# A model-tuning-shaped toy: log-scaled learning rate and regularisation, a log-scaled integer
# width, a linear fraction and an optimiser choice, with interactions. Minimum 0 at
# lr=10^-2.5, reg=1e-4, width=64, frac=0.3, opt="adam".
_OPT_PENALTY = {"sgd": 1.0, "adam": 0.0, "rmsprop": 0.3, "adagrad": 0.6}
_OPT_LR_SHIFT = {"sgd": 1.0, "adam": 0.0, "rmsprop": -0.5, "adagrad": 0.5}


def _mixed_log(p: Mapping[str, Any]) -> float:
    opt = str(p["optimizer"])
    u1 = math.log10(float(p["lr"])) + 2.5 - _OPT_LR_SHIFT[opt]
    u2 = math.log10(float(p["reg"])) + 4.0
    u3 = math.log2(int(p["width"])) - 6.0
    u4 = float(p["frac"]) - 0.3
    return (
        u1**2
        + 0.5 * u2**2
        + 0.25 * u3**2
        + 8.0 * u4**2
        + 0.5 * (u1 - u2) ** 2
        + 0.3 * (u3 * u4) ** 2
        + _OPT_PENALTY[opt]
    )


def _box(d: int, low: float, high: float) -> tuple[Param, ...]:
    return tuple(real(f"x{i}", low, high) for i in range(d))


def synthetic_problems() -> list[Problem]:
    return [
        Problem("branin", "synthetic", (real("x0", -5, 10), real("x1", 0, 15)), _branin, 0.397887),
        Problem("hartmann6", "synthetic", _box(6, 0, 1), _hartmann6, -3.32237),
        Problem("rosenbrock10", "synthetic", _box(10, -5, 10), _rosenbrock(10), 0.0),
        Problem("ackley10", "synthetic", _box(10, -32.768, 32.768), _ackley(10), 0.0),
        Problem(
            "styblinski_tang5", "synthetic", _box(5, -5, 5), _styblinski_tang(5), -39.16617 * 5
        ),
        Problem("levy10", "synthetic", _box(10, -10, 10), _levy(10), 0.0),
        Problem(
            "branin_mixed",
            "mixed",
            (integer("k", 0, 60), real("x1", 0, 15), cat("offset", *_BRANIN_OFFSETS)),
            _branin_mixed,
            _branin_mixed_optimum(),
        ),
        Problem(
            "mixed_log",
            "mixed",
            (
                real("lr", 1e-5, 1.0, log=True),
                real("reg", 1e-7, 1e-1, log=True),
                integer("width", 1, 1024, log=True),
                real("frac", 0.0, 1.0),
                cat("optimizer", *_OPT_PENALTY),
            ),
            _mixed_log,
            0.0,
        ),
    ]


# --------------------------------------------------------------------------- ML grid

CLF_DATASETS = ("iris", "wine", "digits", "breast_cancer")
REG_DATASETS = ("diabetes", "friedman1")
MODELS = ("dt", "rf", "svm", "mlp", "hgb", "knn", "linear")
CV_FOLDS = 3


@cache
def _load(dataset: str) -> tuple[np.ndarray, np.ndarray]:
    from sklearn import datasets
    from sklearn.preprocessing import StandardScaler

    if dataset == "friedman1":
        # Generated, not downloaded: Friedman's #1 regression (5 informative features of 10,
        # Gaussian noise), sized like diabetes so one evaluation costs about the same.
        x, y = datasets.make_friedman1(n_samples=400, n_features=10, noise=1.0, random_state=0)
    else:
        x, y = getattr(datasets, f"load_{dataset}")(return_X_y=True)
    # Bayesmark standardises the features once, up front; we do the same.
    return StandardScaler().fit_transform(x), np.asarray(y)


def _estimator(model: str, is_clf: bool, p: Mapping[str, Any]) -> Any:
    from sklearn import ensemble, linear_model, neighbors, neural_network, svm, tree

    if model in ("dt", "rf"):
        kw: dict[str, Any] = dict(
            max_depth=int(p["max_depth"]),
            min_samples_split=float(p["min_samples_split"]),
            min_samples_leaf=float(p["min_samples_leaf"]),
            max_features=float(p["max_features"]),
            criterion=str(p["criterion"]),
            random_state=0,
        )
        if model == "dt":
            return (tree.DecisionTreeClassifier if is_clf else tree.DecisionTreeRegressor)(**kw)
        cls = ensemble.RandomForestClassifier if is_clf else ensemble.RandomForestRegressor
        return cls(n_estimators=10, n_jobs=1, **kw)
    if model == "svm":
        kw = dict(C=float(p["C"]), gamma=float(p["gamma"]), tol=float(p["tol"]))
        return svm.SVC(**kw) if is_clf else svm.SVR(epsilon=float(p["epsilon"]), **kw)
    if model == "mlp":
        cls = neural_network.MLPClassifier if is_clf else neural_network.MLPRegressor
        return cls(
            hidden_layer_sizes=(int(p["hidden"]),),
            alpha=float(p["alpha"]),
            batch_size=int(p["batch_size"]),
            learning_rate_init=float(p["learning_rate_init"]),
            activation=str(p["activation"]),
            max_iter=30,
            random_state=0,
        )
    if model == "hgb":
        cls = (
            ensemble.HistGradientBoostingClassifier
            if is_clf
            else ensemble.HistGradientBoostingRegressor
        )
        return cls(
            learning_rate=float(p["learning_rate"]),
            max_leaf_nodes=int(p["max_leaf_nodes"]),
            min_samples_leaf=int(p["min_samples_leaf"]),
            l2_regularization=float(p["l2_regularization"]),
            max_features=float(p["max_features"]),
            max_iter=25,
            early_stopping=False,
            random_state=0,
        )
    if model == "knn":
        cls = neighbors.KNeighborsClassifier if is_clf else neighbors.KNeighborsRegressor
        return cls(n_neighbors=int(p["n_neighbors"]), p=int(p["p"]), weights=str(p["weights"]))
    if model == "linear":
        if is_clf:
            from sklearn.multiclass import OneVsRestClassifier

            # liblinear (Bayesmark's solver, the one using intercept_scaling) is binary only
            return OneVsRestClassifier(
                linear_model.LogisticRegression(
                    C=float(p["C"]),
                    intercept_scaling=float(p["intercept_scaling"]),
                    l1_ratio=1.0 if p["penalty"] == "l1" else 0.0,
                    solver="liblinear",
                    max_iter=200,
                    # liblinear shuffles its coordinates; without a seed it draws one from
                    # numpy's global generator, and where it stops at max_iter (large C, l1)
                    # the accuracy depended on it: an objective that changed between runs.
                    random_state=0,
                )
            )
        return linear_model.Lasso(
            alpha=float(p["alpha"]),
            fit_intercept=p["fit_intercept"] == "yes",
            selection=str(p["selection"]),
            max_iter=2000,
            random_state=0,
        )
    raise ValueError(f"unknown model {model!r}")


def _ml_space(model: str, is_clf: bool, n_classes: int) -> tuple[Param, ...]:
    """Bayesmark's spaces (logit-scaled ranges become log-scaled), trimmed to stay cheap."""
    if model in ("dt", "rf"):
        crit = ("gini", "entropy") if is_clf else ("squared_error", "friedman_mse")
        return (
            integer("max_depth", 1, 15),
            real("min_samples_split", 0.01, 0.99, log=True),
            real("min_samples_leaf", 0.01, 0.49, log=True),
            real("max_features", 0.01, 0.99, log=True),
            cat("criterion", *crit),
        )
    if model == "svm":
        space = (
            real("C", 1.0, 1e3, log=True),
            real("gamma", 1e-4, 1e-3, log=True),
            real("tol", 1e-5, 1e-1, log=True),
        )
        return space if is_clf else (*space, real("epsilon", 1e-2, 1e2, log=True))
    if model == "mlp":
        return (
            integer("hidden", 16, 128, log=True),
            real("alpha", 1e-5, 1e1, log=True),
            integer("batch_size", 16, 128, log=True),
            real("learning_rate_init", 1e-5, 1e-1, log=True),
            cat("activation", "relu", "tanh"),
        )
    if model == "hgb":
        return (
            real("learning_rate", 1e-3, 1.0, log=True),
            integer("max_leaf_nodes", 4, 64, log=True),
            integer("min_samples_leaf", 1, 64, log=True),
            real("l2_regularization", 1e-6, 10.0, log=True),
            real("max_features", 0.1, 1.0),
        )
    if model == "knn":
        return (
            integer("n_neighbors", 1, 25),
            integer("p", 1, 4),
            cat("weights", "uniform", "distance"),
        )
    if model == "linear":
        if is_clf:
            return (
                real("C", 1e-2, 1e2, log=True),
                real("intercept_scaling", 1e-2, 1e2, log=True),
                cat("penalty", "l1", "l2"),
            )
        return (
            real("alpha", 1e-2, 1e2, log=True),
            cat("fit_intercept", "yes", "no"),
            cat("selection", "cyclic", "random"),
        )
    raise ValueError(f"unknown model {model!r}")


def _ml_objective(model: str, dataset: str) -> Callable[[Mapping[str, Any]], float]:
    is_clf = dataset in CLF_DATASETS

    def f(p: Mapping[str, Any]) -> float:
        from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score

        x, y = _load(dataset)
        splitter = StratifiedKFold if is_clf else KFold
        cv = splitter(n_splits=CV_FOLDS, shuffle=True, random_state=0)
        scoring = "accuracy" if is_clf else "neg_mean_squared_error"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scores = cross_val_score(
                _estimator(model, is_clf, p), x, y, cv=cv, scoring=scoring, error_score=np.nan
            )
        score = float(np.mean(scores))
        if not math.isfinite(score):  # a failed fit: the worst possible score
            return 0.0 if is_clf else float(np.var(y) * 10)
        # minimise: negative accuracy; mean squared error
        return -score

    return f


def ml_problems() -> list[Problem]:
    out = []
    for dataset in (*CLF_DATASETS, *REG_DATASETS):
        is_clf = dataset in CLF_DATASETS
        for model in MODELS:
            out.append(
                Problem(
                    f"{model}-{dataset}",
                    f"ml-{model}",
                    _ml_space(model, is_clf, 0),
                    _ml_objective(model, dataset),
                    None,
                )
            )
    return out


def is_regression(problem_name: str) -> bool:
    """Whether an ML problem ``<model>-<dataset>`` scores a regression (mean squared error)."""
    return problem_name.rpartition("-")[2] in REG_DATASETS


def all_problems() -> list[Problem]:
    return synthetic_problems() + ml_problems()


QUICK_PROBLEMS = (
    "branin",
    "hartmann6",
    "branin_mixed",
    "mixed_log",
    "knn-wine",
    "dt-breast_cancer",
)


def get_problems(names: list[str] | None) -> list[Problem]:
    problems = all_problems()
    if names is None:
        return problems
    by_name = {p.name: p for p in problems}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ValueError(f"unknown problems {unknown}; known: {sorted(by_name)}")
    return [by_name[n] for n in names]
