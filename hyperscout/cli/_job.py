"""A validated job made ready to run: the data, the model, the search of each method.

:func:`prepare` loads the data and builds the model once, checking what needs them (the target
column, the estimator's import path and arguments, the space's parameter names, the scorer
against the target), so every mistake is reported before the first fit. :func:`make_search`
then builds the ``hyperscout.sklearn`` search of one method and seed, and :func:`run_search`
fits it with a progress bar that follows the study in its storage.
"""

from __future__ import annotations

import difflib
import importlib
import math
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hyperscout._metric_names import scorer_label
from hyperscout.cli._common import ConfigError
from hyperscout.cli._config import Dimension, JobConfig
from hyperscout.cli._data import load_frame, split_xy

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = ["Job", "grid_from_space", "make_search", "metric_label", "prepare", "run_search"]

_BINARY_SCORERS = ("roc_auc", "average_precision", "f1", "precision", "recall", "jaccard")
METHOD_LABELS = {
    "grid": "grid search",
    "random": "random search",
    "bayes": "Bayesian (GP)",
    "gp": "Bayesian (GP)",
    "tpe": "Bayesian (TPE)",
}


def metric_label(scoring: str | None) -> str:
    """``"roc_auc"`` -> ``"ROC AUC"`` (the name the scikit-learn front door gives the study's
    metric); ``None`` -> ``"score"`` (the estimator's own)."""
    if scoring is None:
        return "score"
    return scorer_label(scoring)


@dataclass
class Job:
    config: JobConfig
    X: Any
    y: Any
    categorical: list[str]
    estimator: Any
    space: dict[str, Dimension]  # keyed by the estimator's parameter names
    load_seconds: float

    @property
    def metric(self) -> str:
        return metric_label(self.config.scoring)


def _import_class(cfg: JobConfig, path: str, key: str) -> Any:
    module_name, _, attr = path.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigError(cfg.name, key, f"cannot import {module_name!r}: {exc}") from None
    cls = getattr(module, attr, None)
    if cls is None:
        near = difflib.get_close_matches(attr, [n for n in dir(module) if not n.startswith("_")])
        hint = f" (did you mean {', '.join(repr(n) for n in near)}?)" if near else ""
        raise ConfigError(cfg.name, key, f"{module_name} has no {attr!r}, got {path!r}{hint}")
    return cls


def _construct(cfg: JobConfig, path: str, params: dict[str, Any], key: str) -> Any:
    cls = _import_class(cfg, path, key)
    try:
        return cls(**params)
    except TypeError as exc:
        raise ConfigError(
            cfg.name, key.rsplit(".", 1)[0] + ".params", f"{exc}, got {params!r}"
        ) from None


def _build_model(cfg: JobConfig, X: Any, categorical: list[str]) -> Any:
    from sklearn.pipeline import make_pipeline

    if cfg.steps:
        steps = [
            _construct(
                cfg, s["estimator"], dict(s.get("params", {})), f"model.steps[{i}].estimator"
            )
            for i, s in enumerate(cfg.steps)
        ]
    else:
        assert cfg.estimator is not None
        steps = [_construct(cfg, cfg.estimator, cfg.params, "model.estimator")]
    if not hasattr(steps[-1], "fit"):
        raise ConfigError(
            cfg.name, "model.estimator", f"{type(steps[-1]).__name__} has no fit method"
        )
    if cfg.preprocess == "scale+onehot":
        from sklearn.compose import make_column_transformer
        from sklearn.preprocessing import OneHotEncoder, StandardScaler

        numeric = [c for c in X.columns if c not in categorical]
        transformer = make_column_transformer(
            (StandardScaler(), numeric),
            (OneHotEncoder(handle_unknown="ignore"), categorical),
        )
        steps.insert(0, transformer)
    elif categorical and len(steps) == 1:
        pass  # the estimator may take categories itself (e.g. with pandas' category dtype)
    return steps[0] if len(steps) == 1 else make_pipeline(*steps)


def _space_names(cfg: JobConfig, estimator: Any) -> dict[str, Dimension]:
    valid = sorted(estimator.get_params(deep=True))
    final = None
    owner = type(estimator).__name__
    if hasattr(estimator, "steps"):
        final = estimator.steps[-1][0]
        owner = type(estimator.steps[-1][1]).__name__
    out: dict[str, Dimension] = {}
    for name, dim in cfg.space.items():
        full = name if "__" in name or final is None else f"{final}__{name}"
        if full not in valid:
            short = [
                v.split("__", 1)[1] if final and v.startswith(final + "__") else v for v in valid
            ]
            near = difflib.get_close_matches(name, short, n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(repr(n) for n in near)}?)" if near else ""
            raise ConfigError(
                cfg.name,
                f"search.space.{name}",
                f"not a parameter of {owner}{hint}",
            )
        out[full] = Dimension(full, dim.low, dim.high, dim.prior, dim.categories)
    return out


def prepare(cfg: JobConfig) -> Job:
    """Load the data and build the model; raises :class:`ConfigError` on what the file alone
    could not show. Nothing is fitted."""
    start = time.perf_counter()
    frame = load_frame(cfg)
    X, y, categorical = split_xy(cfg, frame)
    load_seconds = time.perf_counter() - start
    estimator = _build_model(cfg, X, categorical)
    space = _space_names(cfg, estimator)
    if cfg.scoring in _BINARY_SCORERS and int(y.nunique()) != 2:
        raise ConfigError(
            cfg.name,
            "search.scoring",
            f"{cfg.scoring} needs a target with 2 classes, got {int(y.nunique())} in "
            f"data.target {cfg.target!r} (try {cfg.scoring}_ovr or accuracy)",
        )
    if cfg.method == "grid":
        n_points = math.prod(len(v) for v in grid_from_space(space, cfg.n_iter).values())
        if n_points > cfg.n_iter:
            raise ConfigError(
                cfg.name,
                "search.n_iter",
                f"the grid of the categories alone has {n_points} points, more than the budget; "
                f"got n_iter={cfg.n_iter}",
            )
    return Job(cfg, X, y, categorical, estimator, space, load_seconds)


def grid_from_space(space: dict[str, Dimension], budget: int) -> dict[str, list[Any]]:
    """A grid of at most ``budget`` points when it can be: every category, and as many values
    per range as fit, added one range at a time in turn (cell centres, log-spaced where the
    prior is log-uniform)."""
    counts = {n: (len(d.categories) if d.categories is not None else 1) for n, d in space.items()}
    ranges = [n for n, d in space.items() if d.is_range]
    grown = True
    while grown:
        grown = False
        for name in ranges:
            trial = dict(counts, **{name: counts[name] + 1})
            d = space[name]
            if (
                d.is_int
                and d.low is not None
                and d.high is not None
                and trial[name] > d.high - d.low + 1
            ):
                continue
            if math.prod(trial.values()) <= budget:
                counts = trial
                grown = True
    return {n: d.grid_points(counts[n]) for n, d in space.items()}


class _LogUniformInt:
    """Integers drawn log-uniformly from ``[low, high]`` (scipy has no such frozen law)."""

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def rvs(self, size: Any = None, random_state: Any = None) -> Any:
        import numpy as np
        from scipy.stats import loguniform

        draw = loguniform(self.low - 0.5 if self.low > 1 else self.low, self.high + 0.5).rvs(
            size=size, random_state=random_state
        )
        return (
            np.clip(np.rint(draw), self.low, self.high).astype(int)
            if size is not None
            else int(min(max(round(float(draw)), self.low), self.high))
        )


def _distributions(space: dict[str, Dimension]) -> dict[str, Any]:
    from scipy import stats

    out: dict[str, Any] = {}
    for name, d in space.items():
        if d.categories is not None:
            out[name] = list(d.categories)
        elif d.is_int:
            assert isinstance(d.low, int) and isinstance(d.high, int)
            out[name] = _LogUniformInt(d.low, d.high) if d.log else stats.randint(d.low, d.high + 1)
        else:
            assert d.low is not None and d.high is not None
            low, high = float(d.low), float(d.high)
            out[name] = stats.loguniform(low, high) if d.log else stats.uniform(low, high - low)
    return out


def _skopt_space(space: dict[str, Dimension]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, d in space.items():
        out[name] = list(d.categories) if d.categories is not None else (d.low, d.high, d.prior)
    return out


def _pruner(kind: str) -> Any:
    from hyperscout import pruners

    if kind == "median":
        return pruners.MedianPruner()
    if kind == "successive-halving":
        return pruners.SuccessiveHalvingPruner()
    if kind == "hyperband":
        return pruners.HyperbandPruner()
    return None


def make_search(
    job: Job,
    method: str,
    *,
    seed: int | None,
    storage: Any,
    study_name: str,
    n_jobs: int | None = None,
) -> Any:
    """The ``hyperscout.sklearn`` search of ``method`` for ``job``, stored in ``study_name``."""
    from hyperscout import sklearn as hs

    cfg = job.config
    common: dict[str, Any] = {
        "scoring": cfg.scoring,
        "cv": cfg.cv,
        "n_jobs": cfg.n_jobs if n_jobs is None else n_jobs,
        "pruner": _pruner(cfg.pruner),
        "storage": storage,
        "study_name": study_name,
        "timeout": cfg.timeout,
        "error_score": float("nan"),
    }
    if method == "grid":
        return hs.GridSearchCV(job.estimator, grid_from_space(job.space, cfg.n_iter), **common)
    if method == "random":
        return hs.RandomizedSearchCV(
            job.estimator, _distributions(job.space), n_iter=cfg.n_iter, random_state=seed, **common
        )
    sampler = "tpe" if method == "tpe" else "gp"
    return hs.BayesSearchCV(
        job.estimator,
        _skopt_space(job.space),
        n_iter=cfg.n_iter,
        random_state=seed,
        sampler=sampler,
        **common,
    )


class _Progress:
    """A progress bar that follows the study's finished trials in its storage (so it also
    counts the trials other workers finish), polled twice a second on a thread."""

    def __init__(
        self, storage: Any, study_name: str, total: int, label: str, enabled: bool
    ) -> None:
        self._storage, self._name, self._total = storage, study_name, total
        self._label, self._enabled = label, enabled
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_count = self._count()

    def _count(self) -> int:
        from hyperscout.trial import TrialState

        try:
            sid = self._storage.get_study_id_from_name(self._name)
        except KeyError:
            return 0
        finished = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL)
        return int(self._storage.get_n_trials(sid, states=finished))

    def __enter__(self) -> _Progress:
        if self._enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        from tqdm.auto import tqdm

        with tqdm(total=self._total, desc=self._label, unit="trial", leave=False) as bar:
            while not self._stop.wait(0.5):
                try:
                    done = self._count() - self._start_count
                except Exception:  # a busy database: try again next tick
                    continue
                bar.update(max(0, min(done, self._total) - bar.n))

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


def run_search(
    job: Job, search: Any, storage: Any, study_name: str, label: str, progress: bool
) -> float:
    """Fit ``search`` on the job's data with a progress bar; returns the fit's wall seconds."""
    import warnings

    start = time.perf_counter()
    with (
        _Progress(storage, study_name, job.config.n_iter, label, progress),
        warnings.catch_warnings(),
    ):
        # One line per failed fold would bury the summary; failed trials show there.
        warnings.filterwarnings("ignore", message=".*fits failed.*")
        search.fit(job.X, job.y)
    study: Study = search.study_
    try:
        study.set_metric_names([job.metric])
    except Exception:  # a read-only or multi-objective study: labels fall back to "value"
        pass
    return time.perf_counter() - start
