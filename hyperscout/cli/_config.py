"""A tuning job described in a TOML file: read with :mod:`tomllib`, validated whole before any
model is trained.

Sections and keys (everything else is an error that names the key)::

    [data]      path = "train.csv" (CSV or Parquet, relative to the file) or
                dataset = "package:name" (a data set an installed package ships);
                target = "column"; categorical = [...] (else inferred from dtypes);
                drop = [...]
    [model]     estimator = "lightgbm.LGBMClassifier" (import path); params = {...};
                or steps = [{estimator = "...", params = {...}}, ...] (a Pipeline);
                preprocess = "scale+onehot" | "none"
    [search]    method = "grid" | "random" | "bayes" | "tpe" | "gp"; n_iter (alias n_trials);
                timeout; cv; scoring; n_jobs; random_state; pruner;
                [search.space] name = [low, high] | [low, high, "log-uniform"] | [categories]
                | {low = .., high = .., prior = ..} | {categories = [..]}
    [storage]   url = "sqlite:///tuning.db" (default: a SQLite file in the output folder);
                study = "name" (default: the file's stem)

A space entry follows the Python API's conventions (scikit-optimize's): two numbers, optionally
followed by a prior, are a range (integers if both are integers); any other list is a list of
categories. ``{categories = [8, 64]}`` makes two numbers categories.
"""

from __future__ import annotations

import difflib
import math
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hyperscout.cli._common import ConfigError

__all__ = [
    "METHODS",
    "PRUNERS",
    "Dimension",
    "JobConfig",
    "ConfigErrors",
    "load_config",
]

METHODS = ("grid", "random", "bayes", "tpe", "gp")
PRUNERS = ("none", "median", "successive-halving", "hyperband")
PREPROCESS = ("none", "scale+onehot")
PRIORS = ("uniform", "log-uniform")

_SECTIONS: dict[str, tuple[str, ...]] = {
    "data": ("path", "dataset", "target", "categorical", "drop"),
    "model": ("estimator", "params", "steps", "preprocess"),
    "search": (
        "method",
        "space",
        "n_iter",
        "n_trials",
        "timeout",
        "cv",
        "scoring",
        "n_jobs",
        "random_state",
        "pruner",
    ),
    "storage": ("url", "study"),
}


class ConfigErrors(ConfigError):
    """Several :class:`ConfigError` at once: one line each."""

    def __init__(self, errors: Sequence[ConfigError]) -> None:
        Exception.__init__(self, "\n".join(str(e) for e in errors))
        self.errors = list(errors)
        self.file = errors[0].file
        self.key = errors[0].key


@dataclass(frozen=True)
class Dimension:
    """One parameter of the space: a range (``low``/``high``/``prior``) or categories."""

    name: str
    low: float | int | None = None
    high: float | int | None = None
    prior: str = "uniform"
    categories: tuple[Any, ...] | None = None

    @property
    def is_range(self) -> bool:
        return self.categories is None

    @property
    def is_int(self) -> bool:
        return isinstance(self.low, int) and isinstance(self.high, int)

    @property
    def log(self) -> bool:
        return self.prior == "log-uniform"

    def grid_points(self, k: int) -> list[Any]:
        """``k`` values at the centres of ``k`` equal cells of the range (on the log scale for a
        log-uniform prior); the categories themselves for categories."""
        if self.categories is not None:
            return list(self.categories)
        assert self.low is not None and self.high is not None
        lo, hi = (math.log(self.low), math.log(self.high)) if self.log else (self.low, self.high)
        raw = [lo + (hi - lo) * (i + 0.5) / k for i in range(k)]
        values = [math.exp(v) for v in raw] if self.log else raw
        if self.is_int:
            out: list[Any] = []
            for v in values:
                iv = int(round(v))
                if iv not in out:
                    out.append(iv)
            return out
        return [float(f"{v:.4g}") for v in values]


@dataclass
class JobConfig:
    """A validated job. Paths are absolute; the storage URL is final."""

    file: str
    data_path: str | None = None
    dataset: str | None = None
    target: str = ""
    categorical: list[str] | None = None
    drop: list[str] = field(default_factory=list)
    estimator: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    steps: list[dict[str, Any]] = field(default_factory=list)
    preprocess: str = "none"
    method: str = "bayes"
    space: dict[str, Dimension] = field(default_factory=dict)
    n_iter: int = 20
    timeout: float | None = None
    cv: int = 5
    scoring: str | None = None
    n_jobs: int = 1
    random_state: int | None = None
    pruner: str = "none"
    storage_url: str = ""
    study: str = ""

    @property
    def name(self) -> str:
        return os.path.basename(self.file)


class _Collector:
    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[ConfigError] = []

    def add(self, key: str, message: str) -> None:
        self.errors.append(ConfigError(self.file, key, message))

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ConfigErrors(self.errors)


def _closest(word: str, choices: Sequence[str]) -> str:
    near = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(n) for n in near)}?)" if near else ""


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _parse_dimension(name: str, value: Any, err: _Collector) -> Dimension | None:
    key = f"search.space.{name}"
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - {"low", "high", "prior", "categories"})
        if unknown:
            err.add(key, f"unknown keys {unknown}; a range has low, high, prior; or categories")
            return None
        if "categories" in value:
            return _categories(key, name, value["categories"], err)
        return _range(key, name, value.get("low"), value.get("high"), value.get("prior"), err)
    if not isinstance(value, list):
        err.add(
            key,
            "must be [low, high], [low, high, prior], a list of categories or a table, got "
            f"{value!r}",
        )
        return None
    if (
        len(value) == 3
        and _is_number(value[0])
        and _is_number(value[1])
        and isinstance(value[2], str)
    ):
        return _range(key, name, value[0], value[1], value[2], err)
    if len(value) == 2 and _is_number(value[0]) and _is_number(value[1]):
        return _range(key, name, value[0], value[1], None, err)
    return _categories(key, name, value, err)


def _range(
    key: str, name: str, low: Any, high: Any, prior: Any, err: _Collector
) -> Dimension | None:
    if not (_is_number(low) and _is_number(high)):
        err.add(key, f"a range needs numbers low and high, got low={low!r}, high={high!r}")
        return None
    prior = "uniform" if prior is None else prior
    if prior not in PRIORS:
        err.add(
            key,
            f"the prior must be one of {list(PRIORS)}, got {prior!r}{_closest(str(prior), PRIORS)}",
        )
        return None
    if not (math.isfinite(low) and math.isfinite(high)):
        err.add(key, f"low and high must be finite, got low={low}, high={high}")
        return None
    if prior == "log-uniform" and low <= 0:
        err.add(key, f"log-uniform needs low > 0, got {low}")
        return None
    if not low < high:
        err.add(key, f"low must be < high, got low={low}, high={high}")
        return None
    return Dimension(name, low=low, high=high, prior=prior)


def _categories(key: str, name: str, values: Any, err: _Collector) -> Dimension | None:
    if not isinstance(values, list) or not values:
        err.add(key, f"categories must be a non-empty list, got {values!r}")
        return None
    seen: list[Any] = []
    for v in values:
        if isinstance(v, list | dict):
            err.add(key, f"a category must be a number, a string or a boolean, got {v!r}")
            return None
        if any(type(v) is type(s) and v == s for s in seen):
            err.add(key, f"categories must be distinct, got {v!r} twice in {values!r}")
            return None
        seen.append(v)
    return Dimension(name, categories=tuple(values))


def _get(
    section: Mapping[str, Any],
    key: str,
    kinds: type | tuple[type, ...],
    what: str,
    prefix: str,
    err: _Collector,
) -> Any:
    if key not in section:
        return None
    value = section[key]
    ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in _tuple(kinds))
    if not ok:
        err.add(f"{prefix}.{key}", f"must be {what}, got {value!r}")
        return None
    return value


def _tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _str_list(
    section: Mapping[str, Any], key: str, prefix: str, err: _Collector
) -> list[str] | None:
    value = section.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        err.add(f"{prefix}.{key}", f"must be a list of column names, got {value!r}")
        return None
    return list(value)


def load_config(path: str, *, out_dir: str = "out", default_study: str | None = None) -> JobConfig:
    """Read and check ``path``; raises :class:`ConfigError` (one or several lines) naming the
    file, the key and the rule. Only the file is checked here; :func:`hyperscout.cli._job.prepare`
    then checks what needs the data and the estimator, still before any fit."""
    name = os.path.basename(path)
    if not os.path.isfile(path):
        raise ConfigError(name, "", f"no such file: {path!r}")
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(name, "", f"not valid TOML: {exc}") from None
    err = _Collector(name)
    folder = os.path.dirname(os.path.abspath(path))
    cfg = JobConfig(file=os.path.abspath(path))

    for section in sorted(set(raw) - set(_SECTIONS)):
        err.add(
            section,
            f"unknown section; the sections are {list(_SECTIONS)}"
            + _closest(section, list(_SECTIONS)),
        )
    for section, keys in _SECTIONS.items():
        table = raw.get(section, {})
        if not isinstance(table, dict):
            err.add(section, f"must be a table ([{section}]), got {table!r}")
            raw[section] = {}
            continue
        for key in sorted(set(table) - set(keys)):
            err.add(
                f"{section}.{key}",
                f"unknown key; known keys: {', '.join(keys)}{_closest(key, keys)}",
            )

    # [data]
    data = raw.get("data", {}) if isinstance(raw.get("data"), dict) else {}
    if "data" not in raw:
        err.add("data", "the [data] section is missing (path or dataset, and target)")
    path_ = _get(data, "path", str, "a file path", "data", err)
    dataset = _get(data, "dataset", str, 'a "package:name" string', "data", err)
    if path_ is not None and dataset is not None:
        err.add("data", f"give path or dataset, not both; got path={path_!r}, dataset={dataset!r}")
    elif (
        path_ is None and dataset is None and "data" in raw and not {"path", "dataset"} & set(data)
    ):
        err.add("data", 'give path (a CSV or Parquet file) or dataset ("package:name")')
    if path_ is not None:
        full = path_ if os.path.isabs(path_) else os.path.join(folder, path_)
        if not os.path.isfile(full):
            err.add(
                "data.path", f"no such file (paths are relative to the config file), got {path_!r}"
            )
        elif not full.lower().endswith((".csv", ".parquet", ".pq", ".csv.gz")):
            err.add("data.path", f"must be a .csv or .parquet file, got {path_!r}")
        cfg.data_path = full
    if dataset is not None:
        if dataset.count(":") != 1 or not all(dataset.split(":")):
            err.add("data.dataset", f'must be "package:name", got {dataset!r}')
        cfg.dataset = dataset
    target = _get(data, "target", str, "a column name", "data", err)
    if target is None and "target" not in data and "data" in raw:
        err.add("data.target", "missing: name the column to predict")
    cfg.target = target or ""
    cfg.categorical = _str_list(data, "categorical", "data", err)
    cfg.drop = _str_list(data, "drop", "data", err) or []

    # [model]
    model = raw.get("model", {}) if isinstance(raw.get("model"), dict) else {}
    if "model" not in raw:
        err.add("model", 'the [model] section is missing (estimator = "package.Class")')
    estimator = _get(
        model, "estimator", str, 'an import path such as "lightgbm.LGBMClassifier"', "model", err
    )
    steps = model.get("steps")
    if estimator is not None and steps is not None:
        err.add("model", "give estimator or steps, not both")
    elif estimator is None and steps is None and "model" in raw and "estimator" not in model:
        err.add("model.estimator", 'missing: an import path such as "lightgbm.LGBMClassifier"')
    if estimator is not None and ("." not in estimator or estimator.startswith(".")):
        err.add("model.estimator", f'must be an import path "module.Class", got {estimator!r}')
    cfg.estimator = estimator
    params = _get(model, "params", dict, "a table of the estimator's arguments", "model", err)
    cfg.params = dict(params or {})
    if steps is not None:
        if not isinstance(steps, list) or not steps:
            err.add(
                "model.steps",
                f"must be a non-empty list of {{estimator = ..., params = ...}}, got {steps!r}",
            )
        else:
            for i, step in enumerate(steps):
                if not isinstance(step, dict) or not isinstance(step.get("estimator"), str):
                    err.add(
                        f"model.steps[{i}]",
                        f'must be a table with estimator = "module.Class", got {step!r}',
                    )
                elif set(step) - {"estimator", "params", "name"}:
                    err.add(
                        f"model.steps[{i}]",
                        f"unknown keys {sorted(set(step) - {'estimator', 'params', 'name'})}; "
                        "a step has estimator, params, name",
                    )
                elif not isinstance(step.get("params", {}), dict):
                    err.add(f"model.steps[{i}].params", f"must be a table, got {step['params']!r}")
            cfg.steps = [s for s in steps if isinstance(s, dict)]
    preprocess = _get(model, "preprocess", str, f"one of {list(PREPROCESS)}", "model", err)
    if preprocess is not None:
        if preprocess not in PREPROCESS:
            err.add(
                "model.preprocess",
                f"must be one of {list(PREPROCESS)}, got {preprocess!r}"
                + _closest(preprocess, PREPROCESS),
            )
        else:
            cfg.preprocess = preprocess

    # [search]
    search = raw.get("search", {}) if isinstance(raw.get("search"), dict) else {}
    if "search" not in raw:
        err.add("search", "the [search] section is missing (method and [search.space])")
    method = _get(search, "method", str, f"one of {list(METHODS)}", "search", err)
    if method is not None:
        if method not in METHODS:
            err.add(
                "search.method",
                f"must be one of {list(METHODS)}, got {method!r}{_closest(method, METHODS)}",
            )
        else:
            cfg.method = method
    space = search.get("space")
    if space is None:
        if "search" in raw:
            err.add("search.space", "missing: the [search.space] table of parameters to tune")
    elif not isinstance(space, dict) or not space:
        err.add("search.space", f"must be a non-empty table of parameters, got {space!r}")
    else:
        for pname, value in space.items():
            dim = _parse_dimension(pname, value, err)
            if dim is not None:
                cfg.space[pname] = dim
    if "n_iter" in search and "n_trials" in search:
        err.add("search", "give n_iter or n_trials (the same thing), not both")
    budget_key = "n_trials" if "n_trials" in search else "n_iter"
    n_iter = _get(search, budget_key, int, "an integer >= 1", "search", err)
    if n_iter is not None:
        if n_iter < 1:
            err.add(f"search.{budget_key}", f"must be an integer >= 1, got {n_iter}")
        else:
            cfg.n_iter = n_iter
    timeout = _get(search, "timeout", (int, float), "a number of seconds > 0", "search", err)
    if timeout is not None:
        if not timeout > 0:
            err.add("search.timeout", f"must be a number of seconds > 0, got {timeout}")
        else:
            cfg.timeout = float(timeout)
    cv = _get(search, "cv", int, "an integer >= 2 (folds)", "search", err)
    if cv is not None:
        if cv < 2:
            err.add("search.cv", f"must be an integer >= 2 (folds), got {cv}")
        else:
            cfg.cv = cv
    scoring = _get(search, "scoring", str, "a scikit-learn scorer name", "search", err)
    if scoring is not None:
        from sklearn.metrics import get_scorer_names

        names = sorted(get_scorer_names())
        if scoring not in names:
            err.add(
                "search.scoring",
                f"must be a scikit-learn scorer name, got {scoring!r}{_closest(scoring, names)}",
            )
        else:
            cfg.scoring = scoring
    n_jobs = _get(search, "n_jobs", int, "an integer (-1: one per core)", "search", err)
    if n_jobs is not None:
        if n_jobs == 0 or n_jobs < -1:
            err.add("search.n_jobs", f"must be >= 1 or -1 (one per core), got {n_jobs}")
        else:
            cfg.n_jobs = n_jobs
    seed = _get(search, "random_state", int, "an integer >= 0", "search", err)
    if seed is not None:
        if seed < 0:
            err.add("search.random_state", f"must be an integer >= 0, got {seed}")
        else:
            cfg.random_state = seed
    pruner = _get(search, "pruner", str, f"one of {list(PRUNERS)}", "search", err)
    if pruner is not None:
        if pruner not in PRUNERS:
            err.add(
                "search.pruner",
                f"must be one of {list(PRUNERS)}, got {pruner!r}{_closest(pruner, PRUNERS)}",
            )
        else:
            cfg.pruner = pruner

    # [storage]
    storage = raw.get("storage", {}) if isinstance(raw.get("storage"), dict) else {}
    url = _get(storage, "url", str, 'a database URL such as "sqlite:///tuning.db"', "storage", err)
    if url is not None:
        if url.startswith("postgres://"):
            err.add("storage.url", "write postgresql:// (SQLAlchemy does not know postgres://)")
        elif "://" not in url:
            err.add(
                "storage.url", f'must be a database URL such as "sqlite:///tuning.db", got {url!r}'
            )
        cfg.storage_url = url
    else:
        stem = os.path.splitext(name)[0]
        cfg.storage_url = "sqlite:///" + os.path.join(out_dir, f"{stem}.db")
    study = _get(storage, "study", str, "a study name", "storage", err)
    if study is not None and not study.strip():
        err.add("storage.study", f"must not be empty, got {study!r}")
    cfg.study = study or default_study or os.path.splitext(name)[0]

    err.raise_if_any()
    return cfg
