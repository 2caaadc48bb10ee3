"""What defines a search, stored with its study so that a resumed fit is the same search.

A ``*SearchCV`` fit on an existing ``storage``/``study_name`` reuses the finished candidates of
that study. That is only right when the earlier fit searched the same thing: the same estimator
(class and ``get_params()``, searched parameters excepted), the same space, the same scoring and
the same folds. :func:`search_definition` describes these as a JSON-able dict of stable strings
(no memory addresses, sorted keys); the first fit stores it as a study system attribute and a
later fit compares its own with it (:func:`check_definition`), naming every entry that differs.

The ``resume`` argument of the estimators chooses what an existing study means:

- ``"auto"`` (default): resume when the definitions match, raise
  :class:`SearchDefinitionMismatch` naming what differs otherwise;
- ``"never"``: raise if the study already exists (Optuna's ``load_if_exists=False``);
- ``"overwrite"``: delete the existing study (and its ``:subspaceK``/``:iterK`` companions) and
  start afresh (KerasTuner's ``overwrite=True``).
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hyperscout._checks import check_choice
from hyperscout.exceptions import HyperscoutError

if TYPE_CHECKING:
    from hyperscout.study import Study

__all__ = [
    "DEFINITION_KEY",
    "RESUME_MODES",
    "SearchDefinitionMismatch",
    "check_definition",
    "check_resume",
    "describe_cv",
    "search_definition",
    "stable_repr",
]

DEFINITION_KEY = "sklearn:search_definition"
RESUME_MODES = ("auto", "never", "overwrite")

# Estimator parameters that change how fast a fit runs or what it prints, not its result.
_IGNORED_PARAMS = frozenset({"n_jobs", "verbose", "verbosity", "nthread", "num_threads"})
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class SearchDefinitionMismatch(HyperscoutError, ValueError):
    """A fit would resume a study that was made by a different search."""


def check_resume(resume: Any) -> str:
    return str(check_choice("resume", resume, RESUME_MODES))


def _callable_name(obj: Any) -> str:
    module = getattr(obj, "__module__", None) or ""
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    if name is None:
        return type(obj).__name__
    return f"{module}.{name}" if module else str(name)


def stable_repr(obj: Any, *, skip: frozenset[str] = frozenset()) -> str:
    """A repr that is the same for equal values in every process: estimators as
    ``Class(param=value, ...)`` with sorted parameters (``skip`` and speed-only ones left out),
    scipy frozen distributions as ``name(args, kwds)``, functions by qualified name, containers
    recursively, and anything else by its repr with memory addresses removed."""
    if obj is None or isinstance(obj, bool | str | bytes):
        return repr(obj)
    if isinstance(obj, numbers.Integral):
        return repr(int(obj))
    if isinstance(obj, numbers.Real):
        value = float(obj)
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(obj, type):
        return _callable_name(obj)
    if hasattr(obj, "get_params") and callable(obj.get_params) and not isinstance(obj, type):
        try:
            params = obj.get_params(deep=False)
        except Exception:  # a broken get_params is described by its repr
            params = None
        if isinstance(params, Mapping):
            inner = ", ".join(
                f"{k}={stable_repr(params[k])}"
                for k in sorted(params)
                if k not in skip and k not in _IGNORED_PARAMS
            )
            return f"{type(obj).__name__}({inner})"
    dist = getattr(obj, "dist", None)
    if dist is not None and hasattr(obj, "rvs") and hasattr(obj, "args"):
        kwds = getattr(obj, "kwds", {}) or {}
        args = ", ".join(stable_repr(a) for a in obj.args)
        kw = ", ".join(f"{k}={stable_repr(kwds[k])}" for k in sorted(kwds))
        sep = ", " if args and kw else ""
        return f"{getattr(dist, 'name', type(dist).__name__)}({args}{sep}{kw})"
    if isinstance(obj, Mapping):
        items = sorted((stable_repr(k), stable_repr(v)) for k, v in obj.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(obj, np.ndarray):
        return f"array({stable_repr(obj.tolist())})"
    if isinstance(obj, np.generic):
        return stable_repr(obj.item())
    if isinstance(obj, list | tuple):
        inner = ", ".join(stable_repr(v) for v in obj)
        return f"[{inner}]" if isinstance(obj, list) else f"({inner})"
    if isinstance(obj, set | frozenset):
        return "{" + ", ".join(sorted(stable_repr(v) for v in obj)) + "}"
    if callable(obj) and hasattr(obj, "__qualname__"):
        return _callable_name(obj)
    return _ADDRESS.sub("", repr(obj))


def describe_cv(cv: Any, splits: Sequence[tuple[np.ndarray, np.ndarray]]) -> dict[str, str]:
    """The splitter (its repr when scikit-learn gives one) and a digest of the folds it made, so
    that a shuffle without ``random_state`` or changed data is noticed too."""
    digest = hashlib.sha256()
    for train, test in splits:
        digest.update(np.asarray(train, dtype=np.int64).tobytes())
        digest.update(b"|")
        digest.update(np.asarray(test, dtype=np.int64).tobytes())
        digest.update(b"#")
    name = type(cv).__name__
    text = f"{len(splits)} splits" if name.startswith("_") else _ADDRESS.sub("", repr(cv))
    return {"cv": text, "folds": f"{len(splits)} folds, sha256 {digest.hexdigest()[:16]}"}


def search_definition(
    estimator: Any,
    searched: set[str],
    space: str,
    scoring: Any,
    cv: dict[str, str],
) -> dict[str, str]:
    """The JSON-able description stored with the study (see the module docstring)."""
    return {
        "estimator": _estimator_repr(estimator, searched),
        "space": space,
        "scoring": "None (the estimator's score method)"
        if scoring is None
        else stable_repr(scoring),
        **cv,
    }


def _estimator_repr(estimator: Any, searched: set[str]) -> str:
    """``stable_repr`` of the estimator with the searched parameters (``step__name`` paths
    included) left out, since each candidate sets them."""
    try:
        deep = estimator.get_params(deep=True)
    except Exception:
        return stable_repr(estimator)
    flat = {
        k: stable_repr(v)
        for k, v in deep.items()
        if k not in searched
        and k.rsplit("__", 1)[-1] not in _IGNORED_PARAMS
        and not _holds_estimator(v)
    }
    body = ", ".join(f"{k}={flat[k]}" for k in sorted(flat))
    return f"{type(estimator).__name__}({body})"


def _holds_estimator(value: Any) -> bool:
    """Nested estimators (and lists of steps holding them) are described by their flattened
    ``step__param`` entries instead."""
    if hasattr(value, "get_params") and not isinstance(value, type):
        return True
    if isinstance(value, list | tuple):
        return any(_holds_estimator(v) for v in value)
    return False


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _diff(old: str, new: str) -> str:
    """The two values, or for estimators the parameters whose values differ."""
    pattern = re.compile(r"^(\w+)\((.*)\)$", re.S)
    mo, mn = pattern.match(old), pattern.match(new)
    if mo and mn and mo.group(1) == mn.group(1):
        po, pn = _split_params(mo.group(2)), _split_params(mn.group(2))
        if po is not None and pn is not None:
            keys = sorted(set(po) | set(pn))
            changes = [
                f"{k}: {po.get(k, '(absent)')} -> {pn.get(k, '(absent)')}"
                for k in keys
                if po.get(k) != pn.get(k)
            ]
            if changes:
                return "; ".join(_short(c, 160) for c in changes)
    return f"stored {_short(old)}, this fit {_short(new)}"


def _split_params(body: str) -> dict[str, str] | None:
    """``a=1, b=Foo(c=2, d=[1, 2])`` -> ``{"a": "1", "b": "Foo(c=2, d=[1, 2])"}``."""
    out: dict[str, str] = {}
    depth = 0
    start = 0
    parts = []
    quote: str | None = None
    for i, ch in enumerate(body):
        if quote is not None:
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            return None
        key, value = part.split("=", 1)
        out[key.strip()] = value.strip()
    return out


def check_definition(study: Study, definition: dict[str, str], has_results: bool) -> None:
    """Store ``definition`` with a study that has none; raise if the stored one differs."""
    stored = study.system_attrs.get(DEFINITION_KEY)
    if stored is None:
        if has_results:
            raise SearchDefinitionMismatch(
                f"study {study.study_name!r} has results but no record of the search that made "
                "them, so a resume could mix different searches; pass resume='overwrite' to "
                "start afresh, or choose another study_name"
            )
        study.set_system_attr(DEFINITION_KEY, json.loads(json.dumps(definition)))
        return
    differences = [
        f"  {key}: {_diff(str(stored.get(key, '(absent)')), str(definition.get(key, '(absent)')))}"
        for key in sorted(set(stored) | set(definition))
        if stored.get(key) != definition.get(key)
    ]
    if differences:
        raise SearchDefinitionMismatch(
            f"study {study.study_name!r} holds the results of a different search, so they cannot "
            "be resumed:\n"
            + "\n".join(differences)
            + "\nPass resume='overwrite' to delete that study and start afresh, or choose another "
            "study_name."
        )
